/* What only apprenticeships/ shares between its files. */
#pragma once

#include <jansson.h>

#include "app/page_form.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "apprenticeships/apprenticeships.h"

struct req;

/* The trail above an admin's apprenticeship page: Admin, and the list when
 * below_list. */
json_t *appr_crumbs(struct req *r, int below_list);

/* The list's page links, keeping its filters. */
json_t *appr_pages(struct req *r, const struct appr_filter *f, const struct page_pager *pg);

/* Where a scheme form goes once saved: the schemes' page holding scheme
 * id, with ?done= (pages_scheme_list.c). */
const char *appr_schemes_href(struct req *r, long long id, const char *done);

/* The CSV export's link, keeping the list's filters (nav.c). */
const char *appr_export_href(struct req *r, const struct appr_filter *f);

/* Read the admin list's filters from the query, each one not understood a
 * problem in err (pages_admin.c). */
void appr_read_filter(struct req *r, struct appr_filter *f, struct page_errors *err);

/* 1 when s is a real date written YYYY-MM-DD. */
int appr_date_valid(const char *s);

/* Read ?provider= (a lead provider's name, "" for any) and ?behind=1 into
 * *provider and *behind, each problem a field error in err (nav.c). */
void appr_read_provider_behind(struct req *r, const char **provider, int *behind,
                               struct page_errors *err);

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

/* Hours written "7", "7.5" or "7,5" as tenths from 0 to hi tenths, or -1
 * (form.c). */
int appr_tenths(const char *s, int hi);

/* {text, iso} for a YYYY-MM-DD date in the reader's language, or null (vm.c). */
json_t *appr_date_vm(struct req *r, const char *ymd);

/* The hours log form as typed ("" for a field not sent): form_hours.c. */
struct appr_log_form {
    const char *worked_on, *hours, *category, *activity;
};

void appr_log_read(struct req *r, struct appr_log_form *in, struct appr_log *out,
                   struct page_errors *err);
void appr_vm_log_form(struct req *r, json_t *vm, const struct appr_log_form *in,
                      const struct page_errors *err);

/* The decision on an entry as typed: decision "approve" or "return". */
struct appr_decide_form {
    const char *decision, *comment;
};

/* Read the decision: 1 approve, 0 return (a comment needed), -1 neither;
 * each problem a field error in err. */
int appr_decide_read(struct req *r, struct appr_decide_form *in, struct page_errors *err);
void appr_vm_decide_form(struct req *r, json_t *vm, const struct appr_decide_form *in,
                         const struct page_errors *err);

/* tenths of an hour written "7.5" */
const char *appr_hours_text(struct req *r, long long tenths);

/* An entry's kind of training and its state as the reader's language
 * names them ("Dysgu ar-lein", "Wedi'u cymeradwyo"). */
const char *appr_category_text(struct req *r, const struct appr_entry *e);
const char *appr_entry_state_text(struct req *r, const struct appr_entry *e);

/* One log entry for a page; base (NULL: none) the record's path, giving a
 * waiting entry the link to its decision page. */
json_t *appr_vm_entry(struct req *r, const struct appr_entry *e, const char *base);
json_t *appr_vm_entries(struct req *r, const struct appr_entry *e, size_t n, const char *base);

/* The units form as typed ("" for a field not sent): form_units.c. */
struct appr_unit_form {
    const char *qual, *title, *credits, *achieved_on;
};

void appr_unit_read(struct req *r, struct appr_unit_form *in, struct appr_unit_in *out,
                    struct page_errors *err);
/* The units form's {fields} for the record, its options the framework's
 * qualifications q[0..nq). */
json_t *appr_vm_unit_form(struct req *r, const struct appr_qual *q, size_t nq,
                          const struct appr_unit_form *in, const struct page_errors *err);
/* The qualifications with each one's credits achieved and, where its credits
 * are recorded, {progress, percent}; the units achieved. */
json_t *appr_vm_quals(struct req *r, const struct appr_qual *q, size_t n);
json_t *appr_vm_units(struct req *r, const struct appr_unit *u, size_t n);

