/*
 * E-mail verification (issue 23 finding 5, ASVS 6.1.x) over HTTP: a new
 * account reads and learns but may not start a thread, reply, report or
 * register for a webinar (403, accounts/verify_needed) until the link
 * e-mailed at registration is opened and its button pressed; expired, used
 * and forged links change nothing; sending the link again is limited; the
 * token never reaches the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return harness_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

#define KIND "/account/verify/"

/* A browser (address n) registered in lang through the form: signed in,
 * its address not yet confirmed. */
static void registered(struct browser *b, int n, const char *lang, const char *email)
{
    browser_init(b, &srv, n);
    CU_ASSERT_FATAL(browser_register(b, lang, "Gwenllian", email, TEST_PASSWORD));
}

static struct http_resp new_thread(struct browser *b, const char *title)
{
    char fields[512];

    snprintf(fields, sizeof(fields), "title=%s&body=%s&lang=en", http_enc(title),
             http_enc("A first question for the community."));
    return browser_submit(b, "/en/communities/content-design",
                          "/en/communities/content-design/threads", fields);
}

static void verify__cannot_post_or_book_until_the_link_is_used(void)
{
    struct browser b;
    const char *email = fx_email("verify");
    const char *title = fx_name("Cwestiwn cyntaf");
    struct http_resp r;
    char *path;

    registered(&b, 0, "en", email);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NULL FROM users WHERE email = ?", email) == 1);
    /* reading works, with a banner that says what is missing */
    r = browser_get(&b, "/en/communities/content-design");
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "layout.verify_banner")));
    http_resp_free(&r);
    r = browser_submit(&b, "/en/communities/content-design", "/en/communities/content-design/join",
                       "");
    CU_ASSERT(r.status == 303); /* joining is not speaking */
    http_resp_free(&r);

    /* speaking is refused, in the reader's language, with the way on */
    r = new_thread(&b, title);
    CU_ASSERT(r.status == 403);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.verify_needed.page_title")));
    CU_ASSERT(http_body_has(&r, "action=\"/en/account/verify\""));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM forum_threads WHERE title = ?", title) == 0);
    r = browser_submit(&b, "/cy/webinars", "/cy/webinars/no-such-webinar/register", "");
    CU_ASSERT(r.status == 403);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.verify_needed.page_title")));
    http_resp_free(&r);
    r = browser_submit(&b, "/en/communities", "/en/posts/1/report", "reason=x");
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);

    /* the link: opening it changes nothing, its button confirms */
    path = mailbox_link(&srv, email, KIND);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(!strncmp(path, "/en/account/verify/", 19) && strlen(path) == 19 + 43);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM email_verifications WHERE token_hash = ?",
                       path + 19) == 0); /* only its hash is stored */
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.verify_link.submit")));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NULL FROM users WHERE email = ?", email) == 1);
    r = browser_submit(&b, path, path, "");
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.verify_link.done_title")));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "layout.verify_banner")));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NOT NULL FROM users WHERE email = ?", email) ==
              1);
    CU_ASSERT(fx_audit_count("email_verified", fx_user_by_email(email), fx_user_by_email(email),
                             NULL) == 1);

    /* now it may speak */
    r = new_thread(&b, title);
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM forum_threads WHERE title = ?", title) == 1);
    r = browser_get(&b, "/en/account/verify");
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.verify.verified_heading")));
    http_resp_free(&r);
    free(path);
}

static void verify__expired_used_and_forged_links_change_nothing(void)
{
    struct browser b, other;
    const char *email = fx_email("verify-old");
    struct http_resp r;
    char *path, *again;

    registered(&b, 1, "cy", email);
    path = mailbox_link(&srv, email, KIND);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);

    /* expired: 410 both ways, still unconfirmed */
    CU_ASSERT(fx_exec_s("UPDATE email_verifications v JOIN users u ON u.id = v.user_id "
                        "SET v.expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE u.email = ?",
                        email) == 1);
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 410);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.verify_link.invalid_lead")));
    http_resp_free(&r);
    r = browser_submit(&b, "/cy/account/verify", path, "");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NULL FROM users WHERE email = ?", email) == 1);

    /* forged or malformed */
    r = browser_get(&b, "/cy/account/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    r = browser_submit(&b, "/cy/account/verify", "/cy/account/verify/short", "");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NULL FROM users WHERE email = ?", email) == 1);

    /* a new link (sent again) works once, from any browser; then it is used */
    r = browser_submit(&b, "/cy/account/verify", "/cy/account/verify", "");
    CU_ASSERT(http_see_other(&r, "/cy/account/verify?sent=1"));
    http_resp_free(&r);
    again = mailbox_link(&srv, email, KIND);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT(strcmp(again, path) != 0);
    browser_init(&other, &srv, 2); /* not signed in: the link alone confirms */
    r = browser_submit(&other, again, again, "");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT email_verified_at IS NOT NULL FROM users WHERE email = ?", email) ==
              1);
    r = browser_submit(&other, "/cy/login", again, "");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    CU_ASSERT(fx_audit_count("email_verified", 0, fx_user_by_email(email), NULL) == 1);
    free(path);
    free(again);
}

static void verify__sending_again_is_limited(void)
{
    struct browser b;
    const char *email = fx_email("verify-again");
    struct http_resp r;
    int i;

    registered(&b, 3, "en", email);
    for (i = 0; i < 3; i++) {
        r = browser_submit(&b, "/en/account/verify", "/en/account/verify", "");
        CU_ASSERT(http_see_other(&r, "/en/account/verify?sent=1"));
        http_resp_free(&r);
    }
    r = browser_submit(&b, "/en/account/verify", "/en/account/verify", "");
    CU_ASSERT(r.status == 429);
    CU_ASSERT(http_body_has(&r, loc_text("en", "errors.e429.title")));
    http_resp_free(&r);
    /* the registration's link and three more */
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM email_verifications v JOIN users u "
                       "ON u.id = v.user_id WHERE u.email = ?",
                       email) == 4);
    /* signed out, no link is sent at all */
    browser_init(&b, &srv, 4);
    r = browser_submit(&b, "/en/login", "/en/account/verify", "");
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
}

static void verify__token_never_in_the_log(void)
{
    struct browser b;
    const char *email = fx_email("verify-log");
    struct http_resp r;
    const char *token;
    char *path;

    registered(&b, 5, "en", email);
    path = mailbox_link(&srv, email, KIND);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    token = path + strlen("/en" KIND);
    r = browser_get(&b, path); /* an access-log line */
    http_resp_free(&r);
    r = browser_post(&b, path, ""); /* no CSRF token: a CSRF-failure line */
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    r = browser_submit(&b, path, path, "");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    CU_ASSERT(!server_log_has(&srv, token));
    CU_ASSERT(server_log_has(&srv, "/en/account/verify/[redacted]"));
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE LOCATE(CAST(? AS BINARY), "
                       "CAST(body_text AS BINARY)) > 0",
                       token) == 0);
    free(path);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "verify__cannot_post_or_book_until_the_link_is_used",
          verify__cannot_post_or_book_until_the_link_is_used },
        { "verify__expired_used_and_forged_links_change_nothing",
          verify__expired_used_and_forged_links_change_nothing },
        { "verify__sending_again_is_limited", verify__sending_again_is_limited },
        { "verify__token_never_in_the_log", verify__token_never_in_the_log },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/verify", cases, start, stop);
}
