/*
 * Issue 23 finding 7: a server whose base_url is https:// sets its cookies
 * Secure with the __Host- prefix and sends HSTS, even when secure_cookies was
 * left false (it used to be a separate switch that was easy to forget).
 */
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    static const char *env[] = { "DYSGU_BASE_URL=https://dysgu.example",
                                 "DYSGU_SECURE_COOKIES=false", NULL };

    return harness_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void https__cookies_are_host_prefixed_and_secure_with_hsts(void)
{
    struct http_resp r;

    CU_ASSERT_FATAL(http_get(&srv, "/en/login", NULL, &r) == 0);
    CU_ASSERT(r.status == 200);
    CU_ASSERT(strstr(r.head, "Set-Cookie: __Host-csrf=") != NULL);
    CU_ASSERT(strstr(r.head, "; Secure") != NULL);
    CU_ASSERT(strstr(r.head, "Set-Cookie: csrf=") == NULL);
    CU_ASSERT(strstr(r.head, "Strict-Transport-Security: max-age=31536000") != NULL);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "https__cookies_are_host_prefixed_and_secure_with_hsts",
          https__cookies_are_host_prefixed_and_secure_with_hsts },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/https_origin", cases, start, stop);
}
