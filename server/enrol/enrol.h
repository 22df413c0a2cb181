/*
 * enrol: the course page, enrolment, cohorts with seats, the waiting list
 * and cancelling (issue #4).
 *
 * Seats (DESIGN.md known traps): a seat is taken only by the one conditional
 * UPDATE cohorts SET taken = taken + 1 WHERE id = ? AND taken < capacity,
 * inside the enrolment's transaction, and its affected rows decide: 1 is a
 * seat, 0 is the waiting list. Nothing counts first and inserts after.
 *
 * Cohorts are a kind of seat pool (seats/seats.h, docs/seats.md): the seat
 * engine decides, store_seats.c gives it the cohort's statements. Per
 * cohort, a freed seat goes at once to the first person waiting (seat_mode
 * 'direct', the default) or is offered to them for a limited time ('offer':
 * status offered until offer_expires_at, then accepted, declined or expired
 * by the sweeper, enrol_sweep), and from cutoff_hours before the start
 * nobody is promoted or offered.
 *
 * This folder owns the enrolments table: every write to it, and its status
 * vocabulary (enum enrol_status, enrol_status_name/parse: other folders
 * never compare a status as a string), and it answers "may this person
 * learn this course" (enrol_may_learn) for learn/.
 *
 * courses.enrolled_count counts the people holding an active enrolment:
 * status enrolled or completed. Waitlisted, offered and cancelled rows are
 * not counted; it changes in the same transaction as the row it counts
 * (enrolling with a seat or without a cohort +1, cancelling an active
 * enrolment -1, a promotion from the waiting list or an accepted offer +1;
 * completing changes nothing).
 *
 * Layers: store.c holds the course page's and the enrolment's SQL,
 * store_seats.c the cohort as a seat pool and the offers, store_learner.c
 * what learn/ changes on an enrolment, store_stats.c the admin's counts,
 * status.c the vocabulary, cli.c the demo seed, notify.c the e-mails about
 * a place (in the person's language), vm.c the course page's view model and
 * pages*.c the handlers.
 *
 * Ownership: strings in the structs below are allocated in the arena given
 * to the store function and valid until it is reset.
 *
 * Kept pages (issue 22): a signed-in reader's course and own enrolment are
 * kept in memory per person (kept.c, core/persongen.h). A person's own
 * requests move their generation; every change here to someone else's place
 * (the seat a cancellation, a declined or lapsed offer or a filled cohort
 * passes on, the places of those behind in the queue) touches them after
 * its commit (enrol_touch_done, store_seats.c).
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "core/lang.h"
#include "courses/courses.h"
#include "db/db.h"

struct app;
struct arena;
struct i18n;
struct req;

#define ENROL_COHORTS_MAX 50 /* upcoming cohorts a course page lists */
#define ENROL_SWEEP_BATCH 20 /* offers enrol_sweep expires in one round */

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
    int upcoming;     /* starts in the future and not cancelled */
    int offer_mode;   /* seat_mode 'offer': freed seats are offered, not given */
    int offer_hours;  /* how long an offer lasts (less close to the cut-off) */
    int cutoff_hours; /* nobody promoted or offered from this long before the start */
};

/* enrolments.status, and ENROL_NONE for no row. */
enum enrol_status {
    ENROL_NONE, /* enrol_store_mine: no row, or a cancelled one */
    ENROL_ENROLLED,
    ENROL_WAITLISTED,
    ENROL_COMPLETED,
    ENROL_CANCELLED,
    ENROL_OFFERED, /* a freed seat is kept for them until offer_expires_at */
};

#define ENROL_STATUS_COUNT 6

/* The viewer's enrolment on a course. */
struct enrol_mine {
    enum enrol_status status;
    long long cohort_id; /* 0: none */
    int lessons_done;
    int queue_position;      /* waitlisted: 1 for the first in line */
    int next_lesson;         /* enrolled: the first incomplete lesson (position), 0 when none */
    time_t offer_expires_at; /* offered: until when */
};

/* What POST /enrol did. */
enum enrol_result {
    ENROL_DONE_ENROLLED,
    ENROL_DONE_WAITLISTED,
    ENROL_DONE_ALREADY,    /* enrolled, waitlisted or completed already: nothing changed */
    ENROL_DONE_BAD_COHORT, /* not an upcoming, open cohort of this course: nothing changed */
    ENROL_DONE_FULL,       /* full, and past the cut-off: no waiting list; nothing changed */
};

