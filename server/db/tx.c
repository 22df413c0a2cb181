/* db: transactions and multi-statement scripts on one connection (db.h),
 * through the helpers every call of db.c goes through (db_impl.h). */
#include <mysql.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/db_impl.h"

enum db_rc db_begin(struct db *db)
{
    static const char sql[] = "START TRANSACTION";
    struct attempt at = { 0 };
    enum db_rc rc;
    int tries;

    if (!db)
        return db_no_db("db_begin");
    if (db->in_tx) {
        log_error("db_begin inside an open transaction");
        return db_counted(DB_ERROR);
    }
    /* nothing has been written yet, so a lost connection may be retried once */
    for (tries = 0; tries < 2; tries++) {
        at.lost = 0;
        rc = db_ensure_connected(db, &at);
        if (rc != DB_OK)
            break;
        db_trip();
        if (mysql_real_query(db->m, sql, sizeof(sql) - 1) == 0) {
            db->in_tx = 1;
            db->tx_lost = 0;
            db_used(db);
            break;
        }
        rc = db_fail_conn(db, &at, sql);
        if (!at.lost || at.connected)
            break;
    }
    db_settle(db, &at);
    return db_counted(rc);
}

enum db_rc db_commit(struct db *db)
{
    enum db_rc rc = DB_OK;

    if (!db)
        return db_no_db("db_commit");
    if (!db->in_tx) {
        log_error("db_commit without a transaction");
        return db_counted(DB_ERROR);
    }
    if (db->m && !db->tx_lost)
        db_trip();
    if (db->tx_lost || !db->m) {
        rc = DB_UNAVAILABLE;
    } else if (mysql_commit(db->m)) {
        rc = db_fail_conn(db, NULL, "COMMIT");
        /* a failed COMMIT (e.g. a Galera certification conflict) leaves nothing
         * to keep: make sure the session is back in autocommit state */
        if (db->m)
            mysql_rollback(db->m);
    } else {
        db_used(db);
    }
    db->in_tx = 0;
    db->tx_lost = 0;
    return db_counted(rc);
}

int db_in_transaction(const struct db *db)
{
    return db && db->in_tx;
}

enum db_rc db_rollback(struct db *db)
{
    enum db_rc rc = DB_OK;

    if (!db || !db->in_tx)
        return DB_OK;
    /* a lost connection has rolled the transaction back already */
    if (db->m && !db->tx_lost)
        db_trip();
    if (db->m && !db->tx_lost && mysql_rollback(db->m))
        rc = db_fail_conn(db, NULL, "ROLLBACK");
    db->in_tx = 0;
    db->tx_lost = 0;
    return db_counted(rc);
}

/* Drain every result of a multi-statement text; the first failure wins. */
static enum db_rc drain_results(struct db *db, int status, const char *sql)
{
    MYSQL_RES *res;

    for (;;) {
        if (status > 0)
            return db_fail_conn(db, NULL, sql);
        if (status < 0)
            return DB_OK;
        res = mysql_store_result(db->m);
        if (res)
            mysql_free_result(res);
        else if (mysql_field_count(db->m) != 0)
            return db_fail_conn(db, NULL, sql);
        status = mysql_next_result(db->m);
    }
}

enum db_rc db_exec_script(struct db *db, const char *sql, size_t len)
{
    struct attempt at = { 0 };
    enum db_rc rc;

    if (!db)
        return db_no_db("db_exec_script");
    if (db->in_tx) {
        log_error("db_exec_script inside a transaction");
        return db_counted(DB_ERROR);
    }
    rc = db_ensure_connected(db, &at);
    if (rc != DB_OK)
        return db_counted(rc);
    if (mysql_set_server_option(db->m, MYSQL_OPTION_MULTI_STATEMENTS_ON))
        return db_counted(db_fail_conn(db, NULL, "(multi-statements on)"));
    rc = drain_results(db, mysql_real_query(db->m, sql, (unsigned long)len) ? 1 : 0, sql);
    /* the connection must never stay in multi-statement mode: drop it if unsure */
    if (db->m && mysql_set_server_option(db->m, MYSQL_OPTION_MULTI_STATEMENTS_OFF)) {
        log_warn("cannot switch multi-statements off (%u): closing the connection",
                 mysql_errno(db->m));
        db_disconnect(db);
    }
    if (rc == DB_OK)
        db_used(db);
    return db_counted(rc);
}
