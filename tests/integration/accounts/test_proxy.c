/*
 * Behind a reverse proxy (trusted_proxies, core/addrlist.h): the per-address
 * sign-in limit counts the client the proxy names in X-Forwarded-For, not
 * the proxy; a peer that is not a trusted proxy cannot choose its address;
 * /metrics stays loopback-only for the real client.
 */
#include <time.h>

#include "client.h"

static struct server srv;
static struct browser proxy; /* a trusted proxy's address */
static char client_a[32], client_b[32];

static int start(void)
{
    static char trust[96];
    static const char *env[] = { trust, NULL };
    int p = (int)getpid() % 62000;

    b_init(&proxy, &srv, 0);
    snprintf(trust, sizeof(trust), "DYSGU_TRUSTED_PROXIES=%s, ::1", proxy.ip);
    /* addresses of this run only, so earlier runs' hourly counts do not matter */
    snprintf(client_a, sizeof(client_a), "10.%d.%d.1", 1 + p / 250, 1 + p % 250);
    snprintf(client_b, sizeof(client_b), "10.%d.%d.2", 1 + p / 250, 1 + p % 250);
    return tdb_open() || server_start(&srv, env);
}

static int stop(void)
{
    tdb_close();
    return server_stop(&srv);
}

static void proxy__each_forwarded_client_has_its_own_limit(void)
{
    struct browser b = proxy, other;
    struct http_resp r;
    int i;

    wait_for_fresh_minute();
    snprintf(b.xff, sizeof(b.xff), "%s", client_a);
    for (i = 0; i < 6; i++) {
        r = sign_in(&b, "en", test_email("nobody"), "guess guess guess");
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
    r = sign_in(&b, "en", test_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 429);
    http_resp_free(&r);

    /* the same proxy for another client, and for itself: not limited */
    b = proxy;
    snprintf(b.xff, sizeof(b.xff), "spoofed, %s", client_b);
    r = sign_in(&b, "en", test_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    b = proxy;
    r = sign_in(&b, "en", test_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);

    /* a peer that is not a proxy naming the limited client is itself */
    b_init(&other, &srv, 7);
    snprintf(other.xff, sizeof(other.xff), "%s", client_a);
    r = sign_in(&other, "en", test_email("nobody"), "guess guess guess");
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
}

static void proxy__metrics_are_for_the_host_only(void)
{
    struct browser b = proxy;
    struct http_resp r;

    r = b_req(&b, "/metrics", NULL);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
    snprintf(b.xff, sizeof(b.xff), "%s", client_a);
    r = b_req(&b, "/metrics", NULL);
    CU_ASSERT(r.status == 404);
    http_resp_free(&r);
    /* a scrape on the host that went through the proxy */
    snprintf(b.xff, sizeof(b.xff), "127.0.0.1");
    r = b_req(&b, "/metrics", NULL);
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
