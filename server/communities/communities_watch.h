/*
 * communities_watch: watching threads and whole communities, and e-mail of
 * the forums' notifications (issue 19, migrations/0041_forum_watch.sql).
 * Part of communities.h's public surface (it includes this file).
 *
 *   store_watch.c   watching and not, what a person watches, their e-mail choice
 *   store_mail.c    the notifications due to be e-mailed, claimed for one mail
 *   mail_notify.c   the mails themselves (at once, or the daily digest), in
 *                   the reader's language, made by the outbox's worker
 *   pages_watch.c   the watch buttons' routes and the settings page
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "db/db.h"

struct app;
struct arena;
struct community;
struct req;

#define FORUM_WATCHED_MAX 100 /* threads (and communities) the settings page lists */
#define FORUM_DIGEST_MAX  30  /* notifications a digest names; it counts the rest */
#define FORUM_MAIL_BATCH  20  /* readers the worker mails each round */

/* A person's choice of e-mail of their notifications. */
enum forum_mail {
    FORUM_MAIL_OFF,
    FORUM_MAIL_NOW, /* one mail for each (the default) */
    FORUM_MAIL_DAILY,
    FORUM_MAIL__COUNT,
};

/* "off", "now", "daily": the values of forum_mail_settings.mail and of the form. */
extern const char *const forum_mail_codes[FORUM_MAIL__COUNT];

/*
 * SQL: when a new notification of the person whose id is the expression
 * USER is to be e-mailed (forum_notifications.mail_after): "at once" after
 * FORUM_MAIL_GRACE (a post deleted, hidden or edited meanwhile is mailed
 * so, or not at all), the next digest hour (the digest: its one parameter,
 * forum_digest_next()) or NULL (no e-mail), by their forum_mail_settings.
 */
#define FORUM_MAIL_GRACE "INTERVAL 2 MINUTE"
#define FORUM_MAIL_AFTER(USER)                                                                     \
    "CASE COALESCE((SELECT ms.mail FROM forum_mail_settings ms WHERE ms.user_id = " USER "), "     \
    "'now') WHEN 'now' THEN UTC_TIMESTAMP() + " FORUM_MAIL_GRACE " WHEN 'daily' THEN ? END"

/* --- the digest's hour (digest.c) --------------------------------------- */

/* The London hour (0..23) of the daily digest (the digest_hour setting),
 * set once at start, before any thread reads it. */
void forum_digest_set_hour(int hour);

/* The first digest hour after now (the "?" of FORUM_MAIL_AFTER), and the
 * last one at or before now. */
time_t forum_digest_next(time_t now);
time_t forum_digest_last(time_t now);

/* In the open transaction of a new post (the first of thread_id or a reply)
 * by author_id: author_id watches the thread (unless they chose not to). */
enum db_rc forum_store_watch_own(struct db *db, long long thread_id, long long author_id);

/* user_id watches thread_id (on 1) or stops (0); the choice is kept. */
enum db_rc forum_store_watch_thread(struct db *db, long long user_id, long long thread_id, int on);

/* user_id watches community_id (on 1) or stops (0). */
enum db_rc forum_store_watch_community(struct db *db, long long user_id, int community_id, int on);

/* Whether user_id watches thread_id (0: not asked) and community_id. */
enum db_rc forum_store_watching(struct db *db, long long user_id, long long thread_id,
                                int community_id, int *thread, int *community);

struct forum_watched {
    long long thread_id;
    const char *title, *lang;
};

/* What user_id watches: threads, latest activity first, and communities, at
 * most FORUM_WATCHED_MAX of each; arrays in a; and their e-mail choice in *m
 * (FORUM_MAIL_NOW when never set): the settings page in one statement. */
enum db_rc forum_store_watched(struct db *db, struct arena *a, long long user_id,
                               enum forum_mail *m, struct forum_watched **threads,
                               size_t *n_threads, struct community **communities,
                               size_t *n_communities);

