/*
 * Two-step sign-in over HTTP (issue 23 finding 4, ASVS 6.3.3). The test
 * computes the TOTP codes itself (liboath's generator, RFC 6238 HMAC-SHA1)
 * from the secret the set-up page shows, so a server that checked codes
 * wrongly, or accepted any code, fails here: set-up shows a QR code (inline
 * SVG) and the key as text and is confirmed by a code; a right password then
 * gives no session until a right code; wrong and replayed codes fail; a
 * recovery code works once; five wrong codes end the pending sign-in; an
 * admin past the grace period is sent to set it up before any admin page.
 */
#include <ctype.h>
#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return oath_init() == OATH_OK ? harness_start(&srv, NULL) : -1;
}

static int stop(void)
{
    oath_done();
    return harness_stop(&srv);
}

/* The key the set-up page shows ("ABCD EFGH ..."), spaces removed, into
 * out; its raw bytes into raw (20). 0 or -1. */
static int shown_secret(const struct http_resp *r, char *out, size_t cap, char *raw)
{
    const char *p = r->body ? strstr(r->body, "<code class=\"secret\"") : NULL;
    size_t n = 0, len = 0;
    char *bin = NULL;

    if (!p || !(p = strchr(p, '>')))
        return -1;
    for (p++; *p && *p != '<' && n + 1 < cap; p++)
        if (*p != ' ')
            out[n++] = *p;
    out[n] = '\0';
    if (oath_base32_decode(out, n, &bin, &len) != OATH_OK || len != 20) {
        free(bin);
        return -1;
    }
    memcpy(raw, bin, 20);
    free(bin);
    return 0;
}

/* The code for raw at now + offset seconds. */
static const char *code_at(const char *raw, long offset)
{
    static char otp[8];

    if (oath_totp_generate(raw, 20, time(NULL) + offset, 30, 0, 6, otp) != OATH_OK)
        return "";
    return otp;
}

static struct http_resp post_code(struct browser *b, const char *path, const char *code)
{
    struct http_resp r = browser_get(b, path);
    char body[256];

    snprintf(body, sizeof(body), "code=%s&csrf=%s", http_enc(code), http_form_csrf(&r));
    http_resp_free(&r);
    return browser_post(b, path, body);
}

/* The recovery codes on the page after set-up (up to 10, 15 bytes each). */
static int shown_codes(const struct http_resp *r, char codes[10][16])
{
    const char *p = r->body ? strstr(r->body, "class=\"recovery-codes\"") : NULL;
    int n = 0;

    while (p && n < 10 && (p = strstr(p, "<li><code>"))) {
        p += 10;
        snprintf(codes[n++], 16, "%.14s", p);
    }
    return n;
}

/* Set up two-step sign-in for the signed-in browser b: the raw secret and
 * the recovery codes. */
static void set_up(struct browser *b, char *raw, char codes[10][16])
{
    struct http_resp r = browser_get(b, "/en/account/two-factor");
    char b32[64];

    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CU_ASSERT(http_body_has(&r, "role=\"img\""));
    CU_ASSERT(!http_body_has(&r, "<script"));
    CU_ASSERT_FATAL(shown_secret(&r, b32, sizeof(b32), raw) == 0);
    http_resp_free(&r);
    /* the page asked again shows the same key until it is confirmed */
    r = browser_get(b, "/en/account/two-factor");
    CU_ASSERT(http_body_has(&r, "<code class=\"secret\""));
    {
        char again[64], raw2[20];

        CU_ASSERT(shown_secret(&r, again, sizeof(again), raw2) == 0 && !strcmp(again, b32));
    }
    http_resp_free(&r);
    /* a wrong first code: the set-up again, nothing on */
    r = post_code(b, "/en/account/two-factor", "000000");
    if (strcmp(code_at(raw, 0), "000000")) { /* one chance in a million it is right */
        CU_ASSERT_EQUAL(r.status, 400);
        CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.errors.code_wrong")));
    }
    http_resp_free(&r);
    r = post_code(b, "/en/account/two-factor", code_at(raw, 0));
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.codes.heading")));
    CU_ASSERT_EQUAL(shown_codes(&r, codes), 10);
    http_resp_free(&r);
}

