/*
 * All of the apprenticeships' SQL (apprenticeships.h). Ownership is in the
 * WHERE clauses: a record is read by an admin, or by the trainer it names.
 * Overdue compares with the database's clock (UTC_DATE()), as docs/seats.md
 * does: tests make time pass by moving stored dates back.
 */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "db/jsonrows.h"

enum appr_sql {
    SQL_APPR_LIST,
    SQL_APPR_GET,
    SQL_APPR_MINE,
    SQL_APPR_HISTORY,
    SQL_APPR_LOCK,
    SQL_APPR_SET_STATUS,
    SQL_APPR_ADD_HISTORY,
    SQL_APPR_ENROL,
    SQL_APPR_ENROLLED,
    SQL_APPR__MAX,
};

#define OVERDUE APPR_OVERDUE_SQL
#define APPR_SELECT                                                                                \
    "SELECT a.id, a.user_id, COALESCE(a.trainer_id, 0), u.name, a.uli, a.workplace_postcode, "     \
    "a.lang, a.status_reason, COALESCE(t.name, ''), DATE_FORMAT(a.starts_on, '%Y-%m-%d'), "        \
    "DATE_FORMAT(a.planned_end_on, '%Y-%m-%d'), DATE_FORMAT(a.actual_end_on, '%Y-%m-%d'), "        \
    "DATE_FORMAT(a.break_return_on, '%Y-%m-%d'), DATE_FORMAT(a.next_review_on, '%Y-%m-%d'), "      \
    "s.name_cy, s.name_en, o.name_cy, o.name_en, f.name_cy, f.name_en, s.provider, "               \
    "a.status + 0 - 1, f.level, f.min_credits, a.credits_achieved, a.weekly_hours, "               \
    "a.agreement_on_file, " OVERDUE ", s.planned_otj_hours, CAST(a.otj_hours_approved * 100 AS "   \
    "SIGNED), CAST(a.otj_weekly_target * 10 AS SIGNED), " APPR_WEEKS_SQL ", "                      \
    "CAST(a.otj_hours_logged * 100 AS SIGNED), a.otj_pending, s.review_weeks, " APPR_YEAR_SQL(     \
        "a.starts_on") ", s.llwr_provider_ref, s.llwr_programme_type, a.next_review_on <= "        \
                       "UTC_DATE() + INTERVAL 14 DAY, a.mentor_name "
/* what APPR_SELECT reads beside apprentices a */
#define APPR_JOINS                                                                                 \
    "JOIN users u ON u.id = a.user_id JOIN appr_schemes s ON s.id = a.scheme_id "                  \
    "JOIN organisations o ON o.id = s.employer_id JOIN appr_frameworks f ON f.id = "               \
    "s.framework_id "                                                                              \
    "LEFT JOIN users t ON t.id = a.trainer_id "
