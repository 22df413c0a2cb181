#include "db/pool.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "db/gate.h"

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int size;
    int n_free;
    struct db **free; /* a stack: the most recently used connection is warmest */
    struct db **all;
    atomic_ulong timeouts;
    struct db_gate *gate; /* shared by every connection in all[] */
    struct db *probe;     /* the prober's (no gate: it only ever calls db_probe) */
    pthread_t prober;
    int has_prober;
};

/* While the gate is DOWN, one connection attempt at a time, paced by the gate. */
static void *prober_main(void *arg)
{
    struct db_pool *pool = arg;

    while (db_gate_probe_wait(pool->gate) == DB_GATE_TOKEN)
        db_gate_leave(pool->gate, DB_GATE_TOKEN, db_probe(pool->probe) == DB_OK, clock_ms());
    db_thread_end();
    return NULL;
}

/* The prober must never take the stop signals main() waits for (http/server.c
 * blocks them in its own thread only later): it starts with them blocked. */
static void start_prober(struct db_pool *pool)
{
    sigset_t stop, old;

    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    pool->has_prober = pthread_create(&pool->prober, NULL, prober_main, pool) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!pool->has_prober)
        log_error("cannot start the database prober: connections will not connect again");
}

struct db_pool *db_pool_new(const struct db_params *p, int size)
{
    struct db_pool *pool = xcalloc(1, sizeof(*pool));
    int i;

    pthread_mutex_init(&pool->lock, NULL);
    clock_cond_init(&pool->freed);
    pool->size = size;
    pool->free = xcalloc((size_t)size, sizeof(*pool->free));
    pool->all = xcalloc((size_t)size, sizeof(*pool->all));
    pool->gate = db_gate_new();
    for (i = 0; i < size; i++) {
        pool->all[i] = pool->free[i] = db_new(p);
        db_set_gate(pool->all[i], pool->gate);
    }
    pool->n_free = size;
    /* the gate starts DOWN with the token here: the first probe decides */
    pool->probe = db_new(p);
    db_gate_leave(pool->gate, DB_GATE_TOKEN, db_probe(pool->probe) == DB_OK, clock_ms());
    start_prober(pool);
    return pool;
}

void db_pool_free(struct db_pool *pool)
{
    int i;

    if (!pool)
        return;
    if (pool->n_free != pool->size)
        log_warn("db pool: %d connection(s) still leased at shutdown", pool->size - pool->n_free);
    db_gate_close(pool->gate);
    if (pool->has_prober)
        pthread_join(pool->prober, NULL);
    for (i = 0; i < pool->size; i++)
        db_free(pool->all[i]);
    db_free(pool->probe);
    db_gate_free(pool->gate);
    free(pool->free);
    free(pool->all);
    pthread_cond_destroy(&pool->freed);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool, int wait_ms)
{
    struct timespec deadline;
    struct db *db = NULL;
    int rc = 0;

    /* a request that waited for a connection would only be refused by it */
    if (db_gate_down(pool->gate))
        wait_ms = 0;
    deadline = clock_deadline(CLOCK_MONOTONIC, wait_ms); /* the cond's clock */

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

int db_pool_down(struct db_pool *pool)
{
    return db_gate_down(pool->gate);
}

void db_pool_health(struct db_pool *pool, struct db_gate_stats *out)
{
    db_gate_stats(pool->gate, out);
}
