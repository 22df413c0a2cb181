#include <string.h>

#include "core/arena.h"
#include "enrol/enrol.h"

enum enrol_sql {
    SQL_ENROL_COURSE,
    SQL_ENROL_LESSONS,
    SQL_ENROL_COHORTS,
    SQL_ENROL_COHORT,
    SQL_ENROL_MINE,
    SQL_ENROL_QUEUE_POS,
    SQL_ENROL_NEXT_LESSON,
    SQL_ENROL_COHORT_OPEN,
    SQL_ENROL_SEAT_TAKE,
    SQL_ENROL_SEAT_FREE,
    SQL_ENROL_INSERT,
    SQL_ENROL_REUSE,
    SQL_ENROL_COUNT_INC,
    SQL_ENROL_COUNT_DEC,
    SQL_ENROL_MINE_LOCK,
    SQL_ENROL_SET_CANCELLED,
    SQL_ENROL_NEXT_WAITER,
    SQL_ENROL_PROMOTE,
    SQL_ENROL_PROMOTION,
    SQL_ENROL_SEED_NO_COHORTS,
    SQL_ENROL_SEED_FORMAT,
    SQL_ENROL_SEED_COHORT,
    SQL_ENROL_USER_BY_EMAIL,
    SQL_ENROL__MAX,
};

#define COHORT_COLS                                                                                \
    "SELECT id, course_id, starts_at, ends_at, location_cy, location_en, lang, capacity, taken, "  \
    "cancelled, (cancelled = 0 AND starts_at > UTC_TIMESTAMP()) FROM cohorts"
#define COHORT_SIG "llttsssiibb"

