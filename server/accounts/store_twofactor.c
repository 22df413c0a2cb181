#include <stdio.h>
#include <string.h>

#include "auth/sessioncache.h"
#include "twofactor.h"

enum twofactor_sql {
    SQL_TF_GET,
    SQL_TF_START,
    SQL_TF_CONFIRM,
    SQL_TF_CODES_CLEAR,
    SQL_TF_CODE_ADD,
    SQL_TF_USE_STEP,
    SQL_TF_USE_CODE,
    SQL_TF_PENDING_NEW,
    SQL_TF_PENDING_GET,
    SQL_TF_PENDING_FAILED,
    SQL_TF_PENDING_END,
    SQL_TF_PENDING_PURGE,
    SQL_TF_REMOVE,
    SQL_TF__MAX,
};

static const char *const sql[SQL_TF__MAX] = {
    [SQL_TF_GET] = "SELECT t.secret_hex, t.confirmed_at IS NOT NULL, t.last_step, "
                   "(SELECT COUNT(*) FROM recovery_codes c WHERE c.user_id = t.user_id "
                   "AND c.used_at IS NULL) FROM totp_secrets t WHERE t.user_id = ?",
    [SQL_TF_START] = "INSERT INTO totp_secrets (user_id, secret_hex, created_at) "
                     "VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
                     "secret_hex = IF(confirmed_at IS NULL, VALUES(secret_hex), secret_hex)",
    [SQL_TF_CONFIRM] = "UPDATE totp_secrets SET confirmed_at = UTC_TIMESTAMP(), last_step = ? "
                       "WHERE user_id = ? AND confirmed_at IS NULL",
    [SQL_TF_CODES_CLEAR] = "DELETE FROM recovery_codes WHERE user_id = ?",
    [SQL_TF_CODE_ADD] = "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)",
    [SQL_TF_USE_STEP] = "UPDATE totp_secrets SET last_step = ? "
                        "WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?",
    [SQL_TF_USE_CODE] = "UPDATE recovery_codes SET used_at = UTC_TIMESTAMP() "
                        "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    [SQL_TF_PENDING_NEW] = "INSERT INTO login_pending (token_hash, user_id, next_path, expires_at) "
                           "VALUES (?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)",
    [SQL_TF_PENDING_GET] = "SELECT user_id, next_path, attempts FROM login_pending "
                           "WHERE token_hash = ? AND expires_at > UTC_TIMESTAMP() AND attempts < ?",
    [SQL_TF_PENDING_FAILED] =
        "UPDATE login_pending SET attempts = attempts + 1 WHERE token_hash = ?",
    [SQL_TF_PENDING_END] = "DELETE FROM login_pending WHERE token_hash = ?",
    [SQL_TF_PENDING_PURGE] =
        "DELETE FROM login_pending WHERE expires_at < UTC_TIMESTAMP() LIMIT 100",
    [SQL_TF_REMOVE] = "DELETE FROM totp_secrets WHERE user_id = ?",
};

enum db_rc twofactor_get(struct db *db, struct arena *a, long long user_id, struct twofactor *out)
{
    struct db_stmt *st = NULL;
    char *secret = NULL;
    long long left = 0;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = db_query(db, &st, sql[SQL_TF_GET], "l", user_id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "siul", &secret, &out->confirmed, &out->last_step, &left);
    db_done(st);
    if (rc == DB_OK) {
        snprintf(out->secret, sizeof(out->secret), "%s", secret ? secret : "");
        out->codes_left = (int)left;
    }
    return rc;
}

enum db_rc twofactor_start(struct db *db, long long user_id, const char *secret)
{
    return db_exec(db, sql[SQL_TF_START], "ls", user_id, secret);
}

/* The recovery codes of user_id replaced by the n hashes (inside the caller's transaction). */
static enum db_rc put_codes(struct db *db, long long user_id, char (*hashes)[RECOVERY_HASH_HEX + 1],
                            int n)
{
    enum db_rc rc = db_exec(db, sql[SQL_TF_CODES_CLEAR], "l", user_id);

    for (int i = 0; rc == DB_OK && i < n; i++)
        rc = db_exec(db, sql[SQL_TF_CODE_ADD], "ls", user_id, hashes[i]);
    return rc;
}

enum db_rc twofactor_confirm(struct db *db, long long user_id, unsigned long long step,
                             char (*hashes)[RECOVERY_HASH_HEX + 1], int n)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_TF_CONFIRM], "ul", step, user_id);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_NOT_FOUND;
    if (rc == DB_OK)
        rc = put_codes(db, user_id, hashes, n);
    sessioncache_forget_user(user_id); /* twofactor_due (session_load) */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc twofactor_codes_replace(struct db *db, long long user_id,
                                   char (*hashes)[RECOVERY_HASH_HEX + 1], int n)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = put_codes(db, user_id, hashes, n);
    sessioncache_forget_user(user_id); /* twofactor_due (session_load) */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc twofactor_remove(struct db *db, long long user_id)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_TF_REMOVE], "l", user_id);
    if (rc == DB_OK)
        rc = put_codes(db, user_id, NULL, 0);
    sessioncache_forget_user(user_id); /* twofactor_due (session_load) */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc twofactor_use_step(struct db *db, long long user_id, unsigned long long step, int *ok)
{
    enum db_rc rc = db_exec(db, sql[SQL_TF_USE_STEP], "ulu", step, user_id, step);

    *ok = rc == DB_OK && db_affected_rows(db) == 1;
    return rc;
}

enum db_rc twofactor_use_recovery(struct db *db, long long user_id, const char *hash, int *ok)
{
    enum db_rc rc = db_exec(db, sql[SQL_TF_USE_CODE], "ls", user_id, hash);

    *ok = rc == DB_OK && db_affected_rows(db) == 1;
    return rc;
}

enum db_rc twofactor_pending_new(struct db *db, const char *hash, long long user_id,
                                 const char *next)
{
    enum db_rc rc = db_exec(db, sql[SQL_TF_PENDING_PURGE], "");

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_TF_PENDING_NEW], "slsi", hash, user_id, next,
                     TWOFACTOR_PENDING_TTL);
    return rc;
}

enum db_rc twofactor_pending_get(struct db *db, struct arena *a, const char *hash,
                                 long long *user_id, char **next, int *attempts)
{
    struct db_stmt *st = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_TF_PENDING_GET], "si", hash, TWOFACTOR_PENDING_ATTEMPTS);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lsi", user_id, next, attempts);
    db_done(st);
    return rc;
}

enum db_rc twofactor_pending_failed(struct db *db, const char *hash)
{
    return db_exec(db, sql[SQL_TF_PENDING_FAILED], "s", hash);
}

enum db_rc twofactor_pending_end(struct db *db, const char *hash)
{
    return db_exec(db, sql[SQL_TF_PENDING_END], "s", hash);
}