#define APPR_COLS APPR_SELECT "FROM apprentices a " APPR_JOINS
#define APPR_SIG  "lllssssssssssssssssssiiiiibbilllliiissbs"
static const char *const sql[SQL_APPR__MAX] = {
    /* the export's rows by primary key, in the roster's order (roster.c):
     * ids as a JSON array, any number in one statement */
    [SQL_APPR_LIST] = APPR_SELECT "FROM JSON_TABLE(?, '$[*]' COLUMNS (n FOR ORDINALITY, id "
                                  "BIGINT UNSIGNED PATH '$')) pg STRAIGHT_JOIN apprentices a ON "
                                  "a.id = pg.id " APPR_JOINS "ORDER BY pg.n",
    [SQL_APPR_GET] = APPR_COLS "WHERE a.id = ? AND (? = 1 OR a.trainer_id = ?)",
    [SQL_APPR_MINE] = APPR_COLS "WHERE a.user_id = ? ORDER BY a.starts_on DESC, a.id DESC LIMIT 1",
    [SQL_APPR_HISTORY] =
        "SELECT h.from_status, h.to_status, DATE_FORMAT(h.effective_on, '%Y-%m-%d'), h.reason, "
        "u.name FROM appr_status_history h JOIN users u ON u.id = h.actor_id "
        "WHERE h.apprentice_id = ? ORDER BY h.id LIMIT 200",
    [SQL_APPR_LOCK] = "SELECT status + 0 - 1, user_id FROM apprentices WHERE id = ? FOR UPDATE",
    [SQL_APPR_SET_STATUS] =
        "UPDATE apprentices SET status = ?, status_reason = ?, break_return_on = ?, "
        "actual_end_on = ? WHERE id = ?",
    [SQL_APPR_ADD_HISTORY] =
        "INSERT INTO appr_status_history (apprentice_id, from_status, to_status, effective_on, "
        "reason, actor_id) VALUES (?, ?, ?, ?, ?, ?)",
    /* the first review falls review_weeks after the start */
    [SQL_APPR_ENROL] =
        "INSERT INTO apprentices (user_id, scheme_id, uli, workplace_postcode, weekly_hours, "
        "starts_on, planned_end_on, lang, agreement_on_file, next_review_on, otj_weekly_target) "
        "SELECT u.id, s.id, ?, ?, ?, ?, ?, ?, ?, DATE_ADD(?, INTERVAL s.review_weeks WEEK), "
        "? / 10 FROM users u JOIN appr_schemes s ON s.id = ? WHERE u.email_norm = ?",
    [SQL_APPR_ENROLLED] = "SELECT id, user_id FROM apprentices WHERE id = LAST_INSERT_ID()",
};

enum db_rc appr_store_schemes(struct db *db, struct arena *a, struct appr_scheme **out, size_t *n)
{
    size_t total;

    /* the schemes, each with its apprentices, from the kept roster */
    return appr_roster_schemes(db, a, 0, APPR_SCHEMES_MAX, out, n, &total);
}

static enum db_rc appr_row(struct db_stmt *st, struct arena *a, struct apprentice *p)
{
    long long hundredths = 0, logged = 0;
    enum db_rc rc;

    memset(p, 0, sizeof(*p));
    rc = db_row_next(st, a, APPR_SIG, &p->id, &p->user_id, &p->trainer_id, &p->name, &p->uli,
                     &p->postcode, &p->lang, &p->reason, &p->trainer_name, &p->starts_on,
                     &p->planned_end_on, &p->actual_end_on, &p->break_return_on, &p->next_review_on,
                     &p->scheme[0], &p->scheme[1], &p->employer[0], &p->employer[1],
                     &p->framework[0], &p->framework[1], &p->provider, &p->status, &p->level,
                     &p->min_credits, &p->credits, &p->weekly_hours, &p->agreement, &p->overdue,
                     &p->planned_otj_hours, &hundredths, &p->otj_target_tenths, &p->weeks_in,
                     &logged, &p->otj_pending, &p->review_weeks, &p->year, &p->llwr_provider,
                     &p->llwr_programme, &p->due_soon, &p->mentor);
    p->otj_hours = (double)hundredths / 100.0;
    p->otj_logged = (double)logged / 100.0;
    return rc;
}

enum db_rc appr_store_list(struct db *db, struct arena *a, const struct appr_filter *f,
                           struct apprentice **out, size_t *n, long long *total,
                           struct appr_counts *c)
{
    struct db_stmt *st = NULL;
    struct apprentice p, *page;
    const char *json;
    long long *ids;
    size_t cap = 0, n_page, i;
    enum db_rc rc = appr_roster_page(db, a, f, c, &page, &n_page);

