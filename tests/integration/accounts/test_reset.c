/*
 * Password reset end to end through the outbox: ask on an English page for
 * an account that prefers Welsh, read the Welsh e-mail the mail worker
 * delivers into the shared mail folder, follow its link, set a new
 * password, and find the link dead afterwards. Also: the same answer for an
 * unknown address, expiry, the per-address limit, CSRF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The newest reset e-mail to email, as delivered (mailbox.h). Caller frees. */
static char *delivered_reset_mail(const char *email)
{
    return mailbox_secret(email, "/password-reset/");
}

/* The path of the reset link in a mail ("/cy/password-reset/<token>"), malloc'd. */
static char *link_path(const char *mail)
{
    return mailbox_link_path(&srv, mail, "/password-reset/");
}

static struct http_resp ask_for_link(struct browser *b, const char *email)
{
    char fields[256];

    snprintf(fields, sizeof(fields), "email=%s", http_enc(email));
    return browser_submit(b, "/en/password-reset", "/en/password-reset", fields);
}

static void reset__end_to_end_through_the_outbox(void)
{
    struct browser owner, b;
    const char *email = fx_email("reset");
    const char *new_pw = "ar lan y mor mae rhosys cochion";
    char *mail, *path, fields[512];
    struct http_resp r;

    browser_init(&owner, &srv, 0);
    CU_ASSERT_FATAL(browser_register(&owner, "cy", "Nia", email, TEST_PASSWORD));
    browser_init(&b, &srv, 1);
    r = ask_for_link(&b, email);
    CU_ASSERT(http_see_other(&r, "/en/password-reset?sent=1"));
    http_resp_free(&r);
    r = browser_get(&b, "/en/password-reset?sent=1");
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.reset_sent.body")));
    http_resp_free(&r);
    mail = delivered_reset_mail(email);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mail);
    CU_ASSERT(strstr(mail, "Content-Language: cy") != NULL);
    CU_ASSERT(strstr(mail, "To: ") != NULL);
    /* in the account's language (Welsh), not the page's (English): the
     * e-mail's language is the behaviour, so its words are literal */
    CU_ASSERT(strstr(mail, "Helo Nia,") != NULL);
    CU_ASSERT(strstr(mail, "am 30 munud") != NULL);
    path = link_path(mail);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(!strncmp(path, "/cy/password-reset/", 19) && strlen(path) == 19 + 43);
    /* only the hash of the token is stored */
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM password_resets WHERE token_hash = ?", path + 19) ==
              0);
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.reset_form.heading")));
    http_resp_free(&r);
    /* opening the link twice changes nothing; a bad password changes nothing */
    snprintf(fields, sizeof(fields), "new_password=short&confirm_password=short");
    r = browser_submit(&b, path, path, fields);
    CU_ASSERT(r.status == 400);
    http_resp_free(&r);
    snprintf(fields, sizeof(fields), "new_password=%s&confirm_password=%s", http_enc(new_pw),
             http_enc(new_pw));
    r = browser_submit(&b, path, path, fields);
    CU_ASSERT(http_see_other(&r, "/cy/login?done=1"));
    http_resp_free(&r);
    /* every session of the account ended: the owner's browser is signed out */
    CU_ASSERT(!browser_signed_in(&owner));
    r = browser_sign_in(&b, "cy", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    r = browser_sign_in(&b, "cy", email, new_pw);
    CU_ASSERT(http_see_other(&r, "/cy/account"));
    http_resp_free(&r);
    /* the link is single use */
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 410);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.reset_invalid.heading")));
    CU_ASSERT(http_body_has(&r, "href=\"/cy/password-reset\""));
    http_resp_free(&r);
    r = browser_submit(&b, "/cy/password-reset", path, fields);
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                       "WHERE u.email = ? AND a.event = 'password_reset'",
                       email) == 1);
    free(mail);
    free(path);
}

