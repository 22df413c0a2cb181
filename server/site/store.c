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
#define MEMBERS_TTL_MS   1000
#define MEMBERS_STALE_MS 2000 /* the oldest figure shown while another reads it again */

static struct {
    pthread_mutex_t lock;
    long long n;
    long long read_ms; /* 0: never read */
    int refreshing;    /* one request reads it again; the others keep the old */
} members = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* 1 with *n when the kept figure will do: fresh, or being read again by
 * another request (issue 22: when it expired, every home request at that
 * moment read it at once, and a slow answer held them all). 0: the caller
 * reads it and calls refreshed(). */
static int cached(long long *n)
{
    long long age;
    int use;

    pthread_mutex_lock(&members.lock);
    age = clock_ms() - members.read_ms;
    /* never older than MEMBERS_STALE_MS: with MariaDB away, some request is
     * nearly always "reading it again" (and failing at once), and the home
     * page must then answer 503 within 3 s (R-DB-1), not show an old figure
     * for as long as the outage lasts (tests/bench/dbkill) */
    use =
        members.read_ms && (age < MEMBERS_TTL_MS || (members.refreshing && age < MEMBERS_STALE_MS));
    if (!use)
        members.refreshing = 1;
    *n = members.n;
    pthread_mutex_unlock(&members.lock);
    return use;
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
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "l", n);
        db_done(st);
    }
    if (rc == DB_NOT_FOUND)
        rc = DB_OK;
    pthread_mutex_lock(&members.lock);
    if (rc == DB_OK) {
        members.n = *n;
        members.read_ms = t;
    }
    members.refreshing = 0;
    pthread_mutex_unlock(&members.lock);
    return rc;
}