static const char *const sql[SQL_ENROL__MAX] = {
    [SQL_ENROL_COURSE] =
        "SELECT id, slug, title_cy, title_en, summary_cy, summary_en, outcomes_cy, outcomes_en, "
        "audience_cy, audience_en, role_family, role, level, format, duration_minutes, in_cy, "
        "in_en, published, lesson_count, enrolled_count FROM courses WHERE slug = ?",
    [SQL_ENROL_LESSONS] = "SELECT position, title_cy, title_en FROM lessons "
                          "WHERE course_id = ? AND position IS NOT NULL ORDER BY position",
    [SQL_ENROL_COHORTS] = COHORT_COLS " WHERE course_id = ? AND cancelled = 0 "
                                      "AND starts_at > UTC_TIMESTAMP() ORDER BY starts_at, id "
                                      "LIMIT 50",
    [SQL_ENROL_COHORT] = COHORT_COLS " WHERE id = ?",
    [SQL_ENROL_MINE] = "SELECT id, status, COALESCE(cohort_id, 0), lessons_done FROM enrolments "
                       "WHERE user_id = ? AND course_id = ?",
    /* the queue is (waitlisted_at, id) order: the index enrolments_waitlist */
    [SQL_ENROL_QUEUE_POS] =
        "SELECT COUNT(*) FROM enrolments w JOIN enrolments me ON me.id = ? "
        "WHERE w.cohort_id = me.cohort_id AND w.status = 'waitlisted' AND "
        "(w.waitlisted_at < me.waitlisted_at OR (w.waitlisted_at = me.waitlisted_at "
        "AND w.id <= me.id))",
    [SQL_ENROL_NEXT_LESSON] =
        "SELECT COALESCE(MIN(l.position), 0) FROM lessons l LEFT JOIN lesson_progress p "
        "ON p.lesson_id = l.id AND p.user_id = ? WHERE l.course_id = ? "
        "AND l.position IS NOT NULL AND p.lesson_id IS NULL",
    [SQL_ENROL_COHORT_OPEN] = "SELECT COUNT(*) FROM cohorts WHERE id = ? AND course_id = ? "
                              "AND cancelled = 0 AND starts_at > UTC_TIMESTAMP()",
    /* the only statements that change taken (DESIGN.md known traps) */
    [SQL_ENROL_SEAT_TAKE] =
        "UPDATE cohorts SET taken = taken + 1 WHERE id = ? AND taken < capacity",
    [SQL_ENROL_SEAT_FREE] = "UPDATE cohorts SET taken = taken - 1 WHERE id = ? AND taken > 0",
    [SQL_ENROL_INSERT] =
        "INSERT INTO enrolments (user_id, course_id, cohort_id, status, enrolled_at, "
        "waitlisted_at, updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), "
        "IF(?, UTC_TIMESTAMP(), NULL), UTC_TIMESTAMP())",
    /* progress (lessons_done) is kept: it follows the person, not the row's life */
    [SQL_ENROL_REUSE] =
        "UPDATE enrolments SET cohort_id = ?, status = ?, enrolled_at = UTC_TIMESTAMP(), "
        "waitlisted_at = IF(?, UTC_TIMESTAMP(), NULL), cancelled_at = NULL, "
        "completed_at = NULL, updated_at = UTC_TIMESTAMP() "
        "WHERE user_id = ? AND course_id = ? AND status = 'cancelled'",
    [SQL_ENROL_COUNT_INC] = "UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = ?",
    [SQL_ENROL_COUNT_DEC] = "UPDATE courses SET enrolled_count = enrolled_count - 1 WHERE id = ? "
                            "AND enrolled_count > 0",
    [SQL_ENROL_MINE_LOCK] = "SELECT id, status, COALESCE(cohort_id, 0) FROM enrolments "
                            "WHERE user_id = ? AND course_id = ? FOR UPDATE",
    [SQL_ENROL_SET_CANCELLED] =
        "UPDATE enrolments SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP(), "
        "updated_at = UTC_TIMESTAMP() WHERE id = ? AND status IN ('enrolled', 'waitlisted')",
    /* a waiter whose row is busy (leaving the list right now) is passed over */
    [SQL_ENROL_NEXT_WAITER] = "SELECT id FROM enrolments WHERE cohort_id = ? AND status = "
                              "'waitlisted' ORDER BY waitlisted_at, id LIMIT 1 "
                              "FOR UPDATE SKIP LOCKED",
    [SQL_ENROL_PROMOTE] =
        "UPDATE enrolments SET status = 'enrolled', enrolled_at = UTC_TIMESTAMP(), "
        "waitlisted_at = NULL, updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'waitlisted'",
    [SQL_ENROL_PROMOTION] =
        "SELECT u.id, u.name, u.email, u.lang, c.slug, c.title_cy, c.title_en, h.starts_at, "
        "h.ends_at, h.location_cy, h.location_en FROM enrolments e "
        "JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id "
        "JOIN cohorts h ON h.id = e.cohort_id WHERE e.id = ?",
    [SQL_ENROL_SEED_NO_COHORTS] =
        "SELECT c.id, c.in_cy, c.in_en FROM courses c WHERE c.published = 1 AND c.format IN "
        "('classroom', 'blended') AND NOT EXISTS (SELECT 1 FROM cohorts h WHERE h.course_id = "
        "c.id AND h.cancelled = 0 AND h.starts_at > UTC_TIMESTAMP()) "
        "ORDER BY c.slug = 'delivery-management' DESC, c.id LIMIT ?",
    /* the demo's known courses first, so pages and tests can name them */
    [SQL_ENROL_SEED_FORMAT] = "SELECT id, in_cy, in_en FROM courses WHERE published = 1 AND "
                              "format = ? ORDER BY slug IN ('agile-foundations', "
                              "'accessibility-for-digital-services') DESC, id LIMIT ?",
    [SQL_ENROL_SEED_COHORT] = "INSERT INTO cohorts (course_id, starts_at, ends_at, location_cy, "
                              "location_en, lang, capacity) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [SQL_ENROL_USER_BY_EMAIL] = "SELECT id FROM users WHERE email_norm = ?",
};

static enum enrol_status status_from(const char *s)
{
    if (!s)
        return ENROL_NONE;
    if (!strcmp(s, "enrolled"))
        return ENROL_ENROLLED;
    if (!strcmp(s, "waitlisted"))
        return ENROL_WAITLISTED;
    if (!strcmp(s, "completed"))
        return ENROL_COMPLETED;
    return ENROL_NONE;
}

