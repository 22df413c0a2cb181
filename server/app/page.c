#include "page.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app/page_kept.h"
#include "app/router.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/splice.h"
#include "core/strparse.h"
#include "http/app.h"
#include "http/compress.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"
#include "view/tpl.h"

#define PAGE_MAX     (4u * 1024 * 1024)
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

static json_t *globals(struct req *r)
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

static int render_into(struct req *r, const char *name, json_t *vm, json_t *g, struct sbuf *out)
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
    json_t *g = globals(r);

    arena_defer(r->arena, decref, vm);
    sbuf_init(&out, r->arena, PAGE_MAX);
    if (render_into(r, name, vm, g, &out))
        return 500;
    resp_header(r, "Cache-Control", "no-store");
    return resp_html(r, status, &out);
}

int page_render(struct req *r, const char *name, json_t *vm)
{
    struct splice *holes, *inner;
    struct sbuf body, out;
    json_t *g = globals(r);

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
    return render_into(r, name, ctx, g, &out) ? NULL : out.buf;
}

int page_personal(struct req *r, const char *name, struct sbuf *out)
{
    /* made once for all the page's holes (48 globals a response before);
     * never kept while the page is rendered as anyone sees it */
    json_t *g = r->cache.personal_globals;

    if (r->cache.anonymous)
        g = globals(r);
    else if (!g)
        g = r->cache.personal_globals = globals(r);

    if (r->cache.mine && !r->cache.personal_ctx) {
        json_t *ctx = json_object();

        json_object_set(ctx, "mine", (json_t *)r->cache.mine);
        arena_defer(r->arena, decref, ctx);
        r->cache.personal_ctx = ctx;
    }
    return render_into(r, name, r->cache.personal_ctx, g, out);
}

void page_mine(struct req *r, json_t *mine)
{
    arena_defer(r->arena, decref, mine);
    r->cache.mine = mine;
}

/* The view model keys the layout and its partials read (layout.html,
 * partials/header.html, partials/breadcrumbs.html, personal/nav.html): a
 * kept page keeps these with its body. */
static const char *const layout_keys[] = { "page_title",   "breadcrumbs",     "nav_courses",
                                           "nav_webinars", "nav_communities", "nav_me",
                                           "nav_admin" };

/* The csrf placeholder of a shared kept page, and where a kept body goes in
 * the layout when its gzip pieces are joined: random for each process, so
 * no text a person writes can stand in for them. Hex: escaping leaves them be. */
static pthread_once_t hole_once = PTHREAD_ONCE_INIT;
static char csrf_hole[2 * 16 + 1], body_hole[2 * 16 + 1];

static void make_hole(void)
{
    unsigned char raw[16];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(csrf_hole, sizeof(csrf_hole), raw, sizeof(raw));
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(body_hole, sizeof(body_hole), raw, sizeof(raw));
}

/* The first placeholder hole (hl bytes) in [p, end), or NULL (memmem is GNU's). */
static const char *find_hole_of(const char *hole, const char *p, const char *end, size_t hl)
{
    for (; (size_t)(end - p) >= hl; p++) {
        p = memchr(p, hole[0], (size_t)(end - p) - hl + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, hole, hl))
            return p;
    }
    return NULL;
}

static const char *find_hole(const char *p, const char *end, size_t hl)
{
    return find_hole_of(csrf_hole, p, end, hl);
}

/* Keep body into k without the placeholder, noting where each stood. */
static void keep_holed(struct arena *a, struct page_kept *k, const char *body, size_t len)
{
    size_t hl = strlen(csrf_hole), n = 0, out = 0;
    const char *p = body, *end = body + len, *at;
    size_t *where;
    char *kept;

    while ((at = find_hole(p, end, hl))) {
        n++;
        p = at + hl;
    }
    kept = arena_alloc(a, len - n * hl + 1);
    where = n ? arena_alloc(a, n * sizeof(*where)) : NULL;
    for (p = body, n = 0; (at = find_hole(p, end, hl)); p = at + hl) {
        memcpy(kept + out, p, (size_t)(at - p));
        out += (size_t)(at - p);
        where[n++] = out;
    }
    memcpy(kept + out, p, (size_t)(end - p));
    out += (size_t)(end - p);
    kept[out] = '\0';
    k->body = kept;
    k->body_len = out;
    k->n_csrf = n;
    k->csrf_at = where;
}

