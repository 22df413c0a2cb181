/*
 * Brute force over real HTTP (security.md 1.1): six sign-ins a minute per
 * client address, then 429 with Retry-After in the reader's language; per
 * e-mail address (with an account or not), a rest after five failures a
 * minute or twenty an hour for unknown devices only, never a permanent one,
 * and never for the owner's known device (issue 23 finding 1). Each client
 * address here is this test's own (client.h), so other tests are not
 * affected and do not affect it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

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
        char who[16]; /* six addresses: one address's own rest is tested below */

        snprintf(who, sizeof(who), "guess%d", i);
        r = browser_sign_in(&b, "cy", fx_email(who), "guess guess guess");
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

/* The hour counter of email's failed sign-ins (accounts/pages_login.c keys it
 * by a digest of the normalised address), set to hits as if strangers had
 * failed that often this hour. */
static void strangers_failed(const char *email, int hits)
{
    unsigned char h[16];
    char hex[33], key[64];

    crypto_generichash(h, sizeof(h), (const unsigned char *)email, strlen(email), NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    snprintf(key, sizeof(key), "login-mail-h:%s/3600", hex); /* its hour's row */
    CU_ASSERT_FATAL(fx_exec_sl("INSERT INTO rate_limits (k, window_start, hits) "
                               "VALUES (?, DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:00:00'), ?) "
                               "ON DUPLICATE KEY UPDATE hits = VALUES(hits)",
                               key, hits) >= 1);
}

/* Five failures a minute make an e-mail address rest for unknown devices,
 * with or without an account behind it: the answers are the same, so they
 * do not tell who has one (finding 1). */
static void brute__address_rests_after_five_failures_known_or_not(void)
{
    struct browser b;
    const char *email = fx_email("delay"), *nobody = fx_email("nobody");
    const char *emails[] = { email, nobody };
    struct http_resp r;
    int i, k;

    browser_init(&b, &srv, 3);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Delay", email, TEST_PASSWORD));
    test_wait_for_fresh_minute();
    for (k = 0; k < 2; k++) {
        /* five failures, each from its own address so the address limits stay out of it */
        for (i = 0; i < 5; i++) {
            browser_init(&b, &srv, 10 + 5 * k + i);
            r = browser_sign_in(&b, "en", emails[k], "wrong wrong wrong");
            CU_ASSERT(r.status == 200);
            http_resp_free(&r);
        }
        /* the sixth waits for the minute to end, even with the right password */
        browser_init(&b, &srv, 20 + k);
        r = browser_sign_in(&b, "en", emails[k], TEST_PASSWORD);
        CU_ASSERT(r.status == 429);
        CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= 60);
        CU_ASSERT(http_body_has(&r, "<html lang=\"en\""));
        http_resp_free(&r);
    }
    CU_ASSERT(fx_num_s("SELECT failed_logins FROM users WHERE email = ?", email) == 5);
}

/* Strangers' failures cannot lock the owner out: past twenty in an hour a
 * new device waits for the hour to end (never longer), but the browser the
 * owner signed in with before still gets in with the right password, and a
 * reset password ends the rest for every device (finding 1). */
