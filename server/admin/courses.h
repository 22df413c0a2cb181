/*
 * admin courses: the admin pages for the course catalogue (issue #4): every
 * course with its state and numbers, publishing and unpublishing, one
 * course's enrolments by status, by organisation and by cohort, and
 * enrolments per organisation across all courses.
 *
 * Every route is GUARD_ADMIN (routes.c) and every POST is CSRF-checked by the
 * router. Publishing (course_store_set_published) writes an audit row in the
 * same transaction.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "core/lang.h"
#include "courses/courses.h"
#include "db/db.h"

struct arena;
struct req;

/* --- courses_store.c --- */

/* One page (1-based, ADMIN_PAGE_SIZE) of courses that the search q ("" for
 * all) finds, published -1 any / 0 / 1, in l's order; *total the number
 * matching. A course is found by ft, q folded as the catalogue folds it
 * (catalogue_ft_query: titles and summaries in either language, any
 * mutated form; NULL when q has no word to search for), or by its slug
 * being q. The course and its enrolments come from their owners
 * (courses/courses.h, enrol/enrol.h). */
enum db_rc admin_courses_list(struct db *db, struct arena *a, enum lang l, const char *q,
                              const char *ft, int published, long page, struct course **out,
                              size_t *n, long long *total);

/* --- pages_courses.c --- */

int admin_page_courses(struct req *r);
int admin_page_course(struct req *r);
int admin_page_course_publish(struct req *r);
int admin_page_course_unpublish(struct req *r);
int admin_page_enrolments(struct req *r);
