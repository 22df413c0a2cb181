/*
 * The reports' data (apprenticeships.h): the cells every chart is summed
 * from and the starts and ends by academic year come from the roster kept
 * in memory (roster_report.c, a few cells per scheme and status, however
 * many apprentices); only the apprentices behind on their off-the-job
 * hours are read, by primary key. "Behind" and "overdue" use the
 * database's clock, as the record page does.
 */
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "core/arena.h"
#include "db/jsonrows.h"

#define EXPECTED APPR_EXPECTED_SQL
#define APPROVED APPR_APPROVED_SQL

/* the rows the roster picked (the APPR_BEHIND_SHOWN most behind), in its
 * order; still behind now */
static const char sql_behind[] =
    "SELECT a.id, u.name, s.name_cy, s.name_en, " APPROVED ", " EXPECTED " FROM JSON_TABLE(?, "
    "'$[*]' COLUMNS (n FOR ORDINALITY, id BIGINT UNSIGNED PATH '$')) pg STRAIGHT_JOIN "
    "apprentices a ON a.id = pg.id JOIN appr_schemes s ON s.id = a.scheme_id JOIN users u ON "
    "u.id = a.user_id WHERE " APPR_BEHIND_SQL " ORDER BY pg.n";

enum db_rc appr_store_report(struct db *db, struct arena *a, const struct appr_report_filter *f,
                             struct appr_report *out)
{
    struct db_stmt *st = NULL;
    struct appr_behind b;
    const char *json;
    long long *ids;
    size_t cap = 0, n_ids;
    enum db_rc rc = appr_roster_report(db, a, f, out, &ids, &n_ids);

    if (rc != DB_OK || !n_ids)
        return rc;
    if (!(json = db_ids_json(a, ids, n_ids)))
        return DB_ERROR;
    rc = db_query(db, &st, sql_behind, "s", json);
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lsssll", &b.id, &b.name, &b.scheme[0], &b.scheme[1],
                             &b.approved_tenths, &b.expected_tenths)) == DB_OK)
        arena_push(a, out->behind, out->n_behind, cap, b);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
