/*
 * gate: what a pool of connections knows about MariaDB, so that a database
 * that is away costs a request nothing (docs/decisions.md, "A database that
 * fails fast"). Pure C (no MariaDB here): db.c asks it before every connect
 * and tells it what happened, pool.c runs the prober that waits on it.
 *
 * UP: connections connect when they need to, DB_GATE_CONNECTS at a time (a
 * burst of first requests must not send MariaDB 32 handshakes at once: on a
 * loaded machine they all time out together).
 * DOWN: entered when a connection attempt fails or a live connection is lost
 * (a "server gone" class error, db.h). While DOWN no connection connects:
 * a call that would need to answers DB_UNAVAILABLE at once (503). One attempt
 * at a time holds the probe token: the prober's, at most every DB_GATE_PROBE_MS,
 * or, right after a loss took the gate down, the call that lost its
 * connection (its one retry on a fresh connection, db.h). Only a token
 * holder's success brings the gate UP again.
 *
 * A new gate is DOWN with the token out: its owner's first attempt decides.
 * Every function is thread-safe. Times are clock_ms() values, passed in so the
 * state machine can be tested without waiting.
 */
#pragma once

#define DB_GATE_PROBE_MS 250 /* the prober's pace after a failed attempt */
#define DB_GATE_CONNECTS 8   /* connects under way at once while UP */
/* A connect that timed out while a statement answered this recently is a
 * busy MariaDB, not one that is away: the gate stays UP */
#define DB_GATE_ALIVE_MS 1500

/* What a caller may do about connecting. */
enum db_gate_pass {
    DB_GATE_SHUT = 0, /* DOWN: answer DB_UNAVAILABLE, no attempt */
    DB_GATE_OPEN,     /* UP: connect */
    DB_GATE_TOKEN,    /* DOWN, and this caller holds the probe token: connect */
};

/* How an attempt ended (db_gate_leave()). */
enum db_gate_outcome {
    DB_GATE_FAILED = 0, /* refused, reset, denied: MariaDB is away */
    DB_GATE_OK = 1,
    DB_GATE_TIMED_OUT = 2, /* no answer within the connect timeout */
};

struct db_gate_stats {
    int down;               /* 1 while MariaDB is taken to be away */
    unsigned long outages;  /* UP to DOWN changes */
    unsigned long connects; /* connection attempts by the pool's connections */
    unsigned long probes;   /* connection attempts by the prober */
    unsigned long refused;  /* connects refused: DOWN, or no slot in time (DB_UNAVAILABLE) */
};

struct db_gate;

/* DOWN, with the token out to the caller (DB_GATE_TOKEN). Never NULL. */
struct db_gate *db_gate_new(void);

/* The gate must be closed and no longer used by anyone. NULL is fine. */
void db_gate_free(struct db_gate *g);

/* A connection needs to connect: DB_GATE_OPEN (UP, and one of the
 * DB_GATE_CONNECTS slots was free within wait_ms) or DB_GATE_SHUT (counted as
 * refused). */
enum db_gate_pass db_gate_enter(struct db_gate *g, int wait_ms);

/* A live connection, opened in generation, was lost. The first such loss of
 * the current generation starts a new one. DB_GATE_TOKEN when this took the
 * gate DOWN: the caller holds the token and ends it with db_gate_leave or
 * db_gate_drop; else DB_GATE_SHUT (the gate was DOWN already). */
enum db_gate_pass db_gate_lost(struct db_gate *g, unsigned long generation, long long now_ms);

/* The outcome of an attempt made with pass (DB_GATE_OPEN or DB_GATE_TOKEN),
 * counted as a connect or, with the prober's token, a probe: a failure takes
 * the gate DOWN (a connect that timed out only when no statement answered
 * within DB_GATE_ALIVE_MS: db_gate_alive()), a token holder's success brings
 * it UP; the token comes back, and the next probe is due DB_GATE_PROBE_MS
 * after a failed one. */
void db_gate_leave(struct db_gate *g, enum db_gate_pass pass, enum db_gate_outcome how,
                   long long now_ms);

/* A statement on one of the gate's connections answered at now_ms. Cheap:
 * every successful round trip says so. */
void db_gate_alive(struct db_gate *g, long long now_ms);

/* Give the token back without an attempt: the next probe is due at once. */
void db_gate_drop(struct db_gate *g, long long now_ms);

/* The prober's token, when the gate is DOWN, the token is in and a probe is due
 * at now_ms: DB_GATE_TOKEN, else DB_GATE_SHUT. */
enum db_gate_pass db_gate_probe_take(struct db_gate *g, long long now_ms);

/* db_gate_probe_take, blocking until it succeeds (DB_GATE_TOKEN) or the gate
 * is closed (DB_GATE_SHUT). */
enum db_gate_pass db_gate_probe_wait(struct db_gate *g);

/* 1 while DOWN. */
int db_gate_down(struct db_gate *g);

/* A number that changes when a connection is lost: a connection opened in
 * an older generation was open when MariaDB dropped one, so it is closed
 * quietly and opened again rather than used, found dead and taken for a new
 * outage. A failed connect alone does not change it: MariaDB may be slow to
 * accept while the open connections still work, and they go on serving.
 * No lock: cheap enough to read before every statement. */
unsigned long db_gate_generation(struct db_gate *g);

/* Wake the prober for good: db_gate_probe_wait returns DB_GATE_SHUT from now on. */
void db_gate_close(struct db_gate *g);

void db_gate_stats(struct db_gate *g, struct db_gate_stats *out);
