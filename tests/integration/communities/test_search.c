/*
 * The forums' search over HTTP: a thread found by a mutated form of a word
 * of its title (view/welshfold), a reply found by its words with the
 * community and thread named, a hidden post no longer found, and bad input
 * (a query too long, a malformed cursor, no word to search for); one's own
 * post deleted (by no one else) and no longer found; pages newest first
 * across the newest window of post ids (scanned) and the older posts (the
 * FULLTEXT index), hidden ones found by neither; one community's posts
 * alone.
 */
#include <stdlib.h>
#include <string.h>

#include "communities/communities.h"
#include "harness.h"

static struct server srv;
static struct fx_session member, other;

static int start(void)
{
    long long community;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    if (community <= 0 || fx_sign_in(fx_user(fx_name("Chwiliwr"), "learner"), &member) ||
        fx_sign_in(fx_user(fx_name("Arall"), "learner"), &other) ||
        fx_forum_member(community, member.user_id, 20))
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET path as nobody: the body has want (or, with has 0, has not). */
static void search_has(const char *path, int status, const char *want, int has)
{
    struct http_resp r = http_get_as(&srv, path, NULL);

    CU_ASSERT_EQUAL(r.status, status);
    if (has != http_body_has(&r, want))
        fprintf(stderr, "\n  %s: %s \"%s\"\n", path, has ? "lacks" : "has", want);
    CU_ASSERT_EQUAL(http_body_has(&r, want), has);
    http_resp_free(&r);
}

static void search__finds_threads_and_replies_not_hidden_ones(void)
{
    char form[512], path[512];
    struct http_resp r;
    long long thread;

    snprintf(form, sizeof(form), "title=%s&body=%s&lang=cy",
             http_enc(arena_printf(&fx_mem, "Dylunio ffurflenni %s", fx_tag)),
             http_enc("Neges gyntaf"));
    r = http_post_as(&srv, "/cy/communities/content-design/threads", &member, form);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    thread = http_location_id(&r, "/threads/");
    http_resp_free(&r);
    CU_ASSERT_FATAL(thread > 0);
    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=en",
             http_enc(arena_printf(&fx_mem, "We test **every** form with readers %s", fx_tag)));
    r = http_post_as(&srv, path, &member, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);

    /* "ddylunio" (soft mutation) finds the thread titled "Dylunio ..." */
    snprintf(path, sizeof(path), "/cy/search/communities?q=ddylunio+%s", fx_tag);
    search_has(path, 200, "Dylunio ffurflenni", 1);
    search_has(path, 200, "href=\"/cy/communities/content-design\"", 1);
    /* the reply by its own words, in English, with its snippet as a reader
     * sees the post: the words, not the Markdown around them */
    snprintf(path, sizeof(path), "/en/search/communities?q=READERS+%s", fx_tag);
    search_has(path, 200, "We test every form with readers", 1);
    /* a word in neither: nothing */
    snprintf(path, sizeof(path), "/en/search/communities?q=elephants+%s", fx_tag);
    search_has(path, 200, loc_text("en", "communities.search.none"), 1);

    /* hidden by a moderator: no longer found */
    CU_ASSERT_EQUAL(
        db_exec(fx_dbh, "UPDATE forum_posts SET hidden = 1 WHERE thread_id = ?", "l", thread),
        DB_OK);
    snprintf(path, sizeof(path), "/en/search/communities?q=readers+%s", fx_tag);
    search_has(path, 200, "We test every form with readers", 0);
}

static void search__bad_input_is_answered_plainly(void)
{
    char path[512], q[300];

    search_has("/cy/search/communities", 200, loc_text("cy", "communities.search.title"), 1);
    search_has("/cy/search/communities?q=a", 200, loc_text("cy", "communities.search.no_words"), 1);
    memset(q, 'a', 201);
    q[201] = 0;
    snprintf(path, sizeof(path), "/cy/search/communities?q=%s", q);
    search_has(path, 400, loc_text("cy", "communities.search.too_long"), 1);
    search_has(path, 400, q, 1); /* what was typed, kept */
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/search/communities?q=dylunio&before=x", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/search/communities?q=dylunio&before=0", NULL), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/search/communities?q=%2B%28%29%2A%22", NULL), 200);
}

