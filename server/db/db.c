#include "db/db.h"

#include <assert.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <mysql.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/db_impl.h"
#include "db/gate.h"
#include "db/stmt.h"

#define CONNECT_BACKOFF_MS 250 /* without a gate: no connect attempt sooner after a failed one */
#define CONNECT_SLOT_MS    500 /* with a gate: wait this long at most for a connect slot */
/* a failed connect this slow ran into the 1 s timeout (set_options()) */
#define CONNECT_TIMED_OUT_MS 900
#define IDLE_PING_MS         5000 /* ping before a write on a connection idle this long */
#define DEADLOCK_TRIES       3    /* autocommit statements rolled back by 1213 */
#define SQL_LOG_CHARS        60

/* Session settings on every (re)connect (security.md 4.1, 4.2). The lock wait
 * timeout stays below the 10 s read timeout so a blocked row lock ends as 1205
 * (DB_STALE) instead of a dropped connection. */
static const char init_sql[] =
    "SET SESSION sql_mode='STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE', time_zone='+00:00', "
    "collation_connection='utf8mb4_uca1400_ai_ci', innodb_lock_wait_timeout=5";

#ifndef ER_STATEMENT_TIMEOUT
#define ER_STATEMENT_TIMEOUT 1969
#endif
/* my_base.h's HA_ERR_ABORTED_BY_USER, which the client headers lack: a
 * statement stopped (its time limit, KILL QUERY) inside the storage engine */
#define HA_ERR_ABORTED_BY_USER_ 188

static atomic_ulong n_errors, n_timeouts;

/* Exchanges with the server made by this thread (db_thread_round_trips). */
static _Thread_local unsigned long n_trips;

void db_trip(void)
{
    n_trips++;
}

void db_used(struct db *db)
{
    db->used_ms = clock_ms();
    if (db->gate)
        db_gate_alive(db->gate, db->used_ms);
}

unsigned long db_thread_round_trips(void)
{
    return n_trips;
}

/* Count DB_ERROR and DB_UNAVAILABLE on their way out to a caller. */
enum db_rc db_counted(enum db_rc rc)
{
    if (rc == DB_ERROR || rc == DB_UNAVAILABLE)
        atomic_fetch_add(&n_errors, 1);
    else if (rc == DB_TIMEOUT)
        atomic_fetch_add(&n_timeouts, 1);
    return rc;
}

unsigned long db_error_count(void)
{
    return atomic_load(&n_errors);
}

unsigned long db_timeout_count(void)
{
    return atomic_load(&n_timeouts);
}

const char *db_rc_name(enum db_rc rc)
{
    switch (rc) {
    case DB_OK:
        return "ok";
    case DB_NOT_FOUND:
        return "not found";
    case DB_CONFLICT:
        return "conflict";
    case DB_STALE:
        return "stale";
    case DB_UNAVAILABLE:
        return "unavailable";
    case DB_TIMEOUT:
        return "timeout";
    case DB_ERROR:
        break;
    }
    return "error";
}

static enum db_rc classify(unsigned e)
{
    switch (e) {
    case ER_DUP_ENTRY:
    case ER_DUP_ENTRY_WITH_KEY_NAME:
        return DB_CONFLICT;
    case ER_LOCK_DEADLOCK:
    case ER_LOCK_WAIT_TIMEOUT:
        return DB_STALE;
    case ER_STATEMENT_TIMEOUT:    /* 1969: max_statement_time; the session goes on */
    case HA_ERR_ABORTED_BY_USER_: /* 188: the same, when InnoDB's FULLTEXT search noticed it */
        return DB_TIMEOUT;
    case CR_CONNECTION_ERROR:     /* 2002 */
    case CR_CONN_HOST_ERROR:      /* 2003 */
    case CR_SERVER_GONE_ERROR:    /* 2006 */
    case CR_SERVER_LOST:          /* 2013 */
    case CR_SERVER_LOST_EXTENDED: /* 2055 */
    case ER_CONNECTION_KILLED:    /* 1927 */
    case 4031: /* MySQL's ER_CLIENT_INTERACTION_TIMEOUT; in 10.11 a trigger DDL error */
    case ER_UNKNOWN_COM_ERROR:    /* 1047: Galera node not ready */
    case ER_ERROR_DURING_COMMIT:  /* 1180: Galera not in Primary Component */
    case ER_SERVER_SHUTDOWN:      /* 1053 */
    case ER_UNKNOWN_STMT_HANDLER: /* 1243: the statements died with the session */
        return DB_UNAVAILABLE;
    default:
        return DB_ERROR;
    }
}

