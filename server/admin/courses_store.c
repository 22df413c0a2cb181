#include <string.h>

#include "admin/admin.h"
#include "admin/courses.h"
#include "audit/audit.h"
#include "core/arena.h"

/* Two texts of each statement that shows titles: Welsh and English columns
 * and sort keys (statements are cached by their text's pointer). */
#define LIST_WHERE                                                                                 \
    " FROM courses c WHERE (? = 0 OR c.title_cy LIKE ? ESCAPE '!' OR c.title_en LIKE ? "           \
    "ESCAPE '!' OR c.slug = ?) AND (? < 0 OR c.published = ?)"
#define LIST(t, k)                                                                                 \
    "SELECT c.id, c.slug, c.title_" t ", c.format, c.level, c.published, c.lesson_count, "         \
    "c.enrolled_count" LIST_WHERE " ORDER BY c.sort_" k ", c.id LIMIT ? OFFSET ?"
#define GET(t)                                                                                     \
    "SELECT c.id, c.slug, c.title_" t ", c.format, c.level, c.published, c.lesson_count, "         \
    "c.enrolled_count FROM courses c WHERE c.slug = ?"
#define BY_ORG(t)                                                                                  \
    "SELECT COALESCE(u.org_id, 0), o.name_" t ", SUM(e.status = 'enrolled'), "                     \
    "SUM(e.status = 'waitlisted'), SUM(e.status = 'completed'), SUM(e.status = 'cancelled') "      \
    "FROM enrolments e JOIN users u ON u.id = e.user_id "                                          \
    "LEFT JOIN organisations o ON o.id = u.org_id WHERE (? = 0 OR e.course_id = ?) "               \
    "GROUP BY u.org_id ORDER BY 3 DESC, 5 DESC, 2"
#define COHORTS(t)                                                                                 \
    "SELECT h.id, h.starts_at, h.location_" t ", h.lang, h.capacity, h.taken, h.cancelled, "       \
    "(SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = h.id AND e.status = 'waitlisted') "    \
    "FROM cohorts h WHERE h.course_id = ? ORDER BY h.starts_at, h.id"

static const char *const sql_list[LANG__COUNT] = { LIST("cy", "cy"), LIST("en", "en") };
static const char *const sql_get[LANG__COUNT] = { GET("cy"), GET("en") };
static const char *const sql_by_org[LANG__COUNT] = { BY_ORG("cy"), BY_ORG("en") };
static const char *const sql_cohorts[LANG__COUNT] = { COHORTS("cy"), COHORTS("en") };
static const char sql_count[] = "SELECT COUNT(*)" LIST_WHERE;
static const char sql_counts[] =
    "SELECT COALESCE(SUM(status = 'enrolled'), 0), COALESCE(SUM(status = 'waitlisted'), 0), "
    "COALESCE(SUM(status = 'completed'), 0), COALESCE(SUM(status = 'cancelled'), 0) "
    "FROM enrolments WHERE course_id = ?";
static const char sql_lock[] = "SELECT published FROM courses WHERE id = ? FOR UPDATE";
static const char sql_publish[] = "UPDATE courses SET published = ?, updated_at = UTC_TIMESTAMP() "
                                  "WHERE id = ?";

#define COURSE_SIG "lssssbil"

enum db_rc admin_courses_list(struct db *db, struct arena *a, enum lang l, const char *q,
                              int published, long page, struct admin_course **out, size_t *n,
                              long long *total)
{
    const char *like = admin_like_pattern(a, q);
    int has_q = *q != '\0';
    struct db_stmt *st = NULL;
    struct admin_course c, *v;
    size_t cap = ADMIN_PAGE_SIZE;
    enum db_rc rc;

    *n = 0;
    *total = 0;
    *out = v = arena_alloc(a, cap * sizeof(*v));
    rc = db_query(db, &st, sql_count, "isssii", has_q, like, like, q, published, published);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", total);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql_list[l], "isssiiil", has_q, like, like, q, published, published,
                  ADMIN_PAGE_SIZE, (long long)(page - 1) * ADMIN_PAGE_SIZE);
    if (rc != DB_OK)
        return rc;
    while (*n < cap && (rc = db_row_next(st, a, COURSE_SIG, &c.id, &c.slug, &c.title, &c.format,
                                         &c.level, &c.published, &c.lessons, &c.enrolled)) == DB_OK)
        v[(*n)++] = c;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc admin_courses_get(struct db *db, struct arena *a, enum lang l, const char *slug,
                             struct admin_course *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql_get[l], "s", slug);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, COURSE_SIG, &out->id, &out->slug, &out->title, &out->format,
                     &out->level, &out->published, &out->lessons, &out->enrolled);
    db_done(st);
    return rc;
}

enum db_rc admin_courses_counts(struct db *db, long long course_id, struct admin_enrol_counts *c)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql_counts, "l", course_id);

    memset(c, 0, sizeof(*c));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "llll", &c->enrolled, &c->waitlisted, &c->completed, &c->cancelled);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* Rows come in a growing arena array: the number of organisations is small
 * (34 seeded) but not fixed. */
enum db_rc admin_courses_by_org(struct db *db, struct arena *a, enum lang l, long long course_id,
                                struct admin_org_row **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct admin_org_row row, *v = NULL;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql_by_org[l], "ll", course_id, course_id);

    *n = 0;
    *out = NULL;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lsllll", &row.org_id, &row.name, &row.n.enrolled,
                             &row.n.waitlisted, &row.n.completed, &row.n.cancelled)) == DB_OK) {
        if (*n == cap) {
            struct admin_org_row *nv;

            cap = cap ? cap * 2 : 64;
            nv = arena_alloc(a, cap * sizeof(*nv));
            if (*n)
                memcpy(nv, v, *n * sizeof(*v));
            v = nv;
        }
        v[(*n)++] = row;
    }
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc admin_courses_cohorts(struct db *db, struct arena *a, enum lang l, long long course_id,
                                 struct admin_cohort_row **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct admin_cohort_row row, *v = NULL;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql_cohorts[l], "l", course_id);

    *n = 0;
    *out = NULL;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "ltssllbl", &row.id, &row.starts_at, &row.location, &row.lang,
                             &row.capacity, &row.taken, &row.cancelled, &row.waiting)) == DB_OK) {
        if (*n == cap) {
            struct admin_cohort_row *nv;

            cap = cap ? cap * 2 : 16;
            nv = arena_alloc(a, cap * sizeof(*nv));
            if (*n)
                memcpy(nv, v, *n * sizeof(*v));
            v = nv;
        }
        v[(*n)++] = row;
    }
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc admin_courses_set_published(struct db *db, long long actor_id, long long course_id,
                                       const char *slug, int published, const char *ip,
                                       int *changed)
{
    struct db_stmt *st = NULL;
    int now = 0;
    enum db_rc rc;

    *changed = 0;
    if ((rc = db_begin(db)) != DB_OK)
        return rc;
    rc = db_query(db, &st, sql_lock, "l", course_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "b", &now);
        db_done(st);
    }
    if (rc == DB_OK && now != published) {
        rc = db_exec(db, sql_publish, "bl", published, course_id);
        if (rc == DB_OK)
            rc = audit_write(db, published ? "course_published" : "course_unpublished", actor_id, 0,
                             ip, slug);
        *changed = rc == DB_OK;
    }
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc != DB_OK) {
        db_rollback(db);
        *changed = 0;
    }
    return rc;
}
