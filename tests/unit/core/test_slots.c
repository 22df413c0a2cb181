#include <pthread.h>

#include "core/clock.h"
#include "core/slots.h"
#include "testing.h"

static struct slots s = SLOTS_INIT;

static void slots__at_most_n_then_refused(void)
{
    long long t0;

    CU_ASSERT_EQUAL(slots_take(&s, 2, 0), 0);
    CU_ASSERT_EQUAL(slots_take(&s, 2, 0), 0);
    CU_ASSERT_EQUAL(slots_used(&s), 2);
    t0 = clock_ms();
    CU_ASSERT_EQUAL(slots_take(&s, 2, 50), -1); /* waited, then refused */
    CU_ASSERT(clock_ms() - t0 >= 40);
    CU_ASSERT_EQUAL(s.refused, 1);
    slots_give(&s);
    CU_ASSERT_EQUAL(slots_take(&s, 2, 0), 0);
    slots_give(&s);
    slots_give(&s);
    CU_ASSERT_EQUAL(slots_used(&s), 0);
    CU_ASSERT_EQUAL(slots_take(&s, 0, 0), 0); /* n < 1 is one slot */
    CU_ASSERT_EQUAL(slots_take(&s, 0, 0), -1);
    slots_give(&s);
}

static void *give_later(void *arg)
{
    struct timespec ts = { 0, 30 * 1000 * 1000 };

    nanosleep(&ts, NULL);
    slots_give(arg);
    return NULL;
}

static void slots__a_waiter_gets_a_slot_given_back(void)
{
    pthread_t th;

    CU_ASSERT_EQUAL_FATAL(slots_take(&s, 1, 0), 0);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, give_later, &s), 0);
    CU_ASSERT_EQUAL(slots_take(&s, 1, 5000), 0);
    pthread_join(th, NULL);
    slots_give(&s);
    CU_ASSERT_EQUAL(slots_used(&s), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "slots__at_most_n_then_refused", slots__at_most_n_then_refused },
        { "slots__a_waiter_gets_a_slot_given_back", slots__a_waiter_gets_a_slot_given_back },
        { NULL, NULL },
    };
    test_add_suite("core/slots", cases);
}
