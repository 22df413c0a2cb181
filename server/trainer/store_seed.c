/*
 * The demo seed's share of issue 20 (dysgu seed-demo): three named cohorts
 * of a course with lessons, already under way, twelve demo learners each at
 * different points, four sessions each with attendance marked for those
 * past, so the at-risk flags show something real. trainer@dysgu.example runs
 * the first two, admin@dysgu.example the third.
 *
 * Demo data only: it writes the cohort, its enrolments and their counters
 * straight in SQL (with cohorts.taken and courses.enrolled_count kept),
 * because the seat engine only enrols on cohorts that have not started.
 * Attendance goes through trainer_store_mark like the form's. Idempotent: a
 * cohort whose English name exists is left alone.
 */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "auth/roles.h"
#include "core/log.h"
#include "trainer/trainer.h"

#define SEED_LEARNERS 12
#define SEED_SESSIONS 4

enum seed_sql {
    SQL_SEED_COURSE,
    SQL_SEED_EXISTS,
    SQL_SEED_COHORT,
    SQL_SEED_TRAINER,
    SQL_SEED_ENROL,
    SQL_SEED_ENROLMENT,
    SQL_SEED_TAKEN,
    SQL_SEED_SESSION,
    SQL_SEED_PROGRESS,
    SQL_SEED__MAX,
};

static const char *const sql[SQL_SEED__MAX] = {
    [SQL_SEED_COURSE] = "SELECT id FROM courses WHERE published = 1 AND lesson_count >= 4 "
                        "ORDER BY format = 'blended' DESC, id LIMIT 1",
    [SQL_SEED_EXISTS] = "SELECT id FROM cohorts WHERE name_en = ?",
    [SQL_SEED_COHORT] = "INSERT INTO cohorts (course_id, starts_at, ends_at, location_cy, "
                        "location_en, lang, capacity, name_cy, name_en) VALUES (?, "
                        "UTC_TIMESTAMP() - INTERVAL ? DAY, UTC_TIMESTAMP() + INTERVAL ? DAY, "
                        "'Caerdydd', 'Cardiff', 'both', 30, ?, ?)",
    [SQL_SEED_TRAINER] = "INSERT IGNORE INTO cohort_trainers (cohort_id, user_id) SELECT ?, id "
                         "FROM users WHERE email_norm = ?",
    [SQL_SEED_ENROL] = "INSERT IGNORE INTO enrolments (user_id, course_id, cohort_id, status, "
                       "enrolled_at, lessons_done, last_activity_at) SELECT u.id, c.course_id, "
                       "c.id, 'enrolled', c.starts_at, LEAST(?, co.lesson_count), IF(? < 0, "
                       "NULL, UTC_TIMESTAMP() - INTERVAL ? DAY) FROM users u JOIN cohorts c ON "
                       "c.id = ? JOIN courses co ON co.id = c.course_id WHERE u.email_norm = ?",
    [SQL_SEED_ENROLMENT] = "SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id "
                           "WHERE u.email_norm = ? AND e.cohort_id = ?",
    [SQL_SEED_TAKEN] = "UPDATE cohorts c JOIN courses co ON co.id = c.course_id SET c.taken = "
                       "(SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id), "
                       "co.enrolled_count = co.enrolled_count + ? WHERE c.id = ?",
    [SQL_SEED_SESSION] = "INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, "
                         "online_url, lang) SELECT id, starts_at + INTERVAL ? DAY, 120, ?, ?, "
                         "'both' FROM cohorts WHERE id = ?",
    /* the lessons each learner has done, spread from the start to their last
     * activity, so the completion chart has a history (INSERT IGNORE: again
     * changes nothing) */
    [SQL_SEED_PROGRESS] =
        "INSERT IGNORE INTO lesson_progress (user_id, lesson_id, completed_at) SELECT e.user_id, "
        "l.id, c.starts_at + INTERVAL FLOOR(GREATEST(0, TIMESTAMPDIFF(SECOND, c.starts_at, "
        "COALESCE(e.last_activity_at, c.starts_at))) * l.position / GREATEST(1, e.lessons_done)) "
        "SECOND FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN lessons l ON "
        "l.course_id = e.course_id AND l.position BETWEEN 1 AND e.lessons_done WHERE e.cohort_id = "
        "?",
};

static const struct {
    const char *cy, *en, *trainer;
    int started, left; /* days ago, days to go */
} cohorts[] = {
    { "Carfan y gwanwyn, Caerdydd", "Spring cohort, Cardiff", "trainer@dysgu.example", 28, 28 },
    { "Carfan ar-lein y gogledd", "North Wales online cohort", "trainer@dysgu.example", 10, 40 },
    { "Carfan y de-orllewin", "South West cohort", "admin@dysgu.example", 40, 5 },
};

