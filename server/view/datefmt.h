/*
 * datefmt: dates and times for people. Stored UTC, shown in Europe/London
 * (DESIGN.md "Bilingual rules"), with month and day names from the
 * catalogue keys date.month.1 ... date.month.12 and date.day.0 (Sunday) ...
 * date.day.6, so Welsh pages say "23 Tachwedd 2026". The order of the parts
 * is the catalogue's too: date.short, date.long and date.long_in_text, with
 * the placeholders {weekday} {day} {month} {year} (a catalogue without them
 * gets "{weekday} {day} {month} {year}").
 *
 * London time is computed, with no tzdata: BST (UTC+1) runs from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October
 * (Summer Time Order 2002, the EU rule since 1996); GMT otherwise. The rule
 * is applied to every year, so dates before 1996 may be an hour off.
 *
 * All functions are pure, work for any time_t (proleptic Gregorian calendar)
 * and return strings allocated in a, valid until the arena is reset.
 */
#pragma once

#include <time.h>

#include "core/lang.h"

struct arena;
struct i18n;

/* Offset of London from UTC at instant utc, in seconds: 0 (GMT) or 3600 (BST). */
int datefmt_london_offset(time_t utc);

/* "23 Tachwedd 2026" / "23 November 2026": London day, no leading zero. */
char *datefmt_date(struct arena *a, const struct i18n *t, enum lang l, time_t utc);

/*
 * "Dydd Llun 23 Tachwedd 2026" / "Monday 23 November 2026": a date standing
 * on its own (a table cell, a label, the start of a sentence).
 */
char *datefmt_weekday_date(struct arena *a, const struct i18n *t, enum lang l, time_t utc);

/*
 * The same inside running text: "dydd Llun 23 Tachwedd 2026" (Welsh writes
 * "dydd" in lower case there), "Monday 23 November 2026". Never put it right
 * after a word that mutates the next one ("i", "ar"...): "dydd" would have to
 * mutate, and a catalogue string cannot do that.
 */
char *datefmt_weekday_date_in_text(struct arena *a, const struct i18n *t, enum lang l, time_t utc);

/* 24-hour London time "14:30", the same in both languages. */
char *datefmt_time(struct arena *a, time_t utc);

/* The London date "2026-11-23", a form's <input type="date"> value
 * (datefmt_parse_london reads it back with datefmt_time's "14:30"). */
char *datefmt_form_date(struct arena *a, time_t utc);

/* UTC ISO 8601 "2026-11-23T14:30:00Z", for <time datetime="...">. */
char *datefmt_iso(struct arena *a, time_t utc);

/* A length of time in l: "45 munud", "2 awr", "1 awr 30 munud" (CLDR plurals
 * from duration.hours / duration.minutes, joined by duration.hours_minutes). */
const char *datefmt_duration(struct arena *a, const struct i18n *t, enum lang l, int minutes);

/* How long before now then was, in l: "ychydig eiliadau yn ôl" / "a few
 * seconds ago" under a minute (or when then is after now), then "5 munud yn
 * ôl", "2 awr yn ôl", "3 diwrnod yn ôl" (CLDR plurals from date.ago.*), and
 * from a week on the plain date (datefmt_date). */
const char *datefmt_ago(struct arena *a, const struct i18n *t, enum lang l, time_t then,
                        time_t now);

/*
 * The instant of a London wall-clock time: date "YYYY-MM-DD" and time
 * "HH:MM" (a form's <input type="date"> and "time"). An hour that happens
 * twice (the last Sunday of October) is the first, in BST; an hour that
 * never happens (the last Sunday of March, 01:00-01:59) is -1, as is
 * anything malformed. 0 and *out on success.
 */
int datefmt_parse_london(const char *date, const char *time, time_t *out);
