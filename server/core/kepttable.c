#include "kepttable.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/fnv.h"
#include "core/xalloc.h"

/* What a slot keeps: the key it was loaded for, then the loader's value
 * (both in the value's own arena). */
struct keyed {
    const void *value;
    size_t size;
    size_t keylen;
    unsigned char key[];
};

static atomic_int keep = 1;

void kept_tables_keep(int on)
{
    atomic_store(&keep, on);
}

struct keyed_arg {
    struct kept_table *t;
    const void *key;
    size_t keylen;
    void *arg;
};

static int load_keyed(struct arena *a, void *p, const void **value, size_t *size)
{
    struct keyed_arg *ka = p;
    struct keyed *k = arena_alloc(a, sizeof(*k) + ka->keylen);
    int rc;

    k->keylen = ka->keylen;
    memcpy(k->key, ka->key, ka->keylen);
    rc = ka->t->load(a, ka->arg, &k->value, &k->size);
    if (rc != 0)
        return rc;
    *value = k;
    *size = sizeof(*k) + ka->keylen + k->size;
    return 0;
}

/* A slot: its kept value, the hash of the key it was last given to, and
 * when it was last read (the set's victim is the slot read least lately).
 * The tag only steers the search: the generation carries the key's hash and
 * the value carries its key, so a tag out of date costs a reload, never
 * another key's value. */
struct kept_slot {
    struct kept k;
    atomic_ullong tag;
    atomic_llong used_ms;
};

static struct kept_slot *slots_of(struct kept_table *t)
{
    struct kept_slot *slot = atomic_load_explicit(&t->slot, memory_order_acquire);
    size_t i;

    if (slot)
        return slot;
    pthread_mutex_lock(&t->lock);
    slot = atomic_load_explicit(&t->slot, memory_order_relaxed);
    if (!slot) {
        assert(t->slots > 0 && t->load);
        slot = xcalloc(t->slots, sizeof(*slot));
        for (i = 0; i < t->slots; i++) {
            kept_init(&slot[i].k, load_keyed, t->ttl_ms);
            slot[i].k.stale_ms = t->ttl_ms; /* a person's page: never older than its ttl */
            slot[i].k.chunk = t->chunk ? t->chunk : KEPT_TABLE_CHUNK;
            /* one key's readers at once are one person's tabs: a slow load is
             * not worth 2 s of their other tab's time (KEPT_WAIT_MS) */
            slot[i].k.wait_ms = KEPT_TABLE_WAIT_MS;
        }
        /* set up before any reader sees it: the first get only takes the lock */
        atomic_store_explicit(&t->slot, slot, memory_order_release);
    }
    pthread_mutex_unlock(&t->lock);
    return slot;
}

static size_t ways_of(const struct kept_table *t)
{
    return t->slots >= KEPT_TABLE_WAYS ? KEPT_TABLE_WAYS : t->slots;
}

/* The first of the set the hash h falls in. */
static struct kept_slot *set_of(struct kept_table *t, unsigned long long h)
{
    size_t ways = ways_of(t);

    return &slots_of(t)[fnv_mix(h) % (t->slots / ways) * ways];
}

/* The slot of set holding tag h, or NULL. */
static struct kept_slot *find(struct kept_slot *set, size_t ways, unsigned long long h)
{
    size_t i;

    for (i = 0; i < ways; i++)
        if (atomic_load_explicit(&set[i].tag, memory_order_relaxed) == h)
            return &set[i];
    return NULL;
}

/* The slot the key of hash h is kept in: its own, else the one of its set
 * read least lately, emptied and given to it. */
static struct kept_slot *slot_for(struct kept_table *t, unsigned long long h, long long now)
{
    size_t i, ways = ways_of(t);
    struct kept_slot *set = set_of(t, h), *s = find(set, ways, h);

    if (!s) {
        s = &set[0];
        for (i = 1; i < ways; i++)
            if (atomic_load_explicit(&set[i].used_ms, memory_order_relaxed) <
                atomic_load_explicit(&s->used_ms, memory_order_relaxed))
                s = &set[i];
        atomic_store_explicit(&s->tag, h, memory_order_relaxed);
        kept_forget(&s->k); /* what the slot held is no one's now */
    }
    atomic_store_explicit(&s->used_ms, now, memory_order_relaxed);
    return s;
}

static int same_key(const struct keyed *k, const void *key, size_t keylen)
{
    return k->keylen == keylen && !memcmp(k->key, key, keylen);
}

int kept_table_get(struct arena *a, struct kept_table *t, const void *key, size_t keylen,
                   unsigned long long gen, void *arg, const void **value, size_t *size)
{
    struct keyed_arg ka = { t, key, keylen, arg };
    unsigned long long h;
    const struct keyed *k;
    struct kept_slot *s;
    const void *v;
    size_t n;
    int i, rc;

    *value = NULL;
    *size = 0;
    if (keylen > KEPT_TABLE_KEY_MAX || !atomic_load(&keep))
        return t->load(a, arg, value, size);
    h = fnv1a(FNV1A_START, key, keylen);
    s = slot_for(t, h, clock_ms());
    /* the generation carries the key's hash: another key in the slot is
     * another generation, so it is read again rather than served */
    gen ^= h;
    for (i = 0; i < 2; i++) {
        rc = kept_get(a, &s->k, gen, &ka, &v, &n);
        if (rc != 0)
            return rc;
        k = v;
        if (same_key(k, key, keylen)) {
            *value = k->value;
            *size = k->size;
            return 0;
        }
        /* two keys whose hashes made one generation: read this one again */
        kept_forget(&s->k);
    }
    return t->load(a, arg, value, size);
}

void kept_table_forget(struct kept_table *t, const void *key, size_t keylen)
{
    unsigned long long h;
    struct kept_slot *set;
    size_t i, ways = ways_of(t);

    if (keylen > KEPT_TABLE_KEY_MAX)
        return;
    h = fnv1a(FNV1A_START, key, keylen);
    set = set_of(t, h);
    for (i = 0; i < ways; i++) /* every slot given to the key (two readers may have raced) */
        if (atomic_load_explicit(&set[i].tag, memory_order_relaxed) == h)
            kept_forget(&set[i].k);
}

void kept_table_forget_all(struct kept_table *t)
{
    struct kept_slot *slot = atomic_load_explicit(&t->slot, memory_order_acquire);
    size_t i;

    for (i = 0; slot && i < t->slots; i++)
        kept_forget(&slot[i].k);
}

void kept_table_release(struct kept_table *t)
{
    struct kept_slot *slot;
    size_t i;

    pthread_mutex_lock(&t->lock);
    slot = atomic_exchange(&t->slot, NULL);
    for (i = 0; slot && i < t->slots; i++)
        kept_release(&slot[i].k);
    free(slot);
    pthread_mutex_unlock(&t->lock);
}
