/*
 * The enrolment status vocabulary (enrol.h): every status has one name,
 * names read back to the same status, and only enrolled and completed may
 * learn.
 */
#include <string.h>

#include "enrol/enrol.h"
#include "testing.h"

static void status__names_round_trip(void)
{
    static const char *const want[ENROL_STATUS_COUNT] = {
        NULL, "enrolled", "waitlisted", "completed", "cancelled", "offered",
    };
    int i;

    for (i = 0; i < ENROL_STATUS_COUNT; i++) {
        const char *name = enrol_status_name((enum enrol_status)i);

        if (!want[i]) {
            CU_ASSERT_PTR_NULL(name);
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_STRING_EQUAL(name, want[i]);
        CU_ASSERT_EQUAL(enrol_status_parse(name), (enum enrol_status)i);
    }
    CU_ASSERT_PTR_NULL(enrol_status_name((enum enrol_status)ENROL_STATUS_COUNT));
}

static void status__unknown_is_none(void)
{
    CU_ASSERT_EQUAL(enrol_status_parse(NULL), ENROL_NONE);
    CU_ASSERT_EQUAL(enrol_status_parse(""), ENROL_NONE);
    CU_ASSERT_EQUAL(enrol_status_parse("Enrolled"), ENROL_NONE);
    CU_ASSERT_EQUAL(enrol_status_parse("enrolled "), ENROL_NONE);
}

static void status__only_enrolled_and_completed_learn(void)
{
    int i;

    for (i = 0; i < ENROL_STATUS_COUNT; i++)
        CU_ASSERT_EQUAL(enrol_may_learn((enum enrol_status)i),
                        i == ENROL_ENROLLED || i == ENROL_COMPLETED);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "status__names_round_trip", status__names_round_trip },
        { "status__unknown_is_none", status__unknown_is_none },
        { "status__only_enrolled_and_completed_learn", status__only_enrolled_and_completed_learn },
        { NULL, NULL },
    };
    test_add_suite("enrol/status", cases);
}
