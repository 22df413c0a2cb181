/* What only communities/ files share. */
#pragma once

#include <jansson.h>

#include "app/page_field.h"
#include "app/page_form.h"
#include "communities/communities.h"
#include "communities/forumgen.h"

struct sbuf;
struct welshfold;

/* A post's search fold: wf's folding of title (a new thread's; may be
 * NULL), a space, and body, added to fold (store_forum.c). */
void forum_fold(const struct welshfold *wf, const char *title, const char *body, struct sbuf *fold);

/* A post published in thread_id of community_id by user_id: the thread's
 * post count and last activity, the author's post count, in the open
 * transaction (store_forum.c). */
enum db_rc forum_store_publish_counts(struct db *db, long long thread_id, int community_id,
                                      long long user_id);

/* --- kept in memory (forum_kept.c, issue 22) ------------------------- */

struct kept_table;

/* The generation of what is kept for person_id under forum_gen (read once,
 * before the load): their own (core/persongen.h) and the forums'. */
unsigned long long forum_kept_gen(long long person_id, unsigned long long forum_gen);

/* Every admin's scope of a moderation page kept with page_kept_shared()
 * (app/page_kept.h): no person's id. */
#define FORUM_SCOPE_ADMINS (-1LL)

/* The scope of a moderation page that shows admins more than moderators
 * (a deleted post's text): 0, every moderator's one page, or
 * FORUM_SCOPE_ADMINS for an admin. Its build must read nothing else of
 * r->user. */
long long forum_mod_scope(const struct req *r);

/* What the signed-in reader of a thread or community is to it
 * (forum_store_thread_reader, community_store_reader). */
struct forum_reader {
    int member, posts;  /* a member of its community, with posts there so far */
    int watching;       /* the thread or community, from the watch button */
    time_t muted_until; /* a running mute's end, else 0 */
    int own_posts;      /* any post of theirs in the thread (deleted, waiting too) */
};

/* The thread id and what user_id is to it, one statement: DB_OK, or
 * DB_NOT_FOUND for no such thread (hidden ones too: the caller decides). */
enum db_rc forum_store_thread_reader(struct db *db, struct arena *a, long long id,
                                     long long user_id, struct forum_thread *out,
                                     struct forum_reader *me);

/* The community slug and what user_id is to it, one statement: DB_OK, or
 * DB_NOT_FOUND (store.c). own_posts stays 0. */
enum db_rc community_store_reader(struct db *db, struct arena *a, const char *slug,
                                  long long user_id, struct community *out,
                                  struct forum_reader *me);

/* The field a post's control in the thread page's one form for every post
 * sends, "{prefix}-{post id}", when the request holds it; else name (a form
 * of its own: the moderation page, older pages, scripts) (form.c). */
const char *forum_post_field(struct req *r, const char *prefix, long long post_id,
                             const char *name);

/* Whether the reader's post (body) waits for a moderator: 1 or 0, or -1
 * (the database failed: *rc). docs/communities.md "The review queue". */
int forum_review_waits(struct req *r, const char *body, enum db_rc *rc);

/* The community of the route's {slug}: 0, or the status to answer. */
int communities_by_route(struct req *r, struct community *c);

/* The post form's fields read from the request into *body, *lang (the
 * reader's language when none chosen), problems into err; title too when
 * title is not NULL. */
void forum_form_post(struct req *r, const char **title, const char **body, const char **lang,
                     struct page_errors *err);

/* The new-post fields (title when title is not NULL, body, language) with
 * what was typed, into form. */
void forum_vm_post_fields(struct page_form *form, const char *title, const char *body,
                          const char *lang);

/* A page of threads / posts as view-model arrays. */
json_t *forum_vm_threads(struct req *r, const struct forum_thread *v, size_t n);
/* viewer: the reader whose own posts get their links and buttons (0: none) */
json_t *forum_vm_posts(struct req *r, const struct forum_post *v, size_t n, long long viewer,
                       int moderator);

/* Search hits (a search's, a person's recent posts) as a view-model array:
 * title, lang, href (the post in its thread), community, community_href,
 * snippet (the text a reader sees, "…" when cut), meta (author · date). */
json_t *forum_vm_hits(struct req *r, const struct forum_hit *v, size_t n);

/* The signed-in reader's unread notifications as {href, text, count}, or
 * null (signed out): the personal part of a page. */
json_t *forum_vm_unread(struct req *r);

/* The watch button's view model (me.watch, communities/watch-button):
 * path is the thread's or community's own ("/threads/12"), note_key what
 * watching it means (pages_watch.c). */
json_t *forum_vm_watch(struct req *r, const char *path, int watching, const char *note_key);

/* Count a post by user (posts: theirs so far in the community) against the
 * posting limit: 0, or 429 (Retry-After set) or a store status. */
int forum_rate_check(struct req *r, int posts);

/* Count one more of what ("forum-post", "forum-edit": the limit's key) by
 * the reader (posts: theirs in the community; fewer than 10, the tighter
 * limit): 0, 429 with *retry the seconds to wait (nothing answered yet: the
 * caller says it), or 500/503. */
int forum_rate_hit(struct req *r, const char *what, int posts, int *retry);

/* The community page with err and what was typed (status 400 when err holds
 * problems); me: what the signed-in reader is to it (community_store_reader). */
int community_page_render(struct req *r, const struct community *c, const struct forum_reader *me,
                          const struct page_errors *err, const char *title, const char *body,
                          const char *lang);

/* Post post_id's @mentions (body as typed, community_id its community)
 * written and their people notified; a failure is logged, not answered:
 * the post itself is saved (pages_edit.c). */
void forum_mentions_write(struct req *r, long long post_id, int community_id, long long author_id,
                          const char *body);

/* body quoted for a reply: "> " lines, then "> — author" (quote.c). In a. */
const char *forum_quote_text(struct arena *a, const char *body, const char *author);

/* The reply form's text for ?quote={post id} (a visible post of t): its
 * quotation, or "" (quote.c). */
const char *forum_quote(struct req *r, const struct forum_thread *t);

/* --- moderators' tools (pages_mod_thread.c, pages_mute.c) ------------- */

/* A moderator's reason from the form's field: NULL, with the problem in err,
 * when it is missing or longer than FORUM_REASON_MAX characters. */
const char *forum_mod_reason(struct req *r, const char *field, struct page_errors *err);

/* Refuse a post or report from a muted reader: 0 (not muted), 403 with
 * "communities.errors.muted" on "body" in err (err may be NULL), or the
 * status of a failed store call. */
int forum_mute_refuse(struct req *r, struct page_errors *err);

/* The running mutes v[0..n) as the moderation page lists them. */
json_t *forum_vm_mutes(struct req *r, const struct forum_mute *v, size_t n);
