/*
 * What an admin changes, over HTTP: roles (which end the person's sessions,
 * so an old cookie gets the anonymous view even when the change promoted
 * them), disabling and enabling, signing someone out everywhere; each one
 * audited with no secrets. And the refusals that change nothing: removing
 * one's own admin role, disabling oneself, no role or an unknown one, and a
 * missing or wrong CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin;

static int start(void)
{
    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Actions Admin"), "learner,admin"), &admin))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* POST /{lang}/admin/users/{id}/<action> as the admin, with the CSRF token. */
static struct http_resp act(const char *lang, long long id, const char *action, const char *body)
{
    char path[128];

    snprintf(path, sizeof(path), "/%s/admin/users/%lld/%s", lang, id, action);
    return http_post_as(&srv, path, &admin, body);
}

/* The status the session's cookie gets on /en/admin: 303 anonymous, 403 learner, 200 admin. */
static int admin_home_status(const struct fx_session *s)
{
    return http_status(&srv, "/en/admin", s);
}

static void actions__role_change_ends_sessions_and_is_audited(void)
{
    struct fx_session t;
    struct http_resp r;
    char want[96];

    fx_learner("Dyrchafu", NULL, &t);
    CU_ASSERT_EQUAL(admin_home_status(&t), 403);
    r = act("en", t.user_id, "roles", "role_learner=1&role_admin=1");
    CU_ASSERT_EQUAL(r.status, 303);
    snprintf(want, sizeof(want), "/en/admin/users/%lld?done=roles", t.user_id);
    CU_ASSERT(http_location_starts(&r, want));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(t.user_id), ROLE_LEARNER | ROLE_ADMIN);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 0);
    /* the old token is dead: anonymous, not the new admin */
    CU_ASSERT_EQUAL(admin_home_status(&t), 303);
    CU_ASSERT_EQUAL(
        fx_audit_count("role_changed", admin.user_id, t.user_id, "learner -> learner,admin"), 1);
    /* the page says so, in Welsh too */
    snprintf(want, sizeof(want), "/cy/admin/users/%lld?done=roles", t.user_id);
    r = http_get_as(&srv, want, &admin);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "admin.user.done.roles.title")));
    snprintf(want, sizeof(want), "%s → %s, %s", loc_text("cy", "admin.roles.learner"),
             loc_text("cy", "admin.roles.learner"), loc_text("cy", "admin.roles.admin"));
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
    /* the same roles again: nothing written */
    r = act("cy", t.user_id, "roles", "role_learner=1&role_admin=1");
    CU_ASSERT_EQUAL(r.status, 303);
    snprintf(want, sizeof(want), "/cy/admin/users/%lld?done=unchanged", t.user_id);
    CU_ASSERT(http_location_starts(&r, want));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_audit_count("role_changed", 0, t.user_id, NULL), 1);
}

static void actions__demotion_takes_effect_at_once(void)
{
    struct fx_session t;
    struct http_resp r;

    CU_ASSERT_FATAL(fx_sign_in(fx_user(fx_name("Israddio"), "learner,admin"), &t) == 0);
    CU_ASSERT_EQUAL(admin_home_status(&t), 200);
    r = act("en", t.user_id, "roles", "role_trainer=1");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(t.user_id), ROLE_TRAINER);
    CU_ASSERT_EQUAL(admin_home_status(&t), 303);
    CU_ASSERT_EQUAL(
        fx_audit_count("role_changed", admin.user_id, t.user_id, "learner,admin -> trainer"), 1);
}

