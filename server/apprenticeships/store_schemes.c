/*
 * The schemes' SQL (apprenticeships.h, migration 0043): the admin's form to
 * create and edit a scheme with the admins and trainers responsible, and the
 * trainer or mentor assigned to an apprentice. Each change and its audit
 * entry are one transaction; a person offered must hold the role when the
 * change is written (checked inside it).
 */
#include <stdio.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/sbuf.h"

enum scheme_sql {
    SQL_FRAMEWORKS,
    SQL_PEOPLE_IN,
    SQL_TRAINERS_FIND,
    SQL_STAFF_BY_EMAIL,
    SQL_SCHEME,
    SQL_SCHEME_STAFF,
    SQL_SCHEME_LOCK,
    SQL_SCHEME_CHECK,
    SQL_SCHEME_INSERT,
    SQL_SCHEME_UPDATE,
    SQL_STAFF_CLEAR,
    SQL_STAFF_ADD,
    SQL_APPR_LOCK_USER,
    SQL_IS_TRAINER,
    SQL_ASSIGN,
    SQL__MAX,
};

static const char *const sql[SQL__MAX] = {
    [SQL_FRAMEWORKS] = "SELECT id, name_cy, name_en, level FROM appr_frameworks ORDER BY name_en, "
                       "level LIMIT 100",
    /* one row a person: admin and trainer bits */
    /* a scheme's people by id (ids as a JSON array), not every admin and
     * trainer: the form scales with the staff (docs/apprenticeships.md) */
    [SQL_PEOPLE_IN] =
        "SELECT u.id, u.name, MAX(r.role = 'admin'), MAX(r.role = 'trainer') FROM users u "
        "JOIN user_roles r ON r.user_id = u.id WHERE r.role IN ('admin', 'trainer') "
        "AND u.id IN (SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT UNSIGNED PATH "
        "'$')) j) GROUP BY u.id, u.name ORDER BY u.name, u.id LIMIT 200",
    /* the assign form's search: the chosen trainer first, then trainers whose
     * name or e-mail address holds the text, by name ('!' escapes LIKE) */
    [SQL_TRAINERS_FIND] =
        "SELECT u.id, u.name, u.email FROM user_roles r JOIN users u ON u.id = r.user_id "
        "WHERE r.role = 'trainer' AND (u.id = ? OR (? = 1 AND (u.name LIKE ? ESCAPE '!' "
        "OR u.email LIKE ? ESCAPE '!'))) ORDER BY u.id = ? DESC, u.name, u.id LIMIT ?",
    [SQL_STAFF_BY_EMAIL] = "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id "
                           "WHERE u.email_norm = ? AND r.role IN ('admin', 'trainer') LIMIT 1",
    [SQL_SCHEME] =
        "SELECT name_cy, name_en, provider, COALESCE(subcontractor, ''), "
        "DATE_FORMAT(intake_start, '%Y-%m-%d'), DATE_FORMAT(intake_end, '%Y-%m-%d'), "
        "llwr_provider_ref, llwr_programme_type, framework_id, employer_id, review_weeks, "
        "planned_otj_hours FROM appr_schemes WHERE id = ?",
    [SQL_SCHEME_STAFF] = "SELECT user_id FROM appr_scheme_staff WHERE scheme_id = ? ORDER BY "
                         "user_id LIMIT 200",
    [SQL_SCHEME_LOCK] = "SELECT id FROM appr_schemes WHERE id = ? FOR UPDATE",
    [SQL_SCHEME_CHECK] = "SELECT (SELECT COUNT(*) FROM appr_frameworks WHERE id = ?), "
                         "(SELECT COUNT(*) FROM organisations WHERE id = ?)",
    /* the code is the scheme's stable key for the demo and the bench; a
     * scheme made here gets a random one */
    [SQL_SCHEME_INSERT] =
        "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, subcontractor, "
        "name_cy, name_en, intake_start, intake_end, review_weeks, planned_otj_hours, "
        "llwr_provider_ref, llwr_programme_type) VALUES (CONCAT('s-', REPLACE(UUID(), '-', '')), "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [SQL_SCHEME_UPDATE] =
        "UPDATE appr_schemes SET framework_id = ?, employer_id = ?, provider = ?, subcontractor = "
        "?, name_cy = ?, name_en = ?, intake_start = ?, intake_end = ?, review_weeks "
        "= ?, planned_otj_hours = ?, llwr_provider_ref = ?, llwr_programme_type = ? WHERE id = ?",
    [SQL_STAFF_CLEAR] = "DELETE FROM appr_scheme_staff WHERE scheme_id = ?",
    [SQL_STAFF_ADD] = "INSERT IGNORE INTO appr_scheme_staff (scheme_id, user_id) SELECT ?, user_id "
                      "FROM user_roles WHERE user_id = ? AND role IN ('admin', 'trainer') LIMIT 1",
    [SQL_APPR_LOCK_USER] = "SELECT user_id, COALESCE(trainer_id, 0) FROM apprentices "
                           "WHERE id = ? FOR UPDATE",
    [SQL_IS_TRAINER] = "SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'trainer'",
    [SQL_ASSIGN] = "UPDATE apprentices SET trainer_id = NULLIF(?, 0), mentor_name = ? WHERE id = ?",
};

