/*
 * The public webinars API over HTTP (docs/api.md "Webinars"): the list with
 * community, lang and past filters, a page at a time with the total; one
 * webinar with both languages, ISO 8601 UTC times, seats left, its status
 * (open, full, cancelled, past), community slug, page and calendar links
 * that work. Errors are JSON with the right status, as in the courses API.
 *
 * The webinars belong to a community of this run's own (archived, so no
 * page lists it), so every count below is the test's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

static struct server srv;
static char community[96];

/* The slug of each fixture webinar: "api-<name>-<tag>". */
static const char *slug(const char *name)
{
    return arena_printf(&fx_mem, "api-%s-%s", name, fx_tag);
}

/* A webinar starting hours from now (negative: started) with capacity seats,
 * taken of them held; in the run's community when in_community. */
static int add(const char *name, const char *lang, int hours, int capacity, int taken,
               int cancelled, int in_community)
{
    static const char *const q =
        "INSERT INTO webinars (slug, community_id, title_cy, title_en, summary_cy, summary_en, "
        "speaker, language, interpretation, audience, starts_at, duration_min, capacity, taken, "
        "cancelled) VALUES (?, IF(?, (SELECT id FROM communities WHERE slug = ?), NULL), ?, ?, "
        "'Crynodeb ŵ ŷ', 'Summary', 'Elin Jones', ?, ?, ?, "
        "UTC_TIMESTAMP() + INTERVAL ? HOUR, 90, ?, ?, ?)";

    return db_exec(fx_dbh, q, "sbssssbsiiib", slug(name), in_community, community,
                   arena_printf(&fx_mem, "Gweminar %s", name),
                   arena_printf(&fx_mem, "Webinar %s", name), lang, !strcmp(lang, "both"),
                   !strcmp(lang, "cy") ? "members" : "all", hours, capacity, taken,
                   cancelled) == DB_OK
               ? 0
               : -1;
}

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(community, sizeof(community), "api-cymuned-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en, "
                "archived) VALUES (?, 'Cymuned prawf', 'Test community', '', '', 1)",
                "s", community) != DB_OK)
        return -1;
    /* upcoming in the community: soonest first a, b, c (cancelled) */
    if (add("a", "cy", 24, 10, 3, 0, 1) || add("b", "both", 48, 5, 5, 0, 1) ||
        add("c", "en", 72, 5, 0, 1, 1) ||
        /* started: latest first p, q */
        add("p", "en", -24, 20, 7, 0, 1) || add("q", "cy", -48, 20, 2, 0, 1) ||
        /* no community */
        add("solo", "en", 96, 8, 0, 0, 0))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The list for query (after "community=<ours>&"); its items in *items. */
static json_t *list(const char *query, struct http_resp *r, json_t **items)
{
    json_t *doc = api_get(&srv,
                          arena_printf(&fx_mem, "/api/v1/webinars?community=%s%s%s", community,
                                       *query ? "&" : "", query),
                          r);

    *items = json_object_get(doc, "items");
    return doc;
}

static const char *slug_at(json_t *items, size_t i)
{
    return api_str(json_array_get(items, i), "slug", NULL);
}

static void list__upcoming_soonest_first_with_both_languages(void)
{
    struct http_resp r;
    json_t *items, *doc = list("", &r, &items), *it;
    const char *url;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "application/json"));
    CU_ASSERT(http_header_is(&r, "Cache-Control", "public, max-age=60"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 3);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "page")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "per_page")), 20);
    CU_ASSERT_EQUAL_FATAL(json_array_size(items), 3);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("a"));
    CU_ASSERT_STRING_EQUAL(slug_at(items, 1), slug("b"));
    CU_ASSERT_STRING_EQUAL(slug_at(items, 2), slug("c"));
    it = json_array_get(items, 0);
    CU_ASSERT_STRING_EQUAL(api_str(it, "title", "cy"), "Gweminar a");
    CU_ASSERT_STRING_EQUAL(api_str(it, "title", "en"), "Webinar a");
    CU_ASSERT_STRING_EQUAL(api_str(it, "summary", "cy"), "Crynodeb ŵ ŷ");
    CU_ASSERT_STRING_EQUAL(api_str(it, "summary", "en"), "Summary");
    CU_ASSERT_STRING_EQUAL(api_str(it, "speaker", NULL), "Elin Jones");
    CU_ASSERT_STRING_EQUAL(api_str(it, "language", NULL), "cy");
    CU_ASSERT_STRING_EQUAL(api_str(it, "audience", NULL), "members");
    CU_ASSERT(json_is_false(json_object_get(it, "interpretation")));
    CU_ASSERT(json_is_true(json_object_get(json_array_get(items, 1), "interpretation")));
    CU_ASSERT_STRING_EQUAL(api_str(it, "community", NULL), community);
    CU_ASSERT_STRING_EQUAL(api_str(it, "community_name", "cy"), "Cymuned prawf");
    CU_ASSERT_STRING_EQUAL(api_str(it, "community_name", "en"), "Test community");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "capacity")), 10);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "seats_left")), 7);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "duration_minutes")), 90);
    CU_ASSERT_STRING_EQUAL(api_str(it, "status", NULL), "open");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(items, 1), "status", NULL), "full");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(items, 1), "seats_left")), 0);
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(items, 2), "status", NULL), "cancelled");
    /* ISO 8601 UTC: 2027-02-03T10:00:00Z, the end 90 minutes on */
    CU_ASSERT_EQUAL(strlen(api_str(it, "starts_at", NULL)), 20);
    CU_ASSERT(api_str(it, "starts_at", NULL)[19] == 'Z');
    CU_ASSERT(strcmp(api_str(it, "ends_at", NULL), api_str(it, "starts_at", NULL)) > 0);
    url = api_str(it, "url", "cy");
    CU_ASSERT(url && strstr(url, arena_printf(&fx_mem, "/cy/webinars/%s", slug("a"))) &&
              !strstr(url, ".ics"));
    CU_ASSERT(strstr(api_str(it, "url", "en"),
                     arena_printf(&fx_mem, "/en/webinars/%s", slug("a"))) != NULL);
    CU_ASSERT(strstr(api_str(it, "ics", "en"),
                     arena_printf(&fx_mem, "/en/webinars/%s.ics", slug("a"))) != NULL);
    json_decref(doc);
    http_resp_free(&r);
}