/* The resubmit page for the apprentice's own returned entry e, with the form
 * as typed (NULL: e's values) and its problems (pages_resubmit.c). */
int appr_resubmit_page(struct req *r, const struct appr_entry *e, const struct appr_log_form *in,
                       const struct page_errors *err);

/* How a record page is shown: to an admin (the status form), to the
 * apprentice (mine: the log form while in learning), else to their trainer;
 * the form typed in and its problems when it is shown again. */
struct appr_record_view {
    int admin_view, mine;
    const struct appr_status_form *status;
    const struct appr_log_form *log;
    const struct appr_unit_form *unit;
    const struct page_errors *err;
};

/* Load the lists, audit the view and render the record (a form shown again). */
int appr_record(struct req *r, const struct apprentice *p, const struct appr_record_view *v);

/* record_kept.c: a record and its lists as kept in memory for one kind of
 * reader (core/kepttable.h; docs/decisions.md, issue 22). */
enum appr_record_kind { APPR_RECORD_ADMIN, APPR_RECORD_TRAINER, APPR_RECORD_MINE };

struct appr_kept_record {
    struct apprentice p;
    struct appr_lists l;
    unsigned long long named_gen[2]; /* persongen of the apprentice and the trainer, read after */
};

/*
 * The record id as the admin (viewer's role checked by the route's guard),
 * as viewer its trainer, or viewer's own (APPR_RECORD_MINE, id unused), as
 * the store reads it (appr_store_get/appr_store_mine, appr_store_lists):
 * DB_OK with *out, immutable and valid until a is reset; DB_NOT_FOUND for
 * none the viewer may see (never kept); a store error.
 */
enum db_rc appr_record_kept(struct db *db, struct arena *a, enum appr_record_kind kind,
                            long long viewer, long long id, const struct appr_kept_record **out);

/*
 * The generation of what k shows kind's viewer: moves with everything that
 * reads k again (the feature's generation, the viewer's, the generations of
 * the apprentice and the trainer it names). Read it after appr_record_kept()
 * and before any later read of the record (a rendered page of k is kept
 * under it: pages_record.c).
 */
unsigned long long appr_record_kept_gen(enum appr_record_kind kind, long long viewer,
                                        const struct appr_kept_record *k);

/*
 * A page of the record id as kind's reader may see it (appr_record_kept():
 * 404 for anyone else), the view audited (appr_store_viewed), rendered by
 * build and kept in t under the record's generation for every admin, for
 * the trainer in all their sessions, for the apprentice in all theirs
 * (page_kept_shared(), keyed by path and query): the record's page and its
 * hours log (pages_record.c). 200, build's status, 503.
 */
int appr_record_kept_page(struct req *r, struct kept_table *t, enum appr_record_kind kind,
                          long long id, page_build_fn *build);

/* The review behind a sign-off link's token hash as appr_store_signoff_get
 * reads it, kept: DB_OK with *out, immutable and valid until a is reset. */
enum db_rc appr_signoff_kept(struct db *db, struct arena *a, const char *hash,
                             const struct appr_signoff **out);

/* The record's path for the reader: /{lang}/admin/apprenticeships/{id} or
 * /{lang}/trainer/apprentices/{id} (nav.c). */
const char *appr_record_path(struct req *r, long long id, int is_admin);

/* The log entries e[0..n) of p's record for kind's reader: a waiting entry
 * links staff to its decision, a returned one the apprentice in learning to
 * its correction (form_hours.c). */
json_t *appr_vm_log_entries(struct req *r, enum appr_record_kind kind, const struct apprentice *p,
                            const struct appr_entry *e, size_t n);

/* The path of apprentice id's whole hours log for kind's reader, of one
 * state (an enum appr_entry_state) or all (-1): "/cy/me/apprenticeship/hours",
 * ".../apprentices/7/hours?state=submitted" (pages_log.c). */
const char *appr_log_href(struct req *r, enum appr_record_kind kind, long long id, int state);

