#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/budgets.h"
#include "app/metrics.h"
#include "app/page.h"
#include "app/page_api.h"
#include "app/refill.h"
#include "auth/apitoken.h"
#include "auth/csrf.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/config.h"
#include "core/jsonmem.h"
#include "core/persongen.h"
#include "db/db.h"
#include "db/pool.h"
#include "http/acceptlang.h"
#include "http/app.h"
#include "http/cookie.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/escape.h"

#define QUERY_MAX_FIELDS 64
#define FORM_MAX_FIELDS  256
#define COOKIE_LANG      "lang"
#define LANG_COOKIE_AGE  (365L * 24 * 3600)

/* The language of a page with no /cy or /en prefix (errors, "/"): the
 * preference cookie, then Accept-Language, then Welsh. */
static enum lang negotiated_lang(const struct req *r, int *decided)
{
    const char *pref = req_cookie(r, COOKIE_LANG);
    int pick;

    *decided = 1;
    if (pref && !strcmp(pref, "cy"))
        return LANG_CY;
    if (pref && !strcmp(pref, "en"))
        return LANG_EN;
    pick = acceptlang_pick(req_header(r, "Accept-Language"));
    if (pick == LANG_CY || pick == LANG_EN)
        return (enum lang)pick;
    *decided = 0;
    return LANG_CY;
}

/* Split "/cy/..." into the language and the neutral path. 1 if it had one. */
static int strip_lang(struct req *r)
{
    const char *p = r->path;

    if ((!strncmp(p, "/cy", 3) || !strncmp(p, "/en", 3)) && (p[3] == '/' || p[3] == '\0')) {
        r->lang = p[1] == 'c' ? LANG_CY : LANG_EN;
        r->rpath = p[3] ? p + 3 : "/";
        return 1;
    }
    r->rpath = p;
    return 0;
}

static int allowed_methods(const struct req *r, struct sbuf *allow)
{
    unsigned seen = 0;
    struct route_params p;
    int found = 0;

    ROUTE_FOREACH (rt, routes, n_routes) {
        if (!!(rt->flags & ROUTE_LANG) != !!r->has_lang)
            continue;
        if (route_match(r->arena, rt->pattern, r->rpath, &p)) {
            seen |= rt->methods;
            found = 1;
        }
    }
    if (seen & HTTP_GET)
        sbuf_adds(allow, "GET, HEAD");
    if (seen & HTTP_POST)
        sbuf_adds(allow, allow->len ? ", POST" : "POST");
    return found;
}

static const struct route *find_route(struct req *r)
{
    unsigned m = r->method == HTTP_HEAD ? HTTP_GET : r->method;

    ROUTE_FOREACH (rt, routes, n_routes) {
        if (!!(rt->flags & ROUTE_LANG) != !!r->has_lang || !(rt->methods & m))
            continue;
        if (route_match(r->arena, rt->pattern, r->rpath, &r->params)) {
            r->route_index = (int)(rt - routes);
            return rt;
        }
    }
    return NULL;
}

/* The form body, up to max_body (ROUTE_LONG_BODY_MAX for a ROUTE_LONG_BODY
 * route when that is larger): 0, or the status (413 past the limit). */
static int read_form(struct req *r, const struct route *rt)
{
    size_t max = r->app->cfg->max_body;
    char *body;
    size_t len;
    int status;

    if ((rt->flags & ROUTE_LONG_BODY) && max < ROUTE_LONG_BODY_MAX)
        max = ROUTE_LONG_BODY_MAX;
    status = req_read_body(r, max, &body, &len);

    if (status)
        return status;
    switch (form_parse(r->arena, body, len, FORM_MAX_FIELDS, 0, &r->form)) {
    case FORM_OK:
        return 0;
    case FORM_TOO_MANY:
        return 413;
    default:
        return 400;
    }
}

/* s percent-encoded for a query value. */
static const char *url_component(struct req *r, const char *s)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, 4096);
    escape_url_component(&b, s, strlen(s));
    return b.buf;
}

/* The language preference follows the last page language a visitor used,
 * so "/" sends them back to it (docs/decisions.md). */
static void remember_lang(struct req *r)
{
    const char *pref = req_cookie(r, COOKIE_LANG);

    if (!pref || strcmp(pref, lang_code(r->lang)))
        resp_cookie(r, COOKIE_LANG, lang_code(r->lang), LANG_COOKIE_AGE);
}

