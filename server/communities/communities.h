/*
 * communities: the communities of practice (issue 19). This folder owns the
 * communities table (migrations/0010_communities.sql); webinars, pathways and
 * anything else that names a community ask through this header.
 *
 * Strings handed out live in the arena given to the store function.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "communities/communities_mod.h"   /* pinning, moving, muting, the JSON API */
#include "communities/communities_watch.h" /* watching, e-mail of notifications */
#include "core/lang.h"
#include "db/db.h"

struct arena;
struct welshfold;

#define COMMUNITIES_MAX 200 /* communities community_store_list reads at most */

struct community {
    int id;
    const char *slug;
    const char *name[LANG__COUNT];
    const char *summary[LANG__COUNT];
    int position;
};

/* Every community not archived, in position order (then id): *out is an
 * array of *n in a, at most COMMUNITIES_MAX. */
enum db_rc community_store_list(struct db *db, struct arena *a, struct community **out, size_t *n);

/* The community with slug (archived or not); DB_NOT_FOUND if none. */
enum db_rc community_store_by_slug(struct db *db, struct arena *a, const char *slug,
                                   struct community *out);

/* The community with id (archived or not); DB_NOT_FOUND if none. */
enum db_rc community_store_by_id(struct db *db, struct arena *a, int id, struct community *out);

/* --- forums (migrations/0012_forums.sql) ------------------------------ */

struct req;

#define FORUM_PAGE_SIZE  20    /* threads or posts a page */
#define FORUM_TITLE_MAX  200   /* characters */
#define FORUM_BODY_MAX   65535 /* bytes of Markdown a post may hold */
#define FORUM_REASON_MAX 500   /* characters of a report's or a moderator's reason */

struct forum_thread {
    long long id;
    int community_id;
    long long author_id;
    const char *author;
    const char *title;
    const char *lang; /* "cy" or "en" */
    int post_count;
    int pinned, locked, hidden;
    int review; /* FORUM_PUBLISHED, or its first post waits or was rejected */
    time_t created_at, last_post_at;
};

/* forum_posts.review and forum_threads.review (migrations/0042_forum_review.sql) */
enum forum_review { FORUM_PUBLISHED = 0, FORUM_WAITING = 1, FORUM_REJECTED = 2 };

struct forum_mention;

struct forum_post {
    long long id;
    long long thread_id;
    long long author_id;
    const char *author;
    const char *body; /* Markdown as typed */
    const char *lang;
    int hidden, deleted;
    int review;                /* enum forum_review: only its author sees it unpublished */
    const char *review_reason; /* a rejected post's: why (NULL otherwise) */
    time_t created_at;
    time_t edited_at;               /* the latest edit; 0: never edited */
    struct forum_mention *mentions; /* forum_store_mentions_page(); NULL: none */
    size_t n_mentions;
};

struct forum_report {
    long long id;
    long long post_id;
    long long thread_id;
    const char *thread_title;
    const char *post_body; /* shown to admins only once the post is deleted */
    int post_hidden, post_deleted;
    const char *reporter;
    const char *reason;
    time_t created_at;
};

/* One page of a community's threads, pinned first, then by latest post:
 * before_t/before_id the (last_post_at, id) of the last thread shown (0:
 * from the start). Hidden threads and unpublished ones are left out. *more = 1 when there are
 * more. */
enum db_rc forum_store_threads(struct db *db, struct arena *a, int community_id, time_t before_t,
                               long long before_id, struct forum_thread **out, size_t *n,
                               int *more);

/* The thread id (hidden ones too, for moderators: the caller decides). */
enum db_rc forum_store_thread(struct db *db, struct arena *a, long long id,
                              struct forum_thread *out);

/* One page of a thread's posts in order: after (0: from the first) or
 * before (the page ending just before that post). Published posts, and
 * viewer's own waiting or rejected ones (viewer 0: nobody's). *more: a
 * further page in the direction read. */
enum db_rc forum_store_posts(struct db *db, struct arena *a, long long thread_id, long long viewer,
                             long long after, long long before, struct forum_post **out, size_t *n,
                             int *more);