int page_keep(struct req *r, struct arena *a, const char *name, json_t *vm, int flags,
              const struct page_kept **out)
{
    struct page_kept *k = arena_alloc(a, sizeof(*k));
    json_t *g = globals(r), *layout = json_object();
    struct sbuf body;
    char *dump;
    size_t i;
    int hole = flags & PAGE_KEEP_CSRF_HOLE;

    memset(k, 0, sizeof(*k));
    arena_defer(r->arena, decref, vm);
    arena_defer(r->arena, decref, layout);
    if (hole) {
        pthread_once(&hole_once, make_hole);
        json_object_set_new(g, "csrf", json_string(csrf_hole));
    }
    sbuf_init(&body, r->arena, PAGE_MAX);
    if (render_into(r, name, vm, g, &body))
        return -1;
    for (i = 0; i < sizeof(layout_keys) / sizeof(layout_keys[0]); i++)
        if (json_object_get(vm, layout_keys[i]))
            json_object_set(layout, layout_keys[i], json_object_get(vm, layout_keys[i]));
    k->layout_len = json_dumpb(layout, NULL, 0, JSON_COMPACT);
    dump = arena_alloc(a, k->layout_len + 1);
    if (!k->layout_len || json_dumpb(layout, dump, k->layout_len, JSON_COMPACT) != k->layout_len)
        return log_error_r(r, "cannot keep the layout of '%s'", name);
    dump[k->layout_len] = '\0';
    k->layout_json = dump;
    if (hole) {
        keep_holed(a, k, body.buf, body.len);
    } else {
        k->body = arena_strndup(a, body.buf, body.len);
        k->body_len = body.len;
    }
    /* compressed once for every gzip reader (a failure is logged: they get
     * it compressed per response) */
    k->has_gz = (flags & PAGE_KEEP_GZIP) && k->body_len >= COMPRESS_MIN_LEN &&
                !gzpieces_make(a, k->body, k->body_len, k->csrf_at, k->n_csrf, &k->gz);
    *out = k;
    return 0;
}

/* r's csrf token for a kept body's places ("" for a reader of no session). */
static const char *kept_csrf(const struct req *r)
{
    return r->csrf && !r->cache.anonymous ? r->csrf : "";
}

/* k's body for r: as kept, or with r's csrf token in each of its places. */
static json_t *kept_body(struct req *r, const struct page_kept *k)
{
    const char *csrf = kept_csrf(r);
    size_t i, from = 0, cl = strlen(csrf);
    struct sbuf b;

    if (!k->n_csrf)
        return json_stringn_nocheck(k->body, k->body_len);
    sbuf_init(&b, r->arena, k->body_len + k->n_csrf * cl + 1);
    for (i = 0; i < k->n_csrf; i++) {
        sbuf_add(&b, k->body + from, k->csrf_at[i] - from);
        sbuf_add(&b, csrf, cl);
        from = k->csrf_at[i];
    }
    sbuf_add(&b, k->body + from, k->body_len - from);
    return json_stringn_nocheck(b.buf, b.len);
}

/* k for a reader who takes gzip (and likes it no less than br): the layout
 * rendered around a placeholder, and the gzip member joined from its head,
 * k's pieces compressed once with the reader's token in their places, and
 * its tail (http/gzsplice.h). 0 when sent; -1 to render it plainly. */
