/*
 * webinars: webinars and the events programme (issue 18, docs/webinars.md).
 * This folder owns the webinars and webinar_registrations tables
 * (migrations/0011_webinars.sql). A webinar is a seat pool of the seat engine
 * (seats/seats.h) in offer mode: registering takes a seat or a place in the
 * queue; a freed seat is offered to the first person waiting, who accepts or
 * declines; an offer left unanswered lapses in webinar_sweep.
 *
 * Strings handed out live in the arena given to the store function.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "core/lang.h"
#include "db/db.h"

struct app;
struct arena;
struct req;

#define WEBINAR_LIST_MAX     50 /* upcoming webinars the list shows */
#define WEBINAR_SWEEP_BATCH  20 /* offers one sweep round expires */
#define WEBINAR_SPEAKERS_MAX 4  /* speakers a webinar may have (the form's fieldsets) */

/* One speaker (webinar_speakers): name, role in both languages, organisation,
 * bio in both languages (paragraphs separated by blank lines). */
struct webinar_speaker {
    const char *name, *role[LANG__COUNT], *organisation, *bio[LANG__COUNT];
};

/* A person's registration, in the seat engine's four roles. */
enum webinar_reg {
    WEBINAR_REG_NONE = 0, /* no row */
    WEBINAR_REG_REGISTERED,
    WEBINAR_REG_WAITLISTED,
    WEBINAR_REG_OFFERED,
    WEBINAR_REG_CANCELLED,
};

struct webinar {
    long long id;
    const char *slug;
    const char *title[LANG__COUNT];
    const char *summary[LANG__COUNT];
    const char *community[LANG__COUNT]; /* its community's name, or NULL */
    const char *community_slug;         /* its community's slug, or NULL */
    const char *speaker;                /* its speakers' names joined ("A, B"), kept by the store */
    const char *language;               /* "cy", "en" or "both" */
    int interpretation, members_only, cancelled;
    time_t starts_at;
    int duration_min, capacity, taken;
    int sequence; /* iCalendar SEQUENCE: bumped on every change a calendar shows */
    const char *recording_url, *slides_url; /* "" until added after the event */
    const char *audience;                   /* all, leaders, members */
};

/* The viewer's own part of a webinar page (never in the shared part). */
struct webinar_mine {
    enum webinar_reg status;
    long long reg_id;
    int position;            /* WAITLISTED: 1 for the first in the queue */
    time_t offer_expires_at; /* OFFERED */
};

/* --- store.c --------------------------------------------------------- */

/* Upcoming webinars not cancelled, soonest first: at most WEBINAR_LIST_MAX. */
enum db_rc webinar_store_upcoming(struct db *db, struct arena *a, struct webinar **out, size_t *n);

/* The same for one community (communities.id): at most max. */
enum db_rc webinar_store_upcoming_in(struct db *db, struct arena *a, long long community_id,
                                     int max, struct webinar **out, size_t *n);

/* The webinar with slug; DB_NOT_FOUND if none. */
enum db_rc webinar_store_get(struct db *db, struct arena *a, const char *slug, struct webinar *out);

/* The speakers of webinar_id in order into out[0..WEBINAR_SPEAKERS_MAX),
 * *n of them (store_speakers.c). */
enum db_rc webinar_store_speakers(struct db *db, struct arena *a, long long webinar_id,
                                  struct webinar_speaker *out, size_t *n);

#define WEBINAR_API_PER_PAGE 20   /* the API's default per_page */
#define WEBINAR_API_MAX      100  /* its largest per_page */
#define WEBINAR_PAGE_MAX     5000 /* the largest page number anyone may ask for */

/* What the API's list asks for (NULL: no filter). */
struct webinar_query {
    const char *community; /* a community's slug */
    const char *language;  /* "cy", "en" or "both" */
    int past;              /* 0: not started yet, soonest first; 1: started, latest first */
    long page, per_page;   /* 1-based page of per_page (<= WEBINAR_API_MAX) */
};

/* One page of the webinars q matches, cancelled ones included, and how many
 * match in all (store_find.c). */
