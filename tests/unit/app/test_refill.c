/*
 * app/refill.c: a job a reader waits for (refill_run: a page's first render,
 * its readers waiting) is taken before the jobs nobody waits for
 * (refill_post: background refreshes and renewals, served from an old copy
 * meanwhile). With one queue, a new search's first render waited behind the
 * refreshes of every page kept already (issue 22, search-new-cy's p99).
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "app/refill.h"
#include "testing.h"

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_open = PTHREAD_COND_INITIALIZER;
static int gate; /* how many more blockers may finish */
static atomic_int started;

static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static char order[16]; /* the jobs after the blockers, in the order they ran */
static int n_order;

static void ran(char c)
{
    pthread_mutex_lock(&order_lock);
    if (n_order < (int)sizeof(order) - 1)
        order[n_order++] = c;
    pthread_mutex_unlock(&order_lock);
}

/* Holds its refill thread until the gate opens. */
static int blocker(struct arena *own, void *arg)
{
    (void)own;
    (void)arg;
    atomic_fetch_add(&started, 1);
    pthread_mutex_lock(&gate_lock);
    while (!gate)
        pthread_cond_wait(&gate_open, &gate_lock);
    gate--;
    pthread_mutex_unlock(&gate_lock);
    return 0;
}

static void open_gate(int n)
{
    pthread_mutex_lock(&gate_lock);
    gate += n;
    pthread_cond_broadcast(&gate_open);
    pthread_mutex_unlock(&gate_lock);
}

static int behind(struct arena *own, void *arg)
{
    (void)own;
    (void)arg;
    ran('b');
    return 0;
}

static int waited(struct arena *own, void *arg)
{
    (void)own;
    (void)arg;
    ran('w');
    return 7;
}

static void *reader(void *result)
{
    *(int *)result = refill_run(waited, NULL);
    return NULL;
}

static void a_waited_job_goes_before_the_background_ones(void)
{
    pthread_t t;
    int i, result = 0;

    CU_ASSERT_FATAL(refill_start() == 0);
    for (i = 0; i < REFILL_THREADS; i++)
        CU_ASSERT_FATAL(refill_post(blocker, NULL) == 0);
    while (atomic_load(&started) < REFILL_THREADS) /* every thread held */
        sched_yield();
    for (i = 0; i < REFILL_QUEUE; i++)
        CU_ASSERT(refill_post(behind, NULL) == 0);
    CU_ASSERT(refill_post(behind, NULL) == -1); /* the background queue is full */
    CU_ASSERT_FATAL(pthread_create(&t, NULL, reader, &result) == 0);
    while (refill_waiting() < 1) /* queued after the background jobs */
        sched_yield();
    open_gate(1); /* one thread free: what it takes next runs first */
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(result, 7);
    pthread_mutex_lock(&order_lock);
    CU_ASSERT(n_order >= 1 && order[0] == 'w');
    pthread_mutex_unlock(&order_lock);
    open_gate(REFILL_THREADS);
    refill_stop(); /* runs what is still queued */
    CU_ASSERT_EQUAL(n_order, 1 + REFILL_QUEUE);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "a waited job goes before the background ones",
          a_waited_job_goes_before_the_background_ones },
        { NULL, NULL },
    };

    test_add_suite("unit/app/refill", cases);
}
