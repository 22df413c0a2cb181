#include "resp.h"

#include <string.h>

#include <civetweb.h>

#include "core/persongen.h"
#include "core/sbuf.h"
#include "http/acceptenc.h"
#include "http/app.h"
#include "http/compress.h"
#include "http/cookie.h"
#include "http/rendercache.h"
#include "http/req.h"

/* DESIGN.md "Security rules"; reference/security.md section 1.10 */
static const char security_headers[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: strict-origin-when-cross-origin\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n"
    "Permissions-Policy: geolocation=(), camera=(), microphone=()\r\n";

static const char hsts_header[] =
    "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n";

const char *resp_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

static int has_crlf(const char *s)
{
    return strchr(s, '\r') || strchr(s, '\n');
}

int resp_header(struct req *r, const char *name, const char *value)
{
    if (has_crlf(name) || has_crlf(value))
        return log_error_r(r, "refusing header '%s' with a line break in it", name);
    sbuf_addf(&r->headers, "%s: %s\r\n", name, value);
    return 0;
}

const char *resp_cookie_name(const struct req *r, const char *base)
{
    if (!r->app->cfg->secure_cookies)
        return base;
    return arena_printf(r->arena, "__Host-%s", base);
}

int resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    struct cookie_opts o = {
        .path = "/",
        .max_age = max_age,
        .http_only = 1,
        .secure = r->app->cfg->secure_cookies,
        .same_site = "Lax",
    };

    if (cookie_format(&r->headers, name, value, &o))
        return log_error_r(r, "refusing to set malformed cookie '%s'", name);
    return 0;
}

/* A status whose response never has a body, nor a Content-Length (RFC 9110
 * sections 8.6, 15.3.5 and 15.4.5). */
static int bodiless(int status)
{
    return status < 200 || status == 204 || status == 304;
}

/* A body at least this long is written after the head, not copied behind
 * it into one buffer: one send more, one copy of the body fewer (the
 * webinars API's 94 KB page: the copy was 8 % of the machine's samples). */
#define RESP_WRITE_APART 32768

/*
 * Write the whole response: the status, the security headers, the
 * representation's headers, r->headers and, unless HEAD or bodiless, the
 * body already encoded with coding k. A 304 carries no Content-Type but does
 * carry Vary (RFC 9110 section 15.4.5: the fields a 200 would have had).
 */
static int send_coded(struct req *r, int status, const char *content_type, enum coding k,
                      const void *body, size_t len)
{
    int no_body = bodiless(status);
    int head_only = no_body || r->method == HTTP_HEAD;
    int apart = !head_only && len >= RESP_WRITE_APART;
    struct sbuf out;

    if (r->responded)
        return r->status;
    sbuf_init(&out, r->arena, (size_t)-1 / 2);
    sbuf_grow(&out, 1024 + r->headers.len + (head_only || apart ? 0 : len));
    sbuf_addf(&out, "HTTP/1.1 %d %s\r\n", status, resp_reason(status));
    sbuf_adds(&out, security_headers);
    if (r->app->cfg->secure_cookies)
        sbuf_adds(&out, hsts_header);
    if (content_type && status != 304)
        sbuf_addf(&out, "Content-Type: %s\r\n", content_type);
    if (compress_type_ok(content_type))
        sbuf_adds(&out, "Vary: Accept-Encoding\r\n");
    if (k != CODING_IDENTITY && !no_body)
        sbuf_addf(&out, "Content-Encoding: %s\r\n", acceptenc_name(k));
    sbuf_addf(&out, "X-Request-Id: %s\r\n", r->id);
    if (!no_body)
        sbuf_addf(&out, "Content-Length: %zu\r\n", len);
    sbuf_add(&out, r->headers.buf, r->headers.len);
    if (r->close) {
        sbuf_adds(&out, "Connection: close\r\n");
        if (r->conn)
            mg_disable_connection_keep_alive(r->conn);
    }
    sbuf_adds(&out, "\r\n");
    if (!head_only && !apart)
        sbuf_add(&out, body, len);
    r->responded = 1;
    r->status = status;
    r->bytes_out = out.len + (apart ? len : 0);
    if (r->writer) /* before the client can ask for its next page */
        persongen_touch(r->writer);
    /* a client reading slowly holds this worker, not a database connection */
    req_db_put(r);
    if (r->conn && (mg_write(r->conn, out.buf, out.len) != (int)out.len ||
                    (apart && mg_write(r->conn, body, len) != (int)len)))
        log_warn_r(r, "client went away before the response was written");
    return status;
}

int resp_send(struct req *r, int status, const char *content_type, const void *body, size_t len)
{
    struct compressed c;
    enum coding k = CODING_IDENTITY;
    int sent;

    if (r->responded)
        return r->status;
    if (r->cache.key && (sent = rendercache_fill(r, status, content_type, body, len)) != 0)
        return sent;
    if (!bodiless(status) && len >= COMPRESS_MIN_LEN && compress_type_ok(content_type))
        k = acceptenc_choose(&r->accept_enc, CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR));
    if (k != CODING_IDENTITY) {
        /* a failure is logged; the plain body is still right */
        compress_body(r->arena, body, len, CODING_BIT(k), COMPRESS_FAST, &c);
        if (!c.body[k])
            k = CODING_IDENTITY;
        body = c.body[k];
        len = c.len[k];
    }
    return send_coded(r, status, content_type, k, body, len);
}

enum coding resp_pick_variant(const struct req *r, const char *content_type,
                              const struct compressed *c)
{
    if (!compress_type_ok(content_type))
        return CODING_IDENTITY;
    return acceptenc_choose(&r->accept_enc, compress_available(c));
}

int resp_send_variants(struct req *r, int status, const char *content_type,
                       const struct compressed *c)
{
    enum coding k = resp_pick_variant(r, content_type, c);

    return send_coded(r, status, content_type, k, c->body[k], c->len[k]);
}

int resp_html(struct req *r, int status, const struct sbuf *body)
{
    return resp_send(r, status, "text/html; charset=utf-8", body->buf, body->len);
}

int resp_redirect(struct req *r, int status, const char *location)
{
    if (resp_header(r, "Location", location))
        return resp_send(r, 500, "text/plain; charset=utf-8", "", 0);
    return resp_send(r, status, "text/plain; charset=utf-8", "", 0);
}

int resp_see_other(struct req *r, const char *location)
{
    return resp_redirect(r, 303, location);
}
