#include "kept.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/fnv.h"
#include "core/xalloc.h"

/* One loaded value: immutable, freed by whoever drops the last reference. */
struct kept_value {
    struct arena mem;
    const void *value;
    size_t size;
    unsigned long long gen;
    long long read_ms;  /* when its load began */
    long long renew_ms; /* from then the first reader reads it again, the others served it */
    atomic_int refs;
};

/* Every struct kept that ever kept a value, for kept_usage(); taken before a k->lock. */
static struct {
    pthread_mutex_t lock;
    struct kept *head;
} all = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void value_put(void *p)
{
    struct kept_value *v = p;

    if (v && atomic_fetch_sub(&v->refs, 1) == 1) {
        arena_release(&v->mem);
        free(v);
    }
}

static size_t value_bytes(struct kept_value *v)
{
    return v ? sizeof(*v) + arena_footprint(&v->mem) : 0;
}

static int fresh(const struct kept *k, const struct kept_value *v, unsigned long long gen,
                 long long now)
{
    return v && v->gen == gen && (!k->ttl_ms || now - v->read_ms < k->ttl_ms);
}

/* Good enough for a reader while another refills: too old, but not changed. */
static int stale_will_do(const struct kept *k, const struct kept_value *v, unsigned long long gen,
                         long long now)
{
    return v && v->gen == gen && (!k->stale_ms || now - v->read_ms < k->stale_ms);
}

/* When a value read at read_ms should be read again while still fresh: at
 * 75-95 % of the ttl, spread by the value's address so that values read in
 * one burst (200 people's pages after a start) are not all read again in
 * the same burst. One reader reads it again; the others are served the
 * value meanwhile, so nobody waits for a value that only grew old. */
static long long renew_at(const struct kept *k, const struct kept_value *v)
{
    if (!k->ttl_ms)
        return LLONG_MAX;
    return v->read_ms + k->ttl_ms * 3 / 4 +
           (long long)(fnv_mix((unsigned long long)(uintptr_t)v ^ (unsigned long long)v->read_ms) %
                       (unsigned long long)(k->ttl_ms / 5 + 1));
}

static void list_once(struct kept *k)
{
    pthread_mutex_lock(&all.lock);
    if (!k->listed) {
        k->next = all.head;
        all.head = k;
        k->listed = 1;
    }
    pthread_mutex_unlock(&all.lock);
}

/*
 * prev, the value kept at the refill's generation, found unchanged by
 * k->same: kept as if read at read_ms, unless a forget or another value came
 * meanwhile. 1 when so (the refill is over for its owner).
 */
static int renew_unchanged(struct kept *k, struct kept_value *prev, unsigned long long forgotten,
                           long long read_ms, int owner)
{
    int renewed = 0;

    pthread_mutex_lock(&k->lock);
    if (forgotten == k->forgotten && k->cur == prev) {
        prev->read_ms = read_ms;
        prev->renew_ms = renew_at(k, prev);
        renewed = 1;
        if (owner) {
            k->refilling = 0;
            pthread_cond_broadcast(&k->filled);
        }
    }
    pthread_mutex_unlock(&k->lock);
    return renewed;
}

/*
 * Run the loader for a reader (owner: the one single flight let through,
 * else one that waited in vain) and keep what it read unless a forget came
 * meanwhile or a later read was kept first. *out holds the reader's reference.
 */
static int refill(struct kept *k, unsigned long long gen, void *arg, int owner,
                  struct kept_value **out)
{
    struct kept_value *v = xcalloc(1, sizeof(*v)), *old = NULL, *prev = NULL;
    unsigned long long forgotten;
    int rc, kept_it = 0;

    arena_init(&v->mem, k->chunk);
    v->gen = gen;
    atomic_init(&v->refs, 1);
    pthread_mutex_lock(&k->lock);
    forgotten = k->forgotten;
    if (k->same && k->cur && k->cur->gen == gen) {
        prev = k->cur;
        atomic_fetch_add(&prev->refs, 1);
    }
    pthread_mutex_unlock(&k->lock);
    v->read_ms = clock_ms();
    v->renew_ms = renew_at(k, v);
    if (prev) {
        if (k->same(arg, prev->value, prev->size) == 1 &&
            renew_unchanged(k, prev, forgotten, v->read_ms, owner)) {
            value_put(v);
            *out = prev; /* the reader's reference */
            return 0;
        }
        value_put(prev);
    }
    rc = k->load(&v->mem, arg, &v->value, &v->size);
    pthread_mutex_lock(&k->lock);
    if (rc == 0 && forgotten == k->forgotten && (!k->cur || k->cur->read_ms <= v->read_ms)) {
        old = k->cur;
        k->cur = v;
        atomic_fetch_add(&v->refs, 1);
        kept_it = 1;
    }
    if (owner) {
        k->refilling = 0;
        k->let_go += !kept_it;
        pthread_cond_broadcast(&k->filled);
    }
    pthread_mutex_unlock(&k->lock);
    value_put(old);
    if (kept_it)
        list_once(k);
    if (rc != 0) {
        value_put(v);
        v = NULL;
    }
    *out = v;
    return rc;
}

static kept_post_fn *_Atomic background_post;

void kept_background(kept_post_fn *post)
{
    atomic_store(&background_post, post);
}

/* A renewal run behind its readers (kept_background()). */
struct renewal {
    struct kept *k;
    unsigned long long gen;
};

