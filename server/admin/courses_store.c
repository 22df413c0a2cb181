#include "admin/admin.h"
#include "admin/courses.h"
#include "core/arena.h"

/* Two texts of the list: in Welsh and English order (statements are cached
 * by their text's pointer). The search is the catalogue's: the folded query
 * against courses.search_fold (migration 0017), or the slug exactly. */
#define LIST_WHERE                                                                                 \
    " FROM courses c WHERE (? = 0 OR MATCH (c.search_fold) AGAINST (? IN BOOLEAN MODE) "           \
    "OR c.slug = ?) AND (? < 0 OR c.published = ?)"
/* The page with its total as a column, so both come in one round trip:
 * without a search the courses published, not, or both from the counters of
 * migration 0049 (published -1, 0, 1), not a count of the table; with one,
 * the matches counted as they are read (a search matches few). */
#define KEPT_TOTAL                                                                                 \
    "(SELECT COALESCE(SUM(n), 0) FROM counters WHERE (k = 'courses_published' AND ? <> 0) OR "     \
    "(k = 'courses_unpublished' AND ? <> 1))"
#define LIST(total, k)                                                                             \
    "SELECT " COURSE_COLUMNS ", " total LIST_WHERE " ORDER BY c.sort_" k ", c.id LIMIT ? OFFSET ?"

static const char *const sql_list[2][LANG__COUNT] = {
    { LIST(KEPT_TOTAL, "cy"), LIST(KEPT_TOTAL, "en") },
    { LIST("COUNT(*) OVER ()", "cy"), LIST("COUNT(*) OVER ()", "en") },
};
/* The total alone, for a page past the end (no rows to carry it). */
static const char sql_count[] = "SELECT COUNT(*)" LIST_WHERE;
static const char sql_kept[] = "SELECT " KEPT_TOTAL;

enum db_rc admin_courses_list(struct db *db, struct arena *a, enum lang l, const char *q,
                              const char *ft, int published, long page, struct course **out,
                              size_t *n, long long *total)
{
    const char *match = ft ? ft : ""; /* AGAINST ('') matches nothing */
    int has_q = *q != '\0';
    struct db_stmt *st = NULL;
    struct course *v;
    size_t cap = ADMIN_PAGE_SIZE;
    enum db_rc rc;

    *n = 0;
    *total = 0;
    *out = v = arena_calloc(a, cap * sizeof(*v));
    if (has_q)
        rc = db_query(db, &st, sql_list[1][l], "issiiil", has_q, match, q, published, published,
                      ADMIN_PAGE_SIZE, (long long)(page - 1) * ADMIN_PAGE_SIZE);
    else
        rc = db_query(db, &st, sql_list[0][l], "iiissiiil", published, published, has_q, match, q,
                      published, published, ADMIN_PAGE_SIZE,
                      (long long)(page - 1) * ADMIN_PAGE_SIZE);
    if (rc != DB_OK)
        return rc;
    while (*n < cap &&
           (rc = db_row_next(st, a, COURSE_SIG "l", COURSE_FIELDS(&v[*n]), total)) == DB_OK)
        (*n)++;
    db_done(st);
    if (rc != DB_NOT_FOUND && rc != DB_OK)
        return rc;
    if (*n)
        return DB_OK;
    rc = has_q ? db_query(db, &st, sql_count, "issii", has_q, match, q, published, published)
               : db_query(db, &st, sql_kept, "ii", published, published);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", total);
    db_done(st);
    return rc;
}
