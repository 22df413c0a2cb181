/*
 * apprenticeships: Welsh apprenticeship schemes (issue 21). Frameworks and
 * pathways, schemes, apprentices with their LLWR status and its history.
 * docs/apprenticeships.md. Records are personal: an apprentice is read only
 * by admins, their assigned trainer and themselves (the WHERE clauses of
 * store.c); everyone else gets 404. Every view and change is audited.
 */
#pragma once

#include <stddef.h>

#include "db/db.h"

struct app;
struct arena;
struct req;

#define APPR_PAGE_SIZE    25
#define APPR_PAGE_MAX     400
#define APPR_EXPORT_MAX   20000 /* rows in one CSV export */
#define APPR_SCHEMES_MAX  200   /* schemes a form or filter offers */
#define APPR_SCHEMES_PAGE 25    /* schemes a page of their list */
#define APPR_REASON_MAX   255

/* The statuses, in the order the filter shows them (LLWR 1, -, 2, 3, 4). */
enum appr_status {
    APPR_IN_LEARNING,
    APPR_ON_BREAK,
    APPR_COMPLETED,
    APPR_WITHDRAWN,
    APPR_TRANSFERRED,
    APPR_STATUS__N,
};

extern const char *const appr_status_codes[APPR_STATUS__N];

/* The status named code, or -1. */
int appr_status_parse(const char *code);

/* 1 when an apprentice may go from one status to another (status.c). */
int appr_transition_allowed(int from, int to);

/* The academic year of a start date: 1 August to 31 July, named by the year
 * it starts in (2025 is 2025/26). */
#define APPR_YEAR_SQL(col) "(YEAR(" col ") - (MONTH(" col ") < 8))"
#define APPR_YEARS_MAX     12  /* the year filter offers the newest this many */
#define APPR_EMPLOYERS_MAX 50  /* and this many employers */
#define APPR_PROVIDERS_MAX 50  /* and this many lead providers */
#define APPR_PROVIDER_MAX  200 /* appr_schemes.provider, in characters */

/* The rules every list, report and record share (apprentice a, the
 * database's clock): whole weeks in learning so far, the off-the-job hours
 * expected by now and approved (both in tenths), behind on those hours,
 * a review overdue. */
#define APPR_WEEKS_SQL                                                                             \
    "(GREATEST(0, DATEDIFF(LEAST(UTC_DATE(), a.planned_end_on), a.starts_on)) DIV 7)"
#define APPR_EXPECTED_SQL "(CAST(a.otj_weekly_target * 10 AS SIGNED) * " APPR_WEEKS_SQL ")"
#define APPR_APPROVED_SQL "CAST(a.otj_hours_approved * 10 AS SIGNED)"
#define APPR_BEHIND_SQL                                                                            \
    "(a.status = 'in_learning' AND " APPR_EXPECTED_SQL " > " APPR_APPROVED_SQL ")"
#define APPR_OVERDUE_SQL "(a.status = 'in_learning' AND a.next_review_on < UTC_DATE())"

struct appr_filter {
    long long scheme_id;   /* 0: any */
    long long employer_id; /* 0: any */
    int status;            /* -1: any */
    int overdue;           /* 1: only those whose review is overdue */
    int year;              /* 0: any; else the academic year starting in it */
    const char *provider;  /* "": any; else a lead provider's name */
    int behind;            /* 1: only those behind on their off-the-job hours */
    long offset, limit;
};

/* Each filter's counts with the other filters applied, and the total with
 * all of them. */
struct appr_counts {
    long long status[APPR_STATUS__N];
    long long overdue, behind;
    long long employer_id[APPR_EMPLOYERS_MAX], employer[APPR_EMPLOYERS_MAX];
    size_t n_employers;
    const char *provider_of[APPR_PROVIDERS_MAX];
    long long provider[APPR_PROVIDERS_MAX];
    size_t n_providers;
    int year_of[APPR_YEARS_MAX];
    long long year[APPR_YEARS_MAX];
    size_t n_years;
    long long total;
};

struct appr_scheme {
    long long id, employer_id;
    const char *name[2];
    const char *employer[2];
    const char *provider;
    const char *framework[2];
    int level;
    int review_weeks;
    int planned_otj_hours;
    long long apprentices;
};