/* Password right: 303 to the code form and no session yet. */
static void password_step(struct browser *b, const char *email)
{
    struct http_resp r = browser_sign_in(b, "en", email, TEST_PASSWORD);

    CU_ASSERT(http_see_other(&r, "/en/login/code"));
    CU_ASSERT(!*b->sid);
    CU_ASSERT(*b->login);
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(b));
}

static void twofactor__codes_the_test_computes_sign_in(void)
{
    struct browser b;
    struct http_resp r;
    char raw[20], codes[10][16];
    const char *email = browser_new_account(&b, &srv, 0, "totp");
    long long uid = fx_user_by_email(email);

    set_up(&b, raw, codes);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?", uid) == 10);
    /* only their BLAKE2b-256 hashes are kept (of the 12 characters) */
    {
        unsigned char h[32];
        char plain[13], hex[65];

        snprintf(plain, sizeof(plain), "%.4s%.4s%.4s", codes[0], codes[0] + 5, codes[0] + 10);
        crypto_generichash(h, sizeof(h), (const unsigned char *)plain, 12, NULL, 0);
        sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
        CU_ASSERT(
            fx_num_ls("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND code_hash = ?",
                      uid, hex) == 1);
        CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM recovery_codes WHERE code_hash = ?", codes[0]) ==
                  0);
    }
    browser_init(&b, &srv, 1);
    password_step(&b, email);
    /* a wrong code: the form again with the message, still not signed in */
    r = post_code(&b, "/en/login/code", "12345");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.errors.code_wrong")));
    http_resp_free(&r);
    CU_ASSERT(!*b.sid);
    /* the step after the one set-up used (one step of clock drift allowed) */
    r = post_code(&b, "/en/login/code", code_at(raw, 30));
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&b));
    /* the same code again, from a new sign-in: a replay, refused */
    browser_init(&b, &srv, 2);
    password_step(&b, email);
    r = post_code(&b, "/en/login/code", code_at(raw, 30));
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.errors.code_wrong")));
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&b));
    /* a code two steps away is outside the window */
    r = post_code(&b, "/en/login/code", code_at(raw, 90));
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&b));
    /* a recovery code (typed in capitals, without hyphens) works once */
    {
        char typed[16];
        size_t i, n = 0;

        for (i = 0; codes[3][i]; i++)
            if (codes[3][i] != '-')
                typed[n++] = (char)toupper((unsigned char)codes[3][i]);
        typed[n] = '\0';
        r = post_code(&b, "/en/login/code", typed);
    }
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&b));
    browser_init(&b, &srv, 3);
    password_step(&b, email);
    r = post_code(&b, "/en/login/code", codes[3]);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&b));
    r = browser_get(&b, "/en/account");
    http_resp_free(&r);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
                       uid) == 9);
}

/* Five wrong codes end the pending sign-in: the password again. */
static void twofactor__five_wrong_codes_end_the_sign_in(void)
{
    struct browser b;
    struct http_resp r;
    char raw[20], codes[10][16];
    const char *email = browser_new_account(&b, &srv, 10, "totp5");
    int i;

    set_up(&b, raw, codes);
    browser_init(&b, &srv, 11);
    password_step(&b, email);
    for (i = 0; i < 5; i++) {
        r = post_code(&b, "/en/login/code", "not-a-code");
        if (i < 4) {
            CU_ASSERT_EQUAL(r.status, 200);
        } else {
            CU_ASSERT(http_see_other(&r, "/en/login"));
        }
        http_resp_free(&r);
    }
    r = browser_get(&b, "/en/login/code");
    CU_ASSERT(http_see_other(&r, "/en/login"));
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&b));
}

/* An admin past the grace period (30 days by default) meets the set-up
 * before any admin page; a new admin works meanwhile. */
