/*
 * The course page's reads and enrolling (enrol.h): every statement here
 * but the seats', which are the seat engine's (store_seats.c).
 */
#include <string.h>

#include "admin/kept.h"
#include "core/arena.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"
#include "seats/seats.h"
#include "trainer/trainer.h"

enum enrol_sql {
    SQL_ENROL_LESSONS,
    SQL_ENROL_COHORTS,
    SQL_ENROL_COHORT,
    SQL_ENROL_MINE,
    SQL_ENROL_COHORT_OPEN,
    SQL_ENROL_INSERT,
    SQL_ENROL_REUSE,
    SQL_ENROL_MINE_LOCK,
    SQL_ENROL_LOCK_COURSE,
    SQL_ENROL_SET_CANCELLED,
    SQL_ENROL_SEED_NO_COHORTS,
    SQL_ENROL_SEED_FORMAT,
    SQL_ENROL_SEED_COHORT,
    SQL_ENROL_USER_BY_EMAIL,
    SQL_ENROL__MAX,
};

#define COHORT_COLS                                                                                \
    "SELECT id, course_id, starts_at, ends_at, location_cy, location_en, lang, capacity, taken, "  \
    "cancelled, (cancelled = 0 AND starts_at > UTC_TIMESTAMP()), seat_mode = 'offer', "            \
    "offer_hours, cutoff_hours FROM cohorts"
#define COHORT_SIG "llttsssiibbbii"

static const char *const sql[SQL_ENROL__MAX] = {
    [SQL_ENROL_LESSONS] = "SELECT position, title_cy, title_en FROM lessons "
                          "WHERE course_id = ? AND position IS NOT NULL ORDER BY position",
    [SQL_ENROL_COHORTS] = COHORT_COLS " WHERE course_id = ? AND cancelled = 0 "
                                      "AND starts_at > UTC_TIMESTAMP() ORDER BY starts_at, id "
                                      "LIMIT 50",
    [SQL_ENROL_COHORT] = COHORT_COLS " WHERE id = ?",
    /* with the first lesson not completed when enrolled (issue 22: the course
     * page's progress box in the same round trip); IF reads it only then */
    [SQL_ENROL_MINE] =
        "SELECT e.id, e.status, COALESCE(e.cohort_id, 0), e.lessons_done, e.offer_expires_at, "
        "IF(e.status = ?, (SELECT COALESCE(MIN(l.position), 0) FROM lessons l "
        "LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = e.user_id "
        "WHERE l.course_id = e.course_id AND l.position IS NOT NULL AND p.lesson_id IS NULL), 0) "
        "FROM enrolments e WHERE e.user_id = ? AND e.course_id = ?",
    [SQL_ENROL_COHORT_OPEN] = "SELECT COUNT(*) FROM cohorts WHERE id = ? AND course_id = ? "
                              "AND cancelled = 0 AND starts_at > UTC_TIMESTAMP()",
    [SQL_ENROL_INSERT] =
        "INSERT INTO enrolments (user_id, course_id, cohort_id, status, enrolled_at, "
        "waitlisted_at, updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), "
        "IF(?, UTC_TIMESTAMP(), NULL), UTC_TIMESTAMP())",
    /* progress (lessons_done) is kept: it follows the person, not the row's life */
    [SQL_ENROL_REUSE] =
        "UPDATE enrolments SET cohort_id = ?, status = ?, enrolled_at = UTC_TIMESTAMP(), "
        "waitlisted_at = IF(?, UTC_TIMESTAMP(), NULL), cancelled_at = NULL, "
        "completed_at = NULL, offer_expires_at = NULL, updated_at = UTC_TIMESTAMP() "
        "WHERE user_id = ? AND course_id = ? AND status = 'cancelled'",
    [SQL_ENROL_MINE_LOCK] = "SELECT id, status, COALESCE(cohort_id, 0) FROM enrolments "
                            "WHERE user_id = ? AND course_id = ? FOR UPDATE",
    /* the lock order's first step for a course without cohorts (seats.h) */
    [SQL_ENROL_LOCK_COURSE] = "SELECT id FROM courses WHERE id = ? FOR UPDATE",
    [SQL_ENROL_SET_CANCELLED] =
        "UPDATE enrolments SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP(), "
        "offer_expires_at = NULL, updated_at = UTC_TIMESTAMP() "
        "WHERE id = ? AND status IN ('enrolled', 'waitlisted', 'offered')",
    [SQL_ENROL_SEED_NO_COHORTS] =
        "SELECT c.id, c.in_cy, c.in_en FROM courses c WHERE c.published = 1 AND c.format IN "
        "('classroom', 'blended') AND NOT EXISTS (SELECT 1 FROM cohorts h WHERE h.course_id = "
        "c.id AND h.cancelled = 0 AND h.starts_at > UTC_TIMESTAMP()) "
        "ORDER BY c.slug = 'delivery-management' DESC, c.id LIMIT ?",
    /* the demo's known courses first, so pages and tests can name them */
    [SQL_ENROL_SEED_FORMAT] = "SELECT id, in_cy, in_en FROM courses WHERE published = 1 AND "
                              "format = ? ORDER BY slug IN ('agile-foundations', "
                              "'accessibility-for-digital-services') DESC, id LIMIT ?",
    [SQL_ENROL_SEED_COHORT] =
        "INSERT INTO cohorts (course_id, starts_at, ends_at, location_cy, location_en, lang, "
        "capacity, seat_mode, offer_hours, cutoff_hours) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, IF(?, 'offer', 'direct'), ?, ?)",
    [SQL_ENROL_USER_BY_EMAIL] = "SELECT id FROM users WHERE email_norm = ?",
};

