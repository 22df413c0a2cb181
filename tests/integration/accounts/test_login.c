/*
 * Sign-in and sign-out over real HTTP: the same answer for a wrong password,
 * an unknown e-mail and a disabled account; sign-out ends the session on the
 * server; a new token at every sign-in (fixation); idle and absolute expiry
 * by ageing the stored times; ?next= stays on our site; CSRF.
 */
#include <stdio.h>
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

static void login__sign_out_ends_the_session(void)
{
    struct browser b;
    char old_sid[64], fields[64];
    struct http_resp r;

    browser_new_account(&b, &srv, 0, "signout");
    snprintf(old_sid, sizeof(old_sid), "%s", b.sid);
    r = browser_get(&b, "/en/account");
    snprintf(fields, sizeof(fields), "csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/logout", fields);
    CU_ASSERT(http_see_other(&r, "/en/"));
    CU_ASSERT(!*b.sid); /* the cookie is cleared */
    http_resp_free(&r);
    r = browser_get(&b, "/en/account");
    CU_ASSERT(http_see_other(&r, "/en/login?next=%2Fen%2Faccount"));
    http_resp_free(&r);
    /* and the old token is dead on the server, not just forgotten by the browser */
    snprintf(b.sid, sizeof(b.sid), "%s", old_sid);
    CU_ASSERT(!browser_signed_in(&b));
}

static void login__wrong_password_unknown_email_and_disabled_look_the_same(void)
{
    struct browser owner, b;
    const char *email = browser_new_account(&owner, &srv, 1, "wrongpw");
    struct http_resp wrong, unknown, disabled;
    char *hash = fx_str_s("SELECT password_hash FROM users WHERE email = ?", email), *after;
    char title[128];

    browser_init(&b, &srv, 2);
    wrong = browser_sign_in(&b, "cy", email, "not the password at all");
    unknown = browser_sign_in(&b, "cy", fx_email("nobody"), "not the password at all");
    CU_ASSERT(fx_exec_s("UPDATE users SET disabled = 1 WHERE email = ?", email) == 1);
    disabled = browser_sign_in(&b, "cy", email, TEST_PASSWORD);
    CU_ASSERT(wrong.status == 200 && unknown.status == 200 && disabled.status == 200);
    CU_ASSERT(http_body_has(&wrong, loc_text("cy", "accounts.errors.login_failed")));
    CU_ASSERT(http_body_has(&unknown, loc_text("cy", "accounts.errors.login_failed")));
    CU_ASSERT(http_body_has(&disabled, loc_text("cy", "accounts.errors.login_failed")));
    snprintf(title, sizeof(title), "<title>%s",
             loc_textf("cy", "common.error_title", "title",
                       loc_plain("cy", "accounts.login.page_title"), NULL));
    CU_ASSERT(http_body_has(&wrong, title));
    CU_ASSERT(!http_body_has(&wrong, "not the password at all"));
    CU_ASSERT(!*b.sid);
    /* nothing changed but the failure count */
    after = fx_str_s("SELECT password_hash FROM users WHERE email = ?", email);
    CU_ASSERT(hash && after && !strcmp(hash, after));
    CU_ASSERT(fx_num_s("SELECT failed_logins FROM users WHERE email = ?", email) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                       "WHERE u.email = ?",
                       email) == 1); /* the owner's own, from registering */
    http_resp_free(&wrong);
    http_resp_free(&unknown);
    http_resp_free(&disabled);
    /* a disabled account's session is dead too */
    CU_ASSERT(!browser_signed_in(&owner));
}

static void login__empty_fields_are_400(void)
{
    struct browser b;
    struct http_resp r;

    browser_init(&b, &srv, 3);
    r = browser_submit(&b, "/en/login", "/en/login", "email=&password=");
    CU_ASSERT(r.status == 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.errors.email_missing")));
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.errors.password_missing")));
    CU_ASSERT(http_body_has(&r, "href=\"#password\""));
    http_resp_free(&r);
}

static void login__new_token_at_sign_in(void)
{
    struct browser b, planted;
    const char *email = browser_new_account(&b, &srv, 4, "fixation");
    char first[64];
    struct http_resp r;

    /* signing in again from a signed-in browser replaces its token */
    snprintf(first, sizeof(first), "%s", b.sid);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(*b.sid && strcmp(first, b.sid));
    CU_ASSERT(browser_signed_in(&b));
    snprintf(b.sid, sizeof(b.sid), "%s", first);
    CU_ASSERT(!browser_signed_in(&b));
    /* a token an attacker planted before sign-in is never adopted */
    browser_init(&planted, &srv, 5);
    snprintf(planted.sid, sizeof(planted.sid), "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    r = browser_sign_in(&planted, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(strlen(planted.sid) == 43 &&
              strcmp(planted.sid, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    CU_ASSERT(browser_signed_in(&planted));
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                       "WHERE u.email = ? AND a.event = 'login'",
                       email) == 2);
}

static void login__idle_and_absolute_expiry(void)
{
    struct browser b;
    const char *email = browser_new_account(&b, &srv, 6, "expiry");
    struct http_resp r;

    CU_ASSERT(browser_signed_in(&b));
    CU_ASSERT(
        fx_exec_s("UPDATE sessions s JOIN users u ON u.id = s.user_id "
                  "SET s.last_seen_at = s.last_seen_at - INTERVAL 31 MINUTE WHERE u.email = ?",
                  email) == 1);
    r = browser_get(&b, "/en/account");
    CU_ASSERT(http_see_other(&r, "/en/login?next=%2Fen%2Faccount"));
    http_resp_free(&r);
    /* absolute: still fresh, but past its 12 hours */
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&b));
    CU_ASSERT(fx_exec_s("UPDATE sessions s JOIN users u ON u.id = s.user_id "
                        "SET s.expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE u.email = ?",
                        email) == 1);
    CU_ASSERT(!browser_signed_in(&b));
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                       "WHERE u.email = ?",
                       email) == 0);
}

