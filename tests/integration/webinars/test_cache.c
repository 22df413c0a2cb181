/*
 * The webinars' shared pages with the render cache on (http/rendercache.h):
 * the list and a webinar's page, kept once asked for often and served old
 * while one request refills them (stale-while-revalidate), still show an
 * edit made through this server on the very next request: the edit forgets
 * every kept copy, and a key with no copy is rendered afresh.
 *
 * No assertion depends on timing: hit or refill, the answers are the same.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "http/rendercache.h"

static struct server srv;
static struct fx_session trainer;
static char community[96], slug[128];

static int start(void)
{
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", NULL };
    long long id;

    if (fx_init())
        return -1;
    id = fx_user(fx_name("Hyfforddwr y storfa"), "learner,trainer");
    if (!id || fx_sign_in(id, &trainer))
        return -1;
    snprintf(community, sizeof(community), "storfa-%s", fx_tag);
    snprintf(slug, sizeof(slug), "%s-gweminar", community);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) VALUES "
                "(?, 'Cymuned y storfa', 'Cache community', '', '')",
                "s", community) != DB_OK ||
        db_exec(fx_dbh,
                "INSERT INTO webinars (slug, community_id, title_cy, title_en, summary_cy, "
                "summary_en, language, audience, starts_at, capacity, created_by) SELECT ?, id, "
                "'Hen deitl', 'Old title', '', '', 'both', 'all', UTC_TIMESTAMP() + INTERVAL 300 "
                "DAY, 10, ? FROM communities WHERE slug = ?",
                "sls", slug, id, community) != DB_OK)
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET path anonymously often enough to be kept (and once more, from the
 * copy): 1 when every answer was 200 with needle. */
static int kept_with(const char *path, const char *needle)
{
    struct http_resp r;
    int i, ok = 1;

    for (i = 0; i <= RENDERCACHE_ADMIT_ASKS; i++) {
        CU_ASSERT_FATAL(http_get(&srv, path, NULL, &r) == 0);
        ok = ok && r.status == 200 && http_body_has(&r, needle);
        http_resp_free(&r);
    }
    return ok;
}

static int shows(const char *path, const char *needle)
{
    struct http_resp r;
    int ok;

    CU_ASSERT_FATAL(http_get(&srv, path, NULL, &r) == 0);
    ok = r.status == 200 && http_body_has(&r, needle);
    http_resp_free(&r);
    return ok;
}

static void cache__an_edit_is_on_the_next_page(void)
{
    const char *list = arena_printf(&fx_mem, "/en/webinars?community=%s", community);
    const char *page = arena_printf(&fx_mem, "/en/webinars/%s", slug);
    struct http_resp r;

    CU_ASSERT(kept_with(list, "Old title"));
    CU_ASSERT(kept_with(page, "Old title"));
    r = http_post_as(&srv, arena_printf(&fx_mem, "/en/manage/webinars/%s/edit", slug), &trainer,
                     "title_cy=Teitl+newydd&title_en=New+title&summary_cy=&summary_en=&"
                     "speaker-1-name=Non+Prydderch&language=both&audience=all&date=2027-07-01&"
                     "time=10%3A00&duration=60&capacity=10");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows(list, "New title"));
    CU_ASSERT(shows(page, "New title"));
    CU_ASSERT(!shows(list, "Old title"));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cache__an_edit_is_on_the_next_page", cache__an_edit_is_on_the_next_page },
        { NULL, NULL },
    };

    test_add_suite_with("integration/webinars/cache", cases, start, stop);
}
