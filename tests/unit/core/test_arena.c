#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "testing.h"

static int deferred;

static void count_defer(void *p)
{
    deferred += *(int *)p;
}

static void assert_sane_arena(const struct arena *a)
{
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT(a->chunk_size > 0);
}

static void arena__alloc_is_aligned_and_distinct(void)
{
    struct arena a;
    char *p, *q;

    arena_init(&a, 256);
    p = arena_alloc(&a, 3);
    q = arena_alloc(&a, 5);
    assert_sane_arena(&a);
    CU_ASSERT((uintptr_t)p % _Alignof(max_align_t) == 0);
    CU_ASSERT((uintptr_t)q % _Alignof(max_align_t) == 0);
    CU_ASSERT(p != q);
    memset(p, 'x', 3);
    memset(q, 'y', 5);
    CU_ASSERT(p[2] == 'x' && q[0] == 'y');
    arena_release(&a);
}

static void arena__big_allocations_survive_reset_cycle(void)
{
    struct arena a;
    char *big;
    int i;

    arena_init(&a, 128);
    for (i = 0; i < 100; i++) {
        big = arena_alloc(&a, 10000);
        memset(big, 1, 10000);
        (void)arena_alloc(&a, 50);
        arena_reset(&a);
        assert_sane_arena(&a);
        CU_ASSERT(a.total == 0);
    }
    arena_release(&a);
    CU_ASSERT_PTR_NULL(a.head);
}

static void arena__printf_and_strdup(void)
{
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(arena_printf(&a, "%s-%d", "cwrs", 42), "cwrs-42");
    CU_ASSERT_STRING_EQUAL(arena_strndup(&a, "gweminar", 3), "gwe");
    CU_ASSERT_STRING_EQUAL(arena_strdup(&a, ""), "");
    arena_release(&a);
}

/* Texts that fit where the arena stands, and one that does not (a new
 * chunk): each whole, and none overwrites another. */
static void arena__printf_in_place_and_not(void)
{
    struct arena a;
    char *one, *two, *big, *after;
    char wide[3000];

    memset(wide, 'w', sizeof(wide) - 1);
    wide[sizeof(wide) - 1] = '\0';
    arena_init(&a, 1024);
    one = arena_printf(&a, "/%s/courses/%d", "cy", 7);
    two = arena_printf(&a, "%s", "");
    big = arena_printf(&a, "[%s]", wide);
    after = arena_printf(&a, "%05d", 42);
    CU_ASSERT_STRING_EQUAL(one, "/cy/courses/7");
    CU_ASSERT_STRING_EQUAL(two, "");
    CU_ASSERT_EQUAL(strlen(big), sizeof(wide) + 1);
    CU_ASSERT(big[0] == '[' && big[sizeof(wide)] == ']');
    CU_ASSERT_STRING_EQUAL(after, "00042");
    CU_ASSERT(two != one && after != two);
    arena_release(&a);
    /* 96 bytes left in the chunk: a longer text is written in a new one */
    arena_init(&a, 1024);
    arena_alloc(&a, 1024 - 96);
    one = arena_printf(&a, "%s %s %.100s", "gweminar", "cymuned ymarfer", wide);
    CU_ASSERT_EQUAL(strlen(one), 8 + 1 + 15 + 1 + 100);
    CU_ASSERT(!strncmp(one, "gweminar cymuned ymarfer www", 28));
    two = arena_printf(&a, "%d", 1);
    CU_ASSERT_STRING_EQUAL(two, "1");
    CU_ASSERT(!strncmp(one, "gweminar cymuned ymarfer www", 28));
    assert_sane_arena(&a);
    arena_release(&a);
}

static void arena__defers_run_newest_first_on_reset(void)
{
    struct arena a;
    int one = 1, ten = 10;

    arena_init(&a, 0);
    deferred = 0;
    arena_defer(&a, count_defer, &one);
    arena_defer(&a, count_defer, &ten);
    CU_ASSERT(deferred == 0);
    arena_reset(&a);
    CU_ASSERT(deferred == 11);
    arena_reset(&a);
    CU_ASSERT(deferred == 11);
    arena_release(&a);
}

