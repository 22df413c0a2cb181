/*
 * The webinars the API lists (webinar_store_find): filtered by community,
 * language of delivery and whether they have started, a page at a time,
 * with the count of all that match.
 */
#include "core/arena.h"
#include "webinars/webinars_impl.h"

/* The filters: ? IS NULL leaves one out. */
#define FIND_WHERE                                                                                 \
    "WHERE (? IS NULL OR c.slug = ?) AND (? IS NULL OR w.language = ?) AND "                       \
    "(w.starts_at <= UTC_TIMESTAMP()) = ? "

static const char *const sql_find_upcoming =
    WEBINAR_COLUMNS FIND_WHERE "ORDER BY w.starts_at, w.id LIMIT ? OFFSET ?";
static const char *const sql_find_past =
    WEBINAR_COLUMNS FIND_WHERE "ORDER BY w.starts_at DESC, w.id DESC LIMIT ? OFFSET ?";
static const char *const sql_count = "SELECT COUNT(*) FROM webinars w LEFT JOIN communities c "
                                     "ON c.id = w.community_id " FIND_WHERE;

enum db_rc webinar_store_find(struct db *db, struct arena *a, const struct webinar_query *q,
                              struct webinar **out, size_t *n, long long *total)
{
    struct db_stmt *st = NULL;
    int past = q->past != 0;
    long long offset = (long long)(q->page - 1) * q->per_page;
    enum db_rc rc = db_query(db, &st, sql_count, "ssssi", q->community, q->community, q->language,
                             q->language, past);

    *n = 0;
    *out = NULL;
    *total = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", total);
    db_done(st);
    if (rc != DB_OK || *total <= offset)
        return rc == DB_NOT_FOUND ? DB_OK : rc;
    rc = db_query(db, &st, past ? sql_find_past : sql_find_upcoming, "ssssiil", q->community,
                  q->community, q->language, q->language, past, (int)q->per_page, offset);
    return rc == DB_OK ? webinar_read_list(st, a, (int)q->per_page, out, n) : rc;
}
