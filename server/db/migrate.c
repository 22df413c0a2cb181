#include "db/migrate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/db.h"

#define MIGRATION_MAX_BYTES (8 * 1024 * 1024) /* well under max_allowed_packet */
#define MIGRATION_NAME_MAX  200               /* schema_migrations.name */

enum migrate_sql {
    SQL_MIG_CREATE,
    SQL_MIG_EXISTS,
    SQL_MIG_APPLIED,
    SQL_MIG_RECORD,
    SQL_MIG__MAX,
};

static const char *const sql[SQL_MIG__MAX] = {
    [SQL_MIG_CREATE] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version INT NOT NULL PRIMARY KEY,"
                       " name VARCHAR(200) NOT NULL,"
                       " checksum CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,"
                       " applied_at DATETIME NOT NULL"
                       ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci",
    [SQL_MIG_EXISTS] = "SELECT COUNT(*) FROM information_schema.TABLES"
                       " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations'",
    [SQL_MIG_APPLIED] = "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
    [SQL_MIG_RECORD] = "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                       " VALUES (?, ?, ?, UTC_TIMESTAMP())",
};

struct migration {
    int version;
    const char *name; /* the file name, e.g. "0001_core.sql" */
    char *text;
    size_t len;
    char checksum[crypto_generichash_BYTES * 2 + 1];
    int applied; /* recorded in schema_migrations */
};

/* The files of one run (in the run's arena) and what the database says of them. */
struct plan {
    struct migration *files; /* sorted by version; heap, freed by plan_release */
    size_t n_files;
    int n_pending;
    int n_changed;
    int max_applied;
};

/* "NNNN_name.sql": the version, or -1 for any other name. */
static int version_of(const char *name)
{
    size_t len = strlen(name);
    int i, v = 0;

    if (len < 10 || len > MIGRATION_NAME_MAX || name[4] != '_' ||
        strcmp(name + len - 4, ".sql") != 0)
        return -1;
    for (i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        v = v * 10 + (name[i] - '0');
    }
    return v > 0 ? v : -1;
}

static int read_migration(struct arena *a, const char *dir, struct migration *m)
{
    char *path = arena_printf(a, "%s/%s", dir, m->name);
    unsigned char hash[crypto_generichash_BYTES];
    struct stat sb;
    FILE *f = NULL;
    int ret = -1;

    f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &sb)) {
        log_error("cannot read migration '%s': %s", path, strerror(errno));
        goto out;
    }
    if (sb.st_size <= 0 || sb.st_size > MIGRATION_MAX_BYTES) {
        log_error("migration '%s' is empty or larger than %d bytes", path, MIGRATION_MAX_BYTES);
        goto out;
    }
    m->len = (size_t)sb.st_size;
    m->text = arena_alloc(a, m->len + 1);
    if (fread(m->text, 1, m->len, f) != m->len) {
        log_error("cannot read migration '%s'", path);
        goto out;
    }
    m->text[m->len] = '\0';
    crypto_generichash(hash, sizeof(hash), (const unsigned char *)m->text, m->len, NULL, 0);
    sodium_bin2hex(m->checksum, sizeof(m->checksum), hash, sizeof(hash));
    ret = 0;
out:
    if (f)
        fclose(f);
    return ret;
}

static int by_version(const void *x, const void *y)
{
    const struct migration *a = x, *b = y;

    return (a->version > b->version) - (a->version < b->version);
}

/* Read and checksum every dir/NNNN_name.sql, sorted by version. */
static int plan_load(struct arena *a, const char *dir, struct plan *pl)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t alloc = 0, i;
    int ret = -1;

    if (!d)
        return log_error("cannot open migrations folder '%s': %s", dir, strerror(errno));
    for (;;) {
        struct migration *m;
        int v;

        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno) {
                log_error("cannot list migrations folder '%s': %s", dir, strerror(errno));
                goto out;
            }
            break;
        }
        v = version_of(de->d_name);
        if (v < 0) {
            size_t len = strlen(de->d_name);

            if (len > 4 && !strcmp(de->d_name + len - 4, ".sql"))
                log_warn("ignoring '%s/%s': not named NNNN_name.sql", dir, de->d_name);
            continue;
        }
        if (pl->n_files == alloc) {
            alloc = alloc ? alloc * 2 : 16;
            pl->files = xrealloc(pl->files, alloc * sizeof(*pl->files));
        }
        m = &pl->files[pl->n_files++];
        memset(m, 0, sizeof(*m));
        m->version = v;
        m->name = arena_strdup(a, de->d_name);
        if (read_migration(a, dir, m))
            goto out;
    }
    if (pl->n_files)
        qsort(pl->files, pl->n_files, sizeof(*pl->files), by_version);
    for (i = 1; i < pl->n_files; i++)
        if (pl->files[i].version == pl->files[i - 1].version) {
            log_error("migrations '%s' and '%s' share the number %04d", pl->files[i - 1].name,
                      pl->files[i].name, pl->files[i].version);
            goto out;
        }
    ret = 0;
