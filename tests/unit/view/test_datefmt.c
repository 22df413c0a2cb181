#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "testing.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/*
 * UK summer time changes 1996..2040 (start and end, UTC epoch seconds),
 * taken from the IANA tz database's Europe/London (Python zoneinfo), so the
 * computed rule is checked against an independent source.
 */
static const struct {
    int year;
    long long start, end;
} transitions[] = {
    { 1996, 828234000, 846378000 },   { 1997, 859683600, 877827600 },
    { 1998, 891133200, 909277200 },   { 1999, 922582800, 941331600 },
    { 2000, 954032400, 972781200 },   { 2001, 985482000, 1004230800 },
    { 2002, 1017536400, 1035680400 }, { 2003, 1048986000, 1067130000 },
    { 2004, 1080435600, 1099184400 }, { 2005, 1111885200, 1130634000 },
    { 2006, 1143334800, 1162083600 }, { 2007, 1174784400, 1193533200 },
    { 2008, 1206838800, 1224982800 }, { 2009, 1238288400, 1256432400 },
    { 2010, 1269738000, 1288486800 }, { 2011, 1301187600, 1319936400 },
    { 2012, 1332637200, 1351386000 }, { 2013, 1364691600, 1382835600 },
    { 2014, 1396141200, 1414285200 }, { 2015, 1427590800, 1445734800 },
    { 2016, 1459040400, 1477789200 }, { 2017, 1490490000, 1509238800 },
    { 2018, 1521939600, 1540688400 }, { 2019, 1553994000, 1572138000 },
    { 2020, 1585443600, 1603587600 }, { 2021, 1616893200, 1635642000 },
    { 2022, 1648342800, 1667091600 }, { 2023, 1679792400, 1698541200 },
    { 2024, 1711846800, 1729990800 }, { 2025, 1743296400, 1761440400 },
    { 2026, 1774746000, 1792890000 }, { 2027, 1806195600, 1824944400 },
    { 2028, 1837645200, 1856394000 }, { 2029, 1869094800, 1887843600 },
    { 2030, 1901149200, 1919293200 }, { 2031, 1932598800, 1950742800 },
    { 2032, 1964048400, 1982797200 }, { 2033, 1995498000, 2014246800 },
    { 2034, 2026947600, 2045696400 }, { 2035, 2058397200, 2077146000 },
    { 2036, 2090451600, 2108595600 }, { 2037, 2121901200, 2140045200 },
    { 2038, 2153350800, 2172099600 }, { 2039, 2184800400, 2203549200 },
    { 2040, 2216250000, 2234998800 },
};

static void datefmt__bst_boundaries_2026(void)
{
    CU_ASSERT(datefmt_london_offset((time_t)1774745999) == 0);    /* 2026-03-29 00:59:59Z */
    CU_ASSERT(datefmt_london_offset((time_t)1774746000) == 3600); /* 2026-03-29 01:00:00Z */
    CU_ASSERT(datefmt_london_offset((time_t)1792889999) == 3600); /* 2026-10-25 00:59:59Z */
    CU_ASSERT(datefmt_london_offset((time_t)1792890000) == 0);    /* 2026-10-25 01:00:00Z */
    CU_ASSERT(datefmt_london_offset((time_t)1782862200) == 3600); /* 2026-06-30 23:30Z */
    CU_ASSERT(datefmt_london_offset((time_t)1795444200) == 0);    /* 2026-11-23 14:30Z */
    CU_ASSERT(datefmt_london_offset((time_t)1767225600) == 0);    /* 2026-01-01 00:00Z */
}

static void datefmt__bst_matches_tz_database(void)
{
    size_t i;

    for (i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
        time_t s = (time_t)transitions[i].start, e = (time_t)transitions[i].end;

        if (datefmt_london_offset(s - 1) != 0 || datefmt_london_offset(s) != 3600 ||
            datefmt_london_offset(e - 1) != 3600 || datefmt_london_offset(e) != 0 ||
            datefmt_london_offset(s + (e - s) / 2) != 3600 ||
            datefmt_london_offset(s - 40 * 86400) != 0 ||
            datefmt_london_offset(e + 40 * 86400) != 0) {
            fprintf(stderr, "\n  summer time wrong in %d\n", transitions[i].year);
            CU_FAIL("London offset disagrees with the tz database");
        }
    }
}

