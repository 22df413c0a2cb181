#include <pthread.h>
#include <time.h>

#include "core/clock.h"
#include "site/site.h"

enum site_sql {
    SQL_SITE_COUNT_MEMBERS,
    SQL_SITE__MAX,
};

static const char *const sql[SQL_SITE__MAX] = {
    [SQL_SITE_COUNT_MEMBERS] = "SELECT n FROM counters WHERE k = 'members'",
};

/*
 * The home page is the most visited and its only database read is this
 * count, so it is kept for MEMBERS_TTL_MS: a figure a second old is as true
 * to a reader, and the page then costs no round trip (docs/benchmarks.md).
 * While MariaDB is away the home page still answers 503 once the figure is
 * that old.
 */
#define MEMBERS_TTL_MS 1000

static struct {
    pthread_mutex_t lock;
    long long n;
    long long read_ms; /* 0: never read */
} members = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int cached(long long *n)
{
    int fresh;

    pthread_mutex_lock(&members.lock);
    fresh = members.read_ms && clock_ms() - members.read_ms < MEMBERS_TTL_MS;
    *n = members.n;
    pthread_mutex_unlock(&members.lock);
    return fresh;
}

enum db_rc site_store_count_members(struct db *db, long long *n)
{
    struct db_stmt *st = NULL;
    long long t = clock_ms();
    enum db_rc rc;

    if (cached(n))
        return DB_OK;
    *n = 0;
    rc = db_query(db, &st, sql[SQL_SITE_COUNT_MEMBERS], "");
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", n);
    db_done(st);
    if (rc == DB_NOT_FOUND)
        rc = DB_OK;
    if (rc == DB_OK) {
        pthread_mutex_lock(&members.lock);
        members.n = *n;
        members.read_ms = t;
        pthread_mutex_unlock(&members.lock);
    }
    return rc;
}
