#include "benchlimit.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include <civetweb.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "http/server.h"

#define BENCHLIMIT_BODY 5120

/* The whole response, headers and body, built once before mg_start. */
static struct sbuf response = SBUF_INIT;

static int handle(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    if (mg_write(conn, response.buf, response.len) != (int)response.len)
        return 0;
    return 200;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    log_warn("civetweb: %s", message);
    return 1;
}

/* A page of BENCHLIMIT_BODY bytes with the headers resp_send() writes. */
static void build_response(struct sbuf *out, struct arena *a)
{
    static const char head[] = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>limit</title></head><body><main><p>";
    static const char tail[] = "</p></main></body></html>\n";
    struct sbuf body;
    size_t fill = BENCHLIMIT_BODY - (sizeof(head) - 1) - (sizeof(tail) - 1);

    sbuf_init(&body, a, BENCHLIMIT_BODY + 1);
    sbuf_adds(&body, head);
    while (fill--)
        sbuf_add(&body, fill % 64 ? "x" : "\n", 1);
    sbuf_adds(&body, tail);
    sbuf_init(out, a, 2 * BENCHLIMIT_BODY);
    sbuf_adds(out, "HTTP/1.1 200 OK\r\n"
                   "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "X-Frame-Options: DENY\r\n"
                   "Referrer-Policy: strict-origin-when-cross-origin\r\n"
                   "Content-Type: text/html; charset=utf-8\r\n"
                   "Cache-Control: no-store\r\n"
                   "X-Request-Id: 0000000000000000\r\n");
    sbuf_addf(out, "Content-Length: %zu\r\n\r\n", body.len);
    sbuf_add(out, body.buf, body.len);
}

int benchlimit_run(const struct config *cfg)
{
    struct server_options o;
    struct mg_callbacks cb;
    struct mg_context *ctx;
    struct arena a;
    sigset_t set;
    int sig = 0, rc = 1;

    arena_init(&a, 16 * 1024);
    build_response(&response, &a);
    if (sbuf_failed(&response)) {
        log_error("cannot build the bench-limit page");
        goto out;
    }
    memset(&cb, 0, sizeof(cb));
    cb.log_message = log_message;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    ctx = mg_start(&cb, NULL, server_options(&o, cfg));
    if (!ctx) {
        log_error("cannot start the web server on '%s'", cfg->listen);
        goto out;
    }
    server_no_htpasswd(ctx);
    mg_set_request_handler(ctx, "/", handle, NULL);
    log_info("bench-limit: a fixed %d-byte page on http://%s", BENCHLIMIT_BODY, cfg->listen);
    sigwait(&set, &sig);
    log_info("stopping on signal %d", sig);
    mg_stop(ctx);
    rc = 0;
out:
    arena_release(&a);
    return rc;
}