/* Close the connection and every statement on it (they are dead with it). */
void db_disconnect(struct db *db)
{
    stmt_cache_close_all(&db->cache);
    if (db->m)
        mysql_close(db->m);
    db->m = NULL;
    if (db->in_tx)
        db->tx_lost = 1;
}

/* A connection open when MariaDB dropped another is dead or as good as
 * (db/gate.h): close it quietly (not in a transaction: that one ends by itself). */
static void drop_if_outdated(struct db *db)
{
    if (db->m && db->gate && !db->in_tx && db->gen != db_gate_generation(db->gate))
        db_disconnect(db);
}

/* A live connection died: tell the gate. When that took it DOWN, this call
 * holds the probe token for its one retry (at), or gives it back at once. */
static void lost(struct db *db, struct attempt *at)
{
    long long now = clock_ms();

    if (!db->gate || db_gate_lost(db->gate, db->gen, now) != DB_GATE_TOKEN)
        return;
    if (at && !at->token)
        at->token = 1;
    else
        db_gate_drop(db->gate, now);
}

/* At the end of a public call: a probe token it did not use goes back. */
void db_settle(struct db *db, struct attempt *at)
{
    if (!at->token)
        return;
    at->token = 0;
    db_gate_drop(db->gate, clock_ms());
}

/* Log a failed call (code, message, start of the SQL; never parameter values),
 * drop the connection if it is lost, and map the code to a db_rc. */
static enum db_rc fail(struct db *db, struct attempt *at, unsigned e, const char *msg,
                       const char *sql)
{
    enum db_rc rc = classify(e);

    if (at) {
        at->errnum = e;
        at->lost = rc == DB_UNAVAILABLE;
    }
    if (rc == DB_UNAVAILABLE) {
        log_warn("database connection lost (%u) in '%.*s': %s", e, SQL_LOG_CHARS, sql, msg);
        db_disconnect(db);
        lost(db, at);
    } else if (rc == DB_TIMEOUT) {
        log_warn("database statement stopped at its time limit (%u) in '%.*s'", e, SQL_LOG_CHARS,
                 sql);
    } else if (rc == DB_ERROR) {
        log_error("database error %u in '%.*s': %s", e, SQL_LOG_CHARS, sql, msg);
    }
    return rc;
}

static enum db_rc fail_stmt(struct db *db, struct attempt *at, MYSQL_STMT *st, const char *sql)
{
    return fail(db, at, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
}

enum db_rc db_fail_conn(struct db *db, struct attempt *at, const char *sql)
{
    return fail(db, at, mysql_errno(db->m), mysql_error(db->m), sql);
}

int db_library_init(void)
{
    if (mysql_library_init(0, NULL, NULL))
        return log_error("cannot initialise the MariaDB client library");
    return 0;
}

void db_library_end(void)
{
    mysql_library_end();
}

void db_thread_end(void)
{
    mysql_thread_end();
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void db_set_gate(struct db *db, struct db_gate *g)
{
    db->gate = g;
}

struct db *db_new(const struct db_params *p)
{
    struct db *db = xcalloc(1, sizeof(*db));

    db->host = dup_or_null(p->host);
    db->user = dup_or_null(p->user);
    db->password = dup_or_null(p->password);
    db->name = dup_or_null(p->name);
    db->socket = dup_or_null(p->socket);
    db->port = p->port;
    db->ssl = p->ssl;
    db->ssl_ca = dup_or_null(p->ssl_ca);
    db->ssl_cert = dup_or_null(p->ssl_cert);
    db->ssl_key = dup_or_null(p->ssl_key);
    stmt_cache_init(&db->cache, STMT_PREPARED_MAX);
    return db;
}

void db_free(struct db *db)
{
    if (!db)
        return;
    if (db->m && db->in_tx && !db->tx_lost)
        mysql_rollback(db->m);
    db_disconnect(db);
    stmt_cache_release(&db->cache);
    if (db->password)
        sodium_memzero(db->password, strlen(db->password));
    free(db->host);
    free(db->user);
    free(db->password);
    free(db->name);
    free(db->socket);
    free(db->ssl_ca);
    free(db->ssl_cert);
    free(db->ssl_key);
    free(db);
}

/* ssl=1 (db/params.c): TLS or no connection at all, the server's certificate
 * checked against ssl_ca (or the system's CAs) and its name against host. */
static int set_tls(MYSQL *m, const struct db *db)
{
    my_bool on = 1;

    if (!db->ssl)
        return 0;
    return mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on) ||
           mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on) ||
           (db->ssl_ca && mysql_optionsv(m, MYSQL_OPT_SSL_CA, db->ssl_ca)) ||
           (db->ssl_cert && mysql_optionsv(m, MYSQL_OPT_SSL_CERT, db->ssl_cert)) ||
           (db->ssl_key && mysql_optionsv(m, MYSQL_OPT_SSL_KEY, db->ssl_key));
}

