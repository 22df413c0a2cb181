/*
 * communities/digest: the daily digest's hour on London's wall clock, GMT
 * and BST, and on the day the clocks go forward.
 */
#include <time.h>

#include "communities/communities.h"
#include "testing.h"

/* The instant of UTC wall-clock y-m-d h:mi (days from the civil date). */
static time_t utc(int y, int m, int d, int h, int mi)
{
    long long yy = m <= 2 ? y - 1 : y, era = yy / 400, yoe = yy - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;

    return (time_t)(days * 86400 + h * 3600 + mi * 60);
}

static void digest__at_the_hour_of_london(void)
{
    forum_digest_set_hour(7);
    /* winter: 07:00 GMT is 07:00 UTC */
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 12, 6, 2, 0)), utc(2026, 12, 6, 7, 0));
    CU_ASSERT_EQUAL(forum_digest_last(utc(2026, 12, 6, 2, 0)), utc(2026, 12, 5, 7, 0));
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 12, 6, 7, 0)), utc(2026, 12, 7, 7, 0));
    CU_ASSERT_EQUAL(forum_digest_last(utc(2026, 12, 6, 7, 0)), utc(2026, 12, 6, 7, 0));
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 12, 31, 23, 30)), utc(2027, 1, 1, 7, 0));
    /* summer: 07:00 BST is 06:00 UTC */
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 7, 1, 10, 0)), utc(2026, 7, 2, 6, 0));
    CU_ASSERT_EQUAL(forum_digest_last(utc(2026, 7, 1, 10, 0)), utc(2026, 7, 1, 6, 0));
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 7, 1, 5, 59)), utc(2026, 7, 1, 6, 0));
    /* the clocks go forward on 29 March 2026: 07:00 that day is BST */
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 3, 29, 0, 30)), utc(2026, 3, 29, 6, 0));
    /* 01:00 does not happen that day: the next is a day on */
    forum_digest_set_hour(1);
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 3, 29, 0, 30)), utc(2026, 3, 30, 0, 0));
    forum_digest_set_hour(99); /* out of range: the default */
    CU_ASSERT_EQUAL(forum_digest_next(utc(2026, 12, 6, 2, 0)), utc(2026, 12, 6, 7, 0));
    forum_digest_set_hour(7);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "digest__at_the_hour_of_london", digest__at_the_hour_of_london },
        { NULL, NULL },
    };
    test_add_suite("unit/communities/digest", cases);
}
