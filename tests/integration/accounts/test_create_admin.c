/*
 * Issue 23 finding 7: `dysgu create-admin` prints a one-time password. Every
 * session the account had ends, and signing in with that password opens no
 * session: it leads only to the form that sets a new password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

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

/* Run create-admin for email; the one-time password it printed, or "". */
static void create_admin(const char *email, char *pw, size_t n)
{
    char cmd[512], line[512];
    const char *at;
    FILE *p;

    *pw = '\0';
    snprintf(cmd, sizeof(cmd), "'%s' create-admin '%s' 2>/dev/null", DYSGU_BINARY, email);
    p = popen(cmd, "r");
    while (p && fgets(line, sizeof(line), p))
        if ((at = strstr(line, "): ")) != NULL)
            snprintf(pw, n, "%.*s", (int)strcspn(at + 3, "\n"), at + 3);
    CU_ASSERT(p && pclose(p) == 0);
}

static void create_admin__one_time_password_only_sets_a_new_one(void)
{
    struct browser held, b;
    const char *email = browser_new_account(&held, &srv, 21, "cliadmin");
    const char *new_pw = "mae hen wlad fy nhadau yn annwyl i mi";
    char pw[64], fields[256], *to;
    struct http_resp r;

    CU_ASSERT_FATAL(browser_signed_in(&held));
    create_admin(email, pw, sizeof(pw));
    CU_ASSERT_FATAL(strlen(pw) >= 16);
    /* whoever held the account is out */
    CU_ASSERT(!browser_signed_in(&held));
    browser_init(&b, &srv, 22);
    r = browser_sign_in(&b, "en", email, pw);
    CU_ASSERT(http_location_starts(&r, "/en/password-reset/"));
    to = http_header(&r, "Location");
    http_resp_free(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(to);
    CU_ASSERT(!browser_signed_in(&b)); /* no session from a one-time password */
    snprintf(fields, sizeof(fields), "new_password=%s&confirm_password=%s", http_enc(new_pw),
             http_enc(new_pw));
    r = browser_submit(&b, to, to, fields);
    CU_ASSERT(http_location_starts(&r, "/en/login?done=1"));
    http_resp_free(&r);
    free(to);
    r = browser_sign_in(&b, "en", email, new_pw);
    CU_ASSERT(http_location_starts(&r, "/en/account"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT must_change_password FROM users WHERE email = ?", email) == 0);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id "
                       "WHERE u.email = ? AND r.role = 'admin'",
                       email) == 1);
}

/* The exit status of `dysgu ARGS` (at most 10 s: a server it started is a failure). */
static int cli_status(const char *args, char *out, size_t n)
{
    char cmd[512];
    size_t len = 0;
    FILE *p;
    int st;

    snprintf(cmd, sizeof(cmd), "timeout 10 '%s' %s 2>&1", DYSGU_BINARY, args);
    p = popen(cmd, "r");
    if (!p)
        return -1;
    len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `dysgu serve --help` prints the usage; any other argument is refused. Neither starts a server. */
static void cli__serve_takes_help_and_no_arguments(void)
{
    static char out[8192];

    CU_ASSERT_EQUAL(cli_status("serve --help", out, sizeof(out)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "serve "));
    CU_ASSERT_EQUAL(cli_status("serve --listen 127.0.0.1:1", out, sizeof(out)), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "serve takes no arguments"));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "create_admin__one_time_password_only_sets_a_new_one",
          create_admin__one_time_password_only_sets_a_new_one },
        { "cli__serve_takes_help_and_no_arguments", cli__serve_takes_help_and_no_arguments },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/create_admin", cases, start, stop);
}
