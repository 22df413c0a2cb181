/*
 * The cohort as a seat pool (seats/seats.h): its statements for the seat
 * engine, the hook that counts and tells, and the offers' transactions.
 * The column conventions are the engine's (docs/seats.md): cohorts hold
 * capacity, taken, seat_mode, offer_hours and cutoff_hours; enrolments hold
 * the status, waitlisted_at and offer_expires_at.
 */
#include <string.h>

#include "admin/kept.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/persongen.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"
#include "seats/seats.h"
#include "trainer/trainer.h"

/* The cancelled state an offer ends in, declined or lapsed; offer_expires_at
 * stays, for the e-mail that says when it ran out. */
#define OFFER_OUT                                                                                  \
    "UPDATE enrolments SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP(), "                 \
    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'offered'"

const struct seat_pool enrol_cohort_seats = {
    .name = "cohort",
    .lock = "SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE h.id = ? "
            "FOR UPDATE",
    /* the only statements that change taken (DESIGN.md known traps) */
    .take = "UPDATE cohorts SET taken = taken + 1 WHERE id = ? AND taken < capacity",
    .give_back = "UPDATE cohorts SET taken = taken - 1 WHERE id = ? AND taken > 0",
    .rules = "SELECT seat_mode = 'offer', offer_hours, IF(cancelled, 0, TIMESTAMPDIFF(SECOND, "
             "UTC_TIMESTAMP(), starts_at - INTERVAL cutoff_hours HOUR)) FROM cohorts WHERE id = ?",
    /* the queue is (waitlisted_at, id) order: the index enrolments_waitlist */
    .next_waiting = "SELECT id FROM enrolments WHERE cohort_id = ? AND status = 'waitlisted' "
                    "ORDER BY waitlisted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
    .promote = "UPDATE enrolments SET status = 'enrolled', enrolled_at = UTC_TIMESTAMP(), "
               "waitlisted_at = NULL, updated_at = UTC_TIMESTAMP() "
               "WHERE id = ? AND status = 'waitlisted'",
    .offer =
        "UPDATE enrolments SET status = 'offered', offer_expires_at = UTC_TIMESTAMP() + "
        "INTERVAL ? SECOND, updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'waitlisted'",
    .accept = "UPDATE enrolments SET status = 'enrolled', enrolled_at = UTC_TIMESTAMP(), "
              "waitlisted_at = NULL, offer_expires_at = NULL, updated_at = UTC_TIMESTAMP() "
              "WHERE id = ? AND status = 'offered' AND offer_expires_at > UTC_TIMESTAMP()",
    .decline = OFFER_OUT,
    .lapse = OFFER_OUT " AND offer_expires_at <= UTC_TIMESTAMP()",
    .due = "SELECT id, cohort_id FROM enrolments WHERE status = 'offered' AND offer_expires_at <= "
           "UTC_TIMESTAMP() ORDER BY offer_expires_at, id LIMIT ?",
    .position = "SELECT COUNT(*) FROM enrolments w JOIN enrolments me ON me.id = ? "
                "WHERE me.status = 'waitlisted' AND w.cohort_id = me.cohort_id "
                "AND w.status = 'waitlisted' AND (w.waitlisted_at < me.waitlisted_at "
                "OR (w.waitlisted_at = me.waitlisted_at AND w.id <= me.id))",
};

enum seats_sql {
    SQL_SEATS_PROMOTION,
    SQL_SEATS_COUNT_INC,
    SQL_SEATS_COUNT_DEC,
    SQL_SEATS_RULES,
    SQL_SEATS_WAITING,
    SQL_SEATS__MAX,
};

static const char *const sql[SQL_SEATS__MAX] = {
    [SQL_SEATS_PROMOTION] =
        "SELECT e.course_id, u.id, u.name, u.email, u.lang, c.slug, c.title_cy, c.title_en, "
        "h.starts_at, h.ends_at, h.location_cy, h.location_en, e.offer_expires_at "
        "FROM enrolments e JOIN users u ON u.id = e.user_id JOIN courses c ON c.id = e.course_id "
        "JOIN cohorts h ON h.id = e.cohort_id WHERE e.id = ?",
    [SQL_SEATS_COUNT_INC] = "UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = ?",
    [SQL_SEATS_COUNT_DEC] = "UPDATE courses SET enrolled_count = enrolled_count - 1 WHERE id = ? "
                            "AND enrolled_count > 0",
    [SQL_SEATS_RULES] = "UPDATE cohorts SET seat_mode = IF(?, 'offer', 'direct'), "
                        "offer_hours = ?, cutoff_hours = ? WHERE id = ?",
    /* the people whose place in the queue a change may have moved */
    [SQL_SEATS_WAITING] = "SELECT user_id FROM enrolments WHERE cohort_id = ? "
                          "AND status IN ('waitlisted', 'offered')",
};

