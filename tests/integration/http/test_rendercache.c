/*
 * The render cache of shared pages (http/rendercache.h) over HTTP: an
 * anonymous reader gets the page with its compressed variant and never
 * another visitor's cookie; an admin's unpublish and publish are seen by the
 * next anonymous reader at once (this process forgets what it kept); and a
 * signed-in learner's own changes (enrolling, completing a lesson, a new
 * name) are on their very next page, while anonymous readers of the same
 * page are being served from the cache; spellings of one search ("Storfa",
 * "STÔRFA") share one kept page, and another search never gets it.
 *
 * No assertion depends on timing: whether a request was a hit or a refill
 * (RENDERCACHE_TTL_MS) the answers asserted here are the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http/rendercache.h"

static struct server srv;
static struct fx_session admin;
static char slug[96];
static long long course_id;

static int start(void)
{
    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Cache Admin"), "learner,admin"), &admin))
        return -1;
    course_id = fx_course_elearning("storfa", 3, slug);
    if (!course_id)
        return -1;
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", NULL };

    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void has(const struct http_resp *r, const char *needle)
{
    CU_ASSERT(http_body_has(r, needle));
    if (!http_body_has(r, needle))
        fprintf(stderr, "page lacks: %s\n", needle);
}

/* GET the course page in lang as an anonymous reader, with Accept-Encoding
 * ae (or none). */
static struct http_resp anonymous(const char *lang, const char *ae)
{
    char path[256], hdr[64] = "";
    struct http_resp r;

    memset(&r, 0, sizeof(r));
    if (ae)
        snprintf(hdr, sizeof(hdr), "Accept-Encoding: %s\r\n", ae);
    if (http_get(&srv, http_course_path(path, lang, slug, NULL), hdr, &r))
        CU_FAIL("GET failed");
    return r;
}

static void rendercache__anonymous_compressed_without_cookies_of_others(void)
{
    struct http_resp a = anonymous("en", "br"), b = anonymous("en", "br"), c;
    char *ca = http_set_cookie(&a, "csrf"), *cb = http_set_cookie(&b, "csrf"), *ce;

    CU_ASSERT(a.status == 200 && b.status == 200);
    CU_ASSERT(http_header_is(&a, "Content-Encoding", "br"));
    CU_ASSERT(http_header_is(&b, "Content-Encoding", "br"));
    CU_ASSERT(http_header_is(&b, "Cache-Control", "no-store"));
    /* a kept page never hands one visitor's token to the next */
    CU_ASSERT(!(ca && cb && !strcmp(ca, cb)));
    free(ca);
    free(cb);
    http_resp_free(&a);
    http_resp_free(&b);
    /* as it is for a client that takes no coding; the language is the key's */
    c = anonymous("cy", NULL);
    CU_ASSERT_EQUAL(c.status, 200);
    ce = http_header(&c, "Content-Encoding");
    CU_ASSERT_PTR_NULL(ce);
    free(ce);
    has(&c, loc_text("cy", "enrol.sign_in"));
    http_resp_free(&c);
}

static void rendercache__publish_and_unpublish_seen_at_once(void)
{
    char path[256];
    struct http_resp r = anonymous("en", NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/courses/%s/unpublish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = anonymous("en", NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);

    snprintf(path, sizeof(path), "/en/admin/courses/%s/publish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = anonymous("en", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
}

static void own_changes__seen_on_the_next_page(void)
{
    struct fx_session s;
    struct http_resp r, anon;
    const char *name = fx_name("Renamed Learner");
    char fields[256], rest[64];

    fx_learner("Storfa", "en", &s);
    anon = anonymous("en", NULL); /* the page is kept for anonymous readers */
    CU_ASSERT_EQUAL(anon.status, 200);
    http_resp_free(&anon);

    /* enrolling */
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &s);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("en", "enrol.enrolled_title"));
    has(&r, loc_plural("en", "enrol.progress", 3, "done", "0", "percent", "0", NULL));
    http_resp_free(&r);

    /* completing a lesson */
    snprintf(rest, sizeof(rest), "/lessons/%d/complete", 1);
    r = http_course_post(&srv, "en", slug, rest, &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &s);
    has(&r, loc_plural("en", "enrol.progress", 3, "done", "1", "percent", "33", NULL));
    http_resp_free(&r);

    /* a new name, on the next page that shows it */
    snprintf(fields, sizeof(fields), "name=%s&organisation=%lld&lang=en", http_enc(name),
             fx_org("WG"));
    r = http_post_as(&srv, "/en/account/details", &s, fields);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/account?saved=details", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, name);
    http_resp_free(&r);
    /* and a shared page read signed in is theirs: the header's account link */
    r = http_get_as(&srv, "/en/courses", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "href=\"/en/account\"");
    http_resp_free(&r);

    /* and the anonymous copy never carries any of it */
    anon = anonymous("en", NULL);
    CU_ASSERT(anon.status == 200 && !http_body_has(&anon, name));
    has(&anon, loc_text("en", "enrol.sign_in"));
    http_resp_free(&anon);
}

/* The render cache's dysgu_rendercache_keys gauge from /metrics. */
static long cache_keys(void)
{
    return http_metric(&srv, "dysgu_rendercache_keys");
}

