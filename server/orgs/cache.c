/*
 * The organisations kept in memory (issue 22): the list is the same for
 * everyone and changes only with a migration, yet the account and register
 * pages read it on every view. Each language's sorted list is loaded once
 * through org_store_list into an arena of its own and kept for
 * ORG_CACHE_TTL_MS, or until org_cache_forget (what a page that changes
 * organisations calls); readers copy what they need under the lock, so a
 * reload never pulls a list from under a request.
 */
#include <pthread.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "orgs/orgs.h"

#define ORG_CACHE_TTL_MS (5 * 60 * 1000) /* a migration run beside a live server shows by then */
#define ORG_CACHE_CHUNK  4096

struct org_list {
    long long loaded_ms; /* 0: nothing kept */
    struct arena mem;
    struct org *orgs;
    size_t n;
};

static struct {
    pthread_mutex_t lock;
    long long generation; /* bumped by org_cache_forget: a load begun before it is not kept */
    struct org_list lang[2];
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct org_list *list_of(enum lang l)
{
    return &cache.lang[l == LANG_EN ? 1 : 0];
}

static int fresh(const struct org_list *k, long long now)
{
    return k->loaded_ms && now - k->loaded_ms < ORG_CACHE_TTL_MS;
}

static void copy_org(struct arena *a, struct org *to, const struct org *from)
{
    *to = *from;
    to->code = arena_strdup(a, from->code);
    to->name = arena_strdup(a, from->name);
}

/* l's list into k (the lock not held), kept unless forgotten meanwhile. */
static enum db_rc load(struct db *db, enum lang l)
{
    struct org_list k = { .n = 0 }, old;
    struct org *rows = NULL;
    long long generation;
    enum db_rc rc;

    pthread_mutex_lock(&cache.lock);
    generation = cache.generation;
    pthread_mutex_unlock(&cache.lock);
    arena_init(&k.mem, ORG_CACHE_CHUNK);
    rc = org_store_list(db, &k.mem, l, &rows, &k.n);
    if (rc != DB_OK) {
        arena_release(&k.mem);
        return rc;
    }
    k.orgs = rows;
    k.loaded_ms = clock_ms();
    pthread_mutex_lock(&cache.lock);
    if (generation != cache.generation) {
        pthread_mutex_unlock(&cache.lock);
        arena_release(&k.mem);
        return DB_OK; /* forgotten while loading: this request still reads the DB's list */
    }
    old = *list_of(l);
    *list_of(l) = k;
    pthread_mutex_unlock(&cache.lock);
    if (old.loaded_ms)
        arena_release(&old.mem);
    return DB_OK;
}

/* With the lock held and l's list fresh: copies into a (id 0: the whole list). */
static enum db_rc copy_locked(struct arena *a, enum lang l, int id, struct org **out, size_t *n)
{
    const struct org_list *k = list_of(l);
    size_t i;

    if (id) {
        for (i = 0; i < k->n; i++)
            if (k->orgs[i].id == id) {
                copy_org(a, *out, &k->orgs[i]);
                return DB_OK;
            }
        return DB_NOT_FOUND;
    }
    *out = arena_alloc(a, (k->n ? k->n : 1) * sizeof(**out));
    for (i = 0; i < k->n; i++)
        copy_org(a, &(*out)[i], &k->orgs[i]);
    *n = k->n;
    return DB_OK;
}

static enum db_rc read_kept(struct db *db, struct arena *a, enum lang l, int id, struct org **out,
                            size_t *n)
{
    enum db_rc rc = DB_UNAVAILABLE;
    int tries;

    for (tries = 0; tries < 2; tries++) {
        pthread_mutex_lock(&cache.lock);
        if (fresh(list_of(l), clock_ms())) {
            rc = copy_locked(a, l, id, out, n);
            pthread_mutex_unlock(&cache.lock);
            return rc;
        }
        pthread_mutex_unlock(&cache.lock);
        if (tries == 0 && (rc = load(db, l)) != DB_OK)
            return rc;
    }
    /* forgotten while loading: straight from the database this once */
    if (id)
        return org_store_get(db, a, l, id, *out);
    return org_store_list(db, a, l, out, n);
}

enum db_rc org_list(struct db *db, struct arena *a, enum lang l, struct org **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    return read_kept(db, a, l, 0, out, n);
}

enum db_rc org_get(struct db *db, struct arena *a, enum lang l, int id, struct org *out)
{
    size_t n = 0;

    memset(out, 0, sizeof(*out));
    if (id <= 0)
        return DB_NOT_FOUND;
    return read_kept(db, a, l, id, &out, &n);
}

void org_cache_forget(void)
{
    struct org_list old[2];
    size_t i;

    pthread_mutex_lock(&cache.lock);
    cache.generation++;
    memcpy(old, cache.lang, sizeof(old));
    memset(cache.lang, 0, sizeof(cache.lang));
    pthread_mutex_unlock(&cache.lock);
    for (i = 0; i < 2; i++)
        if (old[i].loaded_ms)
            arena_release(&old[i].mem);
}
