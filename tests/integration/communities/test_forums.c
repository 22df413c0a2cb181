/*
 * The forums over HTTP: joining a community, starting a thread, replying,
 * Markdown rendered safely with the post's language, keyset pages through a
 * long thread, reporting, a moderator hiding and restoring a post and
 * closing a thread (each audited with who and why), the posting limit, the
 * 64 KiB limit with what was typed kept, and the guards.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session member, outsider, moderator, newcomer;
static long long community_id;

static int start(void)
{
    if (fx_init())
        return -1;
    community_id = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    if (community_id <= 0)
        return -1;
    if (fx_sign_in(fx_user(fx_name("Aelod"), "learner"), &member) ||
        fx_sign_in(fx_user(fx_name("Dieithryn"), "learner"), &outsider) ||
        fx_sign_in(fx_user(fx_name("Cymedrolwr"), "learner,moderator"), &moderator) ||
        fx_sign_in(fx_user(fx_name("Newydd"), "learner"), &newcomer))
        return -1;
    /* the member has posted before: the ordinary limit applies to them */
    if (fx_forum_member(community_id, member.user_id, 20))
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Start a thread as s; its id, or 0. */
static long long new_thread(const struct fx_session *s, const char *title, const char *body,
                            const char *lang)
{
    return fx_forum_thread(&srv, s, "content-design", title, body, lang);
}

static void community__list_and_page_show_the_seeded_communities(void)
{
    struct http_resp r = http_get_as(&srv, "/en/communities", NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "href=\"/en/communities/content-design\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/communities/content-design", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Dylunio cynnwys"));
    /* linked to the learning pathway that follows its discipline */
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.pathway")));
    CU_ASSERT(http_body_has(&r, "href=\"/cy/pathways/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/communities/dim-cymuned", NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/communities/content-design?before=x", NULL), 400);
}

static void thread__join_start_reply_rendered_safely(void)
{
    char path[96], form[512];
    struct http_resp r;
    long long id;

    /* not a member yet: refused, nothing written */
    r = http_post_as(&srv, "/cy/communities/content-design/threads", &outsider,
                     "title=T&body=B&lang=cy");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, "/cy/communities/content-design/join", &outsider, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM community_members WHERE community_id = ? "
                              "AND user_id = ?",
                              community_id, outsider.user_id),
                    1);
    id = new_thread(&member, fx_name("Iaith glir"),
                    "Helo **pawb**. <script>alert(1)</script> [dolen](javascript:alert(1)) "
                    "[GOV.UK](https://www.gov.uk)",
                    "cy");
    CU_ASSERT(id > 0);
    snprintf(path, sizeof(path), "/en/threads/%lld", id);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<strong>pawb</strong>"));
    CU_ASSERT(!http_body_has(&r, "<script>alert"));
    CU_ASSERT(!http_body_has(&r, "javascript:"));
    CU_ASSERT(http_body_has(&r, "rel=\"nofollow ugc noopener\" href=\"https://www.gov.uk\""));
    /* the post's text is marked Welsh; the page around it stays English */
    CU_ASSERT(http_body_has(&r, "<div class=\"prose\" lang=\"cy\">"));
    http_resp_free(&r);
    /* its author's forms on the English page post to English addresses */
    r = http_get_as(&srv, path, &member);
    CU_ASSERT(http_body_has(&r, "action=\"/en/posts/"));
    CU_ASSERT(!http_body_has(&r, "action=\"/cy/posts/"));
    http_resp_free(&r);
    /* a reply in English from the member who joined */
    snprintf(path, sizeof(path), "/en/threads/%lld/posts", id);
    snprintf(form, sizeof(form), "body=%s&lang=en", http_enc("Thanks, agreed."));
    r = http_post_as(&srv, path, &outsider, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", id), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ? AND lang = "
                             "'en'",
                             id),
                    1);
}

