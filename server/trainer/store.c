/*
 * trainer store: every statement of the trainer's pages. Ownership is in the
 * SQL: a cohort is found only for one of its trainers, or for an admin.
 */
#include <string.h>

#include "core/arena.h"
#include "core/persongen.h"
#include "enrol/enrol.h"
#include "trainer/trainer_impl.h"

/* The share of the cohort's time gone at the database's now, in [0, 1]. */
#define ELAPSED                                                                                    \
    "LEAST(1, GREATEST(0, TIMESTAMPDIFF(SECOND, ch.starts_at, UTC_TIMESTAMP()) / "                 \
    "GREATEST(1, TIMESTAMPDIFF(SECOND, ch.starts_at, ch.ends_at))))"

/* enum trainer_risk bits of one enrolment e of cohort ch of course co */
#define RISK                                                                                       \
    "((e.status = 'enrolled' AND e.lessons_done < FLOOR(co.lesson_count * " ELAPSED "))"           \
    " + 2 * (e.sessions_missed >= 2)"                                                              \
    " + 4 * (e.status = 'enrolled' AND ch.starts_at <= UTC_TIMESTAMP() AND "                       \
    "COALESCE(e.last_activity_at, e.enrolled_at) < UTC_TIMESTAMP() - INTERVAL 14 DAY))"

#define PROGRESS                                                                                   \
    "IF(e.status = 'completed', 100, IF(co.lesson_count = 0, 0, "                                  \
    "LEAST(100, FLOOR(100 * e.lessons_done / co.lesson_count))))"

#define LEARNING "e.status IN ('enrolled', 'completed')"

#define MINE                                                                                       \
    "(? = 1 OR EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = ch.id AND t.user_id = " \
    "?))"

#define COHORT_SELECT                                                                              \
    "SELECT ch.id, ch.name_cy, ch.name_en, co.title_cy, co.title_en, ch.starts_at, ch.ends_at, "   \
    "co.lesson_count, COUNT(e.id), COALESCE(SUM(" RISK " > 0), 0), "                               \
    "COALESCE(ROUND(AVG(" PROGRESS                                                                 \
    ")), 0), ch.capacity, ch.taken, (SELECT COUNT(*) FROM enrolments w WHERE w.cohort_id = ch.id " \
    "AND w.status = 'waitlisted'), ch.lang, ch.cancelled, "                                        \
    "CAST(COALESCE(SUM(e.lessons_done), 0) AS SIGNED), COALESCE(BIT_XOR(e.id), 0), "               \
    "COALESCE(BIT_XOR(CRC32(CONCAT_WS(',', e.id, e.status, e.lessons_done, e.sessions_attended, "  \
    "e.sessions_missed, e.sessions_apologies, e.last_activity_at, e.enrolled_at))), 0) "
#define COHORT_FROM                                                                                \
    "FROM cohorts ch JOIN courses co ON co.id = ch.course_id "                                     \
    "LEFT JOIN enrolments e ON e.cohort_id = ch.id AND " LEARNING " "

#define COHORT_COLS COHORT_SELECT COHORT_FROM

#define STR_(x) #x
#define STR(x)  STR_(x)

/* The cohort's page in one round trip (issue 22): the cohort with its
 * figures, then its sessions and the last messages sent as JSON lists
 * (db/jsonrows.h; read by store_page.c). Binds as SQL_TRAINER_COHORT. (Its
 * learners' organisations come from the kept learners: learners.c.) */
const char trainer_sql_cohort_page[] = COHORT_SELECT
    ", (SELECT JSON_ARRAYAGG(JSON_ARRAY(s.id, s.starts_at, s.minutes, s.place, s.online_url, "
    "s.lang, s.present, s.absent, s.apologies, s.cancelled) ORDER BY s.starts_at, s.id) "
    "FROM cohort_sessions s WHERE s.cohort_id = ch.id), "
    "(SELECT JSON_ARRAYAGG(JSON_ARRAY(m.id, m.sent_at, m.audience = 'at_risk', m.subject_cy, "
    "m.subject_en, COALESCE(u.name, ''), m.recipients) ORDER BY m.sent_at DESC, m.id DESC "
    "LIMIT " STR(TRAINER_SENT_SHOWN) ") FROM cohort_messages m LEFT JOIN users u "
                                     "ON u.id = m.sent_by WHERE m.cohort_id = ch.id) " COHORT_FROM
                                     "WHERE ch.id = ? AND " MINE " GROUP BY ch.id";