    *out = NULL;
    *n = 0;
    *total = c->total;
    if (rc != DB_OK || !n_page)
        return rc;
    ids = arena_alloc(a, n_page * sizeof(*ids));
    for (i = 0; i < n_page; i++)
        ids[i] = page[i].id;
    if (!(json = db_ids_json(a, ids, n_page)))
        return DB_ERROR;
    rc = db_query(db, &st, sql[SQL_APPR_LIST], "s", json);
    if (rc != DB_OK)
        return rc;
    while ((rc = appr_row(st, a, &p)) == DB_OK)
        arena_push(a, *out, *n, cap, p);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc one(struct db *db, struct arena *a, enum db_rc rc, struct db_stmt *st,
                      struct apprentice *out)
{
    (void)db;
    if (rc != DB_OK)
        return rc;
    rc = appr_row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc appr_store_get(struct db *db, struct arena *a, long long id, long long viewer,
                          int is_admin, struct apprentice *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_APPR_GET], "lil", id, is_admin ? 1 : 0, viewer);

    return one(db, a, rc, st, out);
}

enum db_rc appr_store_mine(struct db *db, struct arena *a, long long user_id,
                           struct apprentice *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_APPR_MINE], "l", user_id);

    return one(db, a, rc, st, out);
}

enum db_rc appr_store_history(struct db *db, struct arena *a, long long id,
                              struct appr_history **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_history h;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_APPR_HISTORY], "l", id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "sssss", &h.from, &h.to, &h.on, &h.reason, &h.actor)) == DB_OK)
        arena_push(a, *out, *n, cap, h);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* Inside the transaction: lock, check, change, record. */
static enum db_rc transition(struct db *db, long long id, int to, const char *on,
                             const char *return_on, const char *reason, long long actor,
                             const char *ip)
{
    const char *code = appr_status_codes[to];
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long subject = 0;
    int from = -1;
    enum db_rc rc = db_query(db, &st, sql[SQL_APPR_LOCK], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "il", &from, &subject);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    if (from < 0 || from >= APPR_STATUS__N || !appr_transition_allowed(from, to))
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_APPR_SET_STATUS], "ssssl", code, reason,
                 to == APPR_ON_BREAK ? return_on : NULL,
                 to == APPR_IN_LEARNING || to == APPR_ON_BREAK ? NULL : on, id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_APPR_ADD_HISTORY], "lssssl", id, appr_status_codes[from], code, on,
                     reason, actor);
    snprintf(detail, sizeof(detail), "apprentice=%lld %s->%s on %s", id, appr_status_codes[from],
             code, on);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_status", actor, subject, ip, detail);
    return rc;
}

enum db_rc appr_store_transition(struct db *db, long long id, int to, const char *on,
                                 const char *return_on, const char *reason, long long actor,
                                 const char *ip)
{
    enum db_rc rc;

    if (to < 0 || to >= APPR_STATUS__N)
        return DB_CONFLICT;
    rc = db_begin(db);
    if (rc == DB_OK)
        rc = transition(db, id, to, on, return_on, reason, actor, ip);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}

static enum db_rc enrol(struct db *db, const struct appr_enrol *in, long long actor, const char *ip,
                        long long *id)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long user = 0;
    enum db_rc rc =
        db_exec(db, sql[SQL_APPR_ENROL], "ssisssbsils", in->uli, in->postcode, in->weekly_hours,
                in->starts_on, in->planned_end_on, in->lang, in->agreement, in->starts_on,
                in->otj_tenths, in->scheme_id, in->email_norm);

    if (rc != DB_OK)
        return rc;
    if (db_affected_rows(db) != 1)
        return DB_NOT_FOUND;
    rc = db_query(db, &st, sql[SQL_APPR_ENROLLED], "");
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ll", id, &user);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    snprintf(detail, sizeof(detail), "apprentice=%lld scheme=%lld", *id, in->scheme_id);
    return audit_write(db, "apprentice_enrolled", actor, user, ip, detail);
}

enum db_rc appr_store_enrol(struct db *db, const struct appr_enrol *in, long long actor,
                            const char *ip, long long *id)
{
    enum db_rc rc = db_begin(db);

    *id = 0;
    if (rc == DB_OK)
        rc = enrol(db, in, actor, ip, id);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
