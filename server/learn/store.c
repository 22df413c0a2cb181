#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "courses/courses.h"
#include "db/jsonrows.h"
#include "learn/learn.h"
#include "trainer/trainer.h"

enum learn_sql {
    SQL_LEARN_PAGE,
    SQL_LEARN_LESSON,
    SQL_LEARN_MARK,
    SQL_LEARN_TALLY,
    SQL_LEARN_HOLDER,
    SQL_LEARN_ISSUE,
    SQL_LEARN_HAS_CERT,
    SQL_LEARN_MY_CERT,
    SQL_LEARN_CERT_BY_CODE,
    SQL_LEARN__MAX,
};

#define CERT_COLS                                                                                  \
    "SELECT cert.code, c.slug, cert.holder_name, cert.title_cy, cert.title_en, cert.issued_at, "   \
    "cert.revoked_at FROM certificates cert JOIN courses c ON c.id = cert.course_id "

static const char *const sql[SQL_LEARN__MAX] = {
    /* a lesson page in one round trip (issue 22): the course, the reader's
     * enrolment, the lesson list as JSON (db/jsonrows.h) and the lesson; the
     * reader's id is bound twice (a derived table holding it costs more) */
    [SQL_LEARN_PAGE] =
        "SELECT " COURSE_COLUMNS_FULL ", e.status, (SELECT JSON_ARRAYAGG(JSON_ARRAY(li.position, "
        "li.title_cy, li.title_en, p.completed_at) ORDER BY li.position) "
        "FROM lessons li LEFT JOIN lesson_progress p ON p.lesson_id = li.id AND p.user_id = ? "
        "WHERE li.course_id = c.id AND li.position IS NOT NULL), "
        "l.id, l.title_cy, l.title_en, l.html_cy, l.html_en "
        "FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
        "LEFT JOIN lessons l ON l.course_id = c.id AND l.position = ? WHERE c.slug = ?",
    [SQL_LEARN_LESSON] = "SELECT id, title_cy, title_en, html_cy, html_en FROM lessons "
                         "WHERE course_id = ? AND position = ?",
    [SQL_LEARN_MARK] = "INSERT IGNORE INTO lesson_progress (user_id, lesson_id, completed_at) "
                       "VALUES (?, ?, UTC_TIMESTAMP())",
    /* A locking read sees what a transaction that held the enrolment lock
     * before us committed, whatever our snapshot. */
    [SQL_LEARN_TALLY] = "SELECT COUNT(*), COUNT(p.lesson_id), "
                        "COALESCE(MIN(CASE WHEN p.lesson_id IS NULL THEN l.position END), 0) "
                        "FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id "
                        "AND p.user_id = ? WHERE l.course_id = ? AND l.position IS NOT NULL "
                        "LOCK IN SHARE MODE",
    [SQL_LEARN_HOLDER] = "SELECT u.name, c.title_cy, c.title_en FROM users u JOIN courses c "
                         "ON c.id = ? WHERE u.id = ?",
    [SQL_LEARN_ISSUE] = "INSERT INTO certificates (code, user_id, course_id, holder_name, "
                        "title_cy, title_en, issued_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
    [SQL_LEARN_HAS_CERT] = "SELECT COUNT(*) FROM certificates WHERE user_id = ? AND course_id = ? "
                           "LOCK IN SHARE MODE",
    [SQL_LEARN_MY_CERT] = CERT_COLS "WHERE c.slug = ? AND cert.user_id = ?",
    [SQL_LEARN_CERT_BY_CODE] = CERT_COLS "WHERE cert.code = ?",
};

#define ISSUE_TRIES 5 /* fresh codes tried when one is taken (2^-60 each) */

/* The lesson list column into out. */
static enum db_rc items(struct arena *a, const char *text, struct learn_lesson_page *out)
{
    json_t *rows = NULL;
    enum db_rc rc = db_json_rows(text, &rows);
    size_t n = json_array_size(rows);
    struct learn_item *v = arena_calloc(a, (n ? n : 1) * sizeof(*v));

    out->items = v;
    while (rc == DB_OK && (rc = db_json_row(rows, out->n_items, a, "isst", &v->position,
                                            &v->title_cy, &v->title_en, &v->done_at)) == DB_OK) {
        v++;
        out->n_items++;
    }
    json_decref(rows);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc learn_store_lesson_page(struct db *db, struct arena *a, long long user_id,
                                   const char *slug, int position, struct learn_lesson_page *out)
{
    struct db_stmt *st = NULL;
    char *status = NULL, *list = NULL;
    struct learn_lesson *l = &out->lesson;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_LEARN_PAGE], "llis", user_id, user_id, position, slug);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, COURSE_SIG_FULL "sslssss", COURSE_FIELDS_FULL(&out->course), &status,
                     &list, &l->id, &l->title_cy, &l->title_en, &l->html_cy, &l->html_en);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    out->status = enrol_status_parse(status);
    return items(a, list, out);
}

enum db_rc learn_store_lesson(struct db *db, struct arena *a, long long course_id, int position,
                              struct learn_lesson *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_LEARN_LESSON], "li", course_id, position);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lssss", &out->id, &out->title_cy, &out->title_en, &out->html_cy,
                     &out->html_en);
    db_done(st);
    return rc;
}