/* The first thread titled title (demo data: is it seeded); DB_NOT_FOUND if
 * none. */
enum db_rc forum_store_thread_by_title(struct db *db, const char *title, long long *id);

/* Is user_id a member of community_id: DB_OK with *posts (their count of
 * posts there) or DB_NOT_FOUND. */
enum db_rc forum_store_member(struct db *db, int community_id, long long user_id, int *posts);

/* Join (again is fine). */
enum db_rc forum_store_join(struct db *db, int community_id, long long user_id);

/* A new thread with its first post, in one transaction: *id the thread's.
 * wf (view/welshfold.h; NULL: no word list) folds the title and body for
 * the search. waiting: the post and the thread wait for a moderator
 * (store_review.c), with no counters, fold or notifications until then. */
enum db_rc forum_store_new_thread(struct db *db, const struct welshfold *wf, int community_id,
                                  long long user_id, const char *title, const char *body,
                                  const char *lang, int waiting, long long *id);

/* A reply to an open (not locked, not hidden) thread: DB_CONFLICT when it
 * is locked; *id the post's; wf folds the body for the search; waiting as
 * for a new thread. */
enum db_rc forum_store_reply(struct db *db, const struct welshfold *wf,
                             const struct forum_thread *t, long long user_id, const char *body,
                             const char *lang, int waiting, long long *id);

/* Delete user_id's own post post_id (a tombstone: "deleted", out of the
 * search); *thread_id its thread. DB_NOT_FOUND when it is not theirs, does
 * not exist or is deleted already. */
enum db_rc forum_store_delete_own(struct db *db, long long post_id, long long user_id,
                                  long long *thread_id);

/* Report post_id (visible) once per reporter, *thread_id its thread:
 * DB_CONFLICT when already reported by them, DB_NOT_FOUND when no such
 * visible post. */
enum db_rc forum_store_report(struct db *db, long long post_id, long long user_id,
                              const char *reason, long long *thread_id);

/* One search hit: a visible post of a visible thread. */
struct forum_hit {
    long long post_id, thread_id;
    const char *community_slug;
    const char *community_name[LANG__COUNT];
    const char *thread_title, *thread_lang;
    const char *snippet; /* the post's first FORUM_SNIPPET characters, Markdown as typed */
    int cut;             /* the body goes on past the snippet */
    const char *author;
    time_t created_at;
};

#define FORUM_SNIPPET 240

/* Post ids the search reads newest first, by a scan of search_fold, before
 * it asks the FULLTEXT index for older ones (docs/communities.md "Search"). */
#define FORUM_SEARCH_WINDOW 5000

/* Posts whose search_fold matches query (a welshfold_query() text), newest
 * first, FORUM_PAGE_SIZE a page: in the community with id community (0:
 * every community), before the post id before (0: from the newest). *more = 1 when there are more.
 * Each statement may run limit_ms (max_statement_time; the first call's limit holds for the
 * process): DB_TIMEOUT past it. */
enum db_rc forum_store_search(struct db *db, struct arena *a, const char *query, int community,
                              long long before, int limit_ms, struct forum_hit **out, size_t *n,
                              int *more);

/* --- a person's page (store_person.c) -------------------------------- */

#define FORUM_PERSON_POSTS 10 /* recent posts a person's page shows */

/* Someone of the forums as anyone may see them. */
struct forum_person {
    long long id;
    const char *name;
    const char *org[LANG__COUNT]; /* their organisation's name (as typed for "Other"); NULL: none */
    struct community *communities; /* joined, not archived, in position order */
    size_t n_communities;
};

/* Person id with the communities they have joined: DB_NOT_FOUND when there
 * is no such person, their account is disabled or they have joined no
 * community (the page is for people of the forums, not every account). */
enum db_rc forum_store_person(struct db *db, struct arena *a, long long id,
                              struct forum_person *out);

/* Person id's newest FORUM_PERSON_POSTS posts that anyone may read (not
 * hidden or deleted, in a visible thread of an open community), as search
 * hits (store_search.c). */
enum db_rc forum_store_person_posts(struct db *db, struct arena *a, long long id,
                                    struct forum_hit **out, size_t *n);

