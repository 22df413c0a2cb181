/*
 * store_review: the review queue (migrations/0042_forum_review.sql). A new
 * member's post waits (review 1) with no counters, search fold or
 * notifications; approving it writes them in one transaction, rejecting it
 * keeps the moderator's reason for its author. Both tell the author (a
 * notification, e-mailed by their choice) and are audited in the same
 * transaction, with who and why.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"

enum review_sql {
    SQL_PUBLISHED,
    SQL_WAITING_OF,
    SQL_WAITING,
    SQL_HOLD,
    SQL_IS_FIRST,
    SQL_APPROVE,
    SQL_REJECT,
    SQL_THREAD_SET,
    SQL_REVIEW__MAX,
};

static const char *const sql[SQL_REVIEW__MAX] = {
    /* post_count is kept as posts are published (community_members_user) */
    [SQL_PUBLISHED] = "SELECT CAST(COALESCE(SUM(post_count), 0) AS SIGNED) FROM community_members "
                      "WHERE user_id = ?",
    [SQL_WAITING_OF] = "SELECT COUNT(*) FROM forum_posts WHERE author_id = ? AND review = 1 "
                       "AND deleted = 0",
    /* the page and how many wait in one round trip: the count is a constant
     * subquery, read once (forum_posts_review: the waiting few, not 1M) */
    [SQL_WAITING] = "SELECT p.id, p.thread_id, t.title, t.lang, t.review, u.name, p.body, p.lang, "
                    "p.created_at, (" FORUM_WAITING_COUNT_SQL ") "
                    "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
                    "JOIN users u ON u.id = p.author_id "
                    "WHERE p.review = 1 AND p.deleted = 0 ORDER BY p.id LIMIT 20",
    /* the waiting post and its thread, held while they change */
    [SQL_HOLD] = "SELECT p.thread_id, p.author_id, p.body, t.community_id, t.title, t.review "
                 "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
                 "WHERE p.id = ? AND p.review = 1 AND p.deleted = 0 FOR UPDATE",
    [SQL_IS_FIRST] = "SELECT MIN(id) FROM forum_posts WHERE thread_id = ?",
    [SQL_APPROVE] = "UPDATE forum_posts SET review = 0, search_fold = ? WHERE id = ?",
    [SQL_REJECT] = "UPDATE forum_posts SET review = 2, review_reason = ? WHERE id = ?",
    [SQL_THREAD_SET] = "UPDATE forum_threads SET review = ? WHERE id = ?",
};

_Static_assert(FORUM_WAITING_MAX == 20, "SQL_WAITING's LIMIT");

static enum db_rc one_number(struct db *db, const char *q, long long id, long long *v)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = id ? db_query(db, &st, q, "l", id) : db_query(db, &st, q, "");

    *v = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", v);
    db_done(st);
    return rc;
}

enum db_rc forum_store_review_counts(struct db *db, long long user_id, int limit, int *published,
                                     int *waiting)
{
    long long p = 0, w = 0;
    enum db_rc rc = one_number(db, sql[SQL_PUBLISHED], user_id, &p);

    if (rc == DB_OK && p < limit)
        rc = one_number(db, sql[SQL_WAITING_OF], user_id, &w);
    *published = (int)p;
    *waiting = (int)w;
    return rc;
}

enum db_rc forum_store_waiting(struct db *db, struct arena *a, struct forum_waiting **out,
                               size_t *n, int *total)
{
    long long all = 0;
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_WAITING], "");
    struct forum_waiting *v;
    int review;

    *n = 0;
    *total = 0;
    *out = arena_alloc(a, FORUM_WAITING_MAX * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    while (*n < FORUM_WAITING_MAX) {
        v = &(*out)[*n];
        memset(v, 0, sizeof(*v));
        rc = db_row_next(st, a, "llssissstl", &v->post_id, &v->thread_id, &v->thread_title,
                         &v->thread_lang, &review, &v->author, &v->body, &v->lang, &v->created_at,
                         &all);
        if (rc != DB_OK)
            break;
        v->new_thread = review != FORUM_PUBLISHED;
        *total = (int)all;
        (*n)++;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

/* The waiting post_id held (FOR UPDATE) into out, *title its thread's and
 * *opens: it is the first post of a thread that waits with it. */
static enum db_rc hold(struct db *db, struct arena *a, long long post_id,
                       struct forum_reviewed *out, const char **title, int *opens)
{
    struct db_stmt *st = NULL;
    long long first = 0;
    int thread_review = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_HOLD], "l", post_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "llsisi", &out->thread_id, &out->author_id, &out->body,
                     &out->community_id, title, &thread_review);
    db_done(st);
    if (rc == DB_OK)
        rc = one_number(db, sql[SQL_IS_FIRST], out->thread_id, &first);
    *opens = thread_review != FORUM_PUBLISHED && first == post_id;
    return rc;
}

static enum db_rc audit(struct db *db, const char *event, long long post_id, long long mod_id,
                        long long author_id, const char *ip, const char *why)
{
    char detail[AUDIT_DETAIL_MAX + 1];

    if (why && *why)
        snprintf(detail, sizeof(detail), "post %lld: %s", post_id, why);
    else
        snprintf(detail, sizeof(detail), "post %lld", post_id);
    return audit_write(db, event, mod_id, author_id, ip, detail);
}

static enum db_rc approve(struct db *db, struct arena *a, const struct welshfold *wf,
                          long long post_id, long long mod_id, const char *ip, const char *note,
                          struct forum_reviewed *out)
{
    struct sbuf fold = SBUF_INIT;
    const char *title = NULL;
    int opens = 0;
    enum db_rc rc = hold(db, a, post_id, out, &title, &opens);

    if (rc != DB_OK)
        return rc;
    forum_fold(wf, opens ? title : NULL, out->body, &fold);
    rc = sbuf_failed(&fold) ? DB_ERROR : db_exec(db, sql[SQL_APPROVE], "sl", fold.buf, post_id);
    sbuf_release(&fold);
    if (rc == DB_OK && opens)
        rc = db_exec(db, sql[SQL_THREAD_SET], "il", (int)FORUM_PUBLISHED, out->thread_id);
    if (rc == DB_OK)
        rc = forum_store_publish_counts(db, out->thread_id, out->community_id, out->author_id);
    if (rc == DB_OK)
        rc = forum_store_notify_reply(db, out->thread_id, post_id, out->author_id);
    if (rc == DB_OK)
        rc = forum_store_notify_review(db, post_id, out->author_id, 1);
    if (rc == DB_OK)
        rc = audit(db, "forum_post_approved", post_id, mod_id, out->author_id, ip, note);
    return rc;
}

enum db_rc forum_store_approve(struct db *db, struct arena *a, const struct welshfold *wf,
                               long long post_id, long long mod_id, const char *ip,
                               const char *note, struct forum_reviewed *out)
{
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = approve(db, a, wf, post_id, mod_id, ip, note, out);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_reject(struct db *db, struct arena *a, long long post_id, long long mod_id,
                              const char *ip, const char *reason, struct forum_reviewed *out)
{
    const char *title = NULL;
    int opens = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = hold(db, a, post_id, out, &title, &opens);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_REJECT], "sl", reason, post_id);
    if (rc == DB_OK && opens)
        rc = db_exec(db, sql[SQL_THREAD_SET], "il", (int)FORUM_REJECTED, out->thread_id);
    if (rc == DB_OK)
        rc = forum_store_notify_review(db, post_id, out->author_id, 0);
    if (rc == DB_OK)
        rc = audit(db, "forum_post_rejected", post_id, mod_id, out->author_id, ip, reason);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}
