#include <string.h>

#include "app/page.h"
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

/* GET /healthz — 200 "ok" only when the database answers, else 503. */
int site_healthz(struct req *r)
{
    enum db_rc rc = db_ping(r->db);

    resp_header(r, "Cache-Control", "no-store");
    if (rc != DB_OK)
        return resp_send(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
    return resp_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

/* GET /favicon.ico — browsers ask for it whatever the page says. */
int site_favicon(struct req *r)
{
    return resp_redirect(r, 301, "/static/img/favicon.svg");
}