/* One number from sql with one or two ids (sig "l" or "ll"). */
static enum db_rc one_number(struct db *db, const char *q, const char *sig, long long a,
                             long long b, long long *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = sig[1] ? db_query(db, &st, q, sig, a, b) : db_query(db, &st, q, sig, a);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", out);
    db_done(st);
    return rc;
}

enum db_rc enrol_store_course(struct db *db, struct arena *a, const char *slug,
                              struct enrol_course *c)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_COURSE], "s", slug);

    if (rc != DB_OK)
        return rc;
    memset(c, 0, sizeof(*c));
    rc = db_row_next(st, a, "lsssssssssssssibbbil", &c->id, &c->slug, &c->title[LANG_CY],
                     &c->title[LANG_EN], &c->summary[LANG_CY], &c->summary[LANG_EN],
                     &c->outcomes[LANG_CY], &c->outcomes[LANG_EN], &c->audience[LANG_CY],
                     &c->audience[LANG_EN], &c->role_family, &c->role, &c->level, &c->format,
                     &c->duration_minutes, &c->in_lang[LANG_CY], &c->in_lang[LANG_EN],
                     &c->published, &c->lesson_count, &c->enrolled_count);
    db_done(st);
    return rc;
}

enum db_rc enrol_store_lessons(struct db *db, struct arena *a, long long course_id,
                               struct enrol_lesson **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct enrol_lesson l;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_LESSONS], "l", course_id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "iss", &l.position, &l.title[LANG_CY], &l.title[LANG_EN])) ==
           DB_OK) {
        if (*n == cap) {
            struct enrol_lesson *grown = arena_alloc(a, (cap = cap ? cap * 2 : 16) * sizeof(l));

            if (*n)
                memcpy(grown, *out, *n * sizeof(l));
            *out = grown;
        }
        (*out)[(*n)++] = l;
    }
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc cohort_row(struct db_stmt *st, struct arena *a, struct enrol_cohort *c)
{
    memset(c, 0, sizeof(*c));
    return db_row_next(st, a, COHORT_SIG, &c->id, &c->course_id, &c->starts_at, &c->ends_at,
                       &c->location[LANG_CY], &c->location[LANG_EN], &c->lang, &c->capacity,
                       &c->taken, &c->cancelled, &c->upcoming);
}