static int finish(struct req *r, int status)
{
    if (r->responded)
        return r->status;
    if (status < 400) {
        log_error_r(r, "handler returned %d without a response", status);
        status = 500;
    }
    /* a program reads the answer: every error of a bearer route is JSON */
    if (r->route && (r->route->flags & ROUTE_BEARER))
        return page_api_error(r, status,
                              status == 401 ? "a personal API token is needed: Authorization: "
                                              "Bearer " APITOKEN_PREFIX "..."
                                            : resp_reason(status));
    /* an address under /api/ that no route serves, or not by this method,
     * is answered as the API answers: a program reads it */
    if (!r->route && !r->has_lang && !strncmp(r->path, "/api/", 5))
        return page_api_error(r, status, resp_reason(status));
    if (status == 503)
        resp_header(r, "Retry-After", "5");
    if (r->route && (r->route->flags & ROUTE_PLAIN))
        return resp_send(r, status, "text/plain; charset=utf-8", resp_reason(status),
                         strlen(resp_reason(status)));
    return page_error(r, status);
}

/* A sensitive route asked for by a session that has not proved who it is
 * lately: 303 to the confirm page, which comes back to the page asked for
 * (a GET) or to the page the form was on (a POST: its Referer's path; the
 * confirm page keeps only a path of ours, accounts/pages_reauth.c). */
static int reauth_first(struct req *r)
{
    const char *back = r->path, *ref = req_header(r, "Referer"), *p;

    if (!r->has_lang)
        return 403;
    if (r->method == HTTP_GET && *r->query_raw)
        back = arena_printf(r->arena, "%s?%s", r->path, r->query_raw);
    else if (r->method != HTTP_GET)
        back = ref && (p = strstr(ref, "://")) && (p = strchr(p + 3, '/')) ? p : "";
    return resp_see_other(r, arena_printf(r->arena, "/%s/account/confirm?next=%s",
                                          lang_code(r->lang), url_component(r, back)));
}

/* A route for confirmed addresses asked for by one not yet confirmed: 403
 * with the page that says why and sends the link again. */
static int verify_first(struct req *r)
{
    if (!r->has_lang)
        return 403;
    r->status = 403;
    return page_render(r, "accounts/verify_needed",
                       page_vm(r, "accounts.verify_needed.page_title"));
}

/* 0 when the visitor may call rt; otherwise the status to answer with (a
 * 303 to sign in is already sent for anonymous visitors). */
static int check_guard(struct req *r, const struct route *rt)
{
    static const unsigned need[] = {
        [GUARD_NONE] = 0,
        [GUARD_LOGIN] = 0,
        [GUARD_TRAINER] = ROLE_TRAINER | ROLE_ADMIN,
        [GUARD_MODERATOR] = ROLE_MODERATOR | ROLE_ADMIN,
        [GUARD_ADMIN] = ROLE_ADMIN,
    };

    if (rt->guard == GUARD_NONE)
        return 0;
    if (!r->user) {
        if (r->method != HTTP_GET || !r->has_lang)
            return 403;
        return resp_see_other(r, arena_printf(r->arena, "/%s/login?next=%s", lang_code(r->lang),
                                              url_component(r, r->path)));
    }
    if (need[rt->guard] && !(r->user->roles & need[rt->guard]))
        return (rt->flags & ROUTE_HIDDEN) ? 404 : 403;
    /* staff (admins, trainers, moderators) must have two-step sign-in once
     * their grace period is over (issue 23 finding 4): set it up first */
    if (rt->guard >= GUARD_TRAINER && (r->user->roles & ROLE_STAFF) && r->user->twofactor_due) {
        if (r->method != HTTP_GET || !r->has_lang)
            return 403;
        return resp_see_other(
            r, arena_printf(r->arena, "/%s/account/two-factor?required=1", lang_code(r->lang)));
    }
    if ((rt->flags & ROUTE_VERIFIED) && r->user->unverified)
        return verify_first(r);
    if ((rt->flags & ROUTE_REAUTH) && !(r->session && r->session->reauth_fresh))
        return reauth_first(r);
    return 0;
}

static int dispatch(struct req *r);
static int finish(struct req *r, int status);

/* An expired copy's refill, asked for again behind the reader who claimed
 * it (http/rendercache.h rendercache_background()). */
struct refresh_job {
    const struct app *app;
    unsigned gen;
    char *key, *path, *query; /* in the same block as the job */
};

/* The refill on a refill thread: the address asked for as an anonymous
 * reader with no connection, its claim held, so its 200 is kept; nothing is
 * sent, logged or counted as a request. */
static int refresh_run(struct arena *own, void *arg)
{
    struct refresh_job *j = arg;
    struct req r;

    memset(&r, 0, sizeof(r));
    clock_gettime(CLOCK_MONOTONIC, &r.start);
    r.app = j->app;
    r.arena = own;
    jsonmem_begin(own);
    r.method = HTTP_GET;
    r.method_name = "GET";
    r.path = j->path;
    r.query_raw = j->query;
    r.client_ip = "";
    r.route_index = -1;
    req_new_id(r.id);
    sbuf_init(&r.headers, own, 16 * 1024);
    r.cache.key = arena_strdup(own, j->key);
    r.cache.gen = j->gen;
    r.cache.claim = 1;
    if (finish(&r, dispatch(&r)) == 200)
        rendercache_refreshed();
    rendercache_end(&r);
    db_pool_release(r.app->pool, r.db);
    arena_reset(own); /* its deferred decrefs, before jsonmem_end() frees what they free */
    jsonmem_end();
    free(j);
    return 0;
}

