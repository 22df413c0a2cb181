/* What only apprenticeships/ shares between its files. */
#pragma once

#include <jansson.h>

#include "app/page_form.h"
#include "app/page_list.h"
#include "apprenticeships/apprenticeships.h"

struct req;

/* The trail above an admin's apprenticeship page: Admin, and the list when
 * below_list. */
json_t *appr_crumbs(struct req *r, int below_list);

/* The list's page links, keeping its filters. */
json_t *appr_pages(struct req *r, const struct appr_filter *f, const struct page_pager *pg);

/* 1 when s is a real date written YYYY-MM-DD. */
int appr_date_valid(const char *s);

/* The status form a record shows to an admin, with what was typed. */
struct appr_status_form {
    const char *status, *on, *return_on, *reason;
};

void appr_vm_status_form(struct req *r, json_t *vm, const struct apprentice *p,
                         const struct appr_status_form *in, const struct page_errors *err);

/* The enrolment form as typed ("" for a field not sent): form.c. */
struct appr_enrol_form {
    const char *email, *scheme, *uli, *postcode, *weekly_hours, *otj_target, *starts_on,
        *planned_end_on, *lang, *agreement;
};

/* Read and check the POSTed enrolment form into in (as typed) and out (as
 * the store takes it), each problem a field error in err. */
void appr_enrol_read(struct req *r, struct appr_enrol_form *in, struct appr_enrol *out,
                     struct page_errors *err);

/* The enrolment form's fields for vm: the schemes s[0..ns) to choose from. */
void appr_vm_enrol_form(struct req *r, json_t *vm, const struct appr_scheme *s, size_t ns,
                        const struct appr_enrol_form *in, const struct page_errors *err);