static void actions__cannot_remove_own_admin_role(void)
{
    char want[64];
    struct http_resp r = act("cy", admin.user_id, "roles", "role_learner=1&role_trainer=1");

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, "href=\"#role-admin\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "admin.user.errors.own_admin")));
    snprintf(want, sizeof(want), "<title>%s", loc_prefix("cy", "common.error_title", NULL));
    CU_ASSERT(http_body_has(&r, want));
    /* what was ticked is kept */
    CU_ASSERT(http_body_has(&r, "name=\"role_trainer\" value=\"1\" checked"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(admin.user_id), ROLE_LEARNER | ROLE_ADMIN);
    CU_ASSERT_EQUAL(fx_sessions_of(admin.user_id), 1);
    CU_ASSERT_EQUAL(admin_home_status(&admin), 200);
    snprintf(want, sizeof(want), "/en/admin/users/%lld/disable", admin.user_id);
    r = http_post_as(&srv, want, &admin, "");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "admin.user.errors.own_disable")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_disabled(admin.user_id), 0);
    CU_ASSERT_EQUAL(admin_home_status(&admin), 200);
}

static void actions__bad_role_sets_change_nothing(void)
{
    static const struct {
        const char *body, *key;
    } cases[] = {
        { "", "admin.user.errors.roles_empty" },
        { "role_learner=0", "admin.user.errors.roles_unknown" },
        { "role_learner=1&role_superuser=1", "admin.user.errors.roles_unknown" },
        { "role_=1", "admin.user.errors.roles_unknown" },
    };
    struct fx_session t;
    size_t i;

    fx_learner("Drwg", NULL, &t);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_resp r = act("en", t.user_id, "roles", cases[i].body);

        CU_ASSERT_EQUAL(r.status, 400);
        if (!http_body_has(&r, loc_text("en", cases[i].key)))
            CU_FAIL(cases[i].body);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(fx_roles_of(t.user_id), ROLE_LEARNER);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 1);
    CU_ASSERT_EQUAL(fx_audit_count("role_changed", 0, t.user_id, NULL), 0);
    /* the same in Welsh */
    {
        struct http_resp r = act("cy", t.user_id, "roles", "");

        CU_ASSERT(r.status == 400 &&
                  http_body_has(&r, loc_text("cy", "admin.user.errors.roles_empty")));
        http_resp_free(&r);
    }
}

