/*
 * The members counter (migrations 0005, 0008) against the rows it counts:
 * whatever happens to an account, a consistent snapshot reads the same
 * number from `counters` as from COUNT(*), and an UPDATE that does not change
 * `disabled` (a sign-in's last_login_at) does not write the counter row.
 */
#include "harness.h"

static int start(void)
{
    return fx_init();
}

static int stop(void)
{
    fx_done();
    return 0;
}

/* Counter and count from one snapshot (other tests add users meanwhile). */
static void assert_counter_matches(void)
{
    struct db_stmt *st = NULL;
    long long counted = -1, kept = -2;

    CU_ASSERT_FATAL(db_exec(fx_dbh, "START TRANSACTION WITH CONSISTENT SNAPSHOT", "") == DB_OK);
    CU_ASSERT(db_query(fx_dbh, &st, "SELECT n FROM counters WHERE k = 'members'", "") == DB_OK);
    CU_ASSERT(db_row_next(st, NULL, "l", &kept) == DB_OK);
    db_done(st);
    CU_ASSERT(db_query(fx_dbh, &st, "SELECT COUNT(*) FROM users WHERE disabled = 0", "") == DB_OK);
    CU_ASSERT(db_row_next(st, NULL, "l", &counted) == DB_OK);
    db_done(st);
    CU_ASSERT(db_exec(fx_dbh, "COMMIT", "") == DB_OK);
    CU_ASSERT(kept == counted);
}

static void counters__members_follow_every_change(void)
{
    long long id = fx_user("Cownter", "learner");

    CU_ASSERT_FATAL(id > 0);
    assert_counter_matches();
    CU_ASSERT(db_exec(fx_dbh, "UPDATE users SET disabled = 1 WHERE id = ?", "l", id) == DB_OK);
    assert_counter_matches();
    CU_ASSERT(db_exec(fx_dbh, "UPDATE users SET disabled = 1, name = 'x' WHERE id = ?", "l", id) ==
              DB_OK);
    assert_counter_matches();
    CU_ASSERT(db_exec(fx_dbh, "UPDATE users SET disabled = 0 WHERE id = ?", "l", id) == DB_OK);
    assert_counter_matches();
    CU_ASSERT(db_exec(fx_dbh, "DELETE FROM users WHERE id = ?", "l", id) == DB_OK);
    assert_counter_matches();
}

/* Holding the counter row locked in another transaction, a sign-in's update
 * of last_login_at must not wait for it (it did before 0008). */
static void counters__sign_in_update_does_not_touch_the_counter(void)
{
    struct arena a;
    struct db *locker;
    long long id = fx_user("Lock", "learner");

    arena_init(&a, 1024);
    locker = fx_db_open(&a, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(locker);
    CU_ASSERT_FATAL(db_begin(locker) == DB_OK);
    CU_ASSERT_FATAL(db_exec(locker, "SELECT n FROM counters WHERE k = 'members' FOR UPDATE", "") ==
                    DB_OK);
    CU_ASSERT(db_exec(fx_dbh, "SET SESSION innodb_lock_wait_timeout = 1", "") == DB_OK);
    CU_ASSERT(db_exec(fx_dbh, "UPDATE users SET last_login_at = UTC_TIMESTAMP() WHERE id = ?", "l",
                      id) == DB_OK);
    CU_ASSERT(db_rollback(locker) == DB_OK);
    db_free(locker);
    arena_release(&a);
    CU_ASSERT(db_exec(fx_dbh, "SET SESSION innodb_lock_wait_timeout = DEFAULT", "") == DB_OK);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "counters__members_follow_every_change", counters__members_follow_every_change },
        { "counters__sign_in_update_does_not_touch_the_counter",
          counters__sign_in_update_does_not_touch_the_counter },
        { NULL, NULL },
    };
    test_add_suite_with("integration/db/counters", cases, start, stop);
}
