/*
 * The webinars API (docs/api.md "Webinars"): GET /api/v1/webinars and
 * /api/v1/webinars/{slug}, JSON in the courses API's shape (app/page_api.h):
 * texts as {"cy", "en"}, times in ISO 8601 UTC, absolute links, a page of
 * items with page, per_page and total, errors as JSON.
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_api.h"
#include "app/page_list.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/strparse.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "webinars/webinars_impl.h"

/* "cancelled", "past" (it has started), "full" or "open". */
static const char *status_of(const struct webinar *w, time_t now)
{
    if (w->cancelled)
        return "cancelled";
    if (w->starts_at <= now)
        return "past";
    return w->taken >= w->capacity ? "full" : "open";
}

/* {"cy": base/cy/webinars/slug<ext>, "en": ...} */
static json_t *links(struct req *r, const struct webinar *w, const char *ext)
{
    const char *base = r->app->cfg->base_url;

    return page_api_both(arena_printf(r->arena, "%s/cy/webinars/%s%s", base, w->slug, ext),
                         arena_printf(r->arena, "%s/en/webinars/%s%s", base, w->slug, ext));
}

static json_t *webinar_json(struct req *r, const struct webinar *w, time_t now)
{
    int left = w->capacity > w->taken ? w->capacity - w->taken : 0;

    return json_pack(
        "{s:s, s:o, s:o, s:o, s:s, s:b, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:o, s:o, s:o, s:o}",
        "slug", w->slug, "title", page_api_both(w->title[LANG_CY], w->title[LANG_EN]), "summary",
        page_api_both(w->summary[LANG_CY], w->summary[LANG_EN]), "speaker",
        w->speaker && *w->speaker ? json_string(w->speaker) : json_null(), "language", w->language,
        "interpretation", w->interpretation, "audience", w->members_only ? "members" : "all",
        "starts_at", datefmt_iso(r->arena, w->starts_at), "ends_at",
        datefmt_iso(r->arena, w->starts_at + (time_t)w->duration_min * 60), "duration_minutes",
        w->duration_min, "capacity", w->capacity, "seats_left", left, "status", status_of(w, now),
        "community", w->community_slug ? json_string(w->community_slug) : json_null(),
        "community_name",
        w->community_slug ? page_api_both(w->community[LANG_CY], w->community[LANG_EN])
                          : json_null(),
        "url", links(r, w, ""), "ics", links(r, w, ".ics"));
}

/* The query's parameters into q: NULL, or the message of the first refused. */
static const char *parse_query(struct req *r, struct webinar_query *q)
{
    const char *community = req_query(r, "community"), *lang = req_query(r, "lang");
    const char *past = req_query(r, "past");

    memset(q, 0, sizeof(*q));
    if (community && !parse_slug(community, strlen(community)))
        return "community: not a community slug";
    if (lang && strcmp(lang, "cy") && strcmp(lang, "en") && strcmp(lang, "both"))
        return "lang: cy, en or both";
    if (past && strcmp(past, "0") && strcmp(past, "1"))
        return "past: 0 or 1";
    if (page_count_parse(req_query(r, "page"), 1, WEBINAR_PAGE_MAX, &q->page))
        return "page: a whole number from 1 to 5000";
    if (page_count_parse(req_query(r, "per_page"), WEBINAR_API_PER_PAGE, WEBINAR_API_MAX,
                         &q->per_page))
        return "per_page: a whole number from 1 to 100";
    q->community = community;
    q->language = lang;
    q->past = past && !strcmp(past, "1");
    return NULL;
}

/*
 * GET /api/v1/webinars — webinars as JSON: not started yet, soonest first,
 * or with past=1 started ones, latest first; cancelled ones included (status
 * "cancelled"). Filters community (a slug) and lang (cy, en, both); page and
 * per_page (1-100, default 20). 200; 400 with a JSON error for a parameter it
 * does not understand; 503 without the database.
 */
int webinar_api_list(struct req *r)
{
    struct webinar_query q;
    struct webinar *v = NULL;
    size_t n = 0, i;
    long long total = 0;
    time_t now = time(NULL);
    const char *bad = parse_query(r, &q);
    json_t *items;
    enum db_rc rc;

    if (bad)
        return page_api_error(r, 400, bad);
    rc = webinar_store_find(r->db, r->arena, &q, &v, &n, &total);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, webinar_json(r, &v[i], now));
    return page_api_send(r, 200,
                         json_pack("{s:o, s:i, s:i, s:I}", "items", items, "page", (int)q.page,
                                   "per_page", (int)q.per_page, "total", (json_int_t)total));
}

/* [{name, role: {cy, en}, organisation, bio: {cy, en}}], in order. */
static json_t *speakers_json(const struct webinar_speaker *s, size_t n)
{
    json_t *out = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(out, json_pack("{s:s, s:o, s:s, s:o}", "name", s[i].name, "role",
                                             page_api_both(s[i].role[LANG_CY], s[i].role[LANG_EN]),
                                             "organisation", s[i].organisation, "bio",
                                             page_api_both(s[i].bio[LANG_CY], s[i].bio[LANG_EN])));
    return out;
}

/* GET /api/v1/webinars/{slug} — one webinar (cancelled and past ones too)
 * with its speakers.
 * 200; 404 (JSON) for an unknown one; 503 without the database. */
int webinar_api_one(struct req *r)
{
    const char *slug = page_slug(r, "slug");
    struct webinar w;
    struct webinar_speaker speakers[WEBINAR_SPEAKERS_MAX];
    size_t n = 0;
    json_t *out;
    enum db_rc rc;

    if (!slug)
        return page_api_error(r, 404, "no such webinar");
    rc = webinar_store_get(r->db, r->arena, slug, &w);
    if (rc == DB_NOT_FOUND)
        return page_api_error(r, 404, "no such webinar");
    if (rc == DB_OK)
        rc = webinar_store_speakers(r->db, r->arena, w.id, speakers, &n);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    out = webinar_json(r, &w, time(NULL));
    json_object_set_new(out, "speakers", speakers_json(speakers, n));
    return page_api_send(r, 200, out);
}
