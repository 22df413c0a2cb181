#include "page.h"

#include <string.h>
#include <time.h>

#include "app/page_impl.h"
#include "app/router.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/splice.h"
#include "core/strparse.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"
#include "view/tpl.h"

#define FRAGMENT_MAX (64u * 1024)
#define ID_MAX       (1ULL << 53)

static void decref(void *p)
{
    json_decref(p);
}

/* 1 if a GET route of the table serves path under a language prefix. */
static int has_lang_get(struct req *r, const char *path)
{
    struct route_params p;

    ROUTE_FOREACH (rt, routes, n_routes)
        if ((rt->flags & ROUTE_LANG) && (rt->methods & HTTP_GET) &&
            route_match(r->arena, rt->pattern, path, &p))
            return 1;
    return 0;
}

/*
 * The page a reader can switch language on: the request's own path, or for a
 * page answering a POST (a form with errors) the nearest GET page above it
 * (POST /courses/x/enrol re-renders /courses/x), since following a link is a
 * GET and the POST address may have no GET page at all (405).
 */
static const char *page_path(struct req *r)
{
    char *path, *slash;

    if (!r->rpath || !strcmp(r->rpath, "/"))
        return "/";
    if (r->method == HTTP_GET || r->method == HTTP_HEAD)
        return r->rpath;
    path = arena_strdup(r->arena, r->rpath);
    while (!has_lang_get(r, path) && (slash = strrchr(path, '/')) && slash != path)
        *slash = '\0';
    return has_lang_get(r, path) ? path : "/";
}

/* The same path and query in language l after base ("" or the site's
 * address): the toggle and hreflang. */
static const char *url_in(struct req *r, const char *base, const char *rest, enum lang l)
{
    int q = r->query_raw && *r->query_raw;

    return arena_printf(r->arena, "%s/%s%s%s%s", base, lang_code(l), rest, q ? "?" : "",
                        q ? r->query_raw : "");
}

/* The year now, for the footer: gmtime once a day a thread, not once a page. */
static int this_year(void)
{
    static _Thread_local long day = -1;
    static _Thread_local int year;
    time_t now = time(NULL);
    struct tm tm;

    if (now / 86400 != day) {
        gmtime_r(&now, &tm);
        day = (long)(now / 86400);
        year = tm.tm_year + 1900;
    }
    return year;
}

json_t *page_globals(struct req *r)
{
    const struct app *app = r->app;
    json_t *g = json_object();
    const char *rest = page_path(r);

    json_object_set(g, "t", i18n_catalogue(app->i18n, r->lang));
    json_object_set(g, "t_cy", i18n_catalogue(app->i18n, LANG_CY));
    json_object_set(g, "t_en", i18n_catalogue(app->i18n, LANG_EN));
    json_object_set_new(g, "lang", json_string(lang_code(r->lang)));
    json_object_set_new(g, "other_lang", json_string(lang_code(lang_other(r->lang))));
    json_object_set_new(g, "toggle_url", json_string(url_in(r, "", rest, lang_other(r->lang))));
    json_object_set_new(g, "alt_cy_url", json_string(url_in(r, app->cfg->base_url, rest, LANG_CY)));
    json_object_set_new(g, "alt_en_url", json_string(url_in(r, app->cfg->base_url, rest, LANG_EN)));
    json_object_set_new(g, "path", json_string(r->rpath ? r->rpath : "/"));
    json_object_set_new(g, "asset_v", json_string(app->asset_v));
    /* a signed-in reader's refill of a kept page is rendered as anyone
     * sees it: their parts go only into the holes (page_personal()) */
    json_object_set_new(g, "csrf", json_string(r->csrf && !r->cache.anonymous ? r->csrf : ""));
    json_object_set_new(g, "req_id", json_string(r->id));
    json_object_set_new(g, "year", json_integer(this_year()));
    if (r->user && !r->cache.anonymous) { /* the header's sign-in state; never the e-mail or id */
        json_t *u = json_object();

        json_object_set_new(u, "name", json_string(r->user->name ? r->user->name : ""));
        json_object_set_new(u, "is_admin", json_boolean(r->user->roles & ROLE_ADMIN));
        json_object_set_new(u, "is_trainer", json_boolean(r->user->roles & ROLE_TRAINER));
        json_object_set_new(u, "is_moderator", json_boolean(r->user->roles & ROLE_MODERATOR));
        json_object_set_new(u, "unverified", json_boolean(r->user->unverified));

        if (r->user->unread > 0) /* "3 new notifications", read with the session */
            json_object_set_new(
                u, "unread",
                json_string(i18n_pluralf(r->arena, app->i18n, r->lang,
                                         "communities.notifications.unread", r->user->unread)));
        json_object_set_new(g, "user", u);
    }
    arena_defer(r->arena, decref, g);
    return g;
}

int page_render_into(struct req *r, const char *name, json_t *vm, json_t *g, struct sbuf *out)
{
    if (tpl_render(r->app->tpl, name, vm, g, out) || sbuf_failed(out))
        return log_error_r(r, "cannot render template '%s'", name);
    return 0;
}

json_t *page_vm(struct req *r, const char *title_key)
{
    json_t *vm = json_object();

    json_object_set_new(vm, "page_title", json_string(req_t(r, title_key)));
    return vm;
}

