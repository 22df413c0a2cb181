/*
 * The one-time links e-mailed to a person besides password resets (issue
 * 23): e-mail verification (24 hours) and sign-in unlock (30 minutes). Each
 * kind has its own table of the same shape (migration 0037): only the
 * token's hash, when it ends and when it was used. Also the verified mark
 * on users that the verification link sets.
 */
#include "accounts/accounts.h"
#include "auth/sessioncache.h"

enum links_sql {
    SQL_LINK_CREATE,
    SQL_LINK_FIND,
    SQL_LINK_USE,
    SQL_LINK_USE_OTHERS,
    SQL_LINK__MAX,
};

/* Statements of one kind of link, one table each (SQL never names a table
 * from a parameter). */
#define LINK_SQL(table)                                                                            \
    {                                                                                              \
        [SQL_LINK_CREATE] = "INSERT INTO " table " (token_hash, user_id, created_at, expires_at) " \
                            "VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)", \
        [SQL_LINK_FIND] = "SELECT l.user_id FROM " table " l JOIN users u ON u.id = l.user_id "    \
                          "WHERE l.token_hash = ? AND l.used_at IS NULL "                          \
                          "AND l.expires_at > UTC_TIMESTAMP() AND u.disabled = 0",                 \
        [SQL_LINK_USE] = "UPDATE " table " SET used_at = UTC_TIMESTAMP() WHERE token_hash = ? "    \
                         "AND user_id = ? AND used_at IS NULL AND expires_at > UTC_TIMESTAMP()",   \
        [SQL_LINK_USE_OTHERS] = "UPDATE " table " SET used_at = UTC_TIMESTAMP() "                  \
                                "WHERE user_id = ? AND used_at IS NULL",                           \
    }

static const char *const sql[ACCOUNT_LINK__MAX][SQL_LINK__MAX] = {
    [ACCOUNT_LINK_VERIFY] = LINK_SQL("email_verifications"),
    [ACCOUNT_LINK_UNLOCK] = LINK_SQL("account_unlocks"),
};

enum verified_sql {
    SQL_VERIFIED_CLEAR,
    SQL_VERIFIED_SET,
    SQL_VERIFIED_GET,
    SQL_VERIFIED__MAX,
};

static const char *const sql_verified[SQL_VERIFIED__MAX] = {
    [SQL_VERIFIED_CLEAR] = "UPDATE users SET email_verified_at = NULL WHERE id = ?",
    [SQL_VERIFIED_SET] = "UPDATE users SET email_verified_at = UTC_TIMESTAMP() "
                         "WHERE id = ? AND email_verified_at IS NULL",
    [SQL_VERIFIED_GET] = "SELECT email_verified_at IS NOT NULL FROM users WHERE id = ?",
};

enum db_rc account_store_link_create(struct db *db, enum account_link kind, long long user_id,
                                     const char *token_hash, int ttl_s)
{
    return db_exec(db, sql[kind][SQL_LINK_CREATE], "sli", token_hash, user_id, ttl_s);
}

enum db_rc account_store_link_find(struct db *db, enum account_link kind, const char *token_hash,
                                   long long *user_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[kind][SQL_LINK_FIND], "s", token_hash);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", user_id);
    db_done(st);
    return rc;
}

enum db_rc account_store_link_use(struct db *db, enum account_link kind, const char *token_hash,
                                  long long user_id)
{
    enum db_rc rc = db_exec(db, sql[kind][SQL_LINK_USE], "sl", token_hash, user_id);

    if (rc != DB_OK)
        return rc;
    if (db_affected_rows(db) == 0)
        return DB_NOT_FOUND;
    return db_exec(db, sql[kind][SQL_LINK_USE_OTHERS], "l", user_id);
}

enum db_rc account_store_unverified(struct db *db, long long user_id)
{
    enum db_rc rc = db_exec(db, sql_verified[SQL_VERIFIED_CLEAR], "l", user_id);

    sessioncache_forget_user(user_id); /* the header's reminder (session_load) */
    return rc;
}

enum db_rc account_store_verified(struct db *db, long long user_id)
{
    enum db_rc rc = db_exec(db, sql_verified[SQL_VERIFIED_SET], "l", user_id);

    sessioncache_forget_user(user_id); /* the header's reminder (session_load) */
    return rc;
}

enum db_rc account_store_is_verified(struct db *db, long long user_id, int *verified)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql_verified[SQL_VERIFIED_GET], "l", user_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "i", verified);
    db_done(st);
    return rc;
}
