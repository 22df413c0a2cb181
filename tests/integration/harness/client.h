/*
 * client: HTTP/1.1 over raw sockets to the server under test (http_), so a
 * test can send what a browser never would: NUL bytes, a lying
 * Content-Length, chunked bodies. Every request says Connection: close and
 * reads the whole answer.
 *
 * Requests "as" a session (http_get_as, http_post_as) send the fixture
 * session's cookie, and http_post_as its CSRF token as the first form field;
 * the session is NULL for an anonymous visitor. Those helpers fail the
 * current CUnit test when the server cannot be reached.
 *
 * Ownership: a struct http_resp owns its head and body until
 * http_resp_free(); functions documented "malloc'd" hand the caller a string
 * to free(); http_enc() returns one of a few rotating static buffers, good
 * until the next calls.
 */
#pragma once

#include <stddef.h>

struct fx_session;
struct server;

struct http_resp {
    int status;
    char *head; /* status line and headers */
    char *body;
    size_t body_len;
};

/* A connection to the server from the loopback source address from_ip (NULL:
 * any) with a receive timeout of ms; the socket, or -1. */
int http_connect(const struct server *s, const char *from_ip, int ms);

/* Send raw bytes and read the whole response (the request should say
 * Connection: close). 0, or -1 on a socket error. */
int http_raw(const struct server *s, const char *raw, size_t len, struct http_resp *out);

/* The same from a chosen loopback source address (e.g. "127.3.4.5"), so
 * per-address rate limits see each test client apart; NULL: any. */
int http_raw_from(const struct server *s, const char *from_ip, const char *raw, size_t len,
                  struct http_resp *out);

/* Send raw on one connection and collect every byte that comes back until
 * the server closes it or ms pass in silence (keep-alive): malloc'd,
 * NUL-ended, its length in *got (may be NULL). */
char *http_exchange(const struct server *s, const char *raw, size_t len, int ms, size_t *got);

/* Send raw and read only until the end of the response head (or ms pass):
 * the status, or -1. For answers that must come before the body is sent (the
 * server may then keep the connection open to drain a body it expects). */
int http_first_status(const struct server *s, const char *raw, size_t len, int ms);

/* GET path (any length) with optional extra header lines (each ending in \r\n). */
int http_get(const struct server *s, const char *path, const char *headers, struct http_resp *out);

/* POST an urlencoded body to path with optional extra header lines. */
int http_post(const struct server *s, const char *path, const char *body, size_t len,
              const char *headers, struct http_resp *out);

/* GET path as the session's owner (NULL: anonymous). */
struct http_resp http_get_as(const struct server *srv, const char *path,
                             const struct fx_session *s);

/* POST body to path as s with s's CSRF token first (s NULL: anonymous, no token). */
struct http_resp http_post_as(const struct server *srv, const char *path,
                              const struct fx_session *s, const char *body);

/* http_post_as()'s status alone (the response freed). */
int http_post_status_as(const struct server *srv, const char *path, const struct fx_session *s,
                        const char *body);

/* POST body to path with s's cookie but without its CSRF token (a forgery). */
struct http_resp http_post_without_csrf(const struct server *srv, const char *path,
                                        const struct fx_session *s, const char *body);

/* The status of GET path as s (the body is dropped); -1 when unreachable. */
int http_status(const struct server *srv, const char *path, const struct fx_session *s);

/* The value on the /metrics line named line (with its labels, e.g.
 * "dysgu_rendercache_keys" or "dysgu_session_loads_total{by=\"reader\"}"),
 * or -1 when there is none. Fails the current test when the server cannot be
 * reached. */
long http_metric(const struct server *srv, const char *line);

/* The database round trips /metrics has counted so far for the route
 * pattern ("/me", "/courses/{slug}"): dysgu_db_round_trips_total{route=}.
 * Fails the current test when the server cannot be reached. */
long http_round_trips(const struct server *srv, const char *route);

/* "/{lang}/courses/{slug}{rest}" in buf (256 bytes); returns buf. */
const char *http_course_path(char *buf, const char *lang, const char *slug, const char *rest);

/* GET or POST (with the CSRF token) /{lang}/courses/{slug}{rest} as s. */
struct http_resp http_course_get(const struct server *srv, const char *lang, const char *slug,
                                 const char *rest, const struct fx_session *s);
struct http_resp http_course_post(const struct server *srv, const char *lang, const char *slug,
                                  const char *rest, const struct fx_session *s, const char *body);

/* GET prefix + q percent-encoded + suffix (NULL: none) as s: a search such as
 * ("/cy/courses?q=", "data zq...", "&level=working"). */
struct http_resp http_search(const struct server *srv, const char *prefix, const char *q,
                             const char *suffix, const struct fx_session *s);

/* Reading the answer (response.c). */

/* A response header's value (malloc'd, caller frees) or NULL; the first one. */
char *http_header(const struct http_resp *r, const char *name);

/* 1 if the header name is present and exactly want (else says what it was). */
int http_header_is(const struct http_resp *r, const char *name, const char *want);

/* The value of the cookie name set by the response (malloc'd) or NULL: the
 * first Set-Cookie for it, or with last set, the last one (a response may
 * clear a cookie and set it anew; a browser applies them in order). */
char *http_set_cookie(const struct http_resp *r, const char *name);
char *http_set_cookie_last(const struct http_resp *r, const char *name);

/* 1 if Location starts with prefix / holds needle / the answer is a 303 to
 * exactly location. */
int http_location_starts(const struct http_resp *r, const char *prefix);
int http_location_has(const struct http_resp *r, const char *needle);
int http_see_other(const struct http_resp *r, const char *location);
/* The number just after the first `after` in Location ("/threads/" in
 * "/cy/threads/12#x": 12), or 0 when there is none. */
long long http_location_id(const struct http_resp *r, const char *after);

/* 1 if the body contains needle. */
int http_body_has(const struct http_resp *r, const char *needle);

/* The body gunzipped (one gzip member, nothing after it, up to 4 MB),
 * malloc'd; NULL when it is not valid gzip. */
char *http_gunzip(const struct http_resp *r);

/* The body as http_gunzip() for a brotli stream (one whole stream). */
char *http_unbrotli(const struct http_resp *r);

/* The body decoded as its Content-Encoding says (gzip, br or none), as
 * above; NULL when it does not decode. */
char *http_decoded(const struct http_resp *r);

/* Where needle first occurs in the body, or -1. */
long http_pos(const struct http_resp *r, const char *needle);

/* The hidden csrf field of the first form on a page, or "" (static buffer). */
const char *http_form_csrf(const struct http_resp *r);

void http_resp_free(struct http_resp *r);

/* s percent-encoded, every byte but the unreserved A-Z a-z 0-9 - . _ ~
 * (RFC 3986 2.3): into out (cap bytes, cut short if it must), as a new
 * string of len bytes of s (malloc'd), or into a rotating static buffer
 * (short strings: form fields). */
void http_url_encode(const char *s, char *out, size_t cap);
char *http_url_encode_new(const char *s, size_t len);
const char *http_enc(const char *s);
