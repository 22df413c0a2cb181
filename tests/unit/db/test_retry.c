/*
 * db_retry (db.h): deadlocks are retried past the first four attempts while
 * they go on (up to DB_RETRY_BUDGET_MS), nothing else is retried, and a unit
 * that never stops conflicting still ends with DB_STALE.
 */
#include "core/clock.h"
#include "db/db.h"
#include "testing.h"

struct unit {
    int attempts;
    int stale_for;   /* attempts that meet a deadlock before one succeeds */
    enum db_rc then; /* what the attempt after them returns */
};

static enum db_rc work(struct db *db, void *ctx)
{
    struct unit *u = ctx;

    (void)db;
    return ++u->attempts <= u->stale_for ? DB_STALE : u->then;
}

static void retry__more_than_four_deadlocks_still_succeed(void)
{
    struct unit u = { .stale_for = 7, .then = DB_OK };

    CU_ASSERT_EQUAL(db_retry(NULL, work, &u), DB_OK);
    CU_ASSERT_EQUAL(u.attempts, 8);
}

static void retry__other_results_are_not_retried(void)
{
    struct unit u = { .stale_for = 0, .then = DB_UNAVAILABLE };

    CU_ASSERT_EQUAL(db_retry(NULL, work, &u), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(u.attempts, 1);
    u = (struct unit){ .stale_for = 2, .then = DB_ERROR };
    CU_ASSERT_EQUAL(db_retry(NULL, work, &u), DB_ERROR);
    CU_ASSERT_EQUAL(u.attempts, 3);
}

static void retry__endless_conflicts_end_stale_after_the_budget(void)
{
    struct unit u = { .stale_for = 1 << 30, .then = DB_OK };
    long long start = clock_ms();

    CU_ASSERT_EQUAL(db_retry(NULL, work, &u), DB_STALE);
    CU_ASSERT(u.attempts >= DB_RETRY_TRIES);
    CU_ASSERT(clock_ms() - start >= DB_RETRY_BUDGET_MS);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "retry__more_than_four_deadlocks_still_succeed",
          retry__more_than_four_deadlocks_still_succeed },
        { "retry__other_results_are_not_retried", retry__other_results_are_not_retried },
        { "retry__endless_conflicts_end_stale_after_the_budget",
          retry__endless_conflicts_end_stale_after_the_budget },
        { NULL, NULL },
    };
    test_add_suite("db/retry", cases);
}