static void login__next_stays_on_our_site(void)
{
    static const struct {
        const char *next, *location;
    } cases[] = {
        { "/cy/account", "/cy/account" },
        { "//evil.example/cy/", "/cy/account" },
        { "https://evil.example/", "/cy/account" },
        { "/cy//evil.example", "/cy/account" },
        { "/cy/\\evil", "/cy/account" },
    };
    struct browser b;
    const char *email = browser_new_account(&b, &srv, 7, "next");
    char fields[512];
    struct http_resp r;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        browser_init(&b, &srv, 7);
        snprintf(fields, sizeof(fields), "email=%s&password=%s&next=%s", http_enc(email),
                 http_enc(TEST_PASSWORD), http_enc(cases[i].next));
        r = browser_submit(&b, "/cy/login", "/cy/login", fields);
        if (!http_see_other(&r, cases[i].location))
            CU_FAIL(cases[i].next);
        http_resp_free(&r);
    }
    /* the form carries ?next= from the guard's redirect */
    browser_init(&b, &srv, 7);
    r = browser_get(&b, "/cy/login?next=%2Fcy%2Faccount");
    CU_ASSERT(http_body_has(&r, "name=\"next\" value=\"/cy/account\""));
    http_resp_free(&r);
}

static void login__csrf_missing_or_wrong_is_403(void)
{
    struct browser b, anon;
    const char *email = browser_new_account(&b, &srv, 8, "csrflogin");
    char body[512];
    struct http_resp r;

    browser_init(&anon, &srv, 9);
    r = browser_get(&anon, "/en/login");
    http_resp_free(&r);
    snprintf(body, sizeof(body), "email=%s&password=%s", http_enc(email), http_enc(TEST_PASSWORD));
    r = browser_post(&anon, "/en/login", body);
    CU_ASSERT(r.status == 403);
    CU_ASSERT(!*anon.sid);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "email=%s&password=%s&csrf=%s", http_enc(email),
             http_enc(TEST_PASSWORD), "0123456789012345678901234567890123456789012");
    r = browser_post(&anon, "/en/login", body);
    CU_ASSERT(r.status == 403);
    CU_ASSERT(!*anon.sid);
    http_resp_free(&r);
    /* sign-out without the session's token leaves the session alone */
    r = browser_post(&b, "/en/logout", "x=1");
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "csrf=%s", b.csrf[0] ? b.csrf : "x");
    r = browser_post(&b, "/en/logout", body); /* the pre-session token is not the session's */
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&b));
}

static void login__password_nfkc_and_email_case(void)
{
    struct browser b;
    const char *email = fx_email("unicode");
    char upper[128];
    struct http_resp r;
    size_t i;

    browser_init(&b, &srv, 10);
    /* set with a precomposed ŷ (U+0177) ... */
    CU_ASSERT_FATAL(browser_register(&b, "cy", "Tŷ", email, "t\xc5\xb7 bach twt yn y coed"));
    for (i = 0; email[i] && i < sizeof(upper) - 1; i++)
        upper[i] = (char)(email[i] >= 'a' && email[i] <= 'z' ? email[i] - 32 : email[i]);
    upper[i] = '\0';
    /* ... typed as y + combining circumflex (U+0302), the address in capitals */
    browser_init(&b, &srv, 11);
    r = browser_sign_in(&b, "cy", upper, "ty\xcc\x82 bach twt yn y coed");
    CU_ASSERT(http_see_other(&r, "/cy/account"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "login__sign_out_ends_the_session", login__sign_out_ends_the_session },
        { "login__wrong_password_unknown_email_and_disabled_look_the_same",
          login__wrong_password_unknown_email_and_disabled_look_the_same },
        { "login__empty_fields_are_400", login__empty_fields_are_400 },
        { "login__new_token_at_sign_in", login__new_token_at_sign_in },
        { "login__idle_and_absolute_expiry", login__idle_and_absolute_expiry },
        { "login__next_stays_on_our_site", login__next_stays_on_our_site },
        { "login__csrf_missing_or_wrong_is_403", login__csrf_missing_or_wrong_is_403 },
        { "login__password_nfkc_and_email_case", login__password_nfkc_and_email_case },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/login", cases, start, stop);
}
