/*
 * The webinar pages: the list of upcoming webinars and one webinar (shared:
 * load -> view model -> page_render, with the viewer's registration in a
 * separate "mine" part), and the forms to register, cancel and answer an
 * offer (GUARD_LOGIN, CSRF-checked by the router; 303 back to the page with
 * ?done= saying what happened).
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "webinars/webinars_impl.h"

#define COMMUNITY_WEBINARS 3 /* the next few a community's page lists */

enum db_rc webinar_community_cards(struct req *r, long long community_id, json_t **out)
{
    struct webinar *v = NULL;
    size_t n = 0, i;
    enum db_rc rc =
        webinar_store_upcoming_in(r->db, r->arena, community_id, COMMUNITY_WEBINARS, &v, &n);

    *out = NULL;
    if (rc != DB_OK)
        return rc;
    *out = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(*out, webinar_vm_card(r, &v[i]));
    return DB_OK;
}

/* A calendar of v[0..n) in the reader's language; 500 if libical cannot
 * read back what it wrote. */
static int send_ics(struct req *r, const struct webinar *v, size_t n)
{
    const struct webinar_ics c = { r->app->cfg->base_url, r->lang, time(NULL),
                                   req_t(r, "webinars.speakers_heading") };
    const char *text = webinar_ics(r->arena, &c, v, n);

    if (!text)
        return 500;
    return resp_send(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
}

/* GET /{lang}/webinars.ics — every upcoming webinar as a calendar feed. 200;
 * 503 without the database. */
int webinar_page_feed(struct req *r)
{
    struct webinar *v = NULL;
    size_t n = 0;
    enum db_rc rc = webinar_store_upcoming(r->db, r->arena, &v, &n);

    return rc != DB_OK ? page_db_status(rc) : send_ics(r, v, n);
}

/* The webinar of the route's {slug} (without a final ".ics", which *ics
 * reports when ics is not NULL): 0 or the status to answer with. */
static int load_as(struct req *r, struct webinar *w, int *ics)
{
    const char *raw = req_param(r, "slug");
    size_t len = raw ? strlen(raw) : 0;
    const char *slug = page_slug(r, "slug");

    if (ics && len > 4 && !strcmp(raw + len - 4, ".ics")) {
        *ics = 1;
        slug = arena_strndup(r->arena, raw, len - 4);
        if (!parse_slug(slug, len - 4))
            return 404;
    }

    if (!slug)
        return 404;
    return page_status(webinar_store_get(r->db, r->arena, slug, w));
}

static int load(struct req *r, struct webinar *w)
{
    return load_as(r, w, NULL);
}

/* GET /{lang}/webinars/{slug} — 200; 404 unknown; 503 without the database.
 * GET /{lang}/webinars/{slug}.ics — the webinar as a calendar entry. */

int webinar_page_show(struct req *r)
{
    const struct webinar_loaded *hook = r->cache.mine_loaded;
    struct webinar w;
    struct webinar_mine m = { .status = WEBINAR_REG_NONE };
    struct webinar_speaker speakers[WEBINAR_SPEAKERS_MAX];
    size_t n = 0;
    json_t *vm;
    int ics = 0, st = hook ? 0 : load_as(r, &w, &ics);
    /* a signed-in reader's refill of the kept copy: their part only in the holes */
    int mine = r->user && !r->cache.anonymous;

    if (st)
        return st;
    if (ics)
        return send_ics(r, &w, 1);
    if (hook) {
        w = hook->w;
        m = hook->m;
    } else if (mine && (st = page_status(webinar_store_mine(r->db, r->user->id, w.id, &m)))) {
        return st;
    }
    if ((st = page_status(webinar_store_speakers(r->db, r->arena, w.id, speakers, &n))))
        return st;
    vm = page_vm(r, "webinars.page_title");
    json_object_set_new(vm, "page_title", json_string(w.title[r->lang]));
    json_object_set_new(vm, "webinar", webinar_vm_card(r, &w));
    json_object_set_new(vm, "speakers", webinar_vm_speakers(r, speakers, n));
    json_object_set_new(vm, "cancelled", json_boolean(w.cancelled));
    json_object_set_new(vm, "mine", mine ? webinar_vm_mine(r, &w, &m) : json_null());
    json_object_set_new(vm, "nav_webinars", json_true());
    return page_render(r, "webinars/show", vm);
}

/*
 * The webinar page's mine hook (app/router.h): one kept copy for everyone,
 * with the reader's register, waiting-list or offer panel and their ?done=
 * panel in the holes personal/webinar-done and personal/webinar-register.
 * The webinar and the reader's registration only (kept.c: no round trip
 * while kept), no speakers. A calendar entry (.ics: not a slug) and an
 * unknown webinar are rendered in full.
 */
int webinar_page_show_mine(struct req *r, const char **variant)
{
    struct webinar_loaded *l = arena_alloc(r->arena, sizeof(*l));
    const char *slug = page_slug(r, "slug");

    (void)variant;
    if (!r->user)
        return 0;
    if (!slug || webinar_kept_mine(r, slug, l) != DB_OK)
        return 1;
    page_mine(r, webinar_vm_mine(r, &l->w, &l->m));
    r->cache.mine_loaded = l;
    return 0;
}

static int see_webinar(struct req *r, const char *slug, const char *done)
{
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/webinars/%s?done=%s", lang_code(r->lang), slug, done));
}

/* What each form's results answer (?done=), by the store's result. */
static const char *const done_of[WEBINAR_ACT__COUNT][4] = {
    [WEBINAR_ACT_REGISTER] = {
        [WEBINAR_BOOKED_SEAT] = "registered",
        [WEBINAR_BOOKED_QUEUE] = "waitlisted",
        [WEBINAR_BOOKED_CLOSED] = "closed",
        [WEBINAR_BOOKED_ALREADY] = "registered",
    },
    [WEBINAR_ACT_CANCEL] = { [WEBINAR_ANSWER_DONE] = "cancelled",
                             [WEBINAR_ANSWER_NOTHING] = "cancelled" },
    /* nothing to answer: the offer ran out */
    [WEBINAR_ACT_ACCEPT] = { [WEBINAR_ANSWER_DONE] = "accepted", [WEBINAR_ANSWER_NOTHING] = "gone" },
    [WEBINAR_ACT_DECLINE] = { [WEBINAR_ANSWER_DONE] = "declined",
                              [WEBINAR_ANSWER_NOTHING] = "gone" },
};

/* POST /{lang}/webinars/{slug}/<act> — a seat or the queue (register), a
 * held seat given back and offered on (cancel), an offer answered (accept,
 * decline): 303 back to the page with ?done= saying what happened; 404
 * unknown. */
static int act(struct req *r, enum webinar_act which)
{
    struct webinar_mailer m = { .app = r->app, .arena = r->arena };
    struct webinar w;
    int result = 0, st = load(r, &w);

    if (st)
        return st;
    if ((st = page_status(webinar_store_act(r->db, &m, r->user->id, w.id, which, &result))))
        return st;
    /* the person is touched by the router; others only when a seat passed on
     * (their queue places are on their webinar page, under the generation) */
    webinar_writes_touch(r->db, &m, 0);
    rendercache_forget(); /* the places left on the shared list and page */
    return see_webinar(r, w.slug, done_of[which][result]);
}

int webinar_page_register(struct req *r)
{
    return act(r, WEBINAR_ACT_REGISTER);
}

int webinar_page_cancel(struct req *r)
{
    return act(r, WEBINAR_ACT_CANCEL);
}

int webinar_page_accept(struct req *r)
{
    return act(r, WEBINAR_ACT_ACCEPT);
}

int webinar_page_decline(struct req *r)
{
    return act(r, WEBINAR_ACT_DECLINE);
}
