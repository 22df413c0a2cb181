/*
 * Known devices (issue 23, finding 1): a browser that signed in to an
 * account before carries a long-lived random cookie, "device" ("__Host-device"
 * behind TLS; HttpOnly, SameSite=Lax, a year). The database keeps only the
 * token's BLAKE2b-256 hash, one row per (browser, account), so one shared
 * computer can be known to several accounts. Sign-in lets a correct password
 * from a known device through even while strangers' failures have made the
 * e-mail address rest.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "auth/session.h"
#include "auth/token.h"
#include "http/req.h"
#include "http/resp.h"

#define COOKIE     "device"
#define DEVICE_TTL (365L * 24 * 3600) /* seconds: the cookie and an unused row */

enum device_sql {
    SQL_DEVICE_KNOWN,
    SQL_DEVICE_REMEMBER,
    SQL_DEVICE_FORGET_OLD,
    SQL_DEVICE__MAX,
};

static const char *const sql[SQL_DEVICE__MAX] = {
    [SQL_DEVICE_KNOWN] = "SELECT 1 FROM known_devices WHERE token_hash = ? AND user_id = ? "
                         "AND last_used_at > UTC_TIMESTAMP() - INTERVAL 365 DAY",
    [SQL_DEVICE_REMEMBER] =
        "INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) "
        "VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP()) "
        "ON DUPLICATE KEY UPDATE last_used_at = UTC_TIMESTAMP()",
    [SQL_DEVICE_FORGET_OLD] = "DELETE FROM known_devices WHERE user_id = ? "
                              "AND last_used_at < UTC_TIMESTAMP() - INTERVAL 365 DAY",
};

/* The hash of the request's device cookie in out; -1 when there is none or
 * it is malformed. */
static int cookie_hash(struct req *r, char out[65])
{
    return token_hash(req_cookie(r, resp_cookie_name(r, COOKIE)), out);
}

enum db_rc account_device_known(struct req *r, long long user_id, char hash[65], int *known)
{
    struct db_stmt *st = NULL;
    int one = 0;
    enum db_rc rc;

    *known = 0;
    if (!user_id || cookie_hash(r, hash))
        return DB_OK;
    rc = db_query(r->db, &st, sql[SQL_DEVICE_KNOWN], "sl", hash, user_id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "i", &one);
    db_done(st);
    *known = rc == DB_OK;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc account_device_remember(struct req *r, long long user_id)
{
    char hash[TOKEN_HASH_HEX + 1], tok[TOKEN_TEXT_LEN + 1];
    enum db_rc rc;

    if (cookie_hash(r, hash)) { /* a new browser: a new token */
        token_new(tok, hash);
    } else {
        snprintf(tok, sizeof(tok), "%s", req_cookie(r, resp_cookie_name(r, COOKIE)));
    }
    rc = db_exec(r->db, sql[SQL_DEVICE_REMEMBER], "sl", hash, user_id);
    if (rc == DB_OK)
        rc = db_exec(r->db, sql[SQL_DEVICE_FORGET_OLD], "l", user_id);
    if (rc == DB_OK) /* renewed for another year on every sign-in */
        resp_cookie(r, resp_cookie_name(r, COOKIE), tok, DEVICE_TTL);
    sodium_memzero(tok, sizeof(tok));
    return rc;
}
