#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue_impl.h"
#include "core/xalloc.h"
#include "courses/taxonomy.h"

_Static_assert(CATALOGUE_MATCH_MAX <= UINT16_MAX, "orders are uint16_t indexes");

/*
 * Both orders must be exactly SQL's ORDER BY in_xx DESC, sort_xx, id (store.c's
 * LIST_*_FT): the courses taught in the reader's language first (issue 25),
 * then by title. VARBINARY compares bytes, a prefix first. ICU sort keys hold
 * no NUL byte (collate_sortkey stores them without the terminator), so
 * strcmp is that comparison.
 */
static int by_key(const struct catalogue_match_row *x, const struct catalogue_match_row *y, int l)
{
    int in_x = l == LANG_CY ? x->in_cy : x->in_en, in_y = l == LANG_CY ? y->in_cy : y->in_en;
    int c = (in_y != 0) - (in_x != 0);

    if (c)
        return c;
    c = strcmp(x->key[l] ? x->key[l] : "", y->key[l] ? y->key[l] : "");

    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

static int by_cy(const void *a, const void *b)
{
    return by_key(*(const struct catalogue_match_row *const *)a,
                  *(const struct catalogue_match_row *const *)b, LANG_CY);
}

static int by_en(const void *a, const void *b)
{
    return by_key(*(const struct catalogue_match_row *const *)a,
                  *(const struct catalogue_match_row *const *)b, LANG_EN);
}

static int8_t code_index(const char *code, const char *const *list, size_t n)
{
    return (int8_t)catalogue_index(code, list, n);
}

/* One block: the struct, v[n] and both orders, freed by one free(). */
static size_t matches_size(size_t n)
{
    return sizeof(struct catalogue_matches) + n * sizeof(struct catalogue_match) +
           2 * n * sizeof(uint16_t) + 1;
}

size_t catalogue_matches_bytes(const struct catalogue_matches *m)
{
    return matches_size(m->n);
}

static struct catalogue_matches *matches_alloc(size_t n)
{
    size_t head = sizeof(struct catalogue_matches), body = n * sizeof(struct catalogue_match);
    struct catalogue_matches *m = xcalloc(1, matches_size(n));

    m->n = n;
    m->v = (struct catalogue_match *)((char *)m + head);
    m->order[LANG_CY] = (uint16_t *)((char *)m->v + body);
    m->order[LANG_EN] = m->order[LANG_CY] + n;
    return m;
}

void catalogue_match_of(const struct catalogue_match_row *r, struct catalogue_match *out)
{
    *out = (struct catalogue_match){
        .id = (uint32_t)r->id,
        .family = code_index(r->family, taxonomy_families, taxonomy_n_families),
        .level = code_index(r->level, taxonomy_levels, taxonomy_n_levels),
        .format = code_index(r->format, taxonomy_formats, taxonomy_n_formats),
        .in_cy = r->in_cy != 0,
        .in_en = r->in_en != 0,
    };
}

void catalogue_matches_order(const struct catalogue_match_row *rows, size_t n, enum lang l,
                             uint32_t *order)
{
    const struct catalogue_match_row **p = xmalloc((n ? n : 1) * sizeof(*p));
    size_t i;

    for (i = 0; i < n; i++)
        p[i] = &rows[i];
    qsort(p, n, sizeof(*p), l == LANG_CY ? by_cy : by_en);
    for (i = 0; i < n; i++)
        order[i] = (uint32_t)(p[i] - rows);
    free(p);
}

struct catalogue_matches *catalogue_matches_build(const struct catalogue_match_row *rows, size_t n)
{
    struct catalogue_matches *m;
    uint32_t *order;
    size_t i, l;

    if (n > CATALOGUE_MATCH_MAX)
        return catalogue_matches_too_many();
    m = matches_alloc(n);
    for (i = 0; i < n; i++)
        catalogue_match_of(&rows[i], &m->v[i]);
    order = xmalloc((n ? n : 1) * sizeof(*order));
    for (l = 0; l < 2; l++) {
        catalogue_matches_order(rows, n, (enum lang)l, order);
        for (i = 0; i < n; i++)
            m->order[l][i] = (uint16_t)order[i];
    }
    free(order);
    return m;
}

static int in_set(const uint64_t *set, size_t i)
{
    return (int)((set[i / 64] >> (i % 64)) & 1);
}

struct catalogue_matches *catalogue_matches_of_set(const struct catalogue_match *all, size_t n_all,
                                                   const uint32_t *const order[2],
                                                   const uint64_t *set, size_t n)
{
    struct catalogue_matches *m;
    uint16_t *at;
    size_t i, j, k, l;

    if (n > CATALOGUE_MATCH_MAX)
        return catalogue_matches_too_many();
    m = matches_alloc(n);
    at = xmalloc((n_all ? n_all : 1) * sizeof(*at)); /* a member's index in m->v */
    for (i = 0, j = 0; i < n_all && j < n; i++)
        if (in_set(set, i)) {
            at[i] = (uint16_t)j;
            m->v[j++] = all[i];
        }
    for (l = 0; l < 2; l++)
        for (k = 0, j = 0; k < n_all && j < n; k++)
            if (in_set(set, order[l][k]))
                m->order[l][j++] = at[order[l][k]];
    free(at);
    return m;
}

struct catalogue_matches *catalogue_matches_too_many(void)
{
    struct catalogue_matches *m = matches_alloc(0);

    m->too_many = 1;
    return m;
}

void catalogue_matches_free(struct catalogue_matches *m)
{
    free(m);
}

void catalogue_matches_facets(const struct catalogue_matches *m, const struct catalogue_query *qy,
                              struct catalogue_facets *f)
{
    struct catalogue_wanted w;
    size_t i;

    memset(f, 0, sizeof(*f));
    catalogue_wanted_of(qy, &w);
    for (i = 0; i < m->n; i++) {
        const struct catalogue_match *x = &m->v[i];

        catalogue_facets_add_at(f, qy, &w, x->family, x->level, x->format, x->in_cy, x->in_en, 1);
    }
}

size_t catalogue_matches_page(const struct catalogue_matches *m, const struct catalogue_query *qy,
                              enum lang order_lang, long long *ids)
{
    struct catalogue_wanted w;
    long long skip = (long long)(qy->page - 1) * qy->per_page;
    size_t i, n = 0;

    catalogue_wanted_of(qy, &w);
    for (i = 0; i < m->n && n < (size_t)qy->per_page; i++) {
        const struct catalogue_match *x = &m->v[m->order[order_lang == LANG_EN][i]];

        /* the same test as catalogue_facets_add's total */
        if ((w.family != -2 && x->family != w.family) || (w.level != -2 && x->level != w.level) ||
            (w.format != -2 && x->format != w.format) || (qy->lang == LANG_CY && !x->in_cy) ||
            (qy->lang == LANG_EN && !x->in_en))
            continue;
        if (skip > 0) {
            skip--;
            continue;
        }
        ids[n++] = x->id;
    }
    return n;
}
