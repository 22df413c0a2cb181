#include "server.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <civetweb.h>

#include "core/addrlist.h"
#include "core/jsonmem.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/pool.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

struct worker {
    struct arena arena;
};

/* The size of a worker's arena chunks. Each request takes its chunks from
 * malloc and gives them all back at its end (arena_release), so that memory
 * is shared by the requests running at once instead of kept by every one of
 * the (256) workers: 64 KB kept was 256 x 64 KB of RSS once each worker had
 * rendered a big page, and 16 KB kept still 4 MB (docs/benchmarks.md,
 * "Memory"). 16 KB holds a cache hit and most small pages. */
#define WORKER_ARENA_CHUNK (16 * 1024)

static enum http_method method_of(const char *m)
{
    if (!strcmp(m, "GET"))
        return HTTP_GET;
    if (!strcmp(m, "HEAD"))
        return HTTP_HEAD;
    if (!strcmp(m, "POST"))
        return HTTP_POST;
    return HTTP_OTHER;
}

/*
 * Every X-Forwarded-For line of the request joined with ", " in order, or
 * NULL. mg_get_header returns only the first line, and HAProxy adds a line
 * of its own rather than extending the client's: reading one line would let
 * the client choose its address (issue 23, finding 3).
 */
static const char *forwarded_for(struct req *r, const struct mg_request_info *ri)
{
    struct sbuf b;
    int i;

    sbuf_init(&b, r->arena, 8192);
    for (i = 0; i < ri->num_headers; i++) {
        if (strcasecmp(ri->http_headers[i].name, "X-Forwarded-For"))
            continue;
        if (b.len)
            sbuf_adds(&b, ", ");
        sbuf_adds(&b, ri->http_headers[i].value);
    }
    /* too many lines to be ours: fall back to the peer (no literal parses) */
    return !b.len ? NULL : sbuf_failed(&b) ? "-" : b.buf;
}

/* Said once: a proxy on this host forwards clients, but none is trusted. */
static void warn_untrusted_local_proxy(const char *remote, const char *xff)
{
    static atomic_int said;

    if (!xff || !addr_is_loopback(remote) || atomic_exchange(&said, 1))
        return;
    log_warn("SECURITY: requests from a proxy on this host (%s) carry X-Forwarded-For but "
             "trusted_proxies is empty: every visitor counts as that one address for the "
             "per-address limits and the audit log. Set DYSGU_TRUSTED_PROXIES to the proxy's "
             "address.",
             remote);
}

/* What the one civetweb handler needs: the shared state and the funnel. */
struct server_ctx {
    const struct app *app;
    server_dispatch_fn dispatch;
};

static int authorised(struct mg_connection *conn, void *cbdata)
{
    (void)conn;
    (void)cbdata;
    return 1;
}

void server_no_htpasswd(struct mg_context *ctx)
{
    mg_set_auth_handler(ctx, "/", authorised, NULL);
}

static int handle(struct mg_connection *conn, void *cbdata)
{
    const struct server_ctx *sc = cbdata;
    const struct app *app = sc->app;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct worker *w = mg_get_thread_pointer(conn);
    struct req r;

    memset(&r, 0, sizeof(r));
    clock_gettime(CLOCK_MONOTONIC, &r.start);
    r.conn = conn;
    r.app = app;
    r.arena = &w->arena;
    jsonmem_begin(r.arena);
    r.method_name = ri->request_method;
    r.method = method_of(ri->request_method);
    r.path = ri->local_uri_raw ? ri->local_uri_raw : "/";
    r.query_raw = ri->query_string ? ri->query_string : "";
    r.client_ip = ri->remote_addr;
    if (*app->cfg->trusted_proxies) {
        char *buf = arena_alloc(r.arena, 64);

        r.client_ip = addr_forwarded_client(ri->remote_addr, forwarded_for(&r, ri),
                                            app->cfg->trusted_proxies, buf, 64);
    } else {
        warn_untrusted_local_proxy(ri->remote_addr, req_header(&r, "X-Forwarded-For"));
    }
    acceptenc_parse(req_header(&r, "Accept-Encoding"), &r.accept_enc);
    r.route_index = -1;
    req_new_id(r.id);
    sbuf_init(&r.headers, r.arena, 16 * 1024);

    sc->dispatch(&r);
    db_pool_release(app->pool, r.db);
    arena_release(&w->arena);
    jsonmem_end();
    return r.status ? r.status : 500;
}

static void *init_thread(const struct mg_context *ctx, int thread_type)
{
    struct worker *w;

    (void)ctx;
    if (thread_type != 1)
        return NULL;
    w = xcalloc(1, sizeof(*w));
    arena_init(&w->arena, WORKER_ARENA_CHUNK);
    return w;
}

static void exit_thread(const struct mg_context *ctx, int thread_type, void *p)
{
    struct worker *w = p;

    (void)ctx;
    if (thread_type != 1 || !w)
        return;
    arena_release(&w->arena);
    free(w);
    db_thread_end();
}

static int log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    log_warn("civetweb: %s", message);
    return 1;
}

const char **server_options(struct server_options *o, const struct config *cfg)
{
    /* reference/security.md section 3.4: no document_root, no CGI/SSI, no CORS */
    const char *const opts[] = {
        "listening_ports",
        cfg->listen,
        "num_threads",
        o->threads,
        "listen_backlog",
        "512",
        "max_request_size",
        "16384",
        "request_timeout_ms",
        o->timeout,
        "enable_keep_alive",
        "yes",
        "keep_alive_timeout_ms",
        "2000",
        "tcp_nodelay",
        "1",
        "decode_url",
        "no",
        "access_control_allow_origin",
        "",
        "access_control_allow_methods",
        "",
        "access_control_allow_headers",
        "",
        "enable_directory_listing",
        "no",
        "cgi_pattern",
        "",
        "ssi_pattern",
        "",
        "additional_header",
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
        "Referrer-Policy: no-referrer",
        NULL,
    };

    _Static_assert(sizeof(opts) <= sizeof(o->v), "server_options: o->v is too small");
    snprintf(o->threads, sizeof(o->threads), "%d", cfg->threads);
    snprintf(o->timeout, sizeof(o->timeout), "%d", cfg->request_timeout_ms);
    memcpy(o->v, opts, sizeof(opts));
    return o->v;
}

int server_run(const struct app *app, server_dispatch_fn dispatch)
{
    struct server_ctx sc = { app, dispatch };
    const struct config *cfg = app->cfg;
    struct server_options o;
    struct mg_callbacks cb;
    struct mg_context *ctx;
    sigset_t set;
    int sig = 0;

    memset(&cb, 0, sizeof(cb));
    cb.init_thread = init_thread;
    cb.exit_thread = exit_thread;
    cb.log_message = log_message;

    /* block the stop signals in every thread; this one waits for them */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    ctx = mg_start(&cb, NULL, server_options(&o, cfg));
    if (!ctx) {
        log_error("cannot start the web server on '%s'", cfg->listen);
        return 1;
    }
    server_no_htpasswd(ctx);
    mg_set_request_handler(ctx, "/", handle, &sc);
    log_info("serving on http://%s", cfg->listen);
    sigwait(&set, &sig);
    log_info("stopping on signal %d", sig);
    mg_stop(ctx);
    return 0;
}
