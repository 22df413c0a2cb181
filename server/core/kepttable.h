/*
 * kepttable: core/kept values under a key, for what a feature keeps per
 * person, per cohort or per query (issue 22). A fixed table of struct kept,
 * set up at first use, in sets of KEPT_TABLE_WAYS slots: a key's hash picks
 * its set, and a key new to the set takes the slot read least lately. With
 * one slot a key (the first version) 200 people in 1,024 slots shared ~20
 * slots in pairs and those pairs reloaded on nearly every request (the
 * account page: a quarter of its requests went to the database). Everything else (the lock, the age
 * and generation checks, single flight, references until the reader's arena is reset) is
 * core/kept.h's.
 *
 * A person's own data, read again when they change anything (core/persongen.h):
 *
 *     static struct kept_table mine = KEPT_TABLE_INIT(load_mine, PERSON_KEPT_TTL_MS, 1024);
 *     long long key[2] = { r->user->id, r->lang };
 *     rc = kept_table_get(r->arena, &mine, key, sizeof(key), persongen_get(r->user->id),
 *                         &arg, &value, &size);
 *
 * The loader is core/kept.h's; it gets kept_table_get()'s arg (which carries
 * whatever it needs of the key). Values older than their ttl_ms are dropped
 * by kept_sweep() (core/kept.h), so a table costs memory only for the keys
 * asked for lately. Thread-safe.
 */
#pragma once

#include <pthread.h>
#include <stddef.h>

#include "core/kept.h"

#define KEPT_TABLE_KEY_MAX 256  /* longer keys are not kept: loaded for the reader alone */
#define KEPT_TABLE_CHUNK   4096 /* a kept value's first arena chunk, unless .chunk says */
#define KEPT_TABLE_WAIT_MS 250  /* a reader waits this long for another's load, then loads */
#define KEPT_TABLE_WAYS    4    /* slots a set (a table of fewer slots: one set of them all) */

struct kept_slot;

struct kept_table {
    kept_load_fn *load;
    long long ttl_ms;
    size_t slots;
    size_t chunk; /* 0: KEPT_TABLE_CHUNK (a person's page is a few KB; many are kept) */

    /* private to kepttable.c */
    pthread_mutex_t lock; /* sets the slots up, releases them */
    _Atomic(struct kept_slot *) slot;
};

/* Further fields follow as designated initialisers: KEPT_TABLE_INIT(load, 2000, 1024,
 * .chunk = ARENA_DEFAULT_CHUNK). */
#define KEPT_TABLE_INIT(load_, ttl_ms_, slots_, ...)                                               \
    {                                                                                              \
        .load = (load_), .ttl_ms = (ttl_ms_), .slots = (slots_),                                   \
        .lock = PTHREAD_MUTEX_INITIALIZER, __VA_ARGS__                                             \
    }

/*
 * The value kept under key (keylen bytes, compared byte for byte) at
 * generation gen, loaded through t->load(arena, arg, ...) when it is
 * missing, too old, of another generation or of another key. As
 * kept_get(): 0 with *value and *size, valid until a is next reset;
 * otherwise the loader's error.
 */
int kept_table_get(struct arena *a, struct kept_table *t, const void *key, size_t keylen,
                   unsigned long long gen, void *arg, const void **value, size_t *size);

/* Drop what key's slot holds / every slot's value. */
void kept_table_forget(struct kept_table *t, const void *key, size_t keylen);
void kept_table_forget_all(struct kept_table *t);

/* Keep nothing in any table (on: 1, the default; off: 0): every get loads
 * for its reader alone. The one switch for everything kept of one person's,
 * by query or by cohort: the server turns it off with its session cache
 * (DYSGU_SESSION_CACHE_MS=0, the integration harness's default, whose tests
 * change rows behind the server's back). */
void kept_tables_keep(int on);

/* Release every slot (tests, exit). */
void kept_table_release(struct kept_table *t);