enum db_rc enrol_store_cohorts(struct db *db, struct arena *a, long long course_id,
                               struct enrol_cohort **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_COHORTS], "l", course_id);

    *n = 0;
    *out = arena_alloc(a, ENROL_COHORTS_MAX * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    while (*n < ENROL_COHORTS_MAX && (rc = cohort_row(st, a, &(*out)[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc enrol_store_cohort(struct db *db, struct arena *a, long long id, struct enrol_cohort *c)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_COHORT], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = cohort_row(st, a, c);
    db_done(st);
    return rc;
}

enum db_rc enrol_store_mine(struct db *db, long long user_id, long long course_id,
                            struct enrol_mine *m)
{
    struct db_stmt *st = NULL;
    struct arena tmp;
    char *status = NULL;
    long long id = 0, n = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_MINE], "ll", user_id, course_id);

    memset(m, 0, sizeof(*m));
    if (rc != DB_OK)
        return rc;
    arena_init(&tmp, 256);
    rc = db_row_next(st, &tmp, "lsli", &id, &status, &m->cohort_id, &m->lessons_done);
    db_done(st);
    m->status = status_from(status);
    arena_release(&tmp);
    if (rc == DB_NOT_FOUND)
        return DB_OK;
    if (rc == DB_OK && m->status == ENROL_WAITLISTED) {
        rc = one_number(db, sql[SQL_ENROL_QUEUE_POS], "l", id, 0, &n);
        m->queue_position = (int)n;
    } else if (rc == DB_OK && m->status == ENROL_ENROLLED) {
        rc = one_number(db, sql[SQL_ENROL_NEXT_LESSON], "ll", user_id, course_id, &n);
        m->next_lesson = (int)n;
    }
    return rc;
}

/* One attempt at enrolling; the caller rolls back whatever is left open. */
static enum db_rc enrol_once(struct db *db, long long user_id, long long course_id,
                             long long cohort_id, enum enrol_result *result)
{
    const long long *cohort = cohort_id ? &cohort_id : NULL;
    long long open = 0;
    int waiting = 0;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK && cohort_id) {
        rc = one_number(db, sql[SQL_ENROL_COHORT_OPEN], "ll", cohort_id, course_id, &open);
        if (rc == DB_OK && !open) {
            *result = ENROL_DONE_BAD_COHORT;
            return db_rollback(db);
        }
        if (rc == DB_OK)
            rc = db_exec(db, sql[SQL_ENROL_SEAT_TAKE], "l", cohort_id);
        waiting = rc == DB_OK && db_affected_rows(db) == 0;
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_INSERT], "llnlsb", user_id, course_id, cohort,
                     waiting ? "waitlisted" : "enrolled", waiting);
    if (rc == DB_CONFLICT) { /* a row exists: reuse it if it was cancelled */
        rc = db_exec(db, sql[SQL_ENROL_REUSE], "nlsbll", cohort,
                     waiting ? "waitlisted" : "enrolled", waiting, user_id, course_id);
        if (rc == DB_OK && db_affected_rows(db) == 0) {
            *result = ENROL_DONE_ALREADY; /* the seat taken above goes back with the rollback */
            return db_rollback(db);
        }
    }
    if (rc == DB_OK && !waiting)
        rc = db_exec(db, sql[SQL_ENROL_COUNT_INC], "l", course_id);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        *result = waiting ? ENROL_DONE_WAITLISTED : ENROL_DONE_ENROLLED;
    return rc;
}

enum db_rc enrol_store_enrol(struct db *db, long long user_id, long long course_id,
                             long long cohort_id, enum enrol_result *result)
{
    struct enrol_mine mine;
    enum db_rc rc = enrol_store_mine(db, user_id, course_id, &mine);
    int attempt;

    *result = ENROL_DONE_ALREADY;
    if (rc != DB_OK || mine.status != ENROL_NONE) /* a double click takes no lock */
        return rc;
    rc = DB_STALE;
    for (attempt = 0; attempt <= ENROL_RETRIES && rc == DB_STALE; attempt++) {
        rc = enrol_once(db, user_id, course_id, cohort_id, result);
        db_rollback(db);
    }
    return rc;
}

static enum db_rc promotion_info(struct db *db, struct arena *a, long long enrolment_id,
                                 struct enrol_promotion *p)
{
    struct db_stmt *st = NULL;
    char *lang = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_PROMOTION], "l", enrolment_id);

    if (rc != DB_OK)
        return rc;
    memset(p, 0, sizeof(*p));
    rc = db_row_next(st, a, "lssssssttss", &p->user_id, &p->name, &p->email, &lang, &p->slug,
                     &p->title[LANG_CY], &p->title[LANG_EN], &p->starts_at, &p->ends_at,
                     &p->location[LANG_CY], &p->location[LANG_EN]);
    db_done(st);
    p->lang = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
    return rc;
}

/* Give cohort_id's freed seat to the first person waiting, if the cohort is
 * still to come. Runs inside the cancelling transaction. */
static enum db_rc promote_next(struct db *db, long long cohort_id, enrol_promoted_fn promoted,
                               void *ctx, int *done)
{
    struct arena a;
    struct enrol_cohort c;
    struct enrol_promotion p;
    long long waiter = 0;
    enum db_rc rc;

    *done = 0;
    arena_init(&a, 1024);
    rc = enrol_store_cohort(db, &a, cohort_id, &c);
    if (rc != DB_OK || !c.upcoming)
        goto out;
    rc = one_number(db, sql[SQL_ENROL_NEXT_WAITER], "l", cohort_id, 0, &waiter);
    if (rc == DB_NOT_FOUND) {
        rc = DB_OK;
        goto out;
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_SEAT_TAKE], "l", cohort_id);
    /* we hold the cohort's row since freeing the seat: losing it now means
     * another node won (Galera); the whole unit is tried again */
    if (rc == DB_OK && db_affected_rows(db) == 0)
        rc = DB_STALE;
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_PROMOTE], "l", waiter);
    if (rc == DB_OK && db_affected_rows(db) == 0)
        rc = DB_STALE;
    if (rc == DB_OK)
        rc = promotion_info(db, &a, waiter, &p);
    if (rc == DB_OK && promoted)
        rc = promoted(ctx, &p);
    *done = rc == DB_OK;
