/*
 * store_search: the forums' search (migrations/0019_forums_more.sql). A
 * post's search_fold holds welshfold_text() of its text (with the thread's
 * title for a first post); a search matches it against welshfold_query()
 * and pages newest first by post id (keyset). A person's recent posts are
 * read as the same hits (their page, pages_person.c).
 *
 * A page is read in two steps (docs/communities.md "Search"): the newest
 * FORUM_SEARCH_WINDOW posts below the cursor (their lowest id read from an
 * index first: ids have gaps) are scanned backwards by primary key with search_fold REGEXP (the
 * same words, as a pattern), which stops at the page's 21st hit, so a common word costs a few
 * hundred rows; only when that window holds fewer than 21 hits is the FULLTEXT index asked (MATCH
 * ... AGAINST, boolean mode) for the older ones, which is cheap exactly then, as InnoDB's cost is
 * the number of posts a word matches. Each step runs under `SET STATEMENT max_statement_time`
 * (DB_TIMEOUT past it).
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"
#include "core/sbuf.h"

/* The posts anyone may read: not hidden or deleted, in a visible thread of
 * an open community. */
#define HIT_COLS                                                                                   \
    "SELECT p.id, p.thread_id, c.slug, c.name_cy, c.name_en, t.title, t.lang, "                    \
    "LEFT(p.body, 240), CHAR_LENGTH(p.body) > 240, u.name, p.created_at "                          \
    "FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "                               \
    "JOIN communities c ON c.id = t.community_id JOIN users u ON u.id = p.author_id "              \
    "WHERE p.hidden = 0 AND p.deleted = 0 AND p.review = 0 AND t.hidden = 0 AND t.review = 0 "     \
    "AND c.archived = 0 "
/* the window: ids in [?, ?) newest first, by the primary key */
/* one community's posts, or (0) every community's */
#define HIT_IN "AND (? = 0 OR t.community_id = ?) "
#define HIT_SCAN                                                                                   \
    HIT_IN "AND p.id >= ? AND p.id < ? AND p.search_fold REGEXP ? ORDER BY p.id DESC LIMIT 21"
#define HIT_FTS                                                                                    \
    HIT_IN "AND MATCH (p.search_fold) AGAINST (? IN BOOLEAN MODE) AND p.id < ? "                   \
           "ORDER BY p.id DESC LIMIT 21"
#define HIT_SIG "llssssssbst"

_Static_assert(FORUM_SNIPPET == 240, "HIT_COLS cuts the snippet at FORUM_SNIPPET");
_Static_assert(FORUM_PERSON_POSTS == 10, "sql_person reads FORUM_PERSON_POSTS");
_Static_assert(FORUM_PAGE_SIZE == 20, "HIT_SCAN and HIT_FTS read FORUM_PAGE_SIZE + 1 rows");

/* the window: the lowest id of the newest FORUM_SEARCH_WINDOW posts below the
 * cursor (ids have gaps), by the primary key; no row when there are fewer.
 * Not by (review, id), nor COUNT and MIN over a derived table: MariaDB 10.11
 * re-executes those prepared with a plan that walks down from the newest
 * post, so a page far back cost 250 ms from the second time on. */
#define HIT_WINDOW                                                                                 \
    "SELECT id FROM forum_posts FORCE INDEX (PRIMARY) WHERE id < ? "                               \
    "ORDER BY id DESC LIMIT 1 OFFSET 4999"
_Static_assert(FORUM_SEARCH_WINDOW == 5000, "HIT_WINDOW's OFFSET is FORUM_SEARCH_WINDOW - 1");
/* forum_posts_author is (author_id, id): the newest of one person's posts
 * without a sort, however many posts the table holds */
static const char *const sql_person = HIT_COLS "AND p.author_id = ? ORDER BY p.id DESC LIMIT 10";

#define TIMED_MAX 1024

/* The search's statements under the time limit (even the window's may wait
 * on a table lock), written once, as the db's statement cache keys them by
 * pointer and their text must never change: the limit of the first call
 * holds for the process. */
