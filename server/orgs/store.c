#include <string.h>

#include "core/arena.h"
#include "orgs/orgs.h"
#include "view/collate.h"

enum org_sql {
    SQL_ORG_LIST_CY,
    SQL_ORG_LIST_EN,
    SQL_ORG_GET_CY,
    SQL_ORG_GET_EN,
    SQL_ORG__MAX,
};

static const char *const sql[SQL_ORG__MAX] = {
    [SQL_ORG_LIST_CY] = "SELECT id, code, name_cy, kind = 'other' FROM organisations ORDER BY id",
    [SQL_ORG_LIST_EN] = "SELECT id, code, name_en, kind = 'other' FROM organisations ORDER BY id",
    [SQL_ORG_GET_CY] = "SELECT id, code, name_cy, kind = 'other' FROM organisations WHERE id = ?",
    [SQL_ORG_GET_EN] = "SELECT id, code, name_en, kind = 'other' FROM organisations WHERE id = ?",
};

enum db_rc org_store_list(struct db *db, struct arena *a, enum lang l, struct org **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct org *rows = NULL, *sorted;
    const char **names;
    size_t n_rows = 0, cap = 0, i, k = 0, *order;
    enum db_rc rc;

    *out = NULL;
    *n = 0;
    rc = db_query(db, &st, sql[l == LANG_EN ? SQL_ORG_LIST_EN : SQL_ORG_LIST_CY], "");
    if (rc != DB_OK)
        return rc;
    for (;;) {
        struct org *o;
        char *code, *name;

        rows = arena_grow(a, rows, n_rows, &cap, sizeof(*rows));
        o = &rows[n_rows];
        rc = db_row_next(st, a, "issb", &o->id, &code, &name, &o->is_other);
        if (rc != DB_OK)
            break;
        o->code = code;
        o->name = name ? name : "";
        n_rows++;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;

    names = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*names));
    order = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*order));
    for (i = 0; i < n_rows; i++)
        names[i] = rows[i].name;
    (void)collate_sort(l, names, n_rows, order); /* on failure: by id, still complete */

    /* in the language's order, "Other"/"Arall" last */
    sorted = arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*sorted));
    for (i = 0; i < n_rows; i++)
        if (!rows[order[i]].is_other)
            sorted[k++] = rows[order[i]];
    for (i = 0; i < n_rows; i++)
        if (rows[order[i]].is_other)
            sorted[k++] = rows[order[i]];
    *out = sorted;
    *n = n_rows;
    return DB_OK;
}

enum db_rc org_store_get(struct db *db, struct arena *a, enum lang l, int id, struct org *out)
{
    struct db_stmt *st = NULL;
    char *code = NULL, *name = NULL;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = db_query(db, &st, sql[l == LANG_EN ? SQL_ORG_GET_EN : SQL_ORG_GET_CY], "i", id);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "issb", &out->id, &code, &name, &out->is_other);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    out->code = code;
    out->name = name ? name : "";
    return DB_OK;
}
