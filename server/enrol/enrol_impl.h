/*
 * enrol_impl: what the course page's handlers (pages.c) load and its view
 * model (vm.c) shows, and what the store files share; private to enrol/.
 * The handlers read the store, the view model never does (ops/checksrc:
 * views never query).
 */
#pragma once

#include <stddef.h>

#include "courses/courses.h"
#include "enrol/enrol.h"
#include "seats/seats.h"

struct req;

/*
 * What a signed-in reader's course page reads of the course and of their
 * own (kept.c): the course at the address, their enrolment (enrol_store_mine)
 * and its cohort. Kept per (person, slug) until the person's generation
 * moves (core/persongen.h) or PERSON_KEPT_TTL_MS passes; the same in both
 * languages.
 */
struct enrol_kept {
    struct course c;
    struct enrol_mine mine;
    struct enrol_cohort cohort; /* mine.cohort_id's, when has_cohort */
    int has_cohort;
};

/* r's reader's enrolment on the course at slug, with the course: 0 and *out
 * (shared, immutable, valid until r->arena is reset), DB_NOT_FOUND for no
 * such course (nothing kept), or the store's error. */
enum db_rc enrol_kept_mine(struct req *r, const char *slug, const struct enrol_kept **out);

/* What the page knows while it is built; strings in r->arena. */
struct course_page {
    struct req *r;
    struct course c;
    struct enrol_mine mine;
    struct enrol_lesson *lessons;
    size_t n_lessons;
    struct enrol_cohort *cohorts;
    size_t n_cohorts;
    const char *href;              /* /{lang}/courses/{slug} */
    const char *my_cohort;         /* the cohort the viewer holds or waits for, or NULL */
    const struct enrol_kept *kept; /* a signed-in viewer's, else NULL */
    int with_cohorts;              /* classroom or blended */
};

/* Render the loaded page p with status, showing the problem msg_key at field
 * (field NULL: none). Returns the status sent. */
int enrol_vm_render(struct course_page *p, const char *field, const char *msg_key, int status);

/* The viewer's own parts of the page (the view model's "mine", read by
 * personal/course-mine): enrolled, waitlisted or offered, or none. */
json_t *enrol_vm_mine(struct course_page *p);

/* --- shared by the store files ----------------------------------------- */

/* The cohort as a seat pool: its statements for the seat engine (store_seats.c). */
extern const struct seat_pool enrol_cohort_seats;

/*
 * The people whose own pages a unit changes besides its own person's (issue
 * 22, core/persongen.h): the person a freed seat went to (promoted, offered)
 * or whose offer lapsed, and everyone still waiting in a cohort whose queue
 * moved (their place on /me and the course page). Noted inside the
 * transaction, touched once it has committed (enrol_touch_done); a unit run
 * again by db_retry only notes more.
 */
#define ENROL_TOUCH_MAX 64

struct enrol_touch {
    long long user_id[ENROL_TOUCH_MAX];
    size_t n_users;
    long long cohort_id[ENROL_TOUCH_MAX]; /* their waiting people, read after the commit */
    size_t n_cohorts;
    int overflow; /* more than fit: everyone is touched */
};

void enrol_touch_person(struct enrol_touch *t, long long user_id);
void enrol_touch_queue(struct enrol_touch *t, long long cohort_id);

/* After the commit: touch the people noted and those waiting in the cohorts
 * noted (one statement a cohort); everyone when that cannot be read. */
void enrol_touch_done(struct db *db, struct enrol_touch *t);

/* The seat engine's hook for cohorts (a seat_event_fn; ctx a struct
 * enrol_hook): counts a promotion in courses.enrolled_count, tells the
 * person through fn (NULL: nobody is told) and notes them and the cohort's
 * queue in touch (NULL: nobody). */
struct enrol_hook {
    enrol_promoted_fn fn;
    void *ctx;
    struct enrol_touch *touch;
};

enum db_rc enrol_seat_event(void *ctx, struct db *db, const struct seat_event *e);

/* courses.enrolled_count of course_id + delta (+1 or -1, never below 0). */
enum db_rc enrol_count(struct db *db, long long course_id, int delta);

/* One number from sql with one or two ids (sig "l" or "ll"). */
enum db_rc enrol_one_number(struct db *db, const char *sql, const char *sig, long long a,
                            long long b, long long *out);

/* Lock user_id's row on course_id for a change of status, in the lock order
 * (seats.h): its cohort and course first, then the row. Its id, status and
 * cohort (0: none); DB_NOT_FOUND if there is none, DB_STALE if it moved to
 * another cohort meanwhile. */
enum db_rc enrol_lock(struct db *db, long long user_id, long long course_id, long long *id,
                      enum enrol_status *status, long long *cohort_id);

/* Lock the row alone (learning: its status changes only from enrolled to
 * completed, and nothing else it does writes the course or the cohort), with
 * its cohort (0: none). */
enum db_rc enrol_lock_row(struct db *db, long long user_id, long long course_id, long long *id,
                          enum enrol_status *status, long long *cohort_id);
