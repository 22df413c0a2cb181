/*
 * enrol: the course page, enrolment, cohorts with seats, the waiting list
 * and cancelling (issue #4).
 *
 * Seats (DESIGN.md known traps): a seat is taken only by the one conditional
 * UPDATE cohorts SET taken = taken + 1 WHERE id = ? AND taken < capacity,
 * inside the enrolment's transaction, and its affected rows decide: 1 is a
 * seat, 0 is the waiting list. Nothing counts first and inserts after.
 *
 * courses.enrolled_count counts the people holding an active enrolment:
 * status enrolled or completed. Waitlisted and cancelled rows are not
 * counted; it changes in the same transaction as the row it counts (enrolling
 * with a seat or without a cohort +1, cancelling an active enrolment -1, a
 * promotion from the waiting list +1; completing changes nothing).
 *
 * Layers: store.c holds every SQL statement, cli.c the demo seed, notify.c the
 * e-mail to a person promoted from the waiting list (in their language),
 * vm.c the course page's view model and pages*.c the handlers.
 *
 * Ownership: strings in the structs below are allocated in the arena given
 * to the store function and valid until it is reset.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "core/lang.h"
#include "db/db.h"

struct arena;
struct i18n;
struct req;

#define ENROL_RETRIES     3  /* extra attempts of a transaction that hit DB_STALE */
#define ENROL_COHORTS_MAX 50 /* upcoming cohorts a course page lists */

/* One course as its page shows it; texts in both languages. */
struct enrol_course {
    long long id;
    const char *slug;
    const char *title[LANG__COUNT];
    const char *summary[LANG__COUNT];
    const char *outcomes[LANG__COUNT]; /* one per line */
    const char *audience[LANG__COUNT];
    const char *role_family, *role, *level, *format;
    int duration_minutes;
    int in_lang[LANG__COUNT]; /* delivered in cy, en */
    int published;
    int lesson_count;
    long long enrolled_count;
};

/* A lesson in the course's order; a title is NULL where it is missing. */
struct enrol_lesson {
    int position;
    const char *title[LANG__COUNT];
};

struct enrol_cohort {
    long long id;
    long long course_id;
    time_t starts_at, ends_at;
    const char *location[LANG__COUNT];
    const char *lang; /* cy, en or both: the language of the sessions */
    int capacity, taken;
    int cancelled;
    int upcoming; /* starts in the future and not cancelled */
};

enum enrol_status {
    ENROL_NONE, /* no row, or a cancelled one */
    ENROL_ENROLLED,
    ENROL_WAITLISTED,
    ENROL_COMPLETED,
};

/* The viewer's enrolment on a course. */
struct enrol_mine {
    enum enrol_status status;
    long long cohort_id; /* 0: none */
    int lessons_done;
    int queue_position; /* waitlisted: 1 for the first in line */
    int next_lesson;    /* enrolled: the first incomplete lesson (position), 0 when none */
};

/* What POST /enrol did. */
enum enrol_result {
    ENROL_DONE_ENROLLED,
    ENROL_DONE_WAITLISTED,
    ENROL_DONE_ALREADY,    /* enrolled, waitlisted or completed already: nothing changed */
    ENROL_DONE_BAD_COHORT, /* not an upcoming, open cohort of this course: nothing changed */
};

/* What POST /cancel did. */
enum cancel_result {
    CANCEL_DONE_CANCELLED, /* an enrolment ended (its seat, if any, freed or passed on) */
    CANCEL_DONE_LEFT,      /* left the waiting list */
    CANCEL_DONE_NOTHING,   /* no active enrolment: nothing changed */
    CANCEL_DONE_COMPLETED, /* a completed course cannot be cancelled: nothing changed */
};

/* The person given a freed seat, for their e-mail. */
struct enrol_promotion {
    long long user_id;
    const char *name, *email;
    enum lang lang;
    const char *slug;
    const char *title[LANG__COUNT];
    time_t starts_at, ends_at;
    const char *location[LANG__COUNT];
};

/* Called inside the cancelling transaction for a promotion; a result other
 * than DB_OK rolls everything back. */
typedef enum db_rc (*enrol_promoted_fn)(void *ctx, const struct enrol_promotion *p);

/* --- store.c: all SQL ------------------------------------------------- */