enum db_rc enrol_one_number(struct db *db, const char *q, const char *sig, long long a, long long b,
                            long long *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = sig[1] ? db_query(db, &st, q, sig, a, b) : db_query(db, &st, q, sig, a);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", out);
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
           DB_OK)
        arena_push(a, *out, *n, cap, l);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc cohort_row(struct db_stmt *st, struct arena *a, struct enrol_cohort *c)
{
    memset(c, 0, sizeof(*c));
    return db_row_next(st, a, COHORT_SIG, &c->id, &c->course_id, &c->starts_at, &c->ends_at,
                       &c->location[LANG_CY], &c->location[LANG_EN], &c->lang, &c->capacity,
                       &c->taken, &c->cancelled, &c->upcoming, &c->offer_mode, &c->offer_hours,
                       &c->cutoff_hours);
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

/* The row of user_id on course_id: id, status, cohort and more, with the
 * next lesson when enrolled; DB_NOT_FOUND if none. */
static enum db_rc mine_row(struct db *db, long long user_id, long long course_id, long long *id,
                           struct enrol_mine *m)
{
    struct db_stmt *st = NULL;
    struct arena tmp;
    char *status = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_MINE], "sll", enrol_status_name(ENROL_ENROLLED),
                             user_id, course_id);

    memset(m, 0, sizeof(*m));
    if (rc != DB_OK)
        return rc;
    arena_init(&tmp, 256);
    rc = db_row_next(st, &tmp, "lsliti", id, &status, &m->cohort_id, &m->lessons_done,
                     &m->offer_expires_at, &m->next_lesson);
    db_done(st);
    m->status = enrol_status_parse(status);
    arena_release(&tmp);
    return rc;
}

enum db_rc enrol_store_status(struct db *db, long long user_id, long long course_id,
                              enum enrol_status *out)
{
    struct enrol_mine m;
    long long id = 0;
    enum db_rc rc = mine_row(db, user_id, course_id, &id, &m);

    *out = rc == DB_OK ? m.status : ENROL_NONE;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc enrol_store_mine(struct db *db, long long user_id, long long course_id,
                            struct enrol_mine *m)
{
    long long id = 0;
    enum db_rc rc = mine_row(db, user_id, course_id, &id, m);

    if (m->status == ENROL_CANCELLED)
        m->status = ENROL_NONE;
    if (rc == DB_NOT_FOUND)
        return DB_OK;
    if (rc == DB_OK && m->status == ENROL_WAITLISTED)
        rc = seats_position(db, &enrol_cohort_seats, id, &m->queue_position);
    return rc;
}

/* The lock order's first step (seats.h): the cohort and its course, or the
 * course alone. */
static enum db_rc lock_parents(struct db *db, long long course_id, long long cohort_id)
{
    long long id = 0;

