/*
 * What the catalogue keeps in memory for CATALOGUE_CACHE_TTL_MS, per process:
 *
 *   - the facet groups of every published course (no search), in a
 *     core/kept: the same for every visitor and every filter, since the
 *     filters are applied in C, and grouping every course was most of a
 *     catalogue page's cost;
 *   - the matches of the last CATALOGUE_CACHE_SEARCHES searches, keyed by the
 *     folded boolean query (catalogue_ft_query's normal form), least recently used
 *     evicted first: one FULLTEXT evaluation serves every filter, page and
 *     language of a search for that long.
 *
 * Counts and search results may therefore be that much behind a publish or
 * an import (docs/decisions.md); catalogue_find reads the page's rows fresh
 * and leaves out a course unpublished since.
 *
 * Kept matches are immutable and shared: a request takes a reference under
 * the lock and gives it back when its arena is reset, so an entry evicted
 * meanwhile is freed by whoever lets go of it last.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/kept.h"
#include "core/xalloc.h"
#include "http/rendercache.h"

struct search_entry {
    char *ft; /* NULL: empty slot */
    struct catalogue_matches *m;
    long long loaded_ms, used; /* used: the lock's clock when last read */
};

static struct {
    pthread_mutex_t lock;
    long long clock;
    struct search_entry searches[CATALOGUE_CACHE_SEARCHES];
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int fresh(long long loaded_ms, long long now)
{
    return loaded_ms && now - loaded_ms < CATALOGUE_CACHE_TTL_MS;
}

static int load_facets(struct arena *a, void *db, const void **value, size_t *size)
{
    struct catalogue_facet_group *g;
    size_t n;
    enum db_rc rc = catalogue_store_facet_groups(db, a, &g, &n);

    *value = g;
    *size = n * sizeof(*g);
    return (int)rc;
}

static struct kept facets = KEPT_INIT(load_facets, CATALOGUE_CACHE_TTL_MS);

enum db_rc catalogue_cache_facets(struct db *db, const struct catalogue_query *qy,
                                  struct catalogue_facets *f)
{
    const struct catalogue_facet_group *g;
    const void *v;
    struct arena a; /* holds the kept groups for this call only */
    struct catalogue_wanted w;
    size_t i, size;
    int rc;

    arena_init(&a, 512);
    catalogue_wanted_of(qy, &w);
    rc = kept_get(&a, &facets, 0, db, &v, &size);
    for (i = 0, g = v; rc == 0 && i < size / sizeof(*g); i++)
        catalogue_facets_add(f, qy, &w, g[i].family, g[i].level, g[i].format, g[i].in_cy,
                             g[i].in_en, g[i].n);
    arena_release(&a);
    return (enum db_rc)rc;
}

/* Drop one reference to m (the lock held). */
static void unref_locked(struct catalogue_matches *m)
{
    if (--m->refs == 0)
        catalogue_matches_free(m);
}

static void unref(void *p)
{
    pthread_mutex_lock(&cache.lock);
    unref_locked(p);
    pthread_mutex_unlock(&cache.lock);
}

static void empty_slot_locked(struct search_entry *e)
{
    if (e->m)
        unref_locked(e->m);
    free(e->ft);
    memset(e, 0, sizeof(*e));
}

const struct catalogue_matches *catalogue_cache_matches(struct arena *a, const char *ft)
{
    struct catalogue_matches *m = NULL;
    long long now = clock_ms();
    size_t i;

    pthread_mutex_lock(&cache.lock);
    for (i = 0; i < CATALOGUE_CACHE_SEARCHES; i++) {
        struct search_entry *e = &cache.searches[i];

        if (e->ft && fresh(e->loaded_ms, now) && !strcmp(e->ft, ft)) {
            e->used = ++cache.clock;
            m = e->m;
            m->refs++;
            break;
        }
    }
    pthread_mutex_unlock(&cache.lock);
    if (m)
        arena_defer(a, unref, m);
    return m;
}

/* The slot for ft: its own, else an empty or stale one, else the least recently used. */
static struct search_entry *slot_locked(const char *ft, long long now)
{
    struct search_entry *spare = NULL, *lru = &cache.searches[0];
    size_t i;

    for (i = 0; i < CATALOGUE_CACHE_SEARCHES; i++) {
        struct search_entry *e = &cache.searches[i];

        if (e->ft && !strcmp(e->ft, ft))
            return e;
        if (!spare && (!e->ft || !fresh(e->loaded_ms, now)))
            spare = e;
        if (e->used < lru->used)
            lru = e;
    }
    return spare ? spare : lru;
}

void catalogue_cache_keep_matches(struct arena *a, const char *ft, struct catalogue_matches *m)
{
    char *key = xstrdup(ft);
    struct search_entry *e;
    long long now = clock_ms();

    m->refs = 2; /* the cache's and the caller's */
    pthread_mutex_lock(&cache.lock);
    e = slot_locked(ft, now);
    empty_slot_locked(e);
    e->ft = key;
    e->m = m;
    e->loaded_ms = now;
    e->used = ++cache.clock;
    pthread_mutex_unlock(&cache.lock);
    arena_defer(a, unref, m);
}

void catalogue_cache_forget(void)
{
    size_t i;

    kept_forget(&facets);
    pthread_mutex_lock(&cache.lock);
    for (i = 0; i < CATALOGUE_CACHE_SEARCHES; i++)
        empty_slot_locked(&cache.searches[i]);
    pthread_mutex_unlock(&cache.lock);
    rendercache_forget(); /* the pages rendered from what was kept */
}

void catalogue_cache_usage(size_t *bytes, size_t *entries)
{
    size_t i, b = sizeof(cache), n = 0;

    pthread_mutex_lock(&cache.lock);
    for (i = 0; i < CATALOGUE_CACHE_SEARCHES; i++) {
        const struct search_entry *e = &cache.searches[i];

        if (!e->ft)
            continue;
        n++;
        b += strlen(e->ft) + 1 + catalogue_matches_bytes(e->m);
    }
    pthread_mutex_unlock(&cache.lock);
    *bytes = b;
    *entries = n;
}
