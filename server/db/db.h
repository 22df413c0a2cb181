/*
 * db: the only public face of MariaDB (lwan database.h). Callers never see MYSQL or
 * MYSQL_STMT; they pass SQL text plus a short type signature.
 *
 * Connections. A struct db is one connection, used by one thread at a time (the
 * civetweb worker that owns it). It connects lazily on first use with utf8mb4,
 * strict sql_mode, time_zone '+00:00', collation utf8mb4_uca1400_ai_ci, a 1 s
 * connect timeout (Connector/C applies it to the connect and again to the
 * handshake, so a server that accepts but does not answer yet — mariadbd in
 * crash recovery — holds one attempt up to 2 s) and 10 s read/write timeouts;
 * MYSQL_OPT_RECONNECT and CLIENT_MULTI_STATEMENTS are never set (security.md
 * 0.5, 4.1, 4.4). When the connection is lost (2002 2003 2006 2013 2055 1927
 * 4031 1047 1180 1053 1243) the handle and every prepared statement are closed
 * and the call returns DB_UNAVAILABLE; a later call connects again (at most one
 * attempt per call), so the server answers 503 while MariaDB is away and
 * recovers by itself.
 *
 * Who connects. The connections of a pool share a gate (db_set_gate,
 * db/gate.h, db/pool.h): a failed connect or a lost connection marks MariaDB
 * away, and while it is away a call that would have to connect does not try:
 * it returns DB_UNAVAILABLE at once, and only the pool's prober tries, one
 * attempt at a time. While it is there, a few connects run at once and a call
 * waits up to 500 ms for its turn (else DB_UNAVAILABLE). The call whose lost
 * connection made the discovery keeps its one retry (below), as the probe of
 * that moment. A connection that was open when another was lost is closed,
 * unused, on its next call. A db without a gate (the command line, the mail
 * worker, tests) tries on every call that needs it, at most once every 250 ms
 * after a failed attempt.
 *
 * Retries. Inside a transaction nothing is retried, and after the connection is
 * lost every call up to db_commit/db_rollback returns DB_UNAVAILABLE (the
 * transaction is gone; a fresh connection must not carry on as if it were not).
 * Outside a transaction a statement is retried once on a fresh connection only
 * when that cannot run a write twice: it is a SELECT, or the failure came before
 * the statement was sent (or the server asked for a re-prepare, 1615, after a
 * table changed). Before a write on a connection idle for 5 s the
 * connection is pinged, so the first write after a server restart still succeeds.
 * A deadlock (1213) outside a transaction rolled the statement back, so it is
 * retried up to twice; it, and a lock wait timeout (1205), end as DB_STALE.
 *
 * Statements are prepared once per connection and cached by the SQL POINTER: pass
 * string literals or entries of a static const table, never a buffer whose text
 * can change. A struct db_stmt stays valid (and the same pointer for the same sql)
 * until db_free(), across reconnects.
 *
 * Logs carry the error code, the server's message and the first 60 characters of
 * the SQL, never parameter values (they may be passwords or tokens).
 *
 * db may be NULL only by mistake (a request used its connection after giving it
 * back to the pool, http/req.h): every call then logs the bug and returns
 * DB_ERROR (rollback: DB_OK) instead of crashing the server.
 *
 * affected rows count matched rows (CLIENT_FOUND_ROWS): an UPDATE of an existing
 * row that changes nothing still reports 1, so 0 means "no such row (for you)".
 */
#pragma once

#include <stddef.h>

struct arena;

enum db_rc {
    DB_OK = 0,
    DB_NOT_FOUND,   /* no (more) rows */
    DB_CONFLICT,    /* duplicate key (1062) */
    DB_STALE,       /* deadlock 1213 / lock wait timeout 1205: retry the whole unit */
    DB_UNAVAILABLE, /* cannot connect, connection lost, timeouts: answer 503 */
    DB_ERROR,       /* anything else (a bug or a constraint): logged */
    /* the statement ran past its own time limit (`SET STATEMENT
     * max_statement_time=... FOR`, error 1969) and was stopped: logged as a
     * warning, not counted as an error; the connection stays open and usable */
    DB_TIMEOUT,
};