/* What POST /cancel did. */
enum cancel_result {
    CANCEL_DONE_CANCELLED, /* an enrolment ended (its seat, if any, freed or passed on) */
    CANCEL_DONE_LEFT,      /* left the waiting list (or turned an offer down) */
    CANCEL_DONE_NOTHING,   /* no active enrolment: nothing changed */
    CANCEL_DONE_COMPLETED, /* a completed course cannot be cancelled: nothing changed */
};

/* What POST /accept and /decline did. */
enum offer_result {
    OFFER_DONE_ACCEPTED, /* the seat is theirs: enrolled */
    OFFER_DONE_DECLINED, /* turned down: the seat passed on */
    OFFER_DONE_GONE,     /* no offer open (expired, or never made): nothing changed */
};

/* What happened to someone's place, for their e-mail. */
enum enrol_news {
    ENROL_NEWS_PROMOTED, /* given a freed seat */
    ENROL_NEWS_OFFERED,  /* offered a freed seat until offer_expires_at */
    ENROL_NEWS_LAPSED,   /* the offer ran out: the seat went to the next person */
};

/* The person whose place changed, for their e-mail. */
struct enrol_promotion {
    enum enrol_news news;
    long long user_id;
    const char *name, *email;
    enum lang lang;
    const char *slug;
    const char *title[LANG__COUNT];
    time_t starts_at, ends_at;
    const char *location[LANG__COUNT];
    time_t offer_expires_at; /* ENROL_NEWS_OFFERED */
};

/* Called inside the transaction that changed the place; a result other
 * than DB_OK rolls everything back. */
typedef enum db_rc (*enrol_promoted_fn)(void *ctx, struct db *db, const struct enrol_promotion *p);

/* What the e-mails about a place need (notify.c): the app's catalogues and
 * base URL, and an arena for the text. */
struct enrol_mailer {
    const struct app *app;
    struct arena *arena;
};

/* --- status.c: the status vocabulary (pure) ---------------------------- */

/* "enrolled", "waitlisted", "completed", "cancelled", "offered" as in
 * enrolments.status; NULL for ENROL_NONE. Static. */
const char *enrol_status_name(enum enrol_status s);

/* The status named s; ENROL_NONE for NULL or a name it does not know. */
enum enrol_status enrol_status_parse(const char *s);

/* 1 when an enrolment in status s may read the course's lessons (enrolled
 * or completed: unpublishing a course must not strand its learners). */
int enrol_may_learn(enum enrol_status s);

/* --- store.c: the course page and enrolling ---------------------------- */

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

/* user_id's enrolment on course_id, with the queue position, next lesson
 * or offer's end. */
enum db_rc enrol_store_mine(struct db *db, long long user_id, long long course_id,
                            struct enrol_mine *out);

/* user_id's status on course_id (ENROL_NONE: no row). */
enum db_rc enrol_store_status(struct db *db, long long user_id, long long course_id,
                              enum enrol_status *out);

/*
 * Enrol user_id on course_id in one transaction (db_retry): cohort_id 0 for
 * a course without cohorts (enrolled at once), else a seat from the seat
 * engine or the waiting list (none past the cut-off). A cancelled row is
 * reused. *result says what happened.
 */
enum db_rc enrol_store_enrol(struct db *db, long long user_id, long long course_id,
                             long long cohort_id, enum enrol_result *result);

/*
 * Cancel user_id's enrolment on course_id in one transaction (db_retry): a
 * held or offered seat goes back to the seat engine, which passes it to the
 * first person waiting for that cohort (promoted or offered, before the
 * cut-off); promoted (may be NULL) is called for them before the commit.
 */
enum db_rc enrol_store_cancel(struct db *db, long long user_id, long long course_id,
                              enrol_promoted_fn promoted, void *ctx, enum cancel_result *result);

/* --- store_seats.c: the cohort as a seat pool, and offers ---------------- */

/* user_id accepts the seat offered on course_id (db_retry): enrolled and
 * counted, if the offer is still open. */
enum db_rc enrol_store_accept(struct db *db, long long user_id, long long course_id,
                              enum offer_result *result);

/* user_id turns down the seat offered on course_id (db_retry): cancelled,
 * and the seat passes on (promoted called for whoever gets it). */
enum db_rc enrol_store_decline(struct db *db, long long user_id, long long course_id,
                               enrol_promoted_fn promoted, void *ctx, enum offer_result *result);

/* Expire up to max offers whose time is up, each in its own transaction:
 * cancelled, the person told (ENROL_NEWS_LAPSED), the seat passed on.
 * Safe on several servers at once. *n: how many expired. */
enum db_rc enrol_store_expire_offers(struct db *db, int max, enrol_promoted_fn promoted, void *ctx,
                                     int *n);

