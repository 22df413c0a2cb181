/*
 * learn: what a learner does once enrolled (issue #4): reading lessons,
 * marking them complete, their progress, the certificate issued when every
 * lesson is complete with its public verification page, and the learner's
 * dashboard /{lang}/me.
 *
 * Rules the store and pages keep together:
 *   - lessons are for people whose enrolment may learn (enrol.h, the
 *     enrolment's owner, answers: enrolled or completed); anyone
 *     else gets a 403 page that says how to enrol (a published flag does not
 *     matter: unpublishing a course must not strand the people taking it);
 *   - "the course" is its positioned lessons (position NOT NULL): progress is
 *     counted over them, so a lesson removed later neither blocks nor fakes
 *     completion (docs/courses-format.md "Import");
 *   - marking a lesson complete, bumping enrolments.lessons_done, completing
 *     the enrolment and issuing the certificate happen in one transaction,
 *     serialised per enrolment by its row lock; UNIQUE(user_id, course_id)
 *     on certificates keeps "exactly one" even where row locks are not
 *     cluster-wide (Galera);
 *   - a certificate keeps the name and titles of the day it was issued; the
 *     public page shows only name, course, date and code.
 *
 * Store functions return enum db_rc; strings they hand out live in the arena
 * given to them.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "core/lang.h"
#include "courses/courses.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "learn/certcode.h"
#include "trainer/trainer.h"
#include "webinars/webinars.h"

struct arena;
struct req;

#define LEARN_DASHBOARD_MAX 500  /* enrolments shown on /me */
#define LEARN_KEPT_PAGES    2048 /* rendered dashboards and lessons of people seen within the ttl */

/* One positioned lesson in the course's list, with the reader's progress. */
struct learn_item {
    int position;
    const char *title_cy, *title_en; /* either may be NULL (not written in that language) */
    time_t done_at;                  /* 0: not complete */
};

/* One lesson to read. */
struct learn_lesson {
    long long id;
    const char *title_cy, *title_en;
    const char *html_cy, *html_en; /* cmark output; NULL: not in that language */
};

/* What marking a lesson complete did. */
enum learn_outcome {
    LEARN_NOT_ENROLLED, /* no course, or no enrolled/completed enrolment in it */
    LEARN_NO_LESSON,    /* no lesson at that position */
    LEARN_MARKED,       /* the lesson is complete (now or already) */
};

struct learn_done {
    enum learn_outcome outcome;
    int course_complete; /* every positioned lesson is complete */
    int issued;          /* this request issued the certificate */
    int total, done;     /* positioned lessons, and how many are complete */
    int first_open;      /* lowest incomplete position, 0 when none */
};

struct learn_cert {
    char code[CERTCODE_LEN + 1];
    const char *slug;
    const char *holder_name;
    const char *title_cy, *title_en;
    time_t issued_at;
    time_t revoked_at; /* 0: valid */
};

/* One enrolment on the dashboard. */
struct learn_enrolment {
    const char *slug;
    const char *title[LANG__COUNT];
    enum enrol_status status; /* enrolled, waitlisted, offered or completed */
    time_t offer_expires_at;  /* offered: until when */
    time_t completed_at;
    int total, done;     /* courses.lesson_count and enrolments.lessons_done */
    long long cohort_id; /* 0: none */
    time_t starts_at, ends_at;
    const char *location_cy, *location_en;
    const char *cohort_lang; /* "cy", "en", "both" or NULL */
    int cancelled;           /* the cohort was cancelled */
    long long wait_position; /* 1-based place on the cohort's waiting list; 0 if none */
    const char *cert_code;   /* NULL: no certificate */
    int cert_revoked;
};

struct learn_pathway {
    const char *slug;
    const char *title_cy, *title_en;
    int total, done; /* courses in the pathway, and how many of them completed */
};

/* --- store.c: lessons, progress and certificates --- */

/* What a lesson page shows, read by learn_store_lesson_page in one statement. */
struct learn_lesson_page {
    struct course course;
    enum enrol_status status; /* the reader's; ENROL_NONE when none */
    struct learn_item *items; /* the course's positioned lessons, with their completion */
    size_t n_items;
    struct learn_lesson lesson; /* at the position asked; id 0 when there is none */
};

/* The course at slug, user_id's enrolment in it, its lessons with user_id's
 * completion dates and the lesson at position, in one statement (one round
 * trip); DB_NOT_FOUND when there is no such course. Arrays in a. */
enum db_rc learn_store_lesson_page(struct db *db, struct arena *a, long long user_id,
                                   const char *slug, int position, struct learn_lesson_page *out);

/* The lesson at position of course_id; DB_NOT_FOUND if none. */
enum db_rc learn_store_lesson(struct db *db, struct arena *a, long long course_id, int position,
                              struct learn_lesson *out);

