/*
 * abuse: helpers shared by the protocol-abuse and hostile-input tests.
 *
 * Each test runs its server against a scratch database of its own
 * (dysgu_abuse_<pid>, migrated here, dropped after), so "the database did not
 * change" can be checked with CHECKSUM TABLE while other integration tests
 * run in parallel on the shared one. The test account may create dysgu_*
 * databases (ops/db).
 */
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include "harness.h"
#include "testing.h"

/* Tables whose rows a refused request may still write on purpose: rate-limit
 * counters and the security audit trail (a refused sign-in is counted and
 * logged). Everything else must be byte-for-byte unchanged after a 4xx. */
static const char *const abuse_volatile_tables[] = { "rate_limits", "audit_log", NULL };

struct abuse_db {
    char name[64];
    char *url;          /* DYSGU_DB for the scratch database (malloc'd) */
    char env[4096 + 8]; /* "DYSGU_DB=<url>" for server_start's extra_env */
};

/* A connection to the database named by url, or NULL. a holds the params. */
static inline struct db *abuse_db_open(struct arena *a, const char *url)
{
    struct db_params p;
    char err[256];

    if (!url || db_params_parse(a, url, &p, err, sizeof(err))) {
        fprintf(stderr, "abuse: bad database url: %s\n", url ? err : "DYSGU_DB is not set");
        return NULL;
    }
    return db_new(&p);
}

/* The url of DYSGU_DB with the database name replaced by name (malloc'd). */
static inline char *abuse_url_with_db(const char *url, const char *name)
{
    const char *at = strrchr(url, '@'), *slash, *end;
    size_t n;
    char *out;

    if (!at || !(slash = strchr(at, '/')))
        return NULL;
    end = slash + 1 + strcspn(slash + 1, "?");
    n = (size_t)(slash + 1 - url) + strlen(name) + strlen(end) + 1;
    out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(slash + 1 - url), url, name, end);
    return out;
}

/* CREATE DATABASE dysgu_abuse_<pid>_<tag> and apply every migration. 0 or -1. */
static inline int abuse_db_create(struct abuse_db *d, const char *tag)
{
    static char sql_create[160];
    struct arena a;
    struct db *db;
    char dir[4096];
    int rc = -1;

    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "dysgu_abuse_%ld_%s", (long)getpid(), tag);
    d->url = abuse_url_with_db(getenv("DYSGU_DB") ? getenv("DYSGU_DB") : "", d->name);
    if (!d->url)
        return -1;
    snprintf(d->env, sizeof(d->env), "DYSGU_DB=%s", d->url);
    /* built once per process (statements are cached by SQL pointer) */
    snprintf(sql_create, sizeof(sql_create),
             "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_uca1400_ai_ci",
             d->name);
    arena_init(&a, 0);
    db = abuse_db_open(&a, getenv("DYSGU_DB"));
    if (db && db_exec(db, sql_create, "") == DB_OK)
        rc = 0;
    db_free(db);
    if (rc == 0) {
        db = abuse_db_open(&a, d->url);
        snprintf(dir, sizeof(dir), "%s/migrations", DYSGU_SOURCE_DIR);
        rc = db && migrate_run(db, dir) >= 0 ? 0 : -1; /* the number applied, or -1 */
        db_free(db);
    }
    arena_release(&a);
    return rc;
}

static inline void abuse_db_drop(struct abuse_db *d)
{
    static char sql_drop[128];
    struct arena a;
    struct db *db;

    if (!d->url)
        return;
    snprintf(sql_drop, sizeof(sql_drop), "DROP DATABASE IF EXISTS `%s`", d->name);
    arena_init(&a, 0);
    db = abuse_db_open(&a, getenv("DYSGU_DB"));
    if (db && db_exec(db, sql_drop, "") != DB_OK)
        fprintf(stderr, "abuse: cannot drop %s\n", d->name);
    db_free(db);
    arena_release(&a);
    free(d->url);
    d->url = NULL;
}

static inline int abuse_is_volatile(const char *table)
{
    const char *const *t;

    for (t = abuse_volatile_tables; *t; t++)
        if (!strcmp(*t, table))
            return 1;
    return 0;
}

/*
 * "table=checksum\n" for every table of the scratch database but the volatile
 * ones, in name order (malloc'd), or NULL on a database error. The CHECKSUM
 * TABLE text is built afresh on a fresh connection each time, so the statement
 * cache never sees one pointer with two texts.
 */