void enrol_touch_person(struct enrol_touch *t, long long user_id)
{
    if (t->n_users < ENROL_TOUCH_MAX)
        t->user_id[t->n_users++] = user_id;
    else
        t->overflow = 1;
}

void enrol_touch_queue(struct enrol_touch *t, long long cohort_id)
{
    size_t i;

    for (i = 0; i < t->n_cohorts; i++)
        if (t->cohort_id[i] == cohort_id)
            return;
    if (t->n_cohorts < ENROL_TOUCH_MAX)
        t->cohort_id[t->n_cohorts++] = cohort_id;
    else
        t->overflow = 1;
}

/* Touch everyone waiting in cohort_id now. */
static enum db_rc touch_waiting(struct db *db, long long cohort_id)
{
    struct db_stmt *st = NULL;
    long long user_id = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SEATS_WAITING], "l", cohort_id);

    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, NULL, "l", &user_id)) == DB_OK)
        persongen_touch(user_id);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

void enrol_touch_done(struct db *db, struct enrol_touch *t)
{
    size_t i;

    for (i = 0; i < t->n_users; i++)
        persongen_touch(t->user_id[i]);
    for (i = 0; i < t->n_cohorts && !t->overflow; i++)
        if (touch_waiting(db, t->cohort_id[i]) != DB_OK) {
            log_warn("cohort %lld: cannot read its queue: every kept page is read again",
                     t->cohort_id[i]);
            t->overflow = 1;
        }
    if (t->overflow)
        persongen_touch_all();
    t->n_users = t->n_cohorts = 0;
    t->overflow = 0;
}

enum db_rc enrol_count(struct db *db, long long course_id, int delta)
{
    return db_exec(db, sql[delta > 0 ? SQL_SEATS_COUNT_INC : SQL_SEATS_COUNT_DEC], "l", course_id);
}

/* Who holds enrolment_id and what for, for their e-mail (strings in a). */
static enum db_rc promotion_info(struct db *db, struct arena *a, long long enrolment_id,
                                 long long *course_id, struct enrol_promotion *p)
{
    struct db_stmt *st = NULL;
    char *lang = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_SEATS_PROMOTION], "l", enrolment_id);

    memset(p, 0, sizeof(*p));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "llssssssttsst", course_id, &p->user_id, &p->name, &p->email, &lang,
                     &p->slug, &p->title[LANG_CY], &p->title[LANG_EN], &p->starts_at, &p->ends_at,
                     &p->location[LANG_CY], &p->location[LANG_EN], &p->offer_expires_at);
    db_done(st);
    p->lang = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
    return rc;
}

enum db_rc enrol_seat_event(void *ctx, struct db *db, const struct seat_event *e)
{
    static const enum enrol_news news[] = {
        [SEAT_PROMOTED] = ENROL_NEWS_PROMOTED,
        [SEAT_OFFERED] = ENROL_NEWS_OFFERED,
        [SEAT_LAPSED] = ENROL_NEWS_LAPSED,
    };
    const struct enrol_hook *h = ctx;
    struct enrol_promotion p;
    long long course_id = 0;
    struct arena a;
    enum db_rc rc;

    arena_init(&a, 1024);
    rc = promotion_info(db, &a, e->holder_id, &course_id, &p);
    p.news = news[e->kind];
    if (rc == DB_OK && e->kind == SEAT_PROMOTED) /* an active enrolment more */
        rc = enrol_count(db, course_id, +1);
    if (rc == DB_OK && h && h->fn)
        rc = h->fn(h->ctx, db, &p);
    if (rc == DB_OK && h && h->touch) { /* their page, and the places of those behind */
        enrol_touch_person(h->touch, p.user_id);
        enrol_touch_queue(h->touch, e->pool_id);
    }
    arena_release(&a);
    return rc;
}

/* One answer to an offer, for its transaction (db_retry). */
struct offer_unit {
    long long user_id, course_id;
    long long cohort_id; /* the cohort answered (0: nothing done) */
    int accept;
    struct enrol_hook hook;
    enum offer_result result;
    struct enrol_touch touch;
};

static enum db_rc answer_once(struct db *db, void *arg)
{
    struct offer_unit *u = arg;
    long long id = 0, cohort_id = 0;
    enum enrol_status was = ENROL_NONE;
    int done = 0;
    enum db_rc rc = db_begin(db);

