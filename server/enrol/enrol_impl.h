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

/* What the page knows while it is built; strings in r->arena. */
struct course_page {
    struct req *r;
    struct course c;
    struct enrol_mine mine;
    struct enrol_lesson *lessons;
    size_t n_lessons;
    struct enrol_cohort *cohorts;
    size_t n_cohorts;
    const char *href;      /* /{lang}/courses/{slug} */
    const char *my_cohort; /* the cohort the viewer holds or waits for, or NULL */
    int with_cohorts;      /* classroom or blended */
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

/* The seat engine's hook for cohorts (a seat_event_fn; ctx a struct
 * enrol_hook): counts a promotion in courses.enrolled_count and tells the
 * person through fn (NULL: nobody is told). */
struct enrol_hook {
    enrol_promoted_fn fn;
    void *ctx;
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
 * completed, and nothing else it does writes the course or the cohort). */
enum db_rc enrol_lock_row(struct db *db, long long user_id, long long course_id, long long *id,
                          enum enrol_status *status);
