#include "server.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>
#include <sodium.h>

#include "auth/password.h"
#include "core/addrlist.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "db/pool.h"
#include "http/app.h"
#include "http/metrics.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "http/static.h"
#include "mail/mail.h"
#include "view/i18n.h"
#include "view/tpl.h"

struct worker {
    struct arena arena;
};

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

static void new_request_id(char id[17])
{
    unsigned char raw[8];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(id, 17, raw, sizeof(raw));
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void access_log(const struct req *r, double secs)
{
    json_t *o = json_object();
    json_t *path = json_string(r->path);

    if (!path)
        path = json_string("(not UTF-8)");
    json_object_set_new(o, "level", json_string("info"));
    json_object_set_new(o, "req", json_string(r->id));
    json_object_set_new(o, "method", json_string(r->method_name));
    /* the raw path may hold anything: jansson refuses invalid UTF-8 */
    json_object_set_new(o, "path", path);
    json_object_set_new(o, "status", json_integer(r->status));
    json_object_set_new(o, "ms", json_real((double)(long)(secs * 100000) / 100.0));
    json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes_out));
    json_object_set_new(o, "route", json_string(r->route ? r->route->pattern : "unmatched"));
    log_json(o);
}

static int handle(struct mg_connection *conn, void *cbdata)
{
    const struct app *app = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    struct worker *w = mg_get_thread_pointer(conn);
    struct req r;
    double secs;

    memset(&r, 0, sizeof(r));
    clock_gettime(CLOCK_MONOTONIC, &r.start);
    r.conn = conn;
    r.app = app;
    r.arena = &w->arena;
    r.method_name = ri->request_method;
    r.method = method_of(ri->request_method);
    r.path = ri->local_uri_raw ? ri->local_uri_raw : "/";
    r.query_raw = ri->query_string ? ri->query_string : "";
    r.client_ip = ri->remote_addr;
    if (*app->cfg->trusted_proxies) {
        char *buf = arena_alloc(r.arena, 64);

        r.client_ip = addr_forwarded_client(ri->remote_addr, req_header(&r, "X-Forwarded-For"),
                                            app->cfg->trusted_proxies, buf, 64);
    }
    r.route_index = -1;
    new_request_id(r.id);
    sbuf_init(&r.headers, r.arena, 16 * 1024);

    router_dispatch(&r);
    db_pool_release(app->pool, r.db);
    secs = seconds_since(&r.start);
    metrics_record(r.route_index, r.status, secs);
    if (app->cfg->access_log)
        access_log(&r, secs);
    arena_reset(&w->arena);
    return r.status ? r.status : 500;
}

static void *init_thread(const struct mg_context *ctx, int thread_type)
{
    struct worker *w;

    (void)ctx;
    if (thread_type != 1)
        return NULL;
    w = xcalloc(1, sizeof(*w));
    arena_init(&w->arena, 64 * 1024);
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

int server_run(struct app *app)
{
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

    ctx = mg_start(&cb, app, server_options(&o, cfg));
    if (!ctx) {
        log_error("cannot start the web server on '%s'", cfg->listen);
        return 1;
    }
    mg_set_request_handler(ctx, "/", handle, app);
    if (mail_worker_start(app)) {
        mg_stop(ctx);
        return 1;
    }
    log_info("serving on http://%s", cfg->listen);
    sigwait(&set, &sig);
    log_info("stopping on signal %d", sig);
    mail_worker_stop();
    mg_stop(ctx);
    return 0;
}

int server_app_init(struct app *app, const struct config *cfg)
{
    char err[512], path[4096];

    memset(app, 0, sizeof(*app));
    app->cfg = cfg;
    arena_init(&app->mem, 4096);
    if (cfg->db_url && db_params_parse(&app->mem, cfg->db_url, &app->dbp, err, sizeof(err)))
        return log_error("setting 'db': %s", err);
    app->pool = db_pool_new(&app->dbp, cfg->db_pool);
    snprintf(path, sizeof(path), "%s/locales", cfg->root);
    app->i18n = i18n_load(path, err, sizeof(err));
    if (!app->i18n)
        return log_error("%s", err);
    snprintf(path, sizeof(path), "%s/web/templates", cfg->root);
    app->tpl = tpl_set_load_dir(path, err, sizeof(err));
    if (!app->tpl)
        return log_error("%s", err);
    snprintf(path, sizeof(path), "%s/web/static", cfg->root);
    app->files = static_load(path, err, sizeof(err));
    if (!app->files)
        return log_error("%s", err);
    app->asset_v = static_version(app->files);
    snprintf(path, sizeof(path), "%s/data/common-passwords.txt", cfg->root);
    if (pw_policy_load(path))
        return -1;
    return 0;
}

void server_app_release(struct app *app)
{
    if (app->i18n)
        i18n_free(app->i18n);
    if (app->tpl)
        tpl_set_free(app->tpl);
    static_free(app->files);
    pw_policy_free();
    db_pool_free(app->pool);
    arena_release(&app->mem);
}
