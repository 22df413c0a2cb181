/*
 * course_fixtures: courses, lessons and cohorts made straight in the test
 * database (fixtures.h's connection and tag), for tests that need a course in
 * a known state without going through `dysgu import-courses`. Titles carry
 * fx_tag so a search for the tag finds exactly the run's own courses.
 * Include fixtures.h first; call fx_init() before any of these.
 */
#pragma once

#include "fixtures.h"
#include "view/collate.h"

/* A published course "<title> <tag>" (slug "<slug>-<tag>", lowercase) with
 * n_lessons lessons in both languages; its id, or 0. format: e-learning,
 * classroom, webinar or blended. The slug is written to slug_out (>= 96 bytes). */
static inline long long fxc_course(const char *slug, const char *title_cy, const char *title_en,
                                   const char *format, int n_lessons, char *slug_out)
{
    static const char *const ins =
        "INSERT INTO courses (slug, title_cy, title_en, summary_cy, summary_en, outcomes_cy, "
        "outcomes_en, audience_cy, audience_en, role_family, role, level, format, "
        "duration_minutes, in_cy, in_en, sort_cy, sort_en, source_hash, lesson_count) VALUES "
        "(?, ?, ?, 'Crynodeb prawf', 'Test summary', 'Canlyniad un\\nCanlyniad dau', "
        "'Outcome one\\nOutcome two', 'Pawb', 'Everyone', 'product-delivery', 'any', "
        "'awareness', ?, 60, 1, 1, ?, ?, REPEAT('0', 64), ?)";
    static const char *const ins_lesson =
        "INSERT INTO lessons (course_id, name, position, title_cy, title_en, body_cy, body_en, "
        "html_cy, html_en, minutes) VALUES (?, ?, ?, ?, ?, 'Gwers', 'Lesson', ?, ?, 5)";
    char tcy[256], ten[256], name[32], lcy[64], len_[64], hcy[128], hen[128];
    unsigned char kcy[255], ken[255];
    size_t ncy, nen;
    long long id;
    int i;

    snprintf(slug_out, 96, "%s-%s", slug, fx_tag);
    snprintf(tcy, sizeof(tcy), "%s %s", title_cy, fx_tag);
    snprintf(ten, sizeof(ten), "%s %s", title_en, fx_tag);
    ncy = collate_sortkey(LANG_CY, tcy, kcy, sizeof(kcy));
    nen = collate_sortkey(LANG_EN, ten, ken, sizeof(ken));
    if (db_exec(fx_dbh, ins, "ssssSSi", slug_out, tcy, ten, format, (const char *)kcy, ncy,
                (const char *)ken, nen, n_lessons) != DB_OK)
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    for (i = 1; i <= n_lessons; i++) {
        snprintf(name, sizeof(name), "lesson-%d", i);
        snprintf(lcy, sizeof(lcy), "Gwers %d", i);
        snprintf(len_, sizeof(len_), "Lesson %d", i);
        snprintf(hcy, sizeof(hcy), "<p>Testun gwers %d</p>\n", i);
        snprintf(hen, sizeof(hen), "<p>Text of lesson %d</p>\n", i);
        if (db_exec(fx_dbh, ins_lesson, "lsissss", id, name, i, lcy, len_, hcy, hen) != DB_OK)
            return 0;
    }
    return id;
}

/* A cohort of course_id starting days_ahead days from now, for capacity
 * people, held in lang ("cy", "en" or "both"); its id, or 0. */
static inline long long fxc_cohort(long long course_id, int days_ahead, int capacity,
                                   const char *lang)
{
    static const char *const ins =
        "INSERT INTO cohorts (course_id, starts_at, ends_at, location_cy, location_en, lang, "
        "capacity) VALUES (?, UTC_TIMESTAMP() + INTERVAL ? DAY, "
        "UTC_TIMESTAMP() + INTERVAL ? DAY + INTERVAL 6 HOUR, 'Caerdydd', 'Cardiff', ?, ?)";

    if (db_exec(fx_dbh, ins, "liisi", course_id, days_ahead, days_ahead, lang, capacity) != DB_OK)
        return 0;
    return (long long)db_insert_id(fx_dbh);
}
