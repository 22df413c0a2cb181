/*
 * The organisations kept in memory (issue 22, core/kept): the list is the
 * same for everyone and changes only with a migration, yet the account and
 * register pages read it on every view. Each language's sorted list is
 * loaded once through org_store_list and kept for ORG_CACHE_TTL_MS, or until
 * org_cache_forget (what a page that changes organisations calls).
 */
#include <string.h>

#include "core/arena.h"
#include "core/kept.h"
#include "orgs/orgs.h"

#define ORG_CACHE_TTL_MS (5 * 60 * 1000) /* a migration run beside a live server shows by then */

struct load_arg {
    struct db *db;
    enum lang l;
};

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct load_arg *la = arg;
    struct org *rows = NULL;
    size_t n = 0;
    enum db_rc rc = org_store_list(la->db, a, la->l, &rows, &n);

    *value = rows;
    *size = n * sizeof(*rows);
    return (int)rc;
}

static struct kept kept[2] = { KEPT_INIT(load, ORG_CACHE_TTL_MS),
                               KEPT_INIT(load, ORG_CACHE_TTL_MS) };

/* l's kept list, valid until a is reset. */
static enum db_rc list_of(struct db *db, struct arena *a, enum lang l, const struct org **orgs,
                          size_t *n)
{
    struct load_arg la = { db, l };
    const void *v;
    size_t size;
    int rc = kept_get(a, &kept[l == LANG_EN], 0, &la, &v, &size);

    *orgs = v;
    *n = size / sizeof(**orgs);
    return (enum db_rc)rc;
}

enum db_rc org_list(struct db *db, struct arena *a, enum lang l, struct org **out, size_t *n)
{
    const struct org *orgs;
    enum db_rc rc = list_of(db, a, l, &orgs, n);

    *out = NULL;
    if (rc != DB_OK) {
        *n = 0;
        return rc;
    }
    /* the caller's own array (the kept one is shared); the strings are the kept ones */
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    memcpy(*out, orgs, *n * sizeof(**out));
    return DB_OK;
}

enum db_rc org_get(struct db *db, struct arena *a, enum lang l, int id, struct org *out)
{
    const struct org *orgs;
    size_t i, n;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    if (id <= 0)
        return DB_NOT_FOUND;
    rc = list_of(db, a, l, &orgs, &n);
    if (rc != DB_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (orgs[i].id == id) {
            *out = orgs[i];
            return DB_OK;
        }
    return DB_NOT_FOUND;
}

void org_cache_forget(void)
{
    kept_forget(&kept[0]);
    kept_forget(&kept[1]);
}
