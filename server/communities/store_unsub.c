/*
 * store_unsub: the tokens of one-click unsubscribing from the forums'
 * e-mail (RFC 8058; migrations/0045_forum_mail_more.sql). Each mail gets a
 * new random token (auth/token.h), kept only as its hash; a token, sent
 * back within FORUM_UNSUB_DAYS, names the person whose forum e-mail it
 * turns off. Older tokens are dropped by the mail worker.
 */
#include "auth/token.h"
#include "communities/communities.h"

enum unsub_sql {
    SQL_ADD,
    SQL_FIND,
    SQL_PURGE,
    SQL_UNSUB__MAX,
};

#define UNSUB_AGE "INTERVAL 90 DAY"

static const char *const sql[SQL_UNSUB__MAX] = {
    [SQL_ADD] = "INSERT INTO forum_unsubscribe_tokens (token_hash, user_id, created_at) "
                "VALUES (?, ?, UTC_TIMESTAMP())",
    [SQL_FIND] = "SELECT user_id FROM forum_unsubscribe_tokens WHERE token_hash = ? "
                 "AND created_at > UTC_TIMESTAMP() - " UNSUB_AGE,
    [SQL_PURGE] = "DELETE FROM forum_unsubscribe_tokens "
                  "WHERE created_at <= UTC_TIMESTAMP() - " UNSUB_AGE " LIMIT 500",
};

_Static_assert(FORUM_UNSUB_DAYS == 90, "UNSUB_AGE");

enum db_rc forum_store_unsub_token(struct db *db, long long user_id,
                                   char text[FORUM_UNSUB_TOKEN_LEN + 1])
{
    char hash[TOKEN_HASH_HEX + 1];

    _Static_assert(FORUM_UNSUB_TOKEN_LEN == TOKEN_TEXT_LEN, "auth/token.h's tokens");
    token_new(text, hash);
    return db_exec(db, sql[SQL_ADD], "sl", hash, user_id);
}

enum db_rc forum_store_unsub_find(struct db *db, const char *text, long long *user_id)
{
    struct db_stmt *st = NULL;
    char hash[TOKEN_HASH_HEX + 1];
    enum db_rc rc;

    *user_id = 0;
    if (!text || token_hash(text, hash))
        return DB_NOT_FOUND; /* malformed: never reaches the database */
    rc = db_query(db, &st, sql[SQL_FIND], "s", hash);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", user_id);
    db_done(st);
    return rc;
}

enum db_rc forum_store_unsub_purge(struct db *db)
{
    return db_exec(db, sql[SQL_PURGE], "");
}
