/*
 * fixtures: people and signed-in sessions for the admin integration tests,
 * made straight in the test database (signing in through the login page is
 * another feature's business): users and user_roles rows, and a sessions row
 * whose token we know, so a request can send "Cookie: sid=<token>" and the
 * session's CSRF token in its form.
 *
 * Header-only (static inline), because every integration test_*.c file
 * is its own executable linking only the harness and dysgu_core. Names carry
 * a tag unique to the run, so tests never trip over each other's rows in the
 * shared test database.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/password.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "db/db.h"
#include "harness.h"
#include "testing.h"

struct fx_session {
    long long user_id;
    char token[48];   /* the cookie value: never stored anywhere but here */
    char cookie[128]; /* "Cookie: sid=...\r\n" */
    char csrf[48];
};

static struct arena fx_mem;
static struct db *fx_dbh;
static char fx_pw_hash[PW_HASH_LEN];
static char fx_tag[40];
static int fx_serial;

/* Open the test database, make the tag; 0 or -1 (CUnit suite init style). */
static inline int fx_init(void)
{
    const char *url = getenv("DYSGU_DB");
    struct db_params p;
    char err[256];

    if (sodium_init() < 0 || db_library_init())
        return -1;
    arena_init(&fx_mem, 0);
    if (!url || db_params_parse(&fx_mem, url, &p, err, sizeof(err))) {
        fprintf(stderr, "fixtures: DYSGU_DB is missing or bad\n");
        return -1;
    }
    fx_dbh = db_new(&p);
    snprintf(fx_tag, sizeof(fx_tag), "zq%ldx%ld", (long)getpid(), (long)time(NULL));
    /* a real Argon2id hash, although no test signs in with it */
    return pw_hash(fx_pw_hash, "not-a-password-anyone-uses", 26);
}

static inline void fx_done(void)
{
    db_free(fx_dbh);
    fx_dbh = NULL;
    arena_release(&fx_mem);
}

/* A new user named name (any text) with the comma-separated roles; its id, or 0. */
static inline long long fx_user(const char *name, const char *roles)
{
    static const char *const ins = "INSERT INTO users (email, email_norm, name, password_hash, "
                                   "lang) VALUES (?, ?, ?, ?, 'cy')";
    static const char *const ins_role = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
    char email[128], role[32];
    long long id;
    const char *p = roles;

    snprintf(email, sizeof(email), "%s.%d@test.example", fx_tag, ++fx_serial);
    if (db_exec(fx_dbh, ins, "ssss", email, email, name, fx_pw_hash) != DB_OK)
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    while (p && *p) {
        size_t n = strcspn(p, ",");

        snprintf(role, sizeof(role), "%.*s", (int)n, p);
        if (db_exec(fx_dbh, ins_role, "ls", id, role) != DB_OK)
            return 0;
        p += n + (p[n] == ',');
    }
    return id;
}

/* Sign user_id in: a sessions row as session_start() makes it. 0 or -1. */
static inline int fx_sign_in(long long user_id, struct fx_session *s)
{
    static const char *const ins =
        "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at, idle_seconds, "
        "expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 900, "
        "UTC_TIMESTAMP() + INTERVAL 8 HOUR)";
    unsigned char raw[32], csrf[32];
    char hash[65];

    randombytes_buf(raw, sizeof(raw));
    randombytes_buf(csrf, sizeof(csrf));
    sodium_bin2base64(s->token, sizeof(s->token), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2base64(s->csrf, sizeof(s->csrf), csrf, sizeof(csrf),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    session_hash(raw, sizeof(raw), hash);
    snprintf(s->cookie, sizeof(s->cookie), "Cookie: sid=%s\r\n", s->token);
    s->user_id = user_id;
    return db_exec(fx_dbh, ins, "sls", hash, user_id, s->csrf) == DB_OK ? 0 : -1;
}

/* One number from a query taking one id; -1 on a database error. */
static inline long long fx_number(const char *sql, long long id)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(fx_dbh, &st, sql, "l", id) != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

static inline long long fx_sessions_of(long long user_id)
{
    return fx_number("SELECT COUNT(*) FROM sessions WHERE user_id = ?", user_id);
}

static inline long long fx_disabled(long long user_id)
{
    return fx_number("SELECT disabled FROM users WHERE id = ?", user_id);
}

/* The user's role bits as stored. */
static inline unsigned fx_roles_of(long long user_id)
{
    static const char *const q = "SELECT GROUP_CONCAT(role) FROM user_roles WHERE user_id = ?";
    struct db_stmt *st = NULL;
    char *list = NULL;
    unsigned bits = 0;

    if (db_query(fx_dbh, &st, q, "l", user_id) != DB_OK)
        return 0;
    if (db_row_next(st, &fx_mem, "s", &list) == DB_OK)
        bits = roles_parse(list);
    db_done(st);
    return bits;
}

/* How many audit rows have event about subject_id done by actor_id (0: any),
 * with detail exactly so (NULL: any). */
static inline long long fx_audit_count(const char *event, long long actor_id, long long subject_id,
                                       const char *detail)
{
    static const char *const q =
        "SELECT COUNT(*) FROM audit_log WHERE event = ? AND subject_id = ? "
        "AND (? = 0 OR actor_id = ?) AND (? = 0 OR detail = ?)";
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(fx_dbh, &st, q, "slllis", event, subject_id, actor_id, actor_id, detail != NULL,
                 detail ? detail : "") != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

/* Every audit detail about subject_id joined with '\n' (in fx_mem). */
static inline char *fx_audit_details(long long subject_id)
{
    static const char *const q =
        "SELECT COALESCE(GROUP_CONCAT(CONCAT(event, ' ', ip, ' ', "
        "detail) SEPARATOR '\\n'), '') FROM audit_log WHERE subject_id = ?";
    struct db_stmt *st = NULL;
    char *s = NULL;

    if (db_query(fx_dbh, &st, q, "l", subject_id) != DB_OK)
        return NULL;
    if (db_row_next(st, &fx_mem, "s", &s) != DB_OK)
        s = NULL;
    db_done(st);
    return s;
}

/* GET path as the session's owner (s NULL: anonymous). */
static inline struct http_resp fx_get(const struct server *srv, const char *path,
                                      const struct fx_session *s)
{
    struct http_resp r;

    memset(&r, 0, sizeof(r));
    if (http_get(srv, path, s ? s->cookie : NULL, &r))
        CU_FAIL("GET failed");
    return r;
}

/* POST body to path as s (NULL: anonymous), with s's CSRF token first when with_csrf. */
static inline struct http_resp fx_post(const struct server *srv, const char *path,
                                       const struct fx_session *s, int with_csrf, const char *body)
{
    struct http_resp r;
    char buf[4096];
    int n = snprintf(buf, sizeof(buf), "%s%s%s%s", with_csrf && s ? "csrf=" : "",
                     with_csrf && s ? s->csrf : "", with_csrf && s && *body ? "&" : "", body);

    memset(&r, 0, sizeof(r));
    if (http_post(srv, path, buf, (size_t)n, s ? s->cookie : NULL, &r))
        CU_FAIL("POST failed");
    return r;
}

/* 1 if the response's Location header starts with prefix. */
static inline int fx_location_is(const struct http_resp *r, const char *prefix)
{
    char *loc = http_header(r, "Location");
    int ok = loc && !strncmp(loc, prefix, strlen(prefix));

    free(loc);
    return ok;
}
