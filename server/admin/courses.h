/*
 * admin courses: the admin pages for the course catalogue (issue #4): every
 * course with its state and numbers, publishing and unpublishing, one
 * course's enrolments by status, by organisation and by cohort, and
 * enrolments per organisation across all courses.
 *
 * Every route is GUARD_ADMIN (routes.c) and every POST is CSRF-checked by the
 * router. Publishing writes an audit row in the same transaction.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "core/lang.h"
#include "db/db.h"

struct arena;
struct req;

struct admin_course {
    long long id;
    const char *slug;
    const char *title; /* in the asked language */
    const char *format;
    const char *level;
    int published;
    int lessons;
    long long enrolled; /* courses.enrolled_count */
};

/* How many of a course's (or an organisation's) enrolments are in each state. */
struct admin_enrol_counts {
    long long enrolled, waitlisted, completed, cancelled;
};

struct admin_org_row {
    long long org_id; /* 0: no organisation given */
    const char *name; /* in the asked language; NULL when org_id is 0 */
    struct admin_enrol_counts n;
};

struct admin_cohort_row {
    long long id;
    time_t starts_at;
    const char *location; /* in the asked language */
    const char *lang;     /* cy, en, both */
    long long capacity, taken, waiting;
    int cancelled;
};

/* --- courses_store.c --- */

/* One page (1-based, ADMIN_PAGE_SIZE) of courses whose title (either
 * language) or slug holds q ("" for all), published -1 any / 0 / 1, in l's
 * order; *total the number matching. */
enum db_rc admin_courses_list(struct db *db, struct arena *a, enum lang l, const char *q,
                              int published, long page, struct admin_course **out, size_t *n,
                              long long *total);

/* The course with slug, published or not, title in l; DB_NOT_FOUND if none. */
enum db_rc admin_courses_get(struct db *db, struct arena *a, enum lang l, const char *slug,
                             struct admin_course *out);

enum db_rc admin_courses_counts(struct db *db, long long course_id, struct admin_enrol_counts *c);

/* A course's enrolments grouped by the learner's organisation (course_id),
 * or all enrolments grouped so (course_id 0), most enrolled first. */
enum db_rc admin_courses_by_org(struct db *db, struct arena *a, enum lang l, long long course_id,
                                struct admin_org_row **out, size_t *n);

/* The course's cohorts, soonest first, with how many are waiting for each. */
enum db_rc admin_courses_cohorts(struct db *db, struct arena *a, enum lang l, long long course_id,
                                 struct admin_cohort_row **out, size_t *n);

/* Publish (1) or unpublish (0) with the audit row "course_published" /
 * "course_unpublished" (detail: the slug); *changed 0 when it already was so. */
enum db_rc admin_courses_set_published(struct db *db, long long actor_id, long long course_id,
                                       const char *slug, int published, const char *ip,
                                       int *changed);

/* --- pages_courses.c --- */

int admin_page_courses(struct req *r);
int admin_page_course(struct req *r);
int admin_page_course_publish(struct req *r);
int admin_page_course_unpublish(struct req *r);
int admin_page_enrolments(struct req *r);
