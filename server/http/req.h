/*
 * req: one HTTP request as the handlers see it. Built by the funnel in
 * server.c, valid for the duration of one handler call; every pointer in it
 * lives in r->arena (or in the connection) and dies when the request ends.
 *
 * Features include this header and http/resp.h, never <civetweb.h>.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "core/arena.h"
#include "core/lang.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "http/acceptenc.h"
#include "http/form.h"
#include "http/match.h"

struct mg_connection;
struct splice;
struct app;
struct db;
struct route;
struct user;
struct session;

enum http_method {
    HTTP_GET = 1 << 0,
    HTTP_HEAD = 1 << 1,
    HTTP_POST = 1 << 2,
    HTTP_OTHER = 1 << 3,
};

struct req {
    struct mg_connection *conn;
    const struct app *app;
    struct arena *arena;
    struct db *db;

    enum http_method method;
    const char *method_name;
    const char *path;     /* decoded path as received, e.g. "/cy/courses" */
    const char *path_raw; /* before decoding (a background refill asks for it again) */
    const char *rpath;    /* language-neutral path, e.g. "/courses" */
    enum lang lang;
    int has_lang;          /* the path carried /cy or /en */
    int lang_negotiated;   /* no prefix, but a cookie or Accept-Language chose lang */
    const char *query_raw; /* after '?', or "" */
    struct kvlist query;
    struct kvlist cookies;
    struct kvlist form; /* the parsed body of a POST */
    struct route_params params;
    const struct route *route;
    int route_index; /* -1 when no route matched */
    const char *client_ip;
    struct user *user;       /* signed in, or NULL */
    struct session *session; /* the session behind user, or NULL */
    /* a request other than GET or HEAD by this signed-in person (the router
     * sets it): their generation moves before its response goes
     * (core/persongen.h), so their next page reads what it changed */
    long long writer;

    char id[17]; /* request id: 16 hex characters */
    const char *csrf;
    struct sbuf headers; /* extra response header lines, each ending in \r\n */
    int status;
    int responded;
    int close;       /* end the connection after this response */
    int retry_after; /* seconds, set with a 429's Retry-After (auth/ratelimit.h) */
    size_t bytes_out;
    struct timespec start;

    struct acceptenc accept_enc; /* the client's Accept-Encoding, read by server.c */

    struct {
        const char *key; /* set: resp_send() stores a 200 (http/rendercache.h) */
        unsigned gen;    /* the cache's generation when marked */
        int claim;       /* this request refills key; others wait or serve old */
        /* set: this reader was served an expired copy and claimed its
         * refill for the background (rendercache_background()) */
        const char *refresh;
        /* page_render(): where the personal parts of the page sent are */
        const struct splice *holes;
        /* a signed-in reader's request that fills key: the page is rendered
         * as an anonymous reader sees it (no user, no CSRF token) */
        int anonymous;
        /* set: the kept page is sent to this reader with its holes
         * rendered by this (app/page.h page_personal()) */
        int (*personal)(struct req *r, const char *name, struct sbuf *out);
        /* the reader's own parts of a kept page, a json_t the body's holes
         * read as "mine" (app/page.h page_mine(), a route's mine hook) */
        void *mine;
        /* what the mine hook loaded, for the handler to reuse when the page
         * is rendered after all (the feature's own struct) */
        void *mine_loaded;
        /* page_personal()'s globals (a reader's own, never anonymous)
         * and context (json_t), made for the first hole and read by the
         * others (a page has dozens) */
        void *personal_globals, *personal_ctx;
    } cache;
};

/* Path parameter {name} from the route, or NULL. */
const char *req_param(const struct req *r, const char *name);

/* First query/form/cookie value named name, or NULL. */
const char *req_query(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);

/*
 * The request's pooled database connection (db/pool.h). The router takes it
 * once the request has fully arrived; req_db_put gives it back early while
 * the request waits on something slow that needs no database (password
 * hashing), unless a transaction is open; req_db_get takes one again (a no-op
 * when r->db is set): 0, or -1 when none was free within a second, or at
 * once while the database is away (503).
 */
void req_db_put(struct req *r);
int req_db_get(struct req *r);

/* A request header (case-insensitive name), or NULL. */
const char *req_header(const struct req *r, const char *name);

/* UI text for key in the request's language (owned by the catalogue). */
const char *req_t(const struct req *r, const char *key);

/* The same for the key prefix followed by code ("courses.level." and
 * "awareness"; a NULL code is ""), without formatting the key in the arena
 * unless it is missing (then the key, in r->arena). */
const char *req_t_of(const struct req *r, const char *prefix, const char *code);

/* What per-address limits count for this request: r->client_ip, or its /64
 * network when it is IPv6 (core/addrlist.h addr_limit_key). In r->arena. */
const char *req_client_key(const struct req *r);

/*
 * path as it may be logged: every segment that looks like a secret (32 or
 * more base64url characters with an upper-case letter among them: a reset,
 * unlock or session token; never a slug, which is lower case), and every
 * segment after "password-reset", "verify" or "unlock" (where a link's token
 * travels, whatever its shape), replaced by "[redacted]". Every log line that prints a path uses
 * this (security.md R-LOG-1). The result lives in r->arena; NULL gives "".
 */
const char *req_log_path(const struct req *r, const char *path);

/* A new request id in id: 16 hex characters, a reference for the logs and
 * the error pages, not a secret. Each thread draws from its own generator,
 * seeded once from the system's: no system call a request (this machine's
 * getrandom cost about as much as the rest of a cached page's user time). */
void req_new_id(char id[17]);

#define log_error_r(r, ...) log_error_id((r)->id, __VA_ARGS__)
#define log_warn_r(r, ...)  log_warn_id((r)->id, __VA_ARGS__)

/* Read the request body of at most max bytes into the arena, checking that
 * it is urlencoded, that Content-Length is present and within max, and that
 * exactly that many bytes arrive before the deadline. Returns 0, or the
 * status to answer with: 400 (short or bad body), 408 (too slow),
 * 411 (no length, or chunked), 413 (too large), 415 (not a form). */
int req_read_body(struct req *r, size_t max, char **data, size_t *len);

/* Refuse ambiguous message framing before anything else reads the request
 * (request smuggling, security.md R-MAL-2): any Transfer-Encoding (411 when
 * it is the only length, else 400) and more than one Content-Length (400).
 * 0 when the framing is sound. */
int req_framing_status(const struct req *r);

/* Decode a raw request path once: %XX escapes, valid UTF-8, no control
 * characters. Returns the decoded path in a, or NULL with *status set to
 * 400 (malformed) or 404 (NUL, encoded '/', backslash: never a real page). */
char *req_decode_path(struct arena *a, const char *raw, int *status);
