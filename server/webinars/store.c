/*
 * The webinars' SQL: the list, one webinar, the viewer's registration, and
 * the webinar as a seat pool (seats/seats.h, docs/seats.md) with the
 * transactions of registering, cancelling and answering an offer. The
 * e-mail of each change is queued in the change's own transaction.
 */
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "seats/seats.h"
#include "webinars/webinars_impl.h"

/* An offer ends OUT, declined or lapsed; offer_expires_at stays for the
 * e-mail that says when it ran out. */
#define OFFER_OUT                                                                                  \
    "UPDATE webinar_registrations SET status = 'cancelled', cancelled_at = UTC_TIMESTAMP(), "      \
    "updated_at = UTC_TIMESTAMP() WHERE id = ? AND status = 'offered'"

const struct seat_pool webinar_seats = {
    .name = "webinar",
    .lock = "SELECT id FROM webinars WHERE id = ? FOR UPDATE",
    /* the only statements that change taken (DESIGN.md known traps) */
    .take = "UPDATE webinars SET taken = taken + 1 WHERE id = ? AND taken < capacity "
            "AND cancelled = 0 AND starts_at > UTC_TIMESTAMP()",
    .give_back = "UPDATE webinars SET taken = taken - 1 WHERE id = ? AND taken > 0",
    .rules = "SELECT seat_mode = 'offer', offer_hours, IF(cancelled, 0, TIMESTAMPDIFF(SECOND, "
             "UTC_TIMESTAMP(), starts_at - INTERVAL cutoff_hours HOUR)) FROM webinars WHERE id = ?",
    .next_waiting = "SELECT id FROM webinar_registrations WHERE webinar_id = ? AND status = "
                    "'waitlisted' ORDER BY waitlisted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
    .promote = "UPDATE webinar_registrations SET status = 'registered', registered_at = "
               "UTC_TIMESTAMP(), waitlisted_at = NULL, updated_at = UTC_TIMESTAMP() "
               "WHERE id = ? AND status = 'waitlisted'",
    .offer = "UPDATE webinar_registrations SET status = 'offered', offer_expires_at = "
             "UTC_TIMESTAMP() + INTERVAL ? SECOND, updated_at = UTC_TIMESTAMP() "
             "WHERE id = ? AND status = 'waitlisted'",
    .accept = "UPDATE webinar_registrations SET status = 'registered', registered_at = "
              "UTC_TIMESTAMP(), waitlisted_at = NULL, offer_expires_at = NULL, updated_at = "
              "UTC_TIMESTAMP() WHERE id = ? AND status = 'offered' "
              "AND offer_expires_at > UTC_TIMESTAMP()",
    .decline = OFFER_OUT,
    .lapse = OFFER_OUT " AND offer_expires_at <= UTC_TIMESTAMP()",
    .due = "SELECT id, webinar_id FROM webinar_registrations WHERE status = 'offered' AND "
           "offer_expires_at <= UTC_TIMESTAMP() ORDER BY offer_expires_at, id LIMIT ?",
    .position = "SELECT COUNT(*) FROM webinar_registrations w JOIN webinar_registrations me "
                "ON me.id = ? WHERE me.status = 'waitlisted' AND w.webinar_id = me.webinar_id "
                "AND w.status = 'waitlisted' AND (w.waitlisted_at < me.waitlisted_at "
                "OR (w.waitlisted_at = me.waitlisted_at AND w.id <= me.id))",
};

enum webinar_sql {
    SQL_UPCOMING,
    SQL_UPCOMING_IN,
    SQL_GET,
    SQL_GET_OWNED,
    SQL_MINE,
    SQL_LOCK_MINE,
    SQL_INSERT,
    SQL_REJOIN,
    SQL_SET_CANCELLED,
    SQL__MAX,
};