static void twofactor__admin_past_grace_must_set_it_up(void)
{
    struct fx_session old, fresh;
    long long a = fx_user(fx_name("old admin"), "admin"),
              f = fx_user(fx_name("new admin"), "admin");
    struct http_resp r;

    CU_ASSERT_FATAL(a && f && fx_sign_in(a, &old) == 0 && fx_sign_in(f, &fresh) == 0);
    CU_ASSERT(fx_exec_l("UPDATE users SET twofactor_grace_from = UTC_TIMESTAMP() - INTERVAL 31 DAY "
                        "WHERE id = ?",
                        a) == 1);
    r = http_get_as(&srv, "/en/admin/users", &old);
    CU_ASSERT(http_see_other(&r, "/en/account/two-factor?required=1"));
    http_resp_free(&r);
    r = http_post_as(&srv, "/en/admin/users/1/roles", &old, "roles=learner");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/account/two-factor?required=1", &old);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.setup.required")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/users", &fresh), 200);
    /* once it is set up, the admin pages open */
    CU_ASSERT(fx_exec_l("UPDATE totp_secrets SET confirmed_at = UTC_TIMESTAMP() WHERE user_id = ?",
                        a) == 1);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/users", &old), 200);
}

/* Trainers and moderators past the grace period meet the set-up before
 * their staff pages too; a learner's pages never ask. */
static void twofactor__trainers_and_moderators_past_grace_must_set_it_up(void)
{
    struct fx_session tr, mod, learner;
    long long t = fx_user(fx_name("old trainer"), "trainer"),
              m = fx_user(fx_name("old moderator"), "moderator"),
              l = fx_user(fx_name("old learner"), "learner");
    struct http_resp r;

    CU_ASSERT_FATAL(t && m && l && fx_sign_in(t, &tr) == 0 && fx_sign_in(m, &mod) == 0 &&
                    fx_sign_in(l, &learner) == 0);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/cohorts", &tr), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/moderation", &mod), 200);
    CU_ASSERT(fx_exec_l("UPDATE users SET twofactor_grace_from = UTC_TIMESTAMP() - INTERVAL 31 DAY "
                        "WHERE id = ?",
                        t) == 1);
    CU_ASSERT(fx_exec_l("UPDATE users SET twofactor_grace_from = UTC_TIMESTAMP() - INTERVAL 31 DAY "
                        "WHERE id = ?",
                        m) == 1);
    CU_ASSERT(fx_exec_l("UPDATE users SET twofactor_grace_from = UTC_TIMESTAMP() - INTERVAL 31 DAY "
                        "WHERE id = ?",
                        l) == 1);
    r = http_get_as(&srv, "/en/trainer/cohorts", &tr);
    CU_ASSERT(http_see_other(&r, "/en/account/two-factor?required=1"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/moderation", &mod);
    CU_ASSERT(http_see_other(&r, "/cy/account/two-factor?required=1"));
    http_resp_free(&r);
    r = http_post_as(&srv, "/en/moderation/posts/1/hide", &mod, "reason=x");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/account", &learner), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me", &learner), 200);
}

/* The confirm page (re-authentication) asks for the code as well as the
 * password once two-step sign-in is on; new recovery codes need it and make
 * the old ones void. */
static void twofactor__new_codes_after_confirming_with_a_code(void)
{
    struct browser b;
    struct http_resp r;
    char raw[20], codes[10][16], fresh[10][16], body[512];
    const char *email = browser_new_account(&b, &srv, 20, "totp-renew");
    long long uid = fx_user_by_email(email);

    set_up(&b, raw, codes);
    CU_ASSERT(fx_exec_l("UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 16 MINUTE "
                        "WHERE user_id = ?",
                        uid) == 1);
    r = browser_get(&b, "/en/account/two-factor");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "action=\"/en/account/two-factor/codes\""));
    CU_ASSERT(http_body_has(&r, "action=\"/en/account/two-factor/off\""));
    snprintf(body, sizeof(body), "csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/account/two-factor/codes", body);
    CU_ASSERT(http_location_starts(&r, "/en/account/confirm?next="));
    http_resp_free(&r);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
                       uid) == 10);
    /* the password alone is not enough now */
    r = browser_get(&b, "/en/account/confirm?next=%2Fen%2Faccount%2Ftwo-factor");
    CU_ASSERT(http_body_has(&r, "name=\"code\""));
    snprintf(body, sizeof(body), "password=%s&next=%%2Fen%%2Faccount%%2Ftwo-factor&csrf=%s",
             http_enc(TEST_PASSWORD), http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/account/confirm", body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.errors.code_missing")));
    snprintf(body, sizeof(body), "password=%s&code=%s&next=%%2Fen%%2Faccount%%2Ftwo-factor&csrf=%s",
             http_enc(TEST_PASSWORD), code_at(raw, 30), http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/account/confirm", body);
    CU_ASSERT(http_see_other(&r, "/en/account/two-factor"));
    http_resp_free(&r);
    r = browser_submit(&b, "/en/account/two-factor", "/en/account/two-factor/codes", "go=1");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.renew.done_heading")));
    CU_ASSERT_EQUAL(shown_codes(&r, fresh), 10);
    CU_ASSERT(strcmp(fresh[0], codes[0]) != 0);
    http_resp_free(&r);
    /* an old code no longer signs in; a new one does */
    browser_init(&b, &srv, 21);
    password_step(&b, email);
    r = post_code(&b, "/en/login/code", codes[0]);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    r = post_code(&b, "/en/login/code", fresh[0]);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(fx_audit_count("recovery_codes_renewed", uid, uid, NULL) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ? "
                       "AND subject = 'New recovery codes for your Dysgu account'",
                       email) == 1);
}