enum db_rc webinar_store_find(struct db *db, struct arena *a, const struct webinar_query *q,
                              struct webinar **out, size_t *n, long long *total);

/* --- store_list.c: the list page ------------------------------------ */

#define WEBINAR_LIST_PAGE 20 /* upcoming webinars a page of the list shows */
#define WEBINAR_RECORDED  20 /* past webinars with recordings it shows */

/* The list's filters ("" for any) and where a page of upcoming ones starts. */
struct webinar_filter {
    const char *community; /* a community's slug */
    const char *language;  /* cy, en, both */
    const char *audience;  /* all, leaders, members */
    time_t after_start;    /* keyset: after (after_start, after_id); 0: from the start */
    long long after_id;
};

/* How many webinars the list would show for each value of a filter, the
 * other filters applied (upcoming and past with recordings). */
#define WEBINAR_FACET_MAX 32

struct webinar_facets {
    size_t n_community;
    const char *community_slug[WEBINAR_FACET_MAX];
    const char *community_name[WEBINAR_FACET_MAX][LANG__COUNT];
    long long community[WEBINAR_FACET_MAX];
    long long language[3]; /* cy, en, both */
    long long audience[3]; /* all, leaders, members */
};

/* A page of the list: the upcoming webinars and, on the first page, the
 * past ones with a recording. */
struct webinar_page {
    struct webinar *up, *past;
    size_t n_up, n_past;
};

/* Up to max upcoming webinars not cancelled matching f (starting after
 * now), soonest first, from f's cursor on, and without a cursor the latest
 * WEBINAR_RECORDED past ones with a recording matching f: one statement. */
enum db_rc webinar_store_list_page(struct db *db, struct arena *a, const struct webinar_filter *f,
                                   int max, time_t now, struct webinar_page *out);

/* The counts of each filter's values (one grouped query). */
enum db_rc webinar_store_facets(struct db *db, struct arena *a, const struct webinar_filter *f,
                                struct webinar_facets *out);

/* user_id's registration for webinar_id, with the queue position. */
enum db_rc webinar_store_mine(struct db *db, long long user_id, long long webinar_id,
                              struct webinar_mine *out);

/* What registering gave. */
enum webinar_booked {
    WEBINAR_BOOKED_SEAT,    /* registered */
    WEBINAR_BOOKED_QUEUE,   /* on the waiting list */
    WEBINAR_BOOKED_CLOSED,  /* full and past the cut-off, or started, or cancelled */
    WEBINAR_BOOKED_ALREADY, /* registered, waiting or offered already: nothing changed */
};

/* What cancelling, accepting or declining did. */
enum webinar_answer {
    WEBINAR_ANSWER_DONE,    /* the change was made */
    WEBINAR_ANSWER_NOTHING, /* nothing to change (no offer open, nothing held) */
};

/* The e-mails the store queues in its transactions (notify.c). */
struct webinar_mailer {
    const struct app *app;
    struct arena *arena;
    /* the webinars a seat event moved (webinar_seat_event), for
     * webinar_writes_touch() after the commit: n_moved of them, more than
     * WEBINAR_SWEEP_BATCH when they did not all fit */
    long long moved[WEBINAR_SWEEP_BATCH];
    size_t n_moved;
};

/* What a person does with their registration (the forms of a webinar's page). */
enum webinar_act {
    WEBINAR_ACT_REGISTER, /* a seat or the queue; result: enum webinar_booked */
    WEBINAR_ACT_CANCEL,   /* give a seat back or leave the queue; a freed seat is offered on */
    WEBINAR_ACT_ACCEPT,   /* take the seat offered */
    WEBINAR_ACT_DECLINE,  /* pass it on */
    WEBINAR_ACT__COUNT,
};

/* Do act for user_id on webinar_id: one transaction (seat engine, db_retry)
 * with the e-mail that says what happened. *result: enum webinar_booked for
 * WEBINAR_ACT_REGISTER, else enum webinar_answer. */
enum db_rc webinar_store_act(struct db *db, struct webinar_mailer *m, long long user_id,
                             long long webinar_id, enum webinar_act act, int *result);

