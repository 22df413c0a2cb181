/* Queue positions as ordinals in digits (webinars/ordinal.c): every Welsh
 * ending from 1 to 20 as the grammar books give them, the vigesimal endings
 * past 20, the fallback past 99, and English. */
#include <string.h>

#include "core/arena.h"
#include "testing.h"
#include "webinars/webinars.h"

static struct arena a;

static void expect(enum lang l, int n, const char *want)
{
    const char *got = webinar_ordinal(&a, l, n);

    if (!want) {
        CU_ASSERT_PTR_NULL(got);
        return;
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    if (strcmp(got, want))
        fprintf(stderr, "%d: got %s, want %s\n", n, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
}

static void test_welsh_1_to_20(void)
{
    static const char *const want[] = {
        "1af",  "2il",   "3ydd", "4ydd", "5ed",   "6ed",  "7fed", "8fed",  "9fed", "10fed",
        "11eg", "12fed", "13eg", "14eg", "15fed", "16eg", "17eg", "18fed", "19eg", "20fed",
    };
    int i;

    arena_init(&a, 0);
    for (i = 0; i < 20; i++)
        expect(LANG_CY, i + 1, want[i]);
    arena_release(&a);
}

static void test_welsh_larger(void)
{
    arena_init(&a, 0);
    expect(LANG_CY, 21, "21ain");
    expect(LANG_CY, 22, "22ain");
    expect(LANG_CY, 30, "30ain");
    expect(LANG_CY, 39, "39ain");
    expect(LANG_CY, 40, "40fed");
    expect(LANG_CY, 41, "41ain");
    expect(LANG_CY, 50, "50fed");
    expect(LANG_CY, 60, "60fed");
    expect(LANG_CY, 70, "70ain");
    expect(LANG_CY, 80, "80fed");
    expect(LANG_CY, 99, "99ain");
    expect(LANG_CY, 100, NULL);
    expect(LANG_CY, 0, NULL);
    expect(LANG_CY, -3, NULL);
    arena_release(&a);
}

static void test_english(void)
{
    arena_init(&a, 0);
    expect(LANG_EN, 1, "1st");
    expect(LANG_EN, 2, "2nd");
    expect(LANG_EN, 3, "3rd");
    expect(LANG_EN, 4, "4th");
    expect(LANG_EN, 11, "11th");
    expect(LANG_EN, 12, "12th");
    expect(LANG_EN, 13, "13th");
    expect(LANG_EN, 21, "21st");
    expect(LANG_EN, 102, "102nd");
    expect(LANG_EN, 111, "111th");
    expect(LANG_EN, 1003, "1003rd");
    expect(LANG_EN, 0, NULL);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "Welsh 1 to 20", test_welsh_1_to_20 },
        { "Welsh past 20 and the fallback", test_welsh_larger },
        { "English", test_english },
        { NULL, NULL },
    };
    test_add_suite("webinar ordinals", cases);
}
