/*
 * client: what the accounts tests share. A "browser" with a cookie jar that
 * connects from its own loopback address (127.A.B.C: Linux routes all of
 * 127/8 to lo, and the server sees that address as the client's), so the
 * per-address rate limits of one test never count another's requests, even
 * when test files run in parallel. A and B come from the test's pid.
 *
 * Also: the test database through the db layer (to count rows and age
 * sessions), form helpers and the registration every test starts from.
 * Header-only (static inline) because each test file is its own executable.
 */
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "harness.h"
#include "testing.h"

#define TEST_PASSWORD "coed y brenin ar y bryn"

struct browser {
    const struct server *srv;
    char ip[40];
    char sid[64];
    char csrf[64];
    char ua[64];
    char xff[64]; /* X-Forwarded-For to send, or "" */
};

/* 127.A.B.0 for this process: A.B from the pid, never 127.0.0.x. */
static inline void test_ip_prefix(char *out, size_t size)
{
    int p = (int)getpid() % 62000;

    snprintf(out, size, "127.%d.%d.", 1 + p / 250, 1 + p % 250);
}

/* A new browser with no cookies, connecting from address number n (0..250). */
static inline void b_init(struct browser *b, const struct server *srv, int n)
{
    int p = (int)getpid() % 62000;

    memset(b, 0, sizeof(*b));
    b->srv = srv;
    snprintf(b->ip, sizeof(b->ip), "127.%d.%d.%d", 1 + p / 250, 1 + p % 250, 2 + n % 251);
    snprintf(b->ua, sizeof(b->ua), "dysgu-test/%d", n);
}

static inline int b_send(const struct browser *b, const char *raw, size_t len,
                         struct http_resp *out)
{
    return http_raw_from(b->srv, b->ip, raw, len, out);
}

/* The value of the LAST Set-Cookie for name (a response may clear a cookie
 * and then set it anew, as a browser applies them in order), malloc'd, or NULL. */
static inline char *last_set_cookie(const struct http_resp *r, const char *name)
{
    size_t n = strlen(name);
    const char *p = r->head, *v = NULL;

    while (p && (p = strstr(p, "\r\nSet-Cookie: ")) != NULL) {
        p += 14;
        if (!strncmp(p, name, n) && p[n] == '=')
            v = p + n + 1;
    }
    return v ? strndup(v, strcspn(v, ";\r")) : NULL;
}

/* Keep what the response set (an empty value deletes). */
static inline void b_take_cookies(struct browser *b, const struct http_resp *r)
{
    char *sid = last_set_cookie(r, "sid"), *csrf = last_set_cookie(r, "csrf");

    if (sid)
        snprintf(b->sid, sizeof(b->sid), "%s", sid);
    if (csrf)
        snprintf(b->csrf, sizeof(b->csrf), "%s", csrf);
    free(sid);
    free(csrf);
}

/* GET (body NULL) or POST an urlencoded body, with the jar's cookies. */
static inline struct http_resp b_req(struct browser *b, const char *path, const char *body)
{
    char cookies[256] = "", xff[96] = "", *raw;
    size_t cap = (body ? strlen(body) : 0) + 4096;
    struct http_resp r;
    int n;

    if (*b->sid || *b->csrf)
        snprintf(cookies, sizeof(cookies), "Cookie: %s%s%s%s%s\r\n", *b->sid ? "sid=" : "", b->sid,
                 *b->sid && *b->csrf ? "; " : "", *b->csrf ? "csrf=" : "", b->csrf);
    if (*b->xff)
        snprintf(xff, sizeof(xff), "X-Forwarded-For: %s\r\n", b->xff);
    raw = malloc(cap);
    if (body)
        n = snprintf(raw, cap,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                     "User-Agent: %s\r\n%s%sContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     path, b->srv->port, b->ua, xff, cookies, strlen(body), body);
    else
        n = snprintf(raw, cap,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                     "User-Agent: %s\r\n%s%s\r\n",
                     path, b->srv->port, b->ua, xff, cookies);
    if (b_send(b, raw, (size_t)n, &r) != 0) {
        free(raw);
        CU_FAIL_FATAL("cannot reach the server");
    }
    free(raw);
    b_take_cookies(b, &r);
    return r;
}

/* The hidden csrf field of the first form on a page, or "" (static buffer). */
static inline const char *page_csrf(const struct http_resp *r)
{
    static char tok[64];
    const char *p = r->body ? strstr(r->body, "name=\"csrf\" value=\"") : NULL;

    tok[0] = '\0';
    if (p)
        snprintf(tok, sizeof(tok), "%.43s", p + 19);
    return tok;
}

/* s percent-encoded for a form body (static rotating buffers). */
static inline const char *enc(const char *s)
{
    static char bufs[8][4096];
    static int k;
    char *out = bufs[k++ % 8];
    size_t n = 0;

    for (; *s && n + 4 < sizeof(bufs[0]); s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.')
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, 4, "%%%02X", c);
    }
    out[n] = '\0';
    return out;
}

/* GET page for its form's token, then POST fields (already encoded) and the
 * token to action. */
