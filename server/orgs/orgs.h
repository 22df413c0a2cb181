/*
 * orgs: the organisations a person can say they work for (domain.md section
 * 4): the 22 principal councils, 7 health boards, 3 NHS trusts, Welsh
 * Government, and "Other". Seeded by migrations/0003_organisations.sql.
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"
#include "db/db.h"

struct arena;

struct org {
    int id;
    const char *code;
    const char *name; /* in the asked language */
    int is_other;
};

/*
 * Every organisation, sorted for display in l's order (Welsh with the ICU "cy"
 * collator, English with "en"); "Other"/"Arall" always last. *out is an array
 * of *n allocated in a, its strings too; valid until a is reset.
 */
enum db_rc org_store_list(struct db *db, struct arena *a, enum lang l, struct org **out, size_t *n);

/* One organisation by id, strings in a; DB_NOT_FOUND when there is none. */
enum db_rc org_store_get(struct db *db, struct arena *a, enum lang l, int id, struct org *out);

/*
 * The same two, from memory (orgs/cache.c): each language's list is read
 * from the database once and kept a few minutes, so the pages that show it
 * (account, register) run no statement for it. What a page that changes
 * organisations must call: org_cache_forget().
 */
enum db_rc org_list(struct db *db, struct arena *a, enum lang l, struct org **out, size_t *n);
enum db_rc org_get(struct db *db, struct arena *a, enum lang l, int id, struct org *out);
void org_cache_forget(void);
