#include <stddef.h>

#include "accounts/accounts.h"

enum account_sql {
    SQL_ACCOUNT_INSERT,
    SQL_ACCOUNT_SET_PASSWORD,
    SQL_ACCOUNT_ID_BY_EMAIL,
    SQL_ACCOUNT_ADD_ROLE,
    SQL_ACCOUNT__MAX,
};

static const char *const sql[SQL_ACCOUNT__MAX] = {
    [SQL_ACCOUNT_INSERT] = "INSERT INTO users (email, email_norm, name, password_hash, lang) "
                           "VALUES (?, LOWER(?), ?, ?, ?)",
    [SQL_ACCOUNT_SET_PASSWORD] = "UPDATE users SET password_hash = ? WHERE id = ?",
    [SQL_ACCOUNT_ID_BY_EMAIL] = "SELECT id FROM users WHERE email_norm = LOWER(?)",
    [SQL_ACCOUNT_ADD_ROLE] = "INSERT IGNORE INTO user_roles (user_id, role) VALUES (?, ?)",
};


static enum db_rc find_id(struct db *db, const char *email, long long *id)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ACCOUNT_ID_BY_EMAIL], "s", email);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", id);
    db_done(st);
    return rc;
}

enum db_rc account_store_upsert(struct db *db, const char *email, const char *name,
                                const char *lang, const char *pw_hash, unsigned roles, int *created)
{
    long long id = 0;
    enum db_rc rc;
    size_t i;

    *created = 0;
    rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    rc = find_id(db, email, &id);
    if (rc == DB_NOT_FOUND) {
        rc = db_exec(db, sql[SQL_ACCOUNT_INSERT], "sssss", email, email, name, pw_hash, lang);
        id = (long long)db_insert_id(db);
        *created = 1;
    } else if (rc == DB_OK) {
        rc = db_exec(db, sql[SQL_ACCOUNT_SET_PASSWORD], "sl", pw_hash, id);
    }
    for (i = 0; rc == DB_OK && i < 4; i++)
        if (roles & (1u << i))
            rc = db_exec(db, sql[SQL_ACCOUNT_ADD_ROLE], "ls", id, role_name((enum role)(1u << i)));
    if (rc != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}