/* Give cohort_id's free seats to the people waiting, in order (after its
 * capacity was raised), in one transaction. *n: how many. */
enum db_rc enrol_store_fill_cohort(struct db *db, long long cohort_id, enrol_promoted_fn promoted,
                                   void *ctx, int *n);

/* Set cohort_id's seat rules: offer mode (1) or direct (0), the offer hours
 * (1..168) and the cut-off hours (0..720). DB_NOT_FOUND if no such cohort. */
enum db_rc enrol_store_cohort_rules(struct db *db, long long cohort_id, int offer_mode,
                                    int offer_hours, int cutoff_hours);

/* --- store_learner.c: what learning changes on an enrolment ------------ */

/* Lock user_id's enrolment on course_id in the caller's transaction (every
 * change to it is serialised so): its id, status and cohort (0: none, for
 * trainer_cohort_changed() after the commit); DB_NOT_FOUND if none. */
enum db_rc enrol_store_lock(struct db *db, long long user_id, long long course_id, long long *id,
                            enum enrol_status *status, long long *cohort_id);

/* One more lesson done on enrolment id (lessons_done + 1, last_activity_at
 * now: the trainer's at-risk rule reads it). */
enum db_rc enrol_store_lesson_done(struct db *db, long long id);

/* Move enrolment id's attendance counters (sessions_attended, _missed,
 * _apologies) by -1, 0 or +1 each, as one session's mark changed, in the
 * caller's transaction (trainer/ marks attendance). */
enum db_rc enrol_store_attendance(struct db *db, long long id, int present, int absent,
                                  int apologies);

/* Enrolment id completed (every lesson done): enrolled -> completed. */
enum db_rc enrol_store_finish(struct db *db, long long id);

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
 * capacity, offer_mode, offer_hours (0: 24), cutoff_hours); *id its id (id
 * may be NULL). */
enum db_rc enrol_store_cohort_create(struct db *db, const struct enrol_cohort *c, long long *id);

/* The user whose normalised e-mail is email_norm; DB_NOT_FOUND if none. */
enum db_rc enrol_store_user_by_email(struct db *db, const char *email_norm, long long *id);

/* --- store_stats.c: the admin's counts of enrolments ------------------- */

/* How many enrolments are in each status (indexed by enum enrol_status;
 * [ENROL_NONE] stays 0). */
struct enrol_counts {
    long long n[ENROL_STATUS_COUNT];
};

struct enrol_org_row {
    long long org_id; /* 0: no organisation given */
    const char *name; /* in the asked language; NULL when org_id is 0 */
    struct enrol_counts n;
};

/* course_id's enrolments counted by status. */
enum db_rc enrol_store_counts(struct db *db, long long course_id, struct enrol_counts *out);

/* A course's enrolments grouped by the learner's organisation (course_id),
 * or all enrolments grouped so (course_id 0), most enrolled first; names in
 * l. *out is an array of *n in a. */
enum db_rc enrol_store_by_org(struct db *db, struct arena *a, enum lang l, long long course_id,
                              struct enrol_org_row **out, size_t *n);

/* --- cli.c ----------------------------------------------------------- */

/*
 * dysgu seed-demo: 2-3 upcoming cohorts for every published classroom or
 * blended course that has none (one of them with two seats, so "full" and
 * the waiting list can be seen), and the demo learner enrolled on two
 * e-learning courses. Idempotent. Returns 0, or 1 on a database failure.
 */
int enrol_cli_seed(struct db *db);

/* --- notify.c -------------------------------------------------------- */

/* The e-mail about p's place (promoted, offered, offer lapsed), queued in
 * p's language in db's transaction; ctx is a struct enrol_mailer. */
enum db_rc enrol_notify(void *ctx, struct db *db, const struct enrol_promotion *p);

/* When an offer of a place ends, for the middle of a sentence in l ("dydd
 * Mawrth 3 Chwefror 2027 am 10:00"): the e-mails, the course page and /me
 * say it the same way. */
const char *enrol_offer_deadline(struct arena *a, const struct i18n *t, enum lang l, time_t when);

/* The mail worker's round (main.c): expire the offers whose time is up and
 * pass their seats on, telling everyone concerned. Never in a transaction. */
void enrol_sweep(const struct app *app, struct db *db);

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
int enrol_needs_cohort(const struct course *c);

/* --- pages.c: one handler per route (routes.c) ------------------------ */

int enrol_page_course(struct req *r);
int enrol_page_course_mine(struct req *r, const char **variant);
int enrol_page_enrol(struct req *r);
int enrol_page_cancel(struct req *r);
int enrol_page_accept(struct req *r);
int enrol_page_decline(struct req *r);
