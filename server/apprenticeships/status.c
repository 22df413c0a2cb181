/*
 * The apprentice's status vocabulary and the transitions allowed between
 * its states (docs/apprenticeships.md has the diagram):
 *   in learning -> on a break, completed, withdrawn, transferred
 *   on a break  -> in learning (the return), withdrawn
 * completed, withdrawn and transferred are final: a new aim is a new record.
 */
#include <string.h>

#include "apprenticeships/apprenticeships.h"

const char *const appr_status_codes[APPR_STATUS__N] = {
    [APPR_IN_LEARNING] = "in_learning", [APPR_ON_BREAK] = "on_break",
    [APPR_COMPLETED] = "completed",     [APPR_WITHDRAWN] = "withdrawn",
    [APPR_TRANSFERRED] = "transferred",
};

int appr_status_parse(const char *code)
{
    int i;

    for (i = 0; code && i < APPR_STATUS__N; i++)
        if (!strcmp(code, appr_status_codes[i]))
            return i;
    return -1;
}

int appr_transition_allowed(int from, int to)
{
    if (from == APPR_IN_LEARNING)
        return to == APPR_ON_BREAK || to == APPR_COMPLETED || to == APPR_WITHDRAWN ||
               to == APPR_TRANSFERRED;
    if (from == APPR_ON_BREAK)
        return to == APPR_IN_LEARNING || to == APPR_WITHDRAWN;
    return 0;
}
