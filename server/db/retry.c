/*
 * db_retry (db.h): one loop for every unit of work that is safe to repeat,
 * instead of a hand-written loop in each store.
 */
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"

void db_retry_pause(int attempt)
{
    struct timespec ts = { 0, 0 };

    if (attempt < 1)
        attempt = 1;
    if (attempt > 4)
        attempt = 4;
    ts.tv_nsec = ((clock_ms() % 26) + 5) * 1000000L * attempt;
    nanosleep(&ts, NULL);
}

enum db_rc db_retry(struct db *db, db_work_fn work, void *ctx)
{
    enum db_rc rc = DB_STALE;
    long long start = clock_ms();
    int attempt;

    if (db_in_transaction(db)) {
        log_error("db_retry inside a transaction");
        return DB_ERROR;
    }
    for (attempt = 0; rc == DB_STALE; attempt++) {
        if (attempt >= DB_RETRY_TRIES && clock_ms() - start >= DB_RETRY_BUDGET_MS)
            break;
        if (attempt)
            db_retry_pause(attempt);
        rc = work(db, ctx);
        db_rollback(db);
    }
    return rc;
}