struct apprentice {
    long long id, user_id, trainer_id;
    const char *name, *uli, *postcode, *lang, *reason, *trainer_name, *mentor;
    const char *starts_on, *planned_end_on, *actual_end_on, *break_return_on, *next_review_on;
    const char *scheme[2], *employer[2], *framework[2], *provider;
    int status, level, min_credits, credits, weekly_hours, agreement, overdue;
    int planned_otj_hours, otj_pending, review_weeks;
    double otj_hours, otj_logged; /* approved; submitted or approved (counters, 0024) */
    long long otj_target_tenths;  /* the weekly off-the-job target, in tenths of an hour */
    long long weeks_in;           /* whole weeks from the start to today (or the planned end) */
    int year;                     /* the academic year of the start (APPR_YEAR_SQL) */
    const char *llwr_provider, *llwr_programme; /* the scheme's LP03 and LP17 settings */
    int due_soon; /* the next review is within APPR_DUE_DAYS (or past) */
};

struct appr_history {
    const char *from, *to, *on, *reason, *actor;
};

/* roster.c: commit the transaction and, when it holds, drop the kept
 * roster (every store_*.c change commits through it). */
enum db_rc appr_commit(struct db *db);
/* The feature's generation: moved by every change appr_commit commits, so
 * what is kept of it (the roster, a record: record_kept.c) is read again. */
unsigned long long appr_generation(void);
/* Each filter's counts for f into c, and the page f asks for (f->offset,
 * f->limit) in the list's order into *out, *n, from the roster kept in
 * memory (read again after a change here, or after a second): what the
 * list shows (appr_roster_apprentice in roster_impl.h), valid until a is
 * reset; no statement when the roster is kept. */
enum db_rc appr_roster_page(struct db *db, struct arena *a, const struct appr_filter *f,
                            struct appr_counts *c, struct apprentice **out, size_t *n);
/* The schemes from offset (newest intake first, at most limit) with each
 * one's apprentices, and how many there are in all, likewise. */
enum db_rc appr_roster_schemes(struct db *db, struct arena *a, size_t offset, size_t limit,
                               struct appr_scheme **out, size_t *n, size_t *total);

/* store.c: the first APPR_SCHEMES_MAX schemes (for forms and filters) */
enum db_rc appr_store_schemes(struct db *db, struct arena *a, struct appr_scheme **out, size_t *n);
/* The CSV export's rows: the filtered list's (f->offset, f->limit) with
 * every column, read by primary key in the roster's order; *total and c
 * as appr_roster_page gives them. */
enum db_rc appr_store_list(struct db *db, struct arena *a, const struct appr_filter *f,
                           struct apprentice **out, size_t *n, long long *total,
                           struct appr_counts *c);
/* One apprentice as viewer sees them: any for an admin (is_admin), else only
 * one whose trainer is viewer. DB_NOT_FOUND otherwise. */
enum db_rc appr_store_get(struct db *db, struct arena *a, long long id, long long viewer,
                          int is_admin, struct apprentice *out);
/* The apprentice record of user (the newest), DB_NOT_FOUND for none. */
enum db_rc appr_store_mine(struct db *db, struct arena *a, long long user_id,
                           struct apprentice *out);
enum db_rc appr_store_history(struct db *db, struct arena *a, long long id,
                              struct appr_history **out, size_t *n);
/* Move apprentice id to status `to` effective on (YYYY-MM-DD) for reason,
 * recording the history row and the audit entry in one transaction.
 * DB_CONFLICT when the transition is not allowed (nothing changed). */
enum db_rc appr_store_transition(struct db *db, long long id, int to, const char *on,
                                 const char *return_on, const char *reason, long long actor,
                                 const char *ip);

/* An enrolment as the admin's form gives it (form.c checks it). */
struct appr_enrol {
    const char *email_norm, *uli, *postcode, *starts_on, *planned_end_on, *lang;
    long long scheme_id;
    int weekly_hours, otj_tenths, agreement;
};

/* Put the account with in->email_norm on scheme in->scheme_id, its first
 * review review_weeks after the start, audited, in one transaction; *id is
 * the new record. DB_NOT_FOUND: no such account or scheme; DB_CONFLICT: that
 * account is already on that scheme. Nothing changes unless DB_OK. */
enum db_rc appr_store_enrol(struct db *db, const struct appr_enrol *in, long long actor,
                            const char *ip, long long *id);

