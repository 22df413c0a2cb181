/*
 * auth/ratelimit.c: the pure arithmetic (fixed windows, security.md 1.1).
 */
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

void test_register(void)
{
    static const struct test_case cases[] = {
        { "window__start_table", window__start_table },
        { "window__consecutive_seconds_share_a_window",
          window__consecutive_seconds_share_a_window },
        { NULL, NULL },
    };

    test_add_suite("ratelimit", cases);
}
