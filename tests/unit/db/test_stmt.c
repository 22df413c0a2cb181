/*
 * db/stmt.c's statement cache without a server: which prepared statement is
 * closed to make room (the least recently used one that holds no result), and
 * that the cache's count of prepared statements follows. The MYSQL_STMT
 * pointers are stand-ins, never passed to Connector/C.
 */
#include <stdint.h>

#include "db/stmt.h"
#include "testing.h"

static MYSQL_STMT *fake(int k)
{
    return (MYSQL_STMT *)(uintptr_t)(0x1000 + 16 * k);
}

/* Mark e prepared as stmt_open would (without Connector/C). */
static void prepared(struct stmt_cache *c, struct db_stmt *e, int k)
{
    e->st = fake(k);
    c->n_prepared++;
}

/* Forget the stand-ins so stmt_cache_release closes nothing. */
static void forget(struct stmt_cache *c)
{
    unsigned i;

    for (i = 0; i < STMT_CACHE_SIZE; i++)
        c->slots[i].st = NULL;
    c->n_prepared = 0;
    stmt_cache_release(c);
}

static void stmt__victim_is_least_recently_used(void)
{
    static const char a[] = "SELECT 1", b[] = "SELECT 2", d[] = "SELECT 3";
    struct stmt_cache c;
    struct db_stmt *ea, *eb, *ed;

    stmt_cache_init(&c, 3);
    CU_ASSERT_PTR_NULL(stmt_cache_victim(&c, NULL)); /* nothing prepared */
    ea = stmt_cache_get(&c, NULL, a);
    eb = stmt_cache_get(&c, NULL, b);
    ed = stmt_cache_get(&c, NULL, d);
    CU_ASSERT_PTR_NULL(stmt_cache_victim(&c, NULL)); /* entries, none prepared */
    prepared(&c, ea, 1);
    prepared(&c, eb, 2);
    prepared(&c, ed, 3);
    CU_ASSERT_PTR_EQUAL(stmt_cache_victim(&c, NULL), ea);
    /* a use makes it the most recent */
    CU_ASSERT_PTR_EQUAL(stmt_cache_get(&c, NULL, a), ea);
    CU_ASSERT_PTR_EQUAL(stmt_cache_victim(&c, NULL), eb);
    /* the entry being prepared is never its own victim */
    CU_ASSERT_PTR_EQUAL(stmt_cache_victim(&c, eb), ed);
    forget(&c);
}

static void stmt__result_being_read_is_kept(void)
{
    static const char a[] = "SELECT 1", b[] = "SELECT 2";
    struct stmt_cache c;
    struct db_stmt *ea, *eb;

    stmt_cache_init(&c, 2);
    ea = stmt_cache_get(&c, NULL, a);
    eb = stmt_cache_get(&c, NULL, b);
    prepared(&c, ea, 1);
    prepared(&c, eb, 2);
    ea->has_result = 1; /* a caller is still reading its rows */
    CU_ASSERT_PTR_EQUAL(stmt_cache_victim(&c, NULL), eb);
    eb->has_result = 1;
    CU_ASSERT_PTR_NULL(stmt_cache_victim(&c, NULL));
    forget(&c);
}

static void stmt__unprepared_entries_are_not_victims(void)
{
    static const char sql[8][16] = { "SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4",
                                     "SELECT 5", "SELECT 6", "SELECT 7", "SELECT 8" };
    struct stmt_cache c;
    struct db_stmt *e[8];
    int k;

    stmt_cache_init(&c, 0); /* at least one is kept */
    CU_ASSERT_EQUAL(c.max_prepared, 1);
    for (k = 0; k < 8; k++)
        e[k] = stmt_cache_get(&c, NULL, sql[k]);
    prepared(&c, e[5], 5);
    prepared(&c, e[6], 6);
    /* e[0..4] are older but hold no statement */
    CU_ASSERT_PTR_EQUAL(stmt_cache_victim(&c, NULL), e[5]);
    CU_ASSERT_EQUAL(c.n_used, 8);
    CU_ASSERT_EQUAL(c.n_prepared, 2);
    forget(&c);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "stmt__victim_is_least_recently_used", stmt__victim_is_least_recently_used },
        { "stmt__result_being_read_is_kept", stmt__result_being_read_is_kept },
        { "stmt__unprepared_entries_are_not_victims", stmt__unprepared_entries_are_not_victims },
        { NULL, NULL },
    };
    test_add_suite("db/stmt", cases);
}
