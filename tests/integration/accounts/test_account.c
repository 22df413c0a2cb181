/*
 * The account page over real HTTP: details and language, password change
 * (current password required; every other session ends; this one gets a
 * new token), the sessions list with ownership in the store (another
 * person's session is a 404), the export, and CSRF on every form.
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

/* POST fields to action with the token of the account page. */
static struct http_resp account_post(struct browser *b, const char *action, const char *fields)
{
    return browser_submit(b, "/en/account", action, fields);
}

static void account__details_and_language(void)
{
    struct browser b;
    const char *email = browser_new_account(&b, &srv, 0, "details");
    char fields[512];
    struct http_resp r;

    snprintf(fields, sizeof(fields), "name=%s&organisation=%lld&org_other=%s&lang=cy",
             http_enc("Dafydd ap Gwilym"), fx_org("OTHER"), http_enc("Cyngor Cymuned Llanbadarn"));
    r = account_post(&b, "/en/account/details", fields);
    /* a new language: back to the account page in it */
    CU_ASSERT(http_see_other(&r, "/cy/account?saved=details"));
    http_resp_free(&r);
    r = browser_get(&b, "/cy/account?saved=details");
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.account.saved_details")));
    CU_ASSERT(http_body_has(&r, "Dafydd ap Gwilym"));
    CU_ASSERT(http_body_has(&r, "Cyngor Cymuned Llanbadarn"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM users WHERE email = ? AND lang = 'cy' "
                       "AND org_other = 'Cyngor Cymuned Llanbadarn'",
                       email) == 1);
    /* bad input: Welsh messages, input kept, nothing written */
    r = browser_submit(&b, "/cy/account", "/cy/account/details",
                       "name=&organisation=999999&lang=xx");
    CU_ASSERT(r.status == 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.errors.name_missing")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.errors.org_missing")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "accounts.errors.lang_missing")));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM users WHERE email = ? AND name = 'Dafydd ap Gwilym'",
                       email) == 1);
}

static void account__password_change_ends_other_sessions(void)
{
    struct browser a, other;
    const char *email = browser_new_account(&a, &srv, 1, "pwchange");
    const char *new_pw = "mae hen wlad fy nhadau";
    char before[64], fields[512];
    struct http_resp r;

    browser_init(&other, &srv, 2);
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    http_resp_free(&r);
    CU_ASSERT_FATAL(browser_signed_in(&other));
    /* a wrong current password changes nothing */
    snprintf(fields, sizeof(fields), "current_password=%s&new_password=%s&confirm_password=%s",
             http_enc("not it at all"), http_enc(new_pw), http_enc(new_pw));
    r = account_post(&a, "/en/account/password", fields);
    CU_ASSERT(r.status == 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.errors.current_password_wrong")));
    CU_ASSERT(!http_body_has(&r, new_pw));
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&other));
    /* mismatched confirmation */
    snprintf(fields, sizeof(fields), "current_password=%s&new_password=%s&confirm_password=x",
             http_enc(TEST_PASSWORD), http_enc(new_pw));
    r = account_post(&a, "/en/account/password", fields);
    CU_ASSERT(r.status == 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.errors.password_mismatch")));
    http_resp_free(&r);
    snprintf(before, sizeof(before), "%s", a.sid);
    snprintf(fields, sizeof(fields), "current_password=%s&new_password=%s&confirm_password=%s",
             http_enc(TEST_PASSWORD), http_enc(new_pw), http_enc(new_pw));
    r = account_post(&a, "/en/account/password", fields);
    CU_ASSERT(http_see_other(&r, "/en/account?saved=password"));
    http_resp_free(&r);
    CU_ASSERT(*a.sid && strcmp(before, a.sid)); /* this browser: a new token */
    CU_ASSERT(browser_signed_in(&a));
    CU_ASSERT(!browser_signed_in(&other));
    /* the e-mail, in the account's language: its subject is the behaviour */
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM outbox WHERE to_addr = ? "
                       "AND subject = 'Your Dysgu password has been changed'",
                       email) == 1);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                       "WHERE u.email = ? AND a.event = 'password_changed'",
                       email) == 1);
    browser_init(&other, &srv, 2);
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    r = browser_sign_in(&other, "en", email, new_pw);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
}

