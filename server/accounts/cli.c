#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "auth/password.h"
#include "core/arena.h"
#include "core/log.h"

enum account_cli_sql {
    SQL_META_GET,
    SQL_META_SET,
    SQL_ADMIN_MUST_CHANGE,
    SQL_ADMIN_END_SESSIONS,
    SQL_CLI__MAX,
};

static const char *const sql[SQL_CLI__MAX] = {
    [SQL_META_GET] = "SELECT v FROM app_meta WHERE k = ?",
    [SQL_META_SET] = "INSERT INTO app_meta (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = ?",
    [SQL_ADMIN_MUST_CHANGE] = "UPDATE users SET must_change_password = 1 WHERE email_norm = ?",
    [SQL_ADMIN_END_SESSIONS] = "DELETE s FROM sessions s JOIN users u ON u.id = s.user_id "
                               "WHERE u.email_norm = ?",
};

int account_cli_create_admin(struct db *db, const char *email)
{
    char pw[21], hash[PW_HASH_LEN];
    const char *norm;
    struct arena a;
    int created;
    enum db_rc rc;

    if (!strchr(email, '@') || strlen(email) > 254) {
        log_error("'%s' is not an e-mail address", email);
        return 2;
    }
    pw_random(pw, sizeof(pw));
    if (pw_hash(hash, pw, strlen(pw))) {
        log_error("cannot hash the password: out of memory");
        return 1;
    }
    arena_init(&a, 0);
    norm = account_email_norm(&a, email);
    rc = norm ? account_store_upsert(db, email, "Admin", "cy", NULL, hash,
                                     ROLE_ADMIN | ROLE_LEARNER, &created)
              : DB_ERROR;
    /* the printed password is one-time, and whoever held the account is out */
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ADMIN_MUST_CHANGE], "s", norm);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_ADMIN_END_SESSIONS], "s", norm);
    arena_release(&a);
    if (rc != DB_OK) {
        log_error("cannot create admin '%s': %s", email, db_rc_name(rc));
        return 1;
    }
    fprintf(stdout,
            "%s admin %s\nOne-time password (signing in with it leads to setting a new one; "
            "every session of the account has ended): %s\n",
            created ? "Created" : "Updated", email, pw);
    sodium_memzero(pw, sizeof(pw));
    return 0;
}

static const struct {
    const char *email;
    const char *name;
    const char *lang;
    const char *org; /* organisations.code (migrations/0003_organisations.sql) */
    unsigned roles;
} demo_users[] = {
    { "learner@dysgu.example", "Elin Dysgwr", "cy", "GWN", ROLE_LEARNER },
    { "trainer@dysgu.example", "Rhys Hyfforddwr", "cy", "WG", ROLE_TRAINER | ROLE_LEARNER },
    { "moderator@dysgu.example", "Sian Cymedrolwr", "en", "HB-BCUHB",
      ROLE_MODERATOR | ROLE_LEARNER },
    { "admin@dysgu.example", "Gareth Gweinyddwr", "en", "WG", ROLE_ADMIN | ROLE_LEARNER },
};

/* A fingerprint of the demo password and the seed's version (v2: with
 * organisations), so a re-run with the same one is a no-op. */
static void fingerprint(const char *pw, char hex[65])
{
    static const char key[] = "dysgu-demo-seed-v2";
    unsigned char h[32];

    crypto_generichash(h, sizeof(h), (const unsigned char *)pw, strlen(pw),
                       (const unsigned char *)key, sizeof(key) - 1);
    sodium_bin2hex(hex, 65, h, sizeof(h));
}

static int already_seeded(struct db *db, const char *fp)
{
    struct db_stmt *st = NULL;
    struct arena a;
    char *v = NULL;
    int same = 0;

    arena_init(&a, 0);
    if (db_query(db, &st, sql[SQL_META_GET], "s", "demo_seed") == DB_OK) {
        if (db_row_next(st, &a, "s", &v) == DB_OK && v && !strcmp(v, fp))
            same = 1;
        db_done(st);
    }
    arena_release(&a);
    return same;
}

int account_cli_seed_demo(struct db *db)
{
    const char *pw = getenv("DYSGU_DEMO_PASSWORD");
    char hash[PW_HASH_LEN], fp[65];
    size_t i;
    int created;

    if (!pw || strlen(pw) < 8) {
        log_error("DYSGU_DEMO_PASSWORD must be set to at least 8 characters");
        return 2;
    }
    fingerprint(pw, fp);
    if (already_seeded(db, fp)) {
        log_info("demo accounts already seeded");
        return 0;
    }
    if (pw_hash(hash, pw, strlen(pw))) {
        log_error("cannot hash the demo password: out of memory");
        return 1;
    }
    for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
        enum db_rc rc =
            account_store_upsert(db, demo_users[i].email, demo_users[i].name, demo_users[i].lang,
                                 demo_users[i].org, hash, demo_users[i].roles, &created);

        if (rc != DB_OK) {
            log_error("cannot seed '%s': %s", demo_users[i].email, db_rc_name(rc));
            return 1;
        }
    }
    if (db_exec(db, sql[SQL_META_SET], "sss", "demo_seed", fp, fp) != DB_OK)
        return 1;
    log_info("seeded %zu demo accounts", i);
    return 0;
}
