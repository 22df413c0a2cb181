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

/* A thread waiting for a connection, on its own stack: release hands a
 * connection to the first in the queue (got) and wakes it alone. With one
 * shared condition variable, a woken waiter raced every thread that came
 * after it for the connection, and lost often enough that 1 % of signed-in
 * requests waited 10-50 ms at 64 connections (docs/decisions.md, "Pooled
 * connections in the order asked for"). */
struct waiter {
    pthread_cond_t cond;
    struct db *got;
    struct waiter *next;
};

struct db_pool {
    pthread_mutex_t lock;
    struct waiter *first, *last; /* waiting, oldest first; only while n_free == 0 */
    int n_waiting;
    int size;
    int n_free;
    struct db **free; /* a stack: the most recently used connection is warmest */
    struct db **all;
    atomic_ulong timeouts;
    atomic_ulong waits[DB_POOL_WAIT_N]; /* by DB_POOL_WAIT_BOUNDS_MS */
    atomic_ulong wait_us;
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
        db_gate_leave(pool->gate, DB_GATE_TOKEN,
                      db_probe(pool->probe) == DB_OK ? DB_GATE_OK : DB_GATE_FAILED, clock_ms());
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
    db_gate_leave(pool->gate, DB_GATE_TOKEN,
                  db_probe(pool->probe) == DB_OK ? DB_GATE_OK : DB_GATE_FAILED, clock_ms());
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
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

/* Take w out of the queue (it timed out before a connection came). */
static void unqueue(struct db_pool *pool, struct waiter *w)
{
    struct waiter **p, *prev = NULL;

    for (p = &pool->first; *p && *p != w; p = &(*p)->next)
        prev = *p;
    if (!*p)
        return;
    *p = w->next;
    if (pool->last == w)
        pool->last = prev;
}

/* Wait in the queue until a connection is handed over or the deadline
 * passes; called and returns with pool->lock held. */
static struct db *wait_in_turn(struct db_pool *pool, const struct timespec *deadline)
{
    struct waiter w = { .got = NULL, .next = NULL };
    int rc = 0;

    clock_cond_init(&w.cond);
    pool->n_waiting++;
    if (pool->last)
        pool->last->next = &w;
    else
        pool->first = &w;
    pool->last = &w;
    while (!w.got && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&w.cond, &pool->lock, deadline);
    if (!w.got)
        unqueue(pool, &w);
    pool->n_waiting--;
    pthread_cond_destroy(&w.cond);
    return w.got;
}

struct db *db_pool_acquire(struct db_pool *pool, int wait_ms)
{
    static const int bounds_ms[] = DB_POOL_WAIT_BOUNDS_MS;
    struct timespec deadline;
    struct db *db = NULL;
    long long t0 = 0, waited_us = 0;
    int b;

    /* a request that waited for a connection would only be refused by it */
    if (db_gate_down(pool->gate))
        wait_ms = 0;
    pthread_mutex_lock(&pool->lock);
    if (pool->n_free > 0) {
        db = pool->free[--pool->n_free];
    } else if (wait_ms > 0) {
        t0 = clock_us();
        deadline = clock_deadline(CLOCK_MONOTONIC, wait_ms); /* the cond's clock */
        db = wait_in_turn(pool, &deadline);
    }
    pthread_mutex_unlock(&pool->lock);
    if (t0)
        waited_us = clock_us() - t0;
    for (b = 0; b < DB_POOL_WAIT_N - 1 && t0 && waited_us > bounds_ms[b] * 1000LL; b++)
        ;
    if (!db)
        b = DB_POOL_WAIT_N - 1;
    atomic_fetch_add_explicit(&pool->waits[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&pool->wait_us, (unsigned long)waited_us, memory_order_relaxed);
    if (!db)
        atomic_fetch_add(&pool->timeouts, 1);
    return db;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
    struct waiter *w;

    if (!db)
        return;
    /* a handler that returned inside a transaction must not hand it on */
    db_rollback(db);
    pthread_mutex_lock(&pool->lock);
    w = pool->first;
    if (w) {
        pool->first = w->next;
        if (!pool->first)
            pool->last = NULL;
        w->got = db;
        pthread_cond_signal(&w->cond);
    } else {
        pool->free[pool->n_free++] = db;
    }
    pthread_mutex_unlock(&pool->lock);
}

unsigned long db_pool_timeouts(struct db_pool *pool)
{
    return atomic_load(&pool->timeouts);
}

void db_pool_waits(struct db_pool *pool, unsigned long counts[DB_POOL_WAIT_N],
                   unsigned long *sum_us)
{
    int b;

    for (b = 0; b < DB_POOL_WAIT_N; b++)
        counts[b] = atomic_load_explicit(&pool->waits[b], memory_order_relaxed);
    *sum_us = atomic_load_explicit(&pool->wait_us, memory_order_relaxed);
}

int db_pool_waiting(struct db_pool *pool)
{
    int n;

    pthread_mutex_lock(&pool->lock);
    n = pool->n_waiting;
    pthread_mutex_unlock(&pool->lock);
    return n;
}

int db_pool_down(struct db_pool *pool)
{
    return db_gate_down(pool->gate);
}

void db_pool_health(struct db_pool *pool, struct db_gate_stats *out)
{
    db_gate_stats(pool->gate, out);
}
