#include "datefmt.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "i18n.h"

/* A broken-down time; 64-bit fields so no time_t can overflow them. */
struct civil {
    long long year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
    int wday;  /* 0 = Sunday */
    int hour, min, sec;
};

/*
 * Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant, "chrono-Compatible Low-Level Date Algorithms"). Pure integer
 * arithmetic, so no gmtime()/timegm() and no dependence on TZ.
 */
static long long days_from_civil(long long y, int m, int d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, struct civil *c)
{
    long long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    c->year = yoe + era * 400 + (c->month <= 2);
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(long long days)
{
    return (int)((days % 7 + 11) % 7);
}

/* Split t into whole days since the epoch and seconds into that day (0..86399). */
static void split(time_t t, long long *days, long *secs)
{
    long long s = (long long)t;

    *days = s / 86400;
    *secs = (long)(s % 86400);
    if (*secs < 0) {
        *secs += 86400;
        (*days)--;
    }
}

/* Day number of the last Sunday of month m (31 days long) in year y. */
static long long last_sunday(long long y, int m)
{
    long long d = days_from_civil(y, m, 31);

    return d - weekday(d);
}

int datefmt_london_offset(time_t utc)
{
    struct civil c;
    long long days, start, end;
    long secs;

    split(utc, &days, &secs);
    civil_from_days(days, &c);
    start = last_sunday(c.year, 3);
    end = last_sunday(c.year, 10);
    /* the change happens at 01:00 UTC on both days */
    if ((days > start || (days == start && secs >= 3600)) &&
        (days < end || (days == end && secs < 3600)))
        return 3600;
    return 0;
}

/* The civil date and time of t shifted by offset seconds (0 or 3600). */
static void to_civil(time_t t, int offset, struct civil *c)
{
    long long days;
    long secs;

    split(t, &days, &secs);
    secs += offset;
    if (secs >= 86400) {
        secs -= 86400;
        days++;
    }
    civil_from_days(days, c);
    c->wday = weekday(days);
    c->hour = (int)(secs / 3600);
    c->min = (int)(secs / 60 % 60);
    c->sec = (int)(secs % 60);
}

static void to_london(time_t utc, struct civil *c)
{
    to_civil(utc, datefmt_london_offset(utc), c);
}

/*
 * The London date of utc in the catalogue's format at key (fallback when the
 * catalogue lacks it), with the names at date.day.N and date.month.N. The
 * key buffers must outlive the i18n_format(), because a missing name comes
 * back as the key itself.
 */
static char *format_date(struct arena *a, const struct i18n *t, enum lang l, const char *key,
                         const char *fallback, time_t utc)
{
    struct civil c;
    char day[32], month[32], num[8], year[24];
    const char *fmt = i18n_text(t, l, key);

    assert(a && t);
    to_london(utc, &c);
    snprintf(day, sizeof(day), "date.day.%d", c.wday);
    snprintf(month, sizeof(month), "date.month.%d", c.month);
    snprintf(num, sizeof(num), "%d", c.day);
    snprintf(year, sizeof(year), "%lld", c.year);
    return i18n_format(a, fmt == key ? fallback : fmt, "weekday", i18n_text(t, l, day), "day", num,
                       "month", i18n_text(t, l, month), "year", year, NULL);
}

char *datefmt_date(struct arena *a, const struct i18n *t, enum lang l, time_t utc)
{
    return format_date(a, t, l, "date.short", "{day} {month} {year}", utc);
}

char *datefmt_weekday_date(struct arena *a, const struct i18n *t, enum lang l, time_t utc)
{
    return format_date(a, t, l, "date.long", "{weekday} {day} {month} {year}", utc);
}

char *datefmt_weekday_date_in_text(struct arena *a, const struct i18n *t, enum lang l, time_t utc)
{
    return format_date(a, t, l, "date.long_in_text", "{weekday} {day} {month} {year}", utc);
}

char *datefmt_time(struct arena *a, time_t utc)
{
    struct civil c;

    assert(a);
    to_london(utc, &c);
    return arena_printf(a, "%02d:%02d", c.hour, c.min);
}

char *datefmt_form_date(struct arena *a, time_t utc)
{
    struct civil c;

    assert(a);
    to_london(utc, &c);
    return arena_printf(a, "%04lld-%02d-%02d", c.year, c.month, c.day);
}

char *datefmt_iso(struct arena *a, time_t utc)
{
    struct civil c;

    assert(a);
    to_civil(utc, 0, &c);
    return arena_printf(a, "%04lld-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour,
                        c.min, c.sec);
}

const char *datefmt_duration(struct arena *a, const struct i18n *t, enum lang l, int minutes)
{
    int h = minutes / 60, m = minutes % 60;

    if (!h)
        return i18n_pluralf(a, t, l, "duration.minutes", m);
    if (!m)
        return i18n_pluralf(a, t, l, "duration.hours", h);
    return i18n_format(a, i18n_text(t, l, "duration.hours_minutes"), "hours",
                       i18n_pluralf(a, t, l, "duration.hours", h), "minutes",
                       i18n_pluralf(a, t, l, "duration.minutes", m), NULL);
}

const char *datefmt_ago(struct arena *a, const struct i18n *t, enum lang l, time_t then, time_t now)
{
    long long s = (long long)now - (long long)then;

    if (s < 60)
        return i18n_text(t, l, "date.ago.seconds");
    if (s < 3600)
        return i18n_pluralf(a, t, l, "date.ago.minutes", (long)(s / 60));
    if (s < 86400)
        return i18n_pluralf(a, t, l, "date.ago.hours", (long)(s / 3600));
    if (s < 7 * 86400)
        return i18n_pluralf(a, t, l, "date.ago.days", (long)(s / 86400));
    return datefmt_date(a, t, l, then);
}

/* n digits at s into *v; 0, or -1 if any is not a digit. */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (; n > 0; n--, s++) {
        if (*s < '0' || *s > '9')
            return -1;
        *v = *v * 10 + (*s - '0');
    }
    return 0;
}

int datefmt_parse_london(const char *date, const char *time, time_t *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d, h, mi, leap;
    long long local;

    if (!date || !time || strlen(date) != 10 || strlen(time) != 5 || date[4] != '-' ||
        date[7] != '-' || time[2] != ':' || digits(date, 4, &y) || digits(date + 5, 2, &m) ||
        digits(date + 8, 2, &d) || digits(time, 2, &h) || digits(time + 3, 2, &mi))
        return -1;
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap) ||
        h > 23 || mi > 59)
        return -1;
    local = days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60;
    /* BST first: of an hour that happens twice, the first */
    if (datefmt_london_offset((time_t)(local - 3600)) == 3600) {
        *out = (time_t)(local - 3600);
        return 0;
    }
    if (datefmt_london_offset((time_t)local) == 0) {
        *out = (time_t)local;
        return 0;
    }
    return -1;
}
