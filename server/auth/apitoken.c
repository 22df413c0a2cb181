#include "auth/apitoken.h"

#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/persongen.h"
#include "http/req.h"
#include "http/resp.h"

#define CHALLENGE "Bearer realm=\"dysgu\""

enum apitoken_sql {
    SQL_APITOKEN_INSERT,
    SQL_APITOKEN_LIST,
    SQL_APITOKEN_NAME,
    SQL_APITOKEN_REVOKE,
    SQL_APITOKEN_LOAD,
    SQL_APITOKEN_TOUCH,
    SQL_APITOKEN__MAX,
};

static const char *const sql[SQL_APITOKEN__MAX] = {
    /* the limit in the insert itself: two racing creations cannot both pass
     * a count made before either */
    [SQL_APITOKEN_INSERT] =
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) "
        "SELECT ?, ?, ?, UTC_TIMESTAMP() FROM DUAL WHERE (SELECT COUNT(*) FROM api_tokens "
        "WHERE user_id = ? AND revoked_at IS NULL) < ?",
    [SQL_APITOKEN_LIST] = "SELECT id, name, created_at, last_used_at FROM api_tokens "
                          "WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT ?",
    [SQL_APITOKEN_NAME] =
        "SELECT name FROM api_tokens WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
    [SQL_APITOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP() "
                            "WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
    /* the owner as they are now: roles and disabled read on every request */
    [SQL_APITOKEN_LOAD] =
        "SELECT t.id, u.id, u.name, u.email, u.lang, "
        "(SELECT GROUP_CONCAT(role) FROM user_roles WHERE user_id = u.id), "
        "t.last_used_at IS NULL OR t.last_used_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND "
        "FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0",
    [SQL_APITOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = UTC_TIMESTAMP() WHERE id = ?",
};

enum db_rc apitoken_create(struct db *db, long long user_id, const char *name,
                           char text[APITOKEN_TEXT_LEN + 1], long long *id)
{
    char hash[TOKEN_HASH_HEX + 1];
    enum db_rc rc;

    memcpy(text, APITOKEN_PREFIX, APITOKEN_PREFIX_LEN);
    token_new(text + APITOKEN_PREFIX_LEN, hash);
    rc = db_exec(db, sql[SQL_APITOKEN_INSERT], "lssli", user_id, hash, name, user_id,
                 APITOKEN_LIVE_MAX);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_CONFLICT;
    *id = rc == DB_OK ? (long long)db_insert_id(db) : 0;
    if (rc != DB_OK)
        sodium_memzero(text, APITOKEN_TEXT_LEN + 1);
    return rc;
}

enum db_rc apitoken_list(struct db *db, struct arena *a, long long user_id, struct apitoken **out,
                         size_t *n)
{
    struct db_stmt *st = NULL;
    struct apitoken *list;
    enum db_rc rc = db_query(db, &st, sql[SQL_APITOKEN_LIST], "li", user_id, APITOKEN_LIVE_MAX);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    list = arena_calloc(a, APITOKEN_LIVE_MAX * sizeof(*list));
    while (*n < APITOKEN_LIVE_MAX) {
        struct apitoken *t = &list[*n];

        rc = db_row_next(st, a, "lstt", &t->id, &t->name, &t->created_at, &t->last_used_at);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    db_done(st);
    *out = list;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc apitoken_revoke(struct db *db, struct arena *a, long long user_id, long long id,
                           char **name)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_APITOKEN_NAME], "ll", id, user_id);

    *name = NULL;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "s", name);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_APITOKEN_REVOKE], "ll", id, user_id);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_NOT_FOUND; /* revoked meanwhile */
    return rc;
}

/* The stored hash of the token in "Authorization: Bearer <token>": 0, or -1
 * when there is none or it is not a token of ours (never reaches the database). */
static int bearer_hash(const struct req *r, char hash[TOKEN_HASH_HEX + 1])
{
    const char *h = req_header(r, "Authorization");

    if (!h || strncasecmp(h, "Bearer ", 7))
        return -1;
    h += 7;
    while (*h == ' ')
        h++;
    if (strlen(h) != APITOKEN_TEXT_LEN || strncmp(h, APITOKEN_PREFIX, APITOKEN_PREFIX_LEN))
        return -1;
    return token_hash(h + APITOKEN_PREFIX_LEN, hash);
}

static int unauthorised(struct req *r)
{
    resp_header(r, "WWW-Authenticate", CHALLENGE);
    return 401;
}

int apitoken_authenticate(struct req *r)
{
    char hash[TOKEN_HASH_HEX + 1], *lang = NULL, *roles = NULL;
    struct db_stmt *st = NULL;
    struct user *u;
    long long id = 0;
    int stale = 0;
    enum db_rc rc;

    if (bearer_hash(r, hash))
        return unauthorised(r);
    u = arena_calloc(r->arena, sizeof(*u));
    rc = db_query(r->db, &st, sql[SQL_APITOKEN_LOAD], "s", hash);
    if (rc == DB_OK) {
        rc = db_row_next(st, r->arena, "llssssi", &id, &u->id, &u->name, &u->email, &lang, &roles,
                         &stale);
        db_done(st);
    }
    if (rc == DB_NOT_FOUND)
        return unauthorised(r);
    if (rc == DB_OK && stale) {
        rc = db_exec(r->db, sql[SQL_APITOKEN_TOUCH], "l", id);
        if (rc == DB_OK) /* committed: the tokens page shows its last use */
            persongen_touch(u->id);
    }
    if (rc != DB_OK)
        return rc == DB_UNAVAILABLE ? 503 : 500;
    u->lang = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
    u->roles = roles_parse(roles);
    r->user = u;
    return 0;
}
