/*
 * catalogue_impl: how the catalogue answers a search from memory, private to
 * catalogue/ (find.c, store.c, cache.c, matches.c, words.c, words_kept.c,
 * suggest.c and their unit tests).
 * Other folders use catalogue/catalogue.h; a publish made elsewhere asks for
 * a fresh read with catalogue_cache_forget() there.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "catalogue/catalogue.h"

/*
 * Memory held for searches. A match costs 16 bytes (struct catalogue_match
 * and its place in both orders), so one search holds at most 64 KB and the
 * cache at most CATALOGUE_CACHE_SEARCHES times that (4 MB; 500 matches, a
 * common word in 2,000 courses, are 8 KB). Reading them takes ~200 bytes a
 * match more in a scratch arena, freed before the page is rendered.
 */
#define CATALOGUE_MATCH_MAX      4000 /* matches a search holds; beyond, SQL does the work */
#define CATALOGUE_CACHE_SEARCHES 64   /* searches kept (least recently used goes first) */
#define CATALOGUE_CACHE_TTL_MS   2000 /* how long facet groups and matches are kept */

/* One published course a search matched: what its facets and its order need. */
struct catalogue_match {
    uint32_t id;
    int8_t family, level, format; /* taxonomy indexes; -1: not in the vocabulary */
    uint8_t in_cy, in_en;
};

/* A match as read from the database, before matches.c compacts it. */
struct catalogue_match_row {
    long long id;
    const char *family, *level, *format;
    int in_cy, in_en;
    const char *key[2]; /* sort_cy, sort_en: ICU sort keys (never hold a NUL byte) */
};

/*
 * Every match of one search, in both title orders. Read-only once built, so
 * requests share it; the cache counts its references (cache.c).
 */
struct catalogue_matches {
    size_t n;
    int too_many;              /* more than CATALOGUE_MATCH_MAX: n is 0, ask SQL */
    struct catalogue_match *v; /* as read */
    uint16_t *order[2];        /* [LANG_CY], [LANG_EN]: indexes into v by (sort key, id) */
    int refs;                  /* cache.c's, under its lock */
};

/* --- matches.c: one search's matches (pure: no database) --- */

/*
 * The matches of rows[0..n) (n <= CATALOGUE_MATCH_MAX), sorted both ways as
 * ORDER BY sort_xx, id would: sort keys compared bytewise, then ids. Never
 * NULL (xmalloc); free with catalogue_matches_free().
 */
struct catalogue_matches *catalogue_matches_build(const struct catalogue_match_row *rows, size_t n);

/* order[0..n): the indexes of rows[0..n) in l's title order, as
 * catalogue_matches_build sorts them (a set's order, worked out once). */
void catalogue_matches_order(const struct catalogue_match_row *rows, size_t n, enum lang l,
                             uint32_t *order);

/* *out: row r as a match (its codes looked up), as catalogue_matches_build
 * makes each. */
void catalogue_match_of(const struct catalogue_match_row *r, struct catalogue_match *out);

/*
 * catalogue_matches_build of the members of a set all[0..n_all) (made by
 * catalogue_match_of) whose bits are set in set (n of them, n <=
 * CATALOGUE_MATCH_MAX), given the set's two orders (catalogue_matches_order):
 * no sorting and no look-ups, one walk of each order.
 */
struct catalogue_matches *catalogue_matches_of_set(const struct catalogue_match *all, size_t n_all,
                                                   const uint32_t *const order[2],
                                                   const uint64_t *set, size_t n);

/* The verdict "more than CATALOGUE_MATCH_MAX matches", to be kept like matches. */
struct catalogue_matches *catalogue_matches_too_many(void);

void catalogue_matches_free(struct catalogue_matches *m);

/* The bytes m holds (its one block). */
size_t catalogue_matches_bytes(const struct catalogue_matches *m);

/* catalogue_facets_add for n courses given by their vocabulary indexes (-1:
 * not in the vocabulary). */
void catalogue_facets_add_at(struct catalogue_facets *f, const struct catalogue_query *qy,
                             const struct catalogue_wanted *w, int fi, int li, int oi, int in_cy,
                             int in_en, long long n);

/* f = the facet counts of m under qy's filters, as catalogue_facets_add sums them. */
void catalogue_matches_facets(const struct catalogue_matches *m, const struct catalogue_query *qy,
                              struct catalogue_facets *f);

