/*
 * Notifications of replies over HTTP: a reply notifies the others who have
 * posted in the thread (never the one replying), the unread count kept in
 * the reply's transaction shows on the communities page and in the header at
 * once (their cached sessions forgotten), and reading the notifications page
 * marks them read and sets the count back to 0.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, bob;
static const char *bob_name;

static int start(void)
{
    long long community;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    bob_name = fx_name("Bob");
    if (community <= 0 || fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(bob_name, "learner"), &bob) ||
        db_exec(fx_dbh,
                "INSERT INTO community_members (community_id, user_id, post_count) "
                "VALUES (?, ?, 20), (?, ?, 20)",
                "llll", community, ann.user_id, community, bob.user_id) != DB_OK)
        return -1;
    /* with the session cache on: a reply forgets the cached sessions of the
     * people it notifies (auth/sessioncache.h), so their header's count is
     * right on their very next page */
    return server_start(&srv, (const char *const[]){ "DYSGU_FORUM_REVIEW_POSTS=0",
                                                     "DYSGU_SESSION_CACHE_MS=2000", NULL });
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void reply(const struct fx_session *s, long long thread, const char *body)
{
    char path[64], form[256];
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=cy", http_enc(body));
    r = http_post_as(&srv, path, s, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
}

static long long unread(const struct fx_session *s)
{
    return fx_num_l("SELECT COALESCE(MAX(unread), 0) FROM forum_unread WHERE user_id = ?",
                    s->user_id);
}

static void notify__reply_notifies_the_others_until_read(void)
{
    struct http_resp r;
    const char *title = fx_name("Hysbysu");
    long long thread;
    long trips;

    thread = fx_forum_thread(&srv, &ann, "content-design", title, "Cwestiwn", "cy");
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(unread(&ann), 0);

    reply(&bob, thread, "Ateb cyntaf");
    reply(&bob, thread, "Ateb arall");
    CU_ASSERT_EQUAL(unread(&ann), 2);
    CU_ASSERT_EQUAL(unread(&bob), 0); /* never for one's own replies */
    r = http_get_as(&srv, "/cy/communities", &ann);
    CU_ASSERT(http_body_has(&r, loc_plural("cy", "communities.notifications.unread", 2, NULL)));
    http_resp_free(&r);
    /* the header says it on every page, a link to the notifications */
    r = http_get_as(&srv, "/en/courses", &ann);
    CU_ASSERT(
        http_body_has(&r, "header__unread\" href=\"/en/notifications\">2 new notifications<"));
    http_resp_free(&r);

    r = http_get_as(&srv, "/en/notifications", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, title));
    CU_ASSERT(http_body_has(
        &r, loc_textf("en", "communities.notifications.replied", "name", bob_name, NULL)));
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.notifications.new")));
    CU_ASSERT(!http_body_has(&r, "header__unread")); /* read by opening them */
    http_resp_free(&r);
    CU_ASSERT_EQUAL(unread(&ann), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? AND "
                             "read_at IS NULL",
                             ann.user_id),
                    0);
    r = http_get_as(&srv, "/en/notifications", &ann); /* read now: no longer new */
    CU_ASSERT(http_body_has(&r, title));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "communities.notifications.new")));
    http_resp_free(&r);
    /* with nothing unread, a view writes nothing (issue 22): the session and
     * the list, no transaction marking them read (four more statements) */
    trips = http_round_trips(&srv, "/notifications");
    r = http_get_as(&srv, "/en/notifications", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT(http_round_trips(&srv, "/notifications") - trips <= 2);

    /* Ann answers: Bob has posted in the thread, so he hears of it */
    reply(&ann, thread, "Diolch");
    CU_ASSERT_EQUAL(unread(&bob), 1);
    CU_ASSERT_EQUAL(unread(&ann), 0);
    r = http_get_as(&srv, "/cy/me", &bob);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/notifications\">1 hysbysiad newydd<"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/notifications", &bob);
    CU_ASSERT(http_body_has(&r, title));
    http_resp_free(&r);
}

static void notify__signed_out_is_sent_to_sign_in(void)
{
    int st = http_status(&srv, "/cy/notifications", NULL);

    CU_ASSERT(st == 302 || st == 303);
}

static void notify__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "notify__reply_notifies_the_others_until_read",
          notify__reply_notifies_the_others_until_read },
        { "notify__signed_out_is_sent_to_sign_in", notify__signed_out_is_sent_to_sign_in },
        { "notify__log_has_no_errors", notify__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/notify", cases, start, stop);
}