struct db_params {
    const char *host;
    unsigned port; /* 0: the default (3306) */
    const char *user;
    const char *password;
    const char *name;
    const char *socket;             /* unix socket path or NULL */
    int ssl;                        /* 1: TLS or no connection, the server's certificate verified */
    const char *ssl_ca;             /* CA file (PEM) to verify it against, NULL: the system's CAs */
    const char *ssl_cert, *ssl_key; /* a client certificate and its key, or NULL */
};

struct db;
struct db_gate;
struct db_stmt;

/* mysql_library_init, once in main() before any thread starts. 0 or -1. */
int db_library_init(void);

void db_library_end(void);

/* A new, unconnected db holding copies of p's strings (connection is lazy).
 * Never NULL; free with db_free(). */
struct db *db_new(const struct db_params *p);

/* Close the connection and every statement and free db (NULL is fine). A thread
 * that used a db must still call db_thread_end() before it exits. */
void db_free(struct db *db);

/* mysql_thread_end, for worker threads that used a db. */
void db_thread_end(void);

/* Make db ask g (db/gate.h) before it connects and tell it what happened: the
 * pool's connections share one gate. g outlives db. */
void db_set_gate(struct db *db, struct db_gate *g);

/* One connection attempt with db's settings, closed again at once (db itself
 * stays as it was): DB_OK when MariaDB answered, else DB_UNAVAILABLE. A failure
 * is logged only when its error differs from the last one's (the pool's prober
 * calls this every 250 ms while the database is away). */
enum db_rc db_probe(struct db *db);

/* Connect if needed and check that the server answers: DB_OK or DB_UNAVAILABLE. */
enum db_rc db_ping(struct db *db);

/*
 * Prepare sql (cached by pointer), bind the parameters described by sig, execute,
 * and buffer any result set (mysql_stmt_store_result) so rows can be fetched with
 * db_row_next() while other statements run. Signature characters:
 *   'i' int, 'l' long long, 'u' unsigned long long, 'b' int as a bool (TINYINT),
 *   's' const char * (NUL-terminated; NULL binds SQL NULL),
 *   'S' const char *, size_t (explicit length; NULL binds SQL NULL),
 *   't' time_t as a DATETIME in UTC,
 *   'n' before i, l, u, b or t: the argument is a pointer to that type instead
 *       (const int *, const long long *, ..., const time_t *), NULL binds SQL NULL.
 * Arguments must have exactly these types (varargs do not convert): write
 * (long long)0, (size_t)len, (time_t)0 for literals.
 * *out receives the statement (out may be NULL: any result is then discarded);
 * call db_done() when finished with the rows. Running the same sql again discards
 * rows not yet read; running other statements meanwhile is fine.
 */
enum db_rc db_query(struct db *db, struct db_stmt **out, const char *sql, const char *sig, ...);

/*
 * Fetch the next row into pointers described by sig, one per column:
 *   'i' int *, 'l' long long *, 'u' unsigned long long *, 'b' int * (0 or 1),
 *   's' char ** (allocated in a, NUL-terminated, any length; NULL for SQL NULL),
 *   't' time_t * (DATETIME read as UTC).
 * SQL NULL in a number or time column stores 0. a may be NULL when sig has no 's'.
 * DB_OK: a row; DB_NOT_FOUND: no more rows; DB_ERROR: a value does not fit its
 * type (truncation) or sig does not match the columns.
 */
enum db_rc db_row_next(struct db_stmt *st, struct arena *a, const char *sig, ...);

/* Free st's result rows; the statement stays cached, prepared unless its
 * result had more than DB_BIG_RESULT_ROWS rows (then it is closed, so that
 * Connector/C lets go of that result's memory, and prepared again when next
 * run: db.c). NULL is fine. */
#define DB_BIG_RESULT_ROWS 500

void db_done(struct db_stmt *st);

/* db_query for statements without a result set (any result is discarded). */
enum db_rc db_exec(struct db *db, const char *sql, const char *sig, ...);

/* Of the last db_exec/db_query on db (for a SELECT: the number of rows). */
unsigned long long db_affected_rows(struct db *db);

/* AUTO_INCREMENT value of the last INSERT through db_exec/db_query. */
unsigned long long db_insert_id(struct db *db);

/* START TRANSACTION (connecting first if needed). Nesting is a DB_ERROR. */
enum db_rc db_begin(struct db *db);

