/*
 * Brute force over real HTTP (security.md 1.1): six sign-ins a minute per
 * client address, then 429 with Retry-After in the reader's language; per
 * account, a growing delay after five failures and a 15-minute soft lock
 * after more than twenty in an hour, never a permanent one. Each client
 * address here is this test's own (client.h), so other tests are not
 * affected and do not affect it.
 */
#include <stdlib.h>

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

static long retry_after(const struct http_resp *r)
{
    char *v = http_header(r, "Retry-After");
    long n = v ? strtol(v, NULL, 10) : -1;

    free(v);
    return n;
}

static void brute__seventh_sign_in_a_minute_is_429_in_welsh(void)
{
    struct browser b;
    const char *email = fx_email("burst");
    struct http_resp r;
    int i;

    browser_init(&b, &srv, 0);
    CU_ASSERT_FATAL(browser_register(&b, "cy", "Burst", email, TEST_PASSWORD));
    browser_init(&b, &srv, 1);
    test_wait_for_fresh_minute();
    for (i = 0; i < 6; i++) {
        r = browser_sign_in(&b, "cy", fx_email("guess"), "guess guess guess");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    /* the seventh is refused before any hashing, even with the right password */
    r = browser_sign_in(&b, "cy", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= 60);
    CU_ASSERT(http_body_has(&r, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "errors.e429.title")));
    CU_ASSERT(!*b.sid);
    http_resp_free(&r);
    /* another address is not affected */
    browser_init(&b, &srv, 2);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
}

static void brute__account_delay_after_five_failures(void)
{
    struct browser b;
    const char *email = fx_email("delay");
    struct http_resp r;
    int i;

    browser_init(&b, &srv, 3);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Delay", email, TEST_PASSWORD));
    /* six failures, each from its own address so the address limits stay out of it */
    for (i = 0; i < 6; i++) {
        browser_init(&b, &srv, 10 + i);
        r = browser_sign_in(&b, "en", email, "wrong wrong wrong");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    CU_ASSERT(fx_num_s("SELECT failed_logins FROM users WHERE email = ?", email) == 6);
    /* 2^(6-5) = 2 s must pass: even the right password waits */
    browser_init(&b, &srv, 20);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= 2);
    CU_ASSERT(http_body_has(&r, "<html lang=\"en\""));
    http_resp_free(&r);
    test_sleep_ms(2100);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT failed_logins FROM users WHERE email = ?", email) == 0);
}

static void brute__soft_lock_after_twenty_failures_an_hour(void)
{
    struct browser b;
    const char *email = fx_email("lock");
    struct http_resp r;
    long wait;
    int i;

    browser_init(&b, &srv, 4);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Lock", email, TEST_PASSWORD));
    for (i = 0; i < 21; i++) {
        /* keep the progressive delay out of the way: it is tested above */
        fx_exec_s("UPDATE users SET failed_logins = 0 WHERE email = ?", email);
        browser_init(&b, &srv, 30 + i);
        r = browser_sign_in(&b, "en", email, "wrong wrong wrong");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM users WHERE email = ? "
                       "AND locked_until > UTC_TIMESTAMP() + INTERVAL 14 MINUTE",
                       email) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                       "WHERE u.email = ? AND a.event = 'locked'",
                       email) == 1);
    browser_init(&b, &srv, 60);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    wait = retry_after(&r);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(wait > 14 * 60 && wait <= 15 * 60 + 1);
    http_resp_free(&r);
    /* soft: when the lock runs out, the right password works again */
    fx_exec_s("UPDATE users SET locked_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND, "
              "failed_logins = 0 WHERE email = ?",
              email);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "brute__seventh_sign_in_a_minute_is_429_in_welsh",
          brute__seventh_sign_in_a_minute_is_429_in_welsh },
        { "brute__account_delay_after_five_failures", brute__account_delay_after_five_failures },
        { "brute__soft_lock_after_twenty_failures_an_hour",
          brute__soft_lock_after_twenty_failures_an_hour },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/bruteforce", cases, start, stop);
}
