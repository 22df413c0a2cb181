/*
 * auth/ratelimit.c: the pure arithmetic (fixed windows, the per-account
 * progressive delay and the soft lock of security.md 1.1).
 */
#include <limits.h>
#include <time.h>

#include "auth/ratelimit.h"
#include "testing.h"

struct window_case {
    time_t now;
    int window_s;
    time_t want;
};

static const struct window_case window_cases[] = {
    { 0, 60, 0 },
    { 1, 60, 0 },
    { 59, 60, 0 },
    { 60, 60, 60 },
    { 61, 60, 60 },
    { 1700000123, 60, 1700000100 },
    { 1700000123, 3600, 1699999200 },
    { 1700000123, 86400, 1699920000 },
    { 1700000123, 1, 1700000123 },
    { 1700000100, 60, 1700000100 }, /* a window starts at its own second */
    { -1, 60, -60 },                /* before 1970: still the window containing now */
    { -60, 60, -60 },
    { -61, 60, -120 },
};

static void window__start_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(window_cases) / sizeof(window_cases[0]); i++) {
        time_t got = ratelimit_window_start(window_cases[i].now, window_cases[i].window_s);

        CU_ASSERT_EQUAL(got, window_cases[i].want);
        /* the window contains now */
        CU_ASSERT(got <= window_cases[i].now);
        CU_ASSERT(window_cases[i].now < got + window_cases[i].window_s);
    }
}

static void window__consecutive_seconds_share_a_window(void)
{
    time_t t, start = ratelimit_window_start(1700000100, 60);

    for (t = 1700000100; t < 1700000160; t++)
        CU_ASSERT_EQUAL(ratelimit_window_start(t, 60), start);
    CU_ASSERT_EQUAL(ratelimit_window_start(1700000160, 60), start + 60);
}

struct delay_case {
    unsigned failures;
    int want;
};

static const struct delay_case delay_cases[] = {
    { 0, 0 },   { 1, 0 },   { 4, 0 },     { 5, 0 },         { 6, 2 },   { 7, 4 },
    { 8, 8 },   { 9, 16 },  { 10, 32 },   { 11, 60 },       { 12, 60 }, { 20, 60 },
    { 37, 60 }, { 69, 60 }, { 1000, 60 }, { UINT_MAX, 60 },
};

static void delay__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(delay_cases) / sizeof(delay_cases[0]); i++)
        CU_ASSERT_EQUAL(ratelimit_delay_for(delay_cases[i].failures), delay_cases[i].want);
}

static void delay__never_decreases(void)
{
    unsigned n;

    for (n = 1; n < 200; n++)
        CU_ASSERT(ratelimit_delay_for(n) >= ratelimit_delay_for(n - 1));
}

static void lock__table(void)
{
    CU_ASSERT_EQUAL(ratelimit_lock_for(0), 0);
    CU_ASSERT_EQUAL(ratelimit_lock_for(5), 0);
    CU_ASSERT_EQUAL(ratelimit_lock_for(20), 0);
    CU_ASSERT_EQUAL(ratelimit_lock_for(21), 15 * 60);
    CU_ASSERT_EQUAL(ratelimit_lock_for(100), 15 * 60);
    CU_ASSERT_EQUAL(ratelimit_lock_for(UINT_MAX), 15 * 60); /* soft: never longer */
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "window__start_table", window__start_table },
        { "window__consecutive_seconds_share_a_window",
          window__consecutive_seconds_share_a_window },
        { "delay__table", delay__table },
        { "delay__never_decreases", delay__never_decreases },
        { "lock__table", lock__table },
        { NULL, NULL },
    };

    test_add_suite("ratelimit", cases);
}