static struct i18n *load_catalogue(void)
{
    char err[512] = "";
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/tests/unit/data/i18n/good", err, sizeof(err));

    if (!t)
        fprintf(stderr, "\n  %s\n", err);
    return t;
}

struct date_case {
    long long utc;
    const char *cy, *en; /* datefmt_weekday_date */
    const char *time, *iso;
};

static const struct date_case date_cases[] = {
    { 1795444200, "Dydd Llun 23 Tachwedd 2026", "Monday 23 November 2026", "14:30",
      "2026-11-23T14:30:00Z" },
    /* BST moves the London date past midnight */
    { 1782862200, "Dydd Mercher 1 Gorffennaf 2026", "Wednesday 1 July 2026", "00:30",
      "2026-06-30T23:30:00Z" },
    { 1774745999, "Dydd Sul 29 Mawrth 2026", "Sunday 29 March 2026", "00:59",
      "2026-03-29T00:59:59Z" },
    { 1774746000, "Dydd Sul 29 Mawrth 2026", "Sunday 29 March 2026", "02:00",
      "2026-03-29T01:00:00Z" },
    { 1792889999, "Dydd Sul 25 Hydref 2026", "Sunday 25 October 2026", "01:59",
      "2026-10-25T00:59:59Z" },
    { 1792890000, "Dydd Sul 25 Hydref 2026", "Sunday 25 October 2026", "01:00",
      "2026-10-25T01:00:00Z" },
    { 1709208000, "Dydd Iau 29 Chwefror 2024", "Thursday 29 February 2024", "12:00",
      "2024-02-29T12:00:00Z" },
    { 1767225599, "Dydd Mercher 31 Rhagfyr 2025", "Wednesday 31 December 2025", "23:59",
      "2025-12-31T23:59:59Z" },
    { 1767225600, "Dydd Iau 1 Ionawr 2026", "Thursday 1 January 2026", "00:00",
      "2026-01-01T00:00:00Z" },
    { 2147483648LL, "Dydd Mawrth 19 Ionawr 2038", "Tuesday 19 January 2038", "03:14",
      "2038-01-19T03:14:08Z" },
    /* the rule is applied to every year: 1970 had "British Standard Time", we say GMT */
    { 0, "Dydd Iau 1 Ionawr 1970", "Thursday 1 January 1970", "00:00", "1970-01-01T00:00:00Z" },
    { -1, "Dydd Mercher 31 Rhagfyr 1969", "Wednesday 31 December 1969", "23:59",
      "1969-12-31T23:59:59Z" },
    { -14182980, "Dydd Sul 20 Gorffennaf 1969", "Sunday 20 July 1969", "21:17",
      "1969-07-20T20:17:00Z" },
    { 951782400, "Dydd Mawrth 29 Chwefror 2000", "Tuesday 29 February 2000", "00:00",
      "2000-02-29T00:00:00Z" },
    { 253402300799LL, "Dydd Gwener 31 Rhagfyr 9999", "Friday 31 December 9999", "23:59",
      "9999-12-31T23:59:59Z" },
};

static void datefmt__formats_table(void)
{
    struct i18n *t = load_catalogue();
    struct arena a;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
        const struct date_case *c = &date_cases[i];
        time_t utc = (time_t)c->utc;
        const char *got[4] = {
            datefmt_weekday_date(&a, t, LANG_CY, utc),
            datefmt_weekday_date(&a, t, LANG_EN, utc),
            datefmt_time(&a, utc),
            datefmt_iso(&a, utc),
        };
        const char *want[4] = { c->cy, c->en, c->time, c->iso };
        int k;

        for (k = 0; k < 4; k++) {
            if (strcmp(got[k], want[k]) != 0) {
                fprintf(stderr, "\n  %lld: got '%s', want '%s'\n", c->utc, got[k], want[k]);
                CU_FAIL("wrong date text");
            }
        }
    }
    arena_release(&a);
    i18n_free(t);
}

