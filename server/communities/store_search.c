/*
 * store_search: the forums' search (migrations/0019_forums_more.sql). A
 * post's search_fold holds welshfold_text() of its text (with the thread's
 * title for a first post); a search matches it in boolean mode against
 * welshfold_query() and pages newest first by post id (keyset).
 */
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"

#define HIT_COLS                                                                                   \
    "SELECT p.id, p.thread_id, c.slug, c.name_cy, c.name_en, t.title, t.lang, "                    \
    "LEFT(p.body, 240), CHAR_LENGTH(p.body) > 240, u.name, p.created_at "                          \
    "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "                               \
    "JOIN communities c ON c.id = t.community_id JOIN users u ON u.id = p.author_id "              \
    "WHERE MATCH (p.search_fold) AGAINST (? IN BOOLEAN MODE) AND p.hidden = 0 AND p.deleted = 0 "  \
    "AND p.review = 0 AND t.hidden = 0 AND t.review = 0 AND c.archived = 0 "
#define HIT_SIG "llssssssbst"

_Static_assert(FORUM_SNIPPET == 240, "HIT_COLS cuts the snippet at FORUM_SNIPPET");

static const char *const sql_first = HIT_COLS "ORDER BY p.id DESC LIMIT 21";
static const char *const sql_before = HIT_COLS "AND p.id < ? ORDER BY p.id DESC LIMIT 21";

enum db_rc forum_store_search(struct db *db, struct arena *a, const char *query, long long before,
                              struct forum_hit **out, size_t *n, int *more)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = before > 0 ? db_query(db, &st, sql_before, "sl", query, before)
                               : db_query(db, &st, sql_first, "s", query);
    struct forum_hit h;

    *n = 0;
    *more = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    for (;;) {
        memset(&h, 0, sizeof(h));
        rc = db_row_next(st, a, HIT_SIG, &h.post_id, &h.thread_id, &h.community_slug,
                         &h.community_name[LANG_CY], &h.community_name[LANG_EN], &h.thread_title,
                         &h.thread_lang, &h.snippet, &h.cut, &h.author, &h.created_at);
        if (rc != DB_OK)
            break;
        if (*n == FORUM_PAGE_SIZE) {
            *more = 1;
            break;
        }
        (*out)[(*n)++] = h;
    }
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}