/* The cohort without its figures (learners, at risk, progress, waiting: 0):
 * primary-key lookups only, for the pages that show its name (the forms). */
#define COHORT_HEAD                                                                                \
    "SELECT ch.id, ch.name_cy, ch.name_en, co.title_cy, co.title_en, ch.starts_at, ch.ends_at, "   \
    "co.lesson_count, 0, 0, 0, ch.capacity, ch.taken, 0, ch.lang, ch.cancelled, 0, 0, 0 "          \
    "FROM cohorts ch JOIN courses co ON co.id = ch.course_id "

enum trainer_sql {
    SQL_TRAINER_COHORTS,
    SQL_TRAINER_COHORT,
    SQL_TRAINER_COHORT_HEAD,
    SQL_TRAINER_COURSE_COHORTS,
    SQL_TRAINER_SESSION,
    SQL_TRAINER_MARKS,
    SQL_TRAINER_LOCK_SESSION,
    SQL_TRAINER_OLD_MARK,
    SQL_TRAINER_SET_MARK,
    SQL_TRAINER_SESSION_COUNTS,
    SQL_TRAINER_MEMBERS,
    SQL_TRAINER_RUNS,
    SQL_TRAINER_COHORT_IDS,
    SQL_TRAINER__MAX,
};

#define SESSION_COLS                                                                               \
    "SELECT s.id, s.starts_at, s.minutes, s.place, s.online_url, s.lang, s.present, s.absent, "    \
    "s.apologies, s.cancelled FROM cohort_sessions s "

static const char *const sql[SQL_TRAINER__MAX] = {
    /* current and coming first (by start), then the finished (latest first) */
    [SQL_TRAINER_COHORTS] =
        COHORT_COLS "WHERE ch.cancelled = 0 AND " MINE " GROUP BY ch.id "
                    "ORDER BY ch.ends_at < UTC_TIMESTAMP(), "
                    "IF(ch.ends_at < UTC_TIMESTAMP(), -UNIX_TIMESTAMP(ch.ends_at), "
                    "UNIX_TIMESTAMP(ch.starts_at)), ch.id LIMIT 200",
    [SQL_TRAINER_COHORT] = COHORT_COLS "WHERE ch.id = ? AND " MINE " GROUP BY ch.id",
    [SQL_TRAINER_COHORT_HEAD] = COHORT_HEAD "WHERE ch.id = ? AND " MINE,
    [SQL_TRAINER_COURSE_COHORTS] = COHORT_COLS "WHERE ch.course_id = ? GROUP BY ch.id "
                                               "ORDER BY ch.starts_at, ch.id LIMIT 200",
    [SQL_TRAINER_SESSION] = SESSION_COLS "WHERE s.cohort_id = ? AND s.id = ?",
    [SQL_TRAINER_MARKS] =
        "SELECT e.id, u.name, a.mark FROM enrolments e JOIN users u ON u.id = "
        "e.user_id LEFT JOIN attendance a ON a.enrolment_id = e.id AND "
        "a.session_id = ? WHERE e.cohort_id = ? AND " LEARNING " ORDER BY u.name, e.id LIMIT 5000",
    [SQL_TRAINER_LOCK_SESSION] = "SELECT id FROM cohort_sessions WHERE id = ? AND cohort_id = ? "
                                 "FOR UPDATE",
    [SQL_TRAINER_OLD_MARK] = "SELECT e.id, a.mark FROM enrolments e LEFT JOIN attendance a ON "
                             "a.enrolment_id = e.id AND a.session_id = ? WHERE e.id = ? AND "
                             "e.cohort_id = ? AND " LEARNING " FOR UPDATE",
    [SQL_TRAINER_SET_MARK] =
        "INSERT INTO attendance (session_id, enrolment_id, mark, marked_by, "
        "marked_at) VALUES (?, ?, ?, NULLIF(?, 0), UTC_TIMESTAMP()) ON DUPLICATE KEY "
        "UPDATE mark = VALUES(mark), marked_by = VALUES(marked_by), "
        "marked_at = VALUES(marked_at)",
    [SQL_TRAINER_SESSION_COUNTS] = "UPDATE cohort_sessions SET present = present + ?, "
                                   "absent = absent + ?, apologies = apologies + ? WHERE id = ?",
    /* whose own pages show the cohort's sessions (TRAINER_ME_SESSIONS_SQL) */
    [SQL_TRAINER_MEMBERS] =
        "SELECT e.user_id FROM enrolments e WHERE e.cohort_id = ? AND " LEARNING " LIMIT 100000",
    [SQL_TRAINER_RUNS] = "SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = ? AND t.user_id = ?",
    /* SQL_TRAINER_COHORTS' rows for a trainer, without their figures */
    [SQL_TRAINER_COHORT_IDS] =
        "SELECT ch.id FROM cohort_trainers t JOIN cohorts ch ON ch.id = t.cohort_id "
        "WHERE t.user_id = ? AND ch.cancelled = 0 "
        "ORDER BY ch.ends_at < UTC_TIMESTAMP(), "
        "IF(ch.ends_at < UTC_TIMESTAMP(), -UNIX_TIMESTAMP(ch.ends_at), "
        "UNIX_TIMESTAMP(ch.starts_at)), ch.id LIMIT 200",
};

