#include <string.h>

#include "accounts/accounts.h"
#include "admin/kept.h"
#include "auth/sessioncache.h"
#include "core/arena.h"

enum account_sql {
    SQL_ACCOUNT_INSERT,
    SQL_ACCOUNT_SET_PASSWORD,
    SQL_ACCOUNT_SET_ORG,
    SQL_ACCOUNT_ID_BY_EMAIL,
    SQL_ACCOUNT_ADD_ROLE,
    SQL_ACCOUNT_BY_EMAIL,
    SQL_ACCOUNT_BY_ID,
    SQL_ACCOUNT_CREATE,
    SQL_ACCOUNT_LOGIN_FAILED,
    SQL_ACCOUNT_LOGIN_OK,
    SQL_ACCOUNT_LOGIN_OK_REHASH,
    SQL_ACCOUNT_UPDATE_DETAILS,
    SQL_ACCOUNT_SESSIONS,
    SQL_ACCOUNT_END_SESSION,
    SQL_ACCOUNT_EVENTS,
    SQL_ACCOUNT_RESET_CREATE,
    SQL_ACCOUNT_RESET_FIND,
    SQL_ACCOUNT_RESET_USE,
    SQL_ACCOUNT_RESET_USE_OTHERS,
    SQL_ACCOUNT__MAX,
};

/* The columns struct account is read from, in the order read_account() expects. */
#define ACCOUNT_COLUMNS                                                                            \
    "SELECT id, name, email, lang, IFNULL(org_id, 0), org_other, password_hash, disabled, "        \
    "failed_logins, IFNULL(TIMESTAMPDIFF(SECOND, last_failed_at, UTC_TIMESTAMP()), -1), "          \
    "IF(locked_until > UTC_TIMESTAMP(), "                                                          \
    "TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until) + 1, 0), created_at, last_login_at, "    \
    "must_change_password FROM users "

static const char *const sql[SQL_ACCOUNT__MAX] = {
    [SQL_ACCOUNT_INSERT] = "INSERT INTO users (email, email_norm, name, password_hash, lang) "
                           "VALUES (?, ?, ?, ?, ?)",
    [SQL_ACCOUNT_SET_PASSWORD] = "UPDATE users SET password_hash = ?, failed_logins = 0, "
                                 "last_failed_at = NULL, locked_until = NULL, "
                                 "must_change_password = 0 WHERE id = ?",
    [SQL_ACCOUNT_SET_ORG] = "UPDATE users SET org_id = (SELECT id FROM organisations WHERE code = "
                            "?), org_other = NULL WHERE id = ?",
    [SQL_ACCOUNT_ID_BY_EMAIL] = "SELECT id FROM users WHERE email_norm = ?",
    [SQL_ACCOUNT_ADD_ROLE] = "INSERT IGNORE INTO user_roles (user_id, role) VALUES (?, ?)",
    [SQL_ACCOUNT_BY_EMAIL] = ACCOUNT_COLUMNS "WHERE email_norm = ?",
    [SQL_ACCOUNT_BY_ID] = ACCOUNT_COLUMNS "WHERE id = ?",
    [SQL_ACCOUNT_CREATE] = "INSERT INTO users (email, email_norm, name, password_hash, lang, "
                           "org_id, org_other) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [SQL_ACCOUNT_LOGIN_FAILED] =
        "UPDATE users SET failed_logins = failed_logins + 1, last_failed_at = UTC_TIMESTAMP(), "
        "locked_until = IF(? > 0, UTC_TIMESTAMP() + INTERVAL ? SECOND, locked_until) WHERE id = ?",
    [SQL_ACCOUNT_LOGIN_OK] = "UPDATE users SET failed_logins = 0, last_failed_at = NULL, "
                             "locked_until = NULL, last_login_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_ACCOUNT_LOGIN_OK_REHASH] =
        "UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL, "
        "last_login_at = UTC_TIMESTAMP(), password_hash = ? WHERE id = ?",
    [SQL_ACCOUNT_UPDATE_DETAILS] =
        "UPDATE users SET name = ?, org_id = ?, org_other = ?, lang = ? WHERE id = ?",
    [SQL_ACCOUNT_SESSIONS] =
        "SELECT LEFT(id_hash, 16), created_at, last_seen_at, ip, user_agent, id_hash = ? "
        "FROM sessions WHERE user_id = ? AND expires_at > UTC_TIMESTAMP() "
        "AND last_seen_at > UTC_TIMESTAMP() - INTERVAL idle_seconds SECOND "
        "ORDER BY 6 DESC, last_seen_at DESC, created_at DESC LIMIT 50",
    /* ownership in the WHERE: another person's session is "no such session" */
    [SQL_ACCOUNT_END_SESSION] = "DELETE FROM sessions WHERE user_id = ? AND LEFT(id_hash, 16) = ?",
    /* the address is the actor's: shown only when the actor is the person
     * themself, never an admin's who acted on their account */
    [SQL_ACCOUNT_EVENTS] = "SELECT at, event, IF(actor_id <=> ?, ip, ''), detail FROM audit_log "
                           "WHERE subject_id = ? OR actor_id = ? ORDER BY at DESC, id DESC LIMIT ?",
    [SQL_ACCOUNT_RESET_CREATE] =
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) "
        "VALUES (?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)",
    [SQL_ACCOUNT_RESET_FIND] =
        "SELECT p.user_id FROM password_resets p JOIN users u ON u.id = p.user_id "
        "WHERE p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > UTC_TIMESTAMP() "
        "AND u.disabled = 0",
    [SQL_ACCOUNT_RESET_USE] =
        "UPDATE password_resets SET used_at = UTC_TIMESTAMP() WHERE token_hash = ? "
        "AND user_id = ? AND used_at IS NULL AND expires_at > UTC_TIMESTAMP()",
    [SQL_ACCOUNT_RESET_USE_OTHERS] = "UPDATE password_resets SET used_at = UTC_TIMESTAMP() "
                                     "WHERE user_id = ? AND used_at IS NULL",
};

