/*
 * store_forum: threads, posts and membership (migrations/0012_forums.sql).
 * Lists page by keyset on their indexes; counters are kept in the
 * transaction that adds the rows they count.
 */
#include <string.h>

#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "view/welshfold.h"

enum forum_sql {
    SQL_THREADS,
    SQL_THREADS_BEFORE,
    SQL_THREAD,
    SQL_POSTS_AFTER,
    SQL_POSTS_BEFORE,
    SQL_MEMBER,
    SQL_JOIN,
    SQL_THREAD_ADD,
    SQL_POST_ADD,
    SQL_THREAD_BUMP,
    SQL_THREAD_LOCK_ROW,
    SQL_MEMBER_BUMP,
    SQL_THREAD_BY_TITLE,
    SQL_OWN_POST,
    SQL_OWN_DELETE,
    SQL_THREAD_READER,
    SQL_FORUM__MAX,
};

#define THREAD_LIST                                                                                \
    "SELECT t.id, t.community_id, t.author_id, u.name, t.title, t.lang, t.post_count, t.pinned, "  \
    "t.locked, t.hidden, t.review, t.created_at, t.last_post_at"
#define THREAD_FROM "FROM forum_threads t JOIN users u ON u.id = t.author_id "
#define THREAD_COLS THREAD_LIST " " THREAD_FROM
#define THREAD_SIG  "lilsssibbbitt"
#define POST_COLS                                                                                  \
    "SELECT p.id, p.thread_id, p.author_id, u.name, p.body, p.lang, p.hidden, p.deleted, "         \
    "p.review, p.review_reason, p.created_at, p.edited_at FROM forum_posts p "                     \
    "JOIN users u ON u.id = p.author_id "
#define POST_SIG "lllsssbbistt"
/* published posts, and the reader's own waiting or rejected ones */
#define POST_SEEN     "AND (p.review = 0 OR p.author_id = ?) "
#define PAGE_PLUS_ONE "21" /* FORUM_PAGE_SIZE + 1: is there more */

static const char *const sql[SQL_FORUM__MAX] = {
    [SQL_THREADS] = THREAD_COLS "WHERE t.community_id = ? AND t.hidden = 0 AND t.review = 0 "
                                "ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC "
                                "LIMIT " PAGE_PLUS_ONE,
    /* past the first page, pinned threads have been shown */
    [SQL_THREADS_BEFORE] = THREAD_COLS "WHERE t.community_id = ? AND t.hidden = 0 AND t.pinned = 0 "
                                       "AND t.review = 0 "
                                       "AND (t.last_post_at < ? OR (t.last_post_at = ? AND t.id < "
                                       "?)) ORDER BY t.last_post_at DESC, t.id DESC "
                                       "LIMIT " PAGE_PLUS_ONE,
    [SQL_THREAD] = THREAD_COLS "WHERE t.id = ?",
    [SQL_POSTS_AFTER] = POST_COLS "WHERE p.thread_id = ? AND p.id > ? " POST_SEEN "ORDER BY p.id "
                                  "LIMIT " PAGE_PLUS_ONE,
    [SQL_POSTS_BEFORE] =
        POST_COLS "WHERE p.thread_id = ? AND p.id < ? " POST_SEEN "ORDER BY p.id DESC "
                  "LIMIT " PAGE_PLUS_ONE,
    [SQL_MEMBER] =
        "SELECT post_count FROM community_members WHERE community_id = ? AND user_id = ?",
    [SQL_JOIN] = "INSERT IGNORE INTO community_members (community_id, user_id) VALUES (?, ?)",
    [SQL_THREAD_ADD] = "INSERT INTO forum_threads (community_id, author_id, title, lang, review) "
                       "VALUES (?, ?, ?, ?, ?)",
    [SQL_POST_ADD] = "INSERT INTO forum_posts (thread_id, author_id, body, lang, search_fold, "
                     "review) VALUES (?, ?, ?, ?, ?, ?)",
    [SQL_THREAD_BUMP] = "UPDATE forum_threads SET post_count = post_count + 1, "
                        "last_post_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_THREAD_LOCK_ROW] = "SELECT locked FROM forum_threads WHERE id = ? AND hidden = 0 "
                            "FOR UPDATE",
    [SQL_MEMBER_BUMP] = "UPDATE community_members SET post_count = post_count + 1 "
                        "WHERE community_id = ? AND user_id = ?",
    [SQL_OWN_POST] = "SELECT thread_id FROM forum_posts WHERE id = ? AND author_id = ? "
                     "AND deleted = 0",
    [SQL_OWN_DELETE] = "UPDATE forum_posts SET deleted = 1, search_fold = '' "
                       "WHERE id = ? AND author_id = ?",
    [SQL_THREAD_BY_TITLE] = "SELECT id FROM forum_threads WHERE title = ? ORDER BY id LIMIT 1",
    /* the thread and what the reader is to it, one round trip (the thread
     * page's mine hook): membership with their post count, watching, a
     * running mute, any post of theirs in it (forum_posts_author: a few
     * rows a person) */
    [SQL_THREAD_READER] =
        THREAD_LIST ", m.user_id IS NOT NULL, COALESCE(m.post_count, 0), COALESCE((SELECT "
                    "w.watching FROM forum_thread_watches w WHERE w.user_id = ? AND w.thread_id = "
                    "t.id), 0), (SELECT MAX(f.until) FROM forum_mutes f WHERE f.user_id = ? AND "
                    "f.lifted_at IS NULL AND f.until > UTC_TIMESTAMP()), EXISTS (SELECT 1 FROM "
                    "forum_posts p WHERE p.author_id = ? AND p.thread_id = t.id) " THREAD_FROM
                    "LEFT JOIN community_members m ON m.community_id = t.community_id AND "
                    "m.user_id = ? WHERE t.id = ?",
};