struct timed_sql {
    char window[TIMED_MAX], scan[TIMED_MAX], fts[TIMED_MAX];
};

static const struct timed_sql *timed_sql(int limit_ms)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static struct timed_sql sql;
    static int built;
    char pre[80];

    pthread_mutex_lock(&lock);
    if (!built) {
        if (limit_ms < 1)
            limit_ms = 1;
        snprintf(pre, sizeof(pre), "SET STATEMENT max_statement_time=%d.%03d FOR ", limit_ms / 1000,
                 limit_ms % 1000);
        snprintf(sql.window, sizeof(sql.window), "%s%s", pre, HIT_WINDOW);
        snprintf(sql.scan, sizeof(sql.scan), "%s%s%s", pre, HIT_COLS, HIT_SCAN);
        snprintf(sql.fts, sizeof(sql.fts), "%s%s%s", pre, HIT_COLS, HIT_FTS);
        built = 1;
    }
    pthread_mutex_unlock(&lock);
    return &sql;
}

/*
 * The pattern that matches a search_fold as query (welshfold_query(): words
 * "+(t1* t2*)", each term letters and digits) matches it in MATCH: every
 * word has a term that begins one of the fold's space-separated terms.
 * "+(ddylunio* dylunio*) +(ffurf*)" is
 * "^(?=.*?(?:^| )(?:ddylunio|dylunio))(?=.*?(?:^| )(?:ffurf))".
 * NULL (in a) for anything else: the caller then asks the index alone.
 */
static const char *query_pattern(struct arena *a, const char *q)
{
    struct sbuf re;
    int in_word = 0;

    sbuf_init(&re, a, 256);
    sbuf_adds(&re, "^");
    for (; *q; q++) {
        unsigned char ch = (unsigned char)*q;

        if (!in_word && ch == '+' && q[1] == '(') {
            sbuf_adds(&re, "(?=.*?(?:^| )(?:");
            in_word = 1;
            q++;
        } else if (in_word && ch == ')') {
            sbuf_adds(&re, "))");
            in_word = 0;
        } else if (in_word && ch == '*') {
            continue;
        } else if (in_word && ch == ' ') {
            sbuf_adds(&re, "|");
        } else if (in_word && (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                               (ch >= '0' && ch <= '9'))) {
            sbuf_addc(&re, (char)ch);
        } else if (in_word || ch != ' ') {
            return NULL;
        }
    }
    return in_word || re.len < 2 || sbuf_failed(&re) ? NULL : re.buf;
}

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

/* The lowest id of the FORUM_SEARCH_WINDOW newest posts below before into
 * *from, 0 when there are no more than that (the window is all of them). */
static enum db_rc window_from(struct db *db, const char *sql, long long before, long long *from)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql, "l", before);

    *from = 0;
    if (rc == DB_OK)
        rc = db_row_next(st, NULL, "l", from);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc forum_store_search(struct db *db, struct arena *a, const char *query, int community,
                              long long before, int limit_ms, struct forum_hit **out, size_t *n,
                              int *more)
{
    struct db_stmt *st = NULL;
    const struct timed_sql *sql = timed_sql(limit_ms);
    const char *re = query_pattern(a, query);
    long long from = 0;
    enum db_rc rc = DB_OK;

    *n = 0;
    *more = 0;
    *out = arena_alloc(a, FORUM_PAGE_SIZE * sizeof(**out));
    if (before <= 0)
        before = LLONG_MAX;
    /* the newest posts by the primary key, up to the page's 21st hit */
    if (re) {
        rc = window_from(db, sql->window, before, &from);
        if (rc == DB_OK)
            rc = db_query(db, &st, sql->scan, "iills", community, community, from, before, re);
        if (rc == DB_OK)
            rc = hits_read(st, a, FORUM_PAGE_SIZE, out, n, more);
        if (rc != DB_OK || *more || from == 0)
            return rc;
    }
    /* older ones from the index, below the window (or the cursor, when the
     * query has no pattern) */
    rc = db_query(db, &st, sql->fts, "iisl", community, community, query, re ? from : before);
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
