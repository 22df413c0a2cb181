/*
 * Behind a reverse proxy (trusted_proxies, core/addrlist.h): the per-address
 * sign-in limit counts the client the proxy names in X-Forwarded-For, not
 * the proxy; a peer that is not a trusted proxy cannot choose its address;
 * /metrics stays loopback-only for the real client.
 */
#include <stdio.h>

#include "harness.h"

static struct server srv;
static struct browser proxy; /* a trusted proxy's address */
static char client_a[32], client_b[32];

static int start(void)
{
    static char trust[96];
    static const char *env[] = { trust, NULL };
    char prefix[24];

    if (fx_init())
        return -1;
    browser_init(&proxy, &srv, 0);
    snprintf(trust, sizeof(trust), "DYSGU_TRUSTED_PROXIES=%s, ::1", proxy.ip);
    /* addresses of this process only (browser.h clears what they counted before) */
    browser_ip_prefix(prefix, sizeof(prefix), 10);
    snprintf(client_a, sizeof(client_a), "%s1", prefix);
    snprintf(client_b, sizeof(client_b), "%s2", prefix);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void proxy__each_forwarded_client_has_its_own_limit(void)
{
    struct browser b = proxy, other;
    struct http_resp r;
    int i;

    test_wait_for_fresh_minute();
    snprintf(b.xff, sizeof(b.xff), "%s", client_a);
    for (i = 0; i < 6; i++) {
        r = browser_sign_in(&b, "en", fx_email("nobody"), "guess guess guess");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    r = browser_sign_in(&b, "en", fx_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);

    /* the same proxy for another client, and for itself: not limited */
    b = proxy;
    snprintf(b.xff, sizeof(b.xff), "spoofed, %s", client_b);
    r = browser_sign_in(&b, "en", fx_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    b = proxy;
    r = browser_sign_in(&b, "en", fx_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);

    /* a peer that is not a proxy naming the limited client is itself */
    browser_init(&other, &srv, 7);
    snprintf(other.xff, sizeof(other.xff), "%s", client_a);
    r = browser_sign_in(&other, "en", fx_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
}

static void proxy__metrics_are_for_the_host_only(void)
{
    struct browser b = proxy;
    struct http_resp r;

    r = browser_get(&b, "/metrics");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    snprintf(b.xff, sizeof(b.xff), "%s", client_a);
    r = browser_get(&b, "/metrics");
    CU_ASSERT(r.status == 404);
    http_resp_free(&r);
    /* a scrape on the host that went through the proxy */
    snprintf(b.xff, sizeof(b.xff), "127.0.0.1");
    r = browser_get(&b, "/metrics");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "proxy__each_forwarded_client_has_its_own_limit",
          proxy__each_forwarded_client_has_its_own_limit },
        { "proxy__metrics_are_for_the_host_only", proxy__metrics_are_for_the_host_only },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/proxy", cases, start, stop);
}
