/*
 * Progress reviews' SQL (apprenticeships.h, migration 0024). A review and
 * the apprentice's next review date (held_on + the scheme's review_weeks) are
 * written in one transaction with the apprentice's row locked FOR UPDATE.
 * Ownership is in the WHERE clauses: a review is recorded by an admin or the
 * apprentice's trainer, and signed off only by the apprentice (the employer's
 * sign-off by e-mailed link: store_signoff.c).
 */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"

const char *const appr_ratings[APPR_RATING__N] = { "green", "amber", "red" };

enum appr_review_sql {
    SQL_REV_LIST,
    SQL_REV_LOCK,
    SQL_REV_ADD,
    SQL_REV_NEXT,
    SQL_REV_SIGN_LOCK,
    SQL_REV_SIGN,
    SQL_REV__MAX,
};

static const char *const sql[SQL_REV__MAX] = {
    [SQL_REV_LIST] = "SELECT r.id, DATE_FORMAT(r.held_on, '%Y-%m-%d'), u.name, r.notes, r.actions, "
                     "DATE_FORMAT(r.next_review_on, '%Y-%m-%d'), "
                     "DATE_FORMAT(r.apprentice_signed_at, '%Y-%m-%d'), r.rating + 0 - 1, "
                     "r.employer_state + 0 - 1, r.employer_name, DATE_FORMAT(IF(r.employer_state "
                     "= 'waiting', r.created_at, r.employer_answered_at), '%Y-%m-%d'), "
                     "r.employer_reason FROM appr_reviews r JOIN users u ON u.id = r.reviewer_id "
                     "WHERE r.apprentice_id = ? ORDER BY r.held_on DESC, r.id DESC LIMIT 50",
    [SQL_REV_LOCK] =
        "SELECT a.user_id, a.status + 0 - 1, ? > UTC_DATE(), ? < a.starts_on, s.review_weeks "
        "FROM apprentices a JOIN appr_schemes s ON s.id = a.scheme_id "
        "WHERE a.id = ? AND (? = 1 OR a.trainer_id = ?) FOR UPDATE",
    [SQL_REV_ADD] = "INSERT INTO appr_reviews (apprentice_id, held_on, reviewer_id, rating, notes, "
                    "actions, next_review_on, employer_name, employer_email) VALUES (?, ?, ?, ?, "
                    "?, ?, DATE_ADD(?, INTERVAL ? WEEK), ?, ?)",
    [SQL_REV_NEXT] = "UPDATE apprentices SET next_review_on = DATE_ADD(?, INTERVAL ? WEEK) "
                     "WHERE id = ?",
    [SQL_REV_SIGN_LOCK] = "SELECT r.apprentice_id, r.apprentice_signed_at IS NOT NULL "
                          "FROM appr_reviews r JOIN apprentices a ON a.id = r.apprentice_id "
                          "WHERE r.id = ? AND a.user_id = ? FOR UPDATE",
    [SQL_REV_SIGN] = "UPDATE appr_reviews SET apprentice_signed_at = UTC_TIMESTAMP() WHERE id = ?",
};

enum db_rc appr_store_reviews(struct db *db, struct arena *a, long long id,
                              struct appr_review **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_review v;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_REV_LIST], "l", id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lssssssiisss", &v.id, &v.held_on, &v.reviewer, &v.notes,
                             &v.actions, &v.next_on, &v.signed_on, &v.rating, &v.employer_state,
                             &v.employer_name, &v.employer_on, &v.employer_reason)) == DB_OK)
        arena_push(a, *out, *n, cap, v);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc review(struct db *db, long long id, const struct appr_review_in *in,
                         long long viewer, int is_admin, const char *ip, int *why)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long subject = 0, added = 0;
    int status = -1, future = 0, early = 0, weeks = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_REV_LOCK], "sslil", in->held_on, in->held_on, id,
                             is_admin ? 1 : 0, viewer);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "libbi", &subject, &status, &future, &early, &weeks);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    *why = status != APPR_IN_LEARNING && status != APPR_ON_BREAK ? APPR_REVIEW_FINAL
           : future                                              ? APPR_REVIEW_FUTURE
           : early                                               ? APPR_REVIEW_BEFORE_START
                                                                 : 0;
    if (*why)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_REV_ADD], "lslisssiss", id, in->held_on, viewer, in->rating + 1,
                 in->notes, in->actions, in->held_on, weeks, in->employer_name, in->employer_email);
    added = rc == DB_OK ? (long long)db_insert_id(db) : 0;
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_REV_NEXT], "sil", in->held_on, weeks, id);
    snprintf(detail, sizeof(detail), "apprentice=%lld review=%lld on %s %s", id, added, in->held_on,
             appr_ratings[in->rating]);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_reviewed", viewer, subject, ip, detail);
    if (rc == DB_OK && *in->employer_email)
        rc = appr_signoff_send(db, in->mailer, added, viewer, ip);
    return rc;
}

enum db_rc appr_store_review(struct db *db, long long id, const struct appr_review_in *in,
                             long long viewer, int is_admin, const char *ip, int *why)
{
    enum db_rc rc;

    *why = 0;
    if (in->rating < 0 || in->rating >= APPR_RATING__N)
        return DB_CONFLICT;
    rc = db_begin(db);
    if (rc == DB_OK)
        rc = review(db, id, in, viewer, is_admin, ip, why);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}

static enum db_rc sign(struct db *db, long long user, long long review_id, const char *ip)
{
    struct db_stmt *st = NULL;
    char detail[64];
    long long id = 0;
    int signed_already = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_REV_SIGN_LOCK], "ll", review_id, user);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "lb", &id, &signed_already);
    db_done(st);
    if (rc != DB_OK || signed_already)
        return rc;
    rc = db_exec(db, sql[SQL_REV_SIGN], "l", review_id);
    snprintf(detail, sizeof(detail), "apprentice=%lld review=%lld", id, review_id);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_review_signed", user, user, ip, detail);
    return rc;
}

enum db_rc appr_store_review_sign(struct db *db, long long user, long long review_id,
                                  const char *ip)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = sign(db, user, review_id, ip);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