static enum lang lang_of(const char *code)
{
    return code && !strcmp(code, "en") ? LANG_EN : LANG_CY;
}

static enum db_rc find_id(struct db *db, const char *email_norm, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ACCOUNT_ID_BY_EMAIL], "s", email_norm);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    return rc;
}

enum db_rc account_store_upsert(struct db *db, const char *email, const char *name,
                                const char *lang, const char *org_code, const char *pw_hash,
                                unsigned roles, int *created)
{
    struct arena a;
    const char *norm;
    long long id = 0;
    enum db_rc rc;
    size_t i;

    *created = 0;
    arena_init(&a, 0);
    norm = account_email_norm(&a, email);
    rc = norm ? db_begin(db) : DB_ERROR;
    if (rc != DB_OK)
        goto out;
    rc = find_id(db, norm, &id);
    if (rc == DB_NOT_FOUND) {
        rc = db_exec(db, sql[SQL_ACCOUNT_INSERT], "sssss", email, norm, name, pw_hash, lang);
        id = (long long)db_insert_id(db);
        *created = 1;
    } else if (rc == DB_OK) {
        rc = db_exec(db, sql[SQL_ACCOUNT_SET_PASSWORD], "sl", pw_hash, id);
    }
    if (rc == DB_OK && org_code)
        rc = db_exec(db, sql[SQL_ACCOUNT_SET_ORG], "sl", org_code, id);
    for (i = 0; rc == DB_OK && i < 4; i++)
        if (roles & (1u << i))
            rc = db_exec(db, sql[SQL_ACCOUNT_ADD_ROLE], "ls", id, role_name((enum role)(1u << i)));
    rc = rc == DB_OK ? db_commit(db) : rc;
    admin_kept_touch(); /* the admin's users (admin/kept.h) */
out:
    db_rollback(db);
    arena_release(&a);
    return rc;
}

static enum db_rc read_account(struct db_stmt *st, struct arena *a, struct account *out)
{
    char *lang = NULL;
    int disabled = 0, failed = 0;
    long long since = -1, locked = 0;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = db_row_next(st, a, "lsssissbillttb", &out->id, &out->name, &out->email, &lang,
                     &out->org_id, &out->org_other, &out->password_hash, &disabled, &failed, &since,
                     &locked, &out->created_at, &out->last_login_at, &out->must_change_password);
    out->lang = lang_of(lang);
    out->disabled = disabled;
    out->failed_logins = failed > 0 ? (unsigned)failed : 0;
    out->since_failed = since < 0 ? -1 : since > 86400 * 365 ? 86400 * 365 : (int)since;
    out->locked_for = locked > 0 ? (int)locked : 0;
    return rc;
}