static char *public_id_of(const char *email)
{
    return fx_str_s("SELECT LEFT(s.id_hash, 16) FROM sessions s JOIN users u ON u.id = s.user_id "
                    "WHERE u.email = ? ORDER BY s.created_at LIMIT 1",
                    email);
}

static void account__sessions_end_mine_but_not_others(void)
{
    struct browser me, my_phone, them;
    const char *mine = browser_new_account(&me, &srv, 3, "sessions");
    const char *theirs = browser_new_account(&them, &srv, 4, "victim");
    char *their_id = public_id_of(theirs), *phone_id, fields[128];
    struct http_resp r;

    CU_ASSERT_PTR_NOT_NULL_FATAL(their_id);
    snprintf(fields, sizeof(fields), "session=%s", their_id);
    r = account_post(&me, "/en/account/sessions/end", fields);
    CU_ASSERT(r.status == 404);
    http_resp_free(&r);
    CU_ASSERT(browser_signed_in(&them));
    r = account_post(&me, "/en/account/sessions/end", "session=..%2F..%2Fx");
    CU_ASSERT(r.status == 404);
    http_resp_free(&r);
    /* my other device, listed on my page and ended from here */
    browser_init(&my_phone, &srv, 5);
    r = browser_sign_in(&my_phone, "en", mine, TEST_PASSWORD);
    http_resp_free(&r);
    phone_id = fx_str_s("SELECT LEFT(s.id_hash, 16) FROM sessions s JOIN users u "
                        "ON u.id = s.user_id WHERE u.email = ? AND s.user_agent = 'dysgu-test/5'",
                        mine);
    CU_ASSERT_PTR_NOT_NULL_FATAL(phone_id);
    r = browser_get(&me, "/en/account");
    CU_ASSERT(http_body_has(&r, phone_id));
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.sessions.this_device")));
    CU_ASSERT(http_body_has(&r, my_phone.ip));
    /* this one first, though the phone was seen since */
    CU_ASSERT(r.body && strstr(r.body, loc_text("en", "accounts.sessions.this_device")) <
                            strstr(r.body, phone_id));
    http_resp_free(&r);
    snprintf(fields, sizeof(fields), "session=%s", phone_id);
    r = account_post(&me, "/en/account/sessions/end", fields);
    CU_ASSERT(http_see_other(&r, "/en/account?saved=session"));
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&my_phone));
    CU_ASSERT(browser_signed_in(&me));
    /* sign out everywhere else */
    r = browser_sign_in(&my_phone, "en", mine, TEST_PASSWORD);
    http_resp_free(&r);
    r = account_post(&me, "/en/account/sessions/end-others", "x=1");
    CU_ASSERT(http_see_other(&r, "/en/account?saved=sessions"));
    http_resp_free(&r);
    CU_ASSERT(!browser_signed_in(&my_phone));
    CU_ASSERT(browser_signed_in(&me));
}

