/*
 * pool: with no MariaDB at all (a socket that does not exist), the pool
 * knows the database is away from the start, and its connections answer
 * DB_UNAVAILABLE without a connection attempt of their own; the prober stops
 * when the pool is freed. No server needed: the client library only.
 */
#include "db/pool.h"
#include "testing.h"

static const struct db_params nowhere = {
    .host = "localhost",
    .user = "dysgu",
    .password = "x",
    .name = "dysgu",
    .socket = "/nonexistent/dysgu-unit.sock",
};

static int start(void)
{
    return db_library_init();
}

static int stop(void)
{
    db_library_end();
    return 0;
}

static void pool__away_from_the_start_refuses_without_connecting(void)
{
    struct db_pool *pool = db_pool_new(&nowhere, 4);
    struct db_gate_stats h;
    struct db *a, *b;

    db_pool_health(pool, &h);
    CU_ASSERT(h.down == 1);
    CU_ASSERT(h.probes >= 1);
    CU_ASSERT(h.outages == 0);
    a = db_pool_acquire(pool, 0);
    b = db_pool_acquire(pool, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(db_exec(a, "SELECT 1", "") == DB_UNAVAILABLE);
    CU_ASSERT(db_ping(b) == DB_UNAVAILABLE);
    CU_ASSERT(db_begin(a) == DB_UNAVAILABLE);
    CU_ASSERT(db_rollback(a) == DB_OK);
    db_pool_health(pool, &h);
    CU_ASSERT(h.down == 1);
    CU_ASSERT(h.connects == 0);
    CU_ASSERT(h.refused == 3);
    db_pool_release(pool, a);
    db_pool_release(pool, b);
    db_pool_free(pool);
}

/* With every connection lent and the database away, nobody waits for one
 * (it would only refuse them): NULL at once, whatever the wait allowed. If
 * this waited, the test would stop at ctest's timeout. */
static void pool__away_no_waiting_for_a_connection(void)
{
    struct db_pool *pool = db_pool_new(&nowhere, 2);
    struct db *a = db_pool_acquire(pool, 0);
    struct db *b = db_pool_acquire(pool, 0);

    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    CU_ASSERT(db_pool_down(pool));
    CU_ASSERT_PTR_NULL(db_pool_acquire(pool, 600000));
    CU_ASSERT(db_pool_timeouts(pool) == 1);
    db_pool_release(pool, a);
    db_pool_release(pool, b);
    db_pool_free(pool);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "pool__away_from_the_start_refuses_without_connecting",
          pool__away_from_the_start_refuses_without_connecting },
        { "pool__away_no_waiting_for_a_connection", pool__away_no_waiting_for_a_connection },
        { NULL, NULL },
    };
    test_add_suite_with("db/pool", cases, start, stop);
}