/* The audit entry for viewer reading p's record, written at most once per
 * viewer and record every APPR_VIEWED_EVERY_S seconds (store_record.c,
 * docs/decisions.md): a repeated view within that is already recorded. */
#define APPR_VIEWED_EVERY_S 600
enum db_rc appr_store_viewed(struct db *db, long long viewer, const struct apprentice *p,
                             const char *ip);
/* The same for the reports' page: apprentice_reports_viewed with detail
 * (the report and filters), at most once per viewer and detail every
 * APPR_VIEWED_EVERY_S seconds. (The CSV of a report is audited every time.) */
enum db_rc appr_store_reports_viewed(struct db *db, long long viewer, const char *detail,
                                     const char *ip);

/* The off-the-job hours log (store_hours.c, migration 0024). */
enum appr_entry_state { APPR_ENTRY_SUBMITTED, APPR_ENTRY_APPROVED, APPR_ENTRY_RETURNED };

#define APPR_CATEGORIES    6
#define APPR_ACTIVITY_MAX  500
#define APPR_COMMENT_MAX   255
#define APPR_ENTRIES_SHOWN 20 /* the newest, on the record; the rest in its log's pages */
#define APPR_LOG_PAGE      50 /* entries a page of the log (pages_log.c) */

extern const char *const appr_categories[APPR_CATEGORIES];
extern const char *const appr_entry_states[3];

struct appr_entry {
    long long id;
    const char *worked_on, *activity, *comment, *decided_by;
    int tenths, category, state;
};

/* What the apprentice logs: worked_on YYYY-MM-DD, tenths 1..240, category
 * an index into appr_categories, activity 1..APPR_ACTIVITY_MAX bytes. */
struct appr_log {
    const char *worked_on, *activity;
    int tenths, category;
};

/* Why a log was refused (DB_CONFLICT). */
enum appr_log_refusal { APPR_LOG_NOT_IN_LEARNING = 1, APPR_LOG_FUTURE, APPR_LOG_BEFORE_START };

/* How many entries apprentice id has logged: in all and in each state. */
struct appr_entry_counts {
    long long all, by_state[3]; /* by enum appr_entry_state */
};

/* Up to max entries of apprentice id from offset on, latest first: those in
 * state (an enum appr_entry_state) or, for -1, all of them. */
enum db_rc appr_store_entries(struct db *db, struct arena *a, long long id, int state,
                              size_t offset, size_t max, struct appr_entry **out, size_t *n);
enum db_rc appr_store_entry_counts(struct db *db, long long id, struct appr_entry_counts *out);
/* Entry entry of apprentice id, DB_NOT_FOUND when it is not theirs. */
enum db_rc appr_store_entry(struct db *db, struct arena *a, long long id, long long entry,
                            struct appr_entry *out);
/* user logs in on their own (newest) apprenticeship: the entry, the logged
 * and pending counters and the audit entry in one transaction. DB_NOT_FOUND:
 * user is not an apprentice; DB_CONFLICT with *why: refused, nothing changed. */
enum db_rc appr_store_log(struct db *db, long long user, const struct appr_log *in, const char *ip,
                          long long *entry, int *why);
/* Approve (approve 1) or return with comment an entry that waits, of
 * apprentice id seen by viewer (any for is_admin, else only as their trainer):
 * the entry, the counters and the audit entry in one transaction.
 * DB_NOT_FOUND: not theirs; DB_CONFLICT: already decided; nothing changed. */
enum db_rc appr_store_decide(struct db *db, long long id, long long entry, int approve,
                             const char *comment, long long viewer, int is_admin, const char *ip);

/* A returned entry corrected and resubmitted (store_hours.c, migration
 * 0040): user, on their own apprenticeship while it is in learning, puts
 * in's values on returned entry entry, which waits again; its returned
 * version is kept in appr_otj_versions; the logged and pending counters and
 * the audit entry move in the same transaction. DB_NOT_FOUND: not theirs;
 * DB_CONFLICT with *why (APPR_LOG_*, or APPR_LOG_NOT_RETURNED): refused,
 * nothing changed. */
#define APPR_LOG_NOT_RETURNED 4
#define APPR_VERSIONS_SHOWN   20

