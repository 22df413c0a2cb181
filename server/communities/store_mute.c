/*
 * store_mute: muting members of the forums (migrations/0038_forum_mutes.sql).
 * A mute runs while until is in the future and it has not been lifted; a
 * new mute lifts the running one first, so a member has at most one. Every
 * mute and unmute is audited with who and why in its transaction.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "communities/communities.h"
#include "communities/forumgen.h"
#include "core/arena.h"

enum mute_sql {
    SQL_MEMBER,
    SQL_MUTE_ADD,
    SQL_UNMUTE,
    SQL_MUTED_UNTIL,
    SQL_USER_EXISTS,
    SQL_MUTE__MAX,
};

#define RUNNING "lifted_at IS NULL AND until > UTC_TIMESTAMP()"

static const char *const sql[SQL_MUTE__MAX] = {
    /* the member's page in one round trip: the name, and the end of a running mute (NULL: none) */
    [SQL_MEMBER] =
        "SELECT u.name, (SELECT MAX(until) FROM forum_mutes WHERE user_id = u.id AND " RUNNING
        ") FROM users u WHERE u.id = ?",
    [SQL_MUTE_ADD] = "INSERT INTO forum_mutes (user_id, until, reason, by_id) "
                     "VALUES (?, UTC_TIMESTAMP() + INTERVAL ? DAY, ?, ?)",
    [SQL_UNMUTE] = "UPDATE forum_mutes SET lifted_by = ?, lifted_at = UTC_TIMESTAMP() "
                   "WHERE user_id = ? AND " RUNNING,
    [SQL_MUTED_UNTIL] = "SELECT until FROM forum_mutes WHERE user_id = ? AND " RUNNING
                        " ORDER BY until DESC LIMIT 1",
    [SQL_USER_EXISTS] = "SELECT 1 FROM users WHERE id = ?",
};

enum db_rc forum_store_mod_member(struct db *db, struct arena *a, long long user_id,
                                  const char **name, time_t *until)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_MEMBER], "l", user_id);

    *name = NULL;
    *until = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "st", name, until);
    db_done(st);
    return rc;
}

enum db_rc forum_store_mute(struct db *db, long long user_id, int days, long long mod_id,
                            const char *ip, const char *reason)
{
    struct db_stmt *st = NULL;
    char detail[AUDIT_DETAIL_MAX + 1];
    int one = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_USER_EXISTS], "l", user_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "i", &one);
        db_done(st);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_UNMUTE], "ll", mod_id, user_id);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_MUTE_ADD], "lisl", user_id, days, reason, mod_id);
    if (rc == DB_OK) {
        snprintf(detail, sizeof(detail), "%d days: %s", days, reason);
        rc = audit_write(db, "forum_member_muted", mod_id, user_id, ip, detail);
    }
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_unmute(struct db *db, long long user_id, long long mod_id, const char *ip,
                              const char *reason)
{
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = db_exec(db, sql[SQL_UNMUTE], "ll", mod_id, user_id);
    if (rc == DB_OK && db_affected_rows(db) == 0)
        rc = DB_NOT_FOUND;
    if (rc == DB_OK)
        rc = audit_write(db, "forum_member_unmuted", mod_id, user_id, ip, reason);
    if (rc == DB_OK)
        return forum_gen_after(db_commit(db));
    db_rollback(db);
    return rc;
}

enum db_rc forum_store_muted_until(struct db *db, long long user_id, time_t *until)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_MUTED_UNTIL], "l", user_id);

    *until = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "t", until);
    db_done(st);
    return rc;
}
