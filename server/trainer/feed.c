/*
 * A person's cohort sessions for their private calendar feed (the webinars
 * folder builds the calendar: trainer_feed_sessions in trainer.h). One
 * query: the sessions of cohorts they learn in or run.
 */
#include "core/arena.h"
#include "trainer/trainer.h"

static const char *const sql_feed =
    "SELECT s.id, s.starts_at, s.minutes, s.place, s.online_url, s.lang, s.cancelled OR "
    "c.cancelled, s.sequence, IF(c.name_cy = '', k.title_cy, c.name_cy), IF(c.name_en = '', "
    "k.title_en, c.name_en) FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id JOIN "
    "courses k ON k.id = c.course_id WHERE s.starts_at > ? AND s.cohort_id IN (SELECT e.cohort_id "
    "FROM enrolments e WHERE e.user_id = ? AND e.cohort_id IS NOT NULL AND e.status IN "
    "('enrolled', 'completed') UNION SELECT t.cohort_id FROM cohort_trainers t WHERE t.user_id "
    "= ?) ORDER BY s.starts_at, s.id LIMIT ?";

enum db_rc
trainer_feed_sessions(struct db *db, struct arena *a, long long user_id, time_t since, int max,
                      int (*each)(void *ctx, const struct trainer_session *s, const char *name_cy,
                                  const char *name_en, int sequence),
                      void *ctx)
{
    struct db_stmt *st = NULL;
    struct trainer_session s = { 0 };
    char *name_cy, *name_en;
    int sequence, stop = 0;
    enum db_rc rc = db_query(db, &st, sql_feed, "tlli", since, user_id, user_id, max);

    while (!stop && rc == DB_OK &&
           (rc = db_row_next(st, a, "ltisssbiss", &s.id, &s.starts_at, &s.minutes, &s.place,
                             &s.online_url, &s.lang, &s.cancelled, &sequence, &name_cy,
                             &name_en)) == DB_OK)
        stop = each(ctx, &s, name_cy, name_en, sequence);
    db_done(st);
    return rc == DB_NOT_FOUND || stop ? DB_OK : rc;
}