/* The learners a message goes to: every one learning in cohort ?, or (? = 1)
 * only those at risk now; trainer_store_message reads it (store_message.c). */
const char trainer_sql_recipients[] =
    "SELECT u.id, u.email, u.lang FROM enrolments e JOIN cohorts ch ON ch.id = e.cohort_id "
    "JOIN courses co ON co.id = ch.course_id JOIN users u ON u.id = e.user_id "
    "WHERE e.cohort_id = ? AND " LEARNING " AND u.disabled = 0 AND (? = 0 OR " RISK " > 0) "
    "ORDER BY e.id LIMIT 5000";

/* lessons completed by the cohort's learners in each week from its start
 * (before the start: week 0). A cohort's enrolments are of its course, so
 * ch.course_id; the order is forced (the learners from
 * enrolments_cohort_figures, 0052, then each one's lessons probed in the
 * lesson_progress primary key): left to itself the optimizer reads every
 * learner of the course's lessons site-wide (51,749 pages against 15,011 on
 * the bench data, docs/benchmarks.md) */
static const char sql_weeks[] =
    "SELECT GREATEST(0, FLOOR(TIMESTAMPDIFF(DAY, ch.starts_at, lp.completed_at) / 7)) AS wk, "
    "COUNT(*) FROM cohorts ch JOIN enrolments e ON e.cohort_id = ch.id "
    "STRAIGHT_JOIN lessons l ON l.course_id = ch.course_id AND l.position IS NOT NULL "
    "STRAIGHT_JOIN lesson_progress lp ON lp.user_id = e.user_id AND lp.lesson_id = l.id "
    "WHERE ch.id = ? AND " LEARNING " GROUP BY wk ORDER BY wk LIMIT ?";

/* A cohort's columns, and (lists not NULL) the two JSON lists after them
 * (trainer_sql_cohort_page). */
enum db_rc trainer_cohort_row(struct db_stmt *st, struct arena *a, struct trainer_cohort *c,
                              char **lists)
{
    long long lessons = 0, avg = 0;
    enum db_rc rc;

#define COHORT_ROW_                                                                                \
    &c->id, &c->name_cy, &c->name_en, &c->title_cy, &c->title_en, &c->starts_at, &c->ends_at,      \
        &lessons, &c->learners, &c->at_risk, &avg, &c->capacity, &c->taken, &c->waiting, &c->lang, \
        &c->cancelled, &c->lessons_sum, &c->learners_xor, &c->figures_crc
    memset(c, 0, sizeof(*c));
    rc = lists ? db_row_next(st, a, "lssssttlllllllsblllss", COHORT_ROW_, &lists[0], &lists[1])
               : db_row_next(st, a, "lssssttlllllllsblll", COHORT_ROW_);
#undef COHORT_ROW_
    c->lessons = (int)lessons;
    c->avg_progress = (int)avg;
    return rc;
}

