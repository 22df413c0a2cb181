/*
 * communities_mod: the moderators' tools on threads and members (issue 19),
 * and the forums' JSON API. Part of communities.h's public surface (it
 * includes this file); kept apart so that the tools read as one piece.
 *
 *   store_mod_thread.c  pinning (at most FORUM_PINNED_MAX a community) and
 *                       moving a thread, each audited in its transaction
 *   store_mute.c        muting a member for 1, 7 or 30 days, lifting it
 *   pages_mod_thread.c  the thread's moderation page: pin, unpin, move
 *   pages_mute.c        a member's moderation page: mute, unmute
 *   api.c               GET /api/v1/communities, .../{slug}/threads, /api/v1/threads/{id}
 *   store_review.c      the review queue: new members' posts waiting, approving, rejecting
 *   pages_review.c      the queue's page and its actions
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "db/db.h"

struct arena;
struct req;

#define FORUM_PINNED_MAX 5   /* pinned threads a community may have: all on its first page */
#define FORUM_MUTES_MAX  100 /* current mutes the moderation page lists */

/* Pin (1) or unpin (0) thread_id, audited with the moderator, the thread's
 * author and why. DB_NOT_FOUND: no such thread; DB_CONFLICT: pinning one
 * more than FORUM_PINNED_MAX in its community. */
enum db_rc forum_store_pin(struct db *db, long long thread_id, int pin, long long mod_id,
                           const char *ip, const char *reason);

/* Move thread_id to community to_id (unpinned there), moving its authors'
 * post counts from the old community's members to the new one's (members
 * only: nobody is made a member), audited, in one transaction.
 * DB_NOT_FOUND: no such thread or community; DB_CONFLICT: it is there
 * already. */
enum db_rc forum_store_move(struct db *db, long long thread_id, int to_id, long long mod_id,
                            const char *ip, const char *reason);

struct community;

/* Every open community, as community_store_list reads them, kept in memory
 * for a minute (the thread's move form): *out is shared, read-only, valid
 * until a is reset. */
enum db_rc forum_store_move_choices(struct db *db, struct arena *a, const struct community **out,
                                    size_t *n);

/* A member's running mute. */
struct forum_mute {
    long long user_id;
    const char *name;
    time_t until;
    const char *reason;
    const char *by; /* the moderator's name */
};

/* Mute user_id for days (1, 7 or 30) from now, audited with why.
 * DB_NOT_FOUND: no such user. */
enum db_rc forum_store_mute(struct db *db, long long user_id, int days, long long mod_id,
                            const char *ip, const char *reason);

/* Lift user_id's running mutes, audited with why; DB_NOT_FOUND when none runs. */
enum db_rc forum_store_unmute(struct db *db, long long user_id, long long mod_id, const char *ip,
                              const char *reason);

/* Until when user_id is muted: DB_OK with *until, or DB_NOT_FOUND (free to post). */
enum db_rc forum_store_muted_until(struct db *db, long long user_id, time_t *until);

/* The user's name (any account), in a, and the end of their running mute
 * (*until; 0: not muted), in one round trip; DB_NOT_FOUND: no such user. */
enum db_rc forum_store_mod_member(struct db *db, struct arena *a, long long user_id,
                                  const char **name, time_t *until);

/* The signed-in reader's running mute as "You are muted..." text in their
 * language (in r's arena), or NULL: not muted, signed out, or *rc not DB_OK. */
const char *forum_muted_text(struct req *r, enum db_rc *rc);

/* --- the review queue (store_review.c, pages_review.c) --------------- */

/* A post waiting for a moderator, as the queue lists it. */
struct forum_waiting {
    long long post_id, thread_id;
    const char *thread_title, *thread_lang;
    int new_thread; /* the post opens a thread that waits with it */
    const char *author, *body, *lang;
    time_t created_at;
};

struct welshfold;

/* user_id's published posts in every community (*published) and, only when
 * that is below limit, their posts waiting now (*waiting; else 0). */
enum db_rc forum_store_review_counts(struct db *db, long long user_id, int limit, int *published,
                                     int *waiting);

/* How many posts wait (not deleted): a subquery of the queue's and the
 * moderation page's one statement (store_review.c, store_mod.c). */
#define FORUM_WAITING_COUNT_SQL "SELECT COUNT(*) FROM forum_posts WHERE review = 1 AND deleted = 0"

/* The waiting posts, oldest first, at most FORUM_WAITING_MAX, in a, and how
 * many wait in all (*total), in one round trip. */
#define FORUM_WAITING_MAX 20
enum db_rc forum_store_waiting(struct db *db, struct arena *a, struct forum_waiting **out,
                               size_t *n, int *total);

/* What approving or rejecting a post touched, for the caller's follow-up
 * (mentions, the render cache, the redirect). */
struct forum_reviewed {
    long long thread_id, author_id;
    int community_id;
    const char *body; /* in the arena given */
};

/* Publish waiting post_id (and its thread when it opens one), in one
 * transaction: its search fold (wf), the thread's and the author's
 * counters, the reply's notifications, audited (forum_post_approved) with
 * the moderator and note (may be ""). DB_NOT_FOUND: no such waiting post. */
enum db_rc forum_store_approve(struct db *db, struct arena *a, const struct welshfold *wf,
                               long long post_id, long long mod_id, const char *ip,
                               const char *note, struct forum_reviewed *out);

/* Reject waiting post_id with reason (its author is shown it; a thread it
 * opens stays unpublished), audited (forum_post_rejected). DB_NOT_FOUND. */
enum db_rc forum_store_reject(struct db *db, struct arena *a, long long post_id, long long mod_id,
                              const char *ip, const char *reason, struct forum_reviewed *out);

/* Handlers (routes.c: the communities block). */
int forum_page_mod_thread(struct req *r);
int forum_page_pin(struct req *r);
int forum_page_unpin(struct req *r);
int forum_page_move(struct req *r);
int forum_page_mod_member(struct req *r);
int forum_page_mute(struct req *r);
int forum_page_unmute(struct req *r);
int forum_page_review(struct req *r);
int forum_page_approve(struct req *r);
int forum_page_reject(struct req *r);
int forum_api_communities(struct req *r);
int forum_api_threads(struct req *r);
int forum_api_thread(struct req *r);