/* --- notifications (store_notify.c) ---------------------------------- */

#define FORUM_NOTICES_MAX 50 /* notifications a page shows, newest first */

struct forum_notice {
    long long post_id, thread_id;
    const char *thread_title, *thread_lang;
    const char *author; /* who replied */
    time_t created_at;
    int unread;
    int mention;        /* the post named them (@handle) */
    int first;          /* the post started the thread (a watched community's) */
    int review;         /* FORUM_NOTICE_PUBLISHED or _REJECTED: the reader's own post, reviewed */
    const char *reason; /* a rejection's reason (NULL otherwise) */
};

/* forum_notifications.review: what a moderator did with the reader's post. */
enum forum_notice_review {
    FORUM_NOTICE_POST,      /* a post to read */
    FORUM_NOTICE_PUBLISHED, /* the reader's own post, published from the queue */
    FORUM_NOTICE_REJECTED,  /* not published (the reason: forum_posts.review_reason) */
};

/* In the moderator's open transaction: tell author_id that their post_id was
 * published (published 1) or not (0), and bump their unread count. */
enum db_rc forum_store_notify_review(struct db *db, long long post_id, long long author_id,
                                     int published);

/* In the open transaction of a new post post_id by author_id in thread_id
 * (its first or a reply): author_id watches the thread; notify everyone
 * else who watches it or its community, once each, and bump their unread
 * counts. */
enum db_rc forum_store_notify_reply(struct db *db, long long thread_id, long long post_id,
                                    long long author_id);

/* user_id's unread notifications (the kept count; 0 when none). */
enum db_rc forum_store_unread(struct db *db, long long user_id, int *n);

/* user_id's newest FORUM_NOTICES_MAX notifications (unread set on the
 * unread ones), then all marked read and the count set to 0, in one
 * transaction; no write at all when unread (the count the session read)
 * is 0 and none of them is unread (issue 22: a GET writes only a change). */
enum db_rc forum_store_notifications(struct db *db, struct arena *a, long long user_id, int unread,
                                     struct forum_notice **out, size_t *n);

/* The moderation page: open reports, oldest first, at most FORUM_PAGE_SIZE;
 * the running mutes, the soonest to end first, at most FORUM_MUTES_MAX; and
 * how many posts wait for review. */
struct forum_queue {
    struct forum_report *reports;
    size_t n_reports;
    struct forum_mute *mutes;
    size_t n_mutes;
    int waiting;
};

/* The moderation page's lists into q (arrays in a), in one round trip. */
enum db_rc forum_store_queue(struct db *db, struct arena *a, struct forum_queue *q);

/* Hide (hide 1) or restore (0) a post, resolving its open reports, audited
 * with the moderator, the post's author and the reason in the same transaction; *thread_id the
 * post's thread. DB_NOT_FOUND when no such post. */
enum db_rc forum_store_moderate_post(struct db *db, long long post_id, int hide, long long mod_id,
                                     const char *ip, const char *reason, long long *thread_id);

/* Lock (1) or unlock (0) a thread, audited likewise (subject: the thread's
 * author); DB_NOT_FOUND when no such thread. */
enum db_rc forum_store_lock(struct db *db, long long thread_id, int lock, long long mod_id,
                            const char *ip, const char *reason);

/* --- editing, versions and mentions (store_edit.c, store_mention.c) -- */

#define FORUM_VERSIONS_MAX   50 /* earlier versions the history page shows */
#define FORUM_VERSIONS_LIMIT "50"
#define FORUM_MENTIONS_SHOWN 20 /* mentions a post's page links */

struct forum_version {
    long long id;
    const char *body, *lang;
    time_t written_at, edited_at; /* when this text was written, and replaced */
};

/* A person a post names: the handle as written, who it is. */
struct forum_mention {
    long long user_id;
    const char *handle, *name;
};

/* A handle to look up (mention.h): as written, the name it stands for, and
 * whether it was only quoted (linked, not notified). */
struct forum_mention_ask {
    const char *handle, *name;
    const char *name_curly; /* name with each apostrophe "’" (names are stored either way) */
    int quoted;
};