static enum db_rc cohort_row(struct db_stmt *st, struct arena *a, struct trainer_cohort *c)
{
    return trainer_cohort_row(st, a, c, NULL);
}

/* Read every row of st with fn into a fresh array of size rows (at least 1). */
#define READ_ALL(st, a, T, out, n, ROW)                                                            \
    do {                                                                                           \
        size_t cap_ = (size_t)db_affected_rows(db);                                                \
        T *v_ = arena_calloc(a, (cap_ ? cap_ : 1) * sizeof(T));                                    \
        while (*(n) < cap_ && (rc = ROW(st, a, &v_[*(n)])) == DB_OK)                               \
            (*(n))++;                                                                              \
        db_done(st);                                                                               \
        *(out) = v_;                                                                               \
        if (rc == DB_NOT_FOUND)                                                                    \
            rc = DB_OK;                                                                            \
    } while (0)

enum db_rc trainer_store_cohorts(struct db *db, struct arena *a, long long user_id, int admin,
                                 struct trainer_cohort **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_COHORTS], "il", admin ? 1 : 0, user_id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    READ_ALL(st, a, struct trainer_cohort, out, n, cohort_row);
    return rc;
}

enum db_rc trainer_store_course_cohorts(struct db *db, struct arena *a, long long course_id,
                                        struct trainer_cohort **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_COURSE_COHORTS], "l", course_id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    READ_ALL(st, a, struct trainer_cohort, out, n, cohort_row);
    return rc;
}

static enum db_rc cohort_by(struct db *db, struct arena *a, enum trainer_sql q, long long user_id,
                            int admin, long long id, struct trainer_cohort *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[q], "lil", id, admin ? 1 : 0, user_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = cohort_row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc trainer_store_cohort(struct db *db, struct arena *a, long long user_id, int admin,
                                long long id, struct trainer_cohort *out)
{
    return cohort_by(db, a, SQL_TRAINER_COHORT, user_id, admin, id, out);
}

enum db_rc trainer_store_cohort_head(struct db *db, struct arena *a, long long user_id, int admin,
                                     long long id, struct trainer_cohort *out)
{
    return cohort_by(db, a, SQL_TRAINER_COHORT_HEAD, user_id, admin, id, out);
}

static enum db_rc session_row(struct db_stmt *st, struct arena *a, struct trainer_session *s)
{
    long long minutes = 0, p = 0, ab = 0, ap = 0;
    enum db_rc rc;

    memset(s, 0, sizeof(*s));
    rc = db_row_next(st, a, "ltlssslllb", &s->id, &s->starts_at, &minutes, &s->place,
                     &s->online_url, &s->lang, &p, &ab, &ap, &s->cancelled);
    s->minutes = (int)minutes;
    s->present = (int)p;
    s->absent = (int)ab;
    s->apologies = (int)ap;
    return rc;
}

static enum db_rc mark_row(struct db_stmt *st, struct arena *a, struct trainer_mark *m)
{
    return db_row_next(st, a, "lss", &m->enrolment_id, &m->name, &m->mark);
}

enum db_rc trainer_store_session(struct db *db, struct arena *a, long long cohort_id,
                                 long long session_id, struct trainer_session *s)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_SESSION], "ll", cohort_id, session_id);

    memset(s, 0, sizeof(*s));
    if (rc != DB_OK)
        return rc;
    rc = session_row(st, a, s);
    db_done(st);
    return rc;
}

enum db_rc trainer_store_marks(struct db *db, struct arena *a, long long cohort_id,
                               long long session_id, struct trainer_session *s,
                               struct trainer_mark **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = trainer_store_session(db, a, cohort_id, session_id, s);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_TRAINER_MARKS], "ll", session_id, cohort_id);
    if (rc != DB_OK)
        return rc;
    READ_ALL(st, a, struct trainer_mark, out, n, mark_row);
    return rc;
}

