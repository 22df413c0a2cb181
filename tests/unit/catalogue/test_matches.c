/*
 * server/catalogue/matches.c and cache.c: a search's matches give the same
 * facet counts as summing catalogue_facets_add over the rows, and the same
 * pages as SQL's ORDER BY in_xx DESC, sort_xx, id (the reader's language
 * first) with the filters and OFFSET, for every
 * filter combination; too many matches are a verdict, not a truncation; the
 * cache finds a search by its boolean query, evicts the least recently used,
 * forgets after CATALOGUE_CACHE_TTL_MS, and never frees matches a request
 * still holds.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "courses/taxonomy.h"
#include "testing.h"

#define N_ROWS 157

static struct catalogue_match_row rows[N_ROWS];
static char keys[N_ROWS][2][8];

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* Rows with few distinct short keys (ties and prefixes), unknown codes and
 * every language mix; ids not in key order. */
static void make_rows(void)
{
    static const char *const families[] = { "data", "architecture", "no-such-family" };
    static const char alphabet[] = { 0x05, 0x06, (char)0xf0 };
    unsigned s = 7;
    int i, l, k, len;

    for (i = 0; i < N_ROWS; i++) {
        struct catalogue_match_row *r = &rows[i];

        r->id = 1000 - 3 * i + (i % 7) * 50;
        r->family = families[lcg(&s) % 3];
        r->level = taxonomy_levels[lcg(&s) % taxonomy_n_levels];
        r->format = taxonomy_formats[lcg(&s) % taxonomy_n_formats];
        r->in_cy = lcg(&s) % 3 != 0;
        r->in_en = !r->in_cy || lcg(&s) % 2;
        for (l = 0; l < 2; l++) {
            len = 1 + (int)(lcg(&s) % 3);
            for (k = 0; k < len; k++)
                keys[i][l][k] = alphabet[lcg(&s) % 3];
            keys[i][l][len] = '\0';
            r->key[l] = keys[i][l];
        }
    }
}

/* 1 when row r is counted in the total under qy (the definition of "meets every filter"). */
static int meets(const struct catalogue_query *qy, const struct catalogue_match_row *r)
{
    struct catalogue_facets f;
    struct catalogue_wanted w;

    memset(&f, 0, sizeof(f));
    catalogue_wanted_of(qy, &w);
    catalogue_facets_add(&f, qy, &w, r->family, r->level, r->format, r->in_cy, r->in_en, 1);
    return f.total == 1;
}

/* -1/0/1 as ORDER BY in_xx DESC, key, id would put a before b (bytes, shorter
 * prefix first). */