int page_render_bare(struct req *r, int status, const char *name, json_t *vm)
{
    struct sbuf out;
    json_t *g = page_globals(r);

    arena_defer(r->arena, decref, vm);
    sbuf_init(&out, r->arena, PAGE_MAX);
    if (page_render_into(r, name, vm, g, &out))
        return 500;
    resp_header(r, "Cache-Control", "no-store");
    return resp_html(r, status, &out);
}

int page_render(struct req *r, const char *name, json_t *vm)
{
    struct splice *holes, *inner;
    struct sbuf body, out;
    json_t *g = page_globals(r);

    arena_defer(r->arena, decref, vm);
    sbuf_init(&body, r->arena, PAGE_MAX);
    sbuf_init(&out, r->arena, PAGE_MAX);
    inner = arena_alloc(r->arena, sizeof(*inner));
    memset(inner, 0, sizeof(*inner));
    if (tpl_render_holes(r->app->tpl, name, vm, g, &body, inner) || sbuf_failed(&body)) {
        log_error_r(r, "cannot render template '%s'", name);
        return 500;
    }
    json_object_set_new(vm, "content_html", json_stringn_nocheck(body.buf, body.len));
    holes = arena_alloc(r->arena, sizeof(*holes));
    memset(holes, 0, sizeof(*holes));
    if (tpl_render_holes_in(r->app->tpl, "layout", vm, g, &out, holes, "content_html", inner) ||
        sbuf_failed(&out)) {
        log_error_r(r, "cannot render template 'layout'");
        return 500;
    }
    /* a kept copy of a ROUTE_SHARED_SIGNED page is served to signed-in
     * readers with these; no other page is ever spliced (nor keeps pieces) */
    if (!r->route || !(r->route->flags & ROUTE_SHARED_SIGNED))
        holes->broken = 1;
    r->cache.holes = holes;
    resp_header(r, "Cache-Control", "no-store");
    return resp_html(r, r->status >= 200 ? r->status : 200, &out);
}

int page_error(struct req *r, int status)
{
    char key[64];
    json_t *vm = json_object();

    snprintf(key, sizeof(key), "errors.e%d.title", status);
    json_object_set_new(vm, "page_title", json_string(req_t(r, key)));
    json_object_set_new(vm, "error_title", json_string(req_t(r, key)));
    snprintf(key, sizeof(key), "errors.e%d.body", status);
    json_object_set_new(vm, "error_body", json_string(req_t(r, key)));
    if (status == 429 && r->retry_after > 0) /* how long, from the rate limit */
        json_object_set_new(
            vm, "error_body",
            json_string(i18n_format(r->arena, req_t(r, "security.retry_wait"), "wait",
                                    i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "duration.minutes", (r->retry_after + 59) / 60),
                                    NULL)));
    json_object_set_new(vm, "status", json_integer(status));
    json_object_set_new(
        vm, "error_reference",
        json_string(i18n_format(r->arena, req_t(r, "errors.reference"), "id", r->id, NULL)));
    r->status = status;
    if (page_render(r, "errors/error", vm) == 500 && !r->responded)
        return resp_send(r, status, "text/plain; charset=utf-8", resp_reason(status),
                         strlen(resp_reason(status)));
    return status;
}

int page_db_status(enum db_rc rc)
{
    return rc == DB_UNAVAILABLE || rc == DB_STALE || rc == DB_TIMEOUT ? 503 : 500;
}

int page_status(enum db_rc rc)
{
    if (rc == DB_OK)
        return 0;
    return rc == DB_NOT_FOUND ? 404 : page_db_status(rc);
}

const char *page_slug(const struct req *r, const char *name)
{
    const char *s = req_param(r, name);

    return s && parse_slug(s, strlen(s)) ? s : NULL;
}

int page_id_parse(const char *s, long long *out)
{
    uint64_t v;

    if (!s || parse_u64(s, strlen(s), ID_MAX, &v) || v == 0)
        return -1;
    *out = (long long)v;
    return 0;
}

long long page_id(const struct req *r, const char *name)
{
    long long id;

    return page_id_parse(req_param(r, name), &id) ? 0 : id;
}

const char *page_fragment(struct req *r, const char *name, json_t *ctx)
{
    struct sbuf out;
    json_t *g = json_pack("{s:O, s:s, s:s}", "t", i18n_catalogue(r->app->i18n, r->lang), "lang",
                          lang_code(r->lang), "other_lang", lang_code(lang_other(r->lang)));

    arena_defer(r->arena, decref, g);
    sbuf_init(&out, r->arena, FRAGMENT_MAX);
    return page_render_into(r, name, ctx, g, &out) ? NULL : out.buf;
}

int page_personal_in(struct req *r, const char *name, json_t *ctx, struct sbuf *out)
{
    /* made once for all the page's holes (48 globals a response before);
     * never kept while the page is rendered as anyone sees it */
    json_t *g = r->cache.personal_globals;

    if (r->cache.anonymous)
        g = page_globals(r);
    else if (!g)
        g = r->cache.personal_globals = page_globals(r);
    return page_render_into(r, name, ctx, g, out);
}

int page_personal(struct req *r, const char *name, struct sbuf *out)
{
    if (r->cache.mine && !r->cache.personal_ctx) {
        json_t *ctx = json_object();

        json_object_set(ctx, "mine", (json_t *)r->cache.mine);
        arena_defer(r->arena, decref, ctx);
        r->cache.personal_ctx = ctx;
    }
    return page_personal_in(r, name, r->cache.personal_ctx, out);
}

void page_mine(struct req *r, json_t *mine)
{
    arena_defer(r->arena, decref, mine);
    r->cache.mine = mine;
}
