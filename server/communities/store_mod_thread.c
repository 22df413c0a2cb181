/*
 * store_mod_thread: pinning and moving threads. The community's row is
 * locked before the pinned ones are counted, so two moderators pinning at
 * once cannot pass FORUM_PINNED_MAX; a move keeps the members' post counts
 * in the same transaction as the thread's new community.
 */
#include <stdio.h>

#include "audit/audit.h"
#include "communities/communities.h"
#include "communities/forumgen.h"
#include "core/kept.h"

enum mod_thread_sql {
    SQL_THREAD_ROW,
    SQL_COMMUNITY_LOCK,
    SQL_PINNED_COUNT,
    SQL_PIN,
    SQL_MOVE,
    SQL_MEMBERS_LESS,
    SQL_MEMBERS_MORE,
    SQL_MOD_THREAD__MAX,
};

/* the thread's published posts counted per author: what their member rows
 * hold of it (a waiting post is counted when approved) */
#define POSTS_BY_AUTHOR                                                                            \
    "JOIN (SELECT author_id, COUNT(*) AS n FROM forum_posts WHERE thread_id = ? AND review = 0 "   \
    "GROUP BY author_id) p ON p.author_id = m.user_id "

static const char *const sql[SQL_MOD_THREAD__MAX] = {
    [SQL_THREAD_ROW] = "SELECT community_id, author_id, pinned FROM forum_threads WHERE id = ? "
                       "FOR UPDATE",
    [SQL_COMMUNITY_LOCK] = "SELECT id FROM communities WHERE id = ? FOR UPDATE",
    [SQL_PINNED_COUNT] = "SELECT COUNT(*) FROM forum_threads WHERE community_id = ? AND pinned = 1 "
                         "AND hidden = 0",
    [SQL_PIN] = "UPDATE forum_threads SET pinned = ? WHERE id = ?",
    [SQL_MOVE] = "UPDATE forum_threads SET community_id = ?, pinned = 0 WHERE id = ?",
    [SQL_MEMBERS_LESS] = "UPDATE community_members m " POSTS_BY_AUTHOR
                         "SET m.post_count = IF(m.post_count > p.n, m.post_count - p.n, 0) "
                         "WHERE m.community_id = ?",
    [SQL_MEMBERS_MORE] = "UPDATE community_members m " POSTS_BY_AUTHOR
                         "SET m.post_count = m.post_count + p.n WHERE m.community_id = ?",
};

struct thread_row {
    int community_id;
    long long author_id;
    int pinned;
};

/* The thread's row, locked for the open transaction. */
static enum db_rc thread_row(struct db *db, long long id, struct thread_row *t)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_THREAD_ROW], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ilb", &t->community_id, &t->author_id, &t->pinned);
    db_done(st);
    return rc;
}

/* Lock community id's row: DB_NOT_FOUND when there is none. */
static enum db_rc community_lock(struct db *db, int id)
{
    struct db_stmt *st = NULL;
    int got = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_COMMUNITY_LOCK], "i", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "i", &got);
    db_done(st);
    return rc;
}

static enum db_rc pinned_room(struct db *db, int community_id)
{
    struct db_stmt *st = NULL;
    long long n = 0;
    enum db_rc rc = community_lock(db, community_id);

    if (rc == DB_OK)
        rc = db_query(db, &st, sql[SQL_PINNED_COUNT], "i", community_id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &n);
    db_done(st);
    if (rc == DB_OK && n >= FORUM_PINNED_MAX)
        rc = DB_CONFLICT;
    return rc;
}

enum db_rc forum_store_pin(struct db *db, long long thread_id, int pin, long long mod_id,
                           const char *ip, const char *reason)
{
    struct thread_row t;
    char detail[AUDIT_DETAIL_MAX + 1];
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = thread_row(db, thread_id, &t);
    if (rc == DB_OK && pin && !t.pinned)
        rc = pinned_room(db, t.community_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_PIN], "bl", pin, thread_id);
    if (rc == DB_OK) {
        snprintf(detail, sizeof(detail), "thread %lld: %s", thread_id, reason);
        rc = audit_write(db, pin ? "forum_thread_pinned" : "forum_thread_unpinned", mod_id,
                         t.author_id, ip, detail);
    }
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_move(struct db *db, long long thread_id, int to_id, long long mod_id,
                            const char *ip, const char *reason)
{
    struct thread_row t;
    char detail[AUDIT_DETAIL_MAX + 1];
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = thread_row(db, thread_id, &t);
    if (rc == DB_OK)
        rc = community_lock(db, to_id);
    if (rc == DB_OK && t.community_id == to_id)
        rc = DB_CONFLICT;
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_MEMBERS_LESS], "li", thread_id, t.community_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_MEMBERS_MORE], "li", thread_id, to_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_MOVE], "il", to_id, thread_id);
    if (rc == DB_OK) {
        snprintf(detail, sizeof(detail), "thread %lld, community %d to %d: %s", thread_id,
                 t.community_id, to_id, reason);
        rc = audit_write(db, "forum_thread_moved", mod_id, t.author_id, ip, detail);
    }
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

/* The communities a thread may move to, the same for every moderator and
 * changed only by a migration or the seeding commands (no request writes
 * them), so kept in memory (core/kept) rather than read on each view of the
 * thread's moderation page. */
#define FORUM_MOVE_LIST_TTL_MS (60 * 1000)

static int load_communities(struct arena *a, void *arg, const void **value, size_t *size)
{
    struct community *v = NULL;
    size_t n = 0;
    enum db_rc rc = community_store_list(arg, a, &v, &n);

    *value = v;
    *size = n * sizeof(*v);
    return (int)rc;
}

static struct kept move_list = KEPT_INIT(load_communities, FORUM_MOVE_LIST_TTL_MS);

enum db_rc forum_store_move_choices(struct db *db, struct arena *a, const struct community **out,
                                    size_t *n)
{
    const void *v = NULL;
    size_t size = 0;
    int rc = kept_get(a, &move_list, 0, db, &v, &size);

    *out = v;
    *n = size / sizeof(**out);
    return (enum db_rc)rc;
}