enum db_rc appr_store_frameworks(struct db *db, struct arena *a, struct appr_framework **out,
                                 size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_framework f;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_FRAMEWORKS], "");

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lssi", &f.id, &f.name[0], &f.name[1], &f.level)) == DB_OK)
        arena_push(a, *out, *n, cap, f);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc appr_store_people_in(struct db *db, struct arena *a, const long long *ids, size_t n,
                                struct appr_person **out, size_t *np)
{
    struct db_stmt *st = NULL;
    struct appr_person p;
    struct sbuf json;
    size_t cap = 0, i;
    enum db_rc rc;

    *out = NULL;
    *np = 0;
    if (!n)
        return DB_OK;
    sbuf_init(&json, a, 24 * (n + 1));
    sbuf_addc(&json, '[');
    for (i = 0; i < n; i++)
        sbuf_addf(&json, i ? ",%lld" : "%lld", ids[i]);
    sbuf_addc(&json, ']');
    if (sbuf_failed(&json))
        return DB_ERROR;
    rc = db_query(db, &st, sql[SQL_PEOPLE_IN], "s", json.buf);
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lsbb", &p.id, &p.name, &p.is_admin, &p.is_trainer)) == DB_OK)
        arena_push(a, *out, *np, cap, p);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc appr_store_find_trainers(struct db *db, struct arena *a, const char *q, long long chosen,
                                    size_t limit, struct appr_trainer **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct appr_trainer t;
    int has_q = q && *q;
    const char *like = has_q ? db_like_contains(a, q) : "";
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINERS_FIND], "lissli", chosen, has_q, like, like,
                             chosen, (int)limit);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "lss", &t.id, &t.name, &t.email)) == DB_OK)
        arena_push(a, *out, *n, cap, t);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc appr_store_staff_by_email(struct db *db, const char *email_norm, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_STAFF_BY_EMAIL], "s", email_norm);

    *id = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    return rc;
}

enum db_rc appr_store_scheme(struct db *db, struct arena *a, long long id,
                             struct appr_scheme_in *out)
{
    struct db_stmt *st = NULL;
    long long uid;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SCHEME], "l", id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "ssssssssllii", &out->name_cy, &out->name_en, &out->provider,
                     &out->subcontractor, &out->intake_start, &out->intake_end, &out->llwr_provider,
                     &out->llwr_programme, &out->framework_id, &out->employer_id,
                     &out->review_weeks, &out->planned_otj_hours);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_SCHEME_STAFF], "l", id);
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, NULL, "l", &uid)) == DB_OK)
        arena_push(a, out->staff, out->n_staff, cap, uid);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* The framework and employer exist: 0, or the refusal. */
