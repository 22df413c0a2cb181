/*
 * The forums' JSON API over HTTP (docs/api.md "Communities"): the open
 * communities with both languages; a community's threads by keyset, pinned
 * first on the first page only, `next` null on the last; a thread's posts
 * by keyset, each with its lang, hidden posts absent (their text nowhere in
 * the answer), deleted ones as tombstones without text; hidden threads,
 * unknown ones and malformed cursors answered as JSON errors.
 *
 * The community is this run's own (archived, so no list shows it); every
 * row is made before the server starts, so no cached answer can be stale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

static struct server srv;
static char slug[64];
static long long community, author, talk, hidden_thread, pinned, hidden_post, deleted_post;

static const char *title_of(int i)
{
    return arena_printf(&fx_mem, "Pwnc %02d %s", i, fx_tag);
}

/* A thread by the author, its last post hours_ago; its id, or 0. */
static long long add_thread(const char *title, int hours_ago, int is_pinned, int hidden)
{
    if (db_exec(fx_dbh,
                "INSERT INTO forum_threads (community_id, author_id, title, lang, pinned, hidden, "
                "last_post_at) VALUES (?, ?, ?, 'cy', ?, ?, UTC_TIMESTAMP() - INTERVAL ? HOUR)",
                "llsbbi", community, author, title, is_pinned, hidden, hours_ago) != DB_OK)
        return 0;
    return (long long)db_insert_id(fx_dbh);
}

/* 25 posts in talk: the second hidden, the third deleted, the languages
 * alternating. */
static int add_posts(void)
{
    int i;

    for (i = 0; i < 25; i++) {
        const char *body = i == 1 ? "CYFRINACH" : i == 2 ? "DILEWYD" : "Neges";

        if (db_exec(fx_dbh,
                    "INSERT INTO forum_posts (thread_id, author_id, body, lang, hidden, deleted) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    "llssbb", talk, author, body, i % 2 ? "en" : "cy", i == 1, i == 2) != DB_OK)
            return -1;
        if (i == 1)
            hidden_post = (long long)db_insert_id(fx_dbh);
        if (i == 2)
            deleted_post = (long long)db_insert_id(fx_dbh);
    }
    return 0;
}

static int start(void)
{
    int i;

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "api-fforwm-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en, "
                "archived) VALUES (?, 'Cymuned API', 'API community', 'Crynodeb', 'Summary', 1)",
                "s", slug) != DB_OK)
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", slug);
    author = fx_user(fx_name("Awdur"), "learner");
    talk = add_thread(fx_name("Sgwrs"), 0, 0, 0);
    hidden_thread = add_thread(fx_name("Cudd"), 0, 0, 1);
    for (i = 0; i < 24; i++)
        if (!add_thread(title_of(i), i + 1, 0, 0))
            return -1;
    pinned = add_thread(title_of(24), 30, 1, 0);
    if (community <= 0 || author <= 0 || !talk || !hidden_thread || !pinned || add_posts())
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void communities__open_ones_in_both_languages(void)
{
    struct http_resp r;
    json_t *doc = api_get(&srv, "/api/v1/communities", &r), *items, *it, *found = NULL;
    size_t i;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "application/json"));
    CU_ASSERT(http_header_is(&r, "Cache-Control", "public, max-age=60"));
    items = json_object_get(doc, "items");
    json_array_foreach(items, i, it)
    {
        const char *s = api_str(it, "slug", NULL);

        if (s && !strcmp(s, "content-design"))
            found = it;
        CU_ASSERT(s && strcmp(s, slug)); /* archived: not listed */
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(found);
    CU_ASSERT_STRING_EQUAL(api_str(found, "name", "cy"), "Dylunio cynnwys");
    CU_ASSERT_STRING_EQUAL(api_str(found, "name", "en"), "Content design");
    CU_ASSERT(strstr(api_str(found, "url", "cy"), "/cy/communities/content-design") != NULL);
    CU_ASSERT(strstr(api_str(found, "threads", NULL),
                     "/api/v1/communities/content-design/threads") != NULL);
    json_decref(doc);
    http_resp_free(&r);
}

/* The position of the thread titled title in items, or -1. */
static int index_of(json_t *items, const char *title)
{
    size_t i;
    json_t *it;

    json_array_foreach(items, i, it)
    {
        const char *t = api_str(it, "title", NULL);

        if (t && !strcmp(t, title))
            return (int)i;
    }
    return -1;
}

