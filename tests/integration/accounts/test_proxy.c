/*
 * Behind a reverse proxy (trusted_proxies, core/addrlist.h): the per-address
 * sign-in limit counts the client the proxy names in X-Forwarded-For, not
 * the proxy; a peer that is not a trusted proxy cannot choose its address;
 * /metrics stays loopback-only for the real client.
 */
#include <stdio.h>
#include <unistd.h>

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

/* A wrong sign-in for an address never used before, so only the client
 * address's limits are in play (each e-mail address has its own rest). */
static struct http_resp guess(struct browser *b)
{
    static int n;
    char who[16];

    snprintf(who, sizeof(who), "nobody%d", n++);
    return browser_sign_in(b, "en", fx_email(who), "guess guess guess");
}

static void proxy__each_forwarded_client_has_its_own_limit(void)
{
    struct browser b = proxy, other;
    struct http_resp r;
    int i;

    test_wait_for_fresh_minute();
    snprintf(b.xff, sizeof(b.xff), "%s", client_a);
    for (i = 0; i < 6; i++) {
        r = guess(&b);
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    r = guess(&b);
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);

    /* the same proxy for another client, and for itself: not limited */
    b = proxy;
    snprintf(b.xff, sizeof(b.xff), "spoofed, %s", client_b);
    r = guess(&b);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    b = proxy;
    r = guess(&b);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);

    /* a peer that is not a proxy naming the limited client is itself */
    browser_init(&other, &srv, 7);
    snprintf(other.xff, sizeof(other.xff), "%s", client_a);
    r = guess(&other);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
}

/*
 * Issue 23 finding 3: HAProxy adds its own X-Forwarded-For line after the
 * client's rather than extending it. A client that forges a fresh first line
 * each time is still the address the proxy saw (all lines are read, the
 * rightmost untrusted hop wins).
 */
static void proxy__a_forged_first_line_does_not_escape_the_limit(void)
{
    struct browser b = proxy;
    char real[32], prefix[24];
    struct http_resp r;
    int i;

    browser_ip_prefix(prefix, sizeof(prefix), 10);
    snprintf(real, sizeof(real), "%s3", prefix);
    test_wait_for_fresh_minute();
    for (i = 0; i < 7; i++) {
        /* two header lines: the client's forgery, then the proxy's */
        snprintf(b.xff, sizeof(b.xff), "198.51.100.%d\r\nX-Forwarded-For: %s", i + 1, real);
        r = guess(&b);
        CU_ASSERT(r.status == (i < 6 ? 200 : 429));
        http_resp_free(&r);
    }
}

/* Every address of one IPv6 /64 shares one per-address budget. */
static void proxy__ipv6_clients_are_counted_per_64(void)
{
    struct browser b = proxy;
    struct http_resp r;
    int i;

    test_wait_for_fresh_minute();
    for (i = 0; i < 7; i++) {
        snprintf(b.xff, sizeof(b.xff), "2001:db8:%x:23::%x", (unsigned)getpid() & 0xffff, i + 1);
        r = guess(&b);
        CU_ASSERT(r.status == (i < 6 ? 200 : 429));
        http_resp_free(&r);
    }
    /* the next /64 has its own */
    snprintf(b.xff, sizeof(b.xff), "2001:db8:%x:24::1", (unsigned)getpid() & 0xffff);
    r = guess(&b);
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
        { "proxy__a_forged_first_line_does_not_escape_the_limit",
          proxy__a_forged_first_line_does_not_escape_the_limit },
        { "proxy__ipv6_clients_are_counted_per_64", proxy__ipv6_clients_are_counted_per_64 },
        { "proxy__metrics_are_for_the_host_only", proxy__metrics_are_for_the_host_only },
        { NULL, NULL },
    };
    test_add_suite_with("integration/accounts/proxy", cases, start, stop);
}
