/*
 * Editing one's own post over HTTP: the author edits (every earlier version
 * kept, "edited ..." shown), nobody else can (403), nor in a locked thread;
 * only moderators read the earlier versions; the search finds the new words
 * and not the old; the form needs its CSRF token; a post over 64 KiB comes
 * back with the message and what was typed. Quoting fills the reply form.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, bob, mod;
static const char *ann_name;

static int start(void)
{
    long long community;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    ann_name = fx_name("Ann");
    if (community <= 0 || fx_sign_in(fx_user(ann_name, "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Bob"), "learner"), &bob) ||
        fx_sign_in(fx_user(fx_name("Cymedrolwr"), "learner,moderator"), &mod) ||
        db_exec(fx_dbh,
                "INSERT INTO community_members (community_id, user_id, post_count) "
                "VALUES (?, ?, 20), (?, ?, 20)",
                "llll", community, ann.user_id, community, bob.user_id) != DB_OK)
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A new thread by s: the id of its first post (0 on failure); *thread its id. */
static long long new_thread(const struct fx_session *s, const char *title, const char *body,
                            long long *thread)
{
    *thread = fx_forum_thread(&srv, s, "content-design", title, body, "cy");
    return fx_forum_first_post(*thread);
}

static struct http_resp edit(const struct fx_session *s, long long post, const char *body,
                             const char *lang)
{
    char path[64], form[1024];

    snprintf(path, sizeof(path), "/%s/posts/%lld/edit", lang, post);
    snprintf(form, sizeof(form), "body=%s&lang=%s", http_enc(body), lang);
    return http_post_as(&srv, path, s, form);
}

static void edit__own_post_keeps_the_earlier_version(void)
{
    char path[64];
    struct http_resp r;
    long long thread, post = new_thread(&ann, fx_name("Golygu"), "Testun gwreiddiol", &thread);

    CU_ASSERT_FATAL(post > 0);
    snprintf(path, sizeof(path), "/en/posts/%lld/edit", post);
    r = http_get_as(&srv, path, &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Testun gwreiddiol"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.edit.title")));
    http_resp_free(&r);

    r = edit(&ann, post, "Testun newydd", "cy");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "#post-"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_post_versions WHERE post_id = ? AND "
                             "body = 'Testun gwreiddiol'",
                             post),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE id = ? AND body = "
                             "'Testun newydd' AND edited_at IS NOT NULL",
                             post),
                    1);

    /* the thread page, signed out (the shared copy forgotten), says it was edited */
    snprintf(path, sizeof(path), "/cy/threads/%lld", thread);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(http_body_has(&r, "Testun newydd"));
    CU_ASSERT(!http_body_has(&r, "Testun gwreiddiol"));
    CU_ASSERT(http_body_has(&r, "golygwyd "));
    CU_ASSERT(!http_body_has(&r, "/history\"")); /* the history link is the moderators' */
    http_resp_free(&r);
    r = http_get_as(&srv, path, &ann);
    CU_ASSERT(http_body_has(&r, "/edit\""));
    http_resp_free(&r);

    /* a second edit: two earlier versions, both shown to a moderator only */
    r = edit(&ann, post, "Trydydd testun", "en");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/posts/%lld/history", post);
    r = http_get_as(&srv, path, &mod);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Testun gwreiddiol"));
    CU_ASSERT(http_body_has(&r, "Testun newydd"));
    CU_ASSERT(http_body_has(&r, "Trydydd testun"));
    CU_ASSERT(http_pos(&r, "Trydydd testun") < http_pos(&r, "Testun newydd"));
    CU_ASSERT(http_pos(&r, "Testun newydd") < http_pos(&r, "Testun gwreiddiol"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, path, &ann), 403);
    CU_ASSERT_EQUAL(http_status(&srv, path, &bob), 403);
    snprintf(path, sizeof(path), "/cy/threads/%lld", thread);
    r = http_get_as(&srv, path, &mod);
    CU_ASSERT(http_body_has(&r, "/history\""));
    http_resp_free(&r);
}

static void edit__not_another_s_nor_deleted_nor_locked(void)
{
    char path[96];
    struct http_resp r;
    long long thread, post = new_thread(&ann, fx_name("Nid eiddot ti"), "Neges Ann", &thread);

    CU_ASSERT_FATAL(post > 0);
    snprintf(path, sizeof(path), "/cy/posts/%lld/edit", post);
    CU_ASSERT_EQUAL(http_status(&srv, path, &bob), 403);
    r = edit(&bob, post, "Wedi newid gan Bob", "cy");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/posts/999999999/edit", &ann), 404);
    /* signed out: sent to sign in */
    CU_ASSERT(http_status(&srv, path, NULL) == 302 || http_status(&srv, path, NULL) == 303);

    /* without the CSRF token: refused, nothing changed */
    r = http_post_without_csrf(&srv, path, &ann, "body=Ffug&lang=cy");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_post_versions WHERE post_id = ?", post),
                    0);

    /* locked: the form is refused; a save comes back with the text kept */
    CU_ASSERT_EQUAL(
        db_exec(fx_dbh, "UPDATE forum_threads SET locked = 1 WHERE id = ?", "l", thread), DB_OK);
    CU_ASSERT_EQUAL(http_status(&srv, path, &ann), 403);
    r = edit(&ann, post, "Ar ol cau", "cy");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.locked")));
    CU_ASSERT(http_body_has(&r, "Ar ol cau"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE id = ? AND body = 'Neges "
                             "Ann'",
                             post),
                    1);
    db_exec(fx_dbh, "UPDATE forum_threads SET locked = 0 WHERE id = ?", "l", thread);

    /* deleted: gone for editing too */
    snprintf(path, sizeof(path), "/cy/posts/%lld/delete", post);
    r = http_post_as(&srv, path, &ann, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/posts/%lld/edit", post);
    CU_ASSERT_EQUAL(http_status(&srv, path, &ann), 404);
    r = edit(&ann, post, "Yn ol o'r bedd", "cy");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    /* and its text is gone for moderators too (only admins know it existed) */
    snprintf(path, sizeof(path), "/cy/posts/%lld/history", post);
    CU_ASSERT_EQUAL(http_status(&srv, path, &mod), 404);
}

