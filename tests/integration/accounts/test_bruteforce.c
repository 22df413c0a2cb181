/*
 * Brute force over real HTTP (security.md 1.1): six sign-ins a minute per
 * client address, then 429 with Retry-After in the reader's language; per
 * account, a growing delay after five failures and a 15-minute soft lock
 * after more than twenty in an hour, never a permanent one. Each client
 * address here is this test's own (client.h), so other tests are not
 * affected and do not affect it.
 */
#include <time.h>

#include "client.h"

static struct server srv;

static int start(void)
{
    return tdb_open() || server_start(&srv, NULL);
}

static int stop(void)
{
    tdb_close();
    return server_stop(&srv);
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
    const char *email = test_email("burst");
    struct http_resp r;
    int i;

    b_init(&b, &srv, 0);
    CU_ASSERT_FATAL(register_user(&b, "cy", "Burst", email, TEST_PASSWORD));
    b_init(&b, &srv, 1);
    wait_for_fresh_minute();
    for (i = 0; i < 6; i++) {
        r = sign_in(&b, "cy", test_email("guess"), "guess guess guess");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    /* the seventh is refused before any hashing, even with the right password */
    r = sign_in(&b, "cy", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= 60);
    CU_ASSERT(http_body_has(&r, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&r, "Gormod o ymdrechion"));
    CU_ASSERT(!*b.sid);
    http_resp_free(&r);
    /* another address is not affected */
    b_init(&b, &srv, 2);
    r = sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(see_other(&r, "/en/account"));
    http_resp_free(&r);
}

static void brute__account_delay_after_five_failures(void)
{
    struct browser b;
    const char *email = test_email("delay");
    struct http_resp r;
    int i;

    b_init(&b, &srv, 3);
    CU_ASSERT_FATAL(register_user(&b, "en", "Delay", email, TEST_PASSWORD));
    /* six failures, each from its own address so the address limits stay out of it */
    for (i = 0; i < 6; i++) {
        b_init(&b, &srv, 10 + i);
        r = sign_in(&b, "en", email, "wrong wrong wrong");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    CU_ASSERT(tdb_num("SELECT failed_logins FROM users WHERE email = ?", email) == 6);
    /* 2^(6-5) = 2 s must pass: even the right password waits */
    b_init(&b, &srv, 20);
    r = sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= 2);
    CU_ASSERT(http_body_has(&r, "<html lang=\"en\""));
    http_resp_free(&r);
    test_sleep_ms(2100);
    r = sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(tdb_num("SELECT failed_logins FROM users WHERE email = ?", email) == 0);
}

static void brute__soft_lock_after_twenty_failures_an_hour(void)
{
    struct browser b;
    const char *email = test_email("lock");
    struct http_resp r;
    long wait;
    int i;

    b_init(&b, &srv, 4);
    CU_ASSERT_FATAL(register_user(&b, "en", "Lock", email, TEST_PASSWORD));
    for (i = 0; i < 21; i++) {
        /* keep the progressive delay out of the way: it is tested above */
        tdb_exec("UPDATE users SET failed_logins = 0 WHERE email = ?", email);
        b_init(&b, &srv, 30 + i);
        r = sign_in(&b, "en", email, "wrong wrong wrong");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    CU_ASSERT(tdb_num("SELECT COUNT(*) FROM users WHERE email = ? "
                      "AND locked_until > UTC_TIMESTAMP() + INTERVAL 14 MINUTE",
                      email) == 1);
    CU_ASSERT(tdb_num("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                      "WHERE u.email = ? AND a.event = 'locked'",
                      email) == 1);
    b_init(&b, &srv, 60);
    r = sign_in(&b, "en", email, TEST_PASSWORD);
    wait = retry_after(&r);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(wait > 14 * 60 && wait <= 15 * 60 + 1);
    http_resp_free(&r);
    /* soft: when the lock runs out, the right password works again */
    tdb_exec("UPDATE users SET locked_until = UTC_TIMESTAMP() - INTERVAL 1 SECOND, "
             "failed_logins = 0 WHERE email = ?",
             email);
    r = sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(see_other(&r, "/en/account"));
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
