#include "site/site.h"

enum site_sql {
    SQL_SITE_COUNT_MEMBERS,
    SQL_SITE__MAX,
};

static const char *const sql[SQL_SITE__MAX] = {
    [SQL_SITE_COUNT_MEMBERS] = "SELECT n FROM counters WHERE k = 'members'",
};

enum db_rc site_store_count_members(struct db *db, long long *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc;

    *n = 0;
    rc = db_query(db, &st, sql[SQL_SITE_COUNT_MEMBERS], "");
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", n);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