enum db_rc appr_store_resubmit(struct db *db, long long user, long long entry,
                               const struct appr_log *in, const char *ip, int *why);
/* user's own entry entry (on one of their apprenticeships), DB_NOT_FOUND
 * for any other. */
enum db_rc appr_store_my_entry(struct db *db, struct arena *a, long long user, long long entry,
                               struct appr_entry *out);
/* The earlier versions of entry (already checked to be the reader's), the
 * newest first, at most APPR_VERSIONS_SHOWN; each with the comment it was
 * returned with and who returned it. */
enum db_rc appr_store_versions(struct db *db, struct arena *a, long long entry,
                               struct appr_entry **out, size_t *n);

/* Units and credits (store_units.c, migration 0040). A framework's
 * qualifications with their credits where the reference states them; the
 * units an apprentice has achieved; apprentices.credits_achieved is the
 * counter, moved in the same transaction as the unit. */
#define APPR_KINDS        3
#define APPR_UNIT_TITLE   255
#define APPR_UNIT_CREDITS 200
#define APPR_QUALS_MAX    20
#define APPR_UNITS_SHOWN  200

extern const char *const appr_kinds[APPR_KINDS]; /* competency, knowledge, esw */

struct appr_qual {
    long long id;
    const char *name[2];
    int kind; /* an index into appr_kinds, -1: not recorded */
    int level;
    int credits;  /* -1: not recorded */
    int achieved; /* the credits of this apprentice's units of it */
};

struct appr_unit {
    long long id, qual_id; /* qual_id 0: not one of the framework's listed */
    const char *title, *achieved_on, *recorded_by, *qual[2];
    int credits;
};

/* What the trainer or admin records: qual_id 0 for a qualification not
 * listed, title 1..APPR_UNIT_TITLE bytes, credits 1..APPR_UNIT_CREDITS,
 * achieved_on YYYY-MM-DD. */
struct appr_unit_in {
    long long qual_id;
    const char *title, *achieved_on;
    int credits;
};

/* Why a unit was refused (DB_CONFLICT). */
enum appr_unit_refusal {
    APPR_UNIT_FINAL = 1,
    APPR_UNIT_FUTURE,
    APPR_UNIT_BEFORE_START,
    APPR_UNIT_NO_QUAL,
};

/* The qualifications of apprentice id's framework (at most APPR_QUALS_MAX)
 * with the credits of id's units of each. */
enum db_rc appr_store_quals(struct db *db, struct arena *a, long long id, struct appr_qual **out,
                            size_t *n);
/* The units apprentice id has achieved, the newest first. */
enum db_rc appr_store_units(struct db *db, struct arena *a, long long id, struct appr_unit **out,
                            size_t *n);
/* viewer (an admin when is_admin, else the apprentice's trainer) records a
 * unit apprentice id achieved: the unit, credits_achieved and the audit
 * entry in one transaction. DB_NOT_FOUND: not theirs; DB_CONFLICT with *why:
 * refused (ended, a date in the future or before the start, a qualification
 * not of the framework); nothing changed unless DB_OK. */
enum db_rc appr_store_unit(struct db *db, long long id, const struct appr_unit_in *in,
                           long long viewer, int is_admin, const char *ip, int *why);

/* Progress reviews (store_reviews.c, migration 0024): one every
 * review_weeks (the scheme's setting); the next is due review_weeks after the
 * one held. Apprentices whose review falls within APPR_DUE_DAYS are "due". */
#define APPR_DUE_DAYS      14
#define APPR_DUE_PAGE      50 /* the due list shows this many a page */
#define APPR_NOTES_MAX     2000
#define APPR_REVIEWS_SHOWN 50

enum appr_rating { APPR_GREEN, APPR_AMBER, APPR_RED, APPR_RATING__N };

extern const char *const appr_ratings[APPR_RATING__N];

/* The employer's sign-off of a review (store_signoff.c, migration 0044):
 * none (no contact given), waiting, signed, disputed. */
enum appr_employer_state {
    APPR_EMPLOYER_NONE,
    APPR_EMPLOYER_WAITING,
    APPR_EMPLOYER_SIGNED,
    APPR_EMPLOYER_DISPUTED,
    APPR_EMPLOYER__N
};

extern const char *const appr_employer_states[APPR_EMPLOYER__N];

