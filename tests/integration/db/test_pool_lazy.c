/*
 * A lazy lease (db/pool.h db_pool_lazy) against the real MariaDB (DYSGU_DB):
 * it takes a pooled connection at its first statement, not before, so a
 * request that runs none never waits for one; when none comes, that call and
 * every later one answer DB_UNAVAILABLE, after one wait; giving it back gives
 * back what it took, a transaction rolled back.
 */
#include <stdlib.h>

#include "core/arena.h"
#include "db/pool.h"
#include "harness.h"
#include "testing.h"

static struct db_pool *pool; /* of one connection: whether it is taken shows */
static struct arena mem;

static int start(void)
{
    struct db_params p;
    char err[256];
    const char *url = getenv("DYSGU_DB");

    if (db_library_init())
        return -1;
    arena_init(&mem, 0);
    if (!url || db_params_parse(&mem, url, &p, err, sizeof(err)))
        return -1;
    pool = db_pool_new(&p, 1);
    return db_pool_down(pool) ? -1 : 0;
}

static int stop(void)
{
    db_pool_free(pool);
    arena_release(&mem);
    db_library_end();
    return 0;
}

/* 1 when the pool's one connection is free now (and still is after). */
static int connection_free(void)
{
    struct db *db = db_pool_acquire(pool, 0);

    db_pool_release(pool, db);
    return db != NULL;
}

static void lazy__takes_nothing_until_a_statement(void)
{
    struct db *lease = db_pool_lazy(pool, 0);
    struct db_stmt *st = NULL;
    int one = 0;

    /* nothing that reads no row takes it */
    CU_ASSERT_FALSE(db_in_transaction(lease));
    CU_ASSERT_EQUAL(db_rollback(lease), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(lease), 0);
    CU_ASSERT_TRUE(connection_free());
    /* its first statement does, and keeps it */
    CU_ASSERT_EQUAL_FATAL(db_query(lease, &st, "SELECT 1", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "i", &one), DB_OK);
    CU_ASSERT_EQUAL(one, 1);
    db_done(st);
    CU_ASSERT_FALSE(connection_free());
    CU_ASSERT_EQUAL(db_exec(lease, "SELECT 2", ""), DB_OK);
    db_pool_release(pool, lease);
    CU_ASSERT_TRUE(connection_free());
}

static void lazy__none_free_is_unavailable_after_one_wait(void)
{
    struct db *held = db_pool_acquire(pool, 0);
    struct db *lease = db_pool_lazy(pool, 20);
    unsigned long timeouts = db_pool_timeouts(pool);

    CU_ASSERT_PTR_NOT_NULL_FATAL(held);
    CU_ASSERT_EQUAL(db_exec(lease, "SELECT 1", ""), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_begin(lease), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_ping(lease), DB_UNAVAILABLE);
    /* the first call waited its 20 ms; the others did not wait again */
    CU_ASSERT_EQUAL(db_pool_timeouts(pool), timeouts + 1);
    /* given back, it gives back nothing it did not take */
    db_pool_release(pool, lease);
    CU_ASSERT_FALSE(connection_free());
    db_pool_release(pool, held);
    CU_ASSERT_TRUE(connection_free());
}

static void lazy__a_transaction_left_open_is_rolled_back(void)
{
    struct db *lease = db_pool_lazy(pool, 0), *db;
    struct db_stmt *st = NULL;
    int n = -1;

    CU_ASSERT_EQUAL_FATAL(
        db_exec(lease, "CREATE TEMPORARY TABLE IF NOT EXISTS lazy_t (x INT PRIMARY KEY)", ""),
        DB_OK);
    CU_ASSERT_EQUAL(db_exec(lease, "DELETE FROM lazy_t", ""), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_begin(lease), DB_OK);
    CU_ASSERT_TRUE(db_in_transaction(lease));
    CU_ASSERT_EQUAL(db_exec(lease, "INSERT INTO lazy_t VALUES (1)", ""), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(lease), 1);
    db_pool_release(pool, lease);
    /* the same (only) connection: its temporary table, without the row */
    db = db_pool_acquire(pool, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(db);
    CU_ASSERT_FALSE(db_in_transaction(db));
    CU_ASSERT_EQUAL(db_query(db, &st, "SELECT COUNT(*) FROM lazy_t", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "i", &n), DB_OK);
    CU_ASSERT_EQUAL(n, 0);
    db_done(st);
    CU_ASSERT_EQUAL(db_exec(db, "DROP TEMPORARY TABLE lazy_t", ""), DB_OK);
    db_pool_release(pool, db);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "lazy__takes_nothing_until_a_statement", lazy__takes_nothing_until_a_statement },
        { "lazy__none_free_is_unavailable_after_one_wait",
          lazy__none_free_is_unavailable_after_one_wait },
        { "lazy__a_transaction_left_open_is_rolled_back",
          lazy__a_transaction_left_open_is_rolled_back },
        { NULL, NULL },
    };
    test_add_suite_with("integration/db/pool_lazy", cases, start, stop);
}
