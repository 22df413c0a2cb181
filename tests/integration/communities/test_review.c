/*
 * The review queue over HTTP (docs/communities.md "The review queue"): a
 * new member's first two posts wait and the third is published; a link
 * from a member with fewer than two published posts waits; a waiting post
 * is absent for everyone but its author (thread, community page, search,
 * API, notifications); approving publishes it with its counters and
 * notifications, rejecting tells the member why; both audited; members
 * cannot review, moderators can, and CSRF is checked. Also: a deleted
 * post's text is for admins alone (thread, report queue), and edits are
 * rate-limited with the text kept. The server runs with the default
 * setting (forum_review_posts 2).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session newbie, linker, editor, namer, reader, moderator, admin;
static long long community_id, open_thread;

/* A published post by user_id in thread straight into the table: its id. */
static long long add_post(long long thread, long long user_id, const char *body)
{
    if (db_exec(fx_dbh,
                "INSERT INTO forum_posts (thread_id, author_id, body, lang) VALUES (?, ?, ?, 'cy')",
                "lls", thread, user_id, body) != DB_OK)
        return 0;
    return fx_num_l("SELECT MAX(id) FROM forum_posts WHERE author_id = ?", user_id);
}

static int start(void)
{
    if (fx_init())
        return -1;
    community_id = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    if (community_id <= 0)
        return -1;
    if (fx_sign_in(fx_user(fx_name("Newydd"), "learner"), &newbie) ||
        fx_sign_in(fx_user(fx_name("Dolen"), "learner"), &linker) ||
        fx_sign_in(fx_user(fx_name("Golygydd"), "learner"), &editor) ||
        fx_sign_in(fx_user(fx_name("Enwydd"), "learner"), &namer) ||
        fx_sign_in(fx_user(fx_name("Darllenydd"), "learner"), &reader) ||
        fx_sign_in(fx_user(fx_name("Cymedrolwr"), "learner,moderator"), &moderator) ||
        fx_sign_in(fx_user(fx_name("Gweinyddwr"), "admin"), &admin))
        return -1;
    /* the reader is established; the others are new (linker: one published
     * post and one waiting, so only a link holds them back) */
    if (fx_forum_member(community_id, reader.user_id, 20) ||
        fx_forum_member(community_id, newbie.user_id, 0) ||
        fx_forum_member(community_id, linker.user_id, 1) ||
        fx_forum_member(community_id, editor.user_id, 0) ||
        fx_forum_member(community_id, namer.user_id, 0))
        return -1;
    open_thread = fx_forum_thread_row(community_id, reader.user_id, fx_name("Edefyn agored"),
                                      "Croeso i bawb");
    if (!open_thread)
        return -1;
    /* as starting it through the page would: the reader watches it */
    if (db_exec(fx_dbh, "INSERT INTO forum_thread_watches (user_id, thread_id) VALUES (?, ?)", "ll",
                reader.user_id, open_thread) != DB_OK)
        return -1;
    if (db_exec(fx_dbh,
                "INSERT INTO forum_posts (thread_id, author_id, body, lang, review) "
                "VALUES (?, ?, 'Yn aros yn barod', 'cy', 1)",
                "ll", open_thread, linker.user_id) != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* POST form to path as s: the status. */
static int post_status(const char *path, const struct fx_session *s, const char *form)
{
    struct http_resp r = http_post_as(&srv, path, s, form);
    int status = r.status;

    http_resp_free(&r);
    return status;
}

static int reply(const struct fx_session *s, long long thread, const char *body)
{
    return post_status(arena_printf(&fx_mem, "/cy/threads/%lld/posts", thread), s,
                       arena_printf(&fx_mem, "body=%s&lang=cy", http_enc(body)));
}

static long long post_by_body(const char *body)
{
    return fx_num_s("SELECT id FROM forum_posts WHERE body = ?", body);
}

static int body_seen(const char *path, const struct fx_session *s, const char *text)
{
    struct http_resp r = http_get_as(&srv, path, s);
    int seen = r.status == 200 && http_body_has(&r, text);

    http_resp_free(&r);
    return seen;
}

/* The waiting thread's title as a page shows it. */
static const char *escaped_title(void)
{
    return arena_printf(&fx_mem, "Trafodaeth &lt;b&gt;newydd&lt;/b&gt; %s", fx_tag);
}

static void review__first_two_wait_the_third_is_published(void)
{
    const char *title = fx_name("Trafodaeth <b>newydd</b>"), *second = fx_name("Ail neges"),
               *third = fx_name("Trydedd neges");
    const char *thread_path = arena_printf(&fx_mem, "/cy/threads/%lld", open_thread);
    struct http_resp r;
    long long id;

    /* first: a new thread, which waits with its post */
    r = http_post_as(&srv, "/cy/communities/content-design/threads", &newbie,
                     arena_printf(&fx_mem, "title=%s&body=Helo&lang=cy", http_enc(title)));
    CU_ASSERT_EQUAL(r.status, 303);
    id = http_location_id(&r, "/threads/");
    http_resp_free(&r);
    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_threads WHERE id = ?", id), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE thread_id = ?", id), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", id), 0);
    /* its author sees it marked; nobody else sees it at all */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/threads/%lld", id), &newbie);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.review.waiting_tag")));
    CU_ASSERT(http_body_has(&r, "Trafodaeth &lt;b&gt;newydd&lt;/b&gt;"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, arena_printf(&fx_mem, "/cy/threads/%lld", id), NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, arena_printf(&fx_mem, "/en/threads/%lld", id), &reader), 404);
    CU_ASSERT_EQUAL(http_status(&srv, arena_printf(&fx_mem, "/api/v1/threads/%lld", id), NULL),
                    404);
    CU_ASSERT(!body_seen("/cy/communities/content-design", &reader, escaped_title()));
    CU_ASSERT(!body_seen("/api/v1/communities/content-design/threads", NULL,
                         arena_printf(&fx_mem, "newydd</b> %s", fx_tag)));

    /* second: a reply, waiting too; the third is published */
    CU_ASSERT_EQUAL(reply(&newbie, open_thread, second), 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", post_by_body(second)),
                    1);
    CU_ASSERT(body_seen(thread_path, &newbie, second));
    CU_ASSERT(!body_seen(thread_path, &reader, second));
    CU_ASSERT(!body_seen(thread_path, NULL, second));
    CU_ASSERT(!body_seen(arena_printf(&fx_mem, "/api/v1/threads/%lld", open_thread), NULL, second));
    CU_ASSERT_EQUAL(reply(&newbie, open_thread, third), 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", post_by_body(third)),
                    0);
    CU_ASSERT(body_seen(thread_path, &reader, third));
    CU_ASSERT_EQUAL(fx_num_ll("SELECT post_count FROM community_members WHERE community_id = ? "
                              "AND user_id = ?",
                              community_id, newbie.user_id),
                    1);
    /* the reader hears of the published reply only */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ?",
                              reader.user_id, post_by_body(second)),
                    0);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ?",
                              reader.user_id, post_by_body(third)),
                    1);
}

