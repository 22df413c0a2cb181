#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
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
 * with one course or fifty (issue 22): a UNION ALL of a part a list, in the
 * columns LEARN_ME_SIG reads (learn.h); the webinars and trainer
 * folders own their parts (WEBINAR_ME_SQL, TRAINER_ME_SESSIONS_SQL). Cheaper
 * on the full data than the five statements it replaces, and than one row of
 * JSON_ARRAYAGG columns (docs/benchmarks.md "A person's page in one
 * statement").
 *
 * Enrolments: progress is the counters kept with the rows they count
 * (courses.lesson_count by the import, enrolments.lessons_done by
 * learn_store_complete and the import's recount, both over positioned
 * lessons only). The one correlated count left, the waiting-list place, runs
 * for waitlisted rows alone and counts the cohort's queue in
 * enrolments_waitlist order. Pathways: the pathway's courses, and those of
 * them the person completed. Where to carry on is found on click
 * (SQL_ME_NEXT). Statuses are bound by their names from enrol.h, the
 * enrolments table's owner.
 */
static const char *const sql[SQL_ME__MAX] = {
    [SQL_ME_PAGE] =
        "(SELECT 1, c.slug, c.title_cy, c.title_en, e.status, co.location_cy, co.location_en, "
        "co.lang, cert.code, e.offer_expires_at, e.completed_at, co.starts_at, co.ends_at, "
        "c.lesson_count, e.lessons_done, COALESCE(e.cohort_id, 0), COALESCE(co.cancelled, 0), "
        "CASE WHEN e.status = ? THEN (SELECT COUNT(*) FROM enrolments w "
        "WHERE w.cohort_id = e.cohort_id AND w.status = e.status "
        "AND (w.waitlisted_at < e.waitlisted_at "
        "OR (w.waitlisted_at = e.waitlisted_at AND w.id <= e.id))) ELSE 0 END, "
        "cert.revoked_at IS NOT NULL, 0, -TO_SECONDS(e.updated_at), -e.id "
        "FROM enrolments e JOIN courses c ON c.id = e.course_id "
        "LEFT JOIN cohorts co ON co.id = e.cohort_id "
        "LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = e.course_id "
        "WHERE e.user_id = ? AND e.status IN (?, ?, ?, ?) "
        "ORDER BY e.updated_at DESC, e.id DESC LIMIT " STR(
            LEARN_DASHBOARD_MAX) ") "
                                 "UNION ALL (SELECT 2, p.slug, p.title_cy, p.title_en, NULL, NULL, "
                                 "NULL, NULL, NULL, NULL, "
                                 "NULL, NULL, NULL, COUNT(*), CAST(COALESCE(SUM(e.status = ?), 0) "
                                 "AS SIGNED), 0, 0, 0, 0, 0, "
                                 "p.position, p.id "
                                 "FROM pathways p JOIN pathway_courses pc ON pc.pathway_id = p.id "
                                 "LEFT JOIN enrolments e ON e.course_id = pc.course_id AND "
                                 "e.user_id = ? "
                                 "WHERE p.published = 1 AND p.id IN (SELECT s.pathway_id FROM "
                                 "enrolments se "
                                 "JOIN pathway_courses s ON s.course_id = se.course_id "
                                 "WHERE se.user_id = ? AND se.status <> ?) "
                                 "GROUP BY p.id, p.slug, p.title_cy, p.title_en, p.position) "
                                 "UNION ALL " TRAINER_ME_SESSIONS_SQL " UNION ALL " WEBINAR_ME_SQL
                                 " UNION ALL " WEBINAR_ME_FEED_SQL,
    /* lessons_position in order, each probed in the lesson_progress primary key */
    [SQL_ME_NEXT] = "SELECT e.status, (SELECT COALESCE(MIN(l.position), 0) FROM lessons l "
                    "WHERE l.course_id = c.id AND l.position IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM lesson_progress p WHERE p.user_id = ? AND p.lesson_id = l.id)) "
                    "FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
                    "WHERE c.slug = ?",
};

/* A row of the statement, in the columns LEARN_ME_SIG reads. */
struct me_row {
    int kind;
    char *s[8];
    time_t t[4];
    long long n[7], o1, o2;
};

static int by_kind_and_order(const void *x, const void *y)
{
    const struct me_row *a = x, *b = y;

    if (a->kind != b->kind)
        return (a->kind > b->kind) - (a->kind < b->kind);
    if (a->o1 != b->o1)
        return (a->o1 > b->o1) - (a->o1 < b->o1);
    return (a->o2 > b->o2) - (a->o2 < b->o2);
}

/* Row w as the kind it is, into out (room for every row in each array). */
static void take(const struct me_row *w, struct learn_me *out)
{
    if (w->kind == 1) {
        struct learn_enrolment *e = &out->enrolments[out->n_enrolments++];

        *e = (struct learn_enrolment){
            .slug = w->s[0],
            .title = { w->s[1], w->s[2] },
            .status = enrol_status_parse(w->s[3]),
            .location_cy = w->s[4],
            .location_en = w->s[5],
            .cohort_lang = w->s[6],
            .cert_code = w->s[7],
            .offer_expires_at = w->t[0],
            .completed_at = w->t[1],
            .starts_at = w->t[2],
            .ends_at = w->t[3],
            .total = (int)w->n[0],
            .done = (int)w->n[1],
            .cohort_id = w->n[2],
            .cancelled = w->n[3] != 0,
            .wait_position = w->n[4],
            .cert_revoked = w->n[5] != 0,
        };
    } else if (w->kind == 2) {
        out->pathways[out->n_pathways++] = (struct learn_pathway){
            .slug = w->s[0],
            .title_cy = w->s[1],
            .title_en = w->s[2],
            .total = (int)w->n[0],
            .done = (int)w->n[1],
        };
    } else if (w->kind == 3) {
        out->sessions[out->n_sessions++] = (struct trainer_upcoming){
            .name_cy = w->s[0],
            .name_en = w->s[1],
            .place = w->s[2],
            .online_url = w->s[3],
            .lang = w->s[4],
            .starts_at = w->t[0],
            .minutes = (int)w->n[0],
        };
    } else if (w->kind == 4) {
        out->webinars[out->n_webinars++] = (struct webinar_on_me){
            .slug = w->s[0],
            .title = { w->s[1], w->s[2] },
            .starts_at = w->t[0],
            .status = (int)w->n[0],
            .cancelled = w->n[1] != 0,
            .upcoming = w->n[2] != 0,
        };
    } else if (w->kind == 5) {
        out->feed_made = w->t[0];
    }
}

enum db_rc learn_store_me(struct db *db, struct arena *a, long long user_id, struct learn_me *out)
{
    struct db_stmt *st = NULL;
    struct me_row *v;
    size_t cap, n = 0, i;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_ME_PAGE], "slsssssllslll", enrol_status_name(ENROL_WAITLISTED),
                 user_id, enrol_status_name(ENROL_ENROLLED), enrol_status_name(ENROL_WAITLISTED),
                 enrol_status_name(ENROL_OFFERED), enrol_status_name(ENROL_COMPLETED),
                 enrol_status_name(ENROL_COMPLETED), user_id, user_id,
                 enrol_status_name(ENROL_CANCELLED), user_id, user_id, user_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    v = arena_calloc(a, (cap ? cap : 1) * sizeof(*v));
    while (n < cap) {
        struct me_row *w = &v[n];

        rc = db_row_next(st, a, LEARN_ME_SIG, &w->kind, &w->s[0], &w->s[1], &w->s[2], &w->s[3],
                         &w->s[4], &w->s[5], &w->s[6], &w->s[7], &w->t[0], &w->t[1], &w->t[2],
                         &w->t[3], &w->n[0], &w->n[1], &w->n[2], &w->n[3], &w->n[4], &w->n[5],
                         &w->n[6], &w->o1, &w->o2);
        if (rc != DB_OK)
            break;
        n++;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    qsort(v, n, sizeof(*v), by_kind_and_order);
    out->enrolments = arena_calloc(a, (n ? n : 1) * sizeof(*out->enrolments));
    out->pathways = arena_calloc(a, (n ? n : 1) * sizeof(*out->pathways));
    out->sessions = arena_calloc(a, (n ? n : 1) * sizeof(*out->sessions));
    out->webinars = arena_calloc(a, (n ? n : 1) * sizeof(*out->webinars));
    for (i = 0; i < n; i++)
        take(&v[i], out);
    return DB_OK;
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
