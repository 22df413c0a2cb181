/*
 * learn_fixtures: enrolments, progress and certificates made straight in the
 * test database, so the learn tests depend on no other feature's pages
 * (enrolling is issue #4's enrol feature). Include after course_fixtures.h.
 */
#pragma once

#include "course_fixtures.h"

/* A learner named "<what> <tag>", signed in. */
static inline void fxl_learner(const char *what, struct fx_session *s)
{
    char name[128];

    snprintf(name, sizeof(name), "%s %s", what, fx_tag);
    CU_ASSERT_FATAL(fx_sign_in(fx_user(name, "learner"), s) == 0);
}

/* A course of n lessons; slug (>= 96 bytes) receives its slug. */
static inline long long fxl_course(const char *what, int n, char *slug)
{
    char s[64], cy[128], en[128];
    long long id;

    snprintf(s, sizeof(s), "%s-%d", what, ++fx_serial);
    snprintf(cy, sizeof(cy), "Cwrs %s", what);
    snprintf(en, sizeof(en), "Course %s", what);
    id = fxc_course(s, cy, en, "e-learning", n, slug);
    CU_ASSERT_FATAL(id > 0);
    return id;
}

/* Enrol user_id on course_id with status (cohort_id 0: none); the enrolment id. */
static inline long long fxl_enrol(long long user_id, long long course_id, long long cohort_id,
                                  const char *status)
{
    static const char *const ins =
        "INSERT INTO enrolments (user_id, course_id, cohort_id, status, enrolled_at, "
        "waitlisted_at, completed_at) VALUES (?, ?, NULLIF(?, 0), ?, UTC_TIMESTAMP(), "
        "IF(?, UTC_TIMESTAMP(), NULL), IF(?, UTC_TIMESTAMP(), NULL))";

    CU_ASSERT_FATAL(db_exec(fx_dbh, ins, "llisii", user_id, course_id, (int)cohort_id, status,
                            !strcmp(status, "waitlisted"), !strcmp(status, "completed")) == DB_OK);
    return (long long)db_insert_id(fx_dbh);
}

/* Lesson position of course_id done by user_id (as the complete form would, counter too). */
static inline void fxl_done(long long user_id, long long course_id, int position)
{
    static const char *const ins =
        "INSERT INTO lesson_progress (user_id, lesson_id, completed_at) SELECT ?, id, "
        "UTC_TIMESTAMP() - INTERVAL 1 DAY FROM lessons WHERE course_id = ? AND position = ?";
    static const char *const bump = "UPDATE enrolments SET lessons_done = lessons_done + 1 "
                                    "WHERE user_id = ? AND course_id = ?";

    CU_ASSERT_FATAL(db_exec(fx_dbh, ins, "lli", user_id, course_id, position) == DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh, bump, "ll", user_id, course_id) == DB_OK);
}

/* One number from a query taking two ids; -1 on a database error. */
static inline long long fxl_number2(const char *sql, long long a, long long b)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(fx_dbh, &st, sql, "ll", a, b) != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

static inline long long fxl_lessons_done(long long user_id, long long course_id)
{
    return fxl_number2("SELECT lessons_done FROM enrolments WHERE user_id = ? AND course_id = ?",
                       user_id, course_id);
}

static inline long long fxl_progress_rows(long long user_id, long long course_id)
{
    return fxl_number2("SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = "
                       "p.lesson_id WHERE p.user_id = ? AND l.course_id = ?",
                       user_id, course_id);
}

static inline long long fxl_certificates(long long user_id, long long course_id)
{
    return fxl_number2("SELECT COUNT(*) FROM certificates WHERE user_id = ? AND course_id = ?",
                       user_id, course_id);
}

/* 1 when the enrolment is completed with a completion time. */
static inline long long fxl_completed(long long user_id, long long course_id)
{
    return fxl_number2("SELECT status = 'completed' AND completed_at IS NOT NULL FROM enrolments "
                       "WHERE user_id = ? AND course_id = ?",
                       user_id, course_id);
}

/* The certificate's code (in fx_mem), or NULL. */
static inline char *fxl_cert_code(long long user_id, long long course_id)
{
    static const char *const q =
        "SELECT code FROM certificates WHERE user_id = ? AND course_id = ?";
    struct db_stmt *st = NULL;
    char *code = NULL;

    if (db_query(fx_dbh, &st, q, "ll", user_id, course_id) != DB_OK)
        return NULL;
    if (db_row_next(st, &fx_mem, "s", &code) != DB_OK)
        code = NULL;
    db_done(st);
    return code;
}

/* "/{lang}/courses/{slug}{rest}" in buf (256 bytes). */
static inline const char *fxl_path(char *buf, const char *lang, const char *slug, const char *rest)
{
    snprintf(buf, 256, "/%s/courses/%s%s", lang, slug, rest);
    return buf;
}

/* GET path as s and return the status (the body is dropped). */
static inline int fxl_status(const struct server *srv, const char *path, const struct fx_session *s)
{
    struct http_resp r = fx_get(srv, path, s);
    int status = r.status;

    http_resp_free(&r);
    return status;
}