    u->result = OFFER_DONE_GONE;
    if (rc == DB_OK)
        rc = enrol_lock(db, u->user_id, u->course_id, &id, &was, &cohort_id);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && (was != ENROL_OFFERED || !cohort_id)))
        return db_rollback(db);
    if (rc == DB_OK && u->accept)
        rc = seats_accept(db, &enrol_cohort_seats, id, &done);
    else if (rc == DB_OK)
        rc = seats_decline(db, &enrol_cohort_seats, id, cohort_id, enrol_seat_event, &u->hook,
                           &done);
    if (rc == DB_OK && !done) /* too late: the sweeper passes the seat on */
        return db_rollback(db);
    if (rc == DB_OK && u->accept)
        rc = enrol_count(db, u->course_id, +1);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        admin_kept_touch(); /* the admin's courses and enrolments (admin/kept.h) */
    if (rc == DB_OK)
        u->result = u->accept ? OFFER_DONE_ACCEPTED : OFFER_DONE_DECLINED;
    u->cohort_id = rc == DB_OK ? cohort_id : 0;
    return rc;
}

/* One answer to an offer, its people touched once it committed. */
static enum db_rc answer(struct db *db, struct offer_unit *u, enum offer_result *result)
{
    enum db_rc rc;

    u->hook.touch = &u->touch;
    rc = db_retry(db, answer_once, u);
    enrol_touch_done(db, &u->touch);
    *result = u->result;
    if (rc == DB_OK && u->cohort_id)
        trainer_cohort_changed(u->cohort_id); /* its trainers' pages */
    return rc;
}

enum db_rc enrol_store_accept(struct db *db, long long user_id, long long course_id,
                              enum offer_result *result)
{
    static const struct offer_unit none;
    struct offer_unit u = none;

    u.user_id = user_id;
    u.course_id = course_id;
    u.accept = 1;
    return answer(db, &u, result);
}

enum db_rc enrol_store_decline(struct db *db, long long user_id, long long course_id,
                               enrol_promoted_fn promoted, void *ctx, enum offer_result *result)
{
    static const struct offer_unit none;
    struct offer_unit u = none;

    u.user_id = user_id;
    u.course_id = course_id;
    u.hook.fn = promoted;
    u.hook.ctx = ctx;
    return answer(db, &u, result);
}

enum db_rc enrol_store_expire_offers(struct db *db, int max, enrol_promoted_fn promoted, void *ctx,
                                     int *n)
{
    struct enrol_touch touch = { .n_users = 0 };
    struct enrol_hook hook = { promoted, ctx, &touch };
    enum db_rc rc = seats_expire_due(db, &enrol_cohort_seats, max, enrol_seat_event, &hook, n);

    enrol_touch_done(db, &touch);
    if (*n > 0)
        admin_kept_touch(); /* after its commits: the admin's courses and enrolments */
    return rc;
}

/* Filling a cohort, for its transaction (db_retry). */
struct fill_unit {
    long long cohort_id;
    struct enrol_hook hook;
    int n;
    struct enrol_touch touch;
};

static enum db_rc fill_once(struct db *db, void *arg)
{
    struct fill_unit *u = arg;
    enum db_rc rc = db_begin(db);

    u->n = 0;
    if (rc == DB_OK)
        rc = seats_fill(db, &enrol_cohort_seats, u->cohort_id, enrol_seat_event, &u->hook, &u->n);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        admin_kept_touch(); /* the admin's courses and enrolments (admin/kept.h) */
    if (rc != DB_OK)
        u->n = 0;
    return rc;
}

enum db_rc enrol_store_fill_cohort(struct db *db, long long cohort_id, enrol_promoted_fn promoted,
                                   void *ctx, int *n)
{
    static const struct fill_unit none;
    struct fill_unit u = none;
    enum db_rc rc;

    u.cohort_id = cohort_id;
    u.hook = (struct enrol_hook){ promoted, ctx, &u.touch };
    rc = db_retry(db, fill_once, &u);
    enrol_touch_done(db, &u.touch);
    if (rc == DB_OK && u.n)
        trainer_cohort_changed(cohort_id); /* its trainers' pages */
    *n = u.n;
    return rc;
}

enum db_rc enrol_store_cohort_rules(struct db *db, long long cohort_id, int offer_mode,
                                    int offer_hours, int cutoff_hours)
{
    enum db_rc rc;

    if (offer_hours < 1 || offer_hours > 168 || cutoff_hours < 0 || cutoff_hours > 720) {
        log_error("cohort %lld: offer hours %d or cut-off hours %d out of range", cohort_id,
                  offer_hours, cutoff_hours);
        return DB_ERROR;
    }
    rc =
        db_exec(db, sql[SQL_SEATS_RULES], "biil", offer_mode, offer_hours, cutoff_hours, cohort_id);
    return rc == DB_OK && db_affected_rows(db) == 0 ? DB_NOT_FOUND : rc;
}