static void edit__search_finds_the_new_words_not_the_old(void)
{
    const char *old_word = fx_name("hensair"), *new_word = fx_name("gairnewydd");
    char body[256], q[256];
    struct http_resp r;
    long long thread, post;

    /* one word each: fx_name is "word tag" */
    snprintf(body, sizeof(body), "Mae %s yma", old_word);
    post = new_thread(&ann, fx_name("Teitlgolygu"), body, &thread);
    CU_ASSERT_FATAL(post > 0);
    snprintf(q, sizeof(q), "\"%s\"", old_word);
    r = http_search(&srv, "/cy/search/communities?q=", q, NULL, NULL);
    CU_ASSERT(http_body_has(&r, "#post-"));
    http_resp_free(&r);

    snprintf(body, sizeof(body), "Mae %s yma", new_word);
    r = edit(&ann, post, body, "cy");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_search(&srv, "/cy/search/communities?q=", q, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "#post-"));
    http_resp_free(&r);
    snprintf(q, sizeof(q), "\"%s\"", new_word);
    r = http_search(&srv, "/cy/search/communities?q=", q, NULL, NULL);
    CU_ASSERT(http_body_has(&r, "#post-"));
    http_resp_free(&r);
    /* the thread's title is still found through its first post */
    snprintf(q, sizeof(q), "\"%s\"", fx_name("Teitlgolygu"));
    r = http_search(&srv, "/cy/search/communities?q=", q, NULL, NULL);
    CU_ASSERT(http_body_has(&r, "#post-"));
    http_resp_free(&r);
}

static void edit__too_long_keeps_what_was_typed(void)
{
    size_t len = 66000;
    char path[64], *big = malloc(len + 64);
    struct http_resp r;
    long long thread, post = new_thread(&ann, fx_name("Hir"), "Byr", &thread);

    CU_ASSERT_FATAL(post > 0 && big);
    memcpy(big, "lang=en&body=", 13);
    memset(big + 13, 'b', len);
    memcpy(big + 13 + len, "KEPTEND", 8);
    snprintf(path, sizeof(path), "/en/posts/%lld/edit", post);
    r = http_post_as(&srv, path, &ann, big);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.errors.body_long")));
    CU_ASSERT(http_body_has(&r, "bbbbKEPTEND"));
    http_resp_free(&r);
    free(big);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE id = ? AND body = 'Byr'", post), 1);
    r = edit(&ann, post, "", "en");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.errors.body_missing")));
    http_resp_free(&r);
}

static void quote__fills_the_reply_form(void)
{
    char path[96];
    struct http_resp r;
    long long thread,
        post = new_thread(&ann, fx_name("Dyfynnu"), "Llinell un\nLlinell <dau>", &thread);

    CU_ASSERT_FATAL(post > 0);
    snprintf(path, sizeof(path), "/cy/threads/%lld", thread);
    r = http_get_as(&srv, path, &bob);
    CU_ASSERT(http_body_has(&r, "?quote="));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/threads/%lld?quote=%lld", thread, post);
    r = http_get_as(&srv, path, &bob);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(
        http_body_has(&r, "&gt; Llinell un\n&gt; Llinell &lt;dau&gt;\n&gt;\n&gt; \xe2\x80\x94 "));
    CU_ASSERT(http_body_has(&r, ann_name));
    http_resp_free(&r);
    /* a post of another thread, or nonsense: an empty form */
    snprintf(path, sizeof(path), "/cy/threads/%lld?quote=x", thread);
    r = http_get_as(&srv, path, &bob);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "&gt; Llinell un"));
    http_resp_free(&r);
}

static void edit__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "edit__own_post_keeps_the_earlier_version", edit__own_post_keeps_the_earlier_version },
        { "edit__not_another_s_nor_deleted_nor_locked",
          edit__not_another_s_nor_deleted_nor_locked },
        { "edit__search_finds_the_new_words_not_the_old",
          edit__search_finds_the_new_words_not_the_old },
        { "edit__too_long_keeps_what_was_typed", edit__too_long_keeps_what_was_typed },
        { "quote__fills_the_reply_form", quote__fills_the_reply_form },
        { "edit__log_has_no_errors", edit__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/edit", cases, start, stop);
}