static enum db_rc thread_row(struct db_stmt *st, struct arena *a, struct forum_thread *t)
{
    memset(t, 0, sizeof(*t));
    return db_row_next(st, a, THREAD_SIG, &t->id, &t->community_id, &t->author_id, &t->author,
                       &t->title, &t->lang, &t->post_count, &t->pinned, &t->locked, &t->hidden,
                       &t->review, &t->created_at, &t->last_post_at);
}

static enum db_rc post_row(struct db_stmt *st, struct arena *a, struct forum_post *p)
{
    memset(p, 0, sizeof(*p));
    return db_row_next(st, a, POST_SIG, &p->id, &p->thread_id, &p->author_id, &p->author, &p->body,
                       &p->lang, &p->hidden, &p->deleted, &p->review, &p->review_reason,
                       &p->created_at, &p->edited_at);
}

enum db_rc forum_store_threads(struct db *db, struct arena *a, int community_id, time_t before_t,
                               long long before_id, struct forum_thread **out, size_t *n, int *more)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = before_id > 0 ? db_query(db, &st, sql[SQL_THREADS_BEFORE], "ittl", community_id,
                                             before_t, before_t, before_id)
                                  : db_query(db, &st, sql[SQL_THREADS], "i", community_id);
    struct forum_thread t;

    *n = 0;
    *more = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    while ((rc = thread_row(st, a, &t)) == DB_OK) {
        if (*n == FORUM_PAGE_SIZE) {
            *more = 1;
            break;
        }
        (*out)[(*n)++] = t;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc forum_store_thread(struct db *db, struct arena *a, long long id,
                              struct forum_thread *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_THREAD], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = thread_row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc forum_store_thread_reader(struct db *db, struct arena *a, long long id,
                                     long long user_id, struct forum_thread *out,
                                     struct forum_reader *me)
{
    struct db_stmt *st = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_THREAD_READER], "lllll", user_id, user_id, user_id, user_id, id);

    memset(out, 0, sizeof(*out));
    memset(me, 0, sizeof(*me));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, THREAD_SIG "bibtb", &out->id, &out->community_id, &out->author_id,
                     &out->author, &out->title, &out->lang, &out->post_count, &out->pinned,
                     &out->locked, &out->hidden, &out->review, &out->created_at, &out->last_post_at,
                     &me->member, &me->posts, &me->watching, &me->muted_until, &me->own_posts);
    db_done(st);
    return rc;
}

enum db_rc forum_store_posts(struct db *db, struct arena *a, long long thread_id, long long viewer,
                             long long after, long long before, struct forum_post **out, size_t *n,
                             int *more)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = before > 0
                        ? db_query(db, &st, sql[SQL_POSTS_BEFORE], "lll", thread_id, before, viewer)
                        : db_query(db, &st, sql[SQL_POSTS_AFTER], "lll", thread_id, after, viewer);
    struct forum_post p;
    size_t i;

    *n = 0;
    *more = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    while ((rc = post_row(st, a, &p)) == DB_OK) {
        if (*n == FORUM_PAGE_SIZE) {
            *more = 1;
            break;
        }
        (*out)[(*n)++] = p;
    }
    db_done(st);
    if (before > 0) /* read backwards: show in order */
        for (i = 0; i < *n / 2; i++) {
            p = (*out)[i];
            (*out)[i] = (*out)[*n - 1 - i];
            (*out)[*n - 1 - i] = p;
        }
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc forum_store_member(struct db *db, int community_id, long long user_id, int *posts)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_MEMBER], "il", community_id, user_id);

    *posts = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "i", posts);
    db_done(st);
    return rc;
}

