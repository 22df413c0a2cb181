/*
 * gate: what a pool of connections knows about MariaDB, so that a database
 * that is away costs a request nothing (docs/decisions.md, "A database that
 * fails fast"). Pure C (no MariaDB here): db.c asks it before every connect
 * and tells it what happened, pool.c runs the prober that waits on it.
 *
 * UP: connections connect when they need to, in parallel.
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

/* What a caller may do about connecting. */
enum db_gate_pass {
    DB_GATE_SHUT = 0, /* DOWN: answer DB_UNAVAILABLE, no attempt */
    DB_GATE_OPEN,     /* UP: connect */
    DB_GATE_TOKEN,    /* DOWN, and this caller holds the probe token: connect */
};

struct db_gate_stats {
    int down;               /* 1 while MariaDB is taken to be away */
    unsigned long outages;  /* UP to DOWN changes */
    unsigned long connects; /* connection attempts by the pool's connections */
    unsigned long probes;   /* connection attempts by the prober */
    unsigned long refused;  /* connects refused while DOWN (each a call's DB_UNAVAILABLE) */
};

struct db_gate;

/* DOWN, with the token out to the caller (DB_GATE_TOKEN). Never NULL. */
struct db_gate *db_gate_new(void);

/* The gate must be closed and no longer used by anyone. NULL is fine. */
void db_gate_free(struct db_gate *g);

/* A connection needs to connect: DB_GATE_OPEN or DB_GATE_SHUT (counted as
 * refused). */
enum db_gate_pass db_gate_enter(struct db_gate *g);

/* A live connection was lost. DB_GATE_TOKEN when this took the gate DOWN: the
 * caller holds the token and ends it with db_gate_leave or db_gate_drop;
 * else DB_GATE_SHUT (the gate was DOWN already). */
enum db_gate_pass db_gate_lost(struct db_gate *g, long long now_ms);

/* The outcome of an attempt made with pass (DB_GATE_OPEN or DB_GATE_TOKEN),
 * counted as a connect or, with the prober's token, a probe: a failure takes
 * the gate DOWN, a token holder's success brings it UP; the token comes back,
 * and the next probe is due DB_GATE_PROBE_MS after a failed one. */
void db_gate_leave(struct db_gate *g, enum db_gate_pass pass, int ok, long long now_ms);

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

/* A number that changes each time the gate goes DOWN (no lock: cheap enough to
 * read before every statement). A connection opened in an older generation
 * predates an outage: it is closed quietly and opened again, rather than
 * used, found dead and taken for a new outage. */
unsigned long db_gate_generation(struct db_gate *g);

/* Wake the prober for good: db_gate_probe_wait returns DB_GATE_SHUT from now on. */
void db_gate_close(struct db_gate *g);

void db_gate_stats(struct db_gate *g, struct db_gate_stats *out);
