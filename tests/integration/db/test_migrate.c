/*
 * db/migrate.c against the real private MariaDB named by DYSGU_DB, in scratch
 * databases dysgu_mig_<pid> and dysgu_core_<pid> (ops/db grants the dysgu account
 * ALL on dysgu_%), with the fixtures copied to a temporary folder first.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include "testing.h"

#define FIXTURES "tests/integration/db/data/migrations"

static struct arena mem;
static struct db_params base;
static struct db *admin; /* on the database DYSGU_DB names */
static char dir[64] = "";

static int open_admin(void)
{
    const char *url = getenv("DYSGU_DB");
    char err[256];

    if (admin)
        return 0;
    if (!url) {
        CU_FAIL("DYSGU_DB is not set (ops/db start DIR; export DYSGU_DB=$(ops/db url DIR))");
        return -1;
    }
    if (db_params_parse(&mem, url, &base, err, sizeof(err))) {
        CU_FAIL(err);
        return -1;
    }
    admin = db_new(&base);
    return 0;
}

static void script(struct db *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void script(struct db *d, const char *fmt, ...)
{
    char sql[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    CU_ASSERT_EQUAL(db_exec_script(d, sql, (size_t)n), DB_OK);
}

/* A fresh scratch database called prefix_<pid> and a connection to it. */
static struct db *scratch_db(const char *prefix)
{
    struct db_params p;
    char *name;

    if (open_admin())
        return NULL;
    name = arena_printf(&mem, "%s_%ld", prefix, (long)getpid());
    script(admin, "DROP DATABASE IF EXISTS `%s`", name);
    script(admin, "CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci", name);
    p = base;
    p.name = name;
    return db_new(&p);
}

static void drop_db(struct db *d, const char *prefix)
{
    db_free(d);
    script(admin, "DROP DATABASE IF EXISTS `%s`",
           arena_printf(&mem, "%s_%ld", prefix, (long)getpid()));
}

static void write_file(const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
}

static void copy_fixture(const char *name)
{
    char *text = test_read_file(arena_printf(&mem, "%s/%s", FIXTURES, name), NULL);

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    write_file(name, text);
    free(text);
}

static void remove_file(const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    unlink(path);
}

static long long count(struct db *d, const char *sql)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(d, &st, sql, "") != DB_OK)
        return -1;
    if (db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

static const char count_applied[] = "SELECT COUNT(*) FROM schema_migrations";
static const char count_mig_c[] = "SELECT COUNT(*) FROM information_schema.TABLES"
                                  " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'mig_c'";

static void assert_status(struct db *d, int pending, int changed)
{
    int n_pending = -1, n_changed = -1;

    CU_ASSERT_EQUAL(migrate_status(d, dir, &n_pending, &n_changed), 0);
    CU_ASSERT_EQUAL(n_pending, pending);
    CU_ASSERT_EQUAL(n_changed, changed);
}

static void migrate__applies_once_and_refuses_changes(void)
{
    struct db *d = scratch_db("dysgu_mig");
    struct db_stmt *st = NULL;
    char *name = NULL, *checksum = NULL;
    int version = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    snprintf(dir, sizeof(dir), "/tmp/dysgu-mig-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    copy_fixture("0001_first.sql");
    copy_fixture("0002_second.sql");
    copy_fixture("README");

    assert_status(d, 2, 0);
    CU_ASSERT_EQUAL(migrate_run(d, dir), 2);
    CU_ASSERT_EQUAL(count(d, count_applied), 2);
    CU_ASSERT_EQUAL(count(d, "SELECT COUNT(*) FROM mig_a WHERE w IS NULL"), 2);
    CU_ASSERT_EQUAL_FATAL(
        db_query(d, &st, "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
                 ""),
        DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "iss", &version, &name, &checksum), DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(version, 1);
    CU_ASSERT_STRING_EQUAL(name, "0001_first.sql");
    CU_ASSERT_EQUAL(strlen(checksum), 64);

    CU_ASSERT_EQUAL(migrate_run(d, dir), 0);
    assert_status(d, 0, 0);

    /* an applied file edited, plus a new one: refused, and the new one is not run */
    write_file("0003_third.sql", "CREATE TABLE IF NOT EXISTS mig_c (id INT NOT NULL PRIMARY KEY)"
                                 " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                                 " COLLATE=utf8mb4_uca1400_ai_ci;\n");
    write_file("0001_first.sql", "CREATE TABLE IF NOT EXISTS mig_a (id INT PRIMARY KEY);\n");
    assert_status(d, 1, 1);
    CU_ASSERT_EQUAL(migrate_run(d, dir), -1);
    CU_ASSERT_EQUAL(count(d, count_applied), 2);
    CU_ASSERT_EQUAL(count(d, count_mig_c), 0);

    /* an applied file gone: refused too */
    copy_fixture("0001_first.sql");
    remove_file("0002_second.sql");
    assert_status(d, 1, 1);
    CU_ASSERT_EQUAL(migrate_run(d, dir), -1);
    CU_ASSERT_EQUAL(count(d, count_mig_c), 0);

    /* an applied file renamed: refused */
    copy_fixture("0002_second.sql");
    rename(arena_printf(&mem, "%s/0002_second.sql", dir),
           arena_printf(&mem, "%s/0002_renamed.sql", dir));
    assert_status(d, 1, 1);
    CU_ASSERT_EQUAL(migrate_run(d, dir), -1);
    remove_file("0002_renamed.sql");

    /* all back as applied: only the new file runs */
    copy_fixture("0002_second.sql");
    CU_ASSERT_EQUAL(migrate_run(d, dir), 1);
    CU_ASSERT_EQUAL(count(d, count_mig_c), 1);
    CU_ASSERT_EQUAL(count(d, count_applied), 3);

    remove_file("0001_first.sql");
    remove_file("0002_second.sql");
    remove_file("0003_third.sql");
    remove_file("README");
    drop_db(d, "dysgu_mig");
}

static void migrate__failed_file_is_not_recorded(void)
{
    struct db *d = scratch_db("dysgu_mig");

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    if (dir[0])
        rmdir(dir);
    snprintf(dir, sizeof(dir), "/tmp/dysgu-mig-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    copy_fixture("0001_first.sql");
    /* the first statement applies, the second fails: nothing is recorded */
    write_file("0002_broken.sql", "CREATE TABLE IF NOT EXISTS mig_c (id INT NOT NULL PRIMARY KEY)"
                                  " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                                  " COLLATE=utf8mb4_uca1400_ai_ci;\n"
                                  "ALTER TABLE no_such_table ADD COLUMN x INT;\n");
    CU_ASSERT_EQUAL(migrate_run(d, dir), -1);
    CU_ASSERT_EQUAL(count(d, count_applied), 1);
    CU_ASSERT_EQUAL(count(d, count_mig_c), 1);
    assert_status(d, 1, 0);
    /* fixed and re-runnable: the run finishes the job */
    write_file("0002_broken.sql", "CREATE TABLE IF NOT EXISTS mig_c (id INT NOT NULL PRIMARY KEY)"
                                  " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                                  " COLLATE=utf8mb4_uca1400_ai_ci;\n");
    CU_ASSERT_EQUAL(migrate_run(d, dir), 1);
    assert_status(d, 0, 0);
    /* two files with one number */
    write_file("0002_twin.sql", "SELECT 1;\n");
    CU_ASSERT_EQUAL(migrate_run(d, dir), -1);
    remove_file("0002_twin.sql");
    remove_file("0001_first.sql");
    remove_file("0002_broken.sql");
    CU_ASSERT_EQUAL(rmdir(dir), 0);
    dir[0] = '\0';
    CU_ASSERT_EQUAL(migrate_run(d, "/nonexistent/migrations"), -1);
    drop_db(d, "dysgu_mig");
}

/* The project's own migrations on an empty database, and what the schema promises. */
static void migrate__core_schema(void)
{
    struct db *d = scratch_db("dysgu_core");
    char *path = arena_printf(&mem, "%s/migrations", DYSGU_SOURCE_DIR);
    unsigned long long id;
    int applied;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    applied = migrate_run(d, path);
    CU_ASSERT(applied >= 1);
    CU_ASSERT_EQUAL(migrate_run(d, path), 0);
    CU_ASSERT_EQUAL_FATAL(db_exec(d,
                                  "INSERT INTO users (email, email_norm, name, password_hash)"
                                  " VALUES (?, ?, ?, ?)",
                                  "ssss", "Ann@Example.org", "ann@example.org", "Ann Ŵyn",
                                  "$argon2id$v=19$m=65536,t=2,p=1$x$y"),
                          DB_OK);
    id = db_insert_id(d);
    CU_ASSERT(id > 0);
    CU_ASSERT_EQUAL(count(d, "SELECT COUNT(*) FROM users WHERE lang = 'cy' AND disabled = 0"), 1);
    /* the normalised address is the unique key, compared byte for byte */
    CU_ASSERT_EQUAL(db_exec(d,
                            "INSERT INTO users (email, email_norm, name, password_hash)"
                            " VALUES ('b', 'ann@example.org', 'b', 'h')",
                            ""),
                    DB_CONFLICT);
    CU_ASSERT_EQUAL(db_exec(d,
                            "INSERT INTO users (email, email_norm, name, password_hash)"
                            " VALUES ('b', 'ANN@example.org', 'b', 'h')",
                            ""),
                    DB_OK);
    CU_ASSERT_EQUAL(db_exec(d,
                            "INSERT INTO users (email, email_norm, name, password_hash, lang)"
                            " VALUES ('c', 'c', 'c', 'h', 'fr')",
                            ""),
                    DB_ERROR);
    CU_ASSERT_EQUAL(
        db_exec(d, "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')", "u", id), DB_OK);
    CU_ASSERT_EQUAL(
        db_exec(d, "INSERT INTO user_roles (user_id, role) VALUES (?, 'admin')", "u", id),
        DB_CONFLICT);
    CU_ASSERT_EQUAL(
        db_exec(d, "INSERT INTO user_roles (user_id, role) VALUES (?, 'root')", "u", id), DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, "DELETE FROM users WHERE id = ?", "u", id), DB_OK);
    CU_ASSERT_EQUAL(count(d, "SELECT COUNT(*) FROM user_roles"), 0);
    CU_ASSERT_EQUAL(db_exec(d, "INSERT INTO app_meta (k, v) VALUES ('schema', 'ok')", ""), DB_OK);
    /* every table has a primary key and the project's charset and collation */
    CU_ASSERT_EQUAL(count(d, "SELECT COUNT(*) FROM information_schema.TABLES t"
                             " WHERE t.TABLE_SCHEMA = DATABASE() AND NOT EXISTS"
                             " (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c"
                             "  WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA"
                             "  AND c.TABLE_NAME = t.TABLE_NAME"
                             "  AND c.CONSTRAINT_TYPE = 'PRIMARY KEY')"),
                    0);
    CU_ASSERT_EQUAL(count(d, "SELECT COUNT(*) FROM information_schema.TABLES"
                             " WHERE TABLE_SCHEMA = DATABASE()"
                             " AND (TABLE_COLLATION <> 'utf8mb4_uca1400_ai_ci'"
                             "  OR ENGINE <> 'InnoDB')"),
                    0);
    drop_db(d, "dysgu_core");
}

static void migrate__clean_up(void)
{
    db_free(admin);
    admin = NULL;
    arena_release(&mem);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "migrate__applies_once_and_refuses_changes", migrate__applies_once_and_refuses_changes },
        { "migrate__failed_file_is_not_recorded", migrate__failed_file_is_not_recorded },
        { "migrate__core_schema", migrate__core_schema },
        { "migrate__clean_up", migrate__clean_up },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    if (db_library_init())
        exit(2);
    test_add_suite("migrate", cases);
}
