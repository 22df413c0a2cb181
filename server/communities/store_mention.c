/*
 * store_mention: the people a post names with @handle (forum_mentions,
 * migrations/0039_forum_edits.sql) and their notifications. A handle names
 * a member of the post's community whose name, spaces for "_", is the
 * handle (users_name, the collation's case and accent folding; an apostrophe
 * either ' or ’); more than
 * one such member: ambiguous, no mention.
 */
#include <string.h>
#include <time.h>

#include "auth/sessioncache.h"
#include "communities/communities.h"
#include "communities/forumgen.h"
#include "core/arena.h"

enum mention_sql {
    SQL_WHO,
    SQL_CLEAR,
    SQL_ADD,
    SQL_NOTIFY,
    SQL_UNREAD_BUMP,
    SQL_PAGE,
    SQL_FIRST,
    SQL_MENTION__MAX,
};

static const char *const sql[SQL_MENTION__MAX] = {
    [SQL_WHO] = "SELECT u.id FROM users u JOIN community_members m ON m.user_id = u.id "
                "AND m.community_id = ? WHERE u.name IN (?, ?) AND u.disabled = 0 LIMIT 2",
    [SQL_CLEAR] = "DELETE FROM forum_mentions WHERE post_id = ?",
    [SQL_ADD] = "INSERT IGNORE INTO forum_mentions (post_id, user_id, handle) VALUES (?, ?, ?)",
    [SQL_NOTIFY] = "INSERT IGNORE INTO forum_notifications (user_id, post_id, mention, "
                   "mail_after) SELECT u.id, ?, 1, " FORUM_MAIL_AFTER("u.id") " FROM users u "
                                                                              "WHERE u.id = ?",
    [SQL_UNREAD_BUMP] = "INSERT INTO forum_unread (user_id, unread) VALUES (?, 1) "
                        "ON DUPLICATE KEY UPDATE unread = unread + 1",
    [SQL_PAGE] = "SELECT m.post_id, m.user_id, m.handle, u.name FROM forum_mentions m "
                 "JOIN forum_posts p ON p.id = m.post_id JOIN users u ON u.id = m.user_id "
                 "WHERE p.thread_id = ? AND m.post_id BETWEEN ? AND ? ORDER BY m.post_id",
    [SQL_FIRST] = "SELECT MIN(id) FROM forum_posts WHERE thread_id = ?",
};

enum db_rc forum_store_first_post(struct db *db, long long thread_id, long long *post_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_FIRST], "l", thread_id);

    *post_id = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", post_id);
    db_done(st);
    return rc == DB_OK && !*post_id ? DB_NOT_FOUND : rc;
}

/* The one member of community_id named m's name (its apostrophes ' or ’): DB_OK and *id, or
 * DB_NOT_FOUND (nobody, or more than one). */
static enum db_rc who(struct db *db, int community_id, const struct forum_mention_ask *m,
                      long long *id)
{
    struct db_stmt *st = NULL;
    long long other = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_WHO], "iss", community_id, m->name, m->name_curly);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    if (rc == DB_OK && db_row_next(st, NULL, "l", &other) == DB_OK)
        rc = DB_NOT_FOUND;
    db_done(st);
    return rc;
}

/* One mention: the row, and a notification (with the unread count) unless
 * the person has one for this post already or wrote it, or it was quoted. */
static enum db_rc add(struct db *db, const struct forum_mention_ask *m, long long post_id,
                      long long author_id, long long user_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_ADD], "lls", post_id, user_id, m->handle);

    if (rc != DB_OK || m->quoted || user_id == author_id)
        return rc;
    rc = db_exec(db, sql[SQL_NOTIFY], "ltl", post_id, forum_digest_next(time(NULL)), user_id);
    if (rc == DB_OK && db_affected_rows(db) == 1)
        rc = db_exec(db, sql[SQL_UNREAD_BUMP], "l", user_id);
    sessioncache_forget_user(user_id); /* the header's count */
    return rc;
}

enum db_rc forum_store_mentions_set(struct db *db, long long post_id, int community_id,
                                    long long author_id, const struct forum_mention_ask *v,
                                    size_t n)
{
    long long user_id;
    size_t i;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_CLEAR], "l", post_id);
    for (i = 0; i < n && rc == DB_OK; i++) {
        rc = who(db, community_id, &v[i], &user_id);
        if (rc == DB_OK)
            rc = add(db, &v[i], post_id, author_id, user_id);
        else if (rc == DB_NOT_FOUND)
            rc = DB_OK;
    }
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_mentions_page(struct db *db, struct arena *a, long long thread_id,
                                     struct forum_post *v, size_t n)
{
    struct db_stmt *st = NULL;
    struct forum_mention m;
    long long post_id;
    size_t i = 0;
    enum db_rc rc;

    if (!n)
        return DB_OK;
    rc = db_query(db, &st, sql[SQL_PAGE], "lll", thread_id, v[0].id, v[n - 1].id);
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "llss", &post_id, &m.user_id, &m.handle, &m.name)) == DB_OK) {
        while (i < n && v[i].id < post_id)
            i++;
        if (i == n)
            break;
        if (v[i].id != post_id || v[i].n_mentions == FORUM_MENTIONS_SHOWN)
            continue;
        if (!v[i].mentions)
            v[i].mentions = arena_alloc(a, FORUM_MENTIONS_SHOWN * sizeof(*v[i].mentions));
        v[i].mentions[v[i].n_mentions++] = m;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}