/* The marks of one form, for their transaction (db_retry). */
struct mark_unit {
    long long cohort_id, session_id, by;
    const long long *enrolments;
    const char *const *marks;
    size_t n;
};

static int is(const char *mark, const char *what)
{
    return mark && !strcmp(mark, what);
}

/* One learner's mark: the old one read under lock, the new one written, the
 * enrolment's counters moved and the session's tallies added to d. */
static enum db_rc mark_one(struct db *db, struct arena *a, const struct mark_unit *u, size_t i,
                           int d[3])
{
    struct db_stmt *st = NULL;
    long long id = 0;
    char *was = NULL;
    const char *now = u->marks[i];
    int one[3], k;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_OLD_MARK], "lll", u->session_id,
                             u->enrolments[i], u->cohort_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "ls", &id, &was);
    db_done(st);
    if (rc != DB_OK || is(was, now))
        return rc; /* DB_NOT_FOUND: not in this cohort */
    rc =
        db_exec(db, sql[SQL_TRAINER_SET_MARK], "llsl", u->session_id, u->enrolments[i], now, u->by);
    if (rc != DB_OK)
        return rc;
    one[0] = is(now, "present") - is(was, "present");
    one[1] = is(now, "absent") - is(was, "absent");
    one[2] = is(now, "apologies") - is(was, "apologies");
    for (k = 0; k < 3; k++)
        d[k] += one[k];
    return enrol_store_attendance(db, u->enrolments[i], one[0], one[1], one[2]);
}

static enum db_rc mark_once(struct db *db, void *arg)
{
    const struct mark_unit *u = arg;
    struct arena a;
    struct db_stmt *st = NULL;
    long long id = 0;
    int d[3] = { 0, 0, 0 };
    size_t i;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    arena_init(&a, 0);
    /* the session's row lock serialises two trainers marking it at once */
    rc = db_query(db, &st, sql[SQL_TRAINER_LOCK_SESSION], "ll", u->session_id, u->cohort_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "l", &id);
        db_done(st);
    }
    for (i = 0; rc == DB_OK && i < u->n; i++) {
        rc = mark_one(db, &a, u, i, d);
        if (rc == DB_NOT_FOUND)
            rc = DB_OK;
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_TRAINER_SESSION_COUNTS], "iiil", d[0], d[1], d[2], u->session_id);
    arena_release(&a);
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc trainer_store_mark(struct db *db, long long cohort_id, long long session_id,
                              long long by, const long long *enrolments, const char *const *marks,
                              size_t n)
{
    struct mark_unit u = { cohort_id, session_id, by, enrolments, marks, n };
    enum db_rc rc = db_retry(db, mark_once, &u);

    if (rc == DB_OK)
        trainer_cohort_touch(db, cohort_id);
    return rc;
}

enum db_rc trainer_store_cohort_ids(struct db *db, struct arena *a, long long user_id,
                                    long long **out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_COHORT_IDS], "l", user_id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    *out = arena_calloc(a, (cap ? cap : 1) * sizeof(**out));
    while (*n < cap && (rc = db_row_next(st, NULL, "l", &(*out)[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc trainer_store_runs(struct db *db, long long user_id, long long cohort_id)
{
    struct db_stmt *st = NULL;
    long long one = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_RUNS], "ll", cohort_id, user_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &one);
    db_done(st);
    return rc;
}

enum db_rc trainer_store_touch_members(struct db *db, long long cohort_id)
{
    struct db_stmt *st = NULL;
    long long id = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINER_MEMBERS], "l", cohort_id);

    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, NULL, "l", &id)) == DB_OK)
        persongen_touch(id);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc trainer_store_weeks(struct db *db, long long cohort_id, long long *per_week,
                               size_t weeks)
{
    struct db_stmt *st = NULL;
    long long wk = 0, n = 0;
    enum db_rc rc = db_query(db, &st, sql_weeks, "ll", cohort_id, (long long)weeks);

    memset(per_week, 0, weeks * sizeof(*per_week));
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, NULL, "ll", &wk, &n)) == DB_OK)
        if (wk >= 0 && (size_t)wk < weeks)
            per_week[wk] = n;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