/*
 * Mark the lesson at position of course_id complete for user_id, in one
 * transaction (db_retry): the progress row if new, lessons_done + 1 only
 * then, and, when every positioned lesson is complete, the enrolment
 * completed and the certificate issued unless it exists. Only enrolments
 * that may learn (enrol_may_learn) qualify; the enrolment's row is locked
 * and changed through enrol.h, its owner.
 */
enum db_rc learn_store_complete(struct db *db, struct arena *a, long long user_id,
                                long long course_id, int position, struct learn_done *out);

/* user_id's certificate for the course at slug; DB_NOT_FOUND if none. */
enum db_rc learn_store_my_cert(struct db *db, struct arena *a, long long user_id, const char *slug,
                               struct learn_cert *out);

/* The certificate with this canonical code; DB_NOT_FOUND if none. */
enum db_rc learn_store_cert_by_code(struct db *db, struct arena *a, const char *code,
                                    struct learn_cert *out);

/* --- store_me.c: the dashboard --- */

/*
 * The columns of /me's one statement, a UNION ALL of one part a list (kind
 * 1 enrolments, 2 pathways: store_me.c; 3 cohort sessions: trainer.h; 4
 * webinars and 5 the calendar feed: webinars.h): kind, s1-s8 text, t1-t4
 * DATETIME, n1-n7 numbers, and o1, o2 the numbers the rows of a kind are
 * sorted by (a part's ORDER BY picks its rows, but a UNION keeps no order).
 */
#define LEARN_ME_SIG "issssssssttttlllllllll"

/* Everything /me shows, read by learn_store_me in one statement. */
struct learn_me {
    /* enrolments that are not cancelled, most recently active first, at most
     * LEARN_DASHBOARD_MAX, with progress (the stored counters), cohort,
     * waiting-list place and certificate */
    struct learn_enrolment *enrolments;
    size_t n_enrolments;
    /* published pathways with an enrolment that is not cancelled, in pathway
     * order, with how many of their courses are done */
    struct learn_pathway *pathways;
    size_t n_pathways;
    struct trainer_upcoming *sessions; /* trainer/'s part, soonest first */
    size_t n_sessions;
    struct webinar_on_me *webinars; /* webinars/' part, latest first */
    size_t n_webinars;
    time_t feed_made; /* when the calendar address was made; 0: none */
};

/* user_id's dashboard in one statement (one round trip): arrays in a. */
enum db_rc learn_store_me(struct db *db, struct arena *a, long long user_id, struct learn_me *out);

/* For the course at slug: user_id's enrolment status (ENROL_NONE when none)
 * and the lowest positioned lesson they have not completed (*position 0 when
 * none). DB_NOT_FOUND if there is no such course. */
enum db_rc learn_store_next(struct db *db, struct arena *a, long long user_id, const char *slug,
                            enum enrol_status *status, int *position);

/* --- kept.c: the same, kept in memory per person (core/kepttable.h) --- */

/*
 * r's reader's dashboard as learn_store_me reads it, kept until their
 * generation moves (core/persongen.h: anything they change, a touch by
 * whoever changes something of theirs) or PERSON_KEPT_TTL_MS passes. *out is
 * shared and immutable, valid until r->arena is reset; the store's error
 * otherwise (nothing kept).
 */
enum db_rc learn_kept_me(struct req *r, const struct learn_me **out);

/* The same for learn_store_lesson_page (r's reader, slug, position). */
enum db_rc learn_kept_lesson_page(struct req *r, const char *slug, int position,
                                  const struct learn_lesson_page **out);

/* --- vm.c: helpers shared by the pages --- */

/* s_cy or s_en, whichever is the reader's language (may be NULL). */
const char *learn_pick(const struct req *r, const char *s_cy, const char *s_en);

/* "/{lang}/courses/{slug}" followed by rest (may be ""), in the arena. */
const char *learn_course_path(struct req *r, enum lang l, const char *slug, const char *rest);

/* The London date of t in language l ("3 Mawrth 2026"). */
const char *learn_date(struct req *r, enum lang l, time_t t);

/* {text, iso} for a <time> element with the date in the reader's language. */
json_t *learn_vm_date(struct req *r, time_t t);

/* {percent, text}: "40% complete" for done of total (0 lessons: 0%). */
json_t *learn_vm_progress(struct req *r, int done, int total);

/* Breadcrumbs (app/page_nav.h): home, then the course slug titled title
 * (title NULL: home alone). */
json_t *learn_vm_crumbs(struct req *r, const char *slug, const char *title);

/* --- pages --- */

int learn_page_lesson(struct req *r);
int learn_page_complete(struct req *r);
int learn_page_certificate(struct req *r);
int learn_page_verify_form(struct req *r);
int learn_page_verify(struct req *r);
int learn_page_me(struct req *r);
int learn_page_continue(struct req *r);
