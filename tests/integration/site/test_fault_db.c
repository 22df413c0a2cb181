/*
 * The database goes away and comes back: pages answer 503 in the reader's
 * language while it is away, /healthz says so, and the server recovers by
 * itself, without a restart, once the database returns.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop_fault(&srv);
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void fault__pages_work_before(void)
{
    CU_ASSERT(http_status(&srv, "/healthz", NULL) == 200);
    CU_ASSERT(http_status(&srv, "/cy/", NULL) == 200);
}

static void fault__db_down_gives_503_in_each_language(void)
{
    struct http_resp cy, en;
    char *retry;

    double t0;

    CU_ASSERT_FATAL(test_db_ctl("kill") == 0);
    CU_ASSERT(http_status(&srv, "/healthz", NULL) == 503);
    /* the home page keeps its one figure for a second (site/store.c) */
    t0 = now();
    while (http_status(&srv, "/cy/", NULL) != 503 && now() - t0 < 3)
        test_sleep_ms(100);
    CU_ASSERT(now() - t0 < 3);
    CU_ASSERT_FATAL(http_get(&srv, "/cy/", NULL, &cy) == 0);
    CU_ASSERT_FATAL(http_get(&srv, "/en/", NULL, &en) == 0);
    CU_ASSERT(cy.status == 503 && en.status == 503);
    CU_ASSERT(http_body_has(&cy, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&en, "<html lang=\"en\""));
    CU_ASSERT(!http_body_has(&cy, "MariaDB") && !http_body_has(&cy, "mysql"));
    retry = http_header(&cy, "Retry-After");
    CU_ASSERT_PTR_NOT_NULL(retry);
    free(retry);
    http_resp_free(&cy);
    http_resp_free(&en);
    /* pages that need no database still answer */
    CU_ASSERT(http_status(&srv, "/cy/login", NULL) == 200);
    CU_ASSERT(http_status(&srv, "/static/css/dysgu.css", NULL) == 200);
}

static void fault__recovers_without_restart(void)
{
    double t0;
    int ok = 0;

    CU_ASSERT_FATAL(test_db_ctl("start") == 0);
    t0 = now();
    while (now() - t0 < 10 && !ok) {
        ok = http_status(&srv, "/healthz", NULL) == 200;
        if (!ok)
            test_sleep_ms(100);
    }
    CU_ASSERT(ok);
    CU_ASSERT(now() - t0 < 5);
    /* every worker recovers, not only the one that answered */
    for (int i = 0; i < 40; i++)
        if (http_status(&srv, "/cy/", NULL) != 200)
            CU_FAIL("a worker did not recover");
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "fault__pages_work_before", fault__pages_work_before },
        { "fault__db_down_gives_503_in_each_language", fault__db_down_gives_503_in_each_language },
        { "fault__recovers_without_restart", fault__recovers_without_restart },
        { NULL, NULL },
    };
    test_add_suite_with("integration/site/fault_db", cases, start, stop);
}
