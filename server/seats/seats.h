/*
 * seats: capacity and waiting lists, one engine for every kind of pool
 * (cohorts today, webinar registrations next; docs/seats.md).
 *
 * A pool is a row with a capacity and a count of seats taken. Its holders
 * are rows of another table, each in one of four roles the engine knows:
 * HOLDING a seat, WAITING in line (first come, first served: waitlisted_at,
 * then id), OFFERED a freed seat until offer_expires_at, or OUT. What each
 * role is called in the holder table (enrolled, waitlisted, offered,
 * cancelled ...) is the pool's own business: the engine holds the
 * algorithm, the pool's store.c holds the SQL and hands it over in a
 * struct seat_pool.
 *
 * The rule (DESIGN.md known traps): a seat is taken only by the pool's take
 * statement, UPDATE <pool> SET taken = taken + 1 WHERE id = ? AND taken <
 * capacity, and its affected rows decide: 1 a seat, 0 none. Nothing counts
 * first and inserts after, and no SELECT ... FOR UPDATE decides capacity
 * (it overbooks on Galera). A freed seat goes back by give_back (taken - 1)
 * and is taken again by take for the person it passes to, so even a
 * promotion obeys the one rule. An offered seat counts in taken: it is kept
 * for the person offered.
 *
 * Modes, chosen per pool (the rules statement):
 *   direct  a freed seat goes at once to the first person waiting (HOLDING);
 *   offer   it is OFFERED to them for seats_offer_seconds(): they accept
 *           (HOLDING) or decline (OUT, the seat passes on); an offer left
 *           unanswered is expired by seats_expire_due() (OUT), which passes
 *           the seat on.
 * The cut-off: from cutoff hours before the start nobody is promoted or
 * offered anything; a freed seat goes back to the pool, where the next
 * person to ask takes it, and the waiting list takes nobody new.
 *
 * Transactions: seats_take, seats_release, seats_fill, seats_accept and
 * seats_decline run inside the caller's transaction, beside its own rows,
 * counters and e-mail, and answer DB_STALE when the whole unit must run
 * again (db_retry). seats_expire_due runs transactions of its own, one an
 * offer, and is safe to run on several servers at once: an offer is lapsed
 * by a conditional UPDATE, so only one of them does it.
 *
 * Lock order: a unit takes its exclusive locks on the pool's row and the
 * rows the pool belongs to (a course with a counter) before it writes any
 * holder row: the take statement locks the pool for a newcomer, and
 * seats_lock locks the pool and its parents for everything else. Changing a
 * holder row checks the holder table's foreign keys, which takes shared
 * locks on the pool's and the course's rows; two units holding those shared
 * locks and both about to write the rows (taken, a counter) deadlock.
 * Measured: 8 cancellations at once in one cohort deadlocked until the pool
 * was locked first (tests/integration/enrol/test_seat_race.c).
 *
 * Time is the database's clock (UTC_TIMESTAMP()) in every statement, never
 * the web server's: every server agrees, and tests move stored times
 * (offer_expires_at, starts_at) back to make time pass (docs/decisions.md).
 */
#pragma once

#include <stddef.h>

#include "db/db.h"

#define SEATS_EXPIRE_MAX 64 /* offers seats_expire_due handles in one call */

/*
 * A kind of pool: the statements of its two tables, filled in the pool's
 * store.c with designated initialisers. Column conventions:
 *   pool    id, capacity, taken (CHECK taken <= capacity), the start, the
 *           mode, the offer hours and the cut-off hours;
 *   holder  id, the pool's id, a status, waitlisted_at (set when WAITING),
 *           offer_expires_at (set when OFFERED).
 * Each statement binds what its comment says, in that order.
 */
struct seat_pool {
    const char *name; /* in log lines: "cohort" */

    /* --- the pool row ("l": the pool's id) --- */
    /* SELECT ... FOR UPDATE of the pool's row and the rows its holders'
     * foreign keys point to (a course): the lock order's first step, never a
     * capacity decision */
    const char *lock;
    const char *take;      /* UPDATE p SET taken = taken + 1 WHERE id = ? AND taken < capacity */
    const char *give_back; /* UPDATE p SET taken = taken - 1 WHERE id = ? AND taken > 0 */
    /* one row "bil": offer mode (1) or direct (0); the offer hours; the
     * seconds from now until the cut-off (starts - cutoff hours), 0 or less
     * when past it or when the pool is cancelled */
    const char *rules;

    /* --- holders --- */
    /* "l" pool id, row "l": the first WAITING holder, FOR UPDATE SKIP LOCKED
     * (a holder leaving the list at this moment is passed over) */
    const char *next_waiting;
    const char *promote; /* "l" holder id: WAITING -> HOLDING (WHERE ... AND WAITING) */
    /* "ll" seconds, holder id: WAITING -> OFFERED, offer_expires_at =
     * UTC_TIMESTAMP() + INTERVAL ? SECOND */
    const char *offer;
    /* "l" holder id: OFFERED -> HOLDING while offer_expires_at > UTC_TIMESTAMP() */
    const char *accept;
    const char *decline; /* "l" holder id: OFFERED -> OUT */
    /* "l" holder id: OFFERED -> OUT once offer_expires_at <= UTC_TIMESTAMP() */
    const char *lapse;
    /* "i" limit, rows "ll": holder id and pool id of offers whose time is
     * up (offer_expires_at <= UTC_TIMESTAMP()), oldest first */
    const char *due;
    /* "l" holder id, row "l": 1 for the first WAITING holder of its pool,
     * 0 when the holder is not WAITING */
    const char *position;
};