static const char *const sql[SQL__MAX] = {
    [SQL_UPCOMING] = WEBINAR_COLUMNS "WHERE w.cancelled = 0 AND w.starts_at > UTC_TIMESTAMP() "
                                     "ORDER BY w.starts_at, w.id LIMIT ?",
    [SQL_UPCOMING_IN] = WEBINAR_COLUMNS "WHERE w.community_id = ? AND w.cancelled = 0 AND "
                                        "w.starts_at > UTC_TIMESTAMP() "
                                        "ORDER BY w.starts_at, w.id LIMIT ?",
    [SQL_GET] = WEBINAR_COLUMNS "WHERE w.slug = ?",
    /* the manage pages: the webinar and whether the viewer may change it, one
     * round trip (created it, or admin) */
    [SQL_GET_OWNED] = WEBINAR_COLUMNS "WHERE w.slug = ? AND (w.created_by = ? OR ? = 1)",
    [SQL_MINE] = "SELECT id, status + 0, offer_expires_at FROM webinar_registrations "
                 "WHERE user_id = ? AND webinar_id = ?",
    [SQL_LOCK_MINE] = "SELECT id, status + 0 FROM webinar_registrations "
                      "WHERE user_id = ? AND webinar_id = ? FOR UPDATE",
    /* status: 1 registered, 2 waitlisted (the ENUM's index) */
    [SQL_INSERT] = "INSERT INTO webinar_registrations (webinar_id, user_id, status, "
                   "registered_at, waitlisted_at) VALUES (?, ?, ?, IF(? = 1, UTC_TIMESTAMP(), "
                   "NULL), IF(? = 2, UTC_TIMESTAMP(), NULL))",
    [SQL_REJOIN] = "UPDATE webinar_registrations SET status = ?, registered_at = IF(? = 1, "
                   "UTC_TIMESTAMP(), NULL), waitlisted_at = IF(? = 2, UTC_TIMESTAMP(), NULL), "
                   "offer_expires_at = NULL, cancelled_at = NULL, attended = 0, ics_sequence = "
                   "ics_sequence + 1, "
                   "reminder_queued_at = NULL, updated_at = UTC_TIMESTAMP() "
                   "WHERE id = ? AND status = 'cancelled'",
    /* ics_sequence + 1: the cancellation is newer than the invitation */
    [SQL_SET_CANCELLED] = "UPDATE webinar_registrations SET status = 'cancelled', cancelled_at = "
                          "UTC_TIMESTAMP(), ics_sequence = ics_sequence + 1, updated_at = "
                          "UTC_TIMESTAMP() WHERE id = ?",
};

static enum db_rc read_webinar(struct db_stmt *st, struct arena *a, struct webinar *w)
{
    memset(w, 0, sizeof(*w));
    return db_row_next(st, a, "lsssssssssbbbtiiiissss", &w->id, &w->slug, &w->title[LANG_CY],
                       &w->title[LANG_EN], &w->summary[LANG_CY], &w->summary[LANG_EN],
                       &w->community[LANG_CY], &w->community[LANG_EN], &w->speaker, &w->language,
                       &w->interpretation, &w->members_only, &w->cancelled, &w->starts_at,
                       &w->duration_min, &w->capacity, &w->taken, &w->sequence, &w->community_slug,
                       &w->recording_url, &w->slides_url, &w->audience);
}

enum db_rc webinar_read_list(struct db_stmt *st, struct arena *a, int max, struct webinar **out,
                             size_t *n)
{
    enum db_rc rc = DB_OK;

    *out = arena_alloc(a, (size_t)max * sizeof(**out));
    while (*n < (size_t)max && (rc = read_webinar(st, a, &(*out)[*n])) == DB_OK)
        ++*n;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc webinar_store_upcoming(struct db *db, struct arena *a, struct webinar **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_UPCOMING], "i", WEBINAR_LIST_MAX);

    *n = 0;
    *out = NULL;
    return rc == DB_OK ? webinar_read_list(st, a, WEBINAR_LIST_MAX, out, n) : rc;
}

enum db_rc webinar_store_upcoming_in(struct db *db, struct arena *a, long long community_id,
                                     int max, struct webinar **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_UPCOMING_IN], "li", community_id, max);

    *n = 0;
    *out = NULL;
    return rc == DB_OK ? webinar_read_list(st, a, max, out, n) : rc;
}

enum db_rc webinar_store_get(struct db *db, struct arena *a, const char *slug, struct webinar *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_GET], "s", slug);

    if (rc != DB_OK)
        return rc;
    rc = read_webinar(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc webinar_store_get_owned(struct db *db, struct arena *a, const char *slug,
                                   long long user_id, int admin, struct webinar *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_GET_OWNED], "slb", slug, user_id, admin);

    if (rc != DB_OK)
        return rc;
    rc = read_webinar(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc webinar_store_mine(struct db *db, long long user_id, long long webinar_id,
                              struct webinar_mine *out)
{
    struct db_stmt *st = NULL;
    int status = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_MINE], "ll", user_id, webinar_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "lit", &out->reg_id, &status, &out->offer_expires_at);
    db_done(st);
    if (rc == DB_NOT_FOUND)
        return DB_OK;
    out->status = (enum webinar_reg)status;
    if (rc == DB_OK && out->status == WEBINAR_REG_WAITLISTED)
        rc = seats_position(db, &webinar_seats, out->reg_id, &out->position);
    return rc;
}