    if (cohort_id)
        return seats_lock(db, &enrol_cohort_seats, cohort_id);
    return enrol_one_number(db, sql[SQL_ENROL_LOCK_COURSE], "l", course_id, 0, &id);
}

/* Lock user_id's row on course_id: id, status and cohort. */
static enum db_rc lock_row(struct db *db, long long user_id, long long course_id, long long *id,
                           enum enrol_status *status, long long *cohort_id)
{
    struct db_stmt *st = NULL;
    struct arena tmp;
    char *name = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ENROL_MINE_LOCK], "ll", user_id, course_id);

    *status = ENROL_NONE;
    if (rc != DB_OK)
        return rc;
    arena_init(&tmp, 256);
    rc = db_row_next(st, &tmp, "lsl", id, &name, cohort_id);
    db_done(st);
    *status = enrol_status_parse(name);
    arena_release(&tmp);
    return rc;
}

enum db_rc enrol_lock(struct db *db, long long user_id, long long course_id, long long *id,
                      enum enrol_status *status, long long *cohort_id)
{
    struct enrol_mine m;
    enum db_rc rc = mine_row(db, user_id, course_id, id, &m);

    *status = ENROL_NONE;
    if (rc == DB_OK)
        rc = lock_parents(db, course_id, m.cohort_id);
    if (rc == DB_OK)
        rc = lock_row(db, user_id, course_id, id, status, cohort_id);
    /* moved to another cohort between the two reads: run the unit again */
    if (rc == DB_OK && *cohort_id != m.cohort_id)
        rc = DB_STALE;
    return rc;
}

enum db_rc enrol_lock_row(struct db *db, long long user_id, long long course_id, long long *id,
                          enum enrol_status *status, long long *cohort_id)
{
    *cohort_id = 0;
    return lock_row(db, user_id, course_id, id, status, cohort_id);
}

/* One enrolment, for its transaction (db_retry). */
struct enrol_unit {
    long long user_id, course_id, cohort_id;
    enum enrol_result result;
};

/* One attempt at enrolling; db_retry rolls back whatever is left open. */
static enum db_rc enrol_once(struct db *db, void *arg)
{
    struct enrol_unit *u = arg;
    const long long *cohort = u->cohort_id ? &u->cohort_id : NULL;
    const char *status;
    enum seat_take seat = SEAT_TAKEN;
    long long open = 0;
    int waiting;
    enum db_rc rc = db_begin(db);

    u->result = ENROL_DONE_ALREADY;
    if (rc == DB_OK && u->cohort_id) {
        rc = enrol_one_number(db, sql[SQL_ENROL_COHORT_OPEN], "ll", u->cohort_id, u->course_id,
                              &open);
        if (rc == DB_OK && !open) {
            u->result = ENROL_DONE_BAD_COHORT;
            return db_rollback(db);
        }
        /* the take locks the cohort's row (the lock order's first step) */
        if (rc == DB_OK)
            rc = seats_take(db, &enrol_cohort_seats, u->cohort_id, &seat);
        if (rc == DB_OK && seat == SEAT_CLOSED) {
            u->result = ENROL_DONE_FULL;
            return db_rollback(db);
        }
    }
    waiting = seat == SEAT_QUEUE;
    /* the course's row next, before the new row's foreign key checks share it */
    if (rc == DB_OK && !waiting)
        rc = enrol_count(db, u->course_id, +1);
    status = enrol_status_name(waiting ? ENROL_WAITLISTED : ENROL_ENROLLED);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_INSERT], "llnlsb", u->user_id, u->course_id, cohort, status,
                     waiting);
    if (rc == DB_CONFLICT) { /* a row exists: reuse it if it was cancelled */
        rc = db_exec(db, sql[SQL_ENROL_REUSE], "nlsbll", cohort, status, waiting, u->user_id,
                     u->course_id);
        /* not cancelled: the seat and the count go back with the rollback */
        if (rc == DB_OK && db_affected_rows(db) == 0)
            return db_rollback(db);
    }
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        admin_kept_touch(); /* the admin's courses and enrolments (admin/kept.h) */
    if (rc == DB_OK)
        u->result = waiting ? ENROL_DONE_WAITLISTED : ENROL_DONE_ENROLLED;
    return rc;
}