static int set_options(MYSQL *m, const struct db *db)
{
    unsigned connect_timeout = 1, read_timeout = 10, write_timeout = 10, local_infile = 0;
    my_bool report_truncation = 1;

    return mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4") ||
           mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout) ||
           mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &read_timeout) ||
           mysql_optionsv(m, MYSQL_OPT_WRITE_TIMEOUT, &write_timeout) ||
           mysql_optionsv(m, MYSQL_OPT_LOCAL_INFILE, &local_infile) ||
           mysql_optionsv(m, MYSQL_REPORT_DATA_TRUNCATION, &report_truncation) ||
           mysql_optionsv(m, MYSQL_INIT_COMMAND, init_sql) || set_tls(m, db);
}

/* A new connection with db's settings, or NULL with the error in *err and
 * logged (quiet: only when it differs from the last failure's). */
static MYSQL *connect_new(struct db *db, unsigned *err, int quiet)
{
    MYSQL *m = mysql_init(NULL);
    unsigned e;

    if (!m) {
        *err = CR_OUT_OF_MEMORY;
        log_error("cannot allocate a MariaDB connection");
        return NULL;
    }
    /* CLIENT_FOUND_ROWS: affected rows = matched rows (see db.h); never
     * CLIENT_MULTI_STATEMENTS here */
    if (!set_options(m, db) && mysql_real_connect(m, db->host, db->user, db->password, db->name,
                                                  db->port, db->socket, CLIENT_FOUND_ROWS)) {
        db->connect_err = 0;
        return m;
    }
    e = mysql_errno(m);
    if (!quiet || e != db->connect_err)
        log_warn("cannot connect to the database (%u): %s", e, mysql_error(m));
    db->connect_err = e;
    *err = e;
    mysql_close(m);
    return NULL;
}

/* Make sure db->m is connected: at most one attempt per call (at), none inside a
 * transaction that lost its connection, none while the gate is DOWN unless this
 * call holds its token; without a gate none within CONNECT_BACKOFF_MS of a
 * failed one. */
enum db_rc db_ensure_connected(struct db *db, struct attempt *at)
{
    enum db_gate_pass pass = DB_GATE_OPEN;
    long long now;

    drop_if_outdated(db);
    if (db->m)
        return DB_OK;
    if (db->in_tx || at->connected)
        return DB_UNAVAILABLE;
    now = clock_ms();
    if (!db->gate && now < db->retry_at_ms)
        return DB_UNAVAILABLE;
    if (db->gate) {
        pass = at->token ? DB_GATE_TOKEN : db_gate_enter(db->gate, CONNECT_SLOT_MS);
        at->token = 0;
        if (pass == DB_GATE_SHUT)
            return DB_UNAVAILABLE;
        db->gen = db_gate_generation(db->gate);
    }
    at->connected = 1;
    now = clock_ms();
    db->m = connect_new(db, &at->errnum, 0);
    if (db->gate) {
        long long done = clock_ms();

        db_gate_leave(db->gate, pass,
                      db->m                                ? DB_GATE_OK
                      : done - now >= CONNECT_TIMED_OUT_MS ? DB_GATE_TIMED_OUT
                                                           : DB_GATE_FAILED,
                      done);
    }
    if (!db->m) {
        db->retry_at_ms = now + CONNECT_BACKOFF_MS;
        return DB_UNAVAILABLE;
    }
    db_used(db);
    return DB_OK;
}

/* A request that gave its pooled connection back (http/req.h) holds NULL:
 * using it is a bug, refused loudly rather than crashing the server. */
enum db_rc db_no_db(const char *what)
{
    log_error("%s on a database connection already given back (a bug)", what);
    return db_counted(DB_ERROR);
}

enum db_rc db_ping(struct db *db)
{
    struct attempt at = { 0 };
    enum db_rc rc;

    if (!db)
        return db_no_db("db_ping");
    rc = db_ensure_connected(db, &at);
    if (rc == DB_OK && !at.connected) {
        n_trips++;
        if (mysql_ping(db->m) == 0) {
            db_used(db);
        } else {
            rc = db_fail_conn(db, &at, "(ping)");
            if (rc == DB_UNAVAILABLE && !db->in_tx)
                rc = db_ensure_connected(db, &at);
        }
    }
    db_settle(db, &at);
    return db_counted(rc);
}

