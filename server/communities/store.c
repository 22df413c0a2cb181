#include <string.h>

#include "communities/communities_impl.h"
#include "core/arena.h"

enum community_sql {
    SQL_COMMUNITY_LIST,
    SQL_COMMUNITY_BY_SLUG,
    SQL_COMMUNITY_BY_ID,
    SQL_COMMUNITY_READER,
    SQL_COMMUNITY__MAX,
};

#define COMMUNITY_COLS                                                                             \
    "SELECT id, slug, name_cy, name_en, summary_cy, summary_en, position FROM communities"
#define COMMUNITY_SIG "isssssi"

static const char *const sql[SQL_COMMUNITY__MAX] = {
    [SQL_COMMUNITY_LIST] = COMMUNITY_COLS " WHERE archived = 0 ORDER BY position, id LIMIT 200",
    [SQL_COMMUNITY_BY_SLUG] = COMMUNITY_COLS " WHERE slug = ?",
    [SQL_COMMUNITY_BY_ID] = COMMUNITY_COLS " WHERE id = ?",
    /* the community and what the reader is to it, one round trip (its
     * page's mine hook): membership with their posts, watching, a running mute */
    [SQL_COMMUNITY_READER] =
        "SELECT c.id, c.slug, c.name_cy, c.name_en, c.summary_cy, c.summary_en, c.position, "
        "m.user_id IS NOT NULL, COALESCE(m.post_count, 0), EXISTS (SELECT 1 FROM "
        "forum_community_watches w WHERE w.user_id = ? AND w.community_id = c.id), "
        "(SELECT MAX(f.until) FROM forum_mutes f WHERE f.user_id = ? AND f.lifted_at IS NULL "
        "AND f.until > UTC_TIMESTAMP()) FROM communities c LEFT JOIN community_members m ON "
        "m.community_id = c.id AND m.user_id = ? WHERE c.slug = ?",
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

enum db_rc community_store_reader(struct db *db, struct arena *a, const char *slug,
                                  long long user_id, struct community *out, struct forum_reader *me)
{
    struct db_stmt *st = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_COMMUNITY_READER], "llls", user_id, user_id, user_id, slug);

    memset(out, 0, sizeof(*out));
    memset(me, 0, sizeof(*me));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, COMMUNITY_SIG "bibt", &out->id, &out->slug, &out->name[LANG_CY],
                     &out->name[LANG_EN], &out->summary[LANG_CY], &out->summary[LANG_EN],
                     &out->position, &me->member, &me->posts, &me->watching, &me->muted_until);
    db_done(st);
    return rc;
}
