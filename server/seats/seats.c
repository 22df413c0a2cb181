/*
 * The seat engine (seats.h): the algorithm, with every statement the pool's.
 */
#include "seats/seats.h"

#include <string.h>

#include "core/log.h"

#define SHORT_OFFER_S (2 * 3600LL) /* below this before the cut-off, one offer gets it all */

long long seats_offer_seconds(int offer_hours, long long cutoff_in)
{
    long long want = (long long)(offer_hours > 0 ? offer_hours : 1) * 3600;
    long long half = cutoff_in / 2;

    if (cutoff_in <= 0)
        return 0;
    if (cutoff_in <= SHORT_OFFER_S)
        return cutoff_in;
    if (half < SHORT_OFFER_S)
        half = SHORT_OFFER_S;
    return want < half ? want : half;
}

enum db_rc seats_rules(struct db *db, const struct seat_pool *p, long long pool_id,
                       struct seat_rules *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, p->rules, "l", pool_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "bil", &out->offer_mode, &out->offer_hours, &out->cutoff_in);
    db_done(st);
    return rc;
}

/* One id from a statement bound with one number ("l" or "i"). */
static enum db_rc one_id(struct db *db, const char *sql, long long arg, long long *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql, "l", arg);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", out);
    db_done(st);
    return rc;
}

/* Run sql on one id; *changed 1 when it matched a row. */
static enum db_rc exec_id(struct db *db, const char *sql, long long id, int *changed)
{
    enum db_rc rc = db_exec(db, sql, "l", id);

    *changed = rc == DB_OK && db_affected_rows(db) > 0;
    return rc;
}

enum db_rc seats_lock(struct db *db, const struct seat_pool *p, long long pool_id)
{
    struct db_stmt *st = NULL;
    long long id = 0;
    enum db_rc rc = db_query(db, &st, p->lock, "l", pool_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &id);
    db_done(st);
    return rc;
}

enum db_rc seats_take(struct db *db, const struct seat_pool *p, long long pool_id,
                      enum seat_take *out)
{
    struct seat_rules rules;
    int got = 0;
    /* the rules first: the take locks the pool's row (even when it takes
     * nothing) until the caller commits, and every other taker waits */
    enum db_rc rc = seats_rules(db, p, pool_id, &rules);

    *out = SEAT_TAKEN;
    if (rc == DB_OK)
        rc = exec_id(db, p->take, pool_id, &got);
    if (rc == DB_OK && !got)
        *out = rules.cutoff_in <= 0 ? SEAT_CLOSED : SEAT_QUEUE;
    return rc;
}

/*
 * Give one seat of the pool to the first person waiting, under rules (before
 * the cut-off): taken + 1 by the take statement, then promoted or offered.
 * *passed 0 when nobody waits or there is no room.
 */
static enum db_rc pass_one(struct db *db, const struct seat_pool *p, long long pool_id,
                           const struct seat_rules *rules, seat_event_fn fn, void *ctx, int *passed)
{
    struct seat_event e = { .pool_id = pool_id };
    int took = 0, moved = 0;
    enum db_rc rc = one_id(db, p->next_waiting, pool_id, &e.holder_id);

    *passed = 0;
    if (rc == DB_NOT_FOUND)
        return DB_OK;
    if (rc == DB_OK)
        rc = exec_id(db, p->take, pool_id, &took);
    if (rc != DB_OK || !took) /* no room: a capacity lowered below taken */
        return rc;
    if (rules->offer_mode) {
        e.kind = SEAT_OFFERED;
        e.seconds = seats_offer_seconds(rules->offer_hours, rules->cutoff_in);
        rc = db_exec(db, p->offer, "ll", e.seconds, e.holder_id);
        moved = rc == DB_OK && db_affected_rows(db) > 0;
    } else {
        e.kind = SEAT_PROMOTED;
        rc = exec_id(db, p->promote, e.holder_id, &moved);
    }
    /* we hold the waiter's row lock: losing it now means another node of a
     * cluster changed it first, and the whole unit is run again */
    if (rc == DB_OK && !moved)
        rc = DB_STALE;
    if (rc == DB_OK && fn)
        rc = fn(ctx, db, &e);
    *passed = rc == DB_OK;
    return rc;
}