static inline struct http_resp b_submit(struct browser *b, const char *page, const char *action,
                                        const char *fields)
{
    struct http_resp r = b_req(b, page, NULL);
    char body[8192];

    snprintf(body, sizeof(body), "%s&csrf=%s", fields, page_csrf(&r));
    http_resp_free(&r);
    return b_req(b, action, body);
}

/* 1 if the response is a 303 to exactly location. */
static inline int see_other(const struct http_resp *r, const char *location)
{
    char *loc = http_header(r, "Location");
    int ok = r->status == 303 && loc && !strcmp(loc, location);

    free(loc);
    return ok;
}

/* Fixed one-minute rate-limit windows: start a burst early in one. */
static inline void wait_for_fresh_minute(void)
{
    while (time(NULL) % 60 > 45)
        test_sleep_ms(250);
}

/* A unique e-mail address for this run. */
static inline const char *test_email(const char *who)
{
    static char bufs[8][128];
    static int k;
    char *out = bufs[k++ % 8];

    snprintf(out, sizeof(bufs[0]), "%s.%d@accounts-test.example", who, (int)getpid());
    return out;
}

/* --- the test database ---------------------------------------------- */

static struct db *test_db;

static inline int tdb_open(void)
{
    struct db_params p;
    struct arena a;
    char err[256];
    const char *url = getenv("DYSGU_DB");
    char prefix[24];
    int ok;

    if (!url)
        return -1;
    db_library_init();
    arena_init(&a, 0);
    ok = db_params_parse(&a, url, &p, err, sizeof(err)) == 0;
    if (ok)
        test_db = db_new(&p);
    arena_release(&a);
    if (!ok)
        return -1;
    /* counters of an earlier run whose pid this one reuses */
    test_ip_prefix(prefix, sizeof(prefix));
    db_exec(test_db,
            "DELETE FROM rate_limits WHERE CONVERT(k USING utf8mb4) LIKE CONCAT('%:', ?, '%')", "s",
            prefix);
    return 0;
}

static inline void tdb_close(void)
{
    db_free(test_db);
    test_db = NULL;
    db_thread_end();
}

/* The single number a query with one string parameter returns (-1 on error). */
static inline long long tdb_num(const char *sql, const char *s)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(test_db, &st, sql, "s", s) != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

/* The single string a query with one string parameter returns (malloc'd) or NULL. */
static inline char *tdb_str(const char *sql, const char *s)
{
    struct db_stmt *st = NULL;
    struct arena a;
    char *v = NULL, *out = NULL;

    arena_init(&a, 0);
    if (db_query(test_db, &st, sql, "s", s) == DB_OK) {
        if (db_row_next(st, &a, "s", &v) == DB_OK && v)
            out = strdup(v);
        db_done(st);
    }
    arena_release(&a);
    return out;
}

/* Run a statement with one string parameter; its affected rows, or -1. */
static inline long long tdb_exec(const char *sql, const char *s)
{
    if (db_exec(test_db, sql, "s", s) != DB_OK)
        return -1;
    return (long long)db_affected_rows(test_db);
}

static inline long long user_id(const char *email)
{
    return tdb_num("SELECT id FROM users WHERE email = ?", email);
}

static inline long long org_id(const char *code)
{
    return tdb_num("SELECT id FROM organisations WHERE code = ?", code);
}

/* Register email through the form in lang (signed in afterwards): 1 if it worked. */
static inline int register_user(struct browser *b, const char *lang, const char *name,
                                const char *email, const char *password)
{
    char page[32], done[40], fields[1024];
    struct http_resp r;
    int ok;

    snprintf(page, sizeof(page), "/%s/register", lang);
    snprintf(done, sizeof(done), "/%s/register/done", lang);
    snprintf(fields, sizeof(fields), "name=%s&email=%s&password=%s&organisation=%lld&lang=%s",
             enc(name), enc(email), enc(password), org_id("WG"), lang);
    r = b_submit(b, page, page, fields);
    ok = see_other(&r, done) && *b->sid;
    http_resp_free(&r);
    return ok;
}

/* Sign in through the form: the response (303 on success). A browser that
 * is signed in already takes the form's token from its account page. */
static inline struct http_resp sign_in(struct browser *b, const char *lang, const char *email,
                                       const char *password)
{
    char page[32], body[1024];
    struct http_resp r;

    snprintf(page, sizeof(page), "/%s/login", lang);
    r = b_req(b, page, NULL);
    if (r.status == 303) {
        http_resp_free(&r);
        r = b_req(b, "/en/account", NULL);
    }
    snprintf(body, sizeof(body), "email=%s&password=%s&csrf=%s", enc(email), enc(password),
             page_csrf(&r));
    http_resp_free(&r);
    return b_req(b, page, body);
}

/* 1 if the browser is signed in (its account page answers 200). */
static inline int signed_in(struct browser *b)
{
    struct http_resp r = b_req(b, "/en/account", NULL);
    int ok = r.status == 200;

    http_resp_free(&r);
    return ok;
}
