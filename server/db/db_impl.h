/*
 * db_impl: what db.c shares with tx.c (transactions and scripts) and no one
 * else: the connection's state, one public call's attempt, and the helpers
 * every call goes through. Only server/db/ includes it.
 */
#pragma once

#include <mysql.h>

#include "db/db.h"
#include "db/gate.h"
#include "db/stmt.h"

struct db {
    MYSQL *m; /* NULL while disconnected */
    char *host, *user, *password, *name, *socket;
    unsigned port;
    int ssl;
    char *ssl_ca, *ssl_cert, *ssl_key;
    struct stmt_cache cache;
    int in_tx;             /* between db_begin and db_commit/db_rollback */
    int tx_lost;           /* the connection died inside that transaction */
    long long retry_at_ms; /* monotonic: no connect attempt before this */
    struct db_gate *gate;  /* the pool's, or NULL (db_set_gate) */
    unsigned connect_err;  /* of the last failed connect, 0 after a success */
    unsigned long gen;     /* the gate's generation when m was opened */
    long long used_ms;     /* monotonic: last successful round trip */
    unsigned long long affected;
    unsigned long long insert_id;
};

/* What happened during one public call, for the retry decision. */
struct attempt {
    int connected;   /* a connect was attempted in this call */
    int sent;        /* the statement was handed to mysql_stmt_execute */
    int lost;        /* a live connection died (not: could not connect) */
    int reprepared;  /* the statement was prepared again after 1615 */
    int token;       /* holds the gate's probe token: a loss took it down (db/gate.h) */
    unsigned errnum; /* the server/client error code of the failure */
};

/* One exchange with the server made by this thread (db_thread_round_trips). */
void db_trip(void);

/* db's round trip has just succeeded: noted on db and on its gate. */
void db_used(struct db *db);

/* rc on its way out to a caller, DB_ERROR, DB_UNAVAILABLE and DB_TIMEOUT
 * counted for /metrics. */
enum db_rc db_counted(enum db_rc rc);

/* Close db's connection (its statements with it); the next call connects again. */
void db_disconnect(struct db *db);

/* At the end of a public call: a probe token it did not use goes back. */
void db_settle(struct db *db, struct attempt *at);

/* A failure of db's connection running sql: logged (never parameter
 * values), the connection dropped when it is lost, mapped to a db_rc. */
enum db_rc db_fail_conn(struct db *db, struct attempt *at, const char *sql);

/* Make sure db->m is connected: at most one attempt per call (at), none
 * inside a transaction that lost its connection, none while the gate is
 * DOWN unless the call holds its token, none within the back-off. */
enum db_rc db_ensure_connected(struct db *db, struct attempt *at);

/* A call on a connection already given back (a bug): logged, DB_ERROR. */
enum db_rc db_no_db(const char *what);