/* Post id with its author's name, whatever its state; DB_NOT_FOUND. */
enum db_rc forum_store_post(struct db *db, struct arena *a, long long id, struct forum_post *out);

/* Replace user_id's own post post_id (not deleted, not hidden) with body in
 * lang, its earlier version kept in forum_post_versions, its search fold
 * written again (wf), in one transaction. DB_NOT_FOUND when it is not
 * theirs or not there; DB_CONFLICT when its thread is locked. */
enum db_rc forum_store_edit_own(struct db *db, struct arena *a, const struct welshfold *wf,
                                long long post_id, long long user_id, const char *body,
                                const char *lang);

/* The history page of post_id in one round trip: the post as it is now
 * (author, body, lang, deleted, thread, times) into *p, its thread's title
 * and language, and its earlier versions, newest first, at most
 * FORUM_VERSIONS_MAX (*v, *n). DB_NOT_FOUND: no such post. */
struct forum_history {
    struct forum_post post;
    const char *thread_title, *thread_lang;
    struct forum_version *versions;
    size_t n_versions;
};
enum db_rc forum_store_history(struct db *db, struct arena *a, long long post_id,
                               struct forum_history *out);

/* Post_id (by author_id, in community_id) names v[0..n): its mentions set
 * to those who resolve to exactly one member, each newly named one (not the
 * author, not only quoted) notified once, in one transaction. */
enum db_rc forum_store_mentions_set(struct db *db, long long post_id, int community_id,
                                    long long author_id, const struct forum_mention_ask *v,
                                    size_t n);

/* The first post of thread_id (its opening post) into *post_id. */
enum db_rc forum_store_first_post(struct db *db, long long thread_id, long long *post_id);

/* The mentions of the posts v[0..n) of thread_id (in id order) onto them. */
enum db_rc forum_store_mentions_page(struct db *db, struct arena *a, long long thread_id,
                                     struct forum_post *v, size_t n);

/* A post's Markdown as HTML for a page (view/markdown: no raw HTML, only
 * http, https and mailto links, each with rel="nofollow ugc noopener"). In a. */
const char *forum_post_html(struct arena *a, const char *md, size_t len);

/* Handlers (routes.c: the communities block). */
int community_page_list(struct req *r);
int community_page_show(struct req *r);
/* its mine hook (app/router.h route_mines): the variant and the reader's holes */
int community_page_show_mine(struct req *r, const char **variant);
int community_page_join(struct req *r);
int community_page_new_thread(struct req *r);
int forum_page_thread(struct req *r);
/* its mine hook (app/router.h route_mines): the variant and the reader's holes */
int forum_page_thread_mine(struct req *r, const char **variant);
int forum_page_reply(struct req *r);
int forum_page_report(struct req *r);
int forum_page_delete(struct req *r);
int forum_page_reports(struct req *r);
int forum_page_search(struct req *r);
int forum_page_notifications(struct req *r);
int forum_page_person(struct req *r);
int forum_page_hide(struct req *r);
int forum_page_restore(struct req *r);
int forum_page_lock(struct req *r);
int forum_page_unlock(struct req *r);
int forum_page_edit(struct req *r);
int forum_page_edit_save(struct req *r);
int forum_page_history(struct req *r);

/* Demo data for `dysgu seed-demo`: idempotent. */
int communities_cli_seed(struct db *db);

#define FORUM_REFOLD_BATCH 500 /* posts re-folded in one transaction */

struct welshfold;

/* The search fold of up to FORUM_REFOLD_BATCH published, undeleted posts
 * with none (written before migration 0019), the first with an id above
 * after, written in one transaction (store_refold.c): *n how many, *last
 * the last id read. DB_NOT_FOUND: none left. */
enum db_rc forum_store_refold(struct db *db, const struct welshfold *wf, long long after,
                              long long *last, size_t *n);

/* `dysgu refold-posts`: every post without a search fold folded with wf,
 * a batch at a time; prints how many. 0, or 1 (the database failed). */
int communities_cli_refold(struct db *db, const struct welshfold *wf);