static void reset__unknown_address_looks_the_same(void)
{
    struct browser b;
    const char *nobody = fx_email("nobody-here");
    struct http_resp r;

    browser_init(&b, &srv, 2);
    r = ask_for_link(&b, nobody);
    CU_ASSERT(http_see_other(&r, "/en/password-reset?sent=1"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ?", nobody) == 0);
    r = browser_submit(&b, "/en/password-reset", "/en/password-reset", "email=not-an-address");
    CU_ASSERT(r.status == 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.errors.email_invalid")));
    CU_ASSERT(http_body_has(&r, "value=\"not-an-address\""));
    http_resp_free(&r);
}

static void reset__expired_and_unknown_links(void)
{
    struct browser b;
    const char *email = fx_email("expired");
    char *mail, *path;
    struct http_resp r;

    browser_init(&b, &srv, 3);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Old Link", email, TEST_PASSWORD));
    r = ask_for_link(&b, email);
    http_resp_free(&r);
    mail = delivered_reset_mail(email);
    path = link_path(mail);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(fx_exec_s("UPDATE password_resets p JOIN users u ON u.id = p.user_id "
                        "SET p.expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE u.email = ?",
                        email) == 1);
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 410);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.reset_invalid.heading")));
    http_resp_free(&r);
    r = browser_get(&b, "/en/password-reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    r = browser_get(&b, "/en/password-reset/short");
    CU_ASSERT(r.status == 410);
    http_resp_free(&r);
    free(mail);
    free(path);
}

static void reset__csrf_and_limits(void)
{
    struct browser b, owner;
    const char *email = fx_email("limits");
    char *mail, *path, body[256], *retry;
    struct http_resp r;
    int i;

    browser_init(&owner, &srv, 4);
    CU_ASSERT_FATAL(browser_register(&owner, "en", "Limits", email, TEST_PASSWORD));
    browser_init(&b, &srv, 5);
    r = browser_get(&b, "/en/password-reset");
    http_resp_free(&r);
    snprintf(body, sizeof(body), "email=%s", http_enc(email));
    r = browser_post(&b, "/en/password-reset", body);
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "email=%s&csrf=%s", http_enc(email),
             "0123456789012345678901234567890123456789012");
    r = browser_post(&b, "/en/password-reset", body);
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM password_resets p JOIN users u ON u.id = p.user_id "
                       "WHERE u.email = ?",
                       email) == 0);
    /* three an hour for one e-mail address, whatever the client address */
    for (i = 0; i < 4; i++) {
        browser_init(&b, &srv, 6 + i);
        r = ask_for_link(&b, email);
        if (i < 3) {
            CU_ASSERT(http_see_other(&r, "/en/password-reset?sent=1"));
        } else {
            CU_ASSERT(r.status == 429);
            retry = http_header(&r, "Retry-After");
            CU_ASSERT_PTR_NOT_NULL(retry);
            free(retry);
        }
        http_resp_free(&r);
    }
    /* a token cannot be used without the form's CSRF token */
    mail = delivered_reset_mail(email);
    path = link_path(mail);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    r = browser_post(&b, path, "new_password=x1y2z3w4v5&confirm_password=x1y2z3w4v5");
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    r = browser_get(&b, path);
    CU_ASSERT(r.status == 200); /* still unused */
    http_resp_free(&r);
    free(mail);
    free(path);
}

/*
 * Finding 2 of issue 23: a reset token is never in clear outside the hashed
 * table. Open the link, fail a CSRF check on it, then grep the server's whole
 * log (access log, CSRF-failure and rate-limit lines) and the outbox.
 */
static void reset__token_never_in_clear_outside_its_table(void)
{
    struct browser b;
    const char *email = fx_email("no-secrets");
    char *mail, *path;
    const char *token;
    struct http_resp r;

    browser_init(&b, &srv, 11);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Dim Cyfrinach", email, TEST_PASSWORD));
    r = ask_for_link(&b, email);
    http_resp_free(&r);
    mail = delivered_reset_mail(email);
    path = link_path(mail);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    token = path + strlen("/en/password-reset/");
    CU_ASSERT(strlen(token) == 43);
    r = browser_get(&b, path); /* an access-log line */
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    r = browser_post(&b, path, "new_password=x1y2z3w4v5&confirm_password=x1y2z3w4v5");
    CU_ASSERT(r.status == 403); /* a CSRF-failure line */
    http_resp_free(&r);
    CU_ASSERT(!server_log_has(&srv, token));
    CU_ASSERT(server_log_has(&srv, "/en/password-reset/[redacted]"));
    /* the sent mails' bodies (the reset link, and the verification link of
     * the registration) are gone from the outbox; the welcome mail is kept */
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE LOCATE(CAST(? AS BINARY), CAST(body_text "
                       "AS BINARY)) > 0",
                       token) == 0);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND secret = 1 "
                       "AND sent_at IS NOT NULL AND body_text = ''",
                       email) >= 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND secret = 0 "
                       "AND body_text <> ''",
                       email) == 1);
    free(mail);
    free(path);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "reset__end_to_end_through_the_outbox", reset__end_to_end_through_the_outbox },
        { "reset__unknown_address_looks_the_same", reset__unknown_address_looks_the_same },
        { "reset__expired_and_unknown_links", reset__expired_and_unknown_links },
        { "reset__csrf_and_limits", reset__csrf_and_limits },
        { "reset__token_never_in_clear_outside_its_table",
          reset__token_never_in_clear_outside_its_table },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/reset", cases, start, stop);
}