/* Webinar id among m's moved ones (once), for webinar_writes_touch(). */
static void moved_add(struct webinar_mailer *m, long long id)
{
    size_t i;

    for (i = 0; i < m->n_moved && i < WEBINAR_SWEEP_BATCH; i++)
        if (m->moved[i] == id)
            return;
    if (m->n_moved < WEBINAR_SWEEP_BATCH)
        m->moved[m->n_moved++] = id;
    else
        m->n_moved = WEBINAR_SWEEP_BATCH + 1; /* more than fit: everyone is touched */
}

/* The engine's hook: the person is told, in the same transaction; the
 * webinar is noted for the touch after the commit. */
enum db_rc webinar_seat_event(void *ctx, struct db *db, const struct seat_event *e)
{
    static const enum webinar_news news[] = {
        [SEAT_PROMOTED] = WEBINAR_NEWS_ACCEPTED,
        [SEAT_OFFERED] = WEBINAR_NEWS_OFFERED,
        [SEAT_LAPSED] = WEBINAR_NEWS_LAPSED,
    };

    struct webinar_mailer *m = ctx;

    if (!m)
        return DB_OK;
    moved_add(m, e->pool_id);
    return webinar_notify(db, m, e->holder_id, news[e->kind]);
}

/* One change of one person's registration, for its transaction (db_retry). */
struct unit {
    struct webinar_mailer *m;
    long long user_id, webinar_id;
    enum webinar_act action;
    int result; /* enum webinar_booked or enum webinar_answer */
};

/* The person's row, locked after the pool (the lock order): id and status. */
static enum db_rc lock_mine(struct db *db, const struct unit *u, long long *id, int *status)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = seats_lock(db, &webinar_seats, u->webinar_id);

    *id = 0;
    *status = WEBINAR_REG_NONE;
    if (rc == DB_OK)
        rc = db_query(db, &st, sql[SQL_LOCK_MINE], "ll", u->user_id, u->webinar_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "li", id, status);
        db_done(st);
    }
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc register_once(struct db *db, struct unit *u)
{
    long long id = 0;
    int status = 0;
    enum seat_take take = SEAT_CLOSED;
    enum db_rc rc = lock_mine(db, u, &id, &status);

    u->result = WEBINAR_BOOKED_ALREADY;
    if (rc != DB_OK || (status != WEBINAR_REG_NONE && status != WEBINAR_REG_CANCELLED))
        return rc;
    rc = seats_take(db, &webinar_seats, u->webinar_id, &take);
    if (rc == DB_OK && take == SEAT_CLOSED) {
        u->result = WEBINAR_BOOKED_CLOSED;
        return rc;
    }
    status = take == SEAT_TAKEN ? WEBINAR_REG_REGISTERED : WEBINAR_REG_WAITLISTED;
    if (rc == DB_OK && id)
        rc = db_exec(db, sql[SQL_REJOIN], "iiil", status, status, status, id);
    else if (rc == DB_OK) {
        rc = db_exec(db, sql[SQL_INSERT], "lliii", u->webinar_id, u->user_id, status, status,
                     status);
        id = db_insert_id(db);
    }
    if (rc == DB_OK)
        rc = webinar_notify(db, u->m, id,
                            take == SEAT_TAKEN ? WEBINAR_NEWS_REGISTERED : WEBINAR_NEWS_WAITLISTED);
    u->result = take == SEAT_TAKEN ? WEBINAR_BOOKED_SEAT : WEBINAR_BOOKED_QUEUE;
    return rc;
}

static enum db_rc cancel_once(struct db *db, struct unit *u)
{
    long long id = 0;
    int status = 0;
    enum db_rc rc = lock_mine(db, u, &id, &status);

    u->result = WEBINAR_ANSWER_NOTHING;
    if (rc != DB_OK || status == WEBINAR_REG_NONE || status == WEBINAR_REG_CANCELLED)
        return rc;
    rc = db_exec(db, sql[SQL_SET_CANCELLED], "l", id);
    if (rc == DB_OK && (status == WEBINAR_REG_REGISTERED || status == WEBINAR_REG_OFFERED))
        rc = seats_release(db, &webinar_seats, u->webinar_id, webinar_seat_event, u->m, NULL);
    if (rc == DB_OK)
        rc = webinar_notify(db, u->m, id, WEBINAR_NEWS_CANCELLED);
    u->result = WEBINAR_ANSWER_DONE;
    return rc;
}