static void review__a_link_from_a_new_member_waits(void)
{
    const char *plain = fx_name("Dim dolen yma"),
               *link = fx_name("Gweler [hyn](https://example.com)");

    /* one published, one waiting: past the first two, but a link still waits */
    CU_ASSERT_EQUAL(reply(&linker, open_thread, link), 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", post_by_body(link)), 1);
    CU_ASSERT_EQUAL(reply(&linker, open_thread, plain), 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", post_by_body(plain)),
                    0);
    CU_ASSERT(
        !body_seen(arena_printf(&fx_mem, "/cy/threads/%lld", open_thread), &reader, "example.com"));
}

static void review__members_cannot_review_moderators_can(void)
{
    long long waiting = post_by_body(fx_name("Ail neges"));
    const char *approve = arena_printf(&fx_mem, "/cy/moderation/posts/%lld/approve", waiting);
    struct http_resp r;

    CU_ASSERT_FATAL(waiting > 0);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/moderation/review", &reader), 403);
    CU_ASSERT_NOT_EQUAL(http_status(&srv, "/cy/moderation/review", NULL), 200);
    CU_ASSERT_EQUAL(post_status(approve, &reader, "note="), 403);
    CU_ASSERT_EQUAL(post_status(approve, &newbie, "note="), 403);
    r = http_post_without_csrf(&srv, approve, &moderator, "note=");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", waiting), 1);

    /* the moderation page counts them and links the queue, which lists them */
    r = http_get_as(&srv, "/en/moderation", &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "href=\"/en/moderation/review\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/moderation/review", &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, fx_name("Ail neges")));
    CU_ASSERT(http_body_has(&r, "Trafodaeth &lt;b&gt;newydd&lt;/b&gt;"));
    CU_ASSERT(!http_body_has(&r, "<b>newydd"));
    http_resp_free(&r);
}