/* One number row of three from a statement already run. */
static enum db_rc fetch_ints(struct db_stmt *st, const char *sig, long long *x, long long *y,
                             long long *z)
{
    enum db_rc rc = db_row_next(st, NULL, sig, x, y, z);

    db_done(st);
    return rc;
}

/* Issue the certificate unless it exists: *issued 1 when this call did. */
static enum db_rc issue(struct db *db, struct arena *a, long long user_id, long long course_id,
                        int *issued)
{
    struct db_stmt *st = NULL;
    char *name = NULL, *tcy = NULL, *ten = NULL, code[CERTCODE_LEN + 1];
    long long have = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_LEARN_HOLDER], "ll", course_id, user_id);
    int i;

    *issued = 0;
    if (rc == DB_OK) {
        rc = db_row_next(st, a, "sss", &name, &tcy, &ten);
        db_done(st);
    }
    for (i = 0; rc == DB_OK && i < ISSUE_TRIES; i++) {
        certcode_new(code);
        rc = db_exec(db, sql[SQL_LEARN_ISSUE], "sllsss", code, user_id, course_id, name, tcy, ten);
        if (rc == DB_OK) {
            *issued = 1;
            return DB_OK;
        }
        if (rc != DB_CONFLICT)
            return rc;
        /* taken: either the person already has it, or (astronomically rarely) the code */
        rc = db_query(db, &st, sql[SQL_LEARN_HAS_CERT], "ll", user_id, course_id);
        if (rc == DB_OK)
            rc = fetch_ints(st, "l", &have, NULL, NULL);
        if (rc == DB_OK && have)
            return DB_OK;
    }
    return rc == DB_OK ? DB_ERROR : rc;
}

/* The counts of the course's positioned lessons for user_id, read under lock. */
static enum db_rc tally(struct db *db, long long user_id, long long course_id,
                        struct learn_done *out)
{
    struct db_stmt *st = NULL;
    long long total = 0, done = 0, open = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_LEARN_TALLY], "ll", user_id, course_id);

    if (rc == DB_OK)
        rc = fetch_ints(st, "lll", &total, &done, &open);
    out->total = (int)total;
    out->done = (int)done;
    out->first_open = (int)open;
    out->course_complete = total > 0 && done == total;
    return rc;
}

/* One completion, for its transaction (db_retry). */
struct complete_unit {
    struct arena *a;
    long long user_id, course_id;
    int position;
    struct learn_done *out;
};

static enum db_rc complete_once(struct db *db, void *arg)
{
    const struct complete_unit *u = arg;
    struct arena *a = u->a;
    long long user_id = u->user_id, course_id = u->course_id, enrolment = 0, cohort_id = 0;
    int position = u->position, marked = 0;
    struct learn_done *out = u->out;
    struct learn_lesson lesson;
    enum enrol_status status = ENROL_NONE;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    out->outcome = LEARN_NOT_ENROLLED;
    rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    /* the enrolment's row lock serialises every completion of this person's course */
    rc = enrol_store_lock(db, user_id, course_id, &enrolment, &status, &cohort_id);
    if (rc != DB_OK || !enrol_may_learn(status))
        goto out;
    out->outcome = LEARN_NO_LESSON;
    rc = learn_store_lesson(db, a, course_id, position, &lesson);
    if (rc != DB_OK)
        goto out;
    out->outcome = LEARN_MARKED;
    rc = db_exec(db, sql[SQL_LEARN_MARK], "ll", user_id, lesson.id);
    marked = rc == DB_OK && db_affected_rows(db) == 1;
    if (marked)
        rc = enrol_store_lesson_done(db, enrolment);
    if (rc == DB_OK)
        rc = tally(db, user_id, course_id, out);
    if (rc == DB_OK && out->course_complete)
        rc = enrol_store_finish(db, enrolment);
    if (rc == DB_OK && out->course_complete)
        rc = issue(db, a, user_id, course_id, &out->issued);
    if (rc != DB_OK)
        goto out;
    rc = db_commit(db);
    /* the learner's progress on their cohort's trainers' pages, at once */
    if (rc == DB_OK && cohort_id && (marked || out->course_complete))
        trainer_cohort_changed(cohort_id);
    return rc;
out:
    db_rollback(db);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc learn_store_complete(struct db *db, struct arena *a, long long user_id,
                                long long course_id, int position, struct learn_done *out)
{
    struct complete_unit u = { a, user_id, course_id, position, out };

    return db_retry(db, complete_once, &u);
}

static enum db_rc cert_row(struct db_stmt *st, struct arena *a, struct learn_cert *out)
{
    char *code = NULL;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = db_row_next(st, a, "ssssstt", &code, &out->slug, &out->holder_name, &out->title_cy,
                     &out->title_en, &out->issued_at, &out->revoked_at);
    db_done(st);
    if (rc == DB_OK)
        snprintf(out->code, sizeof(out->code), "%s", code ? code : "");
    return rc;
}

enum db_rc learn_store_my_cert(struct db *db, struct arena *a, long long user_id, const char *slug,
                               struct learn_cert *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_LEARN_MY_CERT], "sl", slug, user_id);

    return rc == DB_OK ? cert_row(st, a, out) : rc;
}

enum db_rc learn_store_cert_by_code(struct db *db, struct arena *a, const char *code,
                                    struct learn_cert *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_LEARN_CERT_BY_CODE], "s", code);

    return rc == DB_OK ? cert_row(st, a, out) : rc;
}
