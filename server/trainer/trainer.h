/*
 * trainer: trainers' cohorts (issue 20, docs/trainer.md). A trainer sees the
 * cohorts they run (cohort_trainers), one row per learner with the figures
 * kept on the enrolment (enrol.h: lessons_done, last_activity_at,
 * sessions_*), marks attendance for a whole session in one form and exports
 * the figures as CSV. Admins see every cohort. Another trainer's cohort is
 * 404: ownership is a WHERE clause in store.c.
 *
 * The at-risk rule (written on the page, computed in SQL against the
 * database's clock, docs/seats.md "Time"): behind the expected pace (fewer
 * lessons done than the share of the cohort's time gone would give), two or
 * more sessions missed, or no activity for TRAINER_IDLE_DAYS days once the
 * cohort has started.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "db/db.h"

struct arena;
struct req;

#define TRAINER_IDLE_DAYS   14
#define TRAINER_MISSED_RISK 2
#define TRAINER_PAGE_SIZE   50
#define TRAINER_PAGE_MAX    1000
#define TRAINER_SENT_SHOWN  20 /* messages listed on the cohort's page */
/* a reader's views of a cohort's page audited at most once in this */
#define TRAINER_VIEWED_EVERY_S (10 * 60)

/* at-risk reasons (bits) */
enum trainer_risk {
    TRAINER_RISK_BEHIND = 1 << 0,
    TRAINER_RISK_MISSED = 1 << 1,
    TRAINER_RISK_IDLE = 1 << 2,
};

struct trainer_cohort {
    long long id;
    char *name_cy, *name_en;
    char *title_cy, *title_en; /* the course's */
    time_t starts_at, ends_at;
    int lessons; /* the course's lesson_count */
    long long learners, at_risk;
    int avg_progress;                   /* % */
    long long capacity, taken, waiting; /* places, taken, on the waiting list */
    char *lang;                         /* of delivery: cy, en, both */
    int cancelled;
    /* which learners and how many lessons they have done (the sum of the
     * kept lessons_done, the ids' XOR): the completion chart's key
     * (weeks.c); 0 from trainer_store_cohort_head */
    long long lessons_sum, learners_xor;
    /* a hash of every learner's kept figures (status, lessons, sessions,
     * activity): with the above, the learners' key (learners.c) */
    long long figures_crc;
};

struct trainer_learner {
    long long enrolment_id;
    char *name, *org;
    int lessons_done, progress; /* progress: % */
    int attended, missed, apologies;
    time_t last_activity; /* 0: none */
    unsigned risk;        /* enum trainer_risk bits */
};

/* Which learners, in which order (form.c reads it from the query). */
enum trainer_sort {
    TRAINER_SORT_NAME,
    TRAINER_SORT_ORG,
    TRAINER_SORT_PROGRESS,
    TRAINER_SORT_ATTENDED,
    TRAINER_SORT_MISSED,
    TRAINER_SORT_ACTIVITY,
    TRAINER_SORT_RISK,
    TRAINER_SORT__MAX,
};

struct trainer_filter {
    const char *q;    /* in the name ("" none) */
    long long org_id; /* 0: any */
    int progress_lo;  /* -1: any; else a band [lo, hi] */
    int progress_hi;
    int missed; /* -1: any; 0, 1, 2 (2 or more) */
    int risk;   /* -1: any; 0 not at risk; 1 at risk */
    enum trainer_sort sort;
    int desc;
    long page; /* 1-based */
};

struct trainer_session {
    long long id;
    time_t starts_at;
    int minutes;
    char *place, *online_url, *lang;
    int present, absent, apologies;
    int cancelled;
};

/* One learner's mark for a session (mark NULL: not marked yet). */
struct trainer_mark {
    long long enrolment_id;
    char *name;
    char *mark;
};

/* Cohorts user_id runs (all when admin), current and coming first. */
enum db_rc trainer_store_cohorts(struct db *db, struct arena *a, long long user_id, int admin,
                                 struct trainer_cohort **out, size_t *n);

/* Every cohort of course_id (cancelled ones too), soonest first. */
enum db_rc trainer_store_course_cohorts(struct db *db, struct arena *a, long long course_id,
                                        struct trainer_cohort **out, size_t *n);

/* A course's cohorts as the rows of the cohort table (partial
 * trainer/cohort-table, the same as /trainer/cohorts shows), each linking
 * to its admin page; for the admin's course page. A new array (empty on
 * failure, with *rc set). */
json_t *trainer_course_cohorts(struct req *r, long long course_id, enum db_rc *rc);