/* Queue the reminder of up to max registrations whose webinar starts within
 * 24 hours (registered before that window opened), each exactly once: a
 * conditional UPDATE of reminder_queued_at and the e-mail in one
 * transaction, so several servers sweeping at once queue one. */
enum db_rc webinar_store_remind(struct db *db, struct webinar_mailer *m, int max, int *n);

/* Expire up to max offers whose time is up (seats_expire_due). */
enum db_rc webinar_store_expire(struct db *db, struct webinar_mailer *m, int max, int *n);

/* --- store_manage.c (trainers and admins) ---------------------------- */

#define WEBINAR_PEOPLE_MAX 2000 /* people the registrations page lists */

/* What the manage form holds (typed text kept for a form shown again). */
struct webinar_input {
    const char *slug, *title[LANG__COUNT], *summary[LANG__COUNT], *language;
    /* the fieldsets as typed, in order; blank ones are skipped when saved */
    struct webinar_speaker speakers[WEBINAR_SPEAKERS_MAX];
    const char *audience;                          /* all, leaders, members */
    const char *recording_url, *slides_url;        /* "" or http(s) addresses */
    const char *date, *time, *duration, *capacity; /* as typed */
    time_t starts_at;
    int duration_min, capacity_n;
};

struct webinar_person {
    long long reg_id;
    const char *name, *email;
    enum webinar_reg status;
    int attended;
};

/* A new webinar by user_id, with its speakers, in one transaction:
 * DB_CONFLICT when the slug is taken. */
enum db_rc webinar_store_create(struct db *db, const struct webinar_input *in, long long user_id,
                                long long *id);

/* The webinar of slug if user_id may change it (created it, or admin), in
 * one statement (store.c); DB_NOT_FOUND when unknown or not theirs. */
enum db_rc webinar_store_get_owned(struct db *db, struct arena *a, const char *slug,
                                   long long user_id, int admin, struct webinar *out);

/* Edit (SEQUENCE + 1), its speakers replaced in the same transaction; seats
 * added are offered to those waiting. DB_CONFLICT:
 * not theirs, or a capacity below the seats taken (nothing changed). */
enum db_rc webinar_store_update(struct db *db, struct webinar_mailer *m, long long id,
                                const struct webinar_input *in, long long user_id, int admin);

/* Cancel (SEQUENCE + 1) and tell everyone registered, waiting or offered;
 * DB_NOT_FOUND when not theirs or cancelled already. */
enum db_rc webinar_store_cancel_webinar(struct db *db, struct webinar_mailer *m, long long id,
                                        long long user_id, int admin);

/* Who is registered, offered or waiting (in that order), at most WEBINAR_PEOPLE_MAX. */
enum db_rc webinar_store_people(struct db *db, struct arena *a, long long id,
                                struct webinar_person **out, size_t *n);

/* Attendance after the event: of the registered people among reg_ids[0..n)
 * of webinar id, attended[i] says who came (one transaction; others'
 * registrations and other statuses are left alone). */
enum db_rc webinar_store_attendance(struct db *db, long long id, const long long *reg_ids,
                                    const int *attended, size_t n);

/* --- notify.c -------------------------------------------------------- */

/* The e-mail kinds, named webinars.mail.<name>.* in the catalogues. */
enum webinar_news {
    WEBINAR_NEWS_REGISTERED,
    WEBINAR_NEWS_WAITLISTED,
    WEBINAR_NEWS_OFFERED,
    WEBINAR_NEWS_LAPSED,
    WEBINAR_NEWS_ACCEPTED,
    WEBINAR_NEWS_CANCELLED,
    WEBINAR_NEWS_WEBINAR_CANCELLED, /* the webinar itself was cancelled */
    WEBINAR_NEWS_REMINDER,          /* it starts within 24 hours */
    WEBINAR_NEWS_CHANGED,           /* its time or details changed (to those registered) */
};

/* Queue registration reg_id's e-mail about news, in the person's language,
 * in the caller's transaction. Registered, accepted and changed carry a
 * calendar invitation (METHOD:REQUEST), cancelled and webinar_cancelled a
 * cancellation (METHOD:CANCEL): the webinar's UID, SEQUENCE the webinar's
 * sequence plus the registration's ics_sequence. */