static void actions__disable_then_enable(void)
{
    struct fx_session t;
    struct http_resp r;
    char want[96], tag[96], *details;

    fx_learner("Analluogi", NULL, &t);
    r = act("cy", t.user_id, "disable", "");
    CU_ASSERT_EQUAL(r.status, 303);
    snprintf(want, sizeof(want), "/cy/admin/users/%lld?done=disabled", t.user_id);
    CU_ASSERT(http_location_starts(&r, want));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_disabled(t.user_id), 1);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 0);
    CU_ASSERT_EQUAL(admin_home_status(&t), 303);
    CU_ASSERT_EQUAL(fx_audit_count("account_disabled", admin.user_id, t.user_id, ""), 1);
    /* the page shows it, and offers to enable */
    r = http_get_as(&srv, want, &admin);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "admin.user.enable_button")));
    snprintf(tag, sizeof(tag), "tag--error\">%s", loc_text("cy", "admin.status.disabled"));
    CU_ASSERT(http_body_has(&r, tag));
    http_resp_free(&r);
    /* again: already so, nothing more written */
    r = act("en", t.user_id, "disable", "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_audit_count("account_disabled", 0, t.user_id, NULL), 1);
    r = act("en", t.user_id, "enable", "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_disabled(t.user_id), 0);
    CU_ASSERT_EQUAL(fx_audit_count("account_enabled", admin.user_id, t.user_id, ""), 1);
    /* no secrets in what was recorded */
    details = fx_audit_details(t.user_id);
    CU_ASSERT_PTR_NOT_NULL_FATAL(details);
    CU_ASSERT(!strstr(details, t.token) && !strstr(details, t.csrf));
    CU_ASSERT(!strstr(details, admin.token) && !strstr(details, admin.csrf));
    CU_ASSERT(!strstr(details, "$argon2"));
}

static void actions__sign_out_everywhere(void)
{
    struct fx_session t, t2, mine;
    struct http_resp r;

    fx_learner("Allgofnodi", NULL, &t);
    CU_ASSERT_FATAL(fx_sign_in(t.user_id, &t2) == 0);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 2);
    r = act("en", t.user_id, "sessions", "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 0);
    CU_ASSERT_EQUAL(admin_home_status(&t2), 303);
    CU_ASSERT_EQUAL(fx_audit_count("session_ended", admin.user_id, t.user_id, NULL), 1);
    /* an admin doing it to themself keeps the session they are using */
    CU_ASSERT_FATAL(fx_sign_in(admin.user_id, &mine) == 0);
    r = act("en", admin.user_id, "sessions", "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_sessions_of(admin.user_id), 1);
    CU_ASSERT_EQUAL(admin_home_status(&admin), 200);
    CU_ASSERT_EQUAL(admin_home_status(&mine), 303);
}

static void actions__csrf_missing_or_wrong_is_403_and_changes_nothing(void)
{
    struct fx_session t;
    struct http_resp r;
    char path[128], body[128];

    fx_learner("Ffugio", NULL, &t);
    snprintf(path, sizeof(path), "/en/admin/users/%lld/roles", t.user_id);
    r = http_post_without_csrf(&srv, path, &admin, "role_learner=1&role_admin=1");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "csrf=%.42sA&role_admin=1", admin.csrf);
    if (admin.csrf[42] == 'A')
        body[5 + 42] = 'B';
    r = http_post_without_csrf(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* another session's token is not this one's */
    snprintf(body, sizeof(body), "csrf=%s&role_admin=1", t.csrf);
    r = http_post_without_csrf(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/users/%lld/disable", t.user_id);
    r = http_post_without_csrf(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(t.user_id), ROLE_LEARNER);
    CU_ASSERT_EQUAL(fx_disabled(t.user_id), 0);
    CU_ASSERT_EQUAL(fx_sessions_of(t.user_id), 1);
    CU_ASSERT_EQUAL(fx_audit_count("role_changed", 0, t.user_id, NULL), 0);
}

static void actions__own_role_change_rotates_the_token(void)
{
    struct fx_session a2;
    char path[128], *cookie;
    struct http_resp r;

    CU_ASSERT_FATAL(fx_sign_in(fx_user(fx_name("Hunan"), "admin"), &a2) == 0);
    snprintf(path, sizeof(path), "/en/admin/users/%lld/roles", a2.user_id);
    r = http_post_as(&srv, path, &a2, "role_admin=1&role_trainer=1");
    CU_ASSERT_EQUAL(r.status, 303);
    cookie = http_set_cookie(&r, "sid");
    CU_ASSERT(cookie && strlen(cookie) == 43 && strcmp(cookie, a2.token));
    free(cookie);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(a2.user_id), ROLE_TRAINER | ROLE_ADMIN);
    CU_ASSERT_EQUAL(fx_sessions_of(a2.user_id), 1);
    CU_ASSERT_EQUAL(admin_home_status(&a2), 303);
}

/* Last: nothing above made the server log an error or write a secret (security.md 1.8). */
static void actions__log_has_no_errors_or_secrets(void)
{
    CU_ASSERT(server_log_clean(&srv));
    CU_ASSERT(!server_log_has(&srv, admin.token));
    CU_ASSERT(!server_log_has(&srv, admin.csrf));
    CU_ASSERT(server_log_has(&srv, "/admin/users/"));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "actions__role_change_ends_sessions_and_is_audited",
          actions__role_change_ends_sessions_and_is_audited },
        { "actions__demotion_takes_effect_at_once", actions__demotion_takes_effect_at_once },
        { "actions__cannot_remove_own_admin_role", actions__cannot_remove_own_admin_role },
        { "actions__bad_role_sets_change_nothing", actions__bad_role_sets_change_nothing },
        { "actions__disable_then_enable", actions__disable_then_enable },
        { "actions__sign_out_everywhere", actions__sign_out_everywhere },
        { "actions__csrf_missing_or_wrong_is_403_and_changes_nothing",
          actions__csrf_missing_or_wrong_is_403_and_changes_nothing },
        { "actions__own_role_change_rotates_the_token",
          actions__own_role_change_rotates_the_token },
        { "actions__log_has_no_errors_or_secrets", actions__log_has_no_errors_or_secrets },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/actions", cases, start, stop);
}
