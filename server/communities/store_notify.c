/*
 * store_notify: notifications of new posts (migrations/0019_forums_more.sql,
 * 0041_forum_watch.sql). A new post makes its author watch the thread and
 * notifies, once each, everyone else who watches the thread or its
 * community (not those who stopped watching the thread), in the post's
 * transaction, and bumps each one's unread count (forum_unread) in the
 * same transaction; reading the notifications sets it back to 0. A post
 * from the review queue tells its author it was published or not
 * (migrations/0045_forum_mail_more.sql), in the moderator's transaction.
 */
#include <string.h>
#include <time.h>

#include "auth/sessioncache.h"
#include "communities/communities.h"
#include "core/arena.h"
#include "core/persongen.h"

enum notify_sql {
    SQL_NOTIFY_ADD,
    SQL_NOTIFY_REVIEW,
    SQL_UNREAD_BUMP,
    SQL_UNREAD_BUMP_ONE,
    SQL_NOTIFIED,
    SQL_UNREAD,
    SQL_LIST,
    SQL_READ_ALL,
    SQL_UNREAD_ZERO,
    SQL_NOTIFY__MAX,
};

static const char *const sql[SQL_NOTIFY__MAX] = {
    [SQL_NOTIFY_ADD] =
        "INSERT IGNORE INTO forum_notifications (user_id, post_id, mail_after) "
        "SELECT w.user_id, ?, " FORUM_MAIL_AFTER(
            "w.user_id") " FROM ("
                         "SELECT user_id FROM forum_thread_watches WHERE thread_id = ? AND "
                         "watching = 1 UNION "
                         "SELECT cw.user_id FROM forum_community_watches cw "
                         "JOIN forum_threads t ON t.community_id = cw.community_id WHERE t.id = ? "
                         "AND NOT EXISTS (SELECT 1 FROM forum_thread_watches x WHERE x.user_id = "
                         "cw.user_id "
                         "AND x.thread_id = t.id AND x.watching = 0)) w WHERE w.user_id <> ?",
    [SQL_NOTIFY_REVIEW] =
        "INSERT IGNORE INTO forum_notifications (user_id, post_id, review, "
        "mail_after) SELECT u.id, ?, ?, " FORUM_MAIL_AFTER("u.id") " FROM users u WHERE u.id = ?",
    [SQL_UNREAD_BUMP_ONE] = "INSERT INTO forum_unread (user_id, unread) VALUES (?, 1) "
                            "ON DUPLICATE KEY UPDATE unread = unread + 1",
    [SQL_UNREAD_BUMP] = "INSERT INTO forum_unread (user_id, unread) "
                        "SELECT user_id, 1 FROM forum_notifications WHERE post_id = ? "
                        "ON DUPLICATE KEY UPDATE unread = unread + 1",
    /* everyone: the session cache forgets up to SESSIONCACHE_USERS_MAX one by one
     * (then all), and each one's kept pages are moved one by one (forget_notified) */
    [SQL_NOTIFIED] = "SELECT user_id FROM forum_notifications WHERE post_id = ?",
    [SQL_UNREAD] = "SELECT unread FROM forum_unread WHERE user_id = ?",
    [SQL_LIST] = "SELECT n.post_id, p.thread_id, t.title, t.lang, u.name, p.created_at, "
                 "n.read_at IS NULL, n.mention, p.id = (SELECT MIN(f.id) FROM forum_posts f "
                 "WHERE f.thread_id = p.thread_id), n.review, p.review_reason "
                 "FROM forum_notifications n "
                 "JOIN forum_posts p ON p.id = n.post_id "
                 "JOIN forum_threads t ON t.id = p.thread_id "
                 "JOIN users u ON u.id = p.author_id "
                 "WHERE n.user_id = ? ORDER BY n.id DESC LIMIT 50",
    [SQL_READ_ALL] = ("UPDATE forum_notifications SET read_at = UTC_TIMESTAMP() "
                      "WHERE user_id = ? AND read_at IS NULL"),
    [SQL_UNREAD_ZERO] = "UPDATE forum_unread SET unread = 0 WHERE user_id = ?",
};

/* The header's unread count of everyone post_id notified: their sessions'
 * cached copies go (auth/sessioncache.h), nobody else's. Past
 * SESSIONCACHE_USERS_MAX the session cache forgets everyone, which moves
 * everyone's generation at once, without the settling a touch before the
 * commit needs (core/persongen.h): so each one notified is touched here
 * (however many), and a kept page read before the commit is never reused. */
static enum db_rc forget_notified(struct db *db, long long post_id)
{
    long long ids[SESSIONCACHE_USERS_MAX + 1], id;
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_NOTIFIED], "l", post_id);
    size_t n = 0;

    if (rc != DB_OK) {
        sessioncache_forget_all();
        return rc;
    }
    while ((rc = db_row_next(st, NULL, "l", &id)) == DB_OK) {
        persongen_touch_before_commit(id);
        if (n < SESSIONCACHE_USERS_MAX + 1)
            ids[n++] = id;
    }
    db_done(st);
    sessioncache_forget_users(ids, n);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc forum_store_notify_reply(struct db *db, long long thread_id, long long post_id,
                                    long long author_id)
{
    enum db_rc rc = forum_store_watch_own(db, thread_id, author_id);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_NOTIFY_ADD], "ltlll", post_id, forum_digest_next(time(NULL)),
                     thread_id, thread_id, author_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UNREAD_BUMP], "l", post_id);
    if (rc == DB_OK)
        rc = forget_notified(db, post_id);
    return rc;
}

enum db_rc forum_store_notify_review(struct db *db, long long post_id, long long author_id,
                                     int published)
{
    enum db_rc rc = db_exec(db, sql[SQL_NOTIFY_REVIEW], "litl", post_id,
                            published ? FORUM_NOTICE_PUBLISHED : FORUM_NOTICE_REJECTED,
                            forum_digest_next(time(NULL)), author_id);

    if (rc == DB_OK && db_affected_rows(db) == 1)
        rc = db_exec(db, sql[SQL_UNREAD_BUMP_ONE], "l", author_id);
    sessioncache_forget_user(author_id); /* the header's count */
    return rc;
}

enum db_rc forum_store_unread(struct db *db, long long user_id, int *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_UNREAD], "l", user_id);

    *n = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "i", n);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc forum_store_notifications(struct db *db, struct arena *a, long long user_id, int unread,
                                     struct forum_notice **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_LIST], "l", user_id);
    struct forum_notice x;
    size_t i;

    *n = 0;
    *out = arena_alloc(a, FORUM_NOTICES_MAX * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    for (;;) {
        memset(&x, 0, sizeof(x));
        rc = db_row_next(st, a, "llssstbbbis", &x.post_id, &x.thread_id, &x.thread_title,
                         &x.thread_lang, &x.author, &x.created_at, &x.unread, &x.mention, &x.first,
                         &x.review, &x.reason);
        if (rc != DB_OK || *n == FORUM_NOTICES_MAX)
            break;
        (*out)[(*n)++] = x;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    for (i = 0; i < *n && !unread; i++)
        unread = (*out)[i].unread;
    if (!unread)
        return DB_OK; /* nothing to mark: a view of read notifications writes nothing */
    rc = db_begin(db);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_READ_ALL], "l", user_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UNREAD_ZERO], "l", user_id);
    sessioncache_forget_user(user_id); /* the header's count */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}
