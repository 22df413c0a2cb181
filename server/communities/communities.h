/*
 * communities: the communities of practice (issue 19). This folder owns the
 * communities table (migrations/0010_communities.sql); webinars, pathways and
 * anything else that names a community ask through this header.
 *
 * Strings handed out live in the arena given to the store function.
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"
#include "db/db.h"

struct arena;

#define COMMUNITIES_MAX 200 /* communities community_store_list reads at most */

struct community {
    int id;
    const char *slug;
    const char *name[LANG__COUNT];
    const char *summary[LANG__COUNT];
    int position;
};

/* Every community not archived, in position order (then id): *out is an
 * array of *n in a, at most COMMUNITIES_MAX. */
enum db_rc community_store_list(struct db *db, struct arena *a, struct community **out, size_t *n);

/* The community with slug (archived or not); DB_NOT_FOUND if none. */
enum db_rc community_store_by_slug(struct db *db, struct arena *a, const char *slug,
                                   struct community *out);
