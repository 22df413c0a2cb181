#include "scratch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include "fixtures.h"

/* The tables a refused request may still write (scratch.h). */
static const char *const volatile_tables[] = { "rate_limits", "audit_log", NULL };

/* The url of DYSGU_DB with the database name replaced by name (malloc'd). */
static char *url_with_db(const char *url, const char *name)
{
    const char *at = strrchr(url, '@'), *slash, *end;
    size_t n;
    char *out;

    if (!at || !(slash = strchr(at, '/')))
        return NULL;
    end = slash + 1 + strcspn(slash + 1, "?");
    n = (size_t)(slash + 1 - url) + strlen(name) + strlen(end) + 1;
    out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(slash + 1 - url), url, name, end);
    return out;
}

int fx_scratch_create(struct fx_scratch *d, const char *tag)
{
    static char sql_create[160];
    struct arena a;
    struct db *db;
    char dir[4096];
    int rc = -1;

    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "dysgu_scratch_%ld_%s", (long)getpid(), tag);
    d->url = url_with_db(getenv("DYSGU_DB") ? getenv("DYSGU_DB") : "", d->name);
    if (!d->url)
        return -1;
    snprintf(d->env, sizeof(d->env), "DYSGU_DB=%s", d->url);
    /* built once per process (statements are cached by SQL pointer) */
    snprintf(sql_create, sizeof(sql_create),
             "CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_uca1400_ai_ci",
             d->name);
    arena_init(&a, 0);
    db = fx_db_open(&a, NULL);
    if (db && db_exec(db, sql_create, "") == DB_OK)
        rc = 0;
    db_free(db);
    if (rc == 0) {
        db = fx_db_open(&a, d->url);
        snprintf(dir, sizeof(dir), "%s/migrations", DYSGU_SOURCE_DIR);
        rc = db && migrate_run(db, dir) >= 0 ? 0 : -1; /* the number applied, or -1 */
        db_free(db);
    }
    arena_release(&a);
    return rc;
}

void fx_scratch_drop(struct fx_scratch *d)
{
    static char sql_drop[128];
    struct arena a;
    struct db *db;

    if (!d->url)
        return;
    snprintf(sql_drop, sizeof(sql_drop), "DROP DATABASE IF EXISTS `%s`", d->name);
    arena_init(&a, 0);
    db = fx_db_open(&a, NULL);
    if (db && db_exec(db, sql_drop, "") != DB_OK)
        fprintf(stderr, "fixtures: cannot drop %s\n", d->name);
    db_free(db);
    arena_release(&a);
    free(d->url);
    d->url = NULL;
}

static int is_volatile(const char *table)
{
    const char *const *t;

    for (t = volatile_tables; *t; t++)
        if (!strcmp(*t, table))
            return 1;
    return 0;
}

/* The CHECKSUM TABLE text is built afresh on a fresh connection each time,
 * so the statement cache never sees one pointer with two texts. */
char *fx_scratch_checksum(const struct fx_scratch *d)
{
    struct arena a;
    struct db *db;
    struct db_stmt *st = NULL;
    char *sql = NULL, *out = NULL, *name;
    unsigned long long sum;
    size_t sql_len = 0, out_len = 0;
    FILE *f;
    int ok = 1;

    arena_init(&a, 0);
    db = fx_db_open(&a, d->url);
    if (!db || db_query(db, &st, "SHOW TABLES", "") != DB_OK)
        goto out;
    f = open_memstream(&sql, &sql_len);
    fputs("CHECKSUM TABLE ", f);
    for (int n = 0; db_row_next(st, &a, "s", &name) == DB_OK; n++)
        fprintf(f, "%s`%s`", n ? ", " : "", name);
    fclose(f);
    db_done(st);
    st = NULL;
    if (db_query(db, &st, sql, "") != DB_OK)
        goto out;
    f = open_memstream(&out, &out_len);
    /* CHECKSUM TABLE answers (Table, Checksum BIGINT UNSIGNED) */
    while (db_row_next(st, &a, "su", &name, &sum) == DB_OK) {
        const char *table = strchr(name, '.') ? strchr(name, '.') + 1 : name;

        if (!is_volatile(table))
            fprintf(f, "%s=%llu\n", table, sum);
    }
    fclose(f);
    db_done(st);
    ok = 0;
out:
    db_free(db);
    free(sql);
    arena_release(&a);
    if (ok) {
        free(out);
        return NULL;
    }
    return out;
}
