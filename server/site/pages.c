#include <stdatomic.h>
#include <string.h>

#include "app/page.h"
#include "core/clock.h"
#include "db/pool.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "site/site.h"
#include "view/i18n.h"

#define COOKIE_LANG     "lang"
#define LANG_COOKIE_AGE (365L * 24 * 3600)

/* Map a store result to the status a page answers with. */
static int db_status(enum db_rc rc)
{
    return rc == DB_UNAVAILABLE ? 503 : 500;
}

/*
 * GET / — the bilingual language choice, Welsh first. A preference cookie or
 * an Accept-Language naming cy or en decides instead: 302 to /cy/ or /en/.
 */
int site_page_choose(struct req *r)
{
    json_t *vm;

    resp_header(r, "Vary", "Cookie, Accept-Language");
    if (r->lang_negotiated)
        return resp_redirect(r, 302, r->lang == LANG_EN ? "/en/" : "/cy/");
    r->lang = LANG_CY;
    vm = json_object();
    json_object_set_new(vm, "page_title", json_string(req_t(r, "choose.page_title")));
    return page_render_bare(r, 200, "choose", vm);
}

/* POST / — remember the chosen language; 303 to its home page, 400 if neither. */
int site_page_choose_submit(struct req *r)
{
    const char *lang = req_form(r, "lang");

    if (!lang || (strcmp(lang, "cy") && strcmp(lang, "en")))
        return 400;
    resp_cookie(r, COOKIE_LANG, lang, LANG_COOKIE_AGE);
    return resp_see_other(r, !strcmp(lang, "cy") ? "/cy/" : "/en/");
}

/* GET /{lang}/ — what Dysgu is and where to start. 200, or 503 without the database. */
int site_page_home(struct req *r)
{
    long long members;
    enum db_rc rc = site_store_count_members(r->db, &members);
    json_t *vm;

    if (rc != DB_OK)
        return db_status(rc);
    vm = page_vm(r, "home.page_title");
    json_object_set_new(
        vm, "members",
        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang, "home.members", (long)members)));
    return page_render(r, "home", vm);
}

/*
 * /healthz under load: one request at a time asks the database (its own
 * pooled connection, taken here: the route takes none); a request that comes
 * while that one asks answers what the last answer found, when it was "ok"
 * and younger than HEALTHZ_FRESH_MS. No request ever waits for another: a
 * shared probe that readers waited for while it waited for a pooled
 * connection took the soak's p99 from 48 ms to 1.6-3.2 s. A request with no
 * fresh answer, or with the pool saying the database is away, asks for
 * itself, as every request did before, so requests one after another (a
 * load balancer's, a test's) each ask the database, and a failure is never
 * kept: the next requests ask again.
 */
#define HEALTHZ_FRESH_MS 1000

static atomic_llong
    healthz_ok_ms; /* when the last probe that answered started; 0 after a failure */
static atomic_int healthz_probing; /* 1 while one request asks for the others */

/* GET /healthz — 200 "ok" only when the database answers, else 503. */
int site_healthz(struct req *r)
{
    long long now = clock_ms(), ok_ms = atomic_load(&healthz_ok_ms);
    int idle = 0, prober = atomic_compare_exchange_strong(&healthz_probing, &idle, 1);
    enum db_rc rc;

    resp_header(r, "Cache-Control", "no-store");
    if (!prober && ok_ms && now - ok_ms < HEALTHZ_FRESH_MS && !db_pool_down(r->app->pool))
        return resp_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
    rc = req_db_get(r) ? DB_UNAVAILABLE : db_ping(r->db);
    atomic_store(&healthz_ok_ms, rc == DB_OK ? now : 0);
    if (prober)
        atomic_store(&healthz_probing, 0);
    if (!r->db)
        return 503; /* no connection: as the router answers (Retry-After) */
    if (rc != DB_OK)
        return resp_send(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
    return resp_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

/* GET /favicon.ico — browsers ask for it whatever the page says. */
int site_favicon(struct req *r)
{
    return resp_redirect(r, 301, "/static/img/favicon.svg");
}