static void review__approve_publishes_and_notifies(void)
{
    const char *second = fx_name("Ail neges");
    long long waiting = post_by_body(second), thread;
    long long posts_before =
        fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", open_thread);
    const char *q = arena_printf(&fx_mem, "/cy/search/communities?q=Ail+%s", fx_tag);
    struct http_resp r;

    CU_ASSERT_FATAL(waiting > 0);
    CU_ASSERT(!body_seen(q, NULL, second));
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/moderation/posts/%lld/approve", waiting),
                     &moderator, "note=Iawn");
    CU_ASSERT(http_see_other(&r, "/cy/moderation/review"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", waiting), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", open_thread),
                    posts_before + 1);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ?",
                              reader.user_id, waiting),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("forum_post_approved", moderator.user_id, newbie.user_id,
                                   arena_printf(&fx_mem, "post %lld: Iawn", waiting)),
                    1);
    /* its author is told it is published */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ? AND review = 1",
                              newbie.user_id, waiting),
                    1);
    CU_ASSERT(body_seen("/cy/notifications", &newbie,
                        loc_text("cy", "communities.reviewed.notice_published")));
    CU_ASSERT(body_seen(arena_printf(&fx_mem, "/cy/threads/%lld", open_thread), NULL, second));
    CU_ASSERT(body_seen(q, NULL, second));
    /* approving again: nothing waits */
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/posts/%lld/approve", waiting),
                                &moderator, "note="),
                    404);

    /* the waiting thread: approved, it is listed */
    thread = fx_num_s("SELECT id FROM forum_threads WHERE title = ?",
                      fx_name("Trafodaeth <b>newydd</b>"));
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/en/moderation/posts/%lld/approve",
                                             fx_num_l("SELECT MIN(id) FROM forum_posts "
                                                      "WHERE thread_id = ?",
                                                      thread)),
                                &moderator, "note="),
                    303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_threads WHERE id = ?", thread), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", thread), 1);
    CU_ASSERT(body_seen("/cy/communities/content-design", NULL, escaped_title()));
}

/* A waiting post's @mention names nobody until it is approved. */
static void review__mentions_wait_for_approval(void)
{
    const char *body = arena_printf(&fx_mem, "Diolch @Darllenydd_%s", fx_tag);
    long long post;
    const char *mentioned = "SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                            "AND post_id = ? AND mention = 1";

    CU_ASSERT_EQUAL(reply(&namer, open_thread, body), 303);
    post = post_by_body(body);
    CU_ASSERT_FATAL(post > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", post), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_mentions WHERE post_id = ?", post), 0);
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/posts/%lld/approve", post),
                                &moderator, ""),
                    303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_mentions WHERE post_id = ?", post), 1);
    /* the reader posted in the thread: one notification, of the reply, not two */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ?",
                              reader.user_id, post),
                    1);
    CU_ASSERT(fx_num_ll(mentioned, reader.user_id, post) <= 1);
    CU_ASSERT_EQUAL(fx_audit_count("forum_post_approved", moderator.user_id, namer.user_id,
                                   arena_printf(&fx_mem, "post %lld", post)),
                    1);
}