static void list__filters_past_and_pages(void)
{
    struct http_resp r;
    json_t *items, *doc = list("lang=cy", &r, &items);

    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 1);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("a"));
    json_decref(doc);
    http_resp_free(&r);
    doc = list("lang=both", &r, &items);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 1);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("b"));
    json_decref(doc);
    http_resp_free(&r);
    /* started ones, latest first, with their status */
    doc = list("past=1", &r, &items);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 2);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("p"));
    CU_ASSERT_STRING_EQUAL(slug_at(items, 1), slug("q"));
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(items, 0), "status", NULL), "past");
    json_decref(doc);
    http_resp_free(&r);
    doc = list("past=1&lang=cy", &r, &items);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 1);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("q"));
    json_decref(doc);
    http_resp_free(&r);
    /* page 2 of one a page holds b; past the end: empty, the total kept */
    doc = list("per_page=1&page=2", &r, &items);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "per_page")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "page")), 2);
    CU_ASSERT_EQUAL_FATAL(json_array_size(items), 1);
    CU_ASSERT_STRING_EQUAL(slug_at(items, 0), slug("b"));
    json_decref(doc);
    http_resp_free(&r);
    doc = list("page=9", &r, &items);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(json_array_size(items), 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 3);
    json_decref(doc);
    http_resp_free(&r);
}

static void list__without_community_holds_every_community(void)
{
    struct http_resp r;
    json_t *doc = api_get(&srv, "/api/v1/webinars?per_page=100", &r);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(json_integer_value(json_object_get(doc, "total")) >= 4);
    CU_ASSERT(json_array_size(json_object_get(doc, "items")) >= 1);
    json_decref(doc);
    http_resp_free(&r);
}

static void one__the_same_object_and_links_that_work(void)
{
    struct http_resp r, cal;
    json_t *doc = api_get(&srv, arena_printf(&fx_mem, "/api/v1/webinars/%s", slug("solo")), &r);
    const char *ics, *path;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT(http_header_is(&r, "Cache-Control", "public, max-age=60"));
    CU_ASSERT_STRING_EQUAL(api_str(doc, "slug", NULL), slug("solo"));
    CU_ASSERT(json_is_null(json_object_get(doc, "community")));
    CU_ASSERT(json_is_null(json_object_get(doc, "community_name")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "seats_left")), 8);
    CU_ASSERT_STRING_EQUAL(api_str(doc, "status", NULL), "open");
    /* the calendar link answers a calendar holding this webinar */
    ics = api_str(doc, "ics", "cy");
    path = ics ? strstr(ics, "/cy/webinars/") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    cal = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(cal.status, 200);
    CU_ASSERT(http_header_is(&cal, "Content-Type", "text/calendar; charset=utf-8"));
    CU_ASSERT(http_body_has(&cal, "SUMMARY:Gweminar solo"));
    http_resp_free(&cal);
    json_decref(doc);
    http_resp_free(&r);
    /* cancelled and started webinars are still there, with their status */
    doc = api_get(&srv, arena_printf(&fx_mem, "/api/v1/webinars/%s", slug("c")), &r);
    CU_ASSERT_STRING_EQUAL(api_str(doc, "status", NULL), "cancelled");
    json_decref(doc);
    http_resp_free(&r);
    doc = api_get(&srv, arena_printf(&fx_mem, "/api/v1/webinars/%s", slug("q")), &r);
    CU_ASSERT_STRING_EQUAL(api_str(doc, "status", NULL), "past");
    json_decref(doc);
    http_resp_free(&r);
}

static void errors__are_json_with_the_right_status(void)
{
    static const char *const bad[] = {
        "/api/v1/webinars?per_page=0",      "/api/v1/webinars?per_page=101",
        "/api/v1/webinars?per_page=ten",    "/api/v1/webinars?page=0",
        "/api/v1/webinars?page=-1",         "/api/v1/webinars?page=5001",
        "/api/v1/webinars?lang=de",         "/api/v1/webinars?lang=",
        "/api/v1/webinars?past=2",          "/api/v1/webinars?past=yes",
        "/api/v1/webinars?community=Not_A", "/api/v1/webinars?community=%27+OR+1%3D1+--",
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_EQUAL(api_error_status(&srv, bad[i]), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/webinars/no-such-webinar-here"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/webinars/Not_A_Slug"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/webinars/x.ics"), 404);
}

static void webinars_api__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "list__upcoming_soonest_first_with_both_languages",
          list__upcoming_soonest_first_with_both_languages },
        { "list__filters_past_and_pages", list__filters_past_and_pages },
        { "list__without_community_holds_every_community",
          list__without_community_holds_every_community },
        { "one__the_same_object_and_links_that_work", one__the_same_object_and_links_that_work },
        { "errors__are_json_with_the_right_status", errors__are_json_with_the_right_status },
        { "webinars_api__log_has_no_errors", webinars_api__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/api", cases, start, stop);
}