/* The review form as typed ("" for a field not sent): form_reviews.c. */
struct appr_review_form {
    const char *held_on, *rating, *notes, *actions, *employer_name, *employer_email;
};

void appr_review_read(struct req *r, struct appr_review_form *in, struct appr_review_in *out,
                      struct page_errors *err);
void appr_vm_review_form(struct req *r, json_t *vm, const struct appr_review_form *in,
                         const struct page_errors *err);
/* A record's reviews; mine: the apprentice's sign-off forms. */
json_t *appr_vm_reviews(struct req *r, const struct appr_review *v, size_t n, int mine);
/* The due and overdue list's rows, each linking to the record. */
json_t *appr_vm_due(struct req *r, const struct apprentice *p, size_t n, int is_admin);

/* The reports (vm_reports.c): their names, in the page's order. */
#include "view/chart.h"

#define APPR_REPORTS 6
extern const char *const appr_reports[APPR_REPORTS];

/* Report which (an index into appr_reports) of rep as a chart. */
void appr_report_chart(struct req *r, const struct appr_report *rep, int which, struct chart *c);
/* {id, title, svg_html, table, csv_href, empty} for the page. */
json_t *appr_vm_report_chart(struct req *r, const struct chart *c, const char *name,
                             const char *csv_href);

/* The scheme form as typed ("" for a field not sent): form_schemes.c. */
struct appr_scheme_form {
    const char *name_cy, *name_en, *framework, *employer, *provider, *subcontractor, *intake_start,
        *intake_end, *review_weeks, *planned_otj_hours, *llwr_provider, *llwr_programme;
    const char *add_staff; /* an admin's or trainer's e-mail address to add */
};

/* What the scheme form offers: the frameworks, the employers and the
 * people already chosen (the others are added by e-mail address). */
#include "orgs/orgs.h"

struct appr_scheme_choices {
    struct appr_framework *frameworks;
    size_t n_frameworks;
    struct org *orgs;
    size_t n_orgs;
    struct appr_person *people;
    size_t n_people;
};

/* Read and check the POSTed scheme form into in (as typed) and out (as the
 * store takes it, the ticked staff among it, the e-mail address to add
 * normalised in *add_email or NULL), each problem in err. */
void appr_scheme_read(struct req *r, struct appr_scheme_form *in, struct appr_scheme_in *out,
                      const char **add_email, struct page_errors *err);
/* The scheme form's fields for vm, the staff ticked as in v. */
void appr_vm_scheme_form(struct req *r, json_t *vm, const struct appr_scheme_choices *c,
                         const struct appr_scheme_form *in, const struct appr_scheme_in *v,
                         const struct page_errors *err);

/* The trainer or mentor form as typed: trainer "" for none. */
struct appr_assign_form {
    const char *trainer, *mentor;
};

void appr_assign_read(struct req *r, struct appr_assign_form *in, long long *trainer,
                      struct page_errors *err);
/* Its fields: a search box (find, as typed) and the trainers t[0..nt) to
 * choose from (the chosen one, then the matches: APPR_FIND_SHOWN at most,
 * with a note when there are more or none). */
void appr_vm_assign_form(struct req *r, json_t *vm, const struct appr_trainer *t, size_t nt,
                         const struct appr_assign_form *in, const char *find,
                         const struct page_errors *err);

/*
 * The staff lists rendered once (issue 22, app/page_kept.h
 * page_kept_shared()): the admin list, the schemes' page, the due lists and
 * the reports show nothing but the roster (roster.c), so each is kept at the
 * roster's serial: which read of the roster the reader's request gets
 * (roster_impl.h). A change appr_commit commits has the roster read again at
 * once, and so has its TTL (a renamed account, the turn of the day, a change
 * on another server): the page is exactly as fresh as the roster it shows.
 *
 * page_kept_shared(r, t, scope, the roster's serial, build): scope 0 when
 * every reader the route lets in sees the same page (the admins), else the
 * reader's id (a trainer's own due list). 503 without the database
 * (pages_admin.c).
 */
int appr_page_roster_kept(struct req *r, struct kept_table *t, long long scope,
                          page_build_fn *build);
