/*
 * The off-the-job hours log's SQL (apprenticeships.h, migration 0024). The
 * apprentice's totals are counters on apprentices moved in the same
 * transaction as the entry they count, with the rows locked FOR UPDATE, so a
 * page reads them and never sums the log. Ownership is in the WHERE clauses:
 * an apprentice logs only on their own record; an entry is decided only by
 * an admin or the trainer the apprentice's record names.
 */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"

const char *const appr_categories[APPR_CATEGORIES] = {
    "taught", "online", "shadowing", "practical", "study", "event",
};

const char *const appr_entry_states[3] = { "submitted", "approved", "returned" };

enum appr_hours_sql {
    SQL_OTJ_ENTRIES,
    SQL_OTJ_COUNTS,
    SQL_OTJ_ENTRY,
    SQL_OTJ_LOCK_MINE,
    SQL_OTJ_ADD,
    SQL_OTJ_LOGGED,
    SQL_OTJ_LOCK_ENTRY,
    SQL_OTJ_DECIDE,
    SQL_OTJ_DECIDED,
    SQL_OTJ_MY_ENTRY,
    SQL_OTJ_LOCK_RETURNED,
    SQL_OTJ_KEEP,
    SQL_OTJ_RESUBMIT,
    SQL_OTJ_VERSIONS,
    SQL_OTJ__MAX,
};

#define ENTRY_COLS                                                                                 \
    "SELECT e.id, DATE_FORMAT(e.worked_on, '%Y-%m-%d'), e.activity, e.comment, "                   \
    "COALESCE(u.name, ''), e.tenths, e.category + 0 - 1, e.state + 0 - 1 "                         \
    "FROM appr_otj_entries e LEFT JOIN users u ON u.id = e.decided_by "

static const char *const sql[SQL_OTJ__MAX] = {
    /* a page of the log, of one state (0..2) or all (-1) */
    [SQL_OTJ_ENTRIES] = ENTRY_COLS "WHERE e.apprentice_id = ? AND (? < 0 OR e.state + 0 - 1 = ?) "
                                   "ORDER BY e.worked_on DESC, e.id DESC LIMIT ? OFFSET ?",
    [SQL_OTJ_COUNTS] = "SELECT COUNT(*), COALESCE(SUM(state = 'submitted'), 0), "
                       "COALESCE(SUM(state = 'approved'), 0), COALESCE(SUM(state = 'returned'), 0) "
                       "FROM appr_otj_entries WHERE apprentice_id = ?",
    [SQL_OTJ_ENTRY] = ENTRY_COLS "WHERE e.id = ? AND e.apprentice_id = ?",
    /* the newest record, as /me/apprenticeship shows it */
    [SQL_OTJ_LOCK_MINE] =
        "SELECT id, status + 0 - 1, ? > UTC_DATE(), ? < starts_on FROM apprentices "
        "WHERE user_id = ? ORDER BY starts_on DESC, id DESC LIMIT 1 FOR UPDATE",
    [SQL_OTJ_ADD] = "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, "
                    "activity) VALUES (?, ?, ?, ?, ?)",
    [SQL_OTJ_LOGGED] = "UPDATE apprentices SET otj_hours_logged = otj_hours_logged + ? / 10, "
                       "otj_pending = otj_pending + 1 WHERE id = ?",
    [SQL_OTJ_LOCK_ENTRY] =
        "SELECT e.tenths, e.state + 0 - 1, a.user_id FROM appr_otj_entries e "
        "JOIN apprentices a ON a.id = e.apprentice_id WHERE e.id = ? AND e.apprentice_id = ? "
        "AND (? = 1 OR a.trainer_id = ?) FOR UPDATE",
    [SQL_OTJ_DECIDE] = "UPDATE appr_otj_entries SET state = ?, comment = ?, decided_by = ?, "
                       "decided_at = UTC_TIMESTAMP() WHERE id = ?",
    /* approved: into the approved hours; returned: out of the logged ones */
    [SQL_OTJ_DECIDED] =
        "UPDATE apprentices SET otj_hours_approved = otj_hours_approved + ? / 10, "
        "otj_hours_logged = otj_hours_logged - ? / 10, otj_pending = otj_pending - 1 "
        "WHERE id = ? AND otj_pending > 0",
    [SQL_OTJ_MY_ENTRY] = ENTRY_COLS "JOIN apprentices a ON a.id = e.apprentice_id "
                                    "WHERE e.id = ? AND a.user_id = ?",
    [SQL_OTJ_LOCK_RETURNED] =
        "SELECT a.id, a.status + 0 - 1, ? > UTC_DATE(), ? < a.starts_on, e.state + 0 - 1 "
        "FROM appr_otj_entries e JOIN apprentices a ON a.id = e.apprentice_id "
        "WHERE e.id = ? AND a.user_id = ? FOR UPDATE",
    /* the returned version, with its comment and who returned it, kept */
    [SQL_OTJ_KEEP] = "INSERT INTO appr_otj_versions (entry_id, worked_on, tenths, category, "
                     "activity, comment, decided_by, decided_at, submitted_at) "
                     "SELECT id, worked_on, tenths, category, activity, comment, decided_by, "
                     "decided_at, COALESCE(submitted_at, created_at) FROM appr_otj_entries "
                     "WHERE id = ? AND state = 'returned'",
    [SQL_OTJ_RESUBMIT] = "UPDATE appr_otj_entries SET worked_on = ?, tenths = ?, category = ?, "
                         "activity = ?, state = 'submitted', comment = '', decided_by = NULL, "
                         "decided_at = NULL, submitted_at = UTC_TIMESTAMP() "
                         "WHERE id = ? AND state = 'returned'",
    [SQL_OTJ_VERSIONS] =
        "SELECT v.id, DATE_FORMAT(v.worked_on, '%Y-%m-%d'), v.activity, v.comment, "
        "COALESCE(u.name, ''), v.tenths, v.category + 0 - 1, 2 FROM appr_otj_versions v "
        "LEFT JOIN users u ON u.id = v.decided_by WHERE v.entry_id = ? ORDER BY v.id DESC "
        "LIMIT 20", /* APPR_VERSIONS_SHOWN; 2: each was returned */
};

