#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/kept.h"
#include "testing.h"

/* The loader under test: "v<n>" for its n-th call, or fail_with when set;
 * with hold set it waits for hold to clear (a slow database); fail_first:
 * the first call fails. */
static atomic_int loads, fail_with, fail_first, hold, in_load;
static struct kept *forget_while_loading;
static unsigned long long reader_gen; /* the generation reader() asks for */

static void pause_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    int n = atomic_fetch_add(&loads, 1) + 1;
    char *s;

    (void)arg;
    atomic_fetch_add(&in_load, 1);
    while (atomic_load(&hold))
        pause_ms(1);
    if (forget_while_loading)
        kept_forget(forget_while_loading);
    atomic_fetch_sub(&in_load, 1);
    if (atomic_load(&fail_with))
        return atomic_load(&fail_with);
    if (n == 1 && atomic_load(&fail_first))
        return 5;
    s = arena_printf(a, "v%d", n);
    *value = s;
    *size = strlen(s) + 1;
    return 0;
}

/* The .same check under test: counts its calls, answers same_answer. */
static atomic_int sames, same_answer;

static int same(void *arg, const void *value, size_t size)
{
    (void)arg;
    CU_ASSERT_EQUAL(size, strlen(value) + 1);
    atomic_fetch_add(&sames, 1);
    return atomic_load(&same_answer);
}

static struct kept k = KEPT_INIT(load, 0);
static struct arena a;

static int set_up(void)
{
    arena_init(&a, 0);
    return 0;
}

static int tear_down(void)
{
    arena_release(&a);
    return 0;
}

/* A fresh k with the given limits and no value; the counters at zero. */
static void start(long long ttl_ms, long long stale_ms, int wait_ms)
{
    arena_reset(&a);
    kept_release(&k);
    k.ttl_ms = ttl_ms;
    k.stale_ms = stale_ms;
    k.wait_ms = wait_ms;
    atomic_store(&loads, 0);
    atomic_store(&fail_with, 0);
    atomic_store(&fail_first, 0);
    atomic_store(&hold, 0);
    forget_while_loading = NULL;
    reader_gen = 0;
    k.same = NULL;
    atomic_store(&sames, 0);
}

/* The value a reader at generation gen gets ("" on an error). */
static const char *get(unsigned long long gen)
{
    const void *v;
    size_t size;

    if (kept_get(&a, &k, gen, NULL, &v, &size) != 0)
        return "";
    CU_ASSERT_EQUAL(size, strlen(v) + 1);
    return v;
}

