/*
 * enrol_impl: what the course page's handlers (pages.c) load and its view
 * model (vm.c) shows; private to enrol/. The handlers read the store, the
 * view model never does (ops/checksrc: views never query).
 */
#pragma once

#include <stddef.h>

#include "enrol/enrol.h"

struct req;

/* What the page knows while it is built; strings in r->arena. */
struct course_page {
    struct req *r;
    struct enrol_course c;
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
