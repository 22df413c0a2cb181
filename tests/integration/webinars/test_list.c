/*
 * The list page /{lang}/webinars (issue 18, webinars/pages_list.c) through
 * the real server: within one community of its own, upcoming webinars come
 * soonest first a page at a time (the "later" link's cursor), then past ones
 * with recordings; the filters narrow the list and each option counts what
 * picking it would show; a filter or cursor that is not one is 400.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static char community[96];

#define N_CY 21 /* upcoming, Welsh, all staff */

static int start(void)
{
    static const char *const q =
        "INSERT INTO webinars (slug, community_id, title_cy, title_en, summary_cy, summary_en, "
        "language, audience, starts_at, capacity, cancelled, recording_url, slides_url) SELECT "
        "CONCAT(c.slug, '-', ?), c.id, CONCAT('Gweminar ', ?), CONCAT('Listed ', ?), '', '', ?, "
        "?, UTC_TIMESTAMP() + INTERVAL ? HOUR, 10, ?, ?, '' FROM communities c WHERE c.slug = ?";
    int i;

    if (fx_init())
        return -1;
    snprintf(community, sizeof(community), "rhestr-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) VALUES "
                "(?, 'Cymuned y rhestr', 'List community', '', '')",
                "s", community) != DB_OK)
        return -1;
    for (i = 1; i <= N_CY + 5; i++) {
        char n[8];
        const char *lang = i <= N_CY ? "cy" : "en", *aud = i <= N_CY ? "all" : "leaders";
        int hours = 24 * (400 + i), cancelled = 0; /* after other tests' webinars */
        const char *rec = "";

        if (i == N_CY + 3) /* past, recorded */
            hours = -48, lang = "cy", aud = "all", rec = "https://fideo.example/recordiad";
        if (i == N_CY + 4) /* past, no recording */
            hours = -72;
        if (i == N_CY + 5) /* cancelled */
            cancelled = 1;
        snprintf(n, sizeof(n), "%02d", i);
        if (db_exec(fx_dbh, q, "sssssiiss", n, n, n, lang, aud, hours, cancelled, rec, community) !=
            DB_OK)
            return -1;
    }
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp get(const char *query)
{
    return http_get_as(&srv, arena_printf(&fx_mem, "/en/webinars?community=%s%s", community, query),
                       NULL);
}

static int has_title(const struct http_resp *r, int i)
{
    return http_body_has(r, arena_printf(&fx_mem, ">Listed %02d<", i));
}

/* The href of the "Later webinars" link, HTML entities as sent. */
static const char *later(const struct http_resp *r)
{
    const char *text = strstr(r->body, "Later webinars</a>");
    const char *start = text;

    while (start && start > r->body && strncmp(start, "href=\"", 6))
        start--;
    if (!text || !start || start == r->body)
        return NULL;
    start += 6;
    return arena_strndup(&fx_mem, start, strcspn(start, "\""));
}

/* href with "&amp;" as "&". */
static const char *unescape_amp(const char *href)
{
    char *out = arena_strdup(&fx_mem, href), *w = out;
    const char *p;

    for (p = href; *p; p++) {
        *w++ = *p;
        if (!strncmp(p, "&amp;", 5))
            p += 4;
    }
    *w = '\0';
    return out;
}

static void list__pages_then_recordings(void)
{
    struct http_resp r = get("");
    const char *next;
    int i;

    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    for (i = 1; i <= 20; i++)
        CU_ASSERT(has_title(&r, i));
    CU_ASSERT(!has_title(&r, 21));
    CU_ASSERT(http_pos(&r, ">Listed 01<") < http_pos(&r, ">Listed 02<"));
    CU_ASSERT(http_body_has(&r, "Past webinars with recordings"));
    CU_ASSERT(has_title(&r, N_CY + 3));
    CU_ASSERT(http_body_has(&r, "href=\"https://fideo.example/recordiad\""));
    CU_ASSERT(!has_title(&r, N_CY + 4)); /* past without a recording */
    CU_ASSERT(!has_title(&r, N_CY + 5)); /* cancelled */
    CU_ASSERT(http_pos(&r, ">Listed 20<") < http_pos(&r, "Past webinars with recordings"));
    next = later(&r);
    http_resp_free(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(next);
    CU_ASSERT(strstr(next, "after=") != NULL);
    CU_ASSERT(strstr(next, community) != NULL); /* the link keeps the filter */
    r = http_get_as(&srv, unescape_amp(next), NULL);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT(!has_title(&r, 20));
    CU_ASSERT(has_title(&r, 21) && has_title(&r, 22) && has_title(&r, 23));
    CU_ASSERT(!http_body_has(&r, "Past webinars with recordings"));
    CU_ASSERT(!http_body_has(&r, "Later webinars"));
    CU_ASSERT(http_body_has(&r, "The soonest webinars"));
    http_resp_free(&r);
}

static void filters__narrow_and_count(void)
{
    struct http_resp r = get("&language=en");

    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT(has_title(&r, 22) && has_title(&r, 23));
    CU_ASSERT(!has_title(&r, 1));
    CU_ASSERT(!http_body_has(&r, "Past webinars with recordings"));
    /* language counts keep the community; audience counts keep both */
    CU_ASSERT(http_body_has(&r, ">Welsh (22)<"));
    CU_ASSERT(http_body_has(&r, "selected>English (2)<"));
    CU_ASSERT(http_body_has(&r, ">Senior leaders (2)<"));
    CU_ASSERT(http_body_has(&r, ">All staff (0)<"));
    CU_ASSERT(http_body_has(&r, "List community (2)"));
    http_resp_free(&r);
    r = get("&audience=leaders&language=cy");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "No upcoming webinars match these filters."));
    http_resp_free(&r);
}

/* The grouped counts are kept in memory a moment (webinars/facets_kept.c), but
 * a change made through this server (here a registration, which forgets the
 * render cache) shows in them at once. */
static void filters__counts_fresh_after_a_change_here(void)
{
    struct fx_session s;
    struct http_resp r;

    r = get("&audience=all");
    CU_ASSERT(http_body_has(&r, ">Welsh (22)<"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL_FATAL(
        db_exec(fx_dbh,
                "INSERT INTO webinars (slug, community_id, title_cy, title_en, summary_cy, "
                "summary_en, language, audience, starts_at, capacity) SELECT CONCAT(slug, '-new'), "
                "id, 'Gweminar newydd', 'Listed new', '', '', 'cy', 'all', UTC_TIMESTAMP() + "
                "INTERVAL 500 DAY, 10 FROM communities WHERE slug = ?",
                "s", community),
        DB_OK);
    fx_learner("Cofrestrwr y rhestr", "en", &s);
    r = http_post_as(&srv, arena_printf(&fx_mem, "/en/webinars/%s-01/register", community), &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = get("&audience=all&language=cy");
    CU_ASSERT(http_body_has(&r, "selected>Welsh (23)<"));
    CU_ASSERT(has_title(&r, 1));
    http_resp_free(&r);
}

static void filters__bad_values_are_400(void)
{
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars?language=fr", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars?audience=everyone", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars?community=%3Cb%3E", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars?after=12", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars?after=1.x", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/webinars?language=", NULL), 200);
}

static void list__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "list__pages_then_recordings", list__pages_then_recordings },
        { "filters__narrow_and_count", filters__narrow_and_count },
        { "filters__counts_fresh_after_a_change_here", filters__counts_fresh_after_a_change_here },
        { "filters__bad_values_are_400", filters__bad_values_are_400 },
        { "list__log_has_no_errors", list__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/list", cases, start, stop);
}
