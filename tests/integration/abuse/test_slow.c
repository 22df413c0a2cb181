/*
 * Slow clients (reference/security.md 0.3, 3.3, 3.5 and R-SLOW-1) against a
 * server with 8 workers and request_timeout_ms = 2000:
 *
 *   - fewer slow connections than workers: normal requests answer at once;
 *   - a client trickling header lines is cut off by civetweb's header
 *     deadline (request_timeout_ms), and one trickling a body by our
 *     whole-body deadline in req_read_body (408);
 *   - the residual risk, measured: as many slow connections as workers hold
 *     every worker, and a normal request waits until the deadlines free one:
 *     at most about request_timeout_ms (plus civetweb's drain of the unread
 *     body, up to another request_timeout_ms). Without a buffering proxy in
 *     front (security.md 3.5), N >= num_threads slow connections delay
 *     everyone by that much; `threads` is the lever;
 *   - with the shipped defaults (256 threads, a pool of 32 database
 *     connections taken only once a request has arrived), 200 slow
 *     connections leave normal requests to database pages under 2 s at p95
 *     (issue 12; docs/decisions.md "Threads and the connection pool").
 *
 * Bounds are generous (seconds where the expected figure is milliseconds) so
 * the test stays reliable on a loaded 2-core machine; the whole suite takes
 * about 15 s.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define WORKERS    8
#define TIMEOUT_MS 2000

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_THREADS=8", "DYSGU_REQUEST_TIMEOUT_MS=2000", NULL };

    return server_start(&srv, env);
}

static int stop(void)
{
    return server_stop(&srv);
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum slow_kind { SLOW_HEADERS, SLOW_BODY };

struct slow {
    enum slow_kind kind;
    double give_up; /* stop trickling after this many seconds */
    pthread_t thread;
    double started, ended; /* ended: when the server answered or closed */
    int status;            /* the status it answered with, or -1 */
};

/* Trickle a request one piece every 200 ms until the server answers or hangs up. */
static void *slow_run(void *arg)
{
    struct slow *s = arg;
    char head[256], buf[2048];
    int fd = http_connect(&srv, NULL, 200), n;
    size_t got = 0;

    s->started = now();
    s->status = -1;
    if (fd < 0)
        goto out;
    if (s->kind == SLOW_HEADERS)
        n = snprintf(head, sizeof(head), "GET /cy/ HTTP/1.1\r\nHost: x\r\n");
    else
        n = snprintf(head, sizeof(head),
                     "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: 1000\r\n\r\n");
    if (send(fd, head, (size_t)n, MSG_NOSIGNAL) < 0)
        goto out;
    while (now() - s->started < s->give_up) {
        ssize_t k = recv(fd, buf + got, sizeof(buf) - got - 1, 0); /* waits 200 ms */

        if (k == 0)
            break; /* closed */
        if (k > 0) {
            got += (size_t)k;
            buf[got] = '\0';
            if (strstr(buf, "\r\n\r\n") || got + 1 >= sizeof(buf))
                break;
            continue;
        }
        if (send(fd, s->kind == SLOW_HEADERS ? "X-Slow: 1\r\n" : "a",
                 s->kind == SLOW_HEADERS ? 11 : 1, MSG_NOSIGNAL) < 0)
            break;
    }
    buf[got] = '\0';
    if (sscanf(buf, "HTTP/1.%*d %d", &s->status) != 1)
        s->status = -1;
    close(fd);
out:
    s->ended = now();
    return NULL;
}

static void slow_start(struct slow *s, size_t n, enum slow_kind kind, double give_up)
{
    for (size_t i = 0; i < n; i++) {
        memset(&s[i], 0, sizeof(s[i]));
        s[i].kind = kind;
        s[i].give_up = give_up;
        pthread_create(&s[i].thread, NULL, slow_run, &s[i]);
    }
}

static void slow_join(struct slow *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pthread_join(s[i].thread, NULL);
}

