/*
 * http/rendercache.c under a stampede (issue 22, p99 at 64 connections):
 * readers arriving at once on a key with no copy wait for the one refill and
 * are served its copy (single flight), however long it takes within
 * RENDERCACHE_WAIT_MS; when that refill keeps nothing (a 404, a 503), they
 * render the page themselves at once, not one claim after another; and while
 * one request refills an expired copy, the others are served the old one
 * without waiting (stale-while-revalidate), however long that refill takes.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "testing.h"

#define READERS 16

static struct config cfg;
static struct app app = { .cfg = &cfg };

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int served, rendered, claims;
static long long serve_max_ms; /* the longest a served reader waited */

/* The address asked for; what a claimer does with its claim: hold it this
 * long, then fill (or not). */
static const char *path;
static long hold_ms;
static int fill;

static long long ms_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void count(int *n)
{
    pthread_mutex_lock(&count_lock);
    (*n)++;
    pthread_mutex_unlock(&count_lock);
}

/* A GET of /cy{path} as the funnel makes it, in own (released by the caller). */
static void new_req(struct req *r, struct arena *own)
{
    memset(r, 0, sizeof(*r));
    arena_init(own, 16384);
    r->arena = own;
    r->app = &app;
    r->method = HTTP_GET;
    r->lang = LANG_CY;
    r->rpath = path;
    r->query_raw = "";
    sbuf_init(&r->headers, own, 4096);
}

/* GET /cy{path} as the funnel does: served from the cache, or rendered (and,
 * holding the claim, kept after hold_ms when fill is set). */
static void *ask(void *unused)
{
    struct arena own;
    struct req r;
    const char *key;
    long long t0;

    (void)unused;
    new_req(&r, &own);
    key = rendercache_key(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    t0 = ms_now();
    if (rendercache_serve(&r, key)) {
        pthread_mutex_lock(&count_lock);
        served++;
        if (ms_now() - t0 > serve_max_ms)
            serve_max_ms = ms_now() - t0;
        pthread_mutex_unlock(&count_lock);
    } else {
        count(&rendered);
        if (r.cache.claim) {
            struct timespec t = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };

            count(&claims);
            nanosleep(&t, NULL);
        }
        if (r.cache.key && fill)
            resp_send(&r, 200, "text/plain; charset=utf-8", "kept", 4);
    }
    rendercache_end(&r);
    arena_release(&own);
    return NULL;
}

/* READERS threads asking for path at once; the time it took in ms. */
static long long stampede(void)
{
    pthread_t t[READERS];
    long long t0 = ms_now();
    int i, n = 0;

    served = rendered = claims = 0;
    serve_max_ms = 0;
    for (i = 0; i < READERS && !pthread_create(&t[i], NULL, ask, NULL); i++)
        n++;
    while (n-- > 0)
        pthread_join(t[n], NULL);
    CU_ASSERT_EQUAL(i, READERS);
    return ms_now() - t0;
}

/* Ask often enough for path to be kept: the doorkeeper's first asks render. */
static void admit(const char *p)
{
    int i;

    path = p;
    fill = 0;
    for (i = 0; i < RENDERCACHE_ADMIT_ASKS - 1; i++)
        ask(NULL);
}

static void a_cold_key_is_rendered_once_for_a_stampede(void)
{
    admit("/flight-cold");
    hold_ms = 400; /* a slow first render: longer than waiters used to wait (250 ms) */
    fill = 1;
    stampede();
    CU_ASSERT_EQUAL(claims, 1);
    CU_ASSERT_EQUAL(rendered, 1);
    CU_ASSERT_EQUAL(served, READERS - 1);
    CU_ASSERT(serve_max_ms >= hold_ms / 2); /* they waited for its copy */
    rendercache_forget();
}

static void a_refill_that_keeps_nothing_lets_the_waiters_render_at_once(void)
{
    long long took;

    admit("/flight-404");
    hold_ms = 100;
    fill = 0; /* a 404: nothing kept */
    took = stampede();
    CU_ASSERT_EQUAL(claims, 1);
    CU_ASSERT_EQUAL(rendered, READERS);
    CU_ASSERT_EQUAL(served, 0);
    CU_ASSERT(took < RENDERCACHE_WAIT_MS / 2); /* not the wait's end, nor claims in a row */
    rendercache_forget();
}