enum db_rc webinar_notify(struct db *db, const struct webinar_mailer *m, long long reg_id,
                          enum webinar_news news);

/* One round of the sweeper in `dysgu serve` (main.c worker_tasks): offers
 * whose time is up lapse and pass on. */
void webinar_sweep(const struct app *app, struct db *db);

/* --- ordinal.c ------------------------------------------------------- */

/* "3ydd", "21ain", "40fed" / "3rd", "21st": n (>= 1) as an ordinal in digits;
 * NULL in Welsh from 100 on, where the page says "rhif 103" instead. */
const char *webinar_ordinal(struct arena *a, enum lang l, int n);

/* --- ics.c (libical) ------------------------------------------------ */

/* What a calendar needs besides the webinars. */
struct webinar_ics {
    const char *base_url;       /* links, and the host in each UID */
    enum lang lang;             /* titles and links in this language */
    time_t now;                 /* DTSTAMP */
    const char *speakers_label; /* "Siaradwyr" / "Speakers" before the names in a
                                   DESCRIPTION (NULL: the names alone) */
};

/* One entry of a calendar: a webinar, or a cohort session of a person's
 * private feed. Its UID is "<kind>-<id>@<host of base_url>", the same in
 * every calendar, so an entry moves (higher SEQUENCE) instead of doubling. */
struct webinar_ics_event {
    const char *kind; /* "webinar", "cohort-session" */
    long long id;
    int sequence, minutes, cancelled; /* cancelled: STATUS:CANCELLED */
    time_t starts_at;
    const char *summary, *description, *location, *url; /* NULL or "": left out (not summary) */
};

/* Webinar w as an entry (its URL in a). */
void webinar_ics_event_of(struct arena *a, const struct webinar_ics *c, const struct webinar *w,
                          struct webinar_ics_event *e);

/* A VCALENDAR (METHOD:PUBLISH) of v[0..n), parsed back like webinar_ics. */
const char *webinar_ics_events(struct arena *a, const struct webinar_ics *c,
                               const struct webinar_ics_event *v, size_t n);

/* A VCALENDAR (METHOD:PUBLISH) with one VEVENT per webinar, CRLF lines, in
 * a; parsed back with libical before it is returned: NULL if that fails. */
const char *webinar_ics(struct arena *a, const struct webinar_ics *c, const struct webinar *v,
                        size_t n);

/* Who an invitation is from and to. */
struct webinar_invitee {
    const char *organizer_name, *organizer_addr; /* the academy's From */
    const char *name, *addr;                     /* the person */
};

/* An iTIP invitation (RFC 5546) for one person: METHOD:REQUEST (cancel 0)
 * or METHOD:CANCEL with STATUS:CANCELLED (cancel 1), the webinar's UID, the
 * given SEQUENCE, ORGANIZER and ATTENDEE; parsed back before it is
 * returned: NULL if that fails. */
const char *webinar_ics_invite(struct arena *a, const struct webinar_ics *c,
                               const struct webinar *w, const struct webinar_invitee *who,
                               int sequence, int cancel);

/* What an invitation says, read back with libical (tests, the e2e proof). */
struct webinar_ics_read {
    char method[16], uid[160], status[16], organizer[160], attendee[160];
    int sequence;
    time_t starts_at;
};

/* text's METHOD and its first VEVENT's fields into out: 0, or -1 when text
 * is not a VCALENDAR with a VEVENT. */
int webinar_ics_parse(const char *text, struct webinar_ics_read *out);

/* How many VEVENTs text holds as libical parses it (0 when not a VCALENDAR). */
size_t webinar_ics_count(const char *text);

/* --- pages.c --------------------------------------------------------- */

int webinar_page_list(struct req *r);

/* The next few webinars of a community as the cards webinars/card.html shows
 * (a JSON array, empty when none), for the community's page. */