enum db_rc db_probe(struct db *db)
{
    unsigned err = 0;
    MYSQL *m;

    if (!db)
        return db_no_db("db_probe");
    m = connect_new(db, &err, 1);
    if (!m)
        return DB_UNAVAILABLE;
    mysql_close(m);
    return DB_OK;
}

/* A SELECT, or `SET STATEMENT var=value, ... FOR SELECT ...` (a time limit
 * for one statement): a read, safe to run again. */
static int is_select(const char *sql)
{
    const char *f;

    while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
        sql++;
    if (strncasecmp(sql, "SET STATEMENT ", 14) == 0 && (f = strstr(sql, " FOR ")) != NULL)
        return is_select(f + 5);
    return strncasecmp(sql, "SELECT", 6) == 0;
}

/* Prepare (if needed), bind, execute and buffer the result: one try. */
static enum db_rc run_once(struct db *db, struct db_stmt *e, struct stmt_params *p,
                           struct attempt *at)
{
    enum db_rc rc = db_ensure_connected(db, at);

    if (rc != DB_OK)
        return rc;
    if (!e->st) {
        if (!stmt_open(&db->cache, e, db->m))
            return db_fail_conn(db, at, e->sql);
        n_trips++;
        if (mysql_stmt_prepare(e->st, e->sql, (unsigned long)strlen(e->sql))) {
            rc = fail_stmt(db, at, e->st, e->sql);
            stmt_close(&db->cache, e);
            return rc;
        }
    }
    if (mysql_stmt_param_count(e->st) != p->n) {
        log_error("statement '%.*s' takes %lu parameters, its signature gives %u", SQL_LOG_CHARS,
                  e->sql, mysql_stmt_param_count(e->st), p->n);
        return DB_ERROR;
    }
    if (e->has_result) {
        mysql_stmt_free_result(e->st);
        e->has_result = 0;
    }
    if (p->n && mysql_stmt_bind_param(e->st, p->bind))
        return fail_stmt(db, at, e->st, e->sql);
    at->sent = 1;
    n_trips++;
    if (mysql_stmt_execute(e->st)) {
        /* a table changed under the statement (a migration while serving): the
         * server refused to run it, so preparing it again is safe */
        if (mysql_stmt_errno(e->st) == ER_NEED_REPREPARE && !at->reprepared) {
            at->reprepared = 1;
            stmt_close(&db->cache, e);
            return run_once(db, e, p, at);
        }
        return fail_stmt(db, at, e->st, e->sql);
    }
    if (mysql_stmt_field_count(e->st) > 0) {
        if (mysql_stmt_store_result(e->st))
            return fail_stmt(db, at, e->st, e->sql);
        e->has_result = 1;
    }
    db->affected = (unsigned long long)mysql_stmt_affected_rows(e->st);
    db->insert_id = (unsigned long long)mysql_stmt_insert_id(e->st);
    db_used(db);
    return DB_OK;
}

/* A write on a connection idle for a while: find out now, before sending it,
 * whether the server restarted, because a write that fails mid-flight cannot be
 * retried. A dead connection is dropped here and reopened by run_once(). */
static void check_idle_connection(struct db *db, struct attempt *at)
{
    drop_if_outdated(db);
    if (!db->m || db->in_tx || clock_ms() - db->used_ms < IDLE_PING_MS)
        return;
    n_trips++;
    if (mysql_ping(db->m) == 0) {
        db_used(db);
        return;
    }
    log_info("idle database connection is gone (%u): reconnecting", mysql_errno(db->m));
    db_disconnect(db);
    lost(db, at);
}

static enum db_rc query_run(struct db *db, struct db_stmt **out, const char *sql,
                            struct stmt_params *p);

static enum db_rc query_v(struct db *db, struct db_stmt **out, const char *sql, const char *sig,
                          va_list ap)
{
    struct stmt_params p;
    const char *why = NULL;
    enum db_rc rc;

    assert(sql && sig);
    if (out)
        *out = NULL;
    if (!db) {
        log_error("'%.*s' on a database connection already given back (a bug)", SQL_LOG_CHARS, sql);
        return DB_ERROR;
    }
    if (stmt_params_collect(&p, sig, ap, &why)) {
        log_error("bad parameters for '%.*s': %s", SQL_LOG_CHARS, sql, why);
        stmt_params_release(&p);
        return DB_ERROR;
    }
    rc = query_run(db, out, sql, &p);
    stmt_params_release(&p);
    return rc;
}

