/*
 * A database that fails fast (docs/decisions.md): with MariaDB killed, a burst
 * of 64 requests at once all answer 503 in the language asked for, and none
 * of them tries a connection of its own (the pool's counters in /metrics
 * say so); the prober alone tries, at its pace; once MariaDB is back, another
 * burst all answers 200.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "testing.h"

#define BURST 64

/* a well-formed session cookie that matches no session: every page that gets
 * it asks the database, and none is signed in */
#define COOKIE "Cookie: sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"

static struct server srv;

struct shot {
    const char *path;
    pthread_barrier_t *start;
    int status;
    int right_lang; /* an HTML page in the language of its path */
    int retry_after;
    double seconds;
};

struct health {
    unsigned long down, outages, by_request, by_prober, refused, no_conn;
};

static int start(void)
{
    const char *const env[] = { "DYSGU_THREADS=96", NULL };

    return server_start(&srv, env);
}

static int stop(void)
{
    /* whatever happened, leave the shared database running */
    test_db_ctl("start");
    return server_stop(&srv);
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long metric(const struct http_resp *r, const char *name)
{
    char key[96];
    const char *p;

    snprintf(key, sizeof(key), "\n%s ", name);
    p = r->body ? strstr(r->body, key) : NULL;
    CU_ASSERT_PTR_NOT_NULL(p);
    return p ? strtoul(p + strlen(key), NULL, 10) : 0;
}

static struct health health(void)
{
    struct health h = { 0 };
    struct http_resp r;

    CU_ASSERT_FATAL(http_get(&srv, "/metrics", NULL, &r) == 0);
    CU_ASSERT(r.status == 200);
    h.down = metric(&r, "dysgu_db_down");
    h.outages = metric(&r, "dysgu_db_outages_total");
    h.by_request = metric(&r, "dysgu_db_connect_attempts_total{by=\"request\"}");
    h.by_prober = metric(&r, "dysgu_db_connect_attempts_total{by=\"prober\"}");
    h.refused = metric(&r, "dysgu_db_connects_refused_total");
    h.no_conn = metric(&r, "dysgu_db_pool_timeouts_total");
    http_resp_free(&r);
    return h;
}

static void *fire(void *arg)
{
    struct shot *s = arg;
    struct http_resp r;
    char *retry;
    double t0;

    pthread_barrier_wait(s->start);
    t0 = now();
    if (http_get(&srv, s->path, COOKIE, &r) == 0) {
        s->status = r.status;
        s->right_lang = http_body_has(&r, strncmp(s->path, "/cy/", 4) ? "<html lang=\"en\""
                                                                      : "<html lang=\"cy\"");
        retry = http_header(&r, "Retry-After");
        s->retry_after = retry != NULL;
        free(retry);
    }
    s->seconds = now() - t0;
    http_resp_free(&r);
    return NULL;
}

/* BURST requests at once, spread over a page in each language and /healthz. */
static void burst(struct shot *shots)
{
    static const char *const paths[] = { "/cy/", "/en/courses", "/healthz", "/en/", "/cy/courses" };
    pthread_t th[BURST];
    pthread_barrier_t barrier;
    int i;

    pthread_barrier_init(&barrier, NULL, BURST);
    for (i = 0; i < BURST; i++) {
        memset(&shots[i], 0, sizeof(shots[i]));
        shots[i].path = paths[i % 5];
        shots[i].start = &barrier;
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, fire, &shots[i]) == 0);
    }
    for (i = 0; i < BURST; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
}

static int count_status(const struct shot *shots, int status)
{
    int i, n = 0;

    for (i = 0; i < BURST; i++)
        n += shots[i].status == status;
    return n;
}

static void fast__burst_while_up_is_served(void)
{
    struct shot shots[BURST];

    /* opens many of the pool's connections: they die with MariaDB next */
    burst(shots);
    CU_ASSERT(count_status(shots, 200) == BURST);
    CU_ASSERT(health().down == 0);
}

static void fast__burst_while_away_is_refused_without_connecting(void)
{
    struct shot shots[BURST];
    struct health before, after;
    struct http_resp r;
    double t0, elapsed, slowest = 0;
    int i;

    CU_ASSERT_FATAL(test_db_ctl("kill") == 0);
    /* the first request that needs the database finds it gone and tells the pool */
    CU_ASSERT_FATAL(http_get(&srv, "/healthz", NULL, &r) == 0);
    CU_ASSERT(r.status == 503);
    http_resp_free(&r);
    t0 = now();
    before = health();
    CU_ASSERT(before.down == 1);
    CU_ASSERT(before.outages == 1);
    burst(shots);
    after = health();
    elapsed = now() - t0;

    CU_ASSERT(count_status(shots, 503) == BURST);
    for (i = 0; i < BURST; i++) {
        if (shots[i].seconds > slowest)
            slowest = shots[i].seconds;
        /* /healthz answers in plain text for machines */
        if (strcmp(shots[i].path, "/healthz"))
            CU_ASSERT(shots[i].right_lang && shots[i].retry_after);
    }
    fprintf(stderr, "fault_fast: %d answers while away, slowest %.3f s, %lu probes in %.2f s\n",
            BURST, slowest, after.by_prober - before.by_prober, elapsed);
    /* the promise of docs/benchmarks.md, far above what refusing costs */
    CU_ASSERT(slowest < 3.0);
    /* not one request tried to connect; every one was refused at once: by
     * the gate, or, when the pool's connections were all lent, by the pool,
     * which does not wait while MariaDB is away */
    CU_ASSERT(after.by_request == before.by_request);
    CU_ASSERT(after.refused + after.no_conn >= before.refused + before.no_conn + BURST);
    CU_ASSERT(after.down == 1);
    CU_ASSERT(after.outages == before.outages);
    /* the prober tried one connection at a time, every 250 ms at most */
    CU_ASSERT(after.by_prober - before.by_prober <= 2 + (unsigned long)(elapsed / 0.25));
}

static void fast__back_when_the_database_is(void)
{
    struct shot shots[BURST];
    struct http_resp r;
    double t0;
    int ok = 0;

    CU_ASSERT_FATAL(test_db_ctl("start") == 0);
    t0 = now();
    while (!ok && now() - t0 < 10) {
        if (http_get(&srv, "/healthz", NULL, &r) == 0)
            ok = r.status == 200;
        http_resp_free(&r);
        if (!ok)
            test_sleep_ms(50);
    }
    CU_ASSERT_FATAL(ok);
    CU_ASSERT(now() - t0 < 5);
    CU_ASSERT(health().down == 0);
    /* the connections opened before the outage are replaced, not found dead
     * one by one (each would look like a new outage and refuse the others) */
    burst(shots);
    CU_ASSERT(count_status(shots, 200) == BURST);
    CU_ASSERT(health().outages == 1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "fast__burst_while_up_is_served", fast__burst_while_up_is_served },
        { "fast__burst_while_away_is_refused_without_connecting",
          fast__burst_while_away_is_refused_without_connecting },
        { "fast__back_when_the_database_is", fast__back_when_the_database_is },
        { NULL, NULL },
    };
    test_add_suite_with("integration/db/fault_fast", cases, start, stop);
}