/* Cohort id if user_id runs it (or admin); DB_NOT_FOUND otherwise. */
enum db_rc trainer_store_cohort(struct db *db, struct arena *a, long long user_id, int admin,
                                long long id, struct trainer_cohort *out);

/* The same without the figures (learners, at_risk, avg_progress and waiting
 * 0): primary-key lookups only, for the pages that show only its name. */
enum db_rc trainer_store_cohort_head(struct db *db, struct arena *a, long long user_id, int admin,
                                     long long id, struct trainer_cohort *out);

/* An organisation of a cohort's learners with how many of them. */
struct trainer_org {
    long long id;
    char *name_cy, *name_en;
    long long n;
};

/* How many lessons cohort_id's learners completed in each of the first
 * weeks weeks from its start (per_week[0] also holds those done before it). */
#define TRAINER_WEEKS_MAX 60
enum db_rc trainer_store_weeks(struct db *db, long long cohort_id, long long *per_week,
                               size_t weeks);

/* Session session_id of cohort_id; DB_NOT_FOUND if it is not of it. */
enum db_rc trainer_store_session(struct db *db, struct arena *a, long long cohort_id,
                                 long long session_id, struct trainer_session *s);

/* Session session_id of cohort_id with every learner's mark. */
enum db_rc trainer_store_marks(struct db *db, struct arena *a, long long cohort_id,
                               long long session_id, struct trainer_session *s,
                               struct trainer_mark **out, size_t *n);

/* Set the marks (enrolment ids and "present"/"absent"/"apologies") of
 * session_id in cohort_id in one transaction with the counters on the
 * enrolments and the session; an enrolment not in the cohort is skipped. */
enum db_rc trainer_store_mark(struct db *db, long long cohort_id, long long session_id,
                              long long by, const long long *enrolments, const char *const *marks,
                              size_t n);

/* A learner's upcoming cohort sessions (from now), for /me. */
struct trainer_upcoming {
    char *name_cy, *name_en; /* the cohort's, or the course's title when unnamed */
    time_t starts_at;
    int minutes;
    char *place, *online_url, *lang;
};

/*
 * The learner's next ten upcoming sessions, as one part of learn/'s single
 * statement for /me (a UNION ALL in the columns LEARN_ME_SIG reads,
 * learn.h; docs/decisions.md "One statement for a person's page"): kind 3,
 * name_cy, name_en, place, online_url and lang in s1-s5, starts_at in t1,
 * minutes in n1, sorted by o1, o2. Binds the person's id once.
 */
#define TRAINER_ME_SESSIONS_SQL                                                                    \
    "(SELECT 3, IF(ch.name_cy = '', co.title_cy, ch.name_cy), "                                    \
    "IF(ch.name_en = '', co.title_en, ch.name_en), s.place, s.online_url, s.lang, NULL, NULL, "    \
    "NULL, s.starts_at, NULL, NULL, NULL, s.minutes, 0, 0, 0, 0, 0, 0, TO_SECONDS(s.starts_at), "  \
    "s.id FROM enrolments e JOIN cohorts ch ON ch.id = e.cohort_id JOIN courses co ON "            \
    "co.id = ch.course_id JOIN cohort_sessions s ON s.cohort_id = ch.id WHERE e.user_id = ? "      \
    "AND e.status IN ('enrolled', 'completed') AND ch.cancelled = 0 AND s.cancelled = 0 "          \
    "AND s.starts_at + INTERVAL s.minutes MINUTE > UTC_TIMESTAMP() "                               \
    "ORDER BY s.starts_at, s.id LIMIT 10)"

/* The sessions TRAINER_ME_SESSIONS_SQL read, soonest first, as /me's items
 * ({title, date, iso, time, length, place, online, language}); learn_page_me
 * calls it. A new array. */
json_t *trainer_me_sessions(struct req *r, const struct trainer_upcoming *v, size_t n);

/* --- store_admin.c: making cohorts, their trainers and sessions ------- */

/* A new cohort as the admin's form gives it (names may be "": the course's
 * title is shown). */
struct trainer_cohort_in {
    long long course_id;
    const char *name_cy, *name_en;
    time_t starts_at, ends_at;
    int capacity;
    const char *lang; /* cy, en, both */
};

/* A session as the session form gives it. */
struct trainer_session_in {
    time_t starts_at;
    int minutes;
    const char *place, *online_url; /* "" none; at least one is set */
    const char *lang;               /* cy, en, both */
};

/* A trainer of a cohort. */
struct trainer_person {
    long long id;
    char *name, *email;
};

