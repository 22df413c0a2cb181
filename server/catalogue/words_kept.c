/*
 * The one word index of this process (words.c). A search may use it only
 * while it is exact: each use first reads the generation that migration
 * 0058's triggers bump with every change a search could see (a primary-key
 * read, far cheaper than the FULLTEXT evaluation it replaces), and a new
 * generation makes one request read the index again while the others ask
 * FULLTEXT meanwhile: nobody waits for another's read, and no search is ever
 * answered from courses as they were. Searches (find.c) and "did you mean"
 * (suggest.c) share it; it took the place of suggest.c's own copy of every
 * course's terms.
 *
 * Kept indexes are immutable: a request takes a reference under the lock and
 * gives it back when its arena is reset, so an index replaced meanwhile is
 * freed by whoever lets go of it last. A request reads the generation once:
 * what its first use found (the index, or NULL) serves its later ones (a
 * search with no results, its "did you mean", the search it suggests), so the
 * index is exact as of that request's start.
 */
#include <pthread.h>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_impl.h"
#include "core/arena.h"

static struct {
    pthread_mutex_t lock;
    struct catalogue_words *w; /* NULL: none read yet */
    long long gen;             /* the generation w was read at */
    int reading;               /* a request is reading a new one */
} kept = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* What this thread's request found, until its arena is reset. */
static _Thread_local struct {
    const struct arena *a; /* NULL: nothing found yet */
    const struct catalogue_words *w;
} found;

static void unref_locked(struct catalogue_words *w)
{
    if (w && --*catalogue_words_refs(w) == 0)
        catalogue_words_free(w);
}

static void unref(void *p)
{
    pthread_mutex_lock(&kept.lock);
    unref_locked(p);
    pthread_mutex_unlock(&kept.lock);
}

/* Read the index (the caller set kept.reading) and keep it as gen's: read
 * after gen was, it is at least that new, and a later change bumps gen. */
static void refill(struct db *db, long long gen)
{
    struct catalogue_words *w = NULL;
    enum db_rc rc = catalogue_store_words(db, &w);

    pthread_mutex_lock(&kept.lock);
    kept.reading = 0;
    if (rc == DB_OK) {
        unref_locked(kept.w);
        *catalogue_words_refs(w) = 1; /* the keeper's */
        kept.w = w;
        kept.gen = gen;
    }
    pthread_mutex_unlock(&kept.lock);
}

/* kept.w with a reference for a when it is gen's, else NULL. */
static struct catalogue_words *take(struct arena *a, long long gen)
{
    struct catalogue_words *w;

    pthread_mutex_lock(&kept.lock);
    w = kept.w && kept.gen == gen ? kept.w : NULL;
    if (w)
        ++*catalogue_words_refs(w);
    pthread_mutex_unlock(&kept.lock);
    if (w)
        arena_defer(a, unref, w);
    return w;
}

static const struct catalogue_words *get(struct db *db, struct arena *a)
{
    struct catalogue_words *w;
    long long gen;
    int read;

    if (catalogue_store_words_gen(db, &gen) != DB_OK)
        return NULL;
    w = take(a, gen);
    if (w)
        return w;
    pthread_mutex_lock(&kept.lock);
    read = !kept.reading;
    kept.reading = 1;
    pthread_mutex_unlock(&kept.lock);
    if (!read)
        return NULL;
    refill(db, gen);
    return take(a, gen);
}

static void forget_found(void *unused)
{
    (void)unused;
    found.a = NULL;
    found.w = NULL;
}

const struct catalogue_words *catalogue_words_get(struct db *db, struct arena *a)
{
    if (found.a == a)
        return found.w;
    found.w = get(db, a);
    found.a = a;
    arena_defer(a, forget_found, NULL); /* runs before take()'s unref: defers are LIFO */
    return found.w;
}

void catalogue_words_usage(size_t *bytes, size_t *entries)
{
    pthread_mutex_lock(&kept.lock);
    *bytes = kept.w ? catalogue_words_bytes(kept.w) : 0;
    *entries = kept.w ? catalogue_words_count(kept.w) : 0;
    pthread_mutex_unlock(&kept.lock);
}