#define APPR_SIGNOFF_DAYS      30  /* the employer's link works this long */
#define APPR_EMPLOYER_NAME_MAX 255 /* the contact's name, bytes */

struct appr_review {
    long long id;
    const char *held_on, *reviewer, *notes, *actions, *next_on, *signed_on;
    int rating;
    /* the employer's sign-off: state, the contact, when sent (waiting) or
     * answered, and why they disagreed */
    int employer_state;
    const char *employer_name, *employer_on, *employer_reason;
};

/* Where a review's mail to the employer gets its words and link. */
struct appr_mailer {
    const struct app *app;
    struct arena *arena;
};

/* A review as the reviewer records it: held_on YYYY-MM-DD, rating an enum
 * appr_rating, notes 1..APPR_NOTES_MAX bytes, actions 0..APPR_NOTES_MAX;
 * the employer's contact (both "" or both given: a name of at most
 * APPR_EMPLOYER_NAME_MAX bytes and an address mail_addr_valid takes), who is
 * e-mailed a sign-off link through mailer. */
struct appr_review_in {
    const char *held_on, *notes, *actions, *employer_name, *employer_email;
    int rating;
    const struct appr_mailer *mailer;
};

/* Why a review was refused (DB_CONFLICT): the apprentice's status is final,
 * or the date is in the future or before the start. */
enum appr_review_refusal { APPR_REVIEW_FINAL = 1, APPR_REVIEW_FUTURE, APPR_REVIEW_BEFORE_START };

/* The newest APPR_REVIEWS_SHOWN reviews of apprentice id, latest first. */
enum db_rc appr_store_reviews(struct db *db, struct arena *a, long long id,
                              struct appr_review **out, size_t *n);
/* viewer (an admin when is_admin, else the apprentice's trainer) records a
 * review of apprentice id: the review, the apprentice's next review date
 * (held_on + the scheme's review_weeks) and the audit entry in one
 * transaction. DB_NOT_FOUND: not theirs; DB_CONFLICT with *why: refused. */
enum db_rc appr_store_review(struct db *db, long long id, const struct appr_review_in *in,
                             long long viewer, int is_admin, const char *ip, int *why);
/* user signs off review on their own record, audited; signing twice changes
 * nothing. DB_NOT_FOUND: not theirs. */
enum db_rc appr_store_review_sign(struct db *db, long long user, long long review, const char *ip);

/* The review behind an employer's sign-off link, as the employer sees it. */
struct appr_signoff {
    long long review_id;
    const char *apprentice, *scheme[2], *employer[2], *held_on, *reviewer, *notes, *actions;
    const char *next_on, *contact, *answered_on, *reason;
    int rating, state, expired;
};

/* The review of a sign-off link by its hash (auth/token.h):
 * DB_NOT_FOUND when no review has it. */
enum db_rc appr_store_signoff_get(struct db *db, struct arena *a, const char *hash,
                                  struct appr_signoff *out);
/* The employer answers the link of hash once: agree, or not (reason, 1 to
 * APPR_NOTES_MAX bytes), audited, in one transaction. DB_NOT_FOUND: no such
 * link; DB_CONFLICT: answered already or expired (nothing changed). */
enum db_rc appr_store_signoff_answer(struct db *db, const char *hash, int agree, const char *reason,
                                     const char *ip);
/* Inside the review's transaction: a new link for review (made by user
 * viewer) to its employer contact, e-mailed in the apprentice's language of
 * learning (both: Welsh, then English, in one mail), audited. */
enum db_rc appr_signoff_send(struct db *db, const struct appr_mailer *m, long long review,
                             long long viewer, const char *ip);

/* Apprentices in learning whose review is overdue or due within
 * APPR_DUE_DAYS, or who have hours waiting for a decision, soonest review
 * first: any for is_admin, else only viewer's as their trainer, from the
 * roster (roster_report.c; what the due list shows). *total of them in all,
 * and the max from the offset-th on in *out. */
enum db_rc appr_roster_due(struct db *db, struct arena *a, long long viewer, int is_admin,
                           size_t offset, size_t max, struct apprentice **out, size_t *n,
                           size_t *total);

/* Reports (roster_report.c): counts for the admin's charts, filtered by the
 * academic year of the start (0: any), employer (0: any), lead provider
 * ("": any) and behind (1: only those in learning behind on their
 * off-the-job hours). */
