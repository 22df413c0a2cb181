#include "session.h"

#include <stdatomic.h>
#include <string.h>

#include <sodium.h>

#include "auth/csrf.h"
#include "auth/roles.h"
#include "auth/sessioncache.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

#define COOKIE "sid"

enum session_sql {
    SQL_SESSION_LOAD,
    SQL_SESSION_TOUCH,
    SQL_SESSION_DELETE,
    SQL_SESSION_INSERT,
    SQL_SESSION_ROLES,
    SQL_SESSION_END_USER,
    SQL_SESSION_END_OTHERS,
    SQL_SESSION_REAUTH,
    SQL_SESSION_LOAD_MANY,
    SQL_SESSION__MAX,
};

/* What SQL_SESSION_LOAD and _LOAD_MANY read, and from where; the last
 * column is the header's unread count (communities keep it), in the same trip */
#define SESSION_COLUMNS                                                                            \
    "SELECT s.csrf, u.id, u.name, u.email, u.lang, "                                               \
    "(SELECT GROUP_CONCAT(role) FROM user_roles WHERE user_id = u.id), "                           \
    "s.last_seen_at < UTC_TIMESTAMP() - INTERVAL 60 SECOND, "                                      \
    "u.twofactor_grace_from < UTC_TIMESTAMP() - INTERVAL ? DAY AND NOT EXISTS "                    \
    "(SELECT 1 FROM totp_secrets t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL), "       \
    "s.reauth_at > UTC_TIMESTAMP() - INTERVAL ? MINUTE, u.email_verified_at IS NULL, "             \
    "COALESCE((SELECT n.unread FROM forum_unread n WHERE n.user_id = u.id), 0) "
#define SESSION_ALIVE                                                                              \
    " AND u.disabled = 0 AND s.expires_at > UTC_TIMESTAMP() "                                      \
    "AND s.last_seen_at > UTC_TIMESTAMP() - INTERVAL s.idle_seconds SECOND"
#define SESSION_ROW_SIG "slssssiiiii"

