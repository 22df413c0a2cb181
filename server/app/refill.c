/*
 * refill: a fixed pool, a bounded queue, one condition variable per job so a
 * worker sleeps until its own job is done.
 */
#include "refill.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/kept.h"
#include "core/log.h"
#include "db/db.h"
#include "db/pool.h"

struct job {
    struct job *next;
    int (*fn)(struct arena *own, void *arg);
    void *arg;
    int result, done;
    int detached; /* refill_post(): nobody waits; the thread frees it */
    pthread_cond_t cond;
};

static _Thread_local int on_refill_thread;

/* Two queues: jobs a reader waits for (refill_run) are taken before those
 * nobody waits for (refill_post: background refreshes and renewals, which
 * serve an old copy meanwhile). One queue had a new search's first render,
 * with every reader of it waiting, queued behind the refreshes of the pages
 * kept already. */
struct queue {
    struct job *head, **tail;
    int n;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct queue waited, behind;
    int running, stopping, started;
    pthread_t threads[REFILL_THREADS];
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER };

static void push(struct queue *q, struct job *j)
{
    *q->tail = j;
    q->tail = &j->next;
    q->n++;
}

/* The next job, a waited one first (the lock held), or NULL. */
static struct job *pop(void)
{
    struct queue *q = pool.waited.head ? &pool.waited : &pool.behind;
    struct job *j = q->head;

    if (!j)
        return NULL;
    q->head = j->next;
    if (!q->head)
        q->tail = &q->head;
    q->n--;
    return j;
}

static void *refill_thread(void *unused)
{
    struct arena arena;

    (void)unused;
    on_refill_thread = 1;
    arena_init(&arena, REFILL_ARENA);
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        struct job *j;

        while (!(j = pop()) && !pool.stopping)
            pthread_cond_wait(&pool.work, &pool.lock);
        if (!j)
            break;
        pthread_mutex_unlock(&pool.lock);
        j->result = j->fn(&arena, j->arg);
        arena_reset(&arena);
        pthread_mutex_lock(&pool.lock);
        if (j->detached) {
            free(j);
            continue;
        }
        j->done = 1;
        pthread_cond_signal(&j->cond);
    }
    pthread_mutex_unlock(&pool.lock);
    arena_release(&arena);
    db_thread_end();
    return NULL;
}

int refill_start(void)
{
    int i;

    pool.waited = (struct queue){ .tail = &pool.waited.head };
    pool.behind = (struct queue){ .tail = &pool.behind.head };
    pool.stopping = 0;
    for (i = 0; i < REFILL_THREADS; i++) {
        if (pthread_create(&pool.threads[i], NULL, refill_thread, NULL)) {
            log_error("cannot start the render cache's refill threads");
            pool.started = i;
            refill_stop();
            return -1;
        }
    }
    pool.started = REFILL_THREADS;
    pthread_mutex_lock(&pool.lock);
    pool.running = 1;
    pthread_mutex_unlock(&pool.lock);
    return 0;
}

void refill_stop(void)
{
    int i, n;

    pthread_mutex_lock(&pool.lock);
    pool.running = 0;
    pool.stopping = 1;
    n = pool.started;
    pool.started = 0;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    for (i = 0; i < n; i++)
        pthread_join(pool.threads[i], NULL);
}

int refill_run(int (*fn)(struct arena *own, void *arg), void *arg)
{
    struct job j = { .fn = fn, .arg = arg };

    if (on_refill_thread) /* a refill's own render: never queued behind itself */
        return fn(NULL, arg);
    pthread_mutex_lock(&pool.lock);
    if (!pool.running || pool.waited.n >= REFILL_QUEUE) {
        pthread_mutex_unlock(&pool.lock);
        return fn(NULL, arg);
    }
    pthread_cond_init(&j.cond, NULL);
    push(&pool.waited, &j);
    pthread_cond_signal(&pool.work);
    while (!j.done)
        pthread_cond_wait(&j.cond, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
    pthread_cond_destroy(&j.cond);
    return j.result;
}

int refill_post(int (*fn)(struct arena *own, void *arg), void *arg)
{
    struct job *j;

    pthread_mutex_lock(&pool.lock);
    if (!pool.running || pool.behind.n >= REFILL_QUEUE || !(j = calloc(1, sizeof(*j)))) {
        pthread_mutex_unlock(&pool.lock);
        return -1;
    }
    j->fn = fn;
    j->arg = arg;
    j->detached = 1;
    push(&pool.behind, j);
    pthread_cond_signal(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    return 0;
}

int refill_waiting(void)
{
    int n;

    pthread_mutex_lock(&pool.lock);
    n = pool.waited.n;
    pthread_mutex_unlock(&pool.lock);
    return n;
}

/* core/kept's renewals behind the readers: run on a refill thread with a
 * connection of the pool. */
static struct db_pool *kept_pool;

struct kept_job {
    void (*run)(void *job, void *arg);
    void *job;
};

static int kept_job_run(struct arena *own, void *arg)
{
    struct kept_job j = *(struct kept_job *)arg;
    struct db *db = db_pool_acquire(kept_pool, DB_POOL_WAIT_MS);

    (void)own;
    free(arg);
    j.run(j.job, db); /* NULL: none free, the renewal is let go */
    db_pool_release(kept_pool, db);
    return 0;
}

static int post_kept(void (*run)(void *job, void *arg), void *job)
{
    struct kept_job *j = malloc(sizeof(*j));

    if (!j)
        return -1;
    j->run = run;
    j->job = job;
    if (refill_post(kept_job_run, j)) {
        free(j);
        return -1;
    }
    return 0;
}

void refill_kept(struct db_pool *db_pool)
{
    kept_background(NULL);
    kept_pool = db_pool;
    kept_background(db_pool ? post_kept : NULL);
}