/* arena_push keeps every item in order across growth, and arena_grow
 * leaves an array with room as it is. */
static void arena__push_grows_and_keeps_items(void)
{
    struct arena a;
    long long *v = NULL, *same;
    size_t n = 0, cap = 0, i;

    arena_init(&a, 256);
    for (i = 0; i < 1000; i++) {
        arena_push(&a, v, n, cap, (long long)i * 3);
        CU_ASSERT(n <= cap);
    }
    CU_ASSERT_EQUAL(n, 1000);
    CU_ASSERT(cap >= 1000 && cap < 2048);
    for (i = 0; i < n; i++)
        CU_ASSERT_EQUAL(v[i], (long long)i * 3);
    cap = 2000;
    same = arena_grow(&a, v, n, &cap, sizeof(*v));
    CU_ASSERT_PTR_EQUAL(same, v);
    CU_ASSERT_EQUAL(cap, 2000);
    arena_release(&a);
}

/* What a worker keeps between requests is one chunk, whatever it rendered;
 * the footprint counts every chunk held, used or not. */
static void arena__footprint_counts_chunks_and_reset_keeps_one(void)
{
    struct arena a;
    size_t one;
    int i;

    arena_init(&a, 16 * 1024);
    CU_ASSERT_EQUAL(arena_footprint(&a), 0);
    arena_alloc(&a, 10);
    one = arena_footprint(&a);
    CU_ASSERT(one >= 16 * 1024 && one < 17 * 1024);
    for (i = 0; i < 8; i++)
        arena_alloc(&a, 12 * 1024); /* a big page: more chunks */
    arena_alloc(&a, 100 * 1024);    /* and a one-off */
    CU_ASSERT(arena_footprint(&a) >= 8 * 12 * 1024 + 100 * 1024);
    arena_reset(&a);
    CU_ASSERT_EQUAL(arena_footprint(&a), one);
    arena_release(&a);
    CU_ASSERT_EQUAL(arena_footprint(&a), 0);
}

static int n_cleanups;

static void count_cleanup(void *p)
{
    (void)p;
    n_cleanups++;
}

/* A worker releases its arena after each request: nothing is kept, the
 * deferred cleanups run, and the arena serves the next request as it is. */
static void arena__release_keeps_nothing_and_serves_again(void)
{
    struct arena a;
    int round;

    arena_init(&a, 16 * 1024);
    for (round = 0; round < 3; round++) {
        char *s;

        n_cleanups = 0;
        s = arena_strdup(&a, "cwrs");
        arena_alloc(&a, 40 * 1024); /* a big page */
        arena_defer(&a, count_cleanup, NULL);
        CU_ASSERT_STRING_EQUAL(s, "cwrs");
        CU_ASSERT(arena_footprint(&a) >= 56 * 1024);
        arena_release(&a);
        CU_ASSERT_EQUAL(n_cleanups, 1);
        CU_ASSERT_EQUAL(arena_footprint(&a), 0);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "arena__release_keeps_nothing_and_serves_again",
          arena__release_keeps_nothing_and_serves_again },
        { "arena__alloc_is_aligned_and_distinct", arena__alloc_is_aligned_and_distinct },
        { "arena__big_allocations_survive_reset_cycle",
          arena__big_allocations_survive_reset_cycle },
        { "arena__printf_and_strdup", arena__printf_and_strdup },
        { "arena__printf_in_place_and_not", arena__printf_in_place_and_not },
        { "arena__defers_run_newest_first_on_reset", arena__defers_run_newest_first_on_reset },
        { "arena__push_grows_and_keeps_items", arena__push_grows_and_keeps_items },
        { "arena__footprint_counts_chunks_and_reset_keeps_one",
          arena__footprint_counts_chunks_and_reset_keeps_one },
        { NULL, NULL },
    };
    test_add_suite("core/arena", cases);
}
