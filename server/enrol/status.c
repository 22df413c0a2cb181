/*
 * The enrolment status vocabulary (enrol.h): the one place that knows how
 * enrolments.status spells each state.
 */
#include <string.h>

#include "enrol/enrol.h"

static const char *const names[ENROL_STATUS_COUNT] = {
    [ENROL_NONE] = NULL,
    [ENROL_ENROLLED] = "enrolled",
    [ENROL_WAITLISTED] = "waitlisted",
    [ENROL_COMPLETED] = "completed",
    [ENROL_CANCELLED] = "cancelled",
    [ENROL_OFFERED] = "offered",
};

const char *enrol_status_name(enum enrol_status s)
{
    return (unsigned)s < ENROL_STATUS_COUNT ? names[s] : NULL;
}

enum enrol_status enrol_status_parse(const char *s)
{
    int i;

    for (i = ENROL_NONE + 1; s && i < ENROL_STATUS_COUNT; i++)
        if (!strcmp(s, names[i]))
            return (enum enrol_status)i;
    return ENROL_NONE;
}

int enrol_may_learn(enum enrol_status s)
{
    return s == ENROL_ENROLLED || s == ENROL_COMPLETED;
}