/* Make the cohort in (one transaction); *id its id. */
enum db_rc trainer_store_create(struct db *db, const struct trainer_cohort_in *in, long long *id);

/* cohort_id's trainers by name. */
enum db_rc trainer_store_trainers(struct db *db, struct arena *a, long long cohort_id,
                                  struct trainer_person **out, size_t *n);

/* Make the (enabled) trainer or admin whose normalised address is
 * email_norm a trainer of cohort_id; *user_id is theirs. DB_NOT_FOUND: no
 * such person; DB_CONFLICT: already a trainer of it. */
enum db_rc trainer_store_add_trainer(struct db *db, long long cohort_id, const char *email_norm,
                                     long long *user_id);

/* user_id is no longer a trainer of cohort_id; DB_NOT_FOUND if they were not. */
enum db_rc trainer_store_remove_trainer(struct db *db, long long cohort_id, long long user_id);

/* Add (session_id 0) or change session session_id of cohort_id; *id the
 * session's. DB_NOT_FOUND: no such session in that cohort. */
enum db_rc trainer_store_session_save(struct db *db, long long cohort_id, long long session_id,
                                      const struct trainer_session_in *in, long long *id);

/* Cancel session_id of cohort_id (kept, with its marks); DB_NOT_FOUND as above. */
enum db_rc trainer_store_session_cancel(struct db *db, long long cohort_id, long long session_id);

/* --- store_message.c: messages to a cohort ---------------------------- */

/* A message to a cohort's learners, in Welsh, English or both (a language
 * without a version: NULL subject). mail[] is the e-mail's body in each
 * language (body with the signature); subject and body are kept as typed. */
struct trainer_message {
    int at_risk_only;
    const char *subject[2], *body[2], *mail[2]; /* [LANG_CY], [LANG_EN] */
};

/* A message sent, for the record on the cohort's page. */
struct trainer_sent {
    long long id;
    time_t sent_at;
    int at_risk_only;
    char *subject_cy, *subject_en, *sender;
    long long recipients;
};

/* In one transaction: one e-mail per recipient in the outbox (in their own
 * language when the message has it, else in the one it has) and the record;
 * *sent how many. DB_NOT_FOUND: nobody to send it to (nothing queued). */
enum db_rc trainer_store_message(struct db *db, long long cohort_id, long long by,
                                 const struct trainer_message *m, long long *sent);

/* Demo data (dysgu seed-demo): three cohorts, idempotent. */
int trainer_cli_seed(struct db *db);

/*
 * Cohort cohort_id changed and the change has committed (a learner joined,
 * left, was given or lost a place: enrol/; a lesson done: learn/; a
 * session, its attendance, a message, its trainers: this folder): what its
 * trainers' pages keep of it is read again on this server (kept.c).
 * Thread-safe, no database.
 */
void trainer_cohort_changed(long long cohort_id);

/* handlers (routes.c) */
int trainer_page_cohorts(struct req *r);
int trainer_page_cohort(struct req *r);
int trainer_page_export(struct req *r);
int trainer_page_attendance(struct req *r);
int trainer_page_attendance_submit(struct req *r);
int trainer_page_cohort_new(struct req *r);
int trainer_page_cohort_create(struct req *r);
int trainer_page_admin_cohort(struct req *r);
int trainer_page_trainer_add(struct req *r);
int trainer_page_trainer_remove(struct req *r);
int trainer_page_session_new(struct req *r);
int trainer_page_session_create(struct req *r);
int trainer_page_session_edit(struct req *r);
int trainer_page_session_update(struct req *r);
int trainer_page_session_cancel(struct req *r);
int trainer_page_message(struct req *r);
int trainer_page_message_send(struct req *r);
int trainer_api_progress(struct req *r); /* api.c: a ROUTE_BEARER row */

/* The cohort sessions user_id has a part in, as a learner enrolled in the
 * cohort (enrolled or completed) or as one of its trainers, that started
 * after since (cancelled ones too, so a calendar drops them), soonest first,
 * at most max: each handed to each() with its cohort's name (the course's
 * title when the cohort has none) and its iCalendar SEQUENCE (the column
 * bumped by migration 0026's trigger). For the webinars' private calendar
 * feed (feed.c). each() returning non-zero stops the walk. */
enum db_rc
trainer_feed_sessions(struct db *db, struct arena *a, long long user_id, time_t since, int max,
                      int (*each)(void *ctx, const struct trainer_session *s, const char *name_cy,
                                  const char *name_en, int sequence),
                      void *ctx);