static enum db_rc check_refs(struct db *db, const struct appr_scheme_in *in, int *why)
{
    struct db_stmt *st = NULL;
    long long fw = 0, org = 0;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_SCHEME_CHECK], "ll", in->framework_id, in->employer_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ll", &fw, &org);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    *why = fw != 1 ? APPR_SCHEME_NO_FRAMEWORK : org != 1 ? APPR_SCHEME_NO_EMPLOYER : 0;
    return *why ? DB_CONFLICT : DB_OK;
}

static enum db_rc lock_scheme(struct db *db, long long id)
{
    struct db_stmt *st = NULL;
    long long got = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SCHEME_LOCK], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &got);
    db_done(st);
    return rc;
}

static enum db_rc save(struct db *db, const struct appr_scheme_in *in, long long actor,
                       const char *ip, long long *id, int *why)
{
    char detail[AUDIT_DETAIL_MAX + 1];
    const char *sub = *in->subcontractor ? in->subcontractor : NULL;
    int created = *id == 0;
    size_t i;
    enum db_rc rc = created ? DB_OK : lock_scheme(db, *id);

    if (rc == DB_OK)
        rc = check_refs(db, in, why);
    if (rc != DB_OK)
        return rc;
    if (created)
        rc =
            db_exec(db, sql[SQL_SCHEME_INSERT], "llssssssiiss", in->framework_id, in->employer_id,
                    in->provider, sub, in->name_cy, in->name_en, in->intake_start, in->intake_end,
                    in->review_weeks, in->planned_otj_hours, in->llwr_provider, in->llwr_programme);
    else
        rc = db_exec(db, sql[SQL_SCHEME_UPDATE], "llssssssiissl", in->framework_id, in->employer_id,
                     in->provider, sub, in->name_cy, in->name_en, in->intake_start, in->intake_end,
                     in->review_weeks, in->planned_otj_hours, in->llwr_provider, in->llwr_programme,
                     *id);
    if (rc == DB_OK && created)
        *id = (long long)db_insert_id(db);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_STAFF_CLEAR], "l", *id);
    for (i = 0; rc == DB_OK && i < in->n_staff; i++) {
        rc = db_exec(db, sql[SQL_STAFF_ADD], "ll", *id, in->staff[i]);
        if (rc == DB_OK && db_affected_rows(db) != 1) {
            *why = APPR_SCHEME_NOT_STAFF;
            rc = DB_CONFLICT;
        }
    }
    snprintf(detail, sizeof(detail), "scheme=%lld staff=%zu", *id, in->n_staff);
    if (rc == DB_OK)
        rc = audit_write(db, created ? "appr_scheme_created" : "appr_scheme_updated", actor, 0, ip,
                         detail);
    return rc;
}

enum db_rc appr_store_scheme_save(struct db *db, const struct appr_scheme_in *in, long long actor,
                                  const char *ip, long long *id, int *why)
{
    long long was = *id;
    enum db_rc rc = db_begin(db);

    *why = 0;
    if (rc == DB_OK)
        rc = save(db, in, actor, ip, id, why);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    *id = was;
    return rc;
}

static enum db_rc assign(struct db *db, long long id, long long trainer, const char *mentor,
                         long long actor, const char *ip)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    long long user = 0, before = 0, is_trainer = 1;
    enum db_rc rc = db_query(db, &st, sql[SQL_APPR_LOCK_USER], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ll", &user, &before);
    db_done(st);
    if (rc == DB_OK && trainer) {
        rc = db_query(db, &st, sql[SQL_IS_TRAINER], "l", trainer);
        if (rc == DB_OK) {
            rc = db_row_next(st, NULL, "l", &is_trainer);
            db_done(st);
        }
    }
    if (rc != DB_OK)
        return rc;
    if (is_trainer != 1)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_ASSIGN], "lsl", trainer, mentor, id);
    snprintf(detail, sizeof(detail), "apprentice=%lld trainer=%lld->%lld mentor=%s", id, before,
             trainer, *mentor ? "named" : "none");
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_trainer_assigned", actor, user, ip, detail);
    return rc;
}

enum db_rc appr_store_assign(struct db *db, long long id, long long trainer, const char *mentor,
                             long long actor, const char *ip)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = assign(db, id, trainer, mentor, actor, ip);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
