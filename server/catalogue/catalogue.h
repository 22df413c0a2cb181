/*
 * catalogue: finding courses (issue #4). The catalogue page /{lang}/courses
 * with search, faceted filters and pagination; the learning pathways pages
 * /{lang}/pathways and /{lang}/pathways/{slug}; and the public, read-only
 * courses API /api/v1/courses and /api/v1/courses/{slug} (docs/api.md).
 * The course page itself, /{lang}/courses/{slug}, belongs to enrolments.
 *
 * Search is MariaDB FULLTEXT in boolean mode over courses.search_fold, both
 * languages' titles and summaries folded by view/welshfold.h (index
 * courses_fold, migration 0017), so a Welsh word finds a course in any of its
 * mutated forms, and on English pages too; what was typed is folded the same
 * way (catalogue_ft_query). Only
 * published courses are ever shown. Order is the stored ICU sort key of the
 * reader's language (sort_cy / sort_en), so Welsh pages sort "Lyn" before
 * "Llan" without ICU in the database.
 *
 * Facets: each dimension's counts are those the visitor would get by picking
 * that value with every OTHER filter and the search left as they are
 * (catalogue_facets_add).
 *
 * Cost (docs/catalogue.md). Without a search, a page reads its 20 courses in
 * order from an index, and the facet groups of every published course come
 * from memory (cache.c, at most CATALOGUE_CACHE_TTL_MS old; the cache and the
 * matches are catalogue_impl.h, private to this folder). With a search,
 * FULLTEXT runs once: one statement reads every match's id, facet columns and
 * sort keys, C counts the facets and picks the page's ids in the reader's
 * order (matches.c), and the page's rows are read by primary key. The matches
 * of a search are kept for CATALOGUE_CACHE_TTL_MS too, keyed by the boolean
 * query (docs/decisions.md: counts and lists may be that much behind a
 * publish; a course unpublished since is never shown). A search matching more
 * than CATALOGUE_MATCH_MAX courses is left to SQL (GROUP BY, ORDER BY ...
 * LIMIT): exact, and dearer.
 *
 * Bad input (decided in docs/catalogue.md): an unknown filter value or an
 * over-long search is left out, named in the error summary, and the page
 * answers 400 with the rest applied; a malformed page number is a plain 400,
 * a page past the end a 404 (the page kit's rules, app/page_list.h). The API
 * answers 400 with a JSON error for the same inputs.
 *
 * Store functions return enum db_rc; strings they hand out live in the arena
 * given to them.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "core/lang.h"
#include "courses/courses.h"
#include "db/db.h"
#include "enrol/enrol.h"

struct arena;
struct page_errors;
struct req;
struct glossary;
struct welshfold;

#define CATALOGUE_PAGE_SIZE   20   /* courses a catalogue page */
#define CATALOGUE_API_MAX     100  /* largest per_page of the API */
#define CATALOGUE_PAGE_MAX    5000 /* largest page number anyone may ask for */
#define CATALOGUE_Q_MAX       100  /* characters of a search */
#define CATALOGUE_FAMILIES    16   /* room for taxonomy_families */
#define CATALOGUE_COHORTS_MAX 50   /* upcoming cohorts the API lists */

/* What a visitor asked for, checked. NULL (or -1) means "any". */
struct catalogue_query {
    const char *q;      /* the search as typed, trimmed; "" for none */
    const char *ft;     /* q as a boolean-mode query; NULL: no search */
    const char *family; /* a taxonomy family code */
    const char *level;
    const char *format;
    int lang; /* LANG_CY or LANG_EN: taught in that language; -1 any */
    long page;
    long per_page;
};

/* Counts of published, searched courses. family[i] is taxonomy_families[i]. */
struct catalogue_facets {
    long long family[CATALOGUE_FAMILIES];
    long long level[4];  /* taxonomy_levels order */
    long long format[4]; /* taxonomy_formats order */
    long long lang[2];   /* taught in cy, in en */
    long long total;     /* matching every filter */
};

struct catalogue_lesson {
    int position;
    const char *title[2]; /* NULL where the lesson is missing in that language */
    int minutes;
};

struct catalogue_cohort {
    long long id;
    time_t starts_at, ends_at;
    const char *location[2];
    const char *lang; /* cy, en or both */
    long long capacity, taken;
};

struct catalogue_pathway {
    long long id;
    const char *slug;
    const char *title[2];
    const char *summary[2];
    const char *audience[2];
    long long n_courses; /* published courses in it (list only) */
};

/* One course of a pathway, with the reader's enrolment in it. */
struct catalogue_step {
    struct course course;
    enum enrol_status status; /* ENROL_NONE: no enrolment */
    int lessons_done;
};

/* --- search.c: reading the query (pure: no database) --- */

/*
 * The boolean-mode query over courses.search_fold for what was typed in
 * q[0..len): welshfold_query() with wf (view/welshfold.h: each word's
 * radical forms OR-ed as prefixes, the words AND-ed, operators never
 * passed through, short words and InnoDB's stopwords dropped), a term of
 * the glossary g asking for either language's words (view/glossary.h; g
 * may be NULL). NULL when no word is left. In a.
 */
char *catalogue_ft_query(struct arena *a, const struct welshfold *wf, const struct glossary *g,
                         const char *q, size_t len);

/*
 * Read ?q= ?role= ?level= ?format= ?language= (empty values mean "any") into
 * qy, with page 1 and per_page CATALOGUE_PAGE_SIZE. A bad value is left out
 * and reported in e (its field the parameter, which is also the id of its
 * input); returns how many there were (0..5).
 */
size_t catalogue_query_parse(const struct req *r, struct catalogue_query *qy,
                             struct page_errors *e);