enum db_rc enrol_store_enrol(struct db *db, long long user_id, long long course_id,
                             long long cohort_id, enum enrol_result *result)
{
    struct enrol_unit u = { user_id, course_id, cohort_id, ENROL_DONE_ALREADY };
    enum enrol_status now;
    enum db_rc rc = enrol_store_status(db, user_id, course_id, &now);

    *result = ENROL_DONE_ALREADY;
    if (rc != DB_OK ||
        (now != ENROL_NONE && now != ENROL_CANCELLED)) /* a double click takes no lock */
        return rc;
    rc = db_retry(db, enrol_once, &u);
    *result = u.result;
    if (rc == DB_OK && cohort_id)
        trainer_cohort_changed(cohort_id); /* its trainers' pages */
    return rc;
}

/* One cancellation, for its transaction (db_retry). */
struct cancel_unit {
    long long user_id, course_id;
    long long cohort_id; /* the cohort left (0: none) */
    struct enrol_hook hook;
    enum cancel_result result;
    struct enrol_touch touch;
};

static enum db_rc cancel_once(struct db *db, void *arg)
{
    struct cancel_unit *u = arg;
    long long id = 0, cohort_id = 0;
    enum enrol_status was = ENROL_NONE;
    enum db_rc rc = db_begin(db);

    u->result = CANCEL_DONE_NOTHING;
    if (rc == DB_OK)
        rc = enrol_lock(db, u->user_id, u->course_id, &id, &was, &cohort_id);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && (was == ENROL_NONE || was == ENROL_CANCELLED)))
        return db_rollback(db);
    if (rc == DB_OK && was == ENROL_COMPLETED) {
        u->result = CANCEL_DONE_COMPLETED;
        return db_rollback(db);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ENROL_SET_CANCELLED], "l", id);
    /* leaving the queue moves the places of those behind */
    if (rc == DB_OK && cohort_id && was == ENROL_WAITLISTED)
        enrol_touch_queue(&u->touch, cohort_id);
    /* a held or offered seat goes back; the engine passes it on (and the
     * hook counts whoever it is given to) */
    if (rc == DB_OK && (was == ENROL_ENROLLED || was == ENROL_OFFERED) && cohort_id)
        rc = seats_release(db, &enrol_cohort_seats, cohort_id, enrol_seat_event, &u->hook, NULL);
    if (rc == DB_OK && was == ENROL_ENROLLED)
        rc = enrol_count(db, u->course_id, -1);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        admin_kept_touch(); /* the admin's courses and enrolments (admin/kept.h) */
    if (rc == DB_OK)
        u->result = was == ENROL_ENROLLED ? CANCEL_DONE_CANCELLED : CANCEL_DONE_LEFT;
    u->cohort_id = rc == DB_OK ? cohort_id : 0;
    return rc;
}

enum db_rc enrol_store_cancel(struct db *db, long long user_id, long long course_id,
                              enrol_promoted_fn promoted, void *ctx, enum cancel_result *result)
{
    static const struct cancel_unit none;
    struct cancel_unit u = none;
    enum db_rc rc;

    u.user_id = user_id;
    u.course_id = course_id;
    u.hook = (struct enrol_hook){ promoted, ctx, &u.touch };
    rc = db_retry(db, cancel_once, &u);
    enrol_touch_done(db, &u.touch); /* whoever the seat went to, and the queue */
    *result = u.result;
    if (rc == DB_OK && u.cohort_id)
        trainer_cohort_changed(u.cohort_id); /* its trainers' pages */
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
        db_exec(db, sql[SQL_ENROL_SEED_COHORT], "lttsssibii", c->course_id, c->starts_at,
                c->ends_at, c->location[LANG_CY], c->location[LANG_EN], c->lang, c->capacity,
                c->offer_mode, c->offer_hours ? c->offer_hours : 24, c->cutoff_hours);

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