/* The course with slug, published or not; DB_NOT_FOUND if none. */
enum db_rc enrol_store_course(struct db *db, struct arena *a, const char *slug,
                              struct enrol_course *out);

/* The course's lessons (position not NULL) in order. */
enum db_rc enrol_store_lessons(struct db *db, struct arena *a, long long course_id,
                               struct enrol_lesson **out, size_t *n);

/* Its upcoming cohorts (in the future, not cancelled), soonest first, at most
 * ENROL_COHORTS_MAX. */
enum db_rc enrol_store_cohorts(struct db *db, struct arena *a, long long course_id,
                               struct enrol_cohort **out, size_t *n);

/* One cohort by id, whatever its state; DB_NOT_FOUND if none. */
enum db_rc enrol_store_cohort(struct db *db, struct arena *a, long long id,
                              struct enrol_cohort *out);

/* user_id's enrolment on course_id, with the queue position or next lesson. */
enum db_rc enrol_store_mine(struct db *db, long long user_id, long long course_id,
                            struct enrol_mine *out);

/*
 * Enrol user_id on course_id in one transaction, retried on DB_STALE up to
 * ENROL_RETRIES times: cohort_id 0 for a course without cohorts (enrolled at
 * once), else a seat by the conditional UPDATE or the waiting list. A
 * cancelled row is reused. *result says what happened.
 */
enum db_rc enrol_store_enrol(struct db *db, long long user_id, long long course_id,
                             long long cohort_id, enum enrol_result *result);

/*
 * Cancel user_id's enrolment on course_id in one transaction (retried like
 * enrol_store_enrol): a held seat is freed and given to the first person
 * waiting for that cohort (when it is still upcoming), for whom promoted is
 * called before the commit (may be NULL).
 */
enum db_rc enrol_store_cancel(struct db *db, long long user_id, long long course_id,
                              enrol_promoted_fn promoted, void *ctx, enum cancel_result *result);

/* A course the demo seed works on. */
struct enrol_seed_course {
    long long id;
    int in_cy, in_en;
};

/* Published courses in id order, at most max: of format, or (format NULL)
 * the classroom and blended ones with no upcoming cohort. */
enum db_rc enrol_store_seed_courses(struct db *db, const char *format,
                                    struct enrol_seed_course *out, size_t max, size_t *n);

/* A new cohort from c (course_id, starts_at, ends_at, location, lang,
 * capacity); *id its id (id may be NULL). */
enum db_rc enrol_store_cohort_create(struct db *db, const struct enrol_cohort *c, long long *id);

/* The user whose normalised e-mail is email_norm; DB_NOT_FOUND if none. */
enum db_rc enrol_store_user_by_email(struct db *db, const char *email_norm, long long *id);

/* --- cli.c ----------------------------------------------------------- */

/*
 * dysgu seed-demo: 2-3 upcoming cohorts for every published classroom or
 * blended course that has none (one of them with two seats, so "full" and
 * the waiting list can be seen), and the demo learner enrolled on two
 * e-learning courses. Idempotent. Returns 0, or 1 on a database failure.
 */
int enrol_cli_seed(struct db *db);

/* --- notify.c -------------------------------------------------------- */

/* The promotion e-mail, queued in p's language (ctx is the struct req). */
enum db_rc enrol_notify_promoted(void *ctx, const struct enrol_promotion *p);

/* --- vm.c: the course page's view model ------------------------------- */

/* The course page for the route's {slug}, answered with status, showing the
 * problem msg_key at field (field NULL: none); 404 for an unknown slug or an
 * unpublished course seen by anyone but an admin. */
int enrol_page_render(struct req *r, const char *field, const char *msg_key, int status);

/* "dydd Mercher 14 Mai 2026, 09:30 i 16:30, Caerdydd": a cohort's dates and
 * place in l (London time) for running text, allocated in a. */
const char *enrol_cohort_text(struct arena *a, const struct i18n *t, enum lang l, time_t starts,
                              time_t ends, const char *location);

/* 1 for a course taught in cohorts (classroom, blended), else 0. */
int enrol_needs_cohort(const struct enrol_course *c);

/* --- pages.c: one handler per route (routes.c) ------------------------ */

int enrol_page_course(struct req *r);
int enrol_page_enrol(struct req *r);
int enrol_page_cancel(struct req *r);
