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

    ts.tv_nsec = ((clock_ms() % 26) + 5) * 1000000L * (attempt > 0 ? attempt : 1);
    nanosleep(&ts, NULL);
}

enum db_rc db_retry(struct db *db, db_work_fn work, void *ctx)
{
    enum db_rc rc = DB_STALE;
    int attempt;

    if (db_in_transaction(db)) {
        log_error("db_retry inside a transaction");
        return DB_ERROR;
    }
    for (attempt = 0; attempt < DB_RETRY_TRIES && rc == DB_STALE; attempt++) {
        if (attempt)
            db_retry_pause(attempt);
        rc = work(db, ctx);
        db_rollback(db);
    }
    return rc;
}