static void kept__loads_once_then_serves_the_kept_value(void)
{
    size_t bytes, entries;

    start(0, 0, 0);
    CU_ASSERT_EQUAL(kept_bytes(&k), 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    CU_ASSERT_EQUAL(atomic_load(&loads), 1);
    CU_ASSERT(kept_bytes(&k) > 0);
    kept_usage(&bytes, &entries);
    CU_ASSERT_EQUAL(entries, 1);
    CU_ASSERT(bytes >= kept_bytes(&k));
}

static void kept__ttl_expiry_reads_again(void)
{
    start(60, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    pause_ms(70);
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

/* A value its .same check finds unchanged is kept without a load; a changed
 * one is loaded; a new generation loads without asking. */
static void kept__an_unchanged_value_is_kept_without_a_load(void)
{
    start(60, 0, 0);
    k.same = same;
    atomic_store(&same_answer, 1);
    CU_ASSERT_STRING_EQUAL(get(0), "v1"); /* nothing kept: no check */
    CU_ASSERT_EQUAL(atomic_load(&sames), 0);
    pause_ms(70);
    CU_ASSERT_STRING_EQUAL(get(0), "v1"); /* too old, unchanged: kept */
    CU_ASSERT_EQUAL(atomic_load(&sames), 1);
    CU_ASSERT_EQUAL(atomic_load(&loads), 1);
    pause_ms(70);
    atomic_store(&same_answer, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v2"); /* changed */
    CU_ASSERT_EQUAL(atomic_load(&sames), 2);
    CU_ASSERT_STRING_EQUAL(get(1), "v3");
    CU_ASSERT_EQUAL(atomic_load(&sames), 2);
    CU_ASSERT_EQUAL(atomic_load(&loads), 3);
}

static void kept__generation_change_reads_again(void)
{
    start(0, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(1), "v1");
    CU_ASSERT_STRING_EQUAL(get(2), "v2");
    CU_ASSERT_STRING_EQUAL(get(2), "v2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

static void kept__forget_drops_the_value_and_a_load_it_overtook(void)
{
    start(0, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    kept_forget(&k);
    CU_ASSERT_EQUAL(kept_bytes(&k), 0);
    forget_while_loading = &k;
    CU_ASSERT_STRING_EQUAL(get(0), "v2"); /* its reader uses it... */
    CU_ASSERT_EQUAL(kept_bytes(&k), 0);   /* ...but it is not kept */
    forget_while_loading = NULL;
    CU_ASSERT_STRING_EQUAL(get(0), "v3");
    CU_ASSERT_STRING_EQUAL(get(0), "v3");
}

static void kept__loader_error_keeps_the_old_value(void)
{
    size_t before;

    start(20, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    before = kept_bytes(&k);
    pause_ms(30);
    atomic_store(&fail_with, 7);
    {
        const void *v = "x";
        size_t size = 1;

        CU_ASSERT_EQUAL(kept_get(&a, &k, 0, NULL, &v, &size), 7);
        CU_ASSERT_PTR_NULL(v);
        CU_ASSERT_EQUAL(size, 0);
    }
    CU_ASSERT_EQUAL(kept_bytes(&k), before);
    atomic_store(&fail_with, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v3"); /* the next reader tries again */
}

/* A reader's value outlives a forget and a refill until its arena is reset. */
static void kept__a_reader_keeps_its_value_until_its_arena_resets(void)
{
    struct arena mine;
    const void *v;
    size_t size;

    start(0, 0, 0);
    arena_init(&mine, 0);
    CU_ASSERT_EQUAL_FATAL(kept_get(&mine, &k, 0, NULL, &v, &size), 0);
    kept_forget(&k);
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
    CU_ASSERT_STRING_EQUAL(v, "v1"); /* ASan: still allocated */
    arena_release(&mine);            /* the last reference: freed */
}

static void *reader(void *arg)
{
    struct arena mine;
    const void *v;
    size_t size;

    arena_init(&mine, 0);
    if (kept_get(&mine, &k, reader_gen, NULL, &v, &size) == 0)
        snprintf(arg, 8, "%s", (const char *)v);
    arena_release(&mine);
    return NULL;
}

static void start_readers(pthread_t *th, char (*got)[8], int n)
{
    int i;

    for (i = 0; i < n; i++) {
        got[i][0] = '\0';
        CU_ASSERT_EQUAL_FATAL(pthread_create(&th[i], NULL, reader, got[i]), 0);
    }
}

static void kept__single_flight_one_load_for_many_readers(void)
{
    pthread_t th[8];
    char got[8][8];
    int i;

    start(0, 0, 0);
    atomic_store(&hold, 1);
    start_readers(th, got, 8);
    while (atomic_load(&loads) == 0)
        pause_ms(1);
    pause_ms(20); /* the others are waiting now */
    atomic_store(&hold, 0);
    for (i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        CU_ASSERT_STRING_EQUAL(got[i], "v1");
    }
    CU_ASSERT_EQUAL(atomic_load(&loads), 1);
}

static void *release_later(void *arg)
{
    (void)arg;
    pause_ms(80);
    atomic_store(&hold, 0);
    return NULL;
}

/* A reader thread refilling k, held inside the loader until hold clears
 * (by the timer thread 80 ms after this returns, when timer is set). */
struct slow_refill {
    pthread_t th, timer;
    int has_timer;
    char got[1][8];
};

static void slow_refill_start(struct slow_refill *s, int timer)
{
    long long give_up = clock_ms() + 5000;

    atomic_store(&hold, 1);
    start_readers(&s->th, s->got, 1);
    while (atomic_load(&in_load) == 0 && clock_ms() < give_up)
        pause_ms(1);
    CU_ASSERT_EQUAL(atomic_load(&in_load), 1); /* the reader is loading */
    s->has_timer = timer;
    if (timer)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&s->timer, NULL, release_later, NULL), 0);
}

/* Wait for the reader (and the timer); what the reader got. */
static const char *slow_refill_end(struct slow_refill *s)
{
    pthread_join(s->th, NULL);
    if (s->has_timer)
        pthread_join(s->timer, NULL);
    return s->got[0];
}

static void kept__stale_value_served_while_another_refills(void)
{
    struct slow_refill s;

    start(20, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    pause_ms(30);
    slow_refill_start(&s, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1"); /* at once, no second load */
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    atomic_store(&hold, 0);
    CU_ASSERT_STRING_EQUAL(slow_refill_end(&s), "v2");
    k.ttl_ms = 0; /* v2 may be older than 20 ms by now: what is kept, not its age */
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
}

/* The renewal tests: k with a ttl of 1 s (stale_ms the same, as a kept
 * table's slots have it) and "v1" read at *t0, read again at 300 ms (not
 * due: no load); back after ~960 ms, when v1 is due and still fresh. */
static void v1_due_for_renewal(long long *t0)
{
    start(1000, 1000, 0);
    *t0 = clock_ms();
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    pause_ms(300);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    if (clock_ms() - *t0 < 750) /* not yet due: not read again */
        CU_ASSERT_EQUAL(atomic_load(&loads), 1);
    pause_ms(660);
}

/* Run check (1 when it checked, 0 when the machine was too slow to ask
 * inside the 960-1000 ms window) up to five times. */
static void checked_in_time(int (*check)(void))
{
    int tries = 0;

    while (!check() && ++tries < 5)
        ;
    CU_ASSERT(tries < 5);
}

/* Past 75-95 % of its ttl a value is read again by its first reader while
 * the others are still served it at once: with stale_ms at the ttl they had
 * all waited for the reader whose request found it too old. */
static int renewal_checked(void)
{
    struct slow_refill s;
    long long t0, asked;
    const char *got;

    v1_due_for_renewal(&t0);
    slow_refill_start(&s, 0);
    asked = clock_ms() - t0;
    got = asked < 1000 ? get(0) : "";
    atomic_store(&hold, 0);
    CU_ASSERT_STRING_EQUAL(slow_refill_end(&s), "v2");
    if (asked >= 1000)
        return 0;
    CU_ASSERT_STRING_EQUAL(got, "v1"); /* served at once, no third load */
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
    return 1;
}

/* A renewal whose read fails (the database away for a moment) serves its
 * reader the value it renewed, still fresh, not the error. */
static int failed_renewal_checked(void)
{
    long long t0, asked;
    const char *got;

    v1_due_for_renewal(&t0);
    atomic_store(&fail_with, 7);
    asked = clock_ms() - t0;
    got = get(0);
    atomic_store(&fail_with, 0);
    if (asked >= 1000 || clock_ms() - t0 >= 1000)
        return 0;
    CU_ASSERT_EQUAL(atomic_load(&loads), 2); /* it did read again */
    CU_ASSERT_STRING_EQUAL(got, "v1");
    return 1;
}

static void kept__a_failed_renewal_serves_the_value_it_renewed(void)
{
    checked_in_time(failed_renewal_checked);
}

static void kept__renewed_before_its_ttl_while_others_are_served(void)
{
    checked_in_time(renewal_checked);
}

/* A value of an older generation is never served, even while another refills. */
static void kept__no_stale_value_after_a_generation_change(void)
{
    struct slow_refill s;

    start(0, 0, 5000);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    reader_gen = 1;
    slow_refill_start(&s, 1);             /* refills for generation 1 */
    CU_ASSERT_STRING_EQUAL(get(1), "v2"); /* waited for that refill: never v1 */
    CU_ASSERT_STRING_EQUAL(slow_refill_end(&s), "v2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

/* A reader with nothing to serve while a slow refill runs (released after
 * 80 ms, its first load failing when fail): it gets v2, its own load or
 * the kept one, within [min_ms, max_ms); the refilling reader got first. */
static void wait_behind_a_refill(int wait_ms, int fail, const char *first, long long min_ms,
                                 long long max_ms)
{
    struct slow_refill s;
    long long t0, took;

    start(0, 0, wait_ms);
    atomic_store(&fail_first, fail);
    slow_refill_start(&s, 1);
    t0 = clock_ms();
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
    took = clock_ms() - t0;
    CU_ASSERT(took >= min_ms && took < max_ms);
    CU_ASSERT_STRING_EQUAL(slow_refill_end(&s), first);
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

/* With nothing to serve, a reader waits wait_ms for the refill, then reads alone. */
static void kept__a_waiter_gives_up_after_wait_ms(void)
{
    wait_behind_a_refill(30, 0, "v1", 30, 4000);
}

/* A waiter whose refill failed reads for itself at once, not after wait_ms. */
static void kept__a_failed_refill_lets_the_waiters_read(void)
{
    wait_behind_a_refill(5000, 1, "" /* the first load's error */, 0, 4000);
}

/* A table of them, set up at run time, each its own value. */
static void kept__init_at_run_time(void)
{
    struct kept table[2];
    struct arena mine;
    const void *v[2];
    size_t size, i;

    start(0, 0, 0);
    arena_init(&mine, 0);
    for (i = 0; i < 2; i++) {
        kept_init(&table[i], load, 1000);
        CU_ASSERT_EQUAL(kept_get(&mine, &table[i], 0, NULL, &v[i], &size), 0);
        CU_ASSERT_EQUAL(kept_get(&mine, &table[i], 0, NULL, &v[i], &size), 0);
    }
    CU_ASSERT_STRING_EQUAL(v[0], "v1");
    CU_ASSERT_STRING_EQUAL(v[1], "v2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    arena_release(&mine);
    for (i = 0; i < 2; i++)
        kept_release(&table[i]);
}

/* kept_background()'s post for the test: run the job on a thread of its
 * own, with a non-NULL arg standing for a connection. */
struct behind {
    void (*run)(void *job, void *arg);
    void *job;
};

static void *behind_thread(void *p)
{
    struct behind b = *(struct behind *)p;

    free(p);
    b.run(b.job, &b);
    return NULL;
}

static int post_behind(void (*run)(void *job, void *arg), void *job)
{
    struct behind *b = malloc(sizeof(*b));
    pthread_t t;

    if (!b)
        return -1;
    b->run = run;
    b->job = job;
    if (pthread_create(&t, NULL, behind_thread, b)) {
        free(b);
        return -1;
    }
    pthread_detach(t);
    return 0;
}

/* Clear hold after 300 ms: a reader that did wait for the load is freed. */
static void *unhold(void *unused)
{
    (void)unused;
    pause_ms(300);
    atomic_store(&hold, 0);
    return NULL;
}

/* With kept_background() and .background, the reader whose get finds the
 * value due is served it at once like the rest while the load (held here)
 * runs on another thread; its value then serves. */
static int behind_checked(void)
{
    long long t0, asked, took;
    const char *got;
    pthread_t guard;
    int i;

    v1_due_for_renewal(&t0);
    k.background = 1;
    kept_background(post_behind);
    atomic_store(&hold, 1);
    CU_ASSERT_FATAL(pthread_create(&guard, NULL, unhold, NULL) == 0);
    asked = clock_ms();
    got = asked - t0 < 990 ? get(0) : "";
    took = clock_ms() - asked;
    pthread_join(guard, NULL);
    for (i = 0; i < 200 && atomic_load(&loads) < 2; i++) /* the renewal behind */
        pause_ms(10);
    for (i = 0; i < 100 && atomic_load(&in_load); i++)
        pause_ms(10);
    kept_background(NULL);
    k.background = 0;
    if (asked - t0 >= 990 || took >= 150)
        return 0; /* too slow a machine to ask inside the window, or descheduled */
    CU_ASSERT_STRING_EQUAL(got, "v1");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    pause_ms(20);
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
    return 1;
}

static void kept__renewed_behind_its_readers(void)
{
    checked_in_time(behind_checked);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__loads_once_then_serves_the_kept_value",
          kept__loads_once_then_serves_the_kept_value },
        { "kept__ttl_expiry_reads_again", kept__ttl_expiry_reads_again },
        { "kept__generation_change_reads_again", kept__generation_change_reads_again },
        { "kept__an_unchanged_value_is_kept_without_a_load",
          kept__an_unchanged_value_is_kept_without_a_load },
        { "kept__forget_drops_the_value_and_a_load_it_overtook",
          kept__forget_drops_the_value_and_a_load_it_overtook },
        { "kept__loader_error_keeps_the_old_value", kept__loader_error_keeps_the_old_value },
        { "kept__a_reader_keeps_its_value_until_its_arena_resets",
          kept__a_reader_keeps_its_value_until_its_arena_resets },
        { "kept__a_failed_renewal_serves_the_value_it_renewed",
          kept__a_failed_renewal_serves_the_value_it_renewed },
        { "kept__renewed_before_its_ttl_while_others_are_served",
          kept__renewed_before_its_ttl_while_others_are_served },
        { "kept__single_flight_one_load_for_many_readers",
          kept__single_flight_one_load_for_many_readers },
        { "kept__stale_value_served_while_another_refills",
          kept__stale_value_served_while_another_refills },
        { "kept__no_stale_value_after_a_generation_change",
          kept__no_stale_value_after_a_generation_change },
        { "kept__a_waiter_gives_up_after_wait_ms", kept__a_waiter_gives_up_after_wait_ms },
        { "kept__a_failed_refill_lets_the_waiters_read",
          kept__a_failed_refill_lets_the_waiters_read },
        { "kept__init_at_run_time", kept__init_at_run_time },
        { "kept__renewed_behind_its_readers", kept__renewed_behind_its_readers },
        { NULL, NULL },
    };
    test_add_suite_with("core/kept", cases, set_up, tear_down);
}
