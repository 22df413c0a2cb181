/*
 * The reports' SQL (apprenticeships.h): one grouped query gives the cells
 * every chart but the yearly one is summed from (a few per scheme and
 * status, however many apprentices), one the starts and ends by academic
 * year, one the apprentices behind on their off-the-job hours. "Behind" and
 * "overdue" use the database's clock, as the record page does.
 */
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "core/arena.h"

#define EXPECTED APPR_EXPECTED_SQL
#define APPROVED APPR_APPROVED_SQL
#define BEHIND   APPR_BEHIND_SQL
#define OVERDUE  APPR_OVERDUE_SQL
#define FROM                                                                                       \
    "FROM apprentices a JOIN appr_schemes s ON s.id = a.scheme_id JOIN organisations o ON "        \
    "o.id = s.employer_id JOIN appr_frameworks f ON f.id = s.framework_id "
#define WHERE                                                                                      \
    "WHERE (? = 0 OR " APPR_YEAR_SQL(                                                              \
        "a.starts_on") " = ?) AND (? = 0 OR s.employer_id = ?) "                                   \
                       "AND (CHAR_LENGTH(?) = 0 OR s.provider = ?) AND (? = 0 OR " BEHIND ") "
#define WHERE_SIG "llllssi"

static const char sql_cells[] =
    "SELECT a.status + 0 - 1, f.id, f.name_cy, f.name_en, f.level, o.id, o.name_cy, o.name_en, "
    "s.provider, COUNT(*), SUM(" OVERDUE "), SUM(" BEHIND "), SUM(" APPROVED "), SUM(" EXPECTED
    ") " FROM WHERE "GROUP BY 1, f.id, o.id, s.provider ORDER BY f.level, f.name_en, o.name_en, "
    "s.provider LIMIT 5000";

static const char sql_years[] = "SELECT y, kind, COUNT(*) FROM (SELECT " APPR_YEAR_SQL(
    "a.starts_on") " AS y, -1 AS kind " FROM WHERE
                   "UNION ALL SELECT " APPR_YEAR_SQL(
                       "a.actual_end_on") ", a.status + 0 - 1 " FROM WHERE
                                          "AND a.status IN ('completed', 'withdrawn', "
                                          "'transferred') AND a.actual_end_on IS NOT NULL) "
                                          "t GROUP BY y, kind ORDER BY y, kind LIMIT 400";

static const char sql_behind[] =
    "SELECT a.id, u.name, s.name_cy, s.name_en, " APPROVED ", " EXPECTED " " FROM
    "JOIN users u ON u.id = a.user_id " WHERE "AND " BEHIND " ORDER BY " EXPECTED " - " APPROVED
    " DESC, u.name, a.id LIMIT 200";

#define BIND(f)                                                                                    \
    (long long)(f)->year, (long long)(f)->year, (f)->employer_id, (f)->employer_id, (f)->provider, \
        (f)->provider, (f)->behind

enum db_rc appr_store_report(struct db *db, struct arena *a, const struct appr_report_filter *f,
                             struct appr_report *out)
{
    struct db_stmt *st = NULL;
    struct appr_cell c;
    struct appr_year_cell y;
    struct appr_behind b;
    size_t cap = 0;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = db_query(db, &st, sql_cells, WHERE_SIG, BIND(f));
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "ilssilssslllll", &c.status, &c.framework_id, &c.framework[0],
                             &c.framework[1], &c.level, &c.employer_id, &c.employer[0],
                             &c.employer[1], &c.provider, &c.n, &c.overdue, &c.behind,
                             &c.approved_tenths, &c.expected_tenths)) == DB_OK)
        arena_push(a, out->cells, out->n_cells, cap, c);
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    cap = 0;
    rc = db_query(db, &st, sql_years, WHERE_SIG WHERE_SIG, BIND(f), BIND(f));
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, NULL, "iil", &y.year, &y.kind, &y.n)) == DB_OK)
        arena_push(a, out->years, out->n_years, cap, y);
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    cap = 0;
    rc = db_query(db, &st, sql_behind, WHERE_SIG, BIND(f));
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lsssll", &b.id, &b.name, &b.scheme[0], &b.scheme[1],
                             &b.approved_tenths, &b.expected_tenths)) == DB_OK)
        arena_push(a, out->behind, out->n_behind, cap, b);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