static void rendercache__kept_once_asked_for_often(void)
{
    char path[128];
    struct http_resp r;
    long before, seen[RENDERCACHE_ADMIT_ASKS];
    int i;

    snprintf(path, sizeof(path), "/en/courses?q=%s", http_enc(fx_name("doorkeeper")));
    before = cache_keys();
    CU_ASSERT(before >= 0);
    for (i = 0; i <= RENDERCACHE_ADMIT_ASKS; i++) {
        CU_ASSERT(http_get(&srv, path, NULL, &r) == 0);
        CU_ASSERT_EQUAL(r.status, 200);
        http_resp_free(&r);
        if (i < RENDERCACHE_ADMIT_ASKS)
            seen[i] = cache_keys();
    }
    /* a search asked for fewer than RENDERCACHE_ADMIT_ASKS times (within
     * RENDERCACHE_ADMIT_MS) takes no room; at that many, it is kept, once */
    for (i = 0; i < RENDERCACHE_ADMIT_ASKS - 1; i++)
        CU_ASSERT_EQUAL(seen[i], before);
    CU_ASSERT_EQUAL(seen[RENDERCACHE_ADMIT_ASKS - 1], before + 1);
    CU_ASSERT_EQUAL(cache_keys(), before + 1);
}

/* GET /en/courses?q=query (raw, already encoded) as an anonymous reader:
 * 200, and whether the fixture course is among the results. */
static int search_finds_course(const char *query)
{
    char path[256], course[256];
    struct http_resp r;
    int found;

    snprintf(path, sizeof(path), "/en/courses?q=%s", query);
    CU_ASSERT_FATAL(http_get(&srv, path, NULL, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 200);
    found = http_body_has(&r, http_course_path(course, "en", slug, NULL));
    http_resp_free(&r);
    return found;
}

/* Ask for GET /en/courses?q= each spelling of v[0..n) in turn (round and
 * round) until RENDERCACHE_ADMIT_ASKS asks; 1 when every answer found the
 * fixture course, 0 when none did, -1 when some did. */
static int asked_often(const char *const *v, size_t n)
{
    int i, found = 0;

    for (i = 0; i < RENDERCACHE_ADMIT_ASKS; i++)
        found += search_finds_course(v[(size_t)i % n]);
    return found == RENDERCACHE_ADMIT_ASKS ? 1 : found == 0 ? 0 : -1;
}

static void rendercache__one_entry_for_spellings_of_a_search(void)
{
    static const char *const storfa[] = { "Storfa", "storfa", "STORFA" };
    static const char *const storfax[] = { "storfax", "Storfax", "STORFAX" };
    long before = cache_keys();

    /* one search in several spellings, asked for often: kept, once */
    CU_ASSERT_EQUAL(asked_often(storfa, 3), 1);
    CU_ASSERT_EQUAL(cache_keys(), before + 1);
    /* more spellings of it (STÔRFA, with spaces) are that entry */
    CU_ASSERT(search_finds_course("ST%C3%94RFA"));
    CU_ASSERT(search_finds_course("+sToRfA+"));
    CU_ASSERT_EQUAL(cache_keys(), before + 1);
    /* another search, kept in turn, never answers with the first one's page */
    CU_ASSERT_EQUAL(asked_often(storfax, 3), 0);
    CU_ASSERT_EQUAL(cache_keys(), before + 2);
    CU_ASSERT(!search_finds_course("StorfaX"));
    CU_ASSERT(search_finds_course("st%C3%B4rfa"));
    CU_ASSERT_EQUAL(cache_keys(), before + 2);
}

/* dysgu_rendercache_refreshes_total{result="kept"} from /metrics. */
static long refreshes_kept(void)
{
    return http_metric(&srv, "dysgu_rendercache_refreshes_total{result=\"kept\"}");
}

/* A copy past its time is refilled behind the reader who asked (the refill
 * threads, rendercache_background()): the kept copy itself is renewed, and
 * a change made behind the server's back (no forget) is on the page within
 * a few of RENDERCACHE_TTL_MS. */
static void rendercache__expired_copy_refilled_behind_its_reader(void)
{
    const char *title = fx_name("Storfa wedi newid");
    struct http_resp r;
    long before = refreshes_kept();
    int i, seen = 0;

    CU_ASSERT(before >= 0);
    for (i = 0; i <= RENDERCACHE_ADMIT_ASKS; i++) { /* kept */
        r = anonymous("en", NULL);
        CU_ASSERT_EQUAL(r.status, 200);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL_FATAL(
        fx_exec_sl("UPDATE courses SET title_en = ? WHERE id = ?", title, course_id), 1);
    /* asked for 10 times a second for up to 6 s: the copy expires within
     * 1.5 s and a reader's ask claims its refill for a refill thread */
    for (i = 0; i < 60 && (!seen || refreshes_kept() <= before); i++) {
        r = anonymous("en", NULL);
        CU_ASSERT_EQUAL(r.status, 200);
        seen = http_body_has(&r, title);
        http_resp_free(&r);
        test_sleep_ms(100);
    }
    CU_ASSERT(seen);
    CU_ASSERT(refreshes_kept() > before);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "rendercache__anonymous_compressed_without_cookies_of_others",
          rendercache__anonymous_compressed_without_cookies_of_others },
        { "rendercache__publish_and_unpublish_seen_at_once",
          rendercache__publish_and_unpublish_seen_at_once },
        { "own_changes__seen_on_the_next_page", own_changes__seen_on_the_next_page },
        { "rendercache__kept_once_asked_for_often", rendercache__kept_once_asked_for_often },
        { "rendercache__one_entry_for_spellings_of_a_search",
          rendercache__one_entry_for_spellings_of_a_search },
        { "rendercache__expired_copy_refilled_behind_its_reader",
          rendercache__expired_copy_refilled_behind_its_reader },
        { NULL, NULL },
    };
    test_add_suite_with("http/rendercache", cases, start, stop);
}