enum db_rc seats_release(struct db *db, const struct seat_pool *p, long long pool_id,
                         seat_event_fn fn, void *ctx, enum seat_outcome *out)
{
    struct seat_rules rules;
    int freed = 0, passed = 0;
    enum db_rc rc = exec_id(db, p->give_back, pool_id, &freed);

    if (out)
        *out = SEAT_BACK;
    if (rc == DB_OK && !freed)
        log_warn("seats: %s %lld had no seat taken to give back", p->name, pool_id);
    if (rc == DB_OK)
        rc = seats_rules(db, p, pool_id, &rules);
    if (rc == DB_OK && rules.cutoff_in > 0)
        rc = pass_one(db, p, pool_id, &rules, fn, ctx, &passed);
    if (rc == DB_OK && passed && out)
        *out = rules.offer_mode ? SEAT_TO_OFFERED : SEAT_TO_PROMOTED;
    return rc;
}

enum db_rc seats_fill(struct db *db, const struct seat_pool *p, long long pool_id, seat_event_fn fn,
                      void *ctx, int *n)
{
    struct seat_rules rules;
    int passed = 1, count = 0;
    enum db_rc rc = seats_rules(db, p, pool_id, &rules);

    while (rc == DB_OK && rules.cutoff_in > 0 && passed) {
        rc = pass_one(db, p, pool_id, &rules, fn, ctx, &passed);
        count += passed;
    }
    if (n)
        *n = count;
    return rc;
}

enum db_rc seats_accept(struct db *db, const struct seat_pool *p, long long holder_id,
                        int *accepted)
{
    return exec_id(db, p->accept, holder_id, accepted);
}

enum db_rc seats_decline(struct db *db, const struct seat_pool *p, long long holder_id,
                         long long pool_id, seat_event_fn fn, void *ctx, int *declined)
{
    enum db_rc rc = exec_id(db, p->decline, holder_id, declined);

    if (rc == DB_OK && *declined)
        rc = seats_release(db, p, pool_id, fn, ctx, NULL);
    return rc;
}

/* One due offer, for its transaction. */
struct lapse_unit {
    const struct seat_pool *p;
    long long holder_id, pool_id;
    seat_event_fn fn;
    void *ctx;
    int lapsed;
};

static enum db_rc lapse_once(struct db *db, void *arg)
{
    struct lapse_unit *u = arg;
    struct seat_event e = { SEAT_LAPSED, u->pool_id, u->holder_id, 0 };
    enum db_rc rc = db_begin(db);

    u->lapsed = 0;
    if (rc == DB_OK)
        rc = seats_lock(db, u->p, u->pool_id);
    if (rc == DB_OK)
        rc = exec_id(db, u->p->lapse, u->holder_id, &u->lapsed);
    if (rc != DB_OK || !u->lapsed) /* accepted, declined or expired elsewhere meanwhile */
        return rc == DB_NOT_FOUND ? DB_OK : rc;
    if (u->fn)
        rc = u->fn(u->ctx, db, &e);
    if (rc == DB_OK)
        rc = seats_release(db, u->p, u->pool_id, u->fn, u->ctx, NULL);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc != DB_OK)
        u->lapsed = 0;
    return rc;
}

enum db_rc seats_expire_due(struct db *db, const struct seat_pool *p, int max, seat_event_fn fn,
                            void *ctx, int *n)
{
    struct db_stmt *st = NULL;
    struct lapse_unit u = { .p = p, .fn = fn, .ctx = ctx };
    long long holder[SEATS_EXPIRE_MAX], pool[SEATS_EXPIRE_MAX];
    int k = 0, i, count = 0;
    enum db_rc rc;

    if (n)
        *n = 0;
    if (max > SEATS_EXPIRE_MAX)
        max = SEATS_EXPIRE_MAX;
    rc = max > 0 ? db_query(db, &st, p->due, "i", max) : DB_OK;
    /* read them all first: each one's transaction runs other statements */
    while (rc == DB_OK && k < max &&
           (rc = db_row_next(st, NULL, "ll", &holder[k], &pool[k])) == DB_OK)
        k++;
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    for (i = 0, rc = DB_OK; i < k && rc == DB_OK; i++) {
        u.holder_id = holder[i];
        u.pool_id = pool[i];
        rc = db_retry(db, lapse_once, &u);
        count += u.lapsed;
    }
    if (n)
        *n = count;
    return rc;
}

enum db_rc seats_position(struct db *db, const struct seat_pool *p, long long holder_id,
                          int *position)
{
    long long n = 0;
    enum db_rc rc = one_id(db, p->position, holder_id, &n);

    *position = rc == DB_OK ? (int)n : 0;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
