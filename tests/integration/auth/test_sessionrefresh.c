/*
 * Sessions read again behind their readers (auth/sessioncache.h,
 * auth/sessionrefresh.h) with the session cache on as in production: a
 * person reading pages past the cache's ttl costs no session read on any of
 * their requests (the refresher reads it, counted apart in /metrics), and
 * a session that ends behind the server's back (the account disabled in the
 * database) still stops within the ttl: the refresher never keeps it alive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, bob;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };

    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Ann Adnewyddu"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Bob Adnewyddu"), "learner"), &bob))
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* dysgu_session_loads_total{by="<by>"} from /metrics, or -1. */
static long loads(const char *by)
{
    char line[96];

    snprintf(line, sizeof(line), "dysgu_session_loads_total{by=\"%s\"}", by);
    return http_metric(&srv, line);
}

/* GET path as s: its status. */
static int get_as(const struct fx_session *s, const char *path)
{
    struct http_resp r;
    int status;

    CU_ASSERT_FATAL(http_get(&srv, path, s->cookie, &r) == 0);
    status = r.status;
    http_resp_free(&r);
    return status;
}

/* 3 s of pages as s, one every 100 ms: 1 when no request of theirs read the
 * session and the refresher did. */
static int window_clean(const struct fx_session *s)
{
    long reader = loads("reader"), refresher = loads("refresher");
    int i;

    for (i = 0; i < 30; i++) {
        CU_ASSERT_EQUAL(get_as(s, "/en/me"), 200);
        test_sleep_ms(100);
    }
    return loads("reader") == reader && loads("refresher") > refresher;
}

static void sessionrefresh__readers_never_read_their_session(void)
{
    int tries = 0;

    CU_ASSERT(loads("reader") >= 0 && loads("refresher") >= 0);
    CU_ASSERT_EQUAL(get_as(&ann, "/en/me"), 200); /* the first read is the reader's */
    /* a loaded machine may leave the refresher behind once: three windows */
    while (!window_clean(&ann) && ++tries < 3)
        ;
    CU_ASSERT(tries < 3);
}

static void sessionrefresh__a_disabled_account_stops_within_the_ttl(void)
{
    int i, status = 200;

    CU_ASSERT_EQUAL(get_as(&bob, "/en/me"), 200);
    CU_ASSERT_EQUAL_FATAL(fx_exec_l("UPDATE users SET disabled = 1 WHERE id = ?", bob.user_id), 1);
    /* read as before while its copy lives (up to 2 s), then gone however
     * often it was read again behind */
    for (i = 0; i < 40 && status == 200; i++) {
        test_sleep_ms(100);
        status = get_as(&bob, "/en/me");
    }
    CU_ASSERT_NOT_EQUAL(status, 200); /* sent to sign in */
    CU_ASSERT(i <= 30);               /* within the ttl and a margin */
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "sessionrefresh__readers_never_read_their_session",
          sessionrefresh__readers_never_read_their_session },
        { "sessionrefresh__a_disabled_account_stops_within_the_ttl",
          sessionrefresh__a_disabled_account_stops_within_the_ttl },
        { NULL, NULL },
    };
    test_add_suite_with("auth/sessionrefresh", cases, start, stop);
}