enum db_rc forum_store_join(struct db *db, int community_id, long long user_id)
{
    return forum_gen_after(db_exec(db, sql[SQL_JOIN], "il", community_id, user_id));
}

/* The post (its search_fold: wf's folding of title, when a new thread's,
 * and body), the thread's counters and the author's, in the open
 * transaction. A waiting post gets none of these but the row: its approval
 * writes them (forum_store_publish). */
static enum db_rc add_post(struct db *db, const struct welshfold *wf, long long thread_id,
                           int community_id, long long user_id, const char *title, const char *body,
                           const char *lang, int waiting, long long *id)
{
    struct sbuf fold = SBUF_INIT;
    enum db_rc rc;

    if (!waiting)
        forum_fold(wf, title, body, &fold);
    rc = sbuf_failed(&fold) ? DB_ERROR
                            : db_exec(db, sql[SQL_POST_ADD], "llsssi", thread_id, user_id, body,
                                      lang, fold.buf, waiting ? FORUM_WAITING : FORUM_PUBLISHED);
    sbuf_release(&fold);

    if (rc != DB_OK)
        return rc;
    *id = (long long)db_insert_id(db);
    return waiting ? DB_OK : forum_store_publish_counts(db, thread_id, community_id, user_id);
}

void forum_fold(const struct welshfold *wf, const char *title, const char *body, struct sbuf *fold)
{
    if (title) {
        welshfold_text(wf, title, strlen(title), fold);
        sbuf_addc(fold, ' ');
    }
    welshfold_text(wf, body, strlen(body), fold);
}

enum db_rc forum_store_publish_counts(struct db *db, long long thread_id, int community_id,
                                      long long user_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_THREAD_BUMP], "l", thread_id);

    return rc == DB_OK ? db_exec(db, sql[SQL_MEMBER_BUMP], "il", community_id, user_id) : rc;
}

enum db_rc forum_store_new_thread(struct db *db, const struct welshfold *wf, int community_id,
                                  long long user_id, const char *title, const char *body,
                                  const char *lang, int waiting, long long *id)
{
    long long post_id;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_THREAD_ADD], "ilssi", community_id, user_id, title, lang,
                 waiting ? FORUM_WAITING : FORUM_PUBLISHED);
    if (rc == DB_OK) {
        *id = (long long)db_insert_id(db);
        rc = add_post(db, wf, *id, community_id, user_id, title, body, lang, waiting, &post_id);
    }
    /* the author watches it; the community's watchers hear of it (a waiting
     * thread when it is approved: store_review.c) */
    if (rc == DB_OK && !waiting)
        rc = forum_store_notify_reply(db, *id, post_id, user_id);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_reply(struct db *db, const struct welshfold *wf,
                             const struct forum_thread *t, long long user_id, const char *body,
                             const char *lang, int waiting, long long *id)
{
    struct db_stmt *st = NULL;
    int locked = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_THREAD_LOCK_ROW], "l", t->id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "b", &locked);
        db_done(st);
    }
    if (rc == DB_OK && locked)
        rc = DB_CONFLICT;
    if (rc == DB_OK)
        rc = add_post(db, wf, t->id, t->community_id, user_id, NULL, body, lang, waiting, id);
    if (rc == DB_OK && !waiting) /* a waiting reply notifies when it is approved */
        rc = forum_store_notify_reply(db, t->id, *id, user_id);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_thread_by_title(struct db *db, const char *title, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_THREAD_BY_TITLE], "s", title);

    *id = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    return rc;
}

enum db_rc forum_store_delete_own(struct db *db, long long post_id, long long user_id,
                                  long long *thread_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_OWN_POST], "ll", post_id, user_id);

    *thread_id = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", thread_id);
    db_done(st);
    return rc == DB_OK ? forum_gen_after(db_exec(db, sql[SQL_OWN_DELETE], "ll", post_id, user_id))
                       : rc;
}