static const char *const names[SEED_LEARNERS] = {
    "Alaw Prys",  "Bethan Owen",  "Cai Rowlands", "Dafydd ap Siôn", "Eleri Lloyd",  "Ffion Morgan",
    "Gwion Rees", "Heledd Jones", "Iwan Price",   "Lowri Ŵyn",      "Mabon Hughes", "Nia Davies",
};

/* Learner k: lessons done (of a course of 4+), days since active (-1 none),
 * and attendance in sessions 1..4: p present, a absent, y apologies. */
static const struct {
    int lessons, idle;
    const char *marks;
} learners[SEED_LEARNERS] = {
    { 4, 1, "pppp" },  { 3, 2, "pppy" },  { 2, 3, "ppap" }, { 1, 20, "paap" },
    { 0, -1, "aaaa" }, { 3, 5, "pypp" },  { 2, 1, "pppp" }, { 1, 9, "ppyp" },
    { 4, 0, "pppp" },  { 2, 16, "appp" }, { 0, 3, "ppap" }, { 3, 4, "pppp" },
};

static enum db_rc one_id(struct db *db, const char *q, const char *sig, const char *s,
                         long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = sig ? db_query(db, &st, q, sig, s) : db_query(db, &st, q, "");

    *id = 0;
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "l", id);
        db_done(st);
    }
    return rc;
}

static enum db_rc enrolment_of(struct db *db, const char *email, long long cohort, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_SEED_ENROLMENT], "sl", email, cohort);

    *id = 0;
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "l", id);
        db_done(st);
    }
    return rc;
}

static enum db_rc seed_learners(struct db *db, long long cohort, size_t c)
{
    char email[96];
    long long ids[SEED_LEARNERS];
    const char *marks[SEED_LEARNERS];
    size_t k, s, added = 0;
    int created;
    enum db_rc rc = DB_OK;

    for (k = 0; rc == DB_OK && k < SEED_LEARNERS; k++) {
        snprintf(email, sizeof(email), "dysgwr%zu-%02zu@dysgu.example", c + 1, k + 1);
        /* no password anyone can type: "!" is never an Argon2id string */
        rc = account_store_upsert(db, email, names[k], k % 3 ? "cy" : "en", k % 2 ? "CRF" : "WG",
                                  "!", ROLE_LEARNER, &created);
        if (rc == DB_OK)
            rc = db_exec(db, sql[SQL_SEED_ENROL], "iiils", learners[k].lessons, learners[k].idle,
                         learners[k].idle, cohort, email);
        added += rc == DB_OK && db_affected_rows(db) == 1;
        if (rc == DB_OK)
            rc = enrolment_of(db, email, cohort, &ids[k]);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_SEED_TAKEN], "il", (int)added, cohort);
    for (s = 0; rc == DB_OK && s < SEED_SESSIONS; s++) {
        long long sid = 0;
        int day = (int)s * 7;

        rc = db_exec(db, sql[SQL_SEED_SESSION], "issl", day, s % 2 ? "" : "Caerdydd",
                     s % 2 ? "https://meet.example/dysgu" : "", cohort);
        sid = (long long)db_insert_id(db);
        if (rc != DB_OK || day >= cohorts[c].started)
            continue;
        for (k = 0; k < SEED_LEARNERS; k++) {
            char m = learners[k].marks[s];

            marks[k] = m == 'p' ? "present" : m == 'a' ? "absent" : "apologies";
        }
        rc = trainer_store_mark(db, cohort, sid, 0, ids, marks, SEED_LEARNERS);
    }
    return rc;
}

int trainer_cli_seed(struct db *db)
{
    long long course = 0, id = 0;
    size_t c;
    enum db_rc rc = one_id(db, sql[SQL_SEED_COURSE], NULL, NULL, &course);

    if (rc == DB_NOT_FOUND) {
        log_info("no course with lessons: no demo cohorts");
        return 0;
    }
    for (c = 0; rc == DB_OK && c < sizeof(cohorts) / sizeof(cohorts[0]); c++) {
        rc = one_id(db, sql[SQL_SEED_EXISTS], "s", cohorts[c].en, &id);
        if (rc == DB_OK) {
            rc = db_exec(db, sql[SQL_SEED_PROGRESS], "l", id);
            continue;
        }
        if (rc != DB_NOT_FOUND)
            break;
        rc = db_exec(db, sql[SQL_SEED_COHORT], "liiss", course, cohorts[c].started, cohorts[c].left,
                     cohorts[c].cy, cohorts[c].en);
        id = (long long)db_insert_id(db);
        if (rc == DB_OK)
            rc = db_exec(db, sql[SQL_SEED_TRAINER], "ls", id, cohorts[c].trainer);
        if (rc == DB_OK)
            rc = seed_learners(db, id, c);
        if (rc == DB_OK)
            rc = db_exec(db, sql[SQL_SEED_PROGRESS], "l", id);
    }
    if (rc == DB_OK) {
        log_info("seeded the trainers' demo cohorts");
        return 0;
    }
    log_error("cannot seed the trainers' cohorts: %s", db_rc_name(rc));
    return 1;
}