static void account__export_has_my_data_and_no_secrets(void)
{
    struct browser b;
    const char *email = browser_new_account(&b, &srv, 6, "export");
    char *hash = fx_str_s("SELECT password_hash FROM users WHERE email = ?", email);
    char *sid_hash = fx_str_s("SELECT s.id_hash FROM sessions s JOIN users u ON u.id = s.user_id "
                              "WHERE u.email = ?",
                              email);
    struct http_resp r;
    char *ct, *cd;

    /* an admin (another account) changed this person's roles from their own address */
    CU_ASSERT(fx_exec_s("INSERT INTO audit_log (at, event, actor_id, subject_id, ip) "
                        "SELECT UTC_TIMESTAMP(3), 'roles_changed', a.id, u.id, '203.0.113.77' "
                        "FROM users u JOIN users a ON a.id <> u.id WHERE u.email = ? LIMIT 1",
                        email) == 1);
    r = browser_get(&b, "/en/account/export");
    ct = http_header(&r, "Content-Type");
    cd = http_header(&r, "Content-Disposition");

    CU_ASSERT(r.status == 200);
    CU_ASSERT(ct && !strncmp(ct, "application/json", 16));
    CU_ASSERT(cd && strstr(cd, "attachment") && strstr(cd, "dysgu-my-data.json"));
    CU_ASSERT(http_body_has(&r, "\"name\": \"export\""));
    CU_ASSERT(http_body_has(&r, email));
    CU_ASSERT(http_body_has(&r, "\"learner\""));
    CU_ASSERT(http_body_has(&r, "\"code\": \"WG\""));
    CU_ASSERT(http_body_has(&r, "\"registered\""));
    CU_ASSERT(http_body_has(&r, b.ip));
    /* issue 23 finding 7: an admin's address on an event of theirs is theirs */
    CU_ASSERT(!http_body_has(&r, "203.0.113.77"));
    CU_ASSERT(http_body_has(&r, "\"roles_changed\""));
    CU_ASSERT(!http_body_has(&r, "argon2"));
    CU_ASSERT(hash && !http_body_has(&r, hash));
    CU_ASSERT(sid_hash && !http_body_has(&r, sid_hash));
    CU_ASSERT(!http_body_has(&r, b.sid));
    free(ct);
    free(cd);
    http_resp_free(&r);
    /* signed out: the guard, never the data */
    browser_init(&b, &srv, 6);
    r = browser_get(&b, "/en/account/export");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
}

static void account__csrf_on_every_form(void)
{
    static const char *const actions[] = {
        "/en/account/details",
        "/en/account/password",
        "/en/account/sessions/end",
        "/en/account/sessions/end-others",
        "/en/logout",
    };
    struct browser b, other;
    const char *email = browser_new_account(&b, &srv, 7, "csrfacct");
    char *phone, body[512];
    struct http_resp r;
    size_t i;

    browser_init(&other, &srv, 8);
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    http_resp_free(&r);
    phone = public_id_of(email);
    for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        snprintf(body, sizeof(body),
                 "name=Changed&organisation=%lld&lang=cy&current_password=%s&new_password=%s"
                 "&confirm_password=%s&session=%s%s",
                 fx_org("WG"), http_enc(TEST_PASSWORD), http_enc("a different password"),
                 http_enc("a different password"), phone ? phone : "", i % 2 ? "" : "&csrf=bad");
        r = browser_post(&b, actions[i], body);
        if (r.status != 403)
            CU_FAIL(actions[i]);
        http_resp_free(&r);
    }
    /* nothing changed: name, language, password, sessions */
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM users WHERE email = ? AND name = 'csrfacct' "
                       "AND lang = 'en'",
                       email) == 1);
    CU_ASSERT(browser_signed_in(&b));
    CU_ASSERT(browser_signed_in(&other));
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    CU_ASSERT(http_see_other(&r, "/en/account"));
    http_resp_free(&r);
    /* nobody signed in: the guard refuses a POST outright */
    browser_init(&other, &srv, 9);
    r = browser_submit(&other, "/en/login", "/en/account/details", "name=X");
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "account__details_and_language", account__details_and_language },
        { "account__password_change_ends_other_sessions",
          account__password_change_ends_other_sessions },
        { "account__sessions_end_mine_but_not_others", account__sessions_end_mine_but_not_others },
        { "account__export_has_my_data_and_no_secrets",
          account__export_has_my_data_and_no_secrets },
        { "account__csrf_on_every_form", account__csrf_on_every_form },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/account", cases, start, stop);
}
