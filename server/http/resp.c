#include "resp.h"

#include <string.h>

#include <civetweb.h>

#include "core/sbuf.h"
#include "http/app.h"
#include "http/cookie.h"
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

int resp_send(struct req *r, int status, const char *content_type, const void *body, size_t len)
{
    struct sbuf out;
    int head_only = r->method == HTTP_HEAD;

    if (r->responded)
        return r->status;
    sbuf_init(&out, r->arena, (size_t)-1 / 2);
    sbuf_grow(&out, 1024 + r->headers.len + (head_only ? 0 : len));
    sbuf_addf(&out, "HTTP/1.1 %d %s\r\n", status, resp_reason(status));
    sbuf_adds(&out, security_headers);
    if (r->app->cfg->secure_cookies)
        sbuf_adds(&out, hsts_header);
    if (content_type)
        sbuf_addf(&out, "Content-Type: %s\r\n", content_type);
    sbuf_addf(&out, "X-Request-Id: %s\r\n", r->id);
    sbuf_addf(&out, "Content-Length: %zu\r\n", len);
    sbuf_add(&out, r->headers.buf, r->headers.len);
    if (r->close) {
        sbuf_adds(&out, "Connection: close\r\n");
        if (r->conn)
            mg_disable_connection_keep_alive(r->conn);
    }
    sbuf_adds(&out, "\r\n");
    if (!head_only)
        sbuf_add(&out, body, len);
    r->responded = 1;
    r->status = status;
    r->bytes_out = out.len;
    /* a client reading slowly holds this worker, not a database connection */
    req_db_put(r);
    if (r->conn && mg_write(r->conn, out.buf, out.len) != (int)out.len)
        log_warn_r(r, "client went away before the response was written");
    return status;
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
