/* trainer_impl: what only the trainer folder's files share. */
#pragma once

#include <jansson.h>

#include "app/page_kept.h"
#include "app/page_nav.h"
#include "core/lang.h"
#include "trainer/trainer.h"

struct page_errors;
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
/* The rows of the cohort table (trainer/cohort-table.html); admin: each
 * links to the cohort's admin page rather than its learners. */
json_t *trainer_vm_cohort_rows(struct req *r, const struct trainer_cohort *v, size_t n, int admin);
/* The messages sent: {when, iso, audience, subject, sender, recipients}. */
json_t *trainer_vm_sent(struct req *r, const struct trainer_sent *v, size_t n);
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

/* The same without its figures (trainer_store_cohort_head), for the pages
 * that show only its name: the session forms, attendance, the export. */
int trainer_cohort_head_for(struct req *r, struct trainer_cohort *c);

/* A page of the route's cohort that is the same for everyone who may see
 * it (a blank form), made by build and kept at the cohort's generation
 * (app/page_kept.h page_kept_shared()), once the reader is known to run the
 * cohort (or to be an admin): what page_kept_shared() returns, or 404/503. */
int trainer_page_cohort_kept(struct req *r, struct kept_table *t, page_build_fn *build);

/* For such a page's build: the route's cohort (head: without its figures)
 * without asking again whether the reader runs it. 0, or 404/503. */
int trainer_cohort_known(struct req *r, int head, struct trainer_cohort *c);

/* The weeks of cohort c to show (from its start to today or its end, at
 * least 1, at most TRAINER_WEEKS_MAX), at now. */
size_t trainer_weeks_shown(const struct trainer_cohort *c, time_t now);

/* trainer_store_weeks for cohort c (read with trainer_store_cohort), kept
 * in memory while its learners and their kept lessons_done stay the same
 * (weeks.c). */
enum db_rc trainer_weeks(struct req *r, const struct trainer_cohort *c, long long *per_week,
                         size_t weeks);

/* --- kept.c: what a trainer's pages keep (issue 22) ------------------ */

/* The reader is an admin (sees every cohort). */
int trainer_is_admin(const struct req *r);

/* After a commit that changed cohort_id's sessions or learners (what its
 * learners' own pages show): trainer_cohort_changed(), and every learner of
 * it (enrolled or completed) touched (core/persongen.h); everyone's when
 * they cannot be read. */
void trainer_cohort_touch(struct db *db, long long cohort_id);

/* The ids of the cohorts user_id runs, in trainer_store_cohorts' order
 * (allocated in a). */
enum db_rc trainer_store_cohort_ids(struct db *db, struct arena *a, long long user_id,
                                    long long **out, size_t *n);

/* DB_OK when user_id is one of cohort_id's trainers, else DB_NOT_FOUND. */
enum db_rc trainer_store_runs(struct db *db, long long user_id, long long cohort_id);

/* persongen_touch() every learner of cohort_id (trainer_cohort_touch). */
enum db_rc trainer_store_touch_members(struct db *db, long long cohort_id);

/* The cohorts the reader runs (trainer_store_cohorts), kept: valid until
 * r's arena is reset, never to be changed. */
enum db_rc trainer_kept_cohorts(struct req *r, const struct trainer_cohort **v, size_t *n);

/* Cohort id if the reader runs it (or is an admin): with its figures
 * (trainer_store_cohort) or, head, without (trainer_store_cohort_head);
 * kept. Its strings are the kept value's: valid until r's arena is reset,
 * never to be changed. DB_NOT_FOUND (never kept) otherwise. */
enum db_rc trainer_kept_cohort(struct req *r, long long id, int head, struct trainer_cohort *c);

/* The same for a reader trainer_kept_runs() has let see it (it asks no
 * more): a kept page's build. */
enum db_rc trainer_kept_cohort_known(struct req *r, long long id, int head,
                                     struct trainer_cohort *c);

/* Cohort id's page (trainer_store_cohort_page), kept; as above, but for a
 * reader trainer_kept_runs() has let see it (it asks no more). */
struct trainer_cohort_page;
enum db_rc trainer_kept_cohort_page(struct req *r, long long id, struct trainer_cohort_page *p);

