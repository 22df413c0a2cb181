/*
 * The SQL of managing webinars (trainers and admins): create, edit, cancel,
 * and the people registered or waiting. Ownership is in the WHERE clause: a
 * trainer changes the webinars they created, an admin any.
 */
#include <string.h>

#include "core/arena.h"
#include "seats/seats.h"
#include "webinars/webinars_impl.h"

#define OWNED "(created_by = ? OR ? = 1)"

enum manage_sql {
    SQL_CREATE,
    SQL_UPDATE,
    SQL_CANCEL,
    SQL_ACTIVE,
    SQL_REGISTERED,
    SQL_PEOPLE,
    SQL_ATTENDED,
    SQL__MAX,
};

static const char *const sql[SQL__MAX] = {
    [SQL_CREATE] =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, language, "
        "starts_at, duration_min, capacity, created_by, audience, recording_url, slides_url) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    /* a capacity below the seats taken is refused here (taken <= capacity) */
    [SQL_UPDATE] =
        "UPDATE webinars SET title_cy = ?, title_en = ?, summary_cy = ?, summary_en = ?, "
        "language = ?, starts_at = ?, duration_min = ?, capacity = ?, "
        "audience = ?, recording_url = ?, slides_url = ?, sequence = sequence + 1, updated_at = "
        "UTC_TIMESTAMP() WHERE id = ? AND ? >= taken AND " OWNED,
    [SQL_CANCEL] = "UPDATE webinars SET cancelled = 1, sequence = sequence + 1, updated_at = "
                   "UTC_TIMESTAMP() WHERE id = ? AND cancelled = 0 AND " OWNED,
    [SQL_ACTIVE] = "SELECT id FROM webinar_registrations WHERE webinar_id = ? AND status IN "
                   "('registered', 'waitlisted', 'offered') ORDER BY id",
    [SQL_REGISTERED] = "SELECT id FROM webinar_registrations WHERE webinar_id = ? AND status = "
                       "'registered' ORDER BY id",
    [SQL_PEOPLE] = "SELECT r.id, u.name, u.email, r.status + 0, r.attended FROM "
                   "webinar_registrations r "
                   "JOIN users u ON u.id = r.user_id WHERE r.webinar_id = ? AND r.status <> "
                   "'cancelled' ORDER BY r.status, r.waitlisted_at, r.id LIMIT ?",
    [SQL_ATTENDED] = "UPDATE webinar_registrations SET attended = ?, updated_at = UTC_TIMESTAMP() "
                     "WHERE id = ? AND webinar_id = ? AND status = 'registered'",
};

/* The webinar and its speakers, in one transaction. */
struct create_unit {
    const struct webinar_input *in;
    long long user_id, *id;
};

