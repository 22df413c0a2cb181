#include "admin/admin.h"
#include "admin/courses.h"
#include "core/arena.h"

/* Two texts of the list: in Welsh and English order (statements are cached
 * by their text's pointer). '!' escapes LIKE wildcards (db_like_contains). */
#define LIST_WHERE                                                                                 \
    " FROM courses c WHERE (? = 0 OR c.title_cy LIKE ? ESCAPE '!' OR c.title_en LIKE ? "           \
    "ESCAPE '!' OR c.slug = ?) AND (? < 0 OR c.published = ?)"
#define LIST(k) "SELECT " COURSE_COLUMNS LIST_WHERE " ORDER BY c.sort_" k ", c.id LIMIT ? OFFSET ?"

static const char *const sql_list[LANG__COUNT] = { LIST("cy"), LIST("en") };
static const char sql_count[] = "SELECT COUNT(*)" LIST_WHERE;

enum db_rc admin_courses_list(struct db *db, struct arena *a, enum lang l, const char *q,
                              int published, long page, struct course **out, size_t *n,
                              long long *total)
{
    const char *like = db_like_contains(a, q);
    int has_q = *q != '\0';
    struct db_stmt *st = NULL;
    struct course *v;
    size_t cap = ADMIN_PAGE_SIZE;
    enum db_rc rc;

    *n = 0;
    *total = 0;
    *out = v = arena_calloc(a, cap * sizeof(*v));
    rc = db_query(db, &st, sql_count, "isssii", has_q, like, like, q, published, published);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", total);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql_list[l], "isssiiil", has_q, like, like, q, published, published,
                  ADMIN_PAGE_SIZE, (long long)(page - 1) * ADMIN_PAGE_SIZE);
    if (rc != DB_OK)
        return rc;
    while (*n < cap && (rc = db_row_next(st, a, COURSE_SIG, COURSE_FIELDS(&v[*n]))) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
