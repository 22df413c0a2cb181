/*
 * digest: when the daily digest of the forums' notifications goes out: at
 * the digest hour (the digest_hour setting, DYSGU_DIGEST_HOUR, default 7)
 * of London's wall clock, GMT or BST. A daily reader's notification is due
 * (forum_notifications.mail_after) at the next such instant, so every one of
 * a day is gathered into one mail at that hour, whichever server sends it
 * and however often servers restart.
 */
#include <stdio.h>
#include <time.h>

#include "communities/communities.h"
#include "view/datefmt.h"

static int digest_hour = 7;

void forum_digest_set_hour(int hour)
{
    digest_hour = hour >= 0 && hour <= 23 ? hour : 7;
}

/* The digest hour of the London day days after now's: 0 and *out, or -1
 * (an hour that day lacks: 01:00 when the clocks go forward). */
static int slot_of_day(time_t now, int days, time_t *out)
{
    time_t local = now + datefmt_london_offset(now) + (time_t)days * 86400;
    char date[32], hm[16];
    struct tm tm;

    gmtime_r(&local, &tm);
    snprintf(date, sizeof(date), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    snprintf(hm, sizeof(hm), "%02d:00", digest_hour);
    return datefmt_parse_london(date, hm, out);
}

time_t forum_digest_next(time_t now)
{
    time_t t;
    int days;

    for (days = -1; days <= 2; days++)
        if (!slot_of_day(now, days, &t) && t > now)
            return t;
    return now + 86400;
}

time_t forum_digest_last(time_t now)
{
    time_t t;
    int days;

    for (days = 1; days >= -2; days--)
        if (!slot_of_day(now, days, &t) && t <= now)
            return t;
    return now - 86400;
}