enum db_rc webinar_community_cards(struct req *r, long long community_id, json_t **out);
int webinar_page_show(struct req *r);
int webinar_page_show_mine(struct req *r, const char **variant);
/* POST .../register, /cancel, /accept, /decline (webinar_store_act) */
int webinar_page_register(struct req *r);
int webinar_page_cancel(struct req *r);
int webinar_page_accept(struct req *r);
int webinar_page_decline(struct req *r);
/* GET /{lang}/webinars.ics: every upcoming webinar, a calendar feed. */
int webinar_page_feed(struct req *r);

/* --- feed.c: the private calendar feed ------------------------------- */

/* GET /calendar/{token}.ics (GUARD_NONE, ROUTE_PLAIN): the person's
 * webinars and cohort sessions; 404 for an unknown or reset address. */
int webinar_page_calendar(struct req *r);
/* POST /{lang}/me/calendar (GUARD_LOGIN): a new address, shown once; the
 * old one stops working. */
int webinar_page_calendar_new(struct req *r);

/* --- api.c (GUARD_NONE, ROUTE_PLAIN: docs/api.md) ------------------- */

int webinar_api_list(struct req *r);
int webinar_api_one(struct req *r);

/* --- pages_manage.c (GUARD_TRAINER) ---------------------------------- */

int webinar_page_new(struct req *r);
int webinar_page_create(struct req *r);
int webinar_page_edit(struct req *r);
int webinar_page_update(struct req *r);
int webinar_page_cancel_webinar(struct req *r);
int webinar_page_people(struct req *r);
/* GET .../people.csv: the registrations, UTF-8 CSV with a BOM */
int webinar_page_people_csv(struct req *r);
/* POST .../attendance: who came, once the webinar has started */
int webinar_page_attendance(struct req *r);

/* --- me.c ------------------------------------------------------------ */

/* A webinar on the person's dashboard. */
struct webinar_on_me {
    char *slug, *title[LANG__COUNT];
    time_t starts_at;
    int status; /* enum webinar_reg_status */
    int cancelled, upcoming;
};

/*
 * The webinars section of /{lang}/me, two parts of learn/'s one statement for
 * the page (a UNION ALL in the columns LEARN_ME_SIG reads, learn.h;
 * docs/decisions.md "One statement for a person's page"), each binding the
 * person's id once. WEBINAR_ME_SQL, kind 4: the webinars they are booked on,
 * waiting for or offered (upcoming) and those they had a place on (past), at
 * most 40: slug, title_cy, title_en in s1-s3, starts_at in t1, the status
 * number, cancelled and upcoming in n1-n3, latest first by o1, o2.
 * WEBINAR_ME_FEED_SQL, kind 5: when they made their private calendar address
 * (t1), no row when they have none.
 */
#define WEBINAR_ME_SQL                                                                             \
    "(SELECT 4, w.slug, w.title_cy, w.title_en, NULL, NULL, NULL, NULL, NULL, w.starts_at, NULL, " \
    "NULL, NULL, r.status + 0, w.cancelled, w.starts_at > UTC_TIMESTAMP(), 0, 0, 0, 0, "           \
    "-TO_SECONDS(w.starts_at), -w.id FROM webinar_registrations r JOIN webinars w "                \
    "ON w.id = r.webinar_id WHERE r.user_id = ? AND (r.status IN ('registered', 'waitlisted', "    \
    "'offered') AND w.starts_at > UTC_TIMESTAMP() OR r.status = 'registered') "                    \
    "ORDER BY w.starts_at DESC, w.id DESC LIMIT 40)"
#define WEBINAR_ME_FEED_SQL                                                                        \
    "(SELECT 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, f.created_at, NULL, NULL, NULL, "  \
    "0, 0, 0, 0, 0, 0, 0, 0, 0 FROM calendar_feeds f WHERE f.user_id = ?)"

/* Sets webinars_booked (soonest first) and webinars_past (most recent first)
 * in vm as {items: [...]}, null when empty, from the n webinars in v (latest
 * first), and calendar_feed: {made: the date of feed_made, or null when 0}. */
void webinar_me_vm(struct req *r, json_t *vm, const struct webinar_on_me *v, size_t n,
                   time_t feed_made);

/* --- cli.c ----------------------------------------------------------- */

/* The demo webinars (dysgu seed-demo), idempotent: 0 or -1. */
int webinar_cli_seed(struct db *db);