static void search__own_post_deleted_by_its_author_alone(void)
{
    char form[512], path[512], want[64];
    struct http_resp r;
    long long thread, post;

    snprintf(form, sizeof(form), "title=%s&body=%s&lang=en",
             http_enc(arena_printf(&fx_mem, "Regrets %s", fx_tag)),
             http_enc(arena_printf(&fx_mem, "Something hasty %s", fx_tag)));
    r = http_post_as(&srv, "/en/communities/content-design/threads", &member, form);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    thread = http_location_id(&r, "/threads/");
    http_resp_free(&r);
    post = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);
    CU_ASSERT_FATAL(post > 0);
    /* the author sees a delete button on it; someone else cannot delete it */
    snprintf(path, sizeof(path), "/en/threads/%lld", thread);
    snprintf(want, sizeof(want), "/en/posts/%lld/delete", post);
    r = http_get_as(&srv, path, &member);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
    r = http_get_as(&srv, path, &other);
    CU_ASSERT(!http_body_has(&r, want));
    http_resp_free(&r);
    r = http_post_as(&srv, want, &other, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT deleted FROM forum_posts WHERE id = ?", post), 0);
    /* its author can: a tombstone, no longer found */
    r = http_post_as(&srv, want, &member, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT deleted FROM forum_posts WHERE id = ?", post), 1);
    search_has(path, 200, loc_text("en", "communities.thread.deleted"), 1);
    search_has(path, 200, "Something hasty", 0);
    snprintf(path, sizeof(path), "/en/search/communities?q=hasty+%s", fx_tag);
    search_has(path, 200, loc_text("en", "communities.search.none"), 1);
    r = http_post_as(&srv, want, &member, ""); /* again: gone */
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

/* A thread (first post "Old words"), then as many posts as the search's
 * window holds, then 21 newer replies and a hidden one, all with the word:
 * page 1 holds the 20 newest, page 2 (?before=) the 21st, from the window,
 * and the old post, from the index; the hidden one is on neither. */
/* ?community= narrows the search to one community (the community page
 * links to it); a slug that is no community is a plain 400 that keeps the
 * words typed. */
static void search__within_one_community(void)
{
    char form[512], path[512];
    struct http_resp r;

    snprintf(form, sizeof(form), "title=%s&body=%s&lang=cy",
             http_enc(arena_printf(&fx_mem, "Cwmpas y gwaith %s", fx_tag)),
             http_enc("Neges am y cwmpas"));
    r = http_post_as(&srv, "/cy/communities/content-design/threads", &member, form);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    http_resp_free(&r);

    snprintf(path, sizeof(path), "/cy/search/communities?q=cwmpas+%s&community=content-design",
             fx_tag);
    search_has(path, 200, "Cwmpas y gwaith", 1);
    search_has(path, 200, "<option value=\"content-design\" selected>", 1);
    snprintf(path, sizeof(path), "/cy/search/communities?q=cwmpas+%s&community=user-research",
             fx_tag);
    search_has(path, 200, "Cwmpas y gwaith", 0);
    snprintf(path, sizeof(path), "/cy/search/communities?q=cwmpas+%s&community=", fx_tag);
    search_has(path, 200, "Cwmpas y gwaith", 1);
    /* the community page offers the search of itself */
    search_has("/en/communities/content-design", 200,
               "href=\"/en/search/communities?community=content-design\"", 1);

    snprintf(path, sizeof(path), "/cy/search/communities?q=cwmpas+%s&community=dim-o-gwbl", fx_tag);
    search_has(path, 400, "Dewiswch gymuned o&#39;r rhestr", 1);
    search_has(path, 400, arena_printf(&fx_mem, "value=\"cwmpas %s\"", fx_tag), 1);
    search_has(path, 400, "Cwmpas y gwaith", 0);
}

static void search__pages_across_the_window(void)
{
    char form[512], path[512], want[64], word[64];
    long long thread, first_new = 0, id;
    struct http_resp r;
    int i;

    snprintf(word, sizeof(word), "window%s", fx_tag);
    snprintf(form, sizeof(form), "title=%s&body=%s&lang=en",
             http_enc(arena_printf(&fx_mem, "Panes %s", fx_tag)),
             http_enc(arena_printf(&fx_mem, "Old words %s", word)));
    r = http_post_as(&srv, "/en/communities/content-design/threads", &member, form);
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    thread = http_location_id(&r, "/threads/");
    http_resp_free(&r);
    CU_ASSERT_FATAL(thread > 0);
    /* as many newer posts as the window holds, without the word */
    CU_ASSERT_EQUAL_FATAL(
        db_exec(fx_dbh,
                "INSERT INTO forum_posts (thread_id, author_id, body, lang, search_fold) "
                "SELECT ?, ?, 'Filler.', 'en', 'filler' FROM seq_1_to_100000 LIMIT ?",
                "lli", thread, member.user_id, FORUM_SEARCH_WINDOW),
        DB_OK);
    for (i = 0; i <= 21; i++) {
        CU_ASSERT_EQUAL_FATAL(
            db_exec(fx_dbh,
                    "INSERT INTO forum_posts (thread_id, author_id, body, lang, search_fold, "
                    "hidden) VALUES (?, ?, ?, 'en', ?, ?)",
                    "llssb", thread, member.user_id,
                    arena_printf(&fx_mem, "Reply number %d.", i + 100),
                    arena_printf(&fx_mem, "reply number %d %s", i + 100, word), i == 21),
            DB_OK);
        if (i == 0)
            first_new = (long long)db_insert_id(fx_dbh);
    }
    snprintf(path, sizeof(path), "/en/search/communities?q=%s", word);
    search_has(path, 200, "Reply number 120.", 1);
    search_has(path, 200, "Reply number 101.", 1);
    search_has(path, 200, "Reply number 100.", 0);
    search_has(path, 200, "Reply number 121.", 0); /* hidden */
    search_has(path, 200, "Old words", 0);
    id = fx_num_l("SELECT id FROM forum_posts WHERE id > ? AND body = 'Reply number 101.'",
                  first_new - 1);
    snprintf(want, sizeof(want), "before=%lld", id);
    search_has(path, 200, want, 1);
    snprintf(path, sizeof(path), "/en/search/communities?q=%s&before=%lld", word, id);
    search_has(path, 200, "Reply number 100.", 1);
    search_has(path, 200, "Old words", 1);
    search_has(path, 200, "Reply number 101.", 0);
    search_has(path, 200, "Reply number 121.", 0);
    search_has(path, 200, loc_text("en", "communities.search.older"), 0); /* the last page */
    CU_ASSERT_EQUAL(db_exec(fx_dbh,
                            "DELETE FROM forum_posts WHERE thread_id = ? AND body = 'Filler.'", "l",
                            thread),
                    DB_OK);
}

static void search__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "search__finds_threads_and_replies_not_hidden_ones",
          search__finds_threads_and_replies_not_hidden_ones },
        { "search__bad_input_is_answered_plainly", search__bad_input_is_answered_plainly },
        { "search__own_post_deleted_by_its_author_alone",
          search__own_post_deleted_by_its_author_alone },
        { "search__pages_across_the_window", search__pages_across_the_window },
        { "search__within_one_community", search__within_one_community },
        { "search__log_has_no_errors", search__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/search/communities", cases, start, stop);
}