static const char *const sql[SQL_SESSION__MAX] = {
    [SQL_SESSION_LOAD] = SESSION_COLUMNS "FROM sessions s JOIN users u ON u.id = s.user_id "
                                         "WHERE s.id_hash = ?" SESSION_ALIVE,
    [SQL_SESSION_LOAD_MANY] = SESSION_COLUMNS
    ", s.id_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash IN "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" SESSION_ALIVE,
    [SQL_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() WHERE id_hash = ?",
    [SQL_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?",
    [SQL_SESSION_INSERT] =
        "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at, idle_seconds, "
        "expires_at, ip, user_agent, reauth_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
        "?, UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, ?, UTC_TIMESTAMP())",
    [SQL_SESSION_ROLES] =
        "SELECT (SELECT GROUP_CONCAT(role) FROM user_roles WHERE user_id = u.id), "
        "u.name, u.email, u.lang FROM users u WHERE u.id = ? AND u.disabled = 0",
    [SQL_SESSION_END_USER] = "DELETE FROM sessions WHERE user_id = ?",
    [SQL_SESSION_END_OTHERS] = "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?",
    [SQL_SESSION_REAUTH] = "UPDATE sessions SET reauth_at = UTC_TIMESTAMP() WHERE id_hash = ?",
};

/* Sessions read from the database: on a reader's request, and behind them */
static atomic_ulong loads_reader, loads_refresher;

void session_loads(unsigned long *reader, unsigned long *refresher)
{
    *reader = atomic_load(&loads_reader);
    *refresher = atomic_load(&loads_refresher);
}

void session_hash(const unsigned char *raw, size_t len, char out[65])
{
    unsigned char h[32];

    crypto_generichash(h, sizeof(h), raw, len, NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof(h));
}

int session_token_decode(const char *tok, unsigned char raw[32])
{
    size_t n = 0;

    if (!csrf_token_valid(tok))
        return -1;
    if (sodium_base642bin(raw, 32, tok, CSRF_TOKEN_LEN, NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        n != 32)
        return -1;
    return 0;
}

static void clear_cookie(struct req *r)
{
    resp_cookie(r, resp_cookie_name(r, COOKIE), "", 0);
}

static enum lang lang_of(const char *code)
{
    return code && !strcmp(code, "en") ? LANG_EN : LANG_CY;
}

int session_cookie_sent(const struct req *r)
{
    return req_cookie(r, resp_cookie_name(r, COOKIE)) != NULL;
}

enum db_rc session_load(struct req *r)
{
    const char *tok = req_cookie(r, resp_cookie_name(r, COOKIE));
    struct session *s;
    struct user *u;
    struct db_stmt *st = NULL;
    unsigned char raw[32];
    char *csrf = NULL, *lang = NULL, *roles = NULL;
    int stale = 0;
    unsigned long ticket;
    enum db_rc rc;

    if (!tok)
        return DB_OK;
    if (session_token_decode(tok, raw)) {
        clear_cookie(r);
        return DB_OK;
    }
    s = arena_calloc(r->arena, sizeof(*s));
    u = arena_calloc(r->arena, sizeof(*u));
    session_hash(raw, sizeof(raw), s->id_hash);
    sodium_memzero(raw, sizeof(raw));
    if (sessioncache_get(r->arena, s, u)) /* no round trip: auth/sessioncache.h */
        goto found;
    ticket = sessioncache_ticket();
    atomic_fetch_add(&loads_reader, 1);
    rc = db_query(r->db, &st, sql[SQL_SESSION_LOAD], "iis", r->app->cfg->twofactor_grace_days,
                  r->app->cfg->reauth_minutes, s->id_hash);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, r->arena, SESSION_ROW_SIG, &csrf, &u->id, &u->name, &u->email, &lang,
                     &roles, &stale, &u->twofactor_due, &s->reauth_fresh, &u->unverified,
                     &u->unread);
    db_done(st);
    if (rc == DB_NOT_FOUND) {
        /* expired, ended or disabled: forget it on both sides */
        clear_cookie(r);
        rc = db_exec(r->db, sql[SQL_SESSION_DELETE], "s", s->id_hash);
        return rc == DB_UNAVAILABLE ? rc : DB_OK;
    }
    if (rc != DB_OK)
        return rc;
    if (stale && db_exec(r->db, sql[SQL_SESSION_TOUCH], "s", s->id_hash) == DB_UNAVAILABLE)
        return DB_UNAVAILABLE;
    snprintf(s->csrf, sizeof(s->csrf), "%s", csrf ? csrf : "");
    u->lang = lang_of(lang);
    u->roles = roles_parse(roles);
    sessioncache_put(ticket, s, u);
found:
    r->user = u;
    r->session = s;
    r->csrf = s->csrf;
    return DB_OK;
}

enum db_rc session_refresh(struct db *db, struct arena *a, const struct config *cfg,
                           const char (*hash)[65], size_t n)
{
    const char *h[SESSION_REFRESH_MAX];
    char *csrf, *lang, *roles, *id_hash, *found = arena_calloc(a, n ? n : 1);
    char *stale = arena_calloc(a, n ? n : 1);
    struct db_stmt *st = NULL;
    unsigned long ticket = sessioncache_ticket(); /* before the read */
    size_t i;
    enum db_rc rc;

    if (n > SESSION_REFRESH_MAX)
        return DB_ERROR;
    for (i = 0; i < SESSION_REFRESH_MAX; i++)
        h[i] = i < n ? hash[i] : ""; /* no session's hash */
    atomic_fetch_add(&loads_refresher, n);
    rc = db_query(db, &st, sql[SQL_SESSION_LOAD_MANY], "iissssssssssssssss",
                  cfg->twofactor_grace_days, cfg->reauth_minutes, h[0], h[1], h[2], h[3], h[4],
                  h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
    if (rc != DB_OK)
        return rc;
    for (;;) {
        struct session s;
        struct user u;
        int old = 0;

        memset(&s, 0, sizeof(s));
        memset(&u, 0, sizeof(u));
        csrf = lang = roles = id_hash = NULL;
        rc = db_row_next(st, a, SESSION_ROW_SIG "s", &csrf, &u.id, &u.name, &u.email, &lang, &roles,
                         &old, &u.twofactor_due, &s.reauth_fresh, &u.unverified, &u.unread,
                         &id_hash);
        if (rc != DB_OK)
            break;
        for (i = 0; i < n && (!id_hash || strcmp(hash[i], id_hash)); i++)
            ;
        if (i == n)
            continue;
        found[i] = 1;
        snprintf(s.id_hash, sizeof(s.id_hash), "%s", hash[i]);
        snprintf(s.csrf, sizeof(s.csrf), "%s", csrf ? csrf : "");
        u.lang = lang_of(lang);
        u.roles = roles_parse(roles);
        sessioncache_put(ticket, &s, &u);
        stale[i] = (char)old;
    }
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    for (i = 0; i < n; i++) /* last seen a minute ago: in use (once the rows are read) */
        if (stale[i] && db_exec(db, sql[SQL_SESSION_TOUCH], "s", hash[i]) == DB_UNAVAILABLE)
            return DB_UNAVAILABLE;
    /* ended, expired or disabled: its next request reads it, finds it gone
     * and clears the cookie (session_load) */
    for (i = 0; i < n; i++)
        if (!found[i])
            sessioncache_forget(hash[i]);
    return DB_OK;
}

enum db_rc session_end_user(struct db *db, long long user_id, const char *keep_hash)
{
    enum db_rc rc = keep_hash ? db_exec(db, sql[SQL_SESSION_END_OTHERS], "ls", user_id, keep_hash)
                              : db_exec(db, sql[SQL_SESSION_END_USER], "l", user_id);

    sessioncache_forget_user(user_id); /* the kept one too: it reloads on its next page */
    return rc;
}

enum db_rc session_reauth_done(struct req *r)
{
    enum db_rc rc;

    if (!r->session)
        return DB_NOT_FOUND;
    r->session->reauth_fresh = 1;
    rc = db_exec(r->db, sql[SQL_SESSION_REAUTH], "s", r->session->id_hash);
    sessioncache_forget(r->session->id_hash);
    return rc;
}

enum db_rc session_end(struct req *r)
{
    enum db_rc rc = DB_OK;

    if (r->session) {
        rc = db_exec(r->db, sql[SQL_SESSION_DELETE], "s", r->session->id_hash);
        sessioncache_forget(r->session->id_hash);
    }
    clear_cookie(r);
    r->session = NULL;
    r->user = NULL;
    return rc;
}

/* At most max printable ASCII characters of s, for showing in the sessions list. */
static const char *printable(struct req *r, const char *s, size_t max)
{
    char *out = arena_alloc(r->arena, max + 1);
    size_t n = 0;

    for (; s && *s && n < max; s++)
        if (*s >= 0x20 && *s < 0x7f)
            out[n++] = *s;
    out[n] = '\0';
    return out;
}

/* The user as a new session sees it, and the timeouts its roles call for. */
static enum db_rc load_user(struct req *r, long long user_id, struct user *u)
{
    struct db_stmt *st = NULL;
    char *roles = NULL, *lang = NULL;
    enum db_rc rc = db_query(r->db, &st, sql[SQL_SESSION_ROLES], "l", user_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, r->arena, "ssss", &roles, &u->name, &u->email, &lang);
    db_done(st);
    u->id = user_id;
    u->roles = roles_parse(roles);
    u->lang = lang_of(lang);
    return rc;
}

enum db_rc session_start(struct req *r, long long user_id)
{
    struct session *s = arena_calloc(r->arena, sizeof(*s));
    struct user *u = arena_calloc(r->arena, sizeof(*u));
    unsigned char raw[32], csrf_raw[32];
    char tok[CSRF_TOKEN_LEN + 1];
    const char *ua = printable(r, req_header(r, "User-Agent"), 200);
    const char *ip = r->client_ip ? r->client_ip : "";
    int idle, absolute;
    enum db_rc rc;

    /* the old session dies; its cookie is simply replaced by the new one below */
    if (r->session) {
        rc = db_exec(r->db, sql[SQL_SESSION_DELETE], "s", r->session->id_hash);
        sessioncache_forget(r->session->id_hash);
        if (rc != DB_OK)
            return rc;
    }
    r->session = NULL;
    r->user = NULL;
    rc = load_user(r, user_id, u);
    if (rc != DB_OK)
        return rc;
    idle = u->roles & ROLE_STAFF ? SESSION_IDLE_STAFF : SESSION_IDLE_LEARNER;
    absolute = u->roles & ROLE_STAFF ? SESSION_ABSOLUTE_STAFF : SESSION_ABSOLUTE_LEARNER;
    randombytes_buf(raw, sizeof(raw));
    randombytes_buf(csrf_raw, sizeof(csrf_raw));
    session_hash(raw, sizeof(raw), s->id_hash);
    sodium_bin2base64(s->csrf, sizeof(s->csrf), csrf_raw, sizeof(csrf_raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2base64(tok, sizeof(tok), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    rc = db_exec(r->db, sql[SQL_SESSION_INSERT], "slsiiss", s->id_hash, user_id, s->csrf, idle,
                 absolute, ip, ua);
    if (rc == DB_OK) {
        resp_cookie(r, resp_cookie_name(r, COOKIE), tok, -1);
        s->reauth_fresh = 1; /* signing in proves who they are (reauth_at) */
        r->user = u;
        r->session = s;
        r->csrf = s->csrf;
        /* a new session on their account page, as their own change shows:
         * moved before the response goes (http/resp.c, core/persongen.h) */
        r->writer = user_id;
    }
    sodium_memzero(tok, sizeof(tok));
    return rc;
}
