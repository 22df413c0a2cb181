/* A webinar's start as typed in the form (London wall-clock time) to UTC,
 * across both daylight-saving changes (view/datefmt.c datefmt_parse_london). */
#include "testing.h"
#include "view/datefmt.h"

/* t, or -2 when it does not parse (so a failure shows which). */
static long long at(const char *date, const char *time)
{
    time_t t = 0;

    return datefmt_parse_london(date, time, &t) ? -2 : (long long)t;
}

static void dates__winter_and_summer(void)
{
    CU_ASSERT_EQUAL(at("2027-02-03", "10:00"), 1801648800LL); /* GMT: 10:00 UTC */
    CU_ASSERT_EQUAL(at("2026-07-01", "10:00"), 1782896400LL); /* BST: 09:00 UTC */
    CU_ASSERT_EQUAL(at("2028-02-29", "00:00"), 1835395200LL); /* a leap day */
}

static void dates__the_spring_gap(void)
{
    /* 28 March 2027: 01:00 GMT becomes 02:00 BST */
    CU_ASSERT_EQUAL(at("2027-03-28", "00:59"), 1806195540LL);
    CU_ASSERT_EQUAL(at("2027-03-28", "01:00"), -2);
    CU_ASSERT_EQUAL(at("2027-03-28", "01:59"), -2);
    CU_ASSERT_EQUAL(at("2027-03-28", "02:00"), 1806195600LL); /* 01:00 UTC */
}

static void dates__the_autumn_overlap(void)
{
    /* 31 October 2027: 02:00 BST becomes 01:00 GMT; 01:30 happens twice */
    CU_ASSERT_EQUAL(at("2027-10-31", "00:30"), 1824939000LL); /* 23:30 UTC the day before */
    CU_ASSERT_EQUAL(at("2027-10-31", "01:30"), 1824942600LL); /* the first, BST: 00:30 UTC */
    CU_ASSERT_EQUAL(at("2027-10-31", "02:00"), 1824948000LL); /* GMT: 02:00 UTC */
}

static void dates__malformed(void)
{
    static const char *const bad[][2] = {
        { "2027-02-30", "10:00" }, { "2027-13-01", "10:00" },
        { "2027-2-3", "10:00" },   { "2027-02-03", "24:00" },
        { "2027-02-03", "10:60" }, { "2027-02-03", "1000" },
        { "2027/02/03", "10:00" }, { "", "" },
        { "2027-02-03", "1o:00" }, { "2027-02-29", "10:00" },
        { "1969-12-31", "10:00" },
    };
    size_t i;
    time_t t;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_EQUAL(datefmt_parse_london(bad[i][0], bad[i][1], &t), -1);
    CU_ASSERT_EQUAL(datefmt_parse_london(NULL, "10:00", &t), -1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "winter and summer", dates__winter_and_summer },
        { "the spring gap", dates__the_spring_gap },
        { "the autumn overlap", dates__the_autumn_overlap },
        { "malformed", dates__malformed },
        { NULL, NULL },
    };
    test_add_suite("webinar dates", cases);
}
