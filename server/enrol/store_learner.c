/*
 * What learning changes on an enrolment (enrol.h): learn/ marks lessons and
 * issues certificates in its own transaction, and asks this folder, the
 * enrolments table's owner, to lock the row, count a lesson and complete it.
 */
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"

enum learner_sql {
    SQL_LEARNER_LESSON_DONE,
    SQL_LEARNER_FINISH,
    SQL_LEARNER__MAX,
};

static const char *const sql[SQL_LEARNER__MAX] = {
    [SQL_LEARNER_LESSON_DONE] = "UPDATE enrolments SET lessons_done = lessons_done + 1, "
                                "updated_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_LEARNER_FINISH] = "UPDATE enrolments SET status = 'completed', completed_at = "
                           "UTC_TIMESTAMP(), updated_at = UTC_TIMESTAMP() "
                           "WHERE id = ? AND status = 'enrolled'",
};

enum db_rc enrol_store_lock(struct db *db, long long user_id, long long course_id, long long *id,
                            enum enrol_status *status)
{
    return enrol_lock_row(db, user_id, course_id, id, status);
}

enum db_rc enrol_store_lesson_done(struct db *db, long long id)
{
    return db_exec(db, sql[SQL_LEARNER_LESSON_DONE], "l", id);
}

enum db_rc enrol_store_finish(struct db *db, long long id)
{
    return db_exec(db, sql[SQL_LEARNER_FINISH], "l", id);
}
