/*
 * store_refold: the search fold of posts written before migration 0019
 * (forum_posts.search_fold NULL or empty) written at last, a batch at a
 * time by primary key (`dysgu refold-posts`, cli.c). Deleted posts (whose
 * fold is emptied on purpose) and posts waiting for review or rejected are
 * left alone; a post edited meanwhile keeps the fold its edit wrote.
 */
#include <string.h>

#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"

enum refold_sql {
    SQL_BATCH,
    SQL_SET,
    SQL_REFOLD__MAX,
};

#define UNFOLDED "(p.search_fold IS NULL OR p.search_fold = '') AND p.deleted = 0 AND p.review = 0"

static const char *const sql[SQL_REFOLD__MAX] = {
    [SQL_BATCH] = "SELECT p.id, p.body, IF(p.id = (SELECT MIN(f.id) FROM forum_posts f "
                  "WHERE f.thread_id = p.thread_id), t.title, NULL) "
                  "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
                  "WHERE p.id > ? AND " UNFOLDED " ORDER BY p.id LIMIT ?",
    [SQL_SET] = "UPDATE forum_posts p SET p.search_fold = ? WHERE p.id = ? AND " UNFOLDED,
};

struct unfolded {
    long long id;
    const char *body, *title;
};

enum db_rc forum_store_refold(struct db *db, const struct welshfold *wf, long long after,
                              long long *last, size_t *n)
{
    struct unfolded v[FORUM_REFOLD_BATCH];
    struct db_stmt *st = NULL;
    struct arena a;
    size_t got = 0, i;
    enum db_rc rc;

    *n = 0;
    *last = after;
    arena_init(&a, 0);
    rc = db_query(db, &st, sql[SQL_BATCH], "li", after, FORUM_REFOLD_BATCH);
    while (rc == DB_OK && got < FORUM_REFOLD_BATCH &&
           (rc = db_row_next(st, &a, "lss", &v[got].id, &v[got].body, &v[got].title)) == DB_OK)
        got++;
    if (st)
        db_done(st);
    if (rc == DB_NOT_FOUND || rc == DB_OK)
        rc = got ? db_begin(db) : DB_OK;
    for (i = 0; rc == DB_OK && i < got; i++) {
        struct sbuf fold = SBUF_INIT;

        forum_fold(wf, v[i].title, v[i].body, &fold);
        rc = sbuf_failed(&fold)
                 ? DB_ERROR
                 : db_exec(db, sql[SQL_SET], "sl", fold.len ? fold.buf : "", v[i].id);
        *n += rc == DB_OK && db_affected_rows(db) == 1;
        sbuf_release(&fold);
    }
    if (got && rc == DB_OK)
        rc = db_commit(db);
    else if (got && db_in_transaction(db))
        db_rollback(db);
    if (rc == DB_OK && got)
        *last = v[got - 1].id;
    arena_release(&a);
    return rc == DB_OK && !got ? DB_NOT_FOUND : rc;
}