/* query_v with its parameters collected. */
static enum db_rc query_run(struct db *db, struct db_stmt **out, const char *sql,
                            struct stmt_params *p)
{
    struct attempt at = { 0 };
    struct db_stmt *e;
    int is_read = is_select(sql);
    int n_deadlocks = 0;
    int retried = 0;
    enum db_rc rc;

    if (db->in_tx && db->tx_lost)
        return DB_UNAVAILABLE;
    e = stmt_cache_get(&db->cache, db, sql);
    if (!e) {
        log_error("statement cache full (%d) at '%.*s'", STMT_CACHE_SIZE, SQL_LOG_CHARS, sql);
        return DB_ERROR;
    }
    if (!is_read)
        check_idle_connection(db, &at);
    for (;;) {
        at.sent = 0;
        at.lost = 0;
        at.errnum = 0;
        rc = run_once(db, e, p, &at);
        if (rc == DB_OK)
            break;
        /* a live connection died: once more on a fresh one (the only connect of
         * this call) when that cannot run a write twice */
        if (rc == DB_UNAVAILABLE && at.lost && !retried && !db->in_tx && !at.connected &&
            (is_read || !at.sent)) {
            retried = 1;
            log_info("retrying '%.*s' on a new connection", SQL_LOG_CHARS, sql);
            continue;
        }
        /* an autocommit statement chosen as a deadlock victim was rolled back */
        if (rc == DB_STALE && at.errnum == ER_LOCK_DEADLOCK && !db->in_tx &&
            ++n_deadlocks < DEADLOCK_TRIES) {
            db_retry_pause(n_deadlocks);
            continue;
        }
        break;
    }
    db_settle(db, &at);
    if (rc == DB_OK && out)
        *out = e;
    else if (rc == DB_OK)
        db_done(e);
    return rc;
}

enum db_rc db_query(struct db *db, struct db_stmt **out, const char *sql, const char *sig, ...)
{
    va_list ap;
    enum db_rc rc;

    va_start(ap, sig);
    rc = query_v(db, out, sql, sig, ap);
    va_end(ap);
    return db_counted(rc);
}

enum db_rc db_exec(struct db *db, const char *sql, const char *sig, ...)
{
    struct db_stmt *st = NULL;
    va_list ap;
    enum db_rc rc;

    va_start(ap, sig);
    rc = query_v(db, &st, sql, sig, ap);
    va_end(ap);
    db_done(st);
    return db_counted(rc);
}

enum db_rc db_row_next(struct db_stmt *st, struct arena *a, const char *sig, ...)
{
    const char *why = NULL;
    enum stmt_fetch_rc frc;
    enum db_rc rc = DB_ERROR;
    va_list ap;

    assert(sig);
    if (!st)
        return db_counted(DB_ERROR);
    if (!st->st || !st->has_result) {
        /* the connection was lost (by another statement) since db_query */
        if (!st->db->m)
            return db_counted(DB_UNAVAILABLE);
        log_error("no result to fetch for '%.*s'", SQL_LOG_CHARS, st->sql);
        return db_counted(DB_ERROR);
    }
    va_start(ap, sig);
    frc = stmt_row_fetch(st->st, a, sig, ap, &why);
    va_end(ap);
    switch (frc) {
    case STMT_ROW:
        rc = DB_OK;
        break;
    case STMT_END:
        rc = DB_NOT_FOUND;
        break;
    case STMT_BAD:
        log_error("cannot fetch a row of '%.*s': %s", SQL_LOG_CHARS, st->sql, why);
        rc = DB_ERROR;
        break;
    case STMT_DRIVER:
        rc = fail_stmt(st->db, NULL, st->st, st->sql);
        break;
    }
    return db_counted(rc);
}

void db_done(struct db_stmt *st)
{
    if (!st || !st->st || !st->has_result)
        return;
    /* A statement that read thousands of rows (the apprentices' roster,
     * the catalogue's words) kept megabytes of Connector/C's memory in
     * every pooled connection for good (heaptrack after the full bench:
     * 14.8 MB still held by libmariadb, 7.8 MB of it those statements'):
     * each block of a statement's result is bigger than the last it took
     * (ma_alloc_root's block count is never reset). Closed, it is prepared
     * again on its next use: one round trip beside a read of that size. */
    if (mysql_stmt_num_rows(st->st) > DB_BIG_RESULT_ROWS) {
        stmt_close(&st->db->cache, st);
        return;
    }
    mysql_stmt_free_result(st->st);
    st->has_result = 0;
}

unsigned long long db_affected_rows(struct db *db)
{
    return db ? db->affected : 0;
}

unsigned long long db_insert_id(struct db *db)
{
    return db ? db->insert_id : 0;
}
