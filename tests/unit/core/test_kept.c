#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/kept.h"
#include "testing.h"

/* The loader under test: "v<n>" for its n-th call, or fail_with when set;
 * with hold set it waits for hold to clear (a slow database). */
static atomic_int loads, fail_with, hold, in_load;
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
    s = arena_printf(a, "v%d", n);
    *value = s;
    *size = strlen(s) + 1;
    return 0;
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
    atomic_store(&hold, 0);
    forget_while_loading = NULL;
    reader_gen = 0;
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

static void kept__stale_value_served_while_another_refills(void)
{
    pthread_t th;
    char got[1][8];

    start(20, 0, 0);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    pause_ms(30);
    atomic_store(&hold, 1);
    start_readers(&th, got, 1);
    while (atomic_load(&in_load) == 0)
        pause_ms(1);
    CU_ASSERT_STRING_EQUAL(get(0), "v1"); /* at once, no second load */
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    atomic_store(&hold, 0);
    pthread_join(th, NULL);
    CU_ASSERT_STRING_EQUAL(got[0], "v2");
    k.ttl_ms = 0; /* v2 may be older than 20 ms by now: what is kept, not its age */
    CU_ASSERT_STRING_EQUAL(get(0), "v2");
}

static void *release_later(void *arg)
{
    (void)arg;
    pause_ms(80);
    atomic_store(&hold, 0);
    return NULL;
}

/* A value of an older generation is never served, even while another refills. */
static void kept__no_stale_value_after_a_generation_change(void)
{
    pthread_t th, timer;
    char got[1][8];

    start(0, 0, 5000);
    CU_ASSERT_STRING_EQUAL(get(0), "v1");
    atomic_store(&hold, 1);
    reader_gen = 1;
    start_readers(&th, got, 1); /* refills for generation 1 */
    while (atomic_load(&in_load) == 0)
        pause_ms(1);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&timer, NULL, release_later, NULL), 0);
    CU_ASSERT_STRING_EQUAL(get(1), "v2"); /* waited for that refill: never v1 */
    pthread_join(th, NULL);
    pthread_join(timer, NULL);
    CU_ASSERT_STRING_EQUAL(got[0], "v2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

/* With nothing to serve, a reader waits wait_ms for the refill, then reads alone. */
static void kept__a_waiter_gives_up_after_wait_ms(void)
{
    pthread_t th, timer;
    char got[1][8];
    long long t0;

    start(0, 0, 30);
    atomic_store(&hold, 1);
    start_readers(&th, got, 1);
    while (atomic_load(&in_load) == 0)
        pause_ms(1);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&timer, NULL, release_later, NULL), 0);
    t0 = clock_ms();
    CU_ASSERT_STRING_EQUAL(get(0), "v2"); /* its own load, the second */
    CU_ASSERT(clock_ms() - t0 >= 30);
    pthread_join(th, NULL);
    pthread_join(timer, NULL);
    CU_ASSERT_STRING_EQUAL(got[0], "v1");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__loads_once_then_serves_the_kept_value",
          kept__loads_once_then_serves_the_kept_value },
        { "kept__ttl_expiry_reads_again", kept__ttl_expiry_reads_again },
        { "kept__generation_change_reads_again", kept__generation_change_reads_again },
        { "kept__forget_drops_the_value_and_a_load_it_overtook",
          kept__forget_drops_the_value_and_a_load_it_overtook },
        { "kept__loader_error_keeps_the_old_value", kept__loader_error_keeps_the_old_value },
        { "kept__a_reader_keeps_its_value_until_its_arena_resets",
          kept__a_reader_keeps_its_value_until_its_arena_resets },
        { "kept__single_flight_one_load_for_many_readers",
          kept__single_flight_one_load_for_many_readers },
        { "kept__stale_value_served_while_another_refills",
          kept__stale_value_served_while_another_refills },
        { "kept__no_stale_value_after_a_generation_change",
          kept__no_stale_value_after_a_generation_change },
        { "kept__a_waiter_gives_up_after_wait_ms", kept__a_waiter_gives_up_after_wait_ms },
        { NULL, NULL },
    };
    test_add_suite_with("core/kept", cases, set_up, tear_down);
}
