/*
 * store_person: someone of the forums as their page shows them to anyone
 * (pages_person.c): their name, organisation and the communities they have
 * joined. Disabled accounts and people who have joined no community have no
 * page. Their recent posts are read in store_search.c, as search hits.
 */
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"

enum person_sql {
    SQL_PERSON,
    SQL_PERSON_COMMUNITIES,
    SQL_PERSON__MAX,
};

static const char *const sql[SQL_PERSON__MAX] = {
    /* "Other": the name they typed, in both languages */
    [SQL_PERSON] = "SELECT u.name, IF(o.kind = 'other', u.org_other, o.name_cy), "
                   "IF(o.kind = 'other', u.org_other, o.name_en) FROM users u "
                   "LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ? AND u.disabled = 0",
    [SQL_PERSON_COMMUNITIES] =
        "SELECT c.id, c.slug, c.name_cy, c.name_en, c.position FROM community_members m "
        "JOIN communities c ON c.id = m.community_id WHERE m.user_id = ? AND c.archived = 0 "
        "ORDER BY c.position, c.id LIMIT 200",
};

_Static_assert(COMMUNITIES_MAX == 200, "SQL_PERSON_COMMUNITIES reads COMMUNITIES_MAX");

static enum db_rc communities(struct db *db, struct arena *a, struct forum_person *p)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_PERSON_COMMUNITIES], "l", p->id);
    struct community *c;

    p->n_communities = 0;
    p->communities = arena_alloc(a, COMMUNITIES_MAX * sizeof(*p->communities));
    if (rc != DB_OK)
        return rc;
    while (p->n_communities < COMMUNITIES_MAX) {
        c = &p->communities[p->n_communities];
        memset(c, 0, sizeof(*c));
        rc = db_row_next(st, a, "isssi", &c->id, &c->slug, &c->name[LANG_CY], &c->name[LANG_EN],
                         &c->position);
        if (rc != DB_OK)
            break;
        p->n_communities++;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    return p->n_communities ? DB_OK : DB_NOT_FOUND;
}

enum db_rc forum_store_person(struct db *db, struct arena *a, long long id,
                              struct forum_person *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_PERSON], "l", id);

    memset(out, 0, sizeof(*out));
    out->id = id;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "sss", &out->name, &out->org[LANG_CY], &out->org[LANG_EN]);
    db_done(st);
    return rc == DB_OK ? communities(db, a, out) : rc;
}
