#include "core/arena.h"
#include "enrol/enrol.h"
#include "learn/learn.h"

enum learn_me_sql {
    SQL_ME_ENROLMENTS,
    SQL_ME_PATHWAYS,
    SQL_ME_NEXT,
    SQL_ME__MAX,
};

/*
 * One statement for the whole dashboard, so the page costs the same with
 * one course or fifty: enrolments_user_status finds the rows, and progress
 * is the counters kept with the rows they count (courses.lesson_count by the
 * import, enrolments.lessons_done by learn_store_complete and the import's
 * recount, both over positioned lessons only). The one correlated count
 * left, the waiting-list place, runs for waitlisted rows alone and counts
 * the cohort's queue in enrolments_waitlist order. Where to carry on is
 * found on click (SQL_ME_NEXT). Statuses are bound by their names from
 * enrol.h, the enrolments table's owner (its vocabulary is spelled there).
 */
static const char *const sql[SQL_ME__MAX] = {
    [SQL_ME_ENROLMENTS] =
        "SELECT c.slug, c.title_cy, c.title_en, e.status, e.offer_expires_at, e.completed_at, "
        "c.lesson_count, e.lessons_done, COALESCE(e.cohort_id, 0), co.starts_at, co.ends_at, "
        "co.location_cy, co.location_en, co.lang, COALESCE(co.cancelled, 0), "
        "CASE WHEN e.status = ? THEN (SELECT COUNT(*) FROM enrolments w "
        "WHERE w.cohort_id = e.cohort_id AND w.status = e.status "
        "AND (w.waitlisted_at < e.waitlisted_at "
        "OR (w.waitlisted_at = e.waitlisted_at AND w.id <= e.id))) ELSE 0 END, "
        "cert.code, cert.revoked_at IS NOT NULL "
        "FROM enrolments e JOIN courses c ON c.id = e.course_id "
        "LEFT JOIN cohorts co ON co.id = e.cohort_id "
        "LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = e.course_id "
        "WHERE e.user_id = ? AND e.status IN (?, ?, ?, ?) "
        "ORDER BY e.updated_at DESC, e.id DESC LIMIT ?",
    /* lessons_position in order, each probed in the lesson_progress primary key */
    [SQL_ME_NEXT] = "SELECT e.status, (SELECT COALESCE(MIN(l.position), 0) FROM lessons l "
                    "WHERE l.course_id = c.id AND l.position IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM lesson_progress p WHERE p.user_id = ? AND p.lesson_id = l.id)) "
                    "FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
                    "WHERE c.slug = ?",
    [SQL_ME_PATHWAYS] =
        "SELECT p.slug, p.title_cy, p.title_en, COUNT(*), "
        "CAST(COALESCE(SUM(e.status = ?), 0) AS SIGNED) "
        "FROM pathways p JOIN pathway_courses pc ON pc.pathway_id = p.id "
        "LEFT JOIN enrolments e ON e.course_id = pc.course_id AND e.user_id = ? "
        "WHERE p.published = 1 AND p.id IN (SELECT s.pathway_id FROM enrolments se "
        "JOIN pathway_courses s ON s.course_id = se.course_id "
        "WHERE se.user_id = ? AND se.status <> ?) "
        "GROUP BY p.id, p.slug, p.title_cy, p.title_en, p.position ORDER BY p.position, p.id",
};

/* Room for the rows of the statement st just ran (at least one). */
static void *rows_alloc(struct db *db, struct arena *a, size_t size, size_t *cap)
{
    *cap = (size_t)db_affected_rows(db);
    if (!*cap)
        *cap = 1;
    return arena_calloc(a, *cap * size);
}

enum db_rc learn_store_enrolments(struct db *db, struct arena *a, long long user_id,
                                  struct learn_enrolment **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(
        db, &st, sql[SQL_ME_ENROLMENTS], "slssssi", enrol_status_name(ENROL_WAITLISTED), user_id,
        enrol_status_name(ENROL_ENROLLED), enrol_status_name(ENROL_WAITLISTED),
        enrol_status_name(ENROL_OFFERED), enrol_status_name(ENROL_COMPLETED), LEARN_DASHBOARD_MAX);
    struct learn_enrolment *v;
    char *status;
    size_t cap;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    v = rows_alloc(db, a, sizeof(*v), &cap);
    while (*n < cap) {
        struct learn_enrolment *e = &v[*n];

        rc = db_row_next(st, a, "ssssttiilttsssblsb", &e->slug, &e->title[LANG_CY],
                         &e->title[LANG_EN], &status, &e->offer_expires_at, &e->completed_at,
                         &e->total, &e->done, &e->cohort_id, &e->starts_at, &e->ends_at,
                         &e->location_cy, &e->location_en, &e->cohort_lang, &e->cancelled,
                         &e->wait_position, &e->cert_code, &e->cert_revoked);
        if (rc != DB_OK)
            break;
        e->status = enrol_status_parse(status);
        (*n)++;
    }
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc learn_store_pathways(struct db *db, struct arena *a, long long user_id,
                                struct learn_pathway **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_ME_PATHWAYS], "slls", enrol_status_name(ENROL_COMPLETED), user_id,
                 user_id, enrol_status_name(ENROL_CANCELLED));
    struct learn_pathway *v;
    size_t cap;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    v = rows_alloc(db, a, sizeof(*v), &cap);
    while (*n < cap && (rc = db_row_next(st, a, "sssii", &v[*n].slug, &v[*n].title_cy,
                                         &v[*n].title_en, &v[*n].total, &v[*n].done)) == DB_OK)
        (*n)++;
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc learn_store_next(struct db *db, struct arena *a, long long user_id, const char *slug,
                            enum enrol_status *status, int *position)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ME_NEXT], "lls", user_id, user_id, slug);
    char *s = NULL;

    *status = ENROL_NONE;
    *position = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "si", &s, position);
    db_done(st);
    *status = enrol_status_parse(s);
    return rc;
}