static enum db_rc answer_once(struct db *db, struct unit *u)
{
    long long id = 0;
    int status = 0, done = 0;
    enum db_rc rc = lock_mine(db, u, &id, &status);

    u->result = WEBINAR_ANSWER_NOTHING;
    if (rc != DB_OK || status != WEBINAR_REG_OFFERED)
        return rc;
    if (u->action == WEBINAR_ACT_ACCEPT)
        rc = seats_accept(db, &webinar_seats, id, &done);
    else
        rc = seats_decline(db, &webinar_seats, id, u->webinar_id, webinar_seat_event, u->m, &done);
    if (rc == DB_OK && done && u->action == WEBINAR_ACT_ACCEPT)
        rc = webinar_notify(db, u->m, id, WEBINAR_NEWS_ACCEPTED);
    u->result = done ? WEBINAR_ANSWER_DONE : WEBINAR_ANSWER_NOTHING;
    return rc;
}

/* Run one unit in a transaction: committed when it changed something. */
static enum db_rc unit_once(struct db *db, void *arg)
{
    struct unit *u = arg;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = u->action == WEBINAR_ACT_REGISTER ? register_once(db, u)
             : u->action == WEBINAR_ACT_CANCEL ? cancel_once(db, u)
                                               : answer_once(db, u);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_act(struct db *db, struct webinar_mailer *m, long long user_id,
                             long long webinar_id, enum webinar_act act, int *result)
{
    struct unit u = { m, user_id, webinar_id, act, 0 };
    enum db_rc rc = db_retry(db, unit_once, &u);

    *result = u.result;
    return rc;
}

enum db_rc webinar_store_expire(struct db *db, struct webinar_mailer *m, int max, int *n)
{
    return seats_expire_due(db, &webinar_seats, max, webinar_seat_event, m, n);
}

static const char *const sql_due_reminders =
    "SELECT r.id FROM webinar_registrations r JOIN webinars w ON w.id = r.webinar_id "
    "WHERE r.status = 'registered' AND r.reminder_queued_at IS NULL AND w.cancelled = 0 "
    "AND w.starts_at > UTC_TIMESTAMP() AND w.starts_at <= UTC_TIMESTAMP() + INTERVAL 24 HOUR "
    "AND r.registered_at < w.starts_at - INTERVAL 24 HOUR ORDER BY r.id LIMIT ?";

/* the claim: only the server whose UPDATE changes the row queues the e-mail */
static const char *const sql_claim_reminder =
    "UPDATE webinar_registrations SET reminder_queued_at = UTC_TIMESTAMP() "
    "WHERE id = ? AND reminder_queued_at IS NULL AND status = 'registered'";

struct remind_unit {
    struct webinar_mailer *m;
    long long id;
    int queued;
};

static enum db_rc remind_once(struct db *db, void *arg)
{
    struct remind_unit *u = arg;
    enum db_rc rc = db_begin(db);

    u->queued = 0;
    if (rc == DB_OK)
        rc = db_exec(db, sql_claim_reminder, "l", u->id);
    if (rc == DB_OK && db_affected_rows(db) == 1) {
        rc = webinar_notify(db, u->m, u->id, WEBINAR_NEWS_REMINDER);
        u->queued = rc == DB_OK;
    }
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_remind(struct db *db, struct webinar_mailer *m, int max, int *n)
{
    long long ids[WEBINAR_SWEEP_BATCH];
    struct db_stmt *st = NULL;
    size_t k = 0, i;
    enum db_rc rc;

    *n = 0;
    if (max > WEBINAR_SWEEP_BATCH)
        max = WEBINAR_SWEEP_BATCH;
    rc = db_query(db, &st, sql_due_reminders, "i", max);
    while (rc == DB_OK && k < (size_t)max && (rc = db_row_next(st, NULL, "l", &ids[k])) == DB_OK)
        k++;
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    for (rc = DB_OK, i = 0; rc == DB_OK && i < k; i++) {
        struct remind_unit u = { m, ids[i], 0 };

        rc = db_retry(db, remind_once, &u);
        *n += u.queued;
    }
    return rc;
}
