/* trainer_impl: what only the trainer folder's files share. */
#pragma once

#include <jansson.h>

#include "app/page_nav.h"
#include "trainer/trainer.h"

struct page_form;

/* The filter and order of ?q= ?org= ?progress= ?missed= ?risk= ?sort= ?dir=
 * ?page=; 0, or 400 for a value not understood. */
int trainer_form_filter(struct req *r, struct trainer_filter *f);

/* The filter form's fields as the trainer left them. */
void trainer_vm_filters(struct page_form *form, const struct trainer_filter *f,
                        const struct trainer_org *orgs, size_t n_orgs);

/* The query the filters give (for links), n_out of them set. */
size_t trainer_filter_params(struct req *r, const struct trainer_filter *f, struct page_param *out);

json_t *trainer_vm_cohort(struct req *r, const struct trainer_cohort *c);
json_t *trainer_vm_learners(struct req *r, const struct trainer_learner *v, size_t n);
json_t *trainer_vm_sessions(struct req *r, long long cohort_id, const struct trainer_session *v,
                            size_t n);
/* The table's sortable headings: each a link to its order. */
json_t *trainer_vm_headings(struct req *r, long long cohort_id, const struct trainer_filter *f);

/* The cohort's name in the reader's language (the course's title if unnamed). */
const char *trainer_cohort_name(const struct req *r, const struct trainer_cohort *c);

/* form.c's vocabularies */
const char *trainer_sort_name(enum trainer_sort s);
const char *trainer_band_name(const struct trainer_filter *f);
const char *const *trainer_bands(size_t *n);

/* The cohort the route's {id} names if the reader runs it (or is an admin):
 * 0, or the status to answer (404, 503). */
int trainer_cohort_for(struct req *r, struct trainer_cohort *c);

/* Attendance per session as an accessible SVG chart and its table:
 * {svg_html, table}. */
json_t *trainer_vm_attendance_chart(struct req *r, const struct trainer_session *v, size_t n);
