/*
 * The demo seed's share of issue #4: upcoming cohorts for the classroom and
 * blended courses the importer brought in, one of them full so the waiting
 * list can be seen, the latest of each course's dates offering freed places
 * (the seat engine's offer mode, with a 48-hour cut-off) where the others
 * give them straight to the next in line, and the demo learner enrolled on
 * two e-learning courses.
 * Idempotent: a course that already has an upcoming cohort gets none, and an
 * enrolment that exists is left alone.
 */
#include <time.h>

#include "core/log.h"
#include "enrol/enrol.h"
#include "view/datefmt.h"

#define SEED_COURSES_MAX        500
#define SEED_FULL_SEATS         2  /* the one cohort that fills up at once */
#define SEED_OFFER_CUTOFF_HOURS 48 /* offer-mode cohorts stop offering 2 days before */

static const struct {
    const char *cy, *en;
} places[] = {
    { "Caerdydd", "Cardiff" },
    { "Bangor", "Bangor" },
    { "Abertawe", "Swansea" },
    { "Aberystwyth", "Aberystwyth" },
    { "Ar-lein (Teams)", "Online (Teams)" },
};

static const int days_ahead[] = { 14, 35, 63 };

/* The demo accounts (accounts/cli.c) that take the full cohort's seats. */
static const char *const seat_holders[] = { "moderator@dysgu.example", "admin@dysgu.example" };

/* minutes after midnight, London time, days from now (UTC date). */
static time_t london_at(time_t now, int days, int minutes)
{
    time_t day = now + (time_t)days * 86400;
    time_t t = day - day % 86400 + (time_t)minutes * 60;

    /* clocks change at 01:00 UTC, so the offset at this hour is the day's */
    return t - datefmt_london_offset(t);
}

static const char *session_lang(const struct enrol_seed_course *c, size_t k)
{
    static const char *const both[] = { "both", "cy", "en" };

    if (c->in_cy && c->in_en)
        return both[k % 3];
    return c->in_cy ? "cy" : "en";
}

/* 2 or 3 cohorts for course i, all or none; *full the id of a 2-seat one. */
static enum db_rc seed_course(struct db *db, const struct enrol_seed_course *c, size_t i,
                              time_t now, long long *full)
{
    size_t k, n = 3 - i % 2;
    enum db_rc rc = db_begin(db);

    for (k = 0; rc == DB_OK && k < n; k++) {
        size_t place = (i + k) % (sizeof(places) / sizeof(places[0]));
        struct enrol_cohort h = {
            .course_id = c->id,
            .starts_at = london_at(now, days_ahead[k], 9 * 60 + 30),
            .ends_at = london_at(now, days_ahead[k], 16 * 60 + 30),
            .location = { places[place].cy, places[place].en },
            .lang = session_lang(c, k),
            .capacity = i == 0 && k == 0 ? SEED_FULL_SEATS : 12 + (int)((i * 7 + k * 5) % 9),
            .offer_mode = k == 2,
            .offer_hours = 24,
            .cutoff_hours = k == 2 ? SEED_OFFER_CUTOFF_HOURS : 0,
        };

        rc = enrol_store_cohort_create(db, &h, i == 0 && k == 0 ? full : NULL);
    }
    if (rc == DB_OK)
        rc = db_commit(db);
    db_rollback(db);
    return rc;
}

/* Enrol the account email on course_id (cohort_id 0: none), if it exists. */
static enum db_rc seed_enrol(struct db *db, const char *email, long long course_id,
                             long long cohort_id)
{
    enum enrol_result result;
    long long user_id = 0;
    enum db_rc rc = enrol_store_user_by_email(db, email, &user_id);

    if (rc == DB_NOT_FOUND)
        return DB_OK;
    if (rc == DB_OK)
        rc = enrol_store_enrol(db, user_id, course_id, cohort_id, &result);
    return rc;
}

int enrol_cli_seed(struct db *db)
{
    static struct enrol_seed_course courses[SEED_COURSES_MAX];
    time_t now = time(NULL);
    long long full = 0;
    size_t i, n = 0;
    enum db_rc rc = enrol_store_seed_courses(db, NULL, courses, SEED_COURSES_MAX, &n);

    for (i = 0; rc == DB_OK && i < n; i++)
        rc = seed_course(db, &courses[i], i, now, &full);
    for (i = 0; rc == DB_OK && full && i < sizeof(seat_holders) / sizeof(seat_holders[0]); i++)
        rc = seed_enrol(db, seat_holders[i], courses[0].id, full);
    if (rc == DB_OK)
        log_info("seeded cohorts for %zu courses", n);
    if (rc == DB_OK)
        rc = enrol_store_seed_courses(db, "e-learning", courses, 2, &n);
    for (i = 0; rc == DB_OK && i < n; i++)
        rc = seed_enrol(db, "learner@dysgu.example", courses[i].id, 0);
    if (rc == DB_OK)
        return 0;
    log_error("cannot seed cohorts and enrolments: %s", db_rc_name(rc));
    return 1;
}
