/*
 * The webinar list's grouped count, kept in memory: grouping every visible
 * webinar (5,000 at full volume) was most of a list page's cost (issue 22:
 * 19-22 ms a render, 66 ms on a loaded machine), and its rows are the same
 * for every filter and language (the filters are applied in C). Kept for
 * RENDERCACHE_TTL_MS, as old as a shared page may be, and dropped when the
 * render cache's generation moves (a webinar created, edited or cancelled in
 * this process: pages_manage.c forgets the render cache), so the list
 * shows a change here at once. Readers copy the rows under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "http/rendercache.h"
#include "webinars/webinars_impl.h"

static struct {
    pthread_mutex_t lock;
    long long loaded_ms; /* 0: nothing kept */
    unsigned gen;
    size_t n;
    struct webinar_facet_row rows[WEBINAR_FACET_ROWS];
    char *strings; /* the rows' strings, one block */
} kept = { .lock = PTHREAD_MUTEX_INITIALIZER };

int webinar_facets_kept(struct arena *a, struct webinar_facet_row **rows, size_t *n)
{
    unsigned gen = rendercache_generation();
    struct webinar_facet_row *out;
    size_t i;
    int hit;

    pthread_mutex_lock(&kept.lock);
    hit = kept.loaded_ms && kept.gen == gen && clock_ms() - kept.loaded_ms < RENDERCACHE_TTL_MS;
    *n = hit ? kept.n : 0;
    *rows = out = hit ? arena_alloc(a, (kept.n ? kept.n : 1) * sizeof(*out)) : NULL;
    for (i = 0; hit && i < kept.n; i++) {
        out[i] = kept.rows[i];
        out[i].slug = arena_strdup(a, kept.rows[i].slug);
        out[i].name_cy = arena_strdup(a, kept.rows[i].name_cy);
        out[i].name_en = arena_strdup(a, kept.rows[i].name_en);
    }
    pthread_mutex_unlock(&kept.lock);
    return hit ? 0 : -1;
}

void webinar_facets_keep(const struct webinar_facet_row *rows, size_t n, unsigned gen)
{
    size_t i, bytes = 0;
    char *strings, *at;

    if (n > WEBINAR_FACET_ROWS)
        return; /* more than the vocabulary allows: just do not keep them */
    for (i = 0; i < n; i++)
        bytes += strlen(rows[i].slug) + strlen(rows[i].name_cy) + strlen(rows[i].name_en) + 3;
    at = strings = xmalloc(bytes ? bytes : 1);
    pthread_mutex_lock(&kept.lock);
    for (i = 0; i < n; i++) {
        const char *const from[3] = { rows[i].slug, rows[i].name_cy, rows[i].name_en };
        const char *to[3];
        int k;

        for (k = 0; k < 3; k++) {
            size_t len = strlen(from[k]) + 1;

            memcpy(at, from[k], len);
            to[k] = at;
            at += len;
        }
        kept.rows[i] = rows[i];
        kept.rows[i].slug = to[0];
        kept.rows[i].name_cy = to[1];
        kept.rows[i].name_en = to[2];
    }
    free(kept.strings);
    kept.strings = strings;
    kept.n = n;
    kept.gen = gen;
    kept.loaded_ms = clock_ms();
    pthread_mutex_unlock(&kept.lock);
}