static int sql_order(const struct catalogue_match_row *a, const struct catalogue_match_row *b,
                     int l)
{
    size_t la = strlen(a->key[l]), lb = strlen(b->key[l]);
    int ia = l == LANG_CY ? a->in_cy : a->in_en, ib = l == LANG_CY ? b->in_cy : b->in_en;
    int c = memcmp(a->key[l], b->key[l], la < lb ? la : lb);

    if (ia != ib)
        return ia ? -1 : 1;
    if (c)
        return c < 0 ? -1 : 1;
    if (la != lb)
        return la < lb ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The reference page: rows meeting qy, ordered by language l, the page's slice. */
static size_t reference_page(const struct catalogue_query *qy, int l, long long *ids)
{
    const struct catalogue_match_row *sorted[N_ROWS];
    size_t n = 0, i, j, out = 0;
    long long skip = (qy->page - 1) * qy->per_page;

    for (i = 0; i < N_ROWS; i++) {
        if (!meets(qy, &rows[i]))
            continue;
        for (j = n; j > 0 && sql_order(sorted[j - 1], &rows[i], l) > 0; j--)
            sorted[j] = sorted[j - 1];
        sorted[j] = &rows[i];
        n++;
    }
    for (i = (size_t)skip; i < n && out < (size_t)qy->per_page; i++)
        ids[out++] = sorted[i]->id;
    return out;
}

static void matches__facets_and_pages_are_sqls(void)
{
    static const char *const fams[] = { NULL, "data", "architecture" };
    static const char *const lvls[] = { NULL, "awareness", "expert" };
    static const char *const fmts[] = { NULL, "webinar" };
    struct catalogue_matches *m;
    size_t a, b, c, d, i;
    int l;

    make_rows();
    m = catalogue_matches_build(rows, N_ROWS);
    CU_ASSERT_FATAL(m && !m->too_many && m->n == N_ROWS);
    for (a = 0; a < 3; a++)
        for (b = 0; b < 3; b++)
            for (c = 0; c < 2; c++)
                for (d = 0; d < 3; d++) {
                    struct catalogue_query qy = { .q = "x",
                                                  .ft = "+x*",
                                                  .family = fams[a],
                                                  .level = lvls[b],
                                                  .format = fmts[c],
                                                  .lang = (int)d - 1,
                                                  .per_page = 7 };
                    struct catalogue_facets got, want;
                    struct catalogue_wanted wq;

                    memset(&want, 0, sizeof(want));
                    catalogue_wanted_of(&qy, &wq);
                    for (i = 0; i < N_ROWS; i++)
                        catalogue_facets_add(&want, &qy, &wq, rows[i].family, rows[i].level,
                                             rows[i].format, rows[i].in_cy, rows[i].in_en, 1);
                    catalogue_matches_facets(m, &qy, &got);
                    CU_ASSERT(!memcmp(&got, &want, sizeof(got)));
                    for (l = 0; l < 2; l++)
                        for (qy.page = 1; (qy.page - 1) * qy.per_page <= want.total + 7;
                             qy.page++) {
                            long long g[7], w[7];
                            size_t ng = catalogue_matches_page(m, &qy, (enum lang)l, g);
                            size_t nw = reference_page(&qy, l, w);

                            CU_ASSERT(ng == nw && !memcmp(g, w, ng * sizeof(g[0])));
                        }
                }
    catalogue_matches_free(m);
}

/* The matches of a subset taken with the whole set's orders (words.c's
 * way, no sorting) are those catalogue_matches_build sorts from the subset:
 * the same rows, in the same two orders. Random subsets, the empty one and
 * the whole. */
static void matches__of_set_as_built(void)
{
    uint32_t ord[2][N_ROWS];
    const uint32_t *const order[2] = { ord[0], ord[1] };
    struct catalogue_match_row sub[N_ROWS];
    struct catalogue_match all[N_ROWS];
    uint64_t set[(N_ROWS + 63) / 64];
    unsigned s = 11;
    size_t i, n, round;
    int l;

    make_rows();
    for (i = 0; i < N_ROWS; i++)
        catalogue_match_of(&rows[i], &all[i]);
    for (l = 0; l < 2; l++)
        catalogue_matches_order(rows, N_ROWS, (enum lang)l, ord[l]);
    for (round = 0; round < 40; round++) {
        struct catalogue_matches *a, *b;

        memset(set, 0, sizeof(set));
        for (i = 0, n = 0; i < N_ROWS; i++)
            if (round == 1 || (round > 1 && lcg(&s) % (round % 5 + 2) == 0)) {
                set[i / 64] |= 1ULL << (i % 64);
                sub[n++] = rows[i];
            }
        a = catalogue_matches_of_set(all, N_ROWS, order, set, n);
        b = catalogue_matches_build(sub, n);
        CU_ASSERT_FATAL(a->n == n && b->n == n && !a->too_many);
        for (i = 0; i < n; i++) {
            CU_ASSERT(a->v[i].id == b->v[i].id && a->v[i].family == b->v[i].family &&
                      a->v[i].level == b->v[i].level && a->v[i].format == b->v[i].format &&
                      a->v[i].in_cy == b->v[i].in_cy && a->v[i].in_en == b->v[i].in_en);
            for (l = 0; l < 2; l++)
                CU_ASSERT_EQUAL(a->v[a->order[l][i]].id, b->v[b->order[l][i]].id);
        }
        catalogue_matches_free(a);
        catalogue_matches_free(b);
    }
}

static void matches__none_and_too_many(void)
{
    struct catalogue_query qy = { .q = "", .lang = -1, .page = 1, .per_page = 20 };
    struct catalogue_matches *m = catalogue_matches_build(rows, 0);
    struct catalogue_facets f;
    long long ids[20];

    CU_ASSERT_FATAL(m != NULL);
    CU_ASSERT(m->n == 0 && !m->too_many);
    catalogue_matches_facets(m, &qy, &f);
    CU_ASSERT_EQUAL(f.total, 0);
    CU_ASSERT_EQUAL(catalogue_matches_page(m, &qy, LANG_CY, ids), 0);
    catalogue_matches_free(m);
    /* past the cap: no partial list that would give wrong counts */
    m = catalogue_matches_build(rows, CATALOGUE_MATCH_MAX + 1);
    CU_ASSERT(m->too_many && m->n == 0);
    catalogue_matches_free(m);
}

static void cache__keeps_evicts_and_expires(void)
{
    struct arena a, hold;
    char ft[32];
    const struct catalogue_matches *held;
    int i;

    make_rows();
    arena_init(&a, 0);
    arena_init(&hold, 0);
    CU_ASSERT_PTR_NULL(catalogue_cache_matches(&a, "+data*"));
    for (i = 0; i <= CATALOGUE_CACHE_SEARCHES; i++) {
        snprintf(ft, sizeof(ft), "+w%d*", i);
        catalogue_cache_keep_matches(&a, ft, catalogue_matches_build(rows, (size_t)i % 5));
        if (i == 1) /* w0 read again: w1 is the least recently used when room runs out */
            CU_ASSERT_PTR_NOT_NULL(catalogue_cache_matches(&a, "+w0*"));
    }
    arena_reset(&a);
    CU_ASSERT_PTR_NOT_NULL(catalogue_cache_matches(&a, "+w0*"));
    CU_ASSERT_PTR_NULL(catalogue_cache_matches(&a, "+w1*"));
    held = catalogue_cache_matches(&hold, "+w4*");
    CU_ASSERT_FATAL(held && held->n == 4);
    /* a search kept again replaces itself */
    catalogue_cache_keep_matches(&a, "+w4*", catalogue_matches_build(rows, 2));
    CU_ASSERT(catalogue_cache_matches(&a, "+w4*")->n == 2);
    /* forgotten or replaced, matches a request holds stay readable (ASan checks) */
    catalogue_cache_forget();
    CU_ASSERT_PTR_NULL(catalogue_cache_matches(&a, "+w0*"));
    CU_ASSERT(held->n == 4 && held->v[3].id == (uint32_t)rows[3].id);
    arena_release(&hold);
    /* expiry */
    catalogue_cache_keep_matches(&a, "+hen*", catalogue_matches_build(rows, 3));
    CU_ASSERT_PTR_NOT_NULL(catalogue_cache_matches(&a, "+hen*"));
    {
        struct timespec ts = { .tv_sec = CATALOGUE_CACHE_TTL_MS / 1000,
                               .tv_nsec = (CATALOGUE_CACHE_TTL_MS % 1000 + 50) * 1000000L };

        nanosleep(&ts, NULL);
    }
    CU_ASSERT_PTR_NULL(catalogue_cache_matches(&a, "+hen*"));
    arena_release(&a);
    catalogue_cache_forget();
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "matches__facets_and_pages_are_sqls", matches__facets_and_pages_are_sqls },
        { "matches__of_set_as_built", matches__of_set_as_built },
        { "matches__none_and_too_many", matches__none_and_too_many },
        { "cache__keeps_evicts_and_expires", cache__keeps_evicts_and_expires },
        { NULL, NULL },
    };
    test_add_suite("catalogue/matches", cases);
}
