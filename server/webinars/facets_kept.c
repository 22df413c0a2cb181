/*
 * The webinar list's grouped count, kept in memory (core/kept): grouping
 * every visible webinar (5,000 at full volume) was most of a list page's
 * cost (issue 22: 19-22 ms a render, 66 ms on a loaded machine), and its
 * rows are the same for every filter and language (the filters are applied
 * in C). Kept for RENDERCACHE_TTL_MS, as old as a shared page may be, and
 * read again when the render cache's generation moves (a webinar created,
 * edited or cancelled in this process: pages_manage.c forgets the render
 * cache), so the list shows a change here at once.
 */
#include "core/kept.h"
#include "http/rendercache.h"
#include "webinars/webinars_impl.h"

static int load(struct arena *a, void *db, const void **value, size_t *size)
{
    struct webinar_facet_row *rows;
    size_t n;
    enum db_rc rc = webinar_store_facet_rows(db, a, &rows, &n);

    *value = rows;
    *size = n * sizeof(*rows);
    return (int)rc;
}

static struct kept facets = KEPT_INIT(load, RENDERCACHE_TTL_MS);

enum db_rc webinar_facets_kept(struct db *db, struct arena *a,
                               const struct webinar_facet_row **rows, size_t *n)
{
    const void *v;
    size_t size;
    int rc = kept_get(a, &facets, rendercache_generation(), db, &v, &size);

    *rows = v;
    *n = size / sizeof(**rows);
    return (enum db_rc)rc;
}
