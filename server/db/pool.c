#include "db/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int size;
    int n_free;
    struct db **free; /* a stack: the most recently used connection is warmest */
    struct db **all;
    atomic_ulong timeouts;
};

struct db_pool *db_pool_new(const struct db_params *p, int size)
{
    struct db_pool *pool = xcalloc(1, sizeof(*pool));
    pthread_condattr_t ca;
    int i;

    pthread_mutex_init(&pool->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&pool->freed, &ca);
    pthread_condattr_destroy(&ca);
    pool->size = size;
    pool->free = xcalloc((size_t)size, sizeof(*pool->free));
    pool->all = xcalloc((size_t)size, sizeof(*pool->all));
    for (i = 0; i < size; i++)
        pool->all[i] = pool->free[i] = db_new(p);
    pool->n_free = size;
    return pool;
}

void db_pool_free(struct db_pool *pool)
{
    int i;

    if (!pool)
        return;
    if (pool->n_free != pool->size)
        log_warn("db pool: %d connection(s) still leased at shutdown", pool->size - pool->n_free);
    for (i = 0; i < pool->size; i++)
        db_free(pool->all[i]);
    free(pool->free);
    free(pool->all);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool, int wait_ms)
{
    struct timespec deadline = clock_deadline(CLOCK_MONOTONIC, wait_ms); /* the cond's clock */
    struct db *db = NULL;
    int rc = 0;

    pthread_mutex_lock(&pool->lock);
    while (pool->n_free == 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&pool->freed, &pool->lock, &deadline);
    if (pool->n_free > 0)
        db = pool->free[--pool->n_free];
    pthread_mutex_unlock(&pool->lock);
    if (!db)
        atomic_fetch_add(&pool->timeouts, 1);
    return db;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
    if (!db)
        return;
    /* a handler that returned inside a transaction must not hand it on */
    db_rollback(db);
    pthread_mutex_lock(&pool->lock);
    pool->free[pool->n_free++] = db;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

unsigned long db_pool_timeouts(struct db_pool *pool)
{
    return atomic_load(&pool->timeouts);
}