/* What a pool's rules say now (seats_rules). */
struct seat_rules {
    int offer_mode;      /* 1 offer, 0 direct */
    int offer_hours;     /* how long an offer lasts, far from the start */
    long long cutoff_in; /* seconds until the cut-off; <= 0: past it */
};

/* What happened to one seat or one holder, for the pool's hook. */
enum seat_event_kind {
    SEAT_PROMOTED, /* a WAITING holder was given the seat (direct mode) */
    SEAT_OFFERED,  /* a WAITING holder was offered it for `seconds` */
    SEAT_LAPSED,   /* an OFFERED holder's time ran out: OUT (the seat passes on next) */
};

struct seat_event {
    enum seat_event_kind kind;
    long long pool_id, holder_id;
    long long seconds; /* SEAT_OFFERED: how long the offer lasts */
};

/*
 * The pool's hook, called inside the transaction that made the change,
 * before its commit: the pool's store keeps its counters and queues the
 * person's e-mail (mail_enqueue) there, so both happen or neither. Anything
 * but DB_OK rolls the unit back. fn may be NULL in every call below.
 */
typedef enum db_rc (*seat_event_fn)(void *ctx, struct db *db, const struct seat_event *e);

/* Where a freed seat went (seats_release). */
enum seat_outcome {
    SEAT_BACK,        /* back to the pool: nobody waiting, past the cut-off, or no room */
    SEAT_TO_PROMOTED, /* to the first person waiting */
    SEAT_TO_OFFERED,  /* offered to the first person waiting */
};

/* What asking for a seat gave (seats_take). */
enum seat_take {
    SEAT_TAKEN,  /* a seat: taken + 1 */
    SEAT_QUEUE,  /* full: the caller puts its holder on the waiting list */
    SEAT_CLOSED, /* full and past the cut-off: waiting would be for nothing */
};

/* --- seats.c --------------------------------------------------------- */

/* Lock pool_id (and what it belongs to) for the caller's transaction, before
 * any holder row changes (the lock order above). DB_NOT_FOUND: no such pool. */
enum db_rc seats_lock(struct db *db, const struct seat_pool *p, long long pool_id);

/* The pool's rules; DB_NOT_FOUND if there is no such pool. */
enum db_rc seats_rules(struct db *db, const struct seat_pool *p, long long pool_id,
                       struct seat_rules *out);

/*
 * How long an offer made now lasts, in seconds: offer_hours, but at most
 * half the time left before the cut-off (so whoever is next still has time),
 * and the whole of it once that is two hours or less. 0 when past the
 * cut-off. Pure: the policy, unit-tested.
 */
long long seats_offer_seconds(int offer_hours, long long cutoff_in);

/* Take a seat of pool_id for a new holder, in the caller's transaction
 * (the take locks the pool's row: no seats_lock needed): *out says whether
 * it got one (the caller then writes its counters, then its holder row). */
enum db_rc seats_take(struct db *db, const struct seat_pool *p, long long pool_id,
                      enum seat_take *out);

/*
 * A holder of pool_id gave up a seat (the caller has locked the pool and
 * moved its row OUT): give the seat back, then, before the cut-off, pass it to the first
 * person waiting (promoted or offered, by the pool's mode; fn told). *out
 * (may be NULL) says where it went.
 */
enum db_rc seats_release(struct db *db, const struct seat_pool *p, long long pool_id,
                         seat_event_fn fn, void *ctx, enum seat_outcome *out);

/* Give the free seats of pool_id to the people waiting, in order, while
 * there are both and the cut-off has not passed (after a capacity was
 * raised). *n (may be NULL): how many were promoted or offered. */
enum db_rc seats_fill(struct db *db, const struct seat_pool *p, long long pool_id, seat_event_fn fn,
                      void *ctx, int *n);

/* holder_id accepts its offer: HOLDING, if it is OFFERED and in time
 * (*accepted 1); otherwise nothing changes (*accepted 0). */
enum db_rc seats_accept(struct db *db, const struct seat_pool *p, long long holder_id,
                        int *accepted);

/* holder_id declines its offer of a seat in pool_id: OUT and the seat passes
 * on (seats_release); *declined 0 (nothing changed) if it was not OFFERED. */
enum db_rc seats_decline(struct db *db, const struct seat_pool *p, long long holder_id,
                         long long pool_id, seat_event_fn fn, void *ctx, int *declined);

/*
 * Expire up to max (at most SEATS_EXPIRE_MAX) offers whose time is up, each in a transaction of its
 * own (db_retry): OUT by the lapse statement (fn told, SEAT_LAPSED), then the seat passes on as in
 * seats_release. An offer another server expired first is left alone, so running it anywhere, any
 * number of times, is safe. *n (may be NULL): how many this call expired. db must not be in a
 * transaction.
 */
enum db_rc seats_expire_due(struct db *db, const struct seat_pool *p, int max, seat_event_fn fn,
                            void *ctx, int *n);

/* holder_id's place in its pool's waiting list, 1 for the first in line;
 * 0 when it is not waiting. */
enum db_rc seats_position(struct db *db, const struct seat_pool *p, long long holder_id,
                          int *position);