/* Hand the refill r claimed to a refill thread, or let go of it. */
static void refresh(struct req *r)
{
    const char *key = r->cache.refresh, *path = r->path_raw ? r->path_raw : r->path;
    size_t kl, pl, ql;
    struct refresh_job *j;

    if (!key)
        return;
    r->cache.refresh = NULL;
    kl = strlen(key) + 1;
    pl = strlen(path) + 1;
    ql = strlen(r->query_raw) + 1;
    j = malloc(sizeof(*j) + kl + pl + ql);
    if (j) {
        j->app = r->app;
        j->gen = r->cache.gen;
        j->key = memcpy((char *)(j + 1), key, kl);
        j->path = memcpy(j->key + kl, path, pl);
        j->query = memcpy(j->path + pl, r->query_raw, ql);
    }
    if (!j || refill_post(refresh_run, j)) {
        rendercache_let_go(key, r->cache.gen);
        free(j);
    }
}

/*
 * A shared page (ROUTE_SHARED) asked for by a reader without a session
 * cookie comes from the render cache: 1 when answered. Otherwise the request
 * is marked so that its 200 response fills the cache (docs/adding-a-feature.md,
 * "Shared pages"). A JSON route (ROUTE_PLAIN) never reads a cookie, so a
 * session cookie changes nothing there. Signed-in readers of other pages
 * get them rendered, or spliced (ROUTE_SHARED_SIGNED, signed_from_cache()).
 */
static int shared_from_cache(struct req *r, const struct route *rt)
{
    const char *key;

    if (r->cache.claim)
        return 0; /* a background refill (refresh()): it holds the claim */
    if (!r->app->cfg->render_cache || !(rt->flags & ROUTE_SHARED) ||
        (r->method != HTTP_GET && r->method != HTTP_HEAD) ||
        (session_cookie_sent(r) && !(rt->flags & ROUTE_PLAIN)) || db_pool_down(r->app->pool) ||
        !(key = rendercache_key(r)))
        return 0; /* with the database down, the page's 503 (R-DB-1), not a kept copy */
    if (r->has_lang)
        remember_lang(r); /* the visitor's own cookie: never stored with the page */
    if (!rendercache_serve(r, key))
        return 0;
    refresh(r);
    return 1;
}

/* rt's mine hook (route_mines), or NULL */
static int (*mine_of(const struct route *rt))(struct req *, const char **)
{
    size_t i;

    for (i = 0; i < n_route_mines; i++)
        if (route_mines[i].handler == rt->handler)
            return route_mines[i].mine;
    return NULL;
}

/*
 * A ROUTE_SHARED_SIGNED page asked for with a session cookie, the session
 * read: the kept copy with the reader's own header (http/rendercache.h
 * rendercache_serve_personal()), 1 when answered. When this request is to
 * fill the cache instead, the page is rendered as an anonymous reader sees
 * it and sent spliced for this reader: 0, and the handler renders.
 */
static int signed_from_cache(struct req *r, const struct route *rt)
{
    const char *key, *variant = NULL;
    int (*mine)(struct req * r, const char **variant);

    if (!r->app->cfg->render_cache || !(rt->flags & ROUTE_SHARED_SIGNED) || r->cache.key ||
        (r->method != HTTP_GET && r->method != HTTP_HEAD) || !session_cookie_sent(r) ||
        !(key = rendercache_key(r)))
        return 0;
    if ((mine = mine_of(rt)) != NULL && mine(r, &variant)) {
        r->cache.mine = r->cache.mine_loaded = NULL;
        return 0; /* this reader's page in full */
    }
    if (variant) /* never an anonymous reader's key: those start with a digit */
        key = arena_printf(r->arena, "~%s~%s", variant, key);
    if (rendercache_serve_personal(r, key, page_personal)) {
        refresh(r);
        return 1;
    }
    r->cache.anonymous = r->cache.key != NULL;
    return 0;
}

static int serve(struct req *r, const struct route *rt);
static int refill(struct req *r);