out:
    closedir(d);
    return ret;
}

static void plan_release(struct plan *pl)
{
    free(pl->files);
    pl->files = NULL;
    pl->n_files = 0;
}

static struct migration *plan_find(struct plan *pl, int version)
{
    struct migration key = { .version = version };

    if (!pl->n_files)
        return NULL;
    return bsearch(&key, pl->files, pl->n_files, sizeof(*pl->files), by_version);
}

/* Match schema_migrations against the files: mark applied ones and count the
 * recorded migrations that changed or are missing. */
static int plan_check(struct arena *a, struct db *db, const char *dir, struct plan *pl)
{
    struct db_stmt *st = NULL;
    enum db_rc rc;
    size_t i;
    int version;
    char *name, *checksum;
    int ret = -1;

    rc = db_query(db, &st, sql[SQL_MIG_APPLIED], "");
    if (rc != DB_OK)
        goto out;
    for (;;) {
        struct migration *m;

        rc = db_row_next(st, a, "iss", &version, &name, &checksum);
        if (rc != DB_OK)
            break;
        m = plan_find(pl, version);
        if (version > pl->max_applied)
            pl->max_applied = version;
        if (!m) {
            log_error("applied migration '%s' is missing from '%s'", name, dir);
            pl->n_changed++;
        } else if (strcmp(m->name, name) != 0) {
            log_error("applied migration %04d was '%s' but the file is now '%s'", version, name,
                      m->name);
            pl->n_changed++;
        } else if (strcmp(m->checksum, checksum) != 0) {
            log_error("applied migration '%s' has changed since it was applied", name);
            pl->n_changed++;
        }
        if (m)
            m->applied = 1;
    }
    if (rc != DB_NOT_FOUND)
        goto out;
    for (i = 0; i < pl->n_files; i++)
        pl->n_pending += !pl->files[i].applied;
    ret = 0;
out:
    db_done(st);
    if (ret)
        log_error("cannot read schema_migrations");
    return ret;
}

static int apply_one(struct db *db, const struct migration *m, int max_applied)
{
    enum db_rc rc;

    if (m->version < max_applied)
        log_warn("migration '%s' is older than the newest applied one (%04d): applying it now",
                 m->name, max_applied);
    rc = db_exec_script(db, m->text, m->len);
    if (rc != DB_OK)
        return log_error("migration '%s' failed (%s): it is not recorded, and any statement "
                         "before the failing one stays applied; fix it and run again",
                         m->name, db_rc_name(rc));
    rc = db_exec(db, sql[SQL_MIG_RECORD], "iss", m->version, m->name, m->checksum);
    if (rc != DB_OK)
        return log_error("migration '%s' ran but cannot be recorded (%s)", m->name, db_rc_name(rc));
    log_info("applied migration '%s'", m->name);
    return 0;
}

int migrate_run(struct db *db, const char *dir)
{
    struct arena a;
    struct plan pl = { 0 };
    size_t i;
    int n_applied = 0;
    int ret = -1;

    arena_init(&a, 0);
    if (sodium_init() < 0 || plan_load(&a, dir, &pl))
        goto out;
    if (db_exec(db, sql[SQL_MIG_CREATE], "") != DB_OK) {
        log_error("cannot create schema_migrations");
        goto out;
    }
    if (plan_check(&a, db, dir, &pl))
        goto out;
    if (pl.n_changed) {
        log_error("refusing to migrate: %d applied migration(s) changed or missing in '%s'",
                  pl.n_changed, dir);
        goto out;
    }
    for (i = 0; i < pl.n_files; i++) {
        if (pl.files[i].applied)
            continue;
        if (apply_one(db, &pl.files[i], pl.max_applied))
            goto out;
        n_applied++;
    }
    log_info("migrations: %d applied now, %zu in total, schema up to date", n_applied, pl.n_files);
    ret = n_applied;
out:
    plan_release(&pl);
    arena_release(&a);
    return ret;
}

int migrate_status(struct db *db, const char *dir, int *n_pending, int *n_changed)
{
    struct arena a;
    struct plan pl = { 0 };
    struct db_stmt *st = NULL;
    long long exists = 0;
    int ret = -1;

    *n_pending = 0;
    *n_changed = 0;
    arena_init(&a, 0);
    if (sodium_init() < 0 || plan_load(&a, dir, &pl))
        goto out;
    if (db_query(db, &st, sql[SQL_MIG_EXISTS], "") != DB_OK ||
        db_row_next(st, NULL, "l", &exists) != DB_OK)
        goto out;
    if (exists) {
        if (plan_check(&a, db, dir, &pl))
            goto out;
    } else {
        pl.n_pending = (int)pl.n_files;
    }
    *n_pending = pl.n_pending;
    *n_changed = pl.n_changed;
    ret = 0;
out:
    db_done(st);
    plan_release(&pl);
    arena_release(&a);
    return ret;
}
