/*
 * Units and credits' SQL (apprenticeships.h, migration 0040). A unit and the
 * apprentice's credits_achieved counter are written in one transaction with
 * the apprentice's row locked FOR UPDATE; no page sums credits for the
 * total. Ownership is in the WHERE clauses: a unit is recorded by an admin or
 * the apprentice's trainer, and only against a qualification of the
 * apprentice's own framework.
 */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"

const char *const appr_kinds[APPR_KINDS] = { "competency", "knowledge", "esw" };

enum appr_units_sql {
    SQL_UNIT_QUALS,
    SQL_UNIT_LIST,
    SQL_UNIT_LOCK,
    SQL_UNIT_QUAL_OK,
    SQL_UNIT_ADD,
    SQL_UNIT_COUNT,
    SQL_UNIT__MAX,
};

static const char *const sql[SQL_UNIT__MAX] = {
    /* per qualification: the units of one apprentice (a few dozen rows at
     * most, on the appr_units_apprentice index); the total is the counter */
    [SQL_UNIT_QUALS] =
        "SELECT q.id, q.name_cy, q.name_en, COALESCE(q.kind + 0, 0) - 1, q.level, "
        "COALESCE(q.credits, -1), (SELECT COALESCE(SUM(u.credits), 0) FROM appr_units_achieved u "
        "WHERE u.apprentice_id = a.id AND u.qualification_id = q.id) "
        "FROM apprentices a JOIN appr_schemes s ON s.id = a.scheme_id "
        "JOIN appr_qualifications q ON q.framework_id = s.framework_id "
        "WHERE a.id = ? ORDER BY q.position, q.id LIMIT 20", /* APPR_QUALS_MAX */
    [SQL_UNIT_LIST] = "SELECT u.id, COALESCE(u.qualification_id, 0), u.title, "
                      "DATE_FORMAT(u.achieved_on, '%Y-%m-%d'), r.name, COALESCE(q.name_cy, ''), "
                      "COALESCE(q.name_en, ''), u.credits FROM appr_units_achieved u "
                      "JOIN users r ON r.id = u.recorded_by "
                      "LEFT JOIN appr_qualifications q ON q.id = u.qualification_id "
                      "WHERE u.apprentice_id = ? ORDER BY u.achieved_on DESC, u.id DESC LIMIT 200",
    [SQL_UNIT_LOCK] = "SELECT a.user_id, a.status + 0 - 1, ? > UTC_DATE(), ? < a.starts_on "
                      "FROM apprentices a WHERE a.id = ? AND (? = 1 OR a.trainer_id = ?) "
                      "FOR UPDATE",
    [SQL_UNIT_QUAL_OK] = "SELECT q.id FROM appr_qualifications q "
                         "JOIN appr_schemes s ON s.framework_id = q.framework_id "
                         "JOIN apprentices a ON a.scheme_id = s.id WHERE q.id = ? AND a.id = ?",
    [SQL_UNIT_ADD] = "INSERT INTO appr_units_achieved (apprentice_id, qualification_id, title, "
                     "credits, achieved_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
    [SQL_UNIT_COUNT] = "UPDATE apprentices SET credits_achieved = credits_achieved + ? "
                       "WHERE id = ?",
};

enum db_rc appr_store_quals(struct db *db, struct arena *a, long long id, struct appr_qual **out,
                            size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_qual q;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_UNIT_QUALS], "l", id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lssiiii", &q.id, &q.name[0], &q.name[1], &q.kind, &q.level,
                             &q.credits, &q.achieved)) == DB_OK)
        arena_push(a, *out, *n, cap, q);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc appr_store_units(struct db *db, struct arena *a, long long id, struct appr_unit **out,
                            size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_unit u;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_UNIT_LIST], "l", id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "llsssssi", &u.id, &u.qual_id, &u.title, &u.achieved_on,
                             &u.recorded_by, &u.qual[0], &u.qual[1], &u.credits)) == DB_OK)
        arena_push(a, *out, *n, cap, u);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* The qualification, when one is given, is one of apprentice id's framework. */
static enum db_rc qual_ok(struct db *db, long long id, long long qual_id)
{
    struct db_stmt *st = NULL;
    long long found = 0;
    enum db_rc rc;

    if (!qual_id)
        return DB_OK;
    rc = db_query(db, &st, sql[SQL_UNIT_QUAL_OK], "ll", qual_id, id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &found);
    db_done(st);
    return rc;
}

static enum db_rc unit(struct db *db, long long id, const struct appr_unit_in *in, long long viewer,
                       const char *ip, long long subject, int *why)
{
    char detail[AUDIT_DETAIL_MAX + 1];
    long long added;
    enum db_rc rc = qual_ok(db, id, in->qual_id);

    if (rc == DB_NOT_FOUND) {
        *why = APPR_UNIT_NO_QUAL;
        return DB_CONFLICT;
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UNIT_ADD], "lnlsisl", id, in->qual_id ? &in->qual_id : NULL,
                     in->title, in->credits, in->achieved_on, viewer);
    added = rc == DB_OK ? (long long)db_insert_id(db) : 0;
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UNIT_COUNT], "il", in->credits, id);
    snprintf(detail, sizeof(detail), "apprentice=%lld unit=%lld credits=%d on %s", id, added,
             in->credits, in->achieved_on);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_unit_recorded", viewer, subject, ip, detail);
    return rc;
}

static enum db_rc lock_and_add(struct db *db, long long id, const struct appr_unit_in *in,
                               long long viewer, int is_admin, const char *ip, int *why)
{
    struct db_stmt *st = NULL;
    long long subject = 0;
    int status = -1, future = 0, early = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_UNIT_LOCK], "sslil", in->achieved_on, in->achieved_on,
                             id, is_admin ? 1 : 0, viewer);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "libb", &subject, &status, &future, &early);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    *why = status != APPR_IN_LEARNING && status != APPR_ON_BREAK ? APPR_UNIT_FINAL
           : future                                              ? APPR_UNIT_FUTURE
           : early                                               ? APPR_UNIT_BEFORE_START
                                                                 : 0;
    if (*why)
        return DB_CONFLICT;
    return unit(db, id, in, viewer, ip, subject, why);
}

enum db_rc appr_store_unit(struct db *db, long long id, const struct appr_unit_in *in,
                           long long viewer, int is_admin, const char *ip, int *why)
{
    enum db_rc rc;

    *why = 0;
    if (in->credits < 1 || in->credits > APPR_UNIT_CREDITS)
        return DB_CONFLICT;
    rc = db_begin(db);
    if (rc == DB_OK)
        rc = lock_and_add(db, id, in, viewer, is_admin, ip, why);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
