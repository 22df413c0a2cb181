#include <string.h>

#include "core/arena.h"
#include "db/jsonrows.h"
#include "enrol/enrol.h"
#include "learn/learn.h"
#include "trainer/trainer.h"
#include "webinars/webinars.h"

enum learn_me_sql {
    SQL_ME_PAGE,
    SQL_ME_NEXT,
    SQL_ME__MAX,
};

#define STR_(x) #x
#define STR(x)  STR_(x)

/*
 * One statement for the whole dashboard, so the page costs one round trip
 * with one course or fifty (issue 22): each list is a column, a scalar
 * subquery aggregated as JSON (db/jsonrows.h), reading the person's id as
 * me.id from the one-row derived table at the end (a constant to the
 * optimiser: every subquery uses the index on its user_id). The webinars and
 * trainer folders own their columns (WEBINAR_ME_SQL, TRAINER_ME_SESSIONS_SQL).
 *
 * Enrolments: progress is the counters kept with the rows they count
 * (courses.lesson_count by the import, enrolments.lessons_done by
 * learn_store_complete and the import's recount, both over positioned
 * lessons only). The one correlated count left, the waiting-list place, runs
 * for waitlisted rows alone and counts the cohort's queue in
 * enrolments_waitlist order. Pathways: the pathway's courses, and those of
 * them the person completed, each probed by (user_id, course_id). Where to
 * carry on is found on click (SQL_ME_NEXT). Statuses are bound by their
 * names from enrol.h, the enrolments table's owner.
 */
static const char *const sql[SQL_ME__MAX] = {
    [SQL_ME_PAGE] =
        "SELECT (SELECT JSON_ARRAYAGG(JSON_ARRAY(c.slug, c.title_cy, c.title_en, e.status, "
        "e.offer_expires_at, e.completed_at, c.lesson_count, "
        "e.lessons_done, COALESCE(e.cohort_id, 0), co.starts_at, "
        "co.ends_at, co.location_cy, co.location_en, co.lang, "
        "COALESCE(co.cancelled, 0), "
        "CASE WHEN e.status = ? THEN (SELECT COUNT(*) FROM enrolments w "
        "WHERE w.cohort_id = e.cohort_id AND w.status = e.status "
        "AND (w.waitlisted_at < e.waitlisted_at "
        "OR (w.waitlisted_at = e.waitlisted_at AND w.id <= e.id))) ELSE 0 END, "
        "cert.code, cert.revoked_at IS NOT NULL) "
        "ORDER BY e.updated_at DESC, e.id DESC LIMIT " STR(
            LEARN_DASHBOARD_MAX) ") "
                                 "FROM enrolments e JOIN courses c ON c.id = e.course_id "
                                 "LEFT JOIN cohorts co ON co.id = e.cohort_id "
                                 "LEFT JOIN certificates cert ON cert.user_id = e.user_id AND "
                                 "cert.course_id = e.course_id "
                                 "WHERE e.user_id = me.id AND e.status IN (?, ?, ?, ?)), "
                                 "(SELECT JSON_ARRAYAGG(JSON_ARRAY(p.slug, p.title_cy, p.title_en, "
                                 "(SELECT COUNT(*) FROM pathway_courses pc WHERE pc.pathway_id = "
                                 "p.id), "
                                 "(SELECT COUNT(*) FROM pathway_courses pc JOIN enrolments e ON "
                                 "e.course_id = pc.course_id "
                                 "AND e.user_id = me.id AND e.status = ? WHERE pc.pathway_id = "
                                 "p.id)) "
                                 "ORDER BY p.position, p.id) "
                                 "FROM pathways p WHERE p.published = 1 AND p.id IN (SELECT "
                                 "s.pathway_id FROM enrolments se "
                                 "JOIN pathway_courses s ON s.course_id = se.course_id "
                                 "WHERE se.user_id = me.id AND se.status <> "
                                 "?)), " TRAINER_ME_SESSIONS_SQL ", " WEBINAR_ME_SQL
                                 ", " WEBINAR_ME_FEED_SQL " FROM (SELECT ? AS id) me",
    /* lessons_position in order, each probed in the lesson_progress primary key */
    [SQL_ME_NEXT] = "SELECT e.status, (SELECT COALESCE(MIN(l.position), 0) FROM lessons l "
                    "WHERE l.course_id = c.id AND l.position IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM lesson_progress p WHERE p.user_id = ? AND p.lesson_id = l.id)) "
                    "FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
                    "WHERE c.slug = ?",
};

/* The enrolments column into out. */
static enum db_rc enrolments(struct arena *a, const char *text, struct learn_me *out)
{
    json_t *rows = NULL;
    enum db_rc rc = db_json_rows(text, &rows);
    size_t n = json_array_size(rows);
    struct learn_enrolment *v = arena_calloc(a, (n ? n : 1) * sizeof(*v));
    char *status;

    out->enrolments = v;
    while (rc == DB_OK &&
           (rc = db_json_row(rows, out->n_enrolments, a, "ssssttiilttsssblsb", &v->slug,
                             &v->title[LANG_CY], &v->title[LANG_EN], &status, &v->offer_expires_at,
                             &v->completed_at, &v->total, &v->done, &v->cohort_id, &v->starts_at,
                             &v->ends_at, &v->location_cy, &v->location_en, &v->cohort_lang,
                             &v->cancelled, &v->wait_position, &v->cert_code, &v->cert_revoked)) ==
               DB_OK) {
        v->status = enrol_status_parse(status);
        v++;
        out->n_enrolments++;
    }
    json_decref(rows);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* The pathways column into out. */
static enum db_rc pathways(struct arena *a, const char *text, struct learn_me *out)
{
    json_t *rows = NULL;
    enum db_rc rc = db_json_rows(text, &rows);
    size_t n = json_array_size(rows);
    struct learn_pathway *v = arena_calloc(a, (n ? n : 1) * sizeof(*v));

    out->pathways = v;
    while (rc == DB_OK &&
           (rc = db_json_row(rows, out->n_pathways, a, "sssii", &v->slug, &v->title_cy,
                             &v->title_en, &v->total, &v->done)) == DB_OK) {
        v++;
        out->n_pathways++;
    }
    json_decref(rows);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc learn_store_me(struct db *db, struct arena *a, long long user_id, struct learn_me *out)
{
    struct db_stmt *st = NULL;
    char *going = NULL, *paths = NULL, *sessions = NULL, *webinars = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_ME_PAGE], "sssssssl", enrol_status_name(ENROL_WAITLISTED),
                 enrol_status_name(ENROL_ENROLLED), enrol_status_name(ENROL_WAITLISTED),
                 enrol_status_name(ENROL_OFFERED), enrol_status_name(ENROL_COMPLETED),
                 enrol_status_name(ENROL_COMPLETED), enrol_status_name(ENROL_CANCELLED), user_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "sssst", &going, &paths, &sessions, &webinars, &out->feed_made);
    db_done(st);
    if (rc != DB_OK)
        return rc == DB_NOT_FOUND ? DB_ERROR : rc; /* the statement always has its one row */
    out->sessions = sessions;
    out->webinars = webinars;
    rc = enrolments(a, going, out);
    return rc == DB_OK ? pathways(a, paths, out) : rc;
}

enum db_rc learn_store_next(struct db *db, struct arena *a, long long user_id, const char *slug,
                            enum enrol_status *status, int *position)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ME_NEXT], "lls", user_id, user_id, slug);
    char *s = NULL;

    *status = ENROL_NONE;
    *position = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "si", &s, position);
    db_done(st);
    *status = enrol_status_parse(s);
    return rc;
}
