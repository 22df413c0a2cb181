#include "core/slots.h"

#include <errno.h>
#include <time.h>

#include "core/clock.h"

int slots_take(struct slots *s, int n, int wait_ms)
{
    struct timespec deadline = clock_deadline(CLOCK_REALTIME, wait_ms);
    int rc = 0, got = -1;

    if (n < 1)
        n = 1;
    pthread_mutex_lock(&s->lock);
    while (s->used >= n && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&s->freed, &s->lock, &deadline);
    if (s->used < n) {
        s->used++;
        got = 0;
    } else {
        s->refused++;
    }
    pthread_mutex_unlock(&s->lock);
    return got;
}

void slots_give(struct slots *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->used > 0)
        s->used--;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}

int slots_used(struct slots *s)
{
    int n;

    pthread_mutex_lock(&s->lock);
    n = s->used;
    pthread_mutex_unlock(&s->lock);
    return n;
}
