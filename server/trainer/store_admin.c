/*
 * trainer store, the admin's side: making a cohort (the row is enrol/'s,
 * made through enrol_store_cohort_create; the name is this folder's column),
 * its trainers, and its sessions (added, edited, cancelled). Every statement
 * on a session names its cohort, so a session of another cohort is never
 * touched; the handler has already found the cohort for the reader
 * (trainer_store_cohort).
 */
#include <string.h>

#include "core/arena.h"
#include "enrol/enrol.h"
#include "trainer/trainer_impl.h"

enum admin_sql {
    SQL_NAME,
    SQL_TRAINERS,
    SQL_FIND_TRAINER,
    SQL_ADD_TRAINER,
    SQL_REMOVE_TRAINER,
    SQL_SESSION_ADD,
    SQL_SESSION_EDIT,
    SQL_SESSION_CANCEL,
    SQL_SESSION_FIND,
    SQL__MAX,
};

static const char *const sql[SQL__MAX] = {
    [SQL_NAME] = "UPDATE cohorts SET name_cy = ?, name_en = ? WHERE id = ?",
    [SQL_TRAINERS] = "SELECT u.id, u.name, u.email FROM cohort_trainers t JOIN users u ON u.id = "
                     "t.user_id WHERE t.cohort_id = ? ORDER BY u.name, u.id LIMIT 100",
    /* only someone who holds the trainer role (or is an admin) */
    [SQL_FIND_TRAINER] = "SELECT u.id FROM users u WHERE u.email_norm = ? AND u.disabled = 0 "
                         "AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND "
                         "r.role IN ('trainer', 'admin'))",
    [SQL_ADD_TRAINER] = "INSERT IGNORE INTO cohort_trainers (cohort_id, user_id) VALUES (?, ?)",
    [SQL_REMOVE_TRAINER] = "DELETE FROM cohort_trainers WHERE cohort_id = ? AND user_id = ?",
    [SQL_SESSION_ADD] = "INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, "
                        "online_url, lang) VALUES (?, ?, ?, ?, ?, ?)",
    [SQL_SESSION_EDIT] = "UPDATE cohort_sessions SET starts_at = ?, minutes = ?, place = ?, "
                         "online_url = ?, lang = ? WHERE id = ? AND cohort_id = ?",
    [SQL_SESSION_CANCEL] =
        "UPDATE cohort_sessions SET cancelled = 1 WHERE id = ? AND cohort_id = ?",
    [SQL_SESSION_FIND] = "SELECT id FROM cohort_sessions WHERE id = ? AND cohort_id = ?",
};

struct create_unit {
    const struct trainer_cohort_in *in;
    long long *id;
};

static enum db_rc create_once(struct db *db, void *arg)
{
    const struct create_unit *u = arg;
    const struct trainer_cohort_in *in = u->in;
    struct enrol_cohort c = { .course_id = in->course_id,
                              .starts_at = in->starts_at,
                              .ends_at = in->ends_at,
                              .location = { "", "" },
                              .lang = in->lang,
                              .capacity = in->capacity };
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = enrol_store_cohort_create(db, &c, u->id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_NAME], "ssl", in->name_cy, in->name_en, *u->id);
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

enum db_rc trainer_store_create(struct db *db, const struct trainer_cohort_in *in, long long *id)
{
    struct create_unit u = { in, id };

    enum db_rc rc;

    *id = 0;
    rc = db_retry(db, create_once, &u);
    if (rc == DB_OK)
        trainer_cohort_changed(*id); /* the admins' list of every cohort */
    return rc;
}

static enum db_rc person_row(struct db_stmt *st, struct arena *a, struct trainer_person *p)
{
    return db_row_next(st, a, "lss", &p->id, &p->name, &p->email);
}

enum db_rc trainer_store_trainers(struct db *db, struct arena *a, long long cohort_id,
                                  struct trainer_person **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct trainer_person *v;
    size_t cap;
    enum db_rc rc = db_query(db, &st, sql[SQL_TRAINERS], "l", cohort_id);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    v = arena_calloc(a, (cap ? cap : 1) * sizeof(*v));
    while (*n < cap && (rc = person_row(st, a, &v[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc trainer_store_add_trainer(struct db *db, long long cohort_id, const char *email_norm,
                                     long long *user_id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_FIND_TRAINER], "s", email_norm);

    *user_id = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", user_id);
    db_done(st);
    if (rc != DB_OK)
        return rc; /* DB_NOT_FOUND: nobody who may train has that address */
    rc = db_exec(db, sql[SQL_ADD_TRAINER], "ll", cohort_id, *user_id);
    if (rc != DB_OK)
        return rc;
    if (!db_affected_rows(db))
        return DB_CONFLICT;
    trainer_cohort_changed(cohort_id); /* their list of cohorts */
    return DB_OK;
}

enum db_rc trainer_store_remove_trainer(struct db *db, long long cohort_id, long long user_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_REMOVE_TRAINER], "ll", cohort_id, user_id);

    if (rc != DB_OK)
        return rc;
    if (!db_affected_rows(db))
        return DB_NOT_FOUND;
    trainer_cohort_changed(cohort_id); /* the cohort is no longer theirs to see */
    return DB_OK;
}

enum db_rc trainer_store_session_save(struct db *db, long long cohort_id, long long session_id,
                                      const struct trainer_session_in *in, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc;

    if (!session_id) {
        rc = db_exec(db, sql[SQL_SESSION_ADD], "ltisss", cohort_id, in->starts_at, in->minutes,
                     in->place, in->online_url, in->lang);
        *id = rc == DB_OK ? (long long)db_insert_id(db) : 0;
        if (rc == DB_OK)
            trainer_cohort_touch(db, cohort_id);
        return rc;
    }
    *id = session_id;
    /* an edit that changes nothing matches a row but changes none */
    rc = db_query(db, &st, sql[SQL_SESSION_FIND], "ll", session_id, cohort_id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_SESSION_EDIT], "tisssll", in->starts_at, in->minutes, in->place,
                 in->online_url, in->lang, session_id, cohort_id);
    if (rc == DB_OK)
        trainer_cohort_touch(db, cohort_id);
    return rc;
}

enum db_rc trainer_store_session_cancel(struct db *db, long long cohort_id, long long session_id)
{
    struct db_stmt *st = NULL;
    long long id = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SESSION_FIND], "ll", session_id, cohort_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &id);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_SESSION_CANCEL], "ll", session_id, cohort_id);
    if (rc == DB_OK)
        trainer_cohort_touch(db, cohort_id);
    return rc;
}