/* The author of the rejected post: a notification with the reason, then
 * (at once by default, after the grace) a Welsh e-mail. */
static void rejected_is_notified_and_mailed(long long post)
{
    const char *mail = NULL;
    int i;

    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                              "AND post_id = ? AND review = 2",
                              linker.user_id, post),
                    1);
    CU_ASSERT(body_seen("/en/notifications", &linker,
                        loc_textf("en", "communities.reviewed.notice_rejected", "reason",
                                  "No adverts <script>x</script>", NULL)));
    CU_ASSERT(db_exec(fx_dbh,
                      "UPDATE forum_notifications SET mail_after = mail_after - INTERVAL 1 DAY "
                      "WHERE user_id = ? AND post_id = ? AND mail_after IS NOT NULL",
                      "ll", linker.user_id, post) == DB_OK);
    for (i = 0; i < 100 && !mail; i++) {
        mail = fx_str_l("SELECT body_text FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                        linker.user_id);
        if (!mail || !*mail) {
            mail = NULL;
            test_sleep_ms(100);
        }
    }
    CU_ASSERT_FATAL(mail != NULL);
    CU_ASSERT(strstr(mail, loc_textf("cy", "communities.reviewed.mail_rejected", "thread",
                                     fx_name("Edefyn agored"), NULL)) != NULL);
    CU_ASSERT(strstr(mail, loc_text("cy", "communities.reviewed.mail_reason")) != NULL);
    CU_ASSERT(strstr(mail, "No adverts <script>x</script>") != NULL);
    CU_ASSERT(strstr(mail, arena_printf(&fx_mem, "/cy/threads/%lld?", open_thread)) != NULL);
}

static void review__reject_tells_the_member_why(void)
{
    const char *link = fx_name("Gweler [hyn](https://example.com)");
    long long waiting = post_by_body(link);
    const char *path = arena_printf(&fx_mem, "/en/moderation/posts/%lld/reject", waiting);
    const char *thread_path = arena_printf(&fx_mem, "/en/threads/%lld", open_thread);
    struct http_resp r;

    CU_ASSERT_FATAL(waiting > 0);
    /* no reason: the queue again with the problem, nothing changed */
    r = http_post_as(&srv, path, &moderator, "reason=");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.errors.reason_missing")));
    CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, "href=\"#reason-%lld\"", waiting)));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", waiting), 1);
    r = http_post_as(&srv, path, &moderator, "reason=No%20adverts%20%3Cscript%3Ex%3C%2Fscript%3E");
    CU_ASSERT(http_see_other(&r, "/en/moderation/review"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT review FROM forum_posts WHERE id = ?", waiting), 2);
    CU_ASSERT_EQUAL(
        fx_audit_count("forum_post_rejected", moderator.user_id, linker.user_id,
                       arena_printf(&fx_mem, "post %lld: No adverts <script>x</script>", waiting)),
        1);
    /* the member is told why, escaped; nobody else sees it */
    r = http_get_as(&srv, thread_path, &linker);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.review.rejected_tag")));
    CU_ASSERT(http_body_has(&r, "No adverts &lt;script&gt;x&lt;/script&gt;"));
    CU_ASSERT(!http_body_has(&r, "<script>x"));
    http_resp_free(&r);
    CU_ASSERT(!body_seen(thread_path, &reader, "example.com"));
    CU_ASSERT(!body_seen(thread_path, &moderator, "No adverts"));
    CU_ASSERT_EQUAL(post_status(path, &moderator, "reason=Again"), 404);
    rejected_is_notified_and_mailed(waiting);
}

static void deleted__text_for_admins_only(void)
{
    const char *text = fx_name("Neges iw dileu");
    const char *thread_path = arena_printf(&fx_mem, "/cy/threads/%lld", open_thread);
    long long post;

    CU_ASSERT_EQUAL(reply(&reader, open_thread, text), 303);
    post = post_by_body(text);
    CU_ASSERT_FATAL(post > 0);
    CU_ASSERT_EQUAL(
        post_status(arena_printf(&fx_mem, "/cy/posts/%lld/report", post), &newbie, "reason=Sbam"),
        303);
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/posts/%lld/delete", post), &reader, ""),
                    303);
    /* the thread: a tombstone for moderators like everyone; the text for admins */
    CU_ASSERT(!body_seen(thread_path, &moderator, text));
    CU_ASSERT(body_seen(thread_path, &moderator, loc_text("cy", "communities.thread.deleted")));
    CU_ASSERT(!body_seen(thread_path, &reader, text));
    CU_ASSERT(body_seen(thread_path, &admin, text));
    /* the report queue likewise (it shows the 20 oldest open reports) */
    CU_ASSERT(!body_seen("/cy/moderation", &moderator, text));
    if (fx_num_l("SELECT COUNT(*) FROM forum_reports WHERE resolved_at IS NULL AND post_id < ?",
                 post) < 20)
        CU_ASSERT(body_seen("/cy/moderation", &admin, text));
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "/cy/posts/%lld/history", post), &moderator), 404);
}