static int dispatch(struct req *r)
{
    const struct route *rt;
    struct sbuf allow;
    int status;
    char *path;

    r->path_raw = r->path;
    path = req_decode_path(r->arena, r->path, &status);
    r->has_lang = 0;
    if (!path) {
        r->rpath = "/";
        r->lang = negotiated_lang(r, &r->lang_negotiated);
        return status;
    }
    r->path = path;
    r->has_lang = strip_lang(r);
    if (!r->has_lang)
        r->lang = negotiated_lang(r, &r->lang_negotiated);
    if (r->has_lang && r->path[3] == '\0')
        return resp_redirect(r, 301, arena_printf(r->arena, "%s/", r->path));
    if (form_parse(r->arena, r->query_raw, strlen(r->query_raw), QUERY_MAX_FIELDS,
                   FORM_ALLOW_DUPLICATES, &r->query) != FORM_OK)
        return 400;
    rt = find_route(r);
    if (!rt) {
        sbuf_init(&allow, r->arena, 64);
        if (!allowed_methods(r, &allow))
            return 404;
        resp_header(r, "Allow", allow.buf);
        return 405;
    }
    r->route = rt;
    if (shared_from_cache(r, rt))
        return r->status;
    if (r->cache.key && r->cache.claim)
        return refill(r);
    return serve(r, rt);
}

static int answer(struct req *r, const struct route *rt);

/* The route found, the request answered; its database round trips counted
 * (they all run on this thread: a worker's, or a refill thread's). */
static int serve(struct req *r, const struct route *rt)
{
    unsigned long before = db_thread_round_trips();
    int status = answer(r, rt);

    metrics_record_trips(r->route_index, db_thread_round_trips() - before);
    return status;
}

static int answer(struct req *r, const struct route *rt)
{
    int status;

    if (r->method == HTTP_POST && (status = read_form(r, rt)) != 0)
        return status;
    /* only now, with the whole request in hand: slow clients never hold one */
    if (!(rt->flags & ROUTE_NO_DB) && req_db_get(r))
        return 503;
    /* a bearer route knows its caller by the Authorization header alone:
     * never a cookie, so no session and no CSRF token (apitoken.h) */
    if ((rt->flags & ROUTE_BEARER) && (status = apitoken_authenticate(r)) != 0)
        return status;
    if (!(rt->flags & (ROUTE_PLAIN | ROUTE_BEARER))) {
        enum db_rc rc = session_load(r);

        if (rc != DB_OK)
            return rc == DB_UNAVAILABLE ? 503 : 500; /* fail closed */
        csrf_ensure(r);
    }
    if (r->method == HTTP_POST && !(rt->flags & ROUTE_NO_CSRF) && csrf_check(r)) {
        log_warn_r(r, "csrf check failed on %s", req_log_path(r, r->path));
        return 403;
    }
    if ((status = check_guard(r, rt)) != 0)
        return r->responded ? r->status : status;
    if ((status = budget_check(r)) != 0)
        return status;
    if (r->has_lang && r->method != HTTP_POST && !r->cache.key)
        remember_lang(r);
    if (signed_from_cache(r, rt))
        return r->status;
    if (r->user && !(r->method & (HTTP_GET | HTTP_HEAD)))
        r->writer = r->user->id;
    status = rt->handler(r);
    if (r->writer) /* and whatever it wrote after its response */
        persongen_touch(r->writer);
    return status;
}

struct refill_job {
    struct req *r;
    struct jsonmem_blocks *blocks;
};

static int refill_job_run(struct arena *own, void *arg)
{
    struct refill_job *j = arg;
    struct req *r = j->r;
    struct arena *worker = r->arena;
    int status;

    if (own)
        r->arena = own; /* reset when this returns: read nothing of it after */
    jsonmem_begin(r->arena);
    status = finish(r, serve(r, r->route));
    j->blocks = jsonmem_detach();
    r->arena = worker;
    return status;
}

/* A refill of the render cache, rendered and sent on a refill thread
 * (app/refill.h) while this worker waits. */
static int refill(struct req *r)
{
    struct refill_job j = { .r = r };
    int status = refill_run(refill_job_run, &j);

    jsonmem_adopt(j.blocks);
    return status;
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
    json_t *path = json_string(req_log_path(r, r->path));

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

/* What every request leaves behind: a metric, and a log line if asked for. */
static int request_done(struct req *r)
{
    double secs = seconds_since(&r->start);

    metrics_record(r->route_index, r->status, secs);
    if (r->app->cfg->access_log)
        access_log(r, secs);
    return r->status;
}

static int route(struct req *r)
{
    int status;

    const char *cookie = req_header(r, "Cookie");
    int framing = req_framing_status(r);

    if (cookie)
        cookie_parse(r->arena, cookie, strlen(cookie), &r->cookies);
    if (framing) {
        /* whatever follows on this connection cannot be trusted to be a request */
        r->close = 1;
        r->rpath = "/";
        strip_lang(r);
        return finish(r, framing);
    }
    if (r->method == HTTP_OTHER) {
        r->rpath = "/";
        strip_lang(r);
        return finish(r, 405);
    }
    status = finish(r, dispatch(r));
    rendercache_end(r);
    return status;
}

int router_dispatch(struct req *r)
{
    route(r);
    return request_done(r);
}