static void datefmt__plain_date(void)
{
    struct i18n *t = load_catalogue();
    struct arena a;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_CY, (time_t)1795444200), "23 Tachwedd 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_EN, (time_t)1795444200), "23 November 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_CY, (time_t)1782862200), "1 Gorffennaf 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_EN, (time_t)1782862200), "1 July 2026");
    arena_release(&a);
    i18n_free(t);
}

/* Every day of a non-leap and a leap year: names cycle and dates are continuous. */
static void datefmt__every_day_of_two_years(void)
{
    static const char *const days_en[] = { "Sunday",   "Monday", "Tuesday", "Wednesday",
                                           "Thursday", "Friday", "Saturday" };
    struct i18n *t = load_catalogue();
    struct arena a;
    long long day;
    int n_days = 0;
    char prefix[32];

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    /* 2023-01-01 (a Sunday) 12:00Z to 2024-12-31 */
    for (day = 19358; day < 19358 + 365 + 366; day++, n_days++) {
        const char *s = datefmt_weekday_date(&a, t, LANG_EN, (time_t)(day * 86400 + 43200));

        snprintf(prefix, sizeof(prefix), "%s ", days_en[n_days % 7]);
        CU_ASSERT(strncmp(s, prefix, strlen(prefix)) == 0);
        arena_reset(&a);
    }
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_EN, (time_t)(19358LL * 86400)),
                           "1 January 2023");
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_EN, (time_t)((19358LL + 730) * 86400)),
                           "31 December 2024");
    arena_release(&a);
    i18n_free(t);
}

/* Names come from the catalogue: a catalogue without them shows the keys. */
static void datefmt__missing_names_show_keys(void)
{
    json_t *cat = json_pack("{s:s}", "x", "y");
    char err[256];
    struct i18n *t = i18n_new(cat, cat, err, sizeof(err));
    struct arena a;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date(&a, t, LANG_CY, (time_t)1795444200),
                           "date.day.1 23 date.month.11 2026");
    arena_release(&a);
    i18n_free(t);
    json_decref(cat);
}

/* The shipped catalogues: the formats date.short, date.long, date.long_in_text. */
static void datefmt__real_catalogue_formats(void)
{
    char err[512] = "";
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    struct arena a;
    time_t monday = (time_t)1795444200; /* 2026-11-23 14:30Z */

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_CY, monday), "23 Tachwedd 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_EN, monday), "23 November 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date(&a, t, LANG_CY, monday),
                           "Dydd Llun 23 Tachwedd 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date(&a, t, LANG_EN, monday), "Monday 23 November 2026");
    /* inside a sentence Welsh writes "dydd" in lower case; English does not change */
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date_in_text(&a, t, LANG_CY, monday),
                           "dydd Llun 23 Tachwedd 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date_in_text(&a, t, LANG_EN, monday),
                           "Monday 23 November 2026");
    arena_release(&a);
    i18n_free(t);
}

/* Relative times in both languages, with Welsh's plural forms. */
static void datefmt__ago_in_both_languages(void)
{
    char err[512] = "";
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    struct arena a;
    time_t now = (time_t)1795444200; /* 2026-11-23 14:30Z */

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 5, now), "ychydig eiliadau yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now + 30, now), "a few seconds ago");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 60, now), "1 munud yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now - 60, now), "1 minute ago");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 2 * 60, now), "2 funud yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 59 * 60 - 59, now), "59 munud yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 2 * 3600, now), "2 awr yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now - 2 * 3600, now), "2 hours ago");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now - 3600, now), "1 hour ago");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 2 * 86400, now), "2 ddiwrnod yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 6 * 86400, now), "6 diwrnod yn ôl");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now - 6 * 86400, now), "6 days ago");
    /* a week on: the date */
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_CY, now - 7 * 86400, now), "16 Tachwedd 2026");
    CU_ASSERT_STRING_EQUAL(datefmt_ago(&a, t, LANG_EN, now - 7 * 86400, now), "16 November 2026");
    arena_release(&a);
    i18n_free(t);
}