out:
    arena_release(&a);
    return rc;
}

static enum db_rc cancel_once(struct db *db, long long user_id, long long course_id,
                              enrol_promoted_fn promoted, void *ctx, enum cancel_result *result)
{
    struct db_stmt *st = NULL;
    struct arena tmp;
    char *status = NULL;
    long long id = 0, cohort_id = 0;
    enum enrol_status was;
    int passed_on = 0;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_query(db, &st, sql[SQL_ENROL_MINE_LOCK], "ll", user_id, course_id);
    if (rc != DB_OK)
        return rc;
    arena_init(&tmp, 256);
    rc = db_row_next(st, &tmp, "lsl", &id, &status, &cohort_id);
    db_done(st);
    was = status_from(status);
    arena_release(&tmp);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && was == ENROL_NONE)) {
        *result = CANCEL_DONE_NOTHING;
        return db_rollback(db);
    }
    if (rc == DB_OK && was == ENROL_COMPLETED) {
        *result = CANCEL_DONE_COMPLETED;
        return db_rollback(db);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_SET_CANCELLED], "l", id);
    if (rc == DB_OK && was == ENROL_ENROLLED && cohort_id) {
        rc = db_exec(db, sql[SQL_ENROL_SEAT_FREE], "l", cohort_id);
        if (rc == DB_OK)
            rc = promote_next(db, cohort_id, promoted, ctx, &passed_on);
    }
    /* a seat passed on keeps the count: one active enrolment out, one in */
    if (rc == DB_OK && was == ENROL_ENROLLED && !passed_on)
        rc = db_exec(db, sql[SQL_ENROL_COUNT_DEC], "l", course_id);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        *result = was == ENROL_WAITLISTED ? CANCEL_DONE_LEFT : CANCEL_DONE_CANCELLED;
    return rc;
}

enum db_rc enrol_store_cancel(struct db *db, long long user_id, long long course_id,
                              enrol_promoted_fn promoted, void *ctx, enum cancel_result *result)
{
    enum db_rc rc = DB_STALE;
    int attempt;

    *result = CANCEL_DONE_NOTHING;
    for (attempt = 0; attempt <= ENROL_RETRIES && rc == DB_STALE; attempt++) {
        rc = cancel_once(db, user_id, course_id, promoted, ctx, result);
        db_rollback(db);
    }
    return rc;
}

enum db_rc enrol_store_seed_courses(struct db *db, const char *format,
                                    struct enrol_seed_course *out, size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = format ? db_query(db, &st, sql[SQL_ENROL_SEED_FORMAT], "si", format, (int)max)
                           : db_query(db, &st, sql[SQL_ENROL_SEED_NO_COHORTS], "i", (int)max);

    *n = 0;
    if (rc != DB_OK)
        return rc;
    while (*n < max && (rc = db_row_next(st, NULL, "lbb", &out[*n].id, &out[*n].in_cy,
                                         &out[*n].in_en)) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc enrol_store_cohort_create(struct db *db, const struct enrol_cohort *c, long long *id)
{
    enum db_rc rc =
        db_exec(db, sql[SQL_ENROL_SEED_COHORT], "lttsssi", c->course_id, c->starts_at, c->ends_at,
                c->location[LANG_CY], c->location[LANG_EN], c->lang, c->capacity);

    if (rc == DB_OK && id)
        *id = (long long)db_insert_id(db);
    return rc;
}

enum db_rc enrol_store_user_by_email(struct db *db, const char *email_norm, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_USER_BY_EMAIL], "s", email_norm);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    return rc;
}
