#include "kepttable.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
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

static struct kept *slot_of(struct kept_table *t, const void *key, size_t keylen)
{
    size_t i;

    pthread_mutex_lock(&t->lock);
    if (!t->slot) {
        assert(t->slots > 0 && t->load);
        t->slot = xcalloc(t->slots, sizeof(*t->slot));
        for (i = 0; i < t->slots; i++) {
            kept_init(&t->slot[i], load_keyed, t->ttl_ms);
            t->slot[i].stale_ms = t->ttl_ms; /* a person's page: never older than its ttl */
            t->slot[i].chunk = t->chunk ? t->chunk : KEPT_TABLE_CHUNK;
            /* one key's readers at once are one person's tabs: a slow load is
             * not worth 2 s of their other tab's time (KEPT_WAIT_MS) */
            t->slot[i].wait_ms = KEPT_TABLE_WAIT_MS;
        }
    }
    pthread_mutex_unlock(&t->lock);
    return &t->slot[fnv1a(FNV1A_START, key, keylen) % t->slots];
}

static int same_key(const struct keyed *k, const void *key, size_t keylen)
{
    return k->keylen == keylen && !memcmp(k->key, key, keylen);
}

int kept_table_get(struct arena *a, struct kept_table *t, const void *key, size_t keylen,
                   unsigned long long gen, void *arg, const void **value, size_t *size)
{
    struct keyed_arg ka = { t, key, keylen, arg };
    const struct keyed *k;
    const void *v;
    struct kept *s;
    size_t n;
    int i, rc;

    *value = NULL;
    *size = 0;
    if (keylen > KEPT_TABLE_KEY_MAX || !atomic_load(&keep))
        return t->load(a, arg, value, size);
    s = slot_of(t, key, keylen);
    /* the generation carries the key's hash: another key in the slot is
     * another generation, so it is read again rather than served */
    gen ^= fnv1a(FNV1A_START, key, keylen);
    for (i = 0; i < 2; i++) {
        rc = kept_get(a, s, gen, &ka, &v, &n);
        if (rc != 0)
            return rc;
        k = v;
        if (same_key(k, key, keylen)) {
            *value = k->value;
            *size = k->size;
            return 0;
        }
        /* two keys whose hashes made one generation: read this one again */
        kept_forget(s);
    }
    return t->load(a, arg, value, size);
}

void kept_table_forget(struct kept_table *t, const void *key, size_t keylen)
{
    if (keylen <= KEPT_TABLE_KEY_MAX)
        kept_forget(slot_of(t, key, keylen));
}

void kept_table_forget_all(struct kept_table *t)
{
    size_t i;

    pthread_mutex_lock(&t->lock);
    for (i = 0; t->slot && i < t->slots; i++)
        kept_forget(&t->slot[i]);
    pthread_mutex_unlock(&t->lock);
}

void kept_table_release(struct kept_table *t)
{
    size_t i;

    pthread_mutex_lock(&t->lock);
    for (i = 0; t->slot && i < t->slots; i++)
        kept_release(&t->slot[i]);
    free(t->slot);
    t->slot = NULL;
    pthread_mutex_unlock(&t->lock);
}