static void thread__bad_post_keeps_what_was_typed(void)
{
    size_t len = 70000;
    char *big = malloc(len + 64);
    struct http_resp r;

    memcpy(big, "title=Hir&lang=cy&body=", 23);
    memset(big + 23, 'a', len);
    strcpy(big + 23 + len, "");
    r = http_post_as(&srv, "/cy/communities/content-design/threads", &member, big);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.body_long")));
    CU_ASSERT(http_body_has(&r, "value=\"Hir\""));
    http_resp_free(&r);
    /* the long body is the posting routes' alone (ROUTE_LONG_BODY): a
     * report's form is held to max_body */
    memcpy(big, "lang=cy&body=", 13);
    memset(big + 13, 'a', len);
    big[13 + len] = 0;
    r = http_post_as(&srv, "/cy/posts/1/report", &member, big);
    CU_ASSERT_EQUAL(r.status, 413);
    http_resp_free(&r);
    free(big);
    r = http_post_as(&srv, "/en/communities/content-design/threads", &member,
                     "title=&body=Kept%20text&lang=en");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.errors.title_missing")));
    CU_ASSERT(http_body_has(&r, "Kept text"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM forum_threads WHERE title = ?", "Hir"), 0);
}

static void thread__keyset_pages_reach_the_last_post(void)
{
    char path[128], want[64];
    struct http_resp r;
    long long id = new_thread(&member, fx_name("Edefyn hir"), "Cyntaf", "cy"), last;
    int i;

    CU_ASSERT_FATAL(id > 0);
    for (i = 0; i < 45; i++)
        CU_ASSERT_EQUAL(db_exec(fx_dbh,
                                "INSERT INTO forum_posts (thread_id, author_id, body, lang) "
                                "VALUES (?, ?, 'Neges', 'cy')",
                                "ll", id, member.user_id),
                        DB_OK);
    last = fx_num_l("SELECT MAX(id) FROM forum_posts WHERE thread_id = ?", id);
    snprintf(path, sizeof(path), "/cy/threads/%lld?before=%lld", id, last + 1);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "id=\"post-%lld\"", last);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, "?before="));
    /* the last page: the earlier posts are rel=prev */
    CU_ASSERT(http_body_has(&r, "rel=\"prev\""));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/threads/%lld", id);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(!http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, "?after="));
    /* the first page: only later posts, and they are rel=next */
    CU_ASSERT(http_body_has(&r, "rel=\"next\""));
    CU_ASSERT(!http_body_has(&r, "rel=\"prev\""));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/threads/%lld?after=01", id);
    CU_ASSERT_EQUAL(http_status(&srv, path, NULL), 400);
}

static void moderation__report_hide_restore_lock_audited(void)
{
    char path[128], want[64];
    struct http_resp r;
    long long id = new_thread(&member, fx_name("I'w adrodd"), "Neges amheus", "cy"), post;

    CU_ASSERT_FATAL(id > 0);
    post = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", id);
    snprintf(path, sizeof(path), "/cy/posts/%lld/report", post);
    r = http_post_as(&srv, path, &outsider, "reason=Sbam");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    /* the queue is the moderators' */
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/moderation", &member), 403);
    r = http_get_as(&srv, "/cy/moderation", &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "/moderation/posts/%lld/hide", post);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
    /* no reason: refused, nothing changed */
    snprintf(path, sizeof(path), "/cy/moderation/posts/%lld/hide", post);
    r = http_post_as(&srv, path, &moderator, "reason=");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT hidden FROM forum_posts WHERE id = ?", post), 0);
    r = http_post_as(&srv, path, &member, "reason=x");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, path, &moderator, "reason=Sbam%20amlwg");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT hidden FROM forum_posts WHERE id = ?", post), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_reports WHERE post_id = ? AND "
                             "resolved_at IS NULL",
                             post),
                    0);
    CU_ASSERT_EQUAL(fx_audit_count("forum_post_hidden", moderator.user_id, member.user_id, NULL),
                    1);
    /* the tombstone for readers, the text gone */
    snprintf(path, sizeof(path), "/cy/threads/%lld", id);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT(!http_body_has(&r, "Neges amheus"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.thread.hidden")));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/moderation/posts/%lld/restore", post);
    r = http_post_as(&srv, path, &moderator, "reason=Camgymeriad");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT hidden FROM forum_posts WHERE id = ?", post), 0);
    /* closed: a reply is refused with the text kept */
    snprintf(path, sizeof(path), "/cy/moderation/threads/%lld/lock", id);
    r = http_post_as(&srv, path, &moderator, "reason=Wedi%20gorffen");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_audit_count("forum_thread_locked", moderator.user_id, member.user_id, NULL),
                    1);
    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", id);
    r = http_post_as(&srv, path, &member, "body=Un%20peth%20arall&lang=cy");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Un peth arall"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", id), 1);
}

static void posting__new_member_is_limited_with_429(void)
{
    struct http_resp r;
    int i, last = 0;

    r = http_post_as(&srv, "/en/communities/content-design/join", &newcomer, "");
    http_resp_free(&r);
    for (i = 0; i < 5; i++) {
        r = http_post_as(&srv, "/en/communities/content-design/threads", &newcomer,
                         "title=Spam&body=Buy%20now&lang=en");
        last = r.status;
        http_resp_free(&r);
        if (last != 303)
            break;
    }
    CU_ASSERT_EQUAL(last, 429);
    CU_ASSERT(
        fx_num_l("SELECT COUNT(*) FROM forum_threads WHERE author_id = ?", newcomer.user_id) <= 3);
}

static void forums__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "community__list_and_page_show_the_seeded_communities",
          community__list_and_page_show_the_seeded_communities },
        { "thread__join_start_reply_rendered_safely", thread__join_start_reply_rendered_safely },
        { "thread__bad_post_keeps_what_was_typed", thread__bad_post_keeps_what_was_typed },
        { "thread__keyset_pages_reach_the_last_post", thread__keyset_pages_reach_the_last_post },
        { "moderation__report_hide_restore_lock_audited",
          moderation__report_hide_restore_lock_audited },
        { "posting__new_member_is_limited_with_429", posting__new_member_is_limited_with_429 },
        { "forums__log_has_no_errors", forums__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/forums", cases, start, stop);
}