/* A query's vocabulary filters as indexes (-2: any), worked out once for a
 * walk of many courses. */
struct catalogue_wanted {
    int family, level, format;
};

void catalogue_wanted_of(const struct catalogue_query *qy, struct catalogue_wanted *w);

/* Add n courses of one (family, level, format, in_cy, in_en) group to the
 * counts of every facet whose other filters it meets (header comment); w is
 * qy's (catalogue_wanted_of). */
void catalogue_facets_add(struct catalogue_facets *f, const struct catalogue_query *qy,
                          const struct catalogue_wanted *w, const char *family, const char *level,
                          const char *format, int in_cy, int in_en, long long n);

/* Index of code in list[0..n), or -1. */
int catalogue_index(const char *code, const char *const *list, size_t n);

/* s (UTF-8) cut to at most max characters at a word boundary, with "…" when
 * cut (then in a). */
const char *catalogue_excerpt(struct arena *a, const char *s, size_t max);

/* --- cache.c --- */

/* Forget everything kept (catalogue_impl.h), so the next page reads afresh
 * (for a publish or an unpublish made through this process). */
void catalogue_cache_forget(void);

/* What it holds (/metrics): the facet groups' table, the kept searches'
 * keys and matches; the searches kept. */
void catalogue_cache_usage(size_t *bytes, size_t *entries);

/* --- find.c --- */

/*
 * The facet counts of the published courses matching qy into *f, and the
 * page of them qy asks for (at most qy->per_page from (qy->page - 1) *
 * qy->per_page; nothing when that is past the end) ordered by title in
 * order_lang: *out is an array of *n in a. One FULLTEXT evaluation at most,
 * none while the search's matches are kept (header comment).
 */
enum db_rc catalogue_find(struct db *db, struct arena *a, const struct catalogue_query *qy,
                          enum lang order_lang, struct catalogue_facets *f, struct course **out,
                          size_t *n);

/* --- store.c: all the feature's SQL --- */

/* The facet groups of published courses matching qy's search (every course
 * when there is none, kept by cache.c) summed into *out under qy's filters. */
enum db_rc catalogue_store_facets(struct db *db, const struct catalogue_query *qy,
                                  struct catalogue_facets *out);

/*
 * One page of the courses matching qy, ordered by title in order_lang: at
 * most qy->per_page from (qy->page - 1) * qy->per_page. *out is an array of
 * *n in a.
 */
enum db_rc catalogue_store_list(struct db *db, struct arena *a, const struct catalogue_query *qy,
                                enum lang order_lang, struct course **out, size_t *n);

/* The published courses among ids[0..n_ids) (n_ids <= CATALOGUE_API_MAX), in
 * the order of ids, leaving out any unpublished since. *out: *n of them in a. */
enum db_rc catalogue_store_by_ids(struct db *db, struct arena *a, const long long *ids,
                                  size_t n_ids, struct course **out, size_t *n);

/* The course's lessons in order (removed lessons left out). */
enum db_rc catalogue_store_lessons(struct db *db, struct arena *a, long long course_id,
                                   struct catalogue_lesson **out, size_t *n);

/* Cohorts starting after now and not cancelled, soonest first, at most
 * CATALOGUE_COHORTS_MAX. */
enum db_rc catalogue_store_cohorts(struct db *db, struct arena *a, long long course_id,
                                   struct catalogue_cohort **out, size_t *n);

/* Published pathways in their order, with n_courses. */
enum db_rc catalogue_store_pathways(struct db *db, struct arena *a, struct catalogue_pathway **out,
                                    size_t *n);

/* The published pathway that follows the community of practice with slug
 * community (pathways.community; the first in order); DB_NOT_FOUND if none. */
enum db_rc catalogue_store_pathway_of_community(struct db *db, struct arena *a,
                                                const char *community,
                                                struct catalogue_pathway *out);

/* A published pathway; DB_NOT_FOUND if none. */
enum db_rc catalogue_store_pathway(struct db *db, struct arena *a, const char *slug,
                                   struct catalogue_pathway *out);

/* The published courses of pathway_id in order, each with user_id's
 * enrolment (user_id 0: nobody's). */
enum db_rc catalogue_store_steps(struct db *db, struct arena *a, long long pathway_id,
                                 long long user_id, struct catalogue_step **out, size_t *n);

/* --- suggest.c: "did you mean" --- */

/*
 * For a search q that found nothing: q with each word of six letters or
 * more that starts no known term (the folded terms of every published
 * course, in either language: the word index of searches) replaced by the known
 * term nearest to it, two edits at most, in folded form (lower case, no
 * accents); the other words as typed. NULL when no word was replaced. In a.
 */
char *catalogue_suggest(struct db *db, struct arena *a, const struct welshfold *wf, const char *q);

/* --- words_kept.c --- */

/* What the word index of searches and "did you mean" holds (/metrics): its
 * bytes and its count of distinct terms (words_kept.c). */
void catalogue_words_usage(size_t *bytes, size_t *entries);

/* --- vm.c: view models shared by the pages --- */

/* A course for a template: href, title, summary excerpt, level, format,
 * duration, lessons (a number), languages, other_only (not taught in the reader's). */
json_t *catalogue_vm_course(struct req *r, const struct course *c);

/* A view model with page_title, nav_courses and breadcrumbs (0: home; 1:
 * home, courses; 2: home, courses, pathways). */
json_t *catalogue_vm_new(struct req *r, const char *title, int depth);

/* --- pages and API --- */

int catalogue_page_courses(struct req *r);
int catalogue_page_pathways(struct req *r);
int catalogue_page_pathway(struct req *r);
int catalogue_api_courses(struct req *r);
int catalogue_api_course(struct req *r);
