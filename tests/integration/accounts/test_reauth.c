/*
 * Re-authentication before sensitive actions over HTTP (issue 23 finding 4,
 * ASVS 6.3.3): signing in opens them for reauth_minutes (15); after that a
 * data export, a role change and disabling an account wait for the confirm
 * page (the password; the code as well when two-step sign-in is on, in
 * test_twofactor.c), change nothing meanwhile, and work again once it is
 * confirmed. The page goes back only to a page of ours, and wrong passwords
 * run out of an hourly budget. Ageing is done by moving reauth_at back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/roles.h"
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

/* uid proved who they are longer ago than reauth_minutes. */
static void age(long long uid)
{
    CU_ASSERT(fx_exec_l("UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 16 MINUTE "
                        "WHERE user_id = ?",
                        uid) >= 1);
}

/* POST the confirm form with password, returning to next (raw). */
static struct http_resp confirm(struct browser *b, const char *password, const char *next)
{
    struct http_resp r = browser_get(b, "/en/account/confirm");
    char body[1024], pw[256], nx[512];

    CU_ASSERT_EQUAL(r.status, 200);
    http_url_encode(password, pw, sizeof(pw));
    http_url_encode(next, nx, sizeof(nx));
    snprintf(body, sizeof(body), "password=%s&next=%s&csrf=%s", pw, nx, http_form_csrf(&r));
    http_resp_free(&r);
    return browser_post(b, "/en/account/confirm", body);
}

static void reauth__export_asks_again_after_a_while(void)
{
    struct browser b;
    struct http_resp r;
    const char *email = browser_new_account(&b, &srv, 0, "reauth");
    long long uid = fx_user_by_email(email);

    r = browser_get(&b, "/en/account/export"); /* just signed in: open */
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    age(uid);
    r = browser_get(&b, "/en/account/export");
    CU_ASSERT(http_see_other(&r, "/en/account/confirm?next=%2Fen%2Faccount%2Fexport"));
    http_resp_free(&r);
    r = browser_get(&b, "/en/account/confirm?next=%2Fen%2Faccount%2Fexport");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "name=\"password\""));
    CU_ASSERT(!http_body_has(&r, "name=\"code\"")); /* no two-step sign-in: no code */
    CU_ASSERT(http_body_has(&r, "value=\"/en/account/export\""));
    http_resp_free(&r);
    r = confirm(&b, "not my password at all", "/en/account/export");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "reauth.errors.password_wrong")));
    http_resp_free(&r);
    r = browser_get(&b, "/en/account/export");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = confirm(&b, TEST_PASSWORD, "/en/account/export");
    CU_ASSERT(http_see_other(&r, "/en/account/export"));
    http_resp_free(&r);
    r = browser_get(&b, "/en/account/export");
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT(fx_audit_count("reauth", uid, uid, NULL) == 1);
    CU_ASSERT(fx_audit_count("reauth_failed", uid, uid, NULL) == 1);
}

static void reauth__role_change_and_disabling_wait_for_it(void)
{
    struct browser b;
    struct http_resp r;
    const char *email = browser_new_account(&b, &srv, 1, "reauth-admin");
    long long aid = fx_user_by_email(email), t = fx_user(fx_name("reauth target"), "learner");
    char page[96], action[128], headers[512], body[256];

    CU_ASSERT_FATAL(t > 0);
    CU_ASSERT(fx_exec_l("INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')", aid) == 1);
    snprintf(page, sizeof(page), "/en/admin/users/%lld", t);
    age(aid);
    snprintf(action, sizeof(action), "%s/roles", page);
    r = browser_submit(&b, page, action, "roles=admin");
    CU_ASSERT(http_location_starts(&r, "/en/account/confirm?next="));
    http_resp_free(&r);
    CU_ASSERT(!(fx_roles_of(t) & ROLE_ADMIN));
    snprintf(action, sizeof(action), "%s/disable", page);
    r = browser_submit(&b, page, action, "confirm=1");
    CU_ASSERT(http_location_starts(&r, "/en/account/confirm?next="));
    http_resp_free(&r);
    CU_ASSERT(fx_disabled(t) == 0);
    /* a form's POST comes back to the page the form was on (its Referer) */
    r = browser_get(&b, page);
    snprintf(headers, sizeof(headers), "Cookie: sid=%s; csrf=%s\r\nReferer: http://x%s\r\n", b.sid,
             b.csrf, page);
    snprintf(body, sizeof(body), "confirm=1&csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    CU_ASSERT(http_post(&srv, action, body, strlen(body), headers, &r) == 0);
    {
        char want[160];

        snprintf(want, sizeof(want), "/en/account/confirm?next=%%2Fen%%2Fadmin%%2Fusers%%2F%lld",
                 t);
        CU_ASSERT(http_see_other(&r, want));
    }
    http_resp_free(&r);
    CU_ASSERT(fx_disabled(t) == 0);
    r = confirm(&b, TEST_PASSWORD, page);
    CU_ASSERT(http_see_other(&r, page));
    http_resp_free(&r);
    r = browser_submit(&b, page, action, "confirm=1");
    CU_ASSERT(r.status == 303 && !http_location_starts(&r, "/en/account/confirm"));
    http_resp_free(&r);
    CU_ASSERT(fx_disabled(t) == 1);
}

/* The confirm page goes back only to a page of ours; wrong passwords run
 * out of the account's hourly budget (10). */
static void reauth__next_stays_here_and_guesses_run_out(void)
{
    struct browser b;
    struct http_resp r;
    const char *email = browser_new_account(&b, &srv, 2, "reauth-next");
    long long uid = fx_user_by_email(email);
    int i;

    r = confirm(&b, TEST_PASSWORD, "//evil.example/steal");
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    r = confirm(&b, "", "/en/account/export");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "reauth.errors.password_missing")));
    CU_ASSERT(http_body_has(&r, "value=\"/en/account/export\""));
    http_resp_free(&r);
    for (i = 0; i < 10; i++) {
        r = confirm(&b, "a wrong guess", "/en/account");
        CU_ASSERT_EQUAL(r.status, 400);
        http_resp_free(&r);
    }
    r = confirm(&b, TEST_PASSWORD, "/en/account");
    CU_ASSERT_EQUAL(r.status, 429);
    {
        char *retry = http_header(&r, "Retry-After");

        CU_ASSERT(retry != NULL);
        free(retry);
    }
    http_resp_free(&r);
    CU_ASSERT(fx_audit_count("reauth_failed", uid, uid, NULL) == 10);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "reauth__export_asks_again_after_a_while", reauth__export_asks_again_after_a_while },
        { "reauth__role_change_and_disabling_wait_for_it",
          reauth__role_change_and_disabling_wait_for_it },
        { "reauth__next_stays_here_and_guesses_run_out",
          reauth__next_stays_here_and_guesses_run_out },
        { NULL, NULL },
    };
    test_add_suite_with("accounts/reauth", cases, start, stop);
}