static void renew_behind(void *job, void *arg)
{
    struct renewal *j = job;
    struct kept_value *v = NULL;

    if (arg) {
        refill(j->k, j->gen, arg, 1, &v);
        value_put(v); /* the reference a reader would have held */
    } else {          /* no connection: a later reader renews it */
        pthread_mutex_lock(&j->k->lock);
        j->k->refilling = 0;
        pthread_cond_broadcast(&j->k->filled);
        pthread_mutex_unlock(&j->k->lock);
    }
    free(j);
}

/* Hand k's renewal at gen to another thread (k->lock held, k->refilling
 * set by the caller): 1 when posted. */
static int post_renewal(struct kept *k, unsigned long long gen)
{
    kept_post_fn *post = atomic_load(&background_post);
    struct renewal *j;

    if (!k->background || !post || !(j = malloc(sizeof(*j))))
        return 0;
    j->k = k;
    j->gen = gen;
    if (post(renew_behind, j) == 0)
        return 1;
    free(j);
    return 0;
}

void kept_init(struct kept *k, kept_load_fn *load, long long ttl_ms)
{
    memset(k, 0, sizeof(*k));
    k->load = load;
    k->ttl_ms = ttl_ms;
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->filled, NULL);
}

int kept_get(struct arena *a, struct kept *k, unsigned long long gen, void *arg, const void **value,
             size_t *size)
{
    struct kept_value *v = NULL, *renewing = NULL;
    struct timespec deadline;
    unsigned long long let_go = 0;
    int owner = 0, waited = 0, timed_out = 0, rc;
    long long now;

    assert(a && k && k->load && value && size);
    *value = NULL;
    *size = 0;
    pthread_mutex_lock(&k->lock);
    for (;;) {
        now = clock_ms();
        if (!k->refilling && fresh(k, k->cur, gen, now) && now >= k->cur->renew_ms) {
            k->refilling = 1;
            if (post_renewal(k, gen)) { /* read again behind: this reader too is served it */
                v = k->cur;
                atomic_fetch_add(&v->refs, 1);
                break;
            }
            owner = 1;         /* read it again; the others are served it meanwhile */
            renewing = k->cur; /* and so is this reader, should the read fail */
            atomic_fetch_add(&renewing->refs, 1);
            break;
        }
        if (fresh(k, k->cur, gen, now) || (k->refilling && stale_will_do(k, k->cur, gen, now))) {
            v = k->cur;
            atomic_fetch_add(&v->refs, 1);
            break;
        }
        if (!k->refilling) {
            owner = k->refilling = 1;
            break;
        }
        /* the refill is slow, or kept nothing (an error: the waiters would
         * otherwise each claim in turn): read for this request alone */
        if (timed_out || (waited && let_go != k->let_go))
            break;
        if (!waited) {
            deadline = clock_deadline(CLOCK_REALTIME, k->wait_ms > 0 ? k->wait_ms : KEPT_WAIT_MS);
            let_go = k->let_go;
            waited = 1;
        }
        timed_out = pthread_cond_timedwait(&k->filled, &k->lock, &deadline) == ETIMEDOUT;
    }
    pthread_mutex_unlock(&k->lock);
    if (!v) {
        rc = refill(k, gen, arg, owner, &v);
        if (rc != 0 && !renewing)
            return rc;
        if (rc != 0) { /* the value it renewed is still fresh */
            v = renewing;
            renewing = NULL;
        }
        value_put(renewing);
    }
    arena_defer(a, value_put, v);
    *value = v->value;
    *size = v->size;
    return 0;
}

void kept_forget(struct kept *k)
{
    struct kept_value *old;

    pthread_mutex_lock(&k->lock);
    k->forgotten++;
    old = k->cur;
    k->cur = NULL;
    pthread_mutex_unlock(&k->lock);
    value_put(old);
}

size_t kept_bytes(struct kept *k)
{
    size_t b;

    pthread_mutex_lock(&k->lock);
    b = value_bytes(k->cur);
    pthread_mutex_unlock(&k->lock);
    return b;
}

void kept_usage(size_t *bytes, size_t *entries)
{
    struct kept *k;

    *bytes = *entries = 0;
    pthread_mutex_lock(&all.lock);
    for (k = all.head; k; k = k->next) {
        pthread_mutex_lock(&k->lock);
        *bytes += value_bytes(k->cur);
        *entries += k->cur != NULL;
        pthread_mutex_unlock(&k->lock);
    }
    pthread_mutex_unlock(&all.lock);
}

size_t kept_sweep(void)
{
    long long now = clock_ms(), age;
    struct kept_value *old;
    struct kept *k;
    size_t n = 0;

    pthread_mutex_lock(&all.lock);
    for (k = all.head; k; k = k->next) {
        pthread_mutex_lock(&k->lock);
        old = NULL;
        if (k->cur && k->ttl_ms && k->stale_ms) {
            age = now - k->cur->read_ms;
            if (age >= k->ttl_ms && age >= k->stale_ms) {
                old = k->cur;
                k->cur = NULL;
            }
        }
        pthread_mutex_unlock(&k->lock);
        if (old) {
            value_put(old);
            n++;
        }
    }
    pthread_mutex_unlock(&all.lock);
    return n;
}

void kept_release(struct kept *k)
{
    struct kept **p;

    kept_forget(k);
    pthread_mutex_lock(&all.lock);
    for (p = &all.head; *p && *p != k; p = &(*p)->next)
        ;
    if (*p)
        *p = k->next;
    k->next = NULL;
    k->listed = 0;
    pthread_mutex_unlock(&all.lock);
}