/* COMMIT. DB_UNAVAILABLE when the connection was lost in the transaction: the
 * outcome of a COMMIT whose answer was lost is unknown, so re-read, never redo. */
enum db_rc db_commit(struct db *db);

/* 1 between db_begin and db_commit/db_rollback. */
int db_in_transaction(const struct db *db);

/* ROLLBACK; a no-op (DB_OK) when no transaction is open, so it is safe at out:. */
enum db_rc db_rollback(struct db *db);

/*
 * Run one SQL text holding several statements (migrations only, never request
 * input): multi-statement mode is switched on for this call alone and every
 * result is drained. Stops at the first failing statement; statements before it
 * stay applied (DDL cannot be rolled back in MariaDB).
 */
enum db_rc db_exec_script(struct db *db, const char *sql, size_t len);

/* --- retry.c: units of work that are safe to run again ---------------- */

#define DB_RETRY_TRIES     4    /* attempts db_retry makes at least: the first and three more */
#define DB_RETRY_BUDGET_MS 2000 /* and more while the conflicts go on, up to this long */

/*
 * A unit of work that may be run again from its start: it opens its own
 * transaction (db_begin ... db_commit) or runs autocommit statements, keeps
 * no state from one attempt to the next except through ctx (which it resets
 * at its start), and returns what happened.
 */
typedef enum db_rc (*db_work_fn)(struct db *db, void *ctx);

/*
 * Run work(db, ctx) until it returns anything but DB_STALE: at least
 * DB_RETRY_TRIES times, then again while less than DB_RETRY_BUDGET_MS has
 * passed since the first attempt (64 people taking the last seat at once on
 * a busy machine meet more than four deadlocks; each of them should get an
 * answer, not a 503, and still within the 3 s bound of R-DB-1). DB_STALE is a deadlock or a Galera
 * certification conflict (both error 1213: the server rolled the whole transaction back) or a lock
 * wait timeout (1205); nothing else is retried, so DB_UNAVAILABLE after a COMMIT whose answer was
 * lost is never run twice. After every attempt a transaction work left open is rolled back; between
 * attempts the thread waits db_retry_pause(). Returns work's last result. Must not be called inside
 * a transaction (DB_ERROR: a retry cannot redo the caller's statements).
 */
enum db_rc db_retry(struct db *db, db_work_fn work, void *ctx);

/* Sleep 5-30 ms times attempt (1, 2, ... counted up to 4), jittered, so the
 * contenders of a deadlock do not meet again at once. */
void db_retry_pause(int attempt);

/* --- like.c ---------------------------------------------------------- */

/*
 * A LIKE pattern matching any text that contains s: "%s%" with '%', '_' and
 * '!' in s escaped by '!', for statements that say `LIKE ? ESCAPE '!'` (a
 * backslash is then an ordinary character, whatever the SQL mode). In a.
 */
char *db_like_contains(struct arena *a, const char *s);

/* "ok", "not found", "conflict", "stale", "unavailable", "error", "timeout" (static). */
const char *db_rc_name(enum db_rc rc);

/* How many DB_ERROR and DB_UNAVAILABLE results this process has returned (DB_TIMEOUT is
 * not one: db_timeout_count). */
unsigned long db_error_count(void);

/* How many DB_TIMEOUT results this process has returned. */
unsigned long db_timeout_count(void);

/* Round trips this thread has made to MariaDB since it started: every prepare,
 * execute, ping, START TRANSACTION, COMMIT, ROLLBACK (not db_exec_script). The router reads
 * it before and after a request (metrics: dysgu_db_round_trips_total by route). */
unsigned long db_thread_round_trips(void);

/*
 * Parse "mysql://user:pass@host[:port]/dbname" or
 * "mysql://user:pass@localhost/dbname?socket=/abs/path.sock" (also "mariadb://";
 * user, password, database and option values are percent-decoded) into p, with
 * strings allocated in a. TLS options: ssl=1 (TLS required, the server's
 * certificate and name verified) or ssl=0, ssl-ca=, ssl-cert=, ssl-key= (absolute
 * paths, only with ssl=1; cert and key together). A TCP host other than
 * localhost, 127.0.0.1 or ::1 needs ssl= written out: plain text to another
 * machine is never the default. 0, or -1 with a message (no secrets) in err.
 */
int db_params_parse(struct arena *a, const char *url, struct db_params *p, char *err,
                    size_t errlen);
