#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"

enum community_sql {
    SQL_COMMUNITY_LIST,
    SQL_COMMUNITY_BY_SLUG,
    SQL_COMMUNITY_BY_ID,
    SQL_COMMUNITY__MAX,
};

#define COMMUNITY_COLS                                                                             \
    "SELECT id, slug, name_cy, name_en, summary_cy, summary_en, position FROM communities"
#define COMMUNITY_SIG "isssssi"

static const char *const sql[SQL_COMMUNITY__MAX] = {
    [SQL_COMMUNITY_LIST] = COMMUNITY_COLS " WHERE archived = 0 ORDER BY position, id LIMIT 200",
    [SQL_COMMUNITY_BY_SLUG] = COMMUNITY_COLS " WHERE slug = ?",
    [SQL_COMMUNITY_BY_ID] = COMMUNITY_COLS " WHERE id = ?",
};

static enum db_rc row(struct db_stmt *st, struct arena *a, struct community *c)
{
    memset(c, 0, sizeof(*c));
    return db_row_next(st, a, COMMUNITY_SIG, &c->id, &c->slug, &c->name[LANG_CY], &c->name[LANG_EN],
                       &c->summary[LANG_CY], &c->summary[LANG_EN], &c->position);
}

enum db_rc community_store_list(struct db *db, struct arena *a, struct community **out, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_COMMUNITY_LIST], "");

    *n = 0;
    *out = arena_alloc(a, COMMUNITIES_MAX * sizeof(**out));
    if (rc != DB_OK)
        return rc;
    while (*n < COMMUNITIES_MAX && (rc = row(st, a, &(*out)[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

/* The one row st finds into out. */
static enum db_rc one(struct db_stmt *st, enum db_rc rc, struct arena *a, struct community *out)
{
    if (rc != DB_OK)
        return rc;
    rc = row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc community_store_by_slug(struct db *db, struct arena *a, const char *slug,
                                   struct community *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_COMMUNITY_BY_SLUG], "s", slug);

    return one(st, rc, a, out);
}

enum db_rc community_store_by_id(struct db *db, struct arena *a, int id, struct community *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_COMMUNITY_BY_ID], "i", id);

    return one(st, rc, a, out);
}