static enum db_rc entry_row(struct db_stmt *st, struct arena *a, struct appr_entry *e)
{
    memset(e, 0, sizeof(*e));
    return db_row_next(st, a, "lssssiii", &e->id, &e->worked_on, &e->activity, &e->comment,
                       &e->decided_by, &e->tenths, &e->category, &e->state);
}

enum db_rc appr_store_entries(struct db *db, struct arena *a, long long id, int state,
                              size_t offset, size_t max, struct appr_entry **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_entry e;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_ENTRIES], "liill", id, state, state,
                             (long long)max, (long long)offset);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = entry_row(st, a, &e)) == DB_OK)
        arena_push(a, *out, *n, cap, e);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc appr_store_entry_counts(struct db *db, long long id, struct appr_entry_counts *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_COUNTS], "l", id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "llll", &out->all, &out->by_state[APPR_ENTRY_SUBMITTED],
                     &out->by_state[APPR_ENTRY_APPROVED], &out->by_state[APPR_ENTRY_RETURNED]);
    db_done(st);
    return rc;
}

enum db_rc appr_store_entry(struct db *db, struct arena *a, long long id, long long entry,
                            struct appr_entry *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_ENTRY], "ll", entry, id);

    if (rc != DB_OK)
        return rc;
    rc = entry_row(st, a, out);
    db_done(st);
    return rc;
}

static enum db_rc log_hours(struct db *db, long long user, const struct appr_log *in,
                            const char *ip, long long *entry, int *why)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long id = 0;
    int status = -1, future = 0, early = 0;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_OTJ_LOCK_MINE], "ssl", in->worked_on, in->worked_on, user);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "libb", &id, &status, &future, &early);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    *why = status != APPR_IN_LEARNING ? APPR_LOG_NOT_IN_LEARNING
           : future                   ? APPR_LOG_FUTURE
           : early                    ? APPR_LOG_BEFORE_START
                                      : 0;
    if (*why)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_OTJ_ADD], "lsiis", id, in->worked_on, in->tenths, in->category + 1,
                 in->activity);
    if (rc != DB_OK)
        return rc;
    *entry = (long long)db_insert_id(db);
    rc = db_exec(db, sql[SQL_OTJ_LOGGED], "il", in->tenths, id);
    snprintf(detail, sizeof(detail), "apprentice=%lld entry=%lld tenths=%d on %s", id, *entry,
             in->tenths, in->worked_on);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_hours_logged", user, user, ip, detail);
    return rc;
}

