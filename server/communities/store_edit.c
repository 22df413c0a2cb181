/*
 * store_edit: one post, editing one's own with every earlier version kept,
 * and the versions for moderators (migrations/0039_forum_edits.sql).
 */
#include <stdlib.h>
#include <string.h>

#include "communities/communities.h"
#include "communities/forumgen.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "view/welshfold.h"

enum edit_sql {
    SQL_POST,
    SQL_POST_LOCK,
    SQL_FIRST_POST,
    SQL_VERSION_ADD,
    SQL_POST_EDIT,
    SQL_HISTORY,
    SQL_EDIT__MAX,
};

static const char *const sql[SQL_EDIT__MAX] = {
    [SQL_POST] = "SELECT p.id, p.thread_id, p.author_id, u.name, p.body, p.lang, p.hidden, "
                 "p.deleted, p.review, p.review_reason, p.created_at, p.edited_at "
                 "FROM forum_posts p "
                 "JOIN users u ON u.id = p.author_id WHERE p.id = ?",
    /* the author's own visible, published post, its thread's title and lock, held */
    [SQL_POST_LOCK] = "SELECT t.locked, t.title FROM forum_posts p "
                      "JOIN forum_threads t ON t.id = p.thread_id "
                      "WHERE p.id = ? AND p.author_id = ? AND p.deleted = 0 AND p.hidden = 0 "
                      "AND p.review = 0 "
                      "FOR UPDATE",
    [SQL_FIRST_POST] = "SELECT MIN(id) FROM forum_posts WHERE thread_id = "
                       "(SELECT thread_id FROM forum_posts WHERE id = ?)",
    [SQL_VERSION_ADD] = "INSERT INTO forum_post_versions (post_id, body, lang, written_at, "
                        "edited_at) SELECT id, body, lang, COALESCE(edited_at, created_at), "
                        "UTC_TIMESTAMP() FROM forum_posts WHERE id = ?",
    [SQL_POST_EDIT] = "UPDATE forum_posts SET body = ?, lang = ?, search_fold = ?, "
                      "edited_at = UTC_TIMESTAMP() WHERE id = ? AND author_id = ?",
    /* the history page: the post with its thread (kind 0), then its earlier
     * versions (kind 1, their ids to order them) */
    [SQL_HISTORY] =
        "(SELECT 0, p.id, p.thread_id, u.name, p.body, p.lang, p.deleted, p.created_at, "
        "p.edited_at, t.title, t.lang FROM forum_posts p JOIN users u ON u.id = p.author_id "
        "JOIN forum_threads t ON t.id = p.thread_id WHERE p.id = ?) "
        "UNION ALL (SELECT 1, v.id, 0, NULL, v.body, v.lang, 0, v.written_at, v.edited_at, NULL, "
        "NULL FROM forum_post_versions v WHERE v.post_id = ? ORDER BY v.id DESC "
        "LIMIT " FORUM_VERSIONS_LIMIT ")",
};

enum db_rc forum_store_post(struct db *db, struct arena *a, long long id, struct forum_post *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_POST], "l", id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lllsssbbistt", &out->id, &out->thread_id, &out->author_id,
                     &out->author, &out->body, &out->lang, &out->hidden, &out->deleted,
                     &out->review, &out->review_reason, &out->created_at, &out->edited_at);
    db_done(st);
    return rc;
}

/* The search fold of post id's new body (with the thread's title when it is
 * the thread's first post, as forum_store_new_thread folds it) into fold. */
static enum db_rc edit_fold(struct db *db, const struct welshfold *wf, long long id,
                            const char *title, const char *body, struct sbuf *fold)
{
    struct db_stmt *st = NULL;
    long long first = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_FIRST_POST], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &first);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    if (first == id) {
        welshfold_text(wf, title, strlen(title), fold);
        sbuf_addc(fold, ' ');
    }
    welshfold_text(wf, body, strlen(body), fold);
    return sbuf_failed(fold) ? DB_ERROR : DB_OK;
}

enum db_rc forum_store_edit_own(struct db *db, struct arena *a, const struct welshfold *wf,
                                long long post_id, long long user_id, const char *body,
                                const char *lang)
{
    struct db_stmt *st = NULL;
    struct sbuf fold = SBUF_INIT;
    const char *title = NULL;
    int locked = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_POST_LOCK], "ll", post_id, user_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, a, "bs", &locked, &title);
        db_done(st);
    }
    if (rc == DB_OK && locked)
        rc = DB_CONFLICT;
    if (rc == DB_OK)
        rc = edit_fold(db, wf, post_id, title, body, &fold);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_VERSION_ADD], "l", post_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_POST_EDIT], "sssll", body, lang, fold.buf, post_id, user_id);
    sbuf_release(&fold);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

/* Newest version first: by id, descending. */
static int version_cmp(const void *x, const void *y)
{
    const struct forum_version *a = x, *b = y;

    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

enum db_rc forum_store_history(struct db *db, struct arena *a, long long post_id,
                               struct forum_history *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_HISTORY], "ll", post_id, post_id);
    struct forum_post *p = &out->post;
    int found = 0;

    memset(out, 0, sizeof(*out));
    out->versions = arena_alloc(a, FORUM_VERSIONS_MAX * sizeof(*out->versions));
    if (rc != DB_OK)
        return rc;
    for (;;) {
        struct forum_version v = { .id = 0 };
        long long id = 0, thread_id = 0;
        char *author = NULL, *title = NULL, *tlang = NULL;
        int kind = 0, deleted = 0;

        rc = db_row_next(st, a, "illsssbttss", &kind, &id, &thread_id, &author, &v.body, &v.lang,
                         &deleted, &v.written_at, &v.edited_at, &title, &tlang);
        if (rc != DB_OK)
            break;
        if (kind == 0) {
            *p = (struct forum_post){ .id = id,
                                      .thread_id = thread_id,
                                      .author = author,
                                      .body = v.body,
                                      .lang = v.lang,
                                      .deleted = deleted,
                                      .created_at = v.written_at,
                                      .edited_at = v.edited_at };
            out->thread_title = title;
            out->thread_lang = tlang;
            found = 1;
        } else if (out->n_versions < FORUM_VERSIONS_MAX) {
            v.id = id;
            out->versions[out->n_versions++] = v;
        }
    }
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    qsort(out->versions, out->n_versions, sizeof(*out->versions), version_cmp);
    return found ? DB_OK : DB_NOT_FOUND;
}