static void edit__rate_limited_with_the_text_kept(void)
{
    long long post = add_post(open_thread, editor.user_id, "Gwreiddiol");
    const char *path = arena_printf(&fx_mem, "/en/posts/%lld/edit", post);
    struct http_resp r = { 0 };
    int i, last = 0;
    char *retry;

    CU_ASSERT_FATAL(post > 0);
    /* a new account: 3 edits in the window (the posting limit's), then 429 */
    for (i = 0; i < 8 && last != 429; i++) {
        http_resp_free(&r);
        r = http_post_as(&srv, path, &editor,
                         arena_printf(&fx_mem, "body=Fersiwn%%20%d%%20%s&lang=cy", i, fx_tag));
        last = r.status;
    }
    CU_ASSERT_EQUAL(last, 429);
    CU_ASSERT(i <= 4);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.errors.edit_rate")));
    CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, "Fersiwn %d %s", i - 1, fx_tag)));
    retry = http_header(&r, "Retry-After");
    CU_ASSERT(retry && atoi(retry) > 0);
    free(retry);
    http_resp_free(&r);
    /* the refused edit changed nothing */
    CU_ASSERT_STRING_EQUAL(fx_str_l("SELECT body FROM forum_posts WHERE id = ?", post),
                           arena_printf(&fx_mem, "Fersiwn %d %s", i - 2, fx_tag));
    /* Welsh too */
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/posts/%lld/edit", post), &editor,
                     "body=Eto&lang=cy");
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.edit_rate")));
    http_resp_free(&r);
}

static void review__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "review__first_two_wait_the_third_is_published",
          review__first_two_wait_the_third_is_published },
        { "review__a_link_from_a_new_member_waits", review__a_link_from_a_new_member_waits },
        { "review__members_cannot_review_moderators_can",
          review__members_cannot_review_moderators_can },
        { "review__approve_publishes_and_notifies", review__approve_publishes_and_notifies },
        { "review__mentions_wait_for_approval", review__mentions_wait_for_approval },
        { "review__reject_tells_the_member_why", review__reject_tells_the_member_why },
        { "deleted__text_for_admins_only", deleted__text_for_admins_only },
        { "edit__rate_limited_with_the_text_kept", edit__rate_limited_with_the_text_kept },
        { "review__log_has_no_errors", review__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/review", cases, start, stop);
}
