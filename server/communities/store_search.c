/*
 * store_search: the forums' search (migrations/0019_forums_more.sql). A
 * post's search_fold holds welshfold_text() of its text (with the thread's
 * title for a first post); a search matches it in boolean mode against
 * welshfold_query() and pages newest first by post id (keyset). A person's
 * recent posts are read as the same hits (their page, pages_person.c).
 */
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"

/* The posts anyone may read: not hidden or deleted, in a visible thread of
 * an open community. */
#define HIT_COLS                                                                                   \
    "SELECT p.id, p.thread_id, c.slug, c.name_cy, c.name_en, t.title, t.lang, "                    \
    "LEFT(p.body, 240), CHAR_LENGTH(p.body) > 240, u.name, p.created_at "                          \
    "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "                               \
    "JOIN communities c ON c.id = t.community_id JOIN users u ON u.id = p.author_id "              \
    "WHERE p.hidden = 0 AND p.deleted = 0 AND p.review = 0 AND t.hidden = 0 AND t.review = 0 "     \
    "AND c.archived = 0 "
#define HIT_MATCH "AND MATCH (p.search_fold) AGAINST (? IN BOOLEAN MODE) "
#define HIT_SIG   "llssssssbst"

_Static_assert(FORUM_SNIPPET == 240, "HIT_COLS cuts the snippet at FORUM_SNIPPET");
_Static_assert(FORUM_PERSON_POSTS == 10, "sql_person reads FORUM_PERSON_POSTS");

static const char *const sql_first = HIT_COLS HIT_MATCH "ORDER BY p.id DESC LIMIT 21";
static const char *const sql_before = HIT_COLS HIT_MATCH "AND p.id < ? ORDER BY p.id DESC LIMIT 21";
/* forum_posts_author is (author_id, id): the newest of one person's posts
 * without a sort, however many posts the table holds */
static const char *const sql_person = HIT_COLS "AND p.author_id = ? ORDER BY p.id DESC LIMIT 10";

/* Up to max hits of st into *out (FORUM_PAGE_SIZE of them, in a), *more = 1
 * when there was another row; st done. */
static enum db_rc hits_read(struct db_stmt *st, struct arena *a, size_t max, struct forum_hit **out,
                            size_t *n, int *more)
{
    struct forum_hit h;
    enum db_rc rc;

    for (;;) {
        memset(&h, 0, sizeof(h));
        rc = db_row_next(st, a, HIT_SIG, &h.post_id, &h.thread_id, &h.community_slug,
                         &h.community_name[LANG_CY], &h.community_name[LANG_EN], &h.thread_title,
                         &h.thread_lang, &h.snippet, &h.cut, &h.author, &h.created_at);
        if (rc != DB_OK)
            break;
        if (*n == max) {
            *more = 1;
            break;
        }
        (*out)[(*n)++] = h;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

enum db_rc forum_store_search(struct db *db, struct arena *a, const char *query, long long before,
                              struct forum_hit **out, size_t *n, int *more)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = before > 0 ? db_query(db, &st, sql_before, "sl", query, before)
                               : db_query(db, &st, sql_first, "s", query);

    *n = 0;
    *more = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    return rc == DB_OK ? hits_read(st, a, FORUM_PAGE_SIZE, out, n, more) : rc;
}

enum db_rc forum_store_person_posts(struct db *db, struct arena *a, long long id,
                                    struct forum_hit **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql_person, "l", id);
    int more = 0;

    *n = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    return rc == DB_OK ? hits_read(st, a, FORUM_PERSON_POSTS, out, n, &more) : rc;
}