static void an_expired_copy_is_served_while_one_request_refills(void)
{
    struct timespec expire = { (RENDERCACHE_TTL_MS + 100) / 1000,
                               ((RENDERCACHE_TTL_MS + 100) % 1000) * 1000000L };
    long long took;

    admit("/flight-stale");
    hold_ms = 0;
    fill = 1;
    ask(NULL); /* the first copy */
    nanosleep(&expire, NULL);
    admit("/flight-stale");
    hold_ms = 800; /* long, so that a loaded machine's scheduling does not look like waiting */
    took = stampede();
    CU_ASSERT_EQUAL(claims, 1);
    CU_ASSERT_EQUAL(rendered, 1);
    CU_ASSERT_EQUAL(served, READERS - 1);
    CU_ASSERT(took >= hold_ms);
    CU_ASSERT(serve_max_ms < hold_ms / 2); /* the old copy, without waiting */
    rendercache_forget();
}

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep(&t, NULL);
}

/* A refill slowed by a loaded machine (1.5 s here) used to leave readers
 * waiting once the old copy was 2.5 s old: they are served it however long
 * the one refill takes (up to RENDERCACHE_STALE_MS), and only a key with no
 * copy waits. */
static void a_slow_refill_never_makes_readers_of_a_kept_key_wait(void)
{
    pthread_t refiller;

    admit("/flight-slow");
    hold_ms = 0;
    fill = 1;
    ask(NULL); /* the first copy */
    sleep_ms(RENDERCACHE_TTL_MS + 100);
    admit("/flight-slow");
    hold_ms = 1500;
    CU_ASSERT_FATAL(pthread_create(&refiller, NULL, ask, NULL) == 0);
    sleep_ms(1100); /* the copy is now 2.7 s old, the refill still running */
    stampede();
    CU_ASSERT_EQUAL(rendered, 0);
    CU_ASSERT_EQUAL(served, READERS);
    CU_ASSERT(serve_max_ms < hold_ms / 3); /* the old copy, without waiting */
    pthread_join(refiller, NULL);
    rendercache_forget();
}

/* One reader's ask of path with the background on: 1 when served (with
 * *refresh set when it claimed the refill behind it), else 0 (claimed to
 * render, or not kept). */
