#include <string.h>

#include "catalogue/catalogue_impl.h"
#include "core/arena.h"

/*
 * *out: the matches of ft, kept, or found now in the word index (words.c:
 * no FULLTEXT statement), or read by FULLTEXT when the index has not been
 * read yet or cannot evaluate ft; then kept.
 */
static enum db_rc matches_of(struct db *db, struct arena *a, const char *ft,
                             const struct catalogue_matches **out)
{
    const struct catalogue_words *w;
    struct catalogue_matches *m = NULL;
    enum db_rc rc = DB_OK;

    *out = catalogue_cache_matches(a, ft);
    if (*out)
        return DB_OK;
    w = catalogue_words_get(db, a);
    if (!w || catalogue_words_match(w, ft, &m))
        rc = catalogue_store_matches(db, ft, &m);
    if (rc != DB_OK)
        return rc;
    catalogue_cache_keep_matches(a, ft, m);
    *out = m;
    return DB_OK;
}

enum db_rc catalogue_find(struct db *db, struct arena *a, const struct catalogue_query *qy,
                          enum lang order_lang, struct catalogue_facets *f, struct course **out,
                          size_t *n)
{
    const struct catalogue_matches *m = NULL;
    long long first = (long long)(qy->page - 1) * qy->per_page, *ids;
    size_t n_ids;
    enum db_rc rc;

    memset(f, 0, sizeof(*f));
    *out = NULL;
    *n = 0;
    if (qy->ft) {
        rc = matches_of(db, a, qy->ft, &m);
        if (rc != DB_OK)
            return rc;
    }
    if (!m || m->too_many) {
        rc = catalogue_store_facets(db, qy, f);
        if (rc == DB_OK && first < f->total)
            rc = catalogue_store_list(db, a, qy, order_lang, out, n);
        return rc;
    }
    catalogue_matches_facets(m, qy, f);
    if (first >= f->total)
        return DB_OK;
    ids = arena_alloc(a, (size_t)qy->per_page * sizeof(*ids));
    n_ids = catalogue_matches_page(m, qy, order_lang, ids);
    return catalogue_store_by_ids(db, a, ids, n_ids, out, n);
}