/* DB_OK when the reader may see cohort id (one of its trainers, or an
 * admin), kept as the cohort's values are; DB_NOT_FOUND (never kept) or why
 * it cannot be told otherwise. */
enum db_rc trainer_kept_runs(struct req *r, long long id);

/* The generation cohort id's kept values are read under: it moves with
 * every trainer_cohort_changed(id) (and those of the cohorts that share its
 * counter). */
unsigned long long trainer_cohort_gen(long long id);

/* --- learners.c: a cohort's learners, kept -------------------------- */

/* Names and organisations (not in the key) show changed within this. */
#define TRAINER_LEARNERS_TTL_MS (5 * 60 * 1000LL)

/* One page of cohort c's learners (c read with its figures:
 * trainer_store_cohort or the page's statement) by f, with how many match
 * (*total); organisations named in lang. per_page 0: all of them (the
 * export, the API). Kept in memory per cohort under c's key (learners.c). */
enum db_rc trainer_learners(struct req *r, const struct trainer_cohort *c, enum lang lang,
                            const struct trainer_filter *f, long per_page,
                            struct trainer_learner **out, size_t *n, long long *total);

/* Cohort c's learners' organisations (by id) with how many of them each,
 * from the same kept learners. */
enum db_rc trainer_learner_orgs(struct req *r, const struct trainer_cohort *c,
                                struct trainer_org **out, size_t *n);

/* Completion over time as an accessible SVG chart and its table: the
 * share of all the cohort's lessons done by the end of each week, and the
 * pace expected. {svg_html, table}. */
json_t *trainer_vm_completion_chart(struct req *r, const struct trainer_cohort *c,
                                    const long long *per_week, size_t weeks);

/* Attendance per session as an accessible SVG chart and its table:
 * {svg_html, table}. */
json_t *trainer_vm_attendance_chart(struct req *r, const struct trainer_session *v, size_t n);

/* --- form_admin.c: the cohort and session forms ---------------------- */

/* What was typed, kept for the page that comes back ("" when absent). */
struct trainer_cohort_form {
    const char *name_cy, *name_en, *starts_on, *ends_on, *capacity, *lang;
};

struct trainer_session_form {
    const char *date, *time, *minutes, *place, *online, *lang;
};

struct trainer_message_form {
    const char *audience, *only, *subject[2], *body[2];
};

/* Read and check the forms: problems into err, at their inputs' ids. */
void trainer_form_cohort(struct req *r, struct trainer_cohort_form *in,
                         struct trainer_cohort_in *out, struct page_errors *err);
void trainer_form_session(struct req *r, struct trainer_session_form *in,
                          struct trainer_session_in *out, struct page_errors *err);
/* (out->mail is left for the handler: the body with the signature) */
void trainer_form_message(struct req *r, struct trainer_message_form *in,
                          struct trainer_message *out, struct page_errors *err);

/* Their fields as typed (or as stored). */
void trainer_vm_cohort_form(struct page_form *form, const struct trainer_cohort_form *in);
void trainer_vm_session_form(struct page_form *form, const struct trainer_session_form *in);
void trainer_vm_message_form(struct page_form *form, const struct trainer_message_form *in,
                             const struct trainer_cohort *c);

/* A cohort's page but its learners: the cohort (with its figures), its
 * sessions in time order and the last TRAINER_SENT_SHOWN messages sent
 * (newest first). */
struct trainer_cohort_page {
    struct trainer_cohort cohort;
    struct trainer_session *sessions;
    struct trainer_sent *sent;
    size_t n_sessions, n_sent;
};

/* Cohort id's page if user_id runs it (or admin), in one statement;
 * DB_NOT_FOUND otherwise (store_page.c). */
enum db_rc trainer_store_cohort_page(struct db *db, struct arena *a, long long user_id, int admin,
                                     long long id, struct trainer_cohort_page *out);

/* store.c's statement of it, and its reading of a cohort's columns (lists:
 * the two JSON lists after them, or NULL for none). */
extern const char trainer_sql_cohort_page[];
enum db_rc trainer_cohort_row(struct db_stmt *st, struct arena *a, struct trainer_cohort *c,
                              char **lists);

/* store.c's statement of a message's recipients (id, email, lang), for
 * store_message.c: parameters cohort id, at-risk only (0/1). */
extern const char trainer_sql_recipients[];