static int ask_once(char **refresh)
{
    struct arena own;
    struct req r;
    const char *key;
    int sent;

    new_req(&r, &own);
    key = rendercache_key(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(key);
    sent = rendercache_serve(&r, key);
    *refresh = r.cache.refresh ? strdup(r.cache.refresh) : NULL;
    rendercache_end(&r);
    arena_release(&own);
    return sent;
}

/* With the refill threads running (rendercache_background()), even the
 * reader who claims an expired copy's refill is served the old copy at
 * once; nobody else claims it while it is held; let go (no thread free),
 * the next reader claims it again; the refill's copy then serves. */
static void the_claimer_of_an_expired_copy_is_served_it_too(void)
{
    struct arena own;
    struct req r;
    char *refresh = NULL, *again = NULL;

    admit("/flight-background");
    hold_ms = 0;
    fill = 1;
    ask(NULL); /* the first copy */
    sleep_ms(RENDERCACHE_TTL_MS + 100);
    admit("/flight-background"); /* asked for often again: worth refilling */
    rendercache_background(1);
    CU_ASSERT_EQUAL(ask_once(&refresh), 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(refresh);
    CU_ASSERT_EQUAL(ask_once(&again), 1); /* the old copy; the claim is held */
    CU_ASSERT_PTR_NULL(again);
    rendercache_let_go(refresh, rendercache_generation());
    CU_ASSERT_EQUAL(ask_once(&again), 1);
    CU_ASSERT_PTR_NOT_NULL(again); /* claimed again */
    /* the refill, as the funnel runs it: the claim held, the 200 kept */
    new_req(&r, &own);
    r.cache.key = again;
    r.cache.gen = rendercache_generation();
    r.cache.claim = 1;
    resp_send(&r, 200, "text/plain; charset=utf-8", "kept", 4);
    rendercache_end(&r);
    arena_release(&own);
    free(refresh);
    refresh = NULL;
    CU_ASSERT_EQUAL(ask_once(&refresh), 1); /* fresh: served, nothing to refill */
    CU_ASSERT_PTR_NULL(refresh);
    rendercache_background(0);
    free(again);
    rendercache_forget();
}

/* A kept copy asked for again since it was kept is renewed behind its
 * first reader after it expired, though the doorkeeper's window started
 * again meanwhile (its count there is 1): that window used to have the next
 * readers of a busy search render it, each holding a pooled connection. A
 * copy nobody asked for since it was kept is not renewed: its next reader
 * renders the page as any other. */
static void a_copy_asked_for_again_is_renewed_when_it_expires(void)
{
    char *refresh = NULL;

    admit("/flight-renew");
    hold_ms = 0;
    fill = 1;
    ask(NULL);                              /* the first copy */
    CU_ASSERT_EQUAL(ask_once(&refresh), 1); /* asked for again while fresh */
    CU_ASSERT_PTR_NULL(refresh);
    sleep_ms(RENDERCACHE_ADMIT_MS + 100); /* expired, the window past */
    rendercache_background(1);
    CU_ASSERT_EQUAL(ask_once(&refresh), 1); /* the old copy, and the renewal */
    CU_ASSERT_PTR_NOT_NULL_FATAL(refresh);
    rendercache_let_go(refresh, rendercache_generation());
    free(refresh);
    rendercache_background(0);
    rendercache_forget();

    admit("/flight-unread");
    ask(NULL); /* kept, and never asked for since */
    sleep_ms(RENDERCACHE_ADMIT_MS + 100);
    rendercache_background(1);
    CU_ASSERT_EQUAL(ask_once(&refresh), 0); /* rendered by this reader, not kept */
    CU_ASSERT_PTR_NULL(refresh);
    rendercache_background(0);
    rendercache_forget();
}

/* Ask for key itself (not a path's), filling it when r is marked to: 1
 * when served; *claimed when r holds the refill's claim. */
static int ask_key(const char *key, int *claimed)
{
    struct arena own;
    struct req r;
    int sent;

    new_req(&r, &own);
    sent = rendercache_serve(&r, key);
    *claimed = r.cache.claim;
    CU_ASSERT_PTR_NULL(r.cache.refresh);
    if (!sent && r.cache.key)
        resp_send(&r, 200, "text/plain; charset=utf-8", "kept", 4);
    rendercache_end(&r);
    arena_release(&own);
    return sent;
}

/* A signed-in variant's copy ("~enrolled~..."), a page as readers in one
 * state see it, is never refilled behind its reader: a refill with no
 * reader would keep the page as anyone sees it under that key. */
static void a_variant_is_refilled_by_its_reader(void)
{
    static const char key[] = "~enrolled~flight-variant";
    int i, claimed = 0;

    for (i = 0; i < RENDERCACHE_ADMIT_ASKS; i++)
        ask_key(key, &claimed);
    CU_ASSERT_EQUAL(ask_key(key, &claimed), 1); /* kept */
    sleep_ms(RENDERCACHE_TTL_MS + 100);
    rendercache_background(1); /* asked for since it was kept: worth renewing */
    CU_ASSERT_EQUAL(ask_key(key, &claimed), 0);
    CU_ASSERT(claimed); /* this reader renders it, as before */
    rendercache_background(0);
    rendercache_forget();
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "a cold key is rendered once for a stampede",
          a_cold_key_is_rendered_once_for_a_stampede },
        { "a refill that keeps nothing lets the waiters render at once",
          a_refill_that_keeps_nothing_lets_the_waiters_render_at_once },
        { "an expired copy is served while one request refills",
          an_expired_copy_is_served_while_one_request_refills },
        { "a slow refill never makes readers of a kept key wait",
          a_slow_refill_never_makes_readers_of_a_kept_key_wait },
        { "the claimer of an expired copy is served it too",
          the_claimer_of_an_expired_copy_is_served_it_too },
        { "a variant is refilled by its reader", a_variant_is_refilled_by_its_reader },
        { "a copy asked for again is renewed when it expires",
          a_copy_asked_for_again_is_renewed_when_it_expires },
        { NULL, NULL },
    };

    test_add_suite("rendercache_flight", cases);
}