/* Turning two-step sign-in off needs the password and a current code; then
 * the password alone signs in. */
static void twofactor__off_needs_the_password_and_a_code(void)
{
    struct browser b;
    struct http_resp r;
    char raw[20], codes[10][16], body[512];
    const char *email = browser_new_account(&b, &srv, 22, "totp-off");
    long long uid = fx_user_by_email(email);

    set_up(&b, raw, codes);
    r = browser_get(&b, "/en/account/two-factor");
    snprintf(body, sizeof(body), "password=%s&code=%s&csrf=%s", "wrong%20password",
             code_at(raw, 30), http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/account/two-factor/off", body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "reauth.errors.password_wrong")));
    snprintf(body, sizeof(body), "password=%s&code=000000&csrf=%s", http_enc(TEST_PASSWORD),
             http_form_csrf(&r));
    http_resp_free(&r);
    if (strcmp(code_at(raw, 0), "000000") && strcmp(code_at(raw, 30), "000000") &&
        strcmp(code_at(raw, -30), "000000")) {
        r = browser_post(&b, "/en/account/two-factor/off", body);
        CU_ASSERT_EQUAL(r.status, 400);
        CU_ASSERT(http_body_has(&r, loc_text("en", "twofactor.errors.code_wrong")));
        http_resp_free(&r);
    }
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM totp_secrets WHERE user_id = ?", uid) == 1);
    r = browser_get(&b, "/en/account/two-factor");
    snprintf(body, sizeof(body), "password=%s&code=%s&csrf=%s", http_enc(TEST_PASSWORD),
             code_at(raw, 30), http_form_csrf(&r));
    http_resp_free(&r);
    r = browser_post(&b, "/en/account/two-factor/off", body);
    CU_ASSERT(http_see_other(&r, "/en/account?saved=twofactor_off"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM totp_secrets WHERE user_id = ?", uid) == 0);
    CU_ASSERT(fx_num_l("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ?", uid) == 0);
    CU_ASSERT(fx_audit_count("twofactor_disabled", uid, uid, NULL) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ? "
                       "AND subject = 'Two-step sign-in is off for your Dysgu account'",
                       email) == 1);
    browser_init(&b, &srv, 23);
    r = browser_sign_in(&b, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&b));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "twofactor__codes_the_test_computes_sign_in",
          twofactor__codes_the_test_computes_sign_in },
        { "twofactor__five_wrong_codes_end_the_sign_in",
          twofactor__five_wrong_codes_end_the_sign_in },
        { "twofactor__admin_past_grace_must_set_it_up",
          twofactor__admin_past_grace_must_set_it_up },
        { "twofactor__trainers_and_moderators_past_grace_must_set_it_up",
          twofactor__trainers_and_moderators_past_grace_must_set_it_up },
        { "twofactor__new_codes_after_confirming_with_a_code",
          twofactor__new_codes_after_confirming_with_a_code },
        { "twofactor__off_needs_the_password_and_a_code",
          twofactor__off_needs_the_password_and_a_code },
        { NULL, NULL },
    };
    test_add_suite_with("accounts/twofactor", cases, start, stop);
}