struct appr_report_filter {
    int year;
    long long employer_id;
    const char *provider;
    int behind;
};

/* One cell: apprentices of one status on one framework, employer and
 * provider; hours summed in tenths (expected: weekly target x whole weeks). */
struct appr_cell {
    int status, level;
    long long framework_id, employer_id, n, overdue, behind, approved_tenths, expected_tenths;
    const char *framework[2], *employer[2], *provider;
};

/* Starts (kind -1) by the academic year of the start, and completions,
 * withdrawals and transfers (kind: the status) by the year of the end. */
struct appr_year_cell {
    int year, kind;
    long long n;
};

/* One apprentice in learning behind on their hours, most behind first. */
struct appr_behind {
    long long id, approved_tenths, expected_tenths;
    const char *name, *scheme[2];
};

#define APPR_REPORT_CELLS 5000
#define APPR_BEHIND_SHOWN 20 /* on the reports page; its CSV has them all */

struct appr_report {
    struct appr_cell *cells;
    size_t n_cells;
    struct appr_year_cell *years;
    size_t n_years;
    struct appr_behind *behind;
    size_t n_behind, n_behind_all; /* listed, and all the filter keeps */
};

/* The cells and years of the report for f and the max_behind apprentices
 * most behind on their hours, from the roster (no statement). */
enum db_rc appr_roster_report(struct db *db, struct arena *a, const struct appr_report_filter *f,
                              size_t max_behind, struct appr_report *out);

/* Schemes (store_schemes.c, migration 0043): the admin's form to create and
 * edit one, with the admins and trainers responsible for it; the trainer
 * (a user with the role) or mentor (a name) assigned to an apprentice. */
#define APPR_NAME_MAX       200 /* a scheme's names, provider and sub-contractor */
#define APPR_LLWR_MAX       16  /* the LP03 and LP17 settings */
#define APPR_MENTOR_MAX     120 /* apprentices.mentor_name */
#define APPR_STAFF_MAX      200 /* the admins and trainers a form offers */
#define APPR_FIND_MAX       100 /* characters of the assign form's search */
#define APPR_FIND_SHOWN     20  /* matches the assign form lists */
#define APPR_FRAMEWORKS_MAX 100

struct appr_framework {
    long long id;
    const char *name[2];
    int level;
};

/* Someone with the admin or trainer role, as a form offers them. */
struct appr_person {
    long long id;
    const char *name;
    int is_admin, is_trainer;
};

/* A scheme as the admin's form gives it (form_schemes.c checks it) and as
 * the edit form shows it: intake_end NULL for none; staff[0..n_staff) the
 * people responsible. */
struct appr_scheme_in {
    const char *name_cy, *name_en, *provider, *subcontractor, *intake_start, *intake_end;
    const char *llwr_provider, *llwr_programme;
    long long framework_id, employer_id;
    int review_weeks, planned_otj_hours;
    long long *staff;
    size_t n_staff;
};

/* Why a scheme was refused (DB_CONFLICT). */
enum appr_scheme_refusal {
    APPR_SCHEME_NO_FRAMEWORK = 1,
    APPR_SCHEME_NO_EMPLOYER,
    APPR_SCHEME_NOT_STAFF,
};

/* The frameworks, by name and level. */
enum db_rc appr_store_frameworks(struct db *db, struct arena *a, struct appr_framework **out,
                                 size_t *n);
/* The admins and trainers among ids[0..n) (the people a scheme names),
 * by name. */
enum db_rc appr_store_people_in(struct db *db, struct arena *a, const long long *ids, size_t n,
                                struct appr_person **out, size_t *np);

/* A trainer the assign form offers. */
struct appr_trainer {
    long long id;
    const char *name;
    const char *email;
};
/* The assign form's trainers: chosen (0: none) first when it is a trainer,
 * then up to limit in all of the trainers whose name or e-mail address holds
 * q (""/NULL: none), by name. In a. */
enum db_rc appr_store_find_trainers(struct db *db, struct arena *a, const char *q, long long chosen,
                                    size_t limit, struct appr_trainer **out, size_t *n);
/* The admin or trainer whose normalised e-mail address is email_norm;
 * DB_NOT_FOUND for none. */