enum db_rc appr_store_log(struct db *db, long long user, const struct appr_log *in, const char *ip,
                          long long *entry, int *why)
{
    enum db_rc rc = db_begin(db);

    *entry = 0;
    *why = 0;
    if (rc == DB_OK)
        rc = log_hours(db, user, in, ip, entry, why);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}

static enum db_rc decide(struct db *db, long long id, long long entry, int approve,
                         const char *comment, long long viewer, int is_admin, const char *ip)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long subject = 0;
    int tenths = 0, state = -1;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_OTJ_LOCK_ENTRY], "llil", entry, id, is_admin ? 1 : 0, viewer);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "iil", &tenths, &state, &subject);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    if (state != APPR_ENTRY_SUBMITTED)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_OTJ_DECIDE], "ssll",
                 appr_entry_states[approve ? APPR_ENTRY_APPROVED : APPR_ENTRY_RETURNED],
                 comment ? comment : "", viewer, entry);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_OTJ_DECIDED], "iil", approve ? tenths : 0, approve ? 0 : tenths,
                     id);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_ERROR; /* the counter and the log disagree: refuse, change nothing */
    snprintf(detail, sizeof(detail), "apprentice=%lld entry=%lld tenths=%d", id, entry, tenths);
    if (rc == DB_OK)
        rc = audit_write(db, approve ? "apprentice_hours_approved" : "apprentice_hours_returned",
                         viewer, subject, ip, detail);
    return rc;
}

enum db_rc appr_store_decide(struct db *db, long long id, long long entry, int approve,
                             const char *comment, long long viewer, int is_admin, const char *ip)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = decide(db, id, entry, approve, comment, viewer, is_admin, ip);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc appr_store_my_entry(struct db *db, struct arena *a, long long user, long long entry,
                               struct appr_entry *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_MY_ENTRY], "ll", entry, user);

    if (rc != DB_OK)
        return rc;
    rc = entry_row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc appr_store_versions(struct db *db, struct arena *a, long long entry,
                               struct appr_entry **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_entry e;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_VERSIONS], "l", entry);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = entry_row(st, a, &e)) == DB_OK)
        arena_push(a, *out, *n, cap, e);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc resubmit(struct db *db, long long user, long long entry,
                           const struct appr_log *in, const char *ip, int *why)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long id = 0;
    int status = -1, future = 0, early = 0, state = -1;
    enum db_rc rc = db_query(db, &st, sql[SQL_OTJ_LOCK_RETURNED], "ssll", in->worked_on,
                             in->worked_on, entry, user);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "libbi", &id, &status, &future, &early, &state);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    *why = state != APPR_ENTRY_RETURNED ? APPR_LOG_NOT_RETURNED
           : status != APPR_IN_LEARNING ? APPR_LOG_NOT_IN_LEARNING
           : future                     ? APPR_LOG_FUTURE
           : early                      ? APPR_LOG_BEFORE_START
                                        : 0;
    if (*why)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_OTJ_KEEP], "l", entry);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_OTJ_RESUBMIT], "siisl", in->worked_on, in->tenths,
                     in->category + 1, in->activity, entry);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_ERROR;
    /* a returned entry left the logged hours; waiting again, it counts again */
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_OTJ_LOGGED], "il", in->tenths, id);
    snprintf(detail, sizeof(detail), "apprentice=%lld entry=%lld tenths=%d on %s", id, entry,
             in->tenths, in->worked_on);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_hours_resubmitted", user, user, ip, detail);
    return rc;
}

enum db_rc appr_store_resubmit(struct db *db, long long user, long long entry,
                               const struct appr_log *in, const char *ip, int *why)
{
    enum db_rc rc = db_begin(db);

    *why = 0;
    if (rc == DB_OK)
        rc = resubmit(db, user, entry, in, ip, why);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