static inline char *abuse_checksum(const struct abuse_db *d)
{
    struct arena a;
    struct db *db;
    struct db_stmt *st = NULL;
    char *sql = NULL, *out = NULL, *name;
    unsigned long long sum;
    size_t sql_len = 0, out_len = 0;
    FILE *f;
    int ok = 1;

    arena_init(&a, 0);
    db = abuse_db_open(&a, d->url);
    if (!db || db_query(db, &st, "SHOW TABLES", "") != DB_OK)
        goto out;
    f = open_memstream(&sql, &sql_len);
    fputs("CHECKSUM TABLE ", f);
    for (int n = 0; db_row_next(st, &a, "s", &name) == DB_OK; n++)
        fprintf(f, "%s`%s`", n ? ", " : "", name);
    fclose(f);
    db_done(st);
    st = NULL;
    if (db_query(db, &st, sql, "") != DB_OK)
        goto out;
    f = open_memstream(&out, &out_len);
    /* CHECKSUM TABLE answers (Table, Checksum BIGINT UNSIGNED) */
    while (db_row_next(st, &a, "su", &name, &sum) == DB_OK) {
        const char *table = strchr(name, '.') ? strchr(name, '.') + 1 : name;

        if (!abuse_is_volatile(table))
            fprintf(f, "%s=%llu\n", table, sum);
    }
    fclose(f);
    db_done(st);
    ok = 0;
out:
    db_free(db);
    free(sql);
    arena_release(&a);
    if (ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* Percent-encode every byte but the unreserved ones (malloc'd). */
static inline char *abuse_pct_encode(const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(len * 3 + 1), *o = out;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

/* Connect to the server on 127.0.0.1 with receive timeout ms; the fd or -1. */
static inline int abuse_connect(const struct server *s, int ms)
{
    struct sockaddr_in a;
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send raw on one connection and collect every byte that comes back until the
 * server closes it or ms pass in silence (keep-alive). Malloc'd, NUL-ended. */
static inline char *abuse_exchange(const struct server *s, const char *raw, size_t len, int ms,
                                   size_t *got)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int fd = abuse_connect(s, ms);

    if (fd >= 0) {
        ssize_t k = send(fd, raw, len, MSG_NOSIGNAL);

        while (k >= 0) {
            if (n + 1 >= cap)
                buf = realloc(buf, cap *= 2);
            k = recv(fd, buf + n, cap - n - 1, 0);
            if (k <= 0)
                break;
            n += (size_t)k;
        }
        close(fd);
    }
    buf[n] = '\0';
    if (got)
        *got = n;
    return buf;
}

/* Send raw and read only until the end of the response head (or ms pass):
 * the status, or -1. For answers that must come before the body is sent: the
 * server may keep the connection open afterwards while it drains the body
 * civetweb expects (see test_slow.c), and that is not what is measured here. */
static inline int abuse_first_status(const struct server *s, const char *raw, size_t len, int ms)
{
    char buf[8192];
    size_t n = 0;
    int fd = abuse_connect(s, ms), status = -1;

    if (fd < 0)
        return -1;
    if (send(fd, raw, len, MSG_NOSIGNAL) >= 0) {
        while (n + 1 < sizeof(buf)) {
            ssize_t k = recv(fd, buf + n, sizeof(buf) - n - 1, 0);

            if (k <= 0)
                break;
            n += (size_t)k;
            buf[n] = '\0';
            if (strstr(buf, "\r\n\r\n"))
                break;
        }
    }
    close(fd);
    buf[n] = '\0';
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        status = -1;
    return status;
}

/* How many times needle occurs in the len bytes at hay. */
static inline int abuse_count(const char *hay, size_t len, const char *needle)
{
    size_t nl = strlen(needle);
    int n = 0;

    for (size_t i = 0; nl && i + nl <= len; i++)
        if (!memcmp(hay + i, needle, nl)) {
            n++;
            i += nl - 1;
        }
    return n;
}

/* http_get for any length of path and headers (the harness's http_get builds
 * the request in a fixed 8 KB buffer). */
static inline int abuse_get(const struct server *s, const char *path, const char *headers,
                            struct http_resp *out)
{
    size_t cap = strlen(path) + (headers ? strlen(headers) : 0) + 128;
    char *req = malloc(cap);
    int n =
        snprintf(req, cap, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s\r\n",
                 path, s->port, headers ? headers : "");
    int rc = http_raw(s, req, (size_t)n, out);

    free(req);
    return rc;
}

/* Wait until /healthz answers 200 (at most ~5 s). 0 if it did. */
static inline int abuse_healthy(const struct server *s)
{
    for (int i = 0; i < 50; i++) {
        struct http_resp r;
        int st = http_get(s, "/healthz", NULL, &r) == 0 ? r.status : -1;

        http_resp_free(&r);
        if (st == 200)
            return 0;
        test_sleep_ms(100);
    }
    return -1;
}