static enum db_rc create_once(struct db *db, void *arg)
{
    struct create_unit *u = arg;
    const struct webinar_input *in = u->in;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_CREATE], "sssssstiilsss", in->slug, in->title[LANG_CY],
                     in->title[LANG_EN], in->summary[LANG_CY], in->summary[LANG_EN], in->language,
                     in->starts_at, in->duration_min, in->capacity_n, u->user_id, in->audience,
                     in->recording_url, in->slides_url);
    *u->id = rc == DB_OK ? (long long)db_insert_id(db) : 0;
    if (rc == DB_OK)
        rc = webinar_speakers_write(db, *u->id, in);
    if (rc != DB_OK) {
        *u->id = 0;
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_create(struct db *db, const struct webinar_input *in, long long user_id,
                                long long *id)
{
    struct create_unit u = { in, user_id, id };

    return db_retry(db, create_once, &u);
}

/* Capacity raised: the free seats are offered to those waiting, in order. */
struct fill_unit {
    struct webinar_mailer *m;
    long long id;
};

static enum db_rc fill_once(struct db *db, void *arg)
{
    struct fill_unit *u = arg;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = seats_fill(db, &webinar_seats, u->id, webinar_seat_event, u->m, NULL);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

/* The edit, in one transaction with the e-mail (a moved calendar entry) to
 * everyone registered. */
struct update_unit {
    struct webinar_mailer *m;
    long long id, user_id;
    const struct webinar_input *in;
    int admin;
};

/* Tell everyone of sql's registrations (one column: their ids) about news. */
static enum db_rc tell(struct db *db, struct webinar_mailer *m, const char *q, long long id,
                       enum webinar_news news)
{
    struct db_stmt *st = NULL;
    long long reg;
    enum db_rc rc = db_query(db, &st, q, "l", id);

    while (rc == DB_OK && (rc = db_row_next(st, NULL, "l", &reg)) == DB_OK)
        rc = webinar_notify(db, m, reg, news);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc update_once(struct db *db, void *arg)
{
    struct update_unit *u = arg;
    const struct webinar_input *in = u->in;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UPDATE], "ssssstiissslilb", in->title[LANG_CY], in->title[LANG_EN],
                     in->summary[LANG_CY], in->summary[LANG_EN], in->language, in->starts_at,
                     in->duration_min, in->capacity_n, in->audience, in->recording_url,
                     in->slides_url, u->id, in->capacity_n, u->user_id, u->admin);
    if (rc == DB_OK && db_affected_rows(db) == 0)
        rc = DB_CONFLICT; /* not theirs, or fewer seats than are taken */
    if (rc == DB_OK)
        rc = webinar_speakers_write(db, u->id, in);
    if (rc == DB_OK)
        rc = tell(db, u->m, sql[SQL_REGISTERED], u->id, WEBINAR_NEWS_CHANGED);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_update(struct db *db, struct webinar_mailer *m, long long id,
                                const struct webinar_input *in, long long user_id, int admin)
{
    struct update_unit up = { m, id, user_id, in, admin };
    struct fill_unit u = { m, id };
    enum db_rc rc = db_retry(db, update_once, &up);

    return rc == DB_OK ? db_retry(db, fill_once, &u) : rc;
}

struct cancel_unit {
    struct webinar_mailer *m;
    long long id, user_id;
    int admin;
};

static enum db_rc cancel_once(struct db *db, void *arg)
{
    struct cancel_unit *u = arg;
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_CANCEL], "llb", u->id, u->user_id, u->admin);
    if (rc == DB_OK && db_affected_rows(db) == 0)
        rc = DB_NOT_FOUND;
    /* everyone holding, waiting or offered is told, in their language */
    if (rc == DB_OK)
        rc = tell(db, u->m, sql[SQL_ACTIVE], u->id, WEBINAR_NEWS_WEBINAR_CANCELLED);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_cancel_webinar(struct db *db, struct webinar_mailer *m, long long id,
                                        long long user_id, int admin)
{
    struct cancel_unit u = { m, id, user_id, admin };

    return db_retry(db, cancel_once, &u);
}

enum db_rc webinar_store_people(struct db *db, struct arena *a, long long id,
                                struct webinar_person **out, size_t *n)
{
    struct db_stmt *st = NULL;
    int status = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_PEOPLE], "li", id, WEBINAR_PEOPLE_MAX);

    *n = 0;
    *out = NULL;
    if (rc != DB_OK)
        return rc;
    *out = arena_alloc(a, WEBINAR_PEOPLE_MAX * sizeof(**out));
    while (*n < WEBINAR_PEOPLE_MAX &&
           (rc = db_row_next(st, a, "lssib", &(*out)[*n].reg_id, &(*out)[*n].name,
                             &(*out)[*n].email, &status, &(*out)[*n].attended)) == DB_OK)
        (*out)[(*n)++].status = (enum webinar_reg)status;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

struct attendance_unit {
    long long id;
    const long long *reg_ids;
    const int *attended;
    size_t n;
};

static enum db_rc attendance_once(struct db *db, void *arg)
{
    struct attendance_unit *u = arg;
    enum db_rc rc = db_begin(db);
    size_t i;

    for (i = 0; rc == DB_OK && i < u->n; i++)
        rc = db_exec(db, sql[SQL_ATTENDED], "bll", u->attended[i] != 0, u->reg_ids[i], u->id);
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

enum db_rc webinar_store_attendance(struct db *db, long long id, const long long *reg_ids,
                                    const int *attended, size_t n)
{
    struct attendance_unit u = { id, reg_ids, attended, n };

    return db_retry(db, attendance_once, &u);
}