/* The ids of qy's page (qy->page, qy->per_page) of the matches meeting every
 * filter, in order_lang's title order, into ids[0..per_page); how many. */
size_t catalogue_matches_page(const struct catalogue_matches *m, const struct catalogue_query *qy,
                              enum lang order_lang, long long *ids);

/* --- cache.c: what the catalogue keeps for CATALOGUE_CACHE_TTL_MS --- */

/* Courses of one (family, level, format, languages) combination. */
struct catalogue_facet_group {
    const char *family, *level, *format;
    int in_cy, in_en;
    long long n;
};

/* f += the groups of every published course under qy's filters, kept in
 * memory (core/kept: read at most once per CATALOGUE_CACHE_TTL_MS by
 * catalogue_store_facet_groups, single flight). */
enum db_rc catalogue_cache_facets(struct db *db, const struct catalogue_query *qy,
                                  struct catalogue_facets *f);

/* The kept matches of the boolean query ft, or NULL. The reference taken is
 * given back when a is reset, so they stay valid for the request. */
const struct catalogue_matches *catalogue_cache_matches(struct arena *a, const char *ft);

/* Keep m (just built) as the matches of ft: the cache owns it from now on,
 * and the caller holds a reference until a is reset. */
void catalogue_cache_keep_matches(struct arena *a, const char *ft, struct catalogue_matches *m);

/* --- words.c: the word index of every published course (pure: no database) --- */

/*
 * What a search needs of every published course: its match row and the terms
 * FULLTEXT indexes of its search_fold. Read-only once built, so requests
 * share it; words_kept.c counts its references.
 */
struct catalogue_words;

/* A published course as read for the index. */
struct catalogue_words_row {
    struct catalogue_match_row m;
    const char *fold; /* search_fold */
};

/* The index of rows[0..n) (copied: rows may go once it is built). Never NULL
 * (xmalloc); free with catalogue_words_free(). */
struct catalogue_words *catalogue_words_build(const struct catalogue_words_row *rows, size_t n);
void catalogue_words_free(struct catalogue_words *w);

/* The bytes w holds; how many distinct terms; the i-th term (strcmp order). */
size_t catalogue_words_bytes(const struct catalogue_words *w);
size_t catalogue_words_count(const struct catalogue_words *w);
const char *catalogue_words_term(const struct catalogue_words *w, size_t i);

/* w's reference count, for words_kept.c (under its lock). */
int *catalogue_words_refs(struct catalogue_words *w);

/* 1 if some term of w starts with t[0..len). */
int catalogue_words_known_prefix(const struct catalogue_words *w, const char *t, size_t len);

/*
 * The courses of w matching the boolean query ft, as MATCH (search_fold)
 * AGAINST (ft IN BOOLEAN MODE) would find them among the published courses:
 * 0 and *out (built by matches.c; the too-many verdict past
 * CATALOGUE_MATCH_MAX), or -1 and *out NULL when ft holds what this does not
 * evaluate (ask SQL): a term FULLTEXT ignores, an operator other than + and -,
 * deeper nesting than catalogue_ft_query writes.
 */
int catalogue_words_match(const struct catalogue_words *w, const char *ft,
                          struct catalogue_matches **out);

/* --- words_kept.c: the one index of this process --- */

/*
 * The index of the published courses as they are now: the one kept when the
 * database's generation (catalogue_store_words_gen) is still the one it was
 * read at, else read now. NULL (ask FULLTEXT) while another request reads
 * it, and when the generation or the courses cannot be read. The reference
 * taken is given back when a is reset; until then a call with the same a
 * answers what the first did, without reading the generation again.
 */
const struct catalogue_words *catalogue_words_get(struct db *db, struct arena *a);

/* --- store.c --- */

/* The groups of every published course as *out[0..*n), in a (what cache.c keeps). */
enum db_rc catalogue_store_facet_groups(struct db *db, struct arena *a,
                                        struct catalogue_facet_group **out, size_t *n);

/* Every published course matching the boolean query ft, as *out (built by
 * matches.c; the too-many verdict past CATALOGUE_MATCH_MAX). */
enum db_rc catalogue_store_matches(struct db *db, const char *ft, struct catalogue_matches **out);

/* The word index of every published course, as *out (catalogue_words_build). */
enum db_rc catalogue_store_words(struct db *db, struct catalogue_words **out);

/* The generation of what a search reads of the published courses (migration
 * 0058); DB_NOT_FOUND without one. */
enum db_rc catalogue_store_words_gen(struct db *db, long long *gen);