/* user_id's e-mail choice (FORUM_MAIL_NOW when they have not chosen). */
enum db_rc forum_store_mail_get(struct db *db, long long user_id, enum forum_mail *m);

/* Set it, and move the notifications not yet mailed to the new choice's
 * time (none: never; at once: now), in one transaction. */
enum db_rc forum_store_mail_set(struct db *db, long long user_id, enum forum_mail m);

/* --- e-mail (store_mail.c, mail_notify.c) ------------------------------ */

struct forum_mail_reader {
    long long id;
    const char *name, *email, *lang;
    int disabled;
    enum forum_mail mail;
};

struct forum_mail_item {
    long long post_id, thread_id;
    const char *title, *thread_lang, *author;
    const char *body; /* NULL: the post or its thread is hidden or deleted now */
    int mention;
    int review;         /* enum forum_notice_review: the reader's own post, reviewed */
    const char *reason; /* why it was not published */
};

/* Up to max readers with a notification due to be mailed, into users. */
enum db_rc forum_store_mail_due(struct db *db, long long *users, size_t max, size_t *n);

/*
 * In the caller's transaction: claim user_id's notifications for one round
 * of e-mail (their mail_after set to NULL where it is still set, so two
 * workers never claim one): with the reader's choice "now", those due (at most
 * FORUM_MAIL_BATCH); "daily", when the oldest is due, all of them (the
 * first FORUM_DIGEST_MAX into *items, *more the count of the rest) and the
 * digest noted as sent (forum_digests) -- unless one
 * went since the last digest hour: then none, all moved to the next;
 * "off", all of them, none returned. DB_NOT_FOUND: nothing due (anymore).
 */
enum db_rc forum_store_mail_claim(struct db *db, struct arena *a, long long user_id,
                                  struct forum_mail_reader *reader, struct forum_mail_item **items,
                                  size_t *n, long long *more);

/* The outbox worker's task (server/main.c): queue the due e-mails of
 * notifications, FORUM_MAIL_BATCH readers a round (each with its
 * List-Unsubscribe link), and drop old unsubscribe tokens. */
void forum_mail_sweep(const struct app *app, struct db *db);

/* --- one-click unsubscribing (store_unsub.c, pages_unsub.c) ------------ */

#define FORUM_UNSUB_TOKEN_LEN 43 /* auth/token.h's TOKEN_TEXT_LEN */
#define FORUM_UNSUB_DAYS      90 /* how long a mail's token works */

/* A new token for user_id's next mail (in the caller's transaction): the
 * text into text, its hash stored. */
enum db_rc forum_store_unsub_token(struct db *db, long long user_id,
                                   char text[FORUM_UNSUB_TOKEN_LEN + 1]);

/* The person of a token sent back: DB_NOT_FOUND for a malformed, unknown
 * or expired one. */
enum db_rc forum_store_unsub_find(struct db *db, const char *text, long long *user_id);

/* Drop tokens older than FORUM_UNSUB_DAYS (at most 500 a call). */
enum db_rc forum_store_unsub_purge(struct db *db);

/* GET /{lang}/notifications/unsubscribe/{token}: the confirmation page. */
int forum_page_unsub(struct req *r);
/* POST it (one click, RFC 8058: no CSRF, the token is the secret), and
 * POST .../confirm (the page's button, with CSRF): forum e-mail off. */
int forum_page_unsub_one_click(struct req *r);
int forum_page_unsub_confirm(struct req *r);

/* --- pages (pages_watch.c) -------------------------------------------- */

/* POST /{lang}/threads/{id}/watch, /unwatch */
int forum_page_watch_thread(struct req *r);
int forum_page_unwatch_thread(struct req *r);
/* POST /{lang}/communities/{slug}/watch, /unwatch */
int community_page_watch(struct req *r);
int community_page_unwatch(struct req *r);
/* GET /{lang}/notifications/settings, POST the e-mail choice to it */
int forum_page_watch_settings(struct req *r);
int forum_page_mail_setting(struct req *r);
