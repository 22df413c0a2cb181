/*
 * The forums' search under pressure, over HTTP: a search whose statement
 * cannot finish in search_ms (here: forum_posts locked by this suite, so
 * MariaDB makes it wait, and stops it at its max_statement_time) is answered
 * 503 "busy" with the words kept, and logged as a warning, not an error;
 * while it holds the only search slot (a pool of 4: one slot), a second
 * search is refused "busy" within a second; other pages keep answering
 * meanwhile, and once the table is free the same search answers 200 on the
 * same pool.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SEARCH_MS=1500", "DYSGU_DB_POOL=4",
                                       "DYSGU_RENDER_CACHE=false", NULL };

    return harness_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct slow {
    struct http_resp r;
    long long ms;
};

static void *search_locked(void *arg)
{
    struct slow *s = arg;
    long long t0 = now_ms();

    s->r = http_get_as(&srv, "/cy/search/communities?q=ddylunio+ffurflenni", NULL);
    s->ms = now_ms() - t0;
    return NULL;
}

static int lock_posts(int lock)
{
    static const char sql_lock[] = "LOCK TABLES forum_posts WRITE";
    static const char sql_unlock[] = "UNLOCK TABLES";

    return db_exec_script(fx_dbh, lock ? sql_lock : sql_unlock,
                          lock ? strlen(sql_lock) : strlen(sql_unlock)) == DB_OK
               ? 0
               : -1;
}

static void search_busy__times_out_and_the_cap_refuses_the_next(void)
{
    struct slow first;
    struct http_resp r;
    pthread_t th;
    long long t0;

    CU_ASSERT_EQUAL_FATAL(lock_posts(1), 0);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, search_locked, &first), 0);
    test_sleep_ms(400); /* the first search waits on the lock, holding the slot */

    /* a second search finds no slot: "busy" at once, its words kept */
    t0 = now_ms();
    r = http_get_as(&srv, "/en/search/communities?q=forms", NULL);
    CU_ASSERT(now_ms() - t0 < 1000);
    CU_ASSERT_EQUAL(r.status, 503);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.search.busy")));
    CU_ASSERT(http_body_has(&r, "value=\"forms\""));
    CU_ASSERT(strstr(r.head, "Retry-After") != NULL);
    http_resp_free(&r);
    /* other pages do not wait for the search */
    CU_ASSERT_EQUAL(http_status(&srv, "/healthz", NULL), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/", NULL), 200);

    /* the first: stopped by MariaDB at search_ms, "busy" in Welsh */
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(lock_posts(0), 0);
    CU_ASSERT_EQUAL(first.r.status, 503);
    CU_ASSERT(first.ms >= 1400 && first.ms < 5000);
    CU_ASSERT(http_body_has(&first.r, loc_text("cy", "communities.search.busy")));
    CU_ASSERT(http_body_has(&first.r, "value=\"ddylunio ffurflenni\""));
    http_resp_free(&first.r);
    CU_ASSERT(server_log_has(&srv, "time limit (1969)"));

    /* the table free again: the same search answers, the connections fine */
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/search/communities?q=ddylunio+ffurflenni", NULL), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/search/communities?q=forms", NULL), 200);
}

static void search_busy__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "search_busy__times_out_and_the_cap_refuses_the_next",
          search_busy__times_out_and_the_cap_refuses_the_next },
        { "search_busy__log_has_no_errors", search_busy__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/search/communities_busy", cases, start, stop);
}
