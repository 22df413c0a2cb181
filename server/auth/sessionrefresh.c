#include "sessionrefresh.h"

#include <pthread.h>
#include <stdatomic.h>

#include "auth/session.h"
#include "auth/sessioncache.h"
#include "core/arena.h"
#include "core/log.h"
#include "db/pool.h"

#define WAIT_MS 500 /* a round with nothing due */

static struct {
    pthread_t thread;
    atomic_int stopping;
    int started;
    struct db_pool *pool;
    const struct config *cfg;
} rf;

static void *run(void *unused)
{
    char hash[SESSION_REFRESH_MAX][65];
    struct arena a;

    (void)unused;
    arena_init(&a, 16 * 1024);
    while (!atomic_load(&rf.stopping)) {
        size_t n = sessioncache_due_wait(hash, SESSION_REFRESH_MAX, WAIT_MS), i;
        struct db *db;

        if (!n)
            continue;
        db = db_pool_acquire(rf.pool, DB_POOL_WAIT_MS);
        if (!db || session_refresh(db, &a, rf.cfg, (const char(*)[65])hash, n) != DB_OK)
            for (i = 0; i < n; i++) /* their readers' hits ask again */
                sessioncache_renew_failed(hash[i]);
        db_pool_release(rf.pool, db);
        arena_reset(&a);
    }
    arena_release(&a);
    db_thread_end();
    return NULL;
}

int sessionrefresh_start(struct db_pool *pool, const struct config *cfg)
{
    rf.pool = pool;
    rf.cfg = cfg;
    atomic_store(&rf.stopping, 0);
    sessioncache_due_on(1);
    if (pthread_create(&rf.thread, NULL, run, NULL)) {
        sessioncache_due_on(0);
        return log_error("cannot start the session refresher");
    }
    rf.started = 1;
    return 0;
}

void sessionrefresh_stop(void)
{
    if (!rf.started)
        return;
    atomic_store(&rf.stopping, 1);
    sessioncache_due_on(0); /* wakes it */
    pthread_join(rf.thread, NULL);
    rf.started = 0;
}
