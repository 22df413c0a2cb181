/*
 * slots: at most n holders of something scarce at once (a counting
 * semaphore whose size is given at each take, so a static one needs no
 * set-up: `static struct slots s = SLOTS_INIT;`). A taker waits a bounded
 * time for a slot, then gives up, so the caller can answer "busy" instead of
 * queueing without end. Thread-safe. The forums' search uses it
 * (communities/pages_search.c) to keep most of the database pool for
 * everything else; the Argon2id slots of auth/password.c are a semaphore of
 * their own, sized once by the cores.
 */
#pragma once

#include <pthread.h>

struct slots {
    pthread_mutex_t lock;
    pthread_cond_t freed; /* waits on CLOCK_REALTIME (the static initialiser's) */
    int used;
    unsigned long refused; /* takes that gave up */
};

#define SLOTS_INIT                                                                                 \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0                                  \
    }

/* Take one of n slots (n < 1 counts as 1), waiting up to wait_ms for one to
 * be given back: 0, or -1 (counted as refused) when none came free. Every 0
 * needs one slots_give(). */
int slots_take(struct slots *s, int n, int wait_ms);

void slots_give(struct slots *s);

/* Slots held now. */
int slots_used(struct slots *s);