/* Seconds a normal GET takes, and its status in *status. */
static double timed_get(const char *path, int *status)
{
    struct http_resp r;
    double t0 = now();

    *status = http_get(&srv, path, NULL, &r) == 0 ? r.status : -1;
    http_resp_free(&r);
    return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* 3 slow-header and 3 slow-body clients (fewer than the 8 workers): 20
 * normal requests meanwhile all answer, p95 well under 2 s; then each slow
 * client is cut off by its deadline. */
static void slow__few_slow_clients_do_not_delay_others(void)
{
    struct slow s[6];
    double took[20], worst_header = 0, worst_body = 0;
    int st;

    slow_start(s, 3, SLOW_HEADERS, 10);
    slow_start(s + 3, 3, SLOW_BODY, 10);
    test_sleep_ms(300);
    for (int i = 0; i < 20; i++) {
        took[i] = timed_get("/cy/courses", &st);
        CU_ASSERT(st == 200);
        test_sleep_ms(50);
    }
    qsort(took, 20, sizeof(took[0]), cmp_double);
    fprintf(stderr, "\n  6 slow clients held: normal GET p50 %.1f ms, p95 %.1f ms\n",
            took[10] * 1e3, took[18] * 1e3);
    CU_ASSERT(took[18] < 2.0);
    slow_join(s, 6);
    for (int i = 0; i < 6; i++) {
        double d = s[i].ended - s[i].started;

        if (s[i].kind == SLOW_HEADERS) {
            /* civetweb's header deadline: 400, or just a closed connection */
            CU_ASSERT(s[i].status == 400 || s[i].status == -1);
            worst_header = d > worst_header ? d : worst_header;
        } else {
            /* req_read_body's whole-body deadline */
            CU_ASSERT(s[i].status == 408);
            worst_body = d > worst_body ? d : worst_body;
        }
    }
    fprintf(stderr, "  slow headers cut after %.1f s, slow bodies answered 408 after %.1f s\n",
            worst_header, worst_body);
    /* request_timeout_ms is 2 s: cut well before the clients give up at 10 s */
    CU_ASSERT(worst_header < 2 * TIMEOUT_MS / 1000.0 + 2);
    CU_ASSERT(worst_body < 2 * TIMEOUT_MS / 1000.0 + 2);
}

/* As many slow clients as workers: the residual risk. A normal request is
 * delayed (every worker is busy) but answered once the deadlines free one. */
static void slow__all_workers_held_delays_but_recovers(void)
{
    struct slow s[WORKERS + 2];
    double took;
    int st;

    slow_start(s, WORKERS + 2, SLOW_HEADERS, 10);
    test_sleep_ms(500);
    took = timed_get("/cy/courses", &st);
    fprintf(stderr, "\n  %d slow clients on %d workers: a normal GET took %.2f s (status %d)\n",
            WORKERS + 2, WORKERS, took, st);
    CU_ASSERT(st == 200);
    CU_ASSERT(took < 2 * TIMEOUT_MS / 1000.0 + 3);
    slow_join(s, WORKERS + 2);
    CU_ASSERT(server_wait_healthy(&srv) == 0);
}

/* ---- the limits as shipped: default threads and request_timeout_ms ---- */

#define HELD 200 /* slow connections, as issue 12 asks */

static int start_defaults(void)
{
    /* the harness's own default is 16 threads; these are config.c's */
    static const char *const env[] = { "DYSGU_THREADS=256", "DYSGU_DB_POOL=32", NULL };

    return server_start(&srv, env);
}

/*
 * 100 clients trickling headers and 100 trickling bodies, held for 8 s
 * (under the 10 s default deadline, so none is cut off while we measure):
 * with 256 workers they hold 200 threads, and the pool keeps the database
 * for the rest, so normal requests to database pages keep their pace.
 */
static void slow__two_hundred_held_leave_others_under_2s(void)
{
    static struct slow s[HELD];
    double took[40], probes_start, probes_end;
    int st, n = 0, ok = 0, still_held = 0;

    slow_start(s, HELD / 2, SLOW_HEADERS, 8);
    slow_start(s + HELD / 2, HELD / 2, SLOW_BODY, 8);
    test_sleep_ms(1000);
    /* probe for at most 5 s, so that the slow clients (held 8 s) are still
     * held when the probes end even on a machine busy with other work */
    probes_start = now();
    while (n < 40 && now() - probes_start < 5.0) {
        took[n] = timed_get(n % 2 ? "/cy/courses" : "/en/courses?q=data", &st);
        ok += st == 200;
        n++;
        test_sleep_ms(50);
    }
    probes_end = now();
    slow_join(s, HELD);
    for (int i = 0; i < HELD; i++)
        still_held += s[i].ended > probes_end && s[i].status == -1;
    qsort(took, n, sizeof(took[0]), cmp_double);
    fprintf(stderr,
            "\n  %d slow clients held (%d until after the probes): %d normal GETs, "
            "p50 %.1f ms, p95 %.1f ms, max %.1f ms, %d answered 200\n",
            HELD, still_held, n, took[n / 2] * 1e3, took[n * 95 / 100] * 1e3, took[n - 1] * 1e3,
            ok);
    CU_ASSERT(still_held == HELD);
    CU_ASSERT(n >= 10);
    CU_ASSERT(ok == n);
    CU_ASSERT(took[n * 95 / 100] < 2.0);
    CU_ASSERT(server_wait_healthy(&srv) == 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "slow__few_slow_clients_do_not_delay_others",
          slow__few_slow_clients_do_not_delay_others },
        { "slow__all_workers_held_delays_but_recovers",
          slow__all_workers_held_delays_but_recovers },
        { NULL, NULL },
    };
    static const struct test_case defaults[] = {
        { "slow__two_hundred_held_leave_others_under_2s",
          slow__two_hundred_held_leave_others_under_2s },
        { NULL, NULL },
    };
    test_add_suite_with("integration/abuse/slow", cases, start, stop);
    test_add_suite_with("integration/abuse/slow_defaults", defaults, start_defaults, stop);
}
