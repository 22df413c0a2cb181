/*
 * enrol_fixtures: what the enrolment tests read and set straight in the test
 * database (fixtures.h's connection) around the HTTP they drive: counts by
 * status, seats taken, the course's counter, a person's language and e-mail,
 * and enrolments in a state no form makes (completed).
 */
#pragma once

#include "course_fixtures.h"

/* One number from q bound with (id, text); -1 on a database error. */
static inline long long fe_number(const char *q, long long id, const char *text)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(fx_dbh, &st, q, "ls", id, text) != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

/* How many enrolments of course_id have status. */
static inline long long fe_count(long long course_id, const char *status)
{
    return fe_number("SELECT COUNT(*) FROM enrolments WHERE course_id = ? AND status = ?",
                     course_id, status);
}

/* One number from q bound with two ids; -1 on a database error. */
static inline long long fe_number2(const char *q, long long a, long long b)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(fx_dbh, &st, q, "ll", a, b) != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

/* user_id's status on course_id as 1 enrolled, 2 waitlisted, 3 completed,
 * 4 cancelled (the ENUM's index), 0 no row. */
static inline long long fe_status(long long user_id, long long course_id)
{
    return fe_number2("SELECT COALESCE((SELECT status + 0 FROM enrolments WHERE user_id = ? "
                      "AND course_id = ?), 0)",
                      user_id, course_id);
}

static inline long long fe_taken(long long cohort_id)
{
    return fx_number("SELECT taken FROM cohorts WHERE id = ?", cohort_id);
}

static inline long long fe_enrolled_count(long long course_id)
{
    return fx_number("SELECT enrolled_count FROM courses WHERE id = ?", course_id);
}

/* Rows changed by an UPDATE with (text, id); -1 on error. */
static inline long long fe_exec(const char *q, const char *text, long long id)
{
    if (db_exec(fx_dbh, q, "sl", text, id) != DB_OK)
        return -1;
    return (long long)db_affected_rows(fx_dbh);
}

/* Rows changed by an UPDATE with one id; -1 on error. */
static inline long long fe_update(const char *q, long long id)
{
    if (db_exec(fx_dbh, q, "l", id) != DB_OK)
        return -1;
    return (long long)db_affected_rows(fx_dbh);
}

static inline void fe_set_lang(long long user_id, const char *lang)
{
    fe_exec("UPDATE users SET lang = ? WHERE id = ?", lang, user_id);
}

/* user_id's e-mail address (in fx_mem), or NULL. */
static inline char *fe_email(long long user_id)
{
    struct db_stmt *st = NULL;
    char *s = NULL;

    if (db_query(fx_dbh, &st, "SELECT email FROM users WHERE id = ?", "l", user_id) != DB_OK)
        return NULL;
    if (db_row_next(st, &fx_mem, "s", &s) != DB_OK)
        s = NULL;
    db_done(st);
    return s;
}

/* The newest outbox message to addr: its lang, subject and body (fx_mem);
 * 0, or -1 when there is none. */
static inline int fe_mail(const char *addr, char **lang, char **subject, char **body)
{
    static const char *const q = "SELECT lang, subject, body_text FROM outbox WHERE to_addr = ? "
                                 "ORDER BY id DESC LIMIT 1";
    struct db_stmt *st = NULL;
    int rc;

    if (db_query(fx_dbh, &st, q, "s", addr) != DB_OK)
        return -1;
    rc = db_row_next(st, &fx_mem, "sss", lang, subject, body) == DB_OK ? 0 : -1;
    db_done(st);
    return rc;
}

/* How many messages to user_id at addr are in the outbox. */
static inline long long fe_mails_to(long long user_id, const char *addr)
{
    return fe_number("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND to_addr = ?", user_id,
                     addr);
}

/* An enrolment made straight in the table (status completed, say) with
 * lessons_done, counted in enrolled_count as the store would. 0 or -1. */
static inline int fe_enrolment(long long user_id, long long course_id, const char *status,
                               int lessons_done)
{
    static const char *const ins =
        "INSERT INTO enrolments (user_id, course_id, status, enrolled_at, completed_at, "
        "lessons_done) VALUES (?, ?, ?, UTC_TIMESTAMP(), IF(?, UTC_TIMESTAMP(), NULL), ?)";
    static const char *const count =
        "UPDATE courses SET enrolled_count = enrolled_count + 1 WHERE id = ?";

    if (db_exec(fx_dbh, ins, "llsbi", user_id, course_id, status, !strcmp(status, "completed"),
                lessons_done) != DB_OK)
        return -1;
    return db_exec(fx_dbh, count, "l", course_id) == DB_OK ? 0 : -1;
}

/* A learner named what, signed in, with language lang. */
static inline void fe_learner(const char *what, const char *lang, struct fx_session *s)
{
    char name[128];

    snprintf(name, sizeof(name), "%s %s", what, fx_tag);
    CU_ASSERT_FATAL(fx_sign_in(fx_user(name, "learner"), s) == 0);
    fe_set_lang(s->user_id, lang);
}

/* POST to /{lang}/courses/{slug}/{action} as s with its CSRF token and body. */
static inline struct http_resp fe_post(const struct server *srv, const char *lang, const char *slug,
                                       const char *action, const struct fx_session *s,
                                       const char *body)
{
    char path[256];

    snprintf(path, sizeof(path), "/%s/courses/%s/%s", lang, slug, action);
    return fx_post(srv, path, s, 1, body);
}

/* GET /{lang}/courses/{slug}{suffix} as s (NULL: anonymous). */
static inline struct http_resp fe_page(const struct server *srv, const char *lang, const char *slug,
                                       const char *suffix, const struct fx_session *s)
{
    char path[256];

    snprintf(path, sizeof(path), "/%s/courses/%s%s", lang, slug, suffix ? suffix : "");
    return fx_get(srv, path, s);
}

/* 1 when the server has logged no error; otherwise the error lines go to stderr. */
static inline int fe_log_clean(const struct server *srv)
{
    char *log = server_log(srv), *p = log;
    int clean = 1;

    while (p && (p = strstr(p, "\"level\":\"error\"")) != NULL) {
        const char *end = strchr(p, '\n');

        fprintf(stderr, "server: %.*s\n", (int)(end ? end - p : 300), p);
        clean = 0;
        p += 10;
    }
    free(log);
    return log && clean;
}
