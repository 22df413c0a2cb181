/*
 * One-click unsubscribing from the forums' e-mail (RFC 8058): each mail of
 * a notification names its link (outbox.list_unsubscribe, a token kept only
 * hashed); a GET shows the question and changes nothing; the mail
 * program's POST needs no CSRF token and turns the person's forum e-mail
 * off; the page's button POSTs with CSRF; unknown and malformed tokens are
 * 404; once off, nothing more is mailed.
 */
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, uma;
static long long thread;

static int start(void)
{
    long long community;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    if (community <= 0 || fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Uma"), "learner"), &uma) ||
        fx_forum_member(community, ann.user_id, 20))
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static int status_of(struct http_resp r)
{
    int st = r.status;

    http_resp_free(&r);
    return st;
}

static long long mails(void)
{
    return fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ?", uma.user_id);
}

static const char *mail_setting(void)
{
    const char *m = fx_str_l("SELECT mail FROM forum_mail_settings WHERE user_id = ?", uma.user_id);

    return m ? m : "now";
}

/* Ann replies in the thread Uma watches; its notification is due at once. */
static void ann_replies(const char *body)
{
    CU_ASSERT_EQUAL(
        status_of(http_post_as(&srv, arena_printf(&fx_mem, "/cy/threads/%lld/posts", thread), &ann,
                               arena_printf(&fx_mem, "body=%s&lang=cy", body))),
        303);
    fx_exec_l("UPDATE forum_notifications SET mail_after = mail_after - INTERVAL 1 DAY "
              "WHERE user_id = ? AND mail_after IS NOT NULL",
              uma.user_id);
}

static void unsub__one_click_and_the_button(void)
{
    /* the base address is not asserted: the test servers share one database,
     * and whichever server's mail worker comes first queues the mail with its
     * own address */
    const char *prefix = "/cy/notifications/unsubscribe/";
    const char *url;
    const char *path, *token;
    struct http_resp r;
    int i;

    thread = fx_forum_thread(&srv, &ann, "content-design", fx_name("Dad"), "Helo", "cy");
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(status_of(http_post_as(
                        &srv, arena_printf(&fx_mem, "/cy/threads/%lld/watch", thread), &uma, "")),
                    303);
    ann_replies("Ateb");
    for (i = 0; i < 100 && mails() < 1; i++)
        test_sleep_ms(100);
    CU_ASSERT_EQUAL_FATAL(mails(), 1);
    url = fx_str_l("SELECT list_unsubscribe FROM outbox WHERE user_id = ?", uma.user_id);
    CU_ASSERT_FATAL(url && !strncmp(url, "http://127.0.0.1:", 17));
    path = strstr(url, prefix);
    CU_ASSERT_FATAL(path != NULL);
    token = path + strlen(prefix);
    CU_ASSERT_EQUAL(strlen(token), 43);
    /* kept only as its hash */
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_unsubscribe_tokens WHERE user_id = ?", uma.user_id),
        1);
    CU_ASSERT_EQUAL(
        fx_num_s("SELECT COUNT(*) FROM forum_unsubscribe_tokens WHERE token_hash = ?", token), 0);

    /* a GET asks, in either language, and changes nothing */
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.unsubscribe.button")));
    CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, "action=\"%s/confirm\"", path)));
    http_resp_free(&r);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/en/notifications/unsubscribe/%s", token), NULL);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.unsubscribe.intro")));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(mail_setting(), "now");

    /* the mail program's one click: no session, no CSRF token */
    r = http_post_as(&srv, path, NULL, "List-Unsubscribe=One-Click");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.unsubscribe.done")));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(mail_setting(), "off");
    /* nothing more is mailed; the notification is still on the site */
    ann_replies("Ateb arall");
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(), 1);

    /* the page's button: CSRF as every form */
    CU_ASSERT_EQUAL(status_of(http_post_as(&srv, "/cy/notifications/settings", &uma, "mail=now")),
                    303);
    r = http_post_without_csrf(&srv, arena_printf(&fx_mem, "%s/confirm", path), &uma, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(mail_setting(), "now");
    CU_ASSERT_EQUAL(
        status_of(http_post_as(&srv, arena_printf(&fx_mem, "%s/confirm", path), &uma, "")), 200);
    CU_ASSERT_STRING_EQUAL(mail_setting(), "off");
    CU_ASSERT(!server_log_has(&srv, token)); /* a secret: never in a log line */
}

static void unsub__unknown_tokens_are_404(void)
{
    const char *unknown = "/cy/notifications/unsubscribe/"
                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    struct http_resp r;

    CU_ASSERT_EQUAL(http_status(&srv, unknown, NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/notifications/unsubscribe/short", NULL), 404);
    r = http_post_as(&srv, unknown, NULL, "List-Unsubscribe=One-Click");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_post_as(&srv, "/cy/notifications/unsubscribe/x'%3Cscript%3E", NULL,
                     "List-Unsubscribe=One-Click");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void unsub__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "unsub__one_click_and_the_button", unsub__one_click_and_the_button },
        { "unsub__unknown_tokens_are_404", unsub__unknown_tokens_are_404 },
        { "unsub__log_has_no_errors", unsub__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/unsubscribe", cases, start, stop);
}
