/*
 * resp: writing the response. Every response goes through resp_send() or
 * resp_send_variants(), which write the status line, the security headers
 * (DESIGN.md "Security rules"), the extra headers in r->headers and the body
 * in one write (a header write followed by a body write waits on delayed
 * ACKs; DESIGN.md known traps).
 *
 * Compression (http/compress.h): a body of a compressible type gets
 * "Vary: Accept-Encoding", and is sent as the variant the request's
 * Accept-Encoding prefers (brotli, else gzip, else as it is; bodies under
 * COMPRESS_MIN_LEN as they are) with Content-Encoding and the encoded
 * Content-Length. HEAD gets the same headers without the body; 1xx, 204 and
 * 304 get neither body nor Content-Length.
 *
 * Handlers return the status they sent; a handler that returns >= 400
 * without sending anything gets the localised error page from the funnel.
 */
#pragma once

#include <stddef.h>

#include "http/acceptenc.h"

struct compressed;
struct req;
struct sbuf;
struct cookie_opts;

/* Add "name: value" to the response; refused (logged, -1) if value holds CR or LF. */
int resp_header(struct req *r, const char *name, const char *value);

/* Add a Set-Cookie header with the service's defaults (Path=/, HttpOnly,
 * SameSite=Lax, Secure behind TLS); max_age < 0: browser-session cookie,
 * 0: delete. */
int resp_cookie(struct req *r, const char *name, const char *value, long max_age);

/* The cookie name with the __Host- prefix when cookies are secure. */
const char *resp_cookie_name(const struct req *r, const char *base);

/* Send status, headers and body (HEAD: no body). A body of a compressible
 * type is compressed for this response at COMPRESS_FAST when the client
 * accepts gzip or br. Returns status. */
int resp_send(struct req *r, int status, const char *content_type, const void *body, size_t len);

/* Send a body whose variants were made beforehand with compress_body()
 * (static files, cached pages): the one resp_pick_variant() picks, no
 * compression on this request. Returns status. */
int resp_send_variants(struct req *r, int status, const char *content_type,
                       const struct compressed *c);

/* The coding resp_send_variants() will send c in: identity unless the type is
 * compressible and the client prefers a variant c has (so a caller can pick
 * the variant's ETag first). */
enum coding resp_pick_variant(const struct req *r, const char *content_type,
                              const struct compressed *c);

/* text/html; charset=utf-8 */
int resp_html(struct req *r, int status, const struct sbuf *body);

/* 303 See Other to a local path (post/redirect/get). */
int resp_see_other(struct req *r, const char *location);

/* A redirect with the given 3xx status. */
int resp_redirect(struct req *r, int status, const char *location);

/* The reason phrase for status ("Not Found"). */
const char *resp_reason(int status);