/* The order of the parts is the catalogue's, not the code's. */
static void datefmt__format_from_catalogue(void)
{
    json_t *cat =
        json_pack("{s:{s:s, s:s, s:s, s:{s:s}, s:{s:s}}}", "date", "short", "{year}/{month}/{day}",
                  "long", "{day}.{month} ({weekday})", "long_in_text", "on {weekday}", "month",
                  "11", "Nov", "day", "1", "Mon");
    char err[256];
    struct i18n *t = i18n_new(cat, cat, err, sizeof(err));
    struct arena a;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(datefmt_date(&a, t, LANG_CY, (time_t)1795444200), "2026/Nov/23");
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date(&a, t, LANG_EN, (time_t)1795444200),
                           "23.Nov (Mon)");
    CU_ASSERT_STRING_EQUAL(datefmt_weekday_date_in_text(&a, t, LANG_CY, (time_t)1795444200),
                           "on Mon");
    arena_release(&a);
    i18n_free(t);
    json_decref(cat);
}

/* Extreme instants must not overflow (UBSan watches) and still give text. */
static void datefmt__extremes_do_not_overflow(void)
{
    static const long long extremes[] = { -62167219200LL, -(1LL << 40), 1LL << 40,
                                          (long long)(((unsigned long long)1 << 63) - 1),
                                          -(long long)(((unsigned long long)1 << 63) - 1) - 1 };
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++) {
        time_t t = (time_t)extremes[i];
        int off = datefmt_london_offset(t);

        CU_ASSERT(off == 0 || off == 3600);
        CU_ASSERT(strlen(datefmt_iso(&a, t)) >= 20);
        CU_ASSERT(strlen(datefmt_time(&a, t)) == 5);
    }
    CU_ASSERT_STRING_EQUAL(datefmt_iso(&a, (time_t)-62167219200LL), "0000-01-01T00:00:00Z");
    arena_release(&a);
}

/* A form's date and time read back as they were written, both sides of the
 * summer time change; an instant in BST shows its London date. */
static void datefmt__form_date_round_trips(void)
{
    static const char *const dates[] = { "2027-01-20", "2027-03-28", "2027-07-15", "2027-10-31",
                                         "2027-12-31" };
    static const char *const times[] = { "00:00", "00:30", "10:00", "23:59" };
    struct arena a;
    size_t i, j;
    time_t t;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
        for (j = 0; j < sizeof(times) / sizeof(times[0]); j++) {
            CU_ASSERT_FATAL(datefmt_parse_london(dates[i], times[j], &t) == 0);
            CU_ASSERT_STRING_EQUAL(datefmt_form_date(&a, t), dates[i]);
            CU_ASSERT_STRING_EQUAL(datefmt_time(&a, t), times[j]);
        }
    /* 23:30 UTC on 14 July is 00:30 on the 15th in London */
    CU_ASSERT_STRING_EQUAL(datefmt_form_date(&a, (time_t)1815607800), "2027-07-15");
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "datefmt__bst_boundaries_2026", datefmt__bst_boundaries_2026 },
        { "datefmt__bst_matches_tz_database", datefmt__bst_matches_tz_database },
        { "datefmt__formats_table", datefmt__formats_table },
        { "datefmt__plain_date", datefmt__plain_date },
        { "datefmt__every_day_of_two_years", datefmt__every_day_of_two_years },
        { "datefmt__missing_names_show_keys", datefmt__missing_names_show_keys },
        { "datefmt__real_catalogue_formats", datefmt__real_catalogue_formats },
        { "datefmt__format_from_catalogue", datefmt__format_from_catalogue },
        { "datefmt__ago_in_both_languages", datefmt__ago_in_both_languages },
        { "datefmt__extremes_do_not_overflow", datefmt__extremes_do_not_overflow },
        { "datefmt__form_date_round_trips", datefmt__form_date_round_trips },
        { NULL, NULL },
    };
    test_add_suite("view/datefmt", cases);
}