static int send_kept_gz(struct req *r, const struct page_kept *k, json_t *vm, int *status)
{
    static const char type[] = "text/html; charset=utf-8";
    const char *csrf = kept_csrf(r), *at;
    struct compressed c;
    struct sbuf out, gz;
    size_t hl = strlen(body_hole);

    if (!k->has_gz || r->cache.key || !r->accept_enc.q[CODING_GZIP] ||
        r->accept_enc.q[CODING_GZIP] < r->accept_enc.q[CODING_BR])
        return -1;
    memset(&c, 0, sizeof(c));
    c.body[CODING_GZIP] = "";
    if (resp_pick_variant(r, type, &c) != CODING_GZIP)
        return -1;
    pthread_once(&hole_once, make_hole);
    json_object_set_new(vm, "content_html", json_string(body_hole));
    sbuf_init(&out, r->arena, PAGE_MAX);
    if (render_into(r, "layout", vm, globals(r), &out))
        return -1;
    at = find_hole_of(body_hole, out.buf, out.buf + out.len, hl);
    if (!at || find_hole_of(body_hole, at + hl, out.buf + out.len, hl))
        return -1; /* a layout without exactly one body */
    sbuf_init(&gz, r->arena, PAGE_MAX);
    if (gzpieces_join(&gz, out.buf, (size_t)(at - out.buf), &k->gz, csrf, strlen(csrf), at + hl,
                      (size_t)(out.buf + out.len - (at + hl))))
        return -1;
    c.body[CODING_GZIP] = gz.buf;
    c.len[CODING_GZIP] = gz.len;
    resp_header(r, "Cache-Control", "no-store");
    *status = resp_send_variants(r, 200, type, &c);
    return 0;
}

int page_render_kept(struct req *r, const struct page_kept *k)
{
    struct sbuf out;
    json_t *vm = json_loadb(k->layout_json, k->layout_len, 0, NULL);
    int status;

    if (!vm) {
        log_error_r(r, "cannot read a kept page's layout");
        return 500;
    }
    arena_defer(r->arena, decref, vm);
    if (!send_kept_gz(r, k, vm, &status))
        return status;
    json_object_set_new(vm, "content_html", kept_body(r, k));
    sbuf_init(&out, r->arena, PAGE_MAX);
    if (render_into(r, "layout", vm, globals(r), &out))
        return 500;
    resp_header(r, "Cache-Control", "no-store");
    return resp_html(r, 200, &out);
}

struct page_kept_arg {
    struct req *r;
    page_build_fn *build;
    int flags; /* page_keep()'s */
};

int page_kept_load(struct arena *a, void *arg, const void **value, size_t *size)
{
    struct page_kept_arg *l = arg;
    const struct page_kept *k;
    const char *name = NULL;
    json_t *vm = NULL;
    int status = l->build(l->r, &vm, &name);

    if (status)
        return status;
    if (page_keep(l->r, a, name, vm, l->flags, &k))
        return 500;
    *value = k;
    *size = sizeof(*k) + k->layout_len + k->body_len;
    return 0;
}

int page_kept_get(struct req *r, struct kept_table *t, unsigned long long gen, page_build_fn *build)
{
    struct {
        long long person;
        long long lang;
        char session[sizeof(r->session->id_hash)];
    } key;
    struct page_kept_arg l = { r, build, 0 };
    const char *name = NULL;
    json_t *vm = NULL;
    const void *value = NULL;
    size_t size = 0;
    int status;

    if (!r->session) { /* a reader of no session (an API token's owner): theirs alone */
        status = build(r, &vm, &name);
        return status ? status : page_render(r, name, vm);
    }
    memset(&key, 0, sizeof(key));
    key.person = r->user->id;
    key.lang = r->lang;
    memcpy(key.session, r->session->id_hash, sizeof(key.session));
    status = kept_table_get(r->arena, t, &key, sizeof(key), gen, &l, &value, &size);
    if (status)
        return status;
    return page_render_kept(r, value);
}

int page_kept_shared(struct req *r, struct kept_table *t, long long scope, unsigned long long gen,
                     page_build_fn *build)
{
    struct page_kept_arg l = { r, build, PAGE_KEEP_CSRF_HOLE | (scope <= 0 ? PAGE_KEEP_GZIP : 0) };
    const char *where =
        r->query_raw && *r->query_raw
            ? arena_printf(r->arena, "%s?%s", r->rpath ? r->rpath : "/", r->query_raw)
            : (r->rpath ? r->rpath : "/");
    size_t wl = strlen(where), keylen = 2 * sizeof(long long) + wl;
    long long *key = arena_alloc(r->arena, keylen + 1);
    const void *value = NULL;
    size_t size = 0;
    int status;

    key[0] = scope;
    key[1] = r->lang;
    memcpy(key + 2, where, wl);
    status = kept_table_get(r->arena, t, key, keylen, gen, &l, &value, &size);
    if (status)
        return status;
    return page_render_kept(r, value);
}