static enum db_rc find_account(struct db *db, struct arena *a, const char *q, const char *sig,
                               const void *key, struct account *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = sig[0] == 's' ? db_query(db, &st, q, "s", (const char *)key)
                                  : db_query(db, &st, q, "l", *(const long long *)key);

    if (rc != DB_OK)
        return rc;
    rc = read_account(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc account_store_find_by_email(struct db *db, struct arena *a, const char *norm,
                                       struct account *out)
{
    return find_account(db, a, sql[SQL_ACCOUNT_BY_EMAIL], "s", norm, out);
}

enum db_rc account_store_get(struct db *db, struct arena *a, long long id, struct account *out)
{
    return find_account(db, a, sql[SQL_ACCOUNT_BY_ID], "l", &id, out);
}

enum db_rc account_store_create(struct db *db, const struct account_input *in, const char *pw_hash,
                                long long *id)
{
    const int *org = in->org_id ? &in->org_id : NULL;
    enum db_rc rc;

    rc = db_exec(db, sql[SQL_ACCOUNT_CREATE], "sssssnis", in->email, in->email_norm, in->name,
                 pw_hash, lang_code(in->lang), org, in->org_other);
    if (rc != DB_OK)
        return rc;
    *id = (long long)db_insert_id(db);
    admin_kept_touch(); /* the admin's users, before the caller's commit (admin/kept.h) */
    return db_exec(db, sql[SQL_ACCOUNT_ADD_ROLE], "ls", *id, role_name(ROLE_LEARNER));
}

enum db_rc account_store_login_failed(struct db *db, long long id, int lock_s)
{
    return db_exec(db, sql[SQL_ACCOUNT_LOGIN_FAILED], "iil", lock_s, lock_s, id);
}

enum db_rc account_store_login_ok(struct db *db, long long id, const char *new_hash)
{
    if (new_hash)
        return db_exec(db, sql[SQL_ACCOUNT_LOGIN_OK_REHASH], "sl", new_hash, id);
    return db_exec(db, sql[SQL_ACCOUNT_LOGIN_OK], "l", id);
}

enum db_rc account_store_update_details(struct db *db, long long id, const struct account_input *in)
{
    const int *org = in->org_id ? &in->org_id : NULL;
    enum db_rc rc = db_exec(db, sql[SQL_ACCOUNT_UPDATE_DETAILS], "snissl", in->name, org,
                            in->org_other, lang_code(in->lang), id);

    sessioncache_forget_user(id); /* the name and language session_load reads */
    admin_kept_touch();           /* the admin's users (admin/kept.h) */
    return rc;
}

enum db_rc account_store_set_password(struct db *db, long long id, const char *pw_hash)
{
    return db_exec(db, sql[SQL_ACCOUNT_SET_PASSWORD], "sl", pw_hash, id);
}

enum db_rc account_store_sessions(struct db *db, struct arena *a, long long user_id,
                                  const char *current_hash, struct account_session **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct account_session *list;
    enum db_rc rc;
    size_t cap = 50;

    *out = NULL;
    *n = 0;
    rc = db_query(db, &st, sql[SQL_ACCOUNT_SESSIONS], "sl", current_hash ? current_hash : "",
                  user_id);
    if (rc != DB_OK)
        return rc;
    list = arena_calloc(a, cap * sizeof(*list));
    while (*n < cap) {
        struct account_session *s = &list[*n];

        rc = db_row_next(st, a, "sttssb", &s->public_id, &s->created_at, &s->last_seen_at, &s->ip,
                         &s->user_agent, &s->current);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    db_done(st);
    *out = list;
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc account_store_end_session(struct db *db, long long user_id, const char *public_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_ACCOUNT_END_SESSION], "ls", user_id, public_id);

    sessioncache_forget_user(user_id);
    if (rc == DB_OK && db_affected_rows(db) == 0)
        return DB_NOT_FOUND;
    return rc;
}

enum db_rc account_store_events(struct db *db, struct arena *a, long long user_id, size_t max,
                                struct account_event **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct account_event *list;
    enum db_rc rc;

    *out = NULL;
    *n = 0;
    rc = db_query(db, &st, sql[SQL_ACCOUNT_EVENTS], "llli", user_id, user_id, user_id, (int)max);
    if (rc != DB_OK)
        return rc;
    list = arena_calloc(a, (max ? max : 1) * sizeof(*list));
    while (*n < max) {
        struct account_event *ev = &list[*n];

        rc = db_row_next(st, a, "tsss", &ev->at, &ev->event, &ev->ip, &ev->detail);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    db_done(st);
    *out = list;
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc account_store_reset_create(struct db *db, long long user_id, const char *token_hash,
                                      int ttl_s)
{
    return db_exec(db, sql[SQL_ACCOUNT_RESET_CREATE], "sli", token_hash, user_id, ttl_s);
}

enum db_rc account_store_reset_find(struct db *db, const char *token_hash, long long *user_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ACCOUNT_RESET_FIND], "s", token_hash);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", user_id);
    db_done(st);
    return rc;
}

enum db_rc account_store_reset_use(struct db *db, const char *token_hash, long long user_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_ACCOUNT_RESET_USE], "sl", token_hash, user_id);

    if (rc != DB_OK)
        return rc;
    if (db_affected_rows(db) == 0)
        return DB_NOT_FOUND;
    return db_exec(db, sql[SQL_ACCOUNT_RESET_USE_OTHERS], "l", user_id);
}
