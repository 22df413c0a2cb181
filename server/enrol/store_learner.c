/*
 * What learning changes on an enrolment (enrol.h): learn/ marks lessons and
 * issues certificates in its own transaction, and asks this folder, the
 * enrolments table's owner, to lock the row, count a lesson and complete it.
 */
#include "admin/kept.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"

enum learner_sql {
    SQL_LEARNER_LESSON_DONE,
    SQL_LEARNER_FINISH,
    SQL_LEARNER_ATTENDANCE,
    SQL_LEARNER__MAX,
};

static const char *const sql[SQL_LEARNER__MAX] = {
    [SQL_LEARNER_LESSON_DONE] = "UPDATE enrolments SET lessons_done = lessons_done + 1, "
                                "last_activity_at = UTC_TIMESTAMP(), "
                                "updated_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_LEARNER_FINISH] = "UPDATE enrolments SET status = 'completed', completed_at = "
                           "UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
                           "WHERE id = ? AND status = 'enrolled'",
    /* signed changes: a counter goes down only where a mark of its kind was */
    [SQL_LEARNER_ATTENDANCE] = "UPDATE enrolments SET sessions_attended = sessions_attended + ?, "
                               "sessions_missed = sessions_missed + ?, "
                               "sessions_apologies = sessions_apologies + ? WHERE id = ?",
};

enum db_rc enrol_store_lock(struct db *db, long long user_id, long long course_id, long long *id,
                            enum enrol_status *status, long long *cohort_id)
{
    return enrol_lock_row(db, user_id, course_id, id, status, cohort_id);
}

enum db_rc enrol_store_lesson_done(struct db *db, long long id)
{
    return db_exec(db, sql[SQL_LEARNER_LESSON_DONE], "l", id);
}

enum db_rc enrol_store_finish(struct db *db, long long id)
{
    admin_kept_touch(); /* the admin's enrolments, before the caller's commit (admin/kept.h) */
    return db_exec(db, sql[SQL_LEARNER_FINISH], "l", id);
}

enum db_rc enrol_store_attendance(struct db *db, long long id, int present, int absent,
                                  int apologies)
{
    return db_exec(db, sql[SQL_LEARNER_ATTENDANCE], "iiil", present, absent, apologies, id);
}