static void brute__strangers_cannot_lock_the_owner_out(void)
{
    struct browser owner, b;
    const char *email = fx_email("lock");
    struct http_resp r;
    long wait;

    browser_init(&owner, &srv, 4);
    CU_ASSERT_FATAL(browser_register(&owner, "en", "Lock", email, TEST_PASSWORD));
    browser_init(&owner, &srv, 5);
    r = browser_sign_in(&owner, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT_FATAL(*owner.device);
    *owner.sid = 0; /* signed out in this browser; the device cookie stays */

    /* a stranger's failure from an address of their own is counted, then the hour fills */
    browser_init(&b, &srv, 30);
    r = browser_sign_in(&b, "en", email, "wrong wrong wrong");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    strangers_failed(email, 25);
    r = browser_sign_in(&b, "en", email, "wrong wrong wrong");
    wait = retry_after(&r);
    CU_ASSERT(r.status == 429);
    CU_ASSERT(wait >= 1 && wait <= 3600);
    http_resp_free(&r);

    /* a new device of the owner's waits too, even with the right password */
    browser_init(&b, &srv, 31);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);

    /* the known device: a wrong password is still only wrong, the right one gets in */
    r = browser_sign_in(&owner, "cy", email, "wrong wrong wrong");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    r = browser_sign_in(&owner, "cy", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/cy/account"));
    CU_ASSERT(*owner.sid);
    http_resp_free(&r);

    /* another account's device cookie is not a known device for this one */
    browser_init(&b, &srv, 32);
    CU_ASSERT_FATAL(browser_register(&b, "en", "Other", fx_email("other"), TEST_PASSWORD));
    r = browser_sign_in(&b, "en", fx_email("other"), TEST_PASSWORD);
    http_resp_free(&r);
    *b.sid = 0;
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                       "WHERE u.email = ? AND a.event = 'login_failed'",
                       email) >= 2);
}

/* When sign-in rests for an account and the attempt comes from a browser
 * that never signed in to it, the owner is e-mailed an unlock link, at most
 * once an hour; the answer is the same 429 as for an address without an
 * account (which gets no mail). The link's button lifts the rest and makes
 * that browser known; it works once (finding 1). */
static void brute__unlock_mail_lets_the_owner_back_in(void)
{
    struct browser b, owner;
    const char *email = fx_email("unlock"), *nobody = fx_email("unlock-nobody");
    long long uid;
    struct http_resp r;
    char *path;

    browser_init(&b, &srv, 40);
    CU_ASSERT_FATAL(browser_register(&b, "cy", "Unlock", email, TEST_PASSWORD));
    uid = fx_user_by_email(email);
    strangers_failed(email, 25);
    strangers_failed(nobody, 25);

    /* the owner on a new device, and a stranger asking about nobody: both rest */
    browser_init(&owner, &srv, 41);
    r = browser_sign_in(&owner, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);
    browser_init(&b, &srv, 42);
    r = browser_sign_in(&b, "en", nobody, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);
    r = browser_sign_in(&b, "en", email, "wrong wrong wrong");
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM account_unlocks WHERE user_id = ?", uid) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ?", nobody) == 0);

    /* the mail, in the owner's language, with a link that changes nothing when opened */
    path = mailbox_link(&srv, email, "/login/unlock/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(!strncmp(path, "/cy/login/unlock/", 17) && strlen(path) == 17 + 43);
    r = browser_get(&owner, path);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    r = browser_sign_in(&owner, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);

    /* its button: the rest is lifted and this browser is known */
    r = browser_submit(&owner, path, path, "");
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.unlock.done_title")));
    http_resp_free(&r);
    CU_ASSERT(*owner.device);
    CU_ASSERT(fx_audit_count("unlocked", uid, uid, NULL) == 1);
    r = browser_sign_in(&owner, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    *owner.sid = 0;
    r = browser_submit(&owner, "/cy/login", path, "");
    CU_ASSERT(r.status == 410); /* used */
    http_resp_free(&r);
    r = browser_get(&owner, "/cy/login/unlock/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CU_ASSERT(r.status == 410); /* forged */
    http_resp_free(&r);
    CU_ASSERT(!server_log_has(&srv, path + 17));
    free(path);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "brute__seventh_sign_in_a_minute_is_429_in_welsh",
          brute__seventh_sign_in_a_minute_is_429_in_welsh },
        { "brute__address_rests_after_five_failures_known_or_not",
          brute__address_rests_after_five_failures_known_or_not },
        { "brute__strangers_cannot_lock_the_owner_out",
          brute__strangers_cannot_lock_the_owner_out },
        { "brute__unlock_mail_lets_the_owner_back_in", brute__unlock_mail_lets_the_owner_back_in },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/bruteforce", cases, start, stop);
}
