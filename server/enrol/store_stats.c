/*
 * The admin's counts of enrolments (enrol.h): by status and by organisation
 * (a course's cohorts are trainer_course_cohorts). Reports on the enrolments
 * table live with its owner, so the status vocabulary is spelled in this
 * folder alone.
 */
#include <string.h>

#include "core/arena.h"
#include "enrol/enrol.h"

/* One column a status, in enum enrol_status order from ENROL_ENROLLED. */
#define BY_STATUS(e)                                                                               \
    "SUM(" e "status = 'enrolled'), SUM(" e "status = 'waitlisted'), "                             \
    "SUM(" e "status = 'completed'), SUM(" e "status = 'cancelled'), "                             \
    "SUM(" e "status = 'offered')"
#define BY_STATUS_SIG "lllll"

/* Two texts of each statement that shows names: Welsh and English columns
 * (statements are cached by their text's pointer). */
#define BY_ORG(t)                                                                                  \
    "SELECT COALESCE(u.org_id, 0), o.name_" t ", " BY_STATUS(                                      \
        "e.") " FROM enrolments e "                                                                \
              "JOIN users u ON u.id = e.user_id LEFT JOIN organisations o ON o.id = u.org_id "     \
              "WHERE (? = 0 OR e.course_id = ?) GROUP BY u.org_id ORDER BY 3 DESC, 5 DESC, 2"

/* Every course's: from the counts kept by organisation and status (migration
 * 0049), the same rows in the same order as BY_ORG without grouping every
 * enrolment. */
#define BY_ORG_ALL(t)                                                                              \
    "SELECT c.org_id, o.name_" t ", " BY_STATUS_N " FROM enrol_org_counts c "                      \
    "LEFT JOIN organisations o ON o.id = c.org_id GROUP BY c.org_id HAVING SUM(c.n) > 0 "          \
    "ORDER BY 3 DESC, 5 DESC, 2"
#define BY_STATUS_N                                                                                \
    "SUM(IF(c.status = 'enrolled', c.n, 0)), SUM(IF(c.status = 'waitlisted', c.n, 0)), "           \
    "SUM(IF(c.status = 'completed', c.n, 0)), SUM(IF(c.status = 'cancelled', c.n, 0)), "           \
    "SUM(IF(c.status = 'offered', c.n, 0))"

static const char *const sql_by_org[LANG__COUNT] = { BY_ORG("cy"), BY_ORG("en") };
static const char *const sql_by_org_all[LANG__COUNT] = { BY_ORG_ALL("cy"), BY_ORG_ALL("en") };
static const char sql_counts[] = "SELECT " BY_STATUS("") " FROM enrolments WHERE course_id = ?";

/* The BY_STATUS columns of a fetched row into c. */
#define COUNT_FIELDS(c)                                                                            \
    &(c)->n[ENROL_ENROLLED], &(c)->n[ENROL_WAITLISTED], &(c)->n[ENROL_COMPLETED],                  \
        &(c)->n[ENROL_CANCELLED], &(c)->n[ENROL_OFFERED]

enum db_rc enrol_store_counts(struct db *db, long long course_id, struct enrol_counts *c)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql_counts, "l", course_id);

    memset(c, 0, sizeof(*c));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, BY_STATUS_SIG, COUNT_FIELDS(c));
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc enrol_store_by_org(struct db *db, struct arena *a, enum lang l, long long course_id,
                              struct enrol_org_row **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct enrol_org_row row;
    size_t cap = 0;
    enum db_rc rc = course_id ? db_query(db, &st, sql_by_org[l], "ll", course_id, course_id)
                              : db_query(db, &st, sql_by_org_all[l], "");

    *n = 0;
    *out = NULL;
    if (rc != DB_OK)
        return rc;
    memset(&row, 0, sizeof(row));
    while ((rc = db_row_next(st, a, "ls" BY_STATUS_SIG, &row.org_id, &row.name,
                             COUNT_FIELDS(&row.n))) == DB_OK)
        arena_push(a, *out, *n, cap, row);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}