enum db_rc appr_store_staff_by_email(struct db *db, const char *email_norm, long long *id);
/* Scheme id as the edit form shows it, its staff in a; DB_NOT_FOUND for none. */
enum db_rc appr_store_scheme(struct db *db, struct arena *a, long long id,
                             struct appr_scheme_in *out);
/* Create (*id 0) or update scheme *id with in, its staff replaced, audited
 * (appr_scheme_created, appr_scheme_updated), in one transaction.
 * DB_NOT_FOUND: no scheme *id; DB_CONFLICT with *why: refused; nothing
 * changes unless DB_OK. */
enum db_rc appr_store_scheme_save(struct db *db, const struct appr_scheme_in *in, long long actor,
                                  const char *ip, long long *id, int *why);
/* Assign trainer (0: none; a user with the trainer role) and mentor ("":
 * none) to apprentice id, audited (apprentice_trainer_assigned), in one
 * transaction. DB_NOT_FOUND: no such apprentice; DB_CONFLICT: trainer does
 * not have the role; nothing changes unless DB_OK. */
enum db_rc appr_store_assign(struct db *db, long long id, long long trainer, const char *mentor,
                             long long actor, const char *ip);

/* vm.c */
#include <jansson.h>
/* The record's view model: details, status, progress, history. */
json_t *appr_vm_record(struct req *r, const struct apprentice *p, const struct appr_history *h,
                       size_t n);
/* One row of the admin list. */
json_t *appr_vm_row(struct req *r, const struct apprentice *p);

/* Everything the record page lists beside the apprentice, one statement
 * each (store_record.c; docs/benchmarks.md on why not one JSON statement). */
struct appr_lists {
    struct appr_history *h;
    struct appr_entry *e;
    struct appr_review *rv;
    struct appr_qual *q;
    struct appr_unit *u;
    size_t nh, ne, nr, nq, nu;
    struct appr_entry_counts ec; /* e is the newest APPR_ENTRIES_SHOWN of ec.all */
};
enum db_rc appr_store_lists(struct db *db, struct arena *a, long long id, struct appr_lists *l);

/* cli.c: the demo schemes and apprentices (idempotent). */
int apprenticeships_cli_seed(struct db *db);

/* pages_*.c */
int appr_page_admin_list(struct req *r);
int appr_page_admin_export(struct req *r);
int appr_page_admin_show(struct req *r);
int appr_page_admin_status(struct req *r);
int appr_page_admin_new(struct req *r);
int appr_page_admin_enrol(struct req *r);
int appr_page_trainer_show(struct req *r);
int appr_page_me(struct req *r);
int appr_page_me_log(struct req *r);
/* pages_log.c: the whole hours log, a page at a time */
int appr_page_admin_log(struct req *r);
int appr_page_trainer_log(struct req *r);
int appr_page_me_log_list(struct req *r);
int appr_page_admin_log_csv(struct req *r);
int appr_page_trainer_log_csv(struct req *r);
int appr_page_me_log_csv(struct req *r);
int appr_page_admin_entry(struct req *r);
int appr_page_admin_decide(struct req *r);
int appr_page_trainer_entry(struct req *r);
int appr_page_trainer_decide(struct req *r);
int appr_page_admin_review_form(struct req *r);
int appr_page_admin_review(struct req *r);
int appr_page_trainer_review_form(struct req *r);
int appr_page_trainer_review(struct req *r);
int appr_page_me_sign(struct req *r);
/* The employer's sign-off link (pages_signoff.c): GET, POST
 * /{lang}/employer-review/{token} (GUARD_NONE). */
int appr_page_signoff(struct req *r);
int appr_page_signoff_answer(struct req *r);
int appr_page_admin_unit(struct req *r);
int appr_page_trainer_unit(struct req *r);
int appr_page_me_entry(struct req *r);
int appr_page_me_resubmit(struct req *r);
int appr_page_admin_due(struct req *r);
int appr_page_trainer_due(struct req *r);
int appr_page_admin_reports(struct req *r);
int appr_page_admin_report_csv(struct req *r);
int appr_page_schemes(struct req *r);
int appr_page_scheme_new(struct req *r);
int appr_page_scheme_create(struct req *r);
int appr_page_scheme_edit(struct req *r);
int appr_page_scheme_update(struct req *r);
int appr_page_assign_form(struct req *r);
int appr_page_assign(struct req *r);