static void threads__pinned_first_then_by_keyset(void)
{
    const char *path = arena_printf(&fx_mem, "/api/v1/communities/%s/threads", slug), *next;
    struct http_resp r1, r2;
    json_t *d1 = api_get(&srv, path, &r1), *d2, *p1, *p2, *first;
    int i;

    CU_ASSERT_EQUAL(r1.status, 200);
    CU_ASSERT_STRING_EQUAL(api_str(json_object_get(d1, "community"), "name", "en"),
                           "API community");
    p1 = json_object_get(d1, "items");
    CU_ASSERT_EQUAL_FATAL(json_array_size(p1), 20);
    first = json_array_get(p1, 0);
    CU_ASSERT_STRING_EQUAL(api_str(first, "title", NULL), title_of(24));
    CU_ASSERT(json_is_true(json_object_get(first, "pinned")));
    CU_ASSERT_STRING_EQUAL(api_str(first, "lang", NULL), "cy");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(p1, 1), "title", NULL), fx_name("Sgwrs"));
    CU_ASSERT_EQUAL(index_of(p1, fx_name("Cudd")), -1);
    next = api_str(d1, "next", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(next);
    d2 = api_get(&srv, arena_printf(&fx_mem, "%s?before=%s", path, next), &r2);
    CU_ASSERT_EQUAL(r2.status, 200);
    p2 = json_object_get(d2, "items");
    CU_ASSERT_EQUAL(json_array_size(p2), 6);
    CU_ASSERT(json_is_null(json_object_get(d2, "next")));
    CU_ASSERT_EQUAL(index_of(p2, title_of(24)), -1);
    for (i = 0; i < 24; i++)
        CU_ASSERT_EQUAL((index_of(p1, title_of(i)) >= 0) + (index_of(p2, title_of(i)) >= 0), 1);
    json_decref(d1);
    json_decref(d2);
    http_resp_free(&r1);
    http_resp_free(&r2);
    CU_ASSERT_EQUAL(api_error_status(&srv, arena_printf(&fx_mem, "%s?before=x", path)), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, arena_printf(&fx_mem, "%s?before=5", path)), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/communities/dim-cymuned-o-gwbl/threads"), 404);
}

/* The post of id in posts, or NULL. */
static json_t *post_of(json_t *posts, long long id)
{
    size_t i;
    json_t *it;

    json_array_foreach(posts, i, it)
    {
        if (json_integer_value(json_object_get(it, "id")) == id)
            return it;
    }
    return NULL;
}

static void thread__hidden_posts_absent_deleted_as_tombstones(void)
{
    const char *path = arena_printf(&fx_mem, "/api/v1/threads/%lld", talk), *next;
    struct http_resp r1, r2;
    json_t *d1 = api_get(&srv, path, &r1), *d2, *posts, *gone, *it, *thread;
    size_t i;

    CU_ASSERT_EQUAL(r1.status, 200);
    thread = json_object_get(d1, "thread");
    CU_ASSERT_STRING_EQUAL(api_str(thread, "title", NULL), fx_name("Sgwrs"));
    CU_ASSERT_STRING_EQUAL(api_str(json_object_get(thread, "community"), "slug", NULL), slug);
    CU_ASSERT_STRING_EQUAL(api_str(json_object_get(thread, "community"), "name", "cy"),
                           "Cymuned API");
    posts = json_object_get(d1, "posts");
    /* a page of 20, less the hidden one */
    CU_ASSERT_EQUAL(json_array_size(posts), 19);
    CU_ASSERT_PTR_NULL(post_of(posts, hidden_post));
    CU_ASSERT(!http_body_has(&r1, "CYFRINACH"));
    CU_ASSERT(!http_body_has(&r1, "DILEWYD"));
    gone = post_of(posts, deleted_post);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gone);
    CU_ASSERT(json_is_true(json_object_get(gone, "deleted")));
    CU_ASSERT_PTR_NULL(json_object_get(gone, "body"));
    CU_ASSERT_PTR_NULL(json_object_get(gone, "author"));
    json_array_foreach(posts, i, it)
    {
        if (json_is_true(json_object_get(it, "deleted")))
            continue;
        CU_ASSERT(api_str(it, "lang", NULL) != NULL);
        CU_ASSERT_STRING_EQUAL(api_str(it, "body", NULL), "Neges");
    }
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(posts, 0), "lang", NULL), "cy");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(posts, 2), "lang", NULL), "en");
    next = api_str(d1, "next", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(next);
    d2 = api_get(&srv, arena_printf(&fx_mem, "%s?after=%s", path, next), &r2);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(d2, "posts")), 5);
    CU_ASSERT(json_is_null(json_object_get(d2, "next")));
    json_decref(d1);
    json_decref(d2);
    http_resp_free(&r1);
    http_resp_free(&r2);
    CU_ASSERT_EQUAL(
        api_error_status(&srv, arena_printf(&fx_mem, "/api/v1/threads/%lld", hidden_thread)), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/threads/999999999999"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/threads/abc"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, arena_printf(&fx_mem, "%s?after=01", path)), 400);
}

static void api__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "communities__open_ones_in_both_languages", communities__open_ones_in_both_languages },
        { "threads__pinned_first_then_by_keyset", threads__pinned_first_then_by_keyset },
        { "thread__hidden_posts_absent_deleted_as_tombstones",
          thread__hidden_posts_absent_deleted_as_tombstones },
        { "api__log_has_no_errors", api__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/api", cases, start, stop);
}
