/*
 * store_mod: reports and moderation. Every moderator's action is audited
 * (who, which post or thread, why) in the transaction that makes it.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "communities/communities.h"
#include "communities/forumgen.h"
#include "core/arena.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

enum mod_sql {
    SQL_POST_VISIBLE,
    SQL_REPORT_ADD,
    SQL_QUEUE,
    SQL_POST_HIDE,
    SQL_POST_THREAD,
    SQL_REPORTS_RESOLVE,
    SQL_THREAD_LOCK,
    SQL_THREAD_AUTHOR,
    SQL_MOD__MAX,
};

static const char *const sql[SQL_MOD__MAX] = {
    [SQL_POST_VISIBLE] = "SELECT thread_id FROM forum_posts WHERE id = ? AND hidden = 0 "
                         "AND deleted = 0 AND review = 0",
    [SQL_REPORT_ADD] = "INSERT INTO forum_reports (post_id, reporter_id, reason) VALUES (?, ?, ?)",
    /* The moderation page in one round trip (issue 22), a part a list in
     * the columns of a report: 1 the open reports (forum_reports_open),
     * 2 the running mutes (few: they end within 30 days), 3 how many posts
     * wait for review. */
    [SQL_QUEUE] =
        "(SELECT 1, r.id, r.post_id, p.thread_id, t.title, p.body, p.hidden, p.deleted, u.name, "
        "r.reason, r.created_at FROM forum_reports r "
        "JOIN forum_posts p ON p.id = r.post_id "
        "JOIN forum_threads t ON t.id = p.thread_id "
        "JOIN users u ON u.id = r.reporter_id "
        "WHERE r.resolved_at IS NULL ORDER BY r.resolved_at, r.id LIMIT " STR(
            FORUM_PAGE_SIZE) ") "
                             "UNION ALL (SELECT 2, m.user_id, 0, 0, u.name, b.name, 0, 0, NULL, "
                             "m.reason, m.until "
                             "FROM forum_mutes m JOIN users u ON u.id = m.user_id JOIN users b ON "
                             "b.id = m.by_id "
                             "WHERE m.lifted_at IS NULL AND m.until > UTC_TIMESTAMP() ORDER BY "
                             "m.until, m.id "
                             "LIMIT " STR(
                                 FORUM_MUTES_MAX) ") "
                                                  "UNION ALL SELECT 3, (" FORUM_WAITING_COUNT_SQL
                                                  "), 0, 0, NULL, NULL, 0, 0, NULL, NULL, "
                                                  "NULL",
    [SQL_POST_HIDE] = "UPDATE forum_posts SET hidden = ? WHERE id = ?",
    [SQL_POST_THREAD] = "SELECT thread_id, author_id FROM forum_posts WHERE id = ? FOR UPDATE",
    [SQL_THREAD_AUTHOR] = "SELECT author_id FROM forum_threads WHERE id = ? FOR UPDATE",
    [SQL_REPORTS_RESOLVE] =
        "UPDATE forum_reports SET resolved_by = ?, resolved_at = UTC_TIMESTAMP() "
        "WHERE post_id = ? AND resolved_at IS NULL",
    [SQL_THREAD_LOCK] = "UPDATE forum_threads SET locked = ? WHERE id = ?",
};

enum db_rc forum_store_report(struct db *db, long long post_id, long long user_id,
                              const char *reason, long long *thread_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_POST_VISIBLE], "l", post_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", thread_id);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    return forum_gen_after(db_exec(db, sql[SQL_REPORT_ADD], "lls", post_id, user_id, reason));
}

/* One row of SQL_QUEUE into its list in q (kind 1 a report, 2 a mute,
 * 3 the waiting count); a list already full takes no more. */
static enum db_rc queue_row(struct db_stmt *st, struct arena *a, struct forum_queue *q)
{
    struct forum_report v = { .id = 0 };
    int kind = 0;
    enum db_rc rc = db_row_next(st, a, "illlssbbsst", &kind, &v.id, &v.post_id, &v.thread_id,
                                &v.thread_title, &v.post_body, &v.post_hidden, &v.post_deleted,
                                &v.reporter, &v.reason, &v.created_at);

    if (rc != DB_OK)
        return rc;
    if (kind == 1 && q->n_reports < FORUM_PAGE_SIZE)
        q->reports[q->n_reports++] = v;
    else if (kind == 2 && q->n_mutes < FORUM_MUTES_MAX)
        q->mutes[q->n_mutes++] = (struct forum_mute){ .user_id = v.id,
                                                      .name = v.thread_title,
                                                      .by = v.post_body,
                                                      .reason = v.reason,
                                                      .until = v.created_at };
    else if (kind == 3)
        q->waiting = (int)v.id;
    return DB_OK;
}

enum db_rc forum_store_queue(struct db *db, struct arena *a, struct forum_queue *q)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_QUEUE], "");

    memset(q, 0, sizeof(*q));
    q->reports = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(*q->reports));
    q->mutes = arena_alloc(a, FORUM_MUTES_MAX * sizeof(*q->mutes));
    if (rc != DB_OK)
        return rc;
    while ((rc = queue_row(st, a, q)) == DB_OK)
        ;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc hide_post(struct db *db, long long post_id, int hide, long long mod_id,
                            const char *ip, const char *reason, long long *thread_id)
{
    struct db_stmt *st = NULL;
    long long author = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_POST_THREAD], "l", post_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ll", thread_id, &author);
    db_done(st);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_POST_HIDE], "bl", hide, post_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_REPORTS_RESOLVE], "ll", mod_id, post_id);
    if (rc == DB_OK) {
        char detail[AUDIT_DETAIL_MAX + 1];

        snprintf(detail, sizeof(detail), "post %lld: %s", post_id, reason);
        rc = audit_write(db, hide ? "forum_post_hidden" : "forum_post_restored", mod_id, author, ip,
                         detail);
    }
    return rc;
}

enum db_rc forum_store_moderate_post(struct db *db, long long post_id, int hide, long long mod_id,
                                     const char *ip, const char *reason, long long *thread_id)
{
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = hide_post(db, post_id, hide, mod_id, ip, reason, thread_id);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_lock(struct db *db, long long thread_id, int lock, long long mod_id,
                            const char *ip, const char *reason)
{
    struct db_stmt *st = NULL;
    long long author = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_THREAD_AUTHOR], "l", thread_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "l", &author);
        db_done(st);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_THREAD_LOCK], "bl", lock, thread_id);
    if (rc == DB_OK) {
        char detail[AUDIT_DETAIL_MAX + 1];

        snprintf(detail, sizeof(detail), "thread %lld: %s", thread_id, reason);
        rc = audit_write(db, lock ? "forum_thread_locked" : "forum_thread_unlocked", mod_id, author,
                         ip, detail);
    }
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}
