#include <string.h>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "courses/courses.h"
#include "db/jsonrows.h"
#include "enrol/enrol.h"

enum catalogue_sql {
    SQL_CAT_FACETS,
    SQL_CAT_FACETS_FT,
    SQL_CAT_LIST_CY,
    SQL_CAT_LIST_EN,
    SQL_CAT_LIST_CY_FT,
    SQL_CAT_LIST_EN_FT,
    SQL_CAT_MATCHES,
    SQL_CAT_BY_IDS,
    SQL_CAT_LESSONS,
    SQL_CAT_COHORTS,
    SQL_CAT_PATHWAYS,
    SQL_CAT_PATHWAY,
    SQL_CAT_PATHWAY_OF_COMMUNITY,
    SQL_CAT_STEPS,
    SQL_CAT_WORDS,
    SQL_CAT_WORDS_GEN,
    SQL_CAT__MAX,
};

#define MATCH_FT " AND MATCH (search_fold) AGAINST (? IN BOOLEAN MODE)"
#define FACETS                                                                                     \
    "SELECT role_family, level, format, in_cy, in_en, COUNT(*) FROM courses WHERE published = 1"
#define FACETS_GROUP " GROUP BY role_family, level, format, in_cy, in_en"
/* the courses table's one row type and columns (courses/courses.h) */
#define COURSE_COLS "SELECT " COURSE_COLUMNS
/* Each filter is switched off by binding NULL (language: 0). */
#define LIST_WHERE                                                                                 \
    " FROM courses c WHERE c.published = 1 AND (? IS NULL OR c.role_family = ?)"                   \
    " AND (? IS NULL OR c.level = ?) AND (? IS NULL OR c.format = ?)"                              \
    " AND (? = 0 OR c.in_cy = 1) AND (? = 0 OR c.in_en = 1)"
#define LIST_CY " ORDER BY c.sort_cy, c.id LIMIT ? OFFSET ?"
#define LIST_EN " ORDER BY c.sort_en, c.id LIMIT ? OFFSET ?"
/* a search: the courses taught in the reader's language first (matches.c) */
#define LIST_CY_FT " ORDER BY c.in_cy DESC, c.sort_cy, c.id LIMIT ? OFFSET ?"
#define LIST_EN_FT " ORDER BY c.in_en DESC, c.sort_en, c.id LIMIT ? OFFSET ?"

static const char *const sql[SQL_CAT__MAX] = {
    [SQL_CAT_FACETS] = FACETS FACETS_GROUP,
    [SQL_CAT_FACETS_FT] = FACETS MATCH_FT FACETS_GROUP,
    [SQL_CAT_LIST_CY] = COURSE_COLS LIST_WHERE LIST_CY,
    [SQL_CAT_LIST_EN] = COURSE_COLS LIST_WHERE LIST_EN,
    [SQL_CAT_LIST_CY_FT] = COURSE_COLS LIST_WHERE MATCH_FT LIST_CY_FT,
    [SQL_CAT_LIST_EN_FT] = COURSE_COLS LIST_WHERE MATCH_FT LIST_EN_FT,
    /* the one FULLTEXT evaluation of a search; one row more than we keep says "too many" */
    [SQL_CAT_MATCHES] = "SELECT id, role_family, level, format, in_cy, in_en, sort_cy, sort_en "
                        "FROM courses WHERE published = 1" MATCH_FT " LIMIT ?",
    /* ids as a JSON array: any page size in one statement, each row by primary key */
    [SQL_CAT_BY_IDS] = COURSE_COLS " FROM courses c WHERE c.id IN (SELECT j.id FROM JSON_TABLE(?, "
                                   "'$[*]' COLUMNS (id INT UNSIGNED PATH '$')) j) "
                                   "AND c.published = 1",
    [SQL_CAT_LESSONS] = "SELECT position, title_cy, title_en, minutes FROM lessons "
                        "WHERE course_id = ? AND position IS NOT NULL ORDER BY position",
    [SQL_CAT_COHORTS] =
        "SELECT id, starts_at, ends_at, location_cy, location_en, lang, capacity, taken "
        "FROM cohorts WHERE course_id = ? AND cancelled = 0 AND starts_at > UTC_TIMESTAMP() "
        "ORDER BY starts_at, id LIMIT ?",
    [SQL_CAT_PATHWAYS] =
        "SELECT p.id, p.slug, p.title_cy, p.title_en, p.summary_cy, p.summary_en, "
        "p.audience_cy, p.audience_en, (SELECT COUNT(*) FROM pathway_courses pc "
        "JOIN courses c ON c.id = pc.course_id AND c.published = 1 WHERE pc.pathway_id = p.id) "
        "FROM pathways p WHERE p.published = 1 ORDER BY p.position, p.id",
    [SQL_CAT_PATHWAY] = "SELECT p.id, p.slug, p.title_cy, p.title_en, p.summary_cy, p.summary_en, "
                        "p.audience_cy, p.audience_en, 0 FROM pathways p "
                        "WHERE p.slug = ? AND p.published = 1",
    [SQL_CAT_PATHWAY_OF_COMMUNITY] =
        "SELECT p.id, p.slug, p.title_cy, p.title_en, p.summary_cy, p.summary_en, "
        "p.audience_cy, p.audience_en, 0 FROM pathways p "
        "WHERE p.community = ? AND p.published = 1 ORDER BY p.position, p.id LIMIT 1",
    /* the reader's own enrolment only: user_id is bound in the join */
    [SQL_CAT_STEPS] = COURSE_COLS ", e.status, COALESCE(e.lessons_done, 0) "
                                  "FROM pathway_courses pc JOIN courses c ON c.id = pc.course_id "
                                  "LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
                                  "WHERE pc.pathway_id = ? AND c.published = 1 "
                                  "ORDER BY pc.position",
    /* every published course for the word index (words.c): what a match needs, and its fold */
    [SQL_CAT_WORDS] = "SELECT id, role_family, level, format, in_cy, in_en, sort_cy, sort_en, "
                      "search_fold FROM courses WHERE published = 1",
    /* bumped by 0058's triggers with every change a search could see */
    [SQL_CAT_WORDS_GEN] = "SELECT n FROM counters WHERE k = 'courses_search'",
};

/* n items of size sz in a (never NULL). */
static void *array(struct arena *a, size_t n, size_t sz)
{
    return arena_calloc(a, (n ? n : 1) * sz);
}

/* The rows of an executed statement become DB_OK at the end. */
static enum db_rc end_rows(struct db_stmt *st, enum db_rc rc)
{
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc catalogue_store_facets(struct db *db, const struct catalogue_query *qy,
                                  struct catalogue_facets *out)
{
    struct db_stmt *st = NULL;
    struct catalogue_wanted w;
    char *family, *level, *format;
    int in_cy, in_en;
    long long n;
    struct arena a;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    if (!qy->ft)
        return catalogue_cache_facets(db, qy, out);
    rc = db_query(db, &st, sql[SQL_CAT_FACETS_FT], "s", qy->ft);
    if (rc != DB_OK)
        return rc;
    /* a few hundred groups at most; their strings die with this call */
    arena_init(&a, 0);
    catalogue_wanted_of(qy, &w);
    while ((rc = db_row_next(st, &a, "sssbbl", &family, &level, &format, &in_cy, &in_en, &n)) ==
           DB_OK)
        catalogue_facets_add(out, qy, &w, family, level, format, in_cy, in_en, n);
    arena_release(&a);
    return end_rows(st, rc);
}

enum db_rc catalogue_store_facet_groups(struct db *db, struct arena *a,
                                        struct catalogue_facet_group **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalogue_facet_group g;
    char *family, *level, *format;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_FACETS], "");

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "sssbbl", &family, &level, &format, &g.in_cy, &g.in_en,
                             &g.n)) == DB_OK) {
        g.family = family, g.level = level, g.format = format;
        arena_push(a, *out, *n, cap, g);
    }
    return end_rows(st, rc);
}

static enum db_rc course_row(struct db_stmt *st, struct arena *a, struct course *c)
{
    memset(c, 0, sizeof(*c));
    return db_row_next(st, a, COURSE_SIG, COURSE_FIELDS(c));
}

enum db_rc catalogue_store_list(struct db *db, struct arena *a, const struct catalogue_query *qy,
                                enum lang order_lang, struct course **out, size_t *n)
{
    static const enum catalogue_sql which[2][2] = {
        { SQL_CAT_LIST_CY, SQL_CAT_LIST_CY_FT },
        { SQL_CAT_LIST_EN, SQL_CAT_LIST_EN_FT },
    };

    const char *q = sql[which[order_lang == LANG_EN][qy->ft != NULL]];
    long long limit = qy->per_page, offset = (long long)(qy->page - 1) * qy->per_page;
    int cy = qy->lang == LANG_CY, en = qy->lang == LANG_EN;
    struct course *v;
    struct db_stmt *st = NULL;
    enum db_rc rc;

    *out = NULL;
    *n = 0;
    if (qy->ft)
        rc = db_query(db, &st, q, "ssssssbbsll", qy->family, qy->family, qy->level, qy->level,
                      qy->format, qy->format, cy, en, qy->ft, limit, offset);
    else
        rc = db_query(db, &st, q, "ssssssbbll", qy->family, qy->family, qy->level, qy->level,
                      qy->format, qy->format, cy, en, limit, offset);
    if (rc != DB_OK)
        return rc;
    v = array(a, (size_t)limit, sizeof(*v));
    while (*n < (size_t)limit && (rc = course_row(st, a, &v[*n])) == DB_OK)
        (*n)++;
    *out = v;
    return end_rows(st, rc);
}

enum db_rc catalogue_store_matches(struct db *db, const char *ft, struct catalogue_matches **out)
{
    struct db_stmt *st = NULL;
    struct catalogue_match_row *rows, *x;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_MATCHES], "si", ft, CATALOGUE_MATCH_MAX + 1);
    size_t n = 0, cap;
    struct arena a;

    *out = NULL;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    if (cap > CATALOGUE_MATCH_MAX) {
        db_done(st);
        *out = catalogue_matches_too_many();
        return DB_OK;
    }
    /* the strings and sort keys are needed only until the matches are built */
    arena_init(&a, 64 * 1024);
    rows = array(&a, cap, sizeof(*rows));
    while (n < cap) {
        x = &rows[n];
        rc = db_row_next(st, &a, "lsssbbss", &x->id, &x->family, &x->level, &x->format, &x->in_cy,
                         &x->in_en, &x->key[LANG_CY], &x->key[LANG_EN]);
        if (rc != DB_OK)
            break;
        n++;
    }
    rc = end_rows(st, rc);
    if (rc == DB_OK)
        *out = catalogue_matches_build(rows, n);
    arena_release(&a);
    return rc;
}

enum db_rc catalogue_store_by_ids(struct db *db, struct arena *a, const long long *ids,
                                  size_t n_ids, struct course **out, size_t *n)
{
    struct course *got, *v, row;
    struct db_stmt *st = NULL;
    const char *json;
    size_t i, k = 0;
    enum db_rc rc;

    *out = NULL;
    *n = 0;
    if (n_ids > CATALOGUE_API_MAX || !(json = db_ids_json(a, ids, n_ids)))
        return DB_ERROR;
    rc = db_query(db, &st, sql[SQL_CAT_BY_IDS], "s", json);
    if (rc != DB_OK)
        return rc;
    /* rows come in the server's order: each goes to its id's place */
    got = array(a, n_ids, sizeof(*got));
    while (k < n_ids && (rc = course_row(st, a, &row)) == DB_OK) {
        for (i = 0; i < n_ids && ids[i] != row.id; i++)
            ;
        if (i < n_ids && !got[i].slug)
            got[i] = row;
        k++;
    }
    v = array(a, n_ids, sizeof(*v));
    for (i = 0; i < n_ids; i++)
        if (got[i].slug)
            v[(*n)++] = got[i];
    *out = v;
    return end_rows(st, rc);
}

enum db_rc catalogue_store_lessons(struct db *db, struct arena *a, long long course_id,
                                   struct catalogue_lesson **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalogue_lesson *v;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_LESSONS], "l", course_id);
    size_t cap;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    v = array(a, cap, sizeof(*v));
    while (*n < cap && (rc = db_row_next(st, a, "issi", &v[*n].position, &v[*n].title[LANG_CY],
                                         &v[*n].title[LANG_EN], &v[*n].minutes)) == DB_OK)
        (*n)++;
    *out = v;
    return end_rows(st, rc);
}

enum db_rc catalogue_store_cohorts(struct db *db, struct arena *a, long long course_id,
                                   struct catalogue_cohort **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalogue_cohort *v;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_CAT_COHORTS], "li", course_id, (int)CATALOGUE_COHORTS_MAX);

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    v = array(a, CATALOGUE_COHORTS_MAX, sizeof(*v));
    while (*n < CATALOGUE_COHORTS_MAX) {
        struct catalogue_cohort *c = &v[*n];

        rc = db_row_next(st, a, "lttsssll", &c->id, &c->starts_at, &c->ends_at,
                         &c->location[LANG_CY], &c->location[LANG_EN], &c->lang, &c->capacity,
                         &c->taken);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    *out = v;
    return end_rows(st, rc);
}

static enum db_rc pathway_row(struct db_stmt *st, struct arena *a, struct catalogue_pathway *p)
{
    memset(p, 0, sizeof(*p));
    return db_row_next(st, a, "lsssssssl", &p->id, &p->slug, &p->title[LANG_CY], &p->title[LANG_EN],
                       &p->summary[LANG_CY], &p->summary[LANG_EN], &p->audience[LANG_CY],
                       &p->audience[LANG_EN], &p->n_courses);
}

enum db_rc catalogue_store_pathways(struct db *db, struct arena *a, struct catalogue_pathway **out,
                                    size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalogue_pathway *v;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_PATHWAYS], "");
    size_t cap;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    v = array(a, cap, sizeof(*v));
    while (*n < cap && (rc = pathway_row(st, a, &v[*n])) == DB_OK)
        (*n)++;
    *out = v;
    return end_rows(st, rc);
}

/* The one pathway statement q finds for key. */
static enum db_rc one_pathway(struct db *db, struct arena *a, enum catalogue_sql q, const char *key,
                              struct catalogue_pathway *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[q], "s", key);

    if (rc != DB_OK)
        return rc;
    rc = pathway_row(st, a, out);
    db_done(st);
    return rc;
}

enum db_rc catalogue_store_pathway(struct db *db, struct arena *a, const char *slug,
                                   struct catalogue_pathway *out)
{
    return one_pathway(db, a, SQL_CAT_PATHWAY, slug, out);
}

enum db_rc catalogue_store_pathway_of_community(struct db *db, struct arena *a,
                                                const char *community,
                                                struct catalogue_pathway *out)
{
    return one_pathway(db, a, SQL_CAT_PATHWAY_OF_COMMUNITY, community, out);
}

enum db_rc catalogue_store_steps(struct db *db, struct arena *a, long long pathway_id,
                                 long long user_id, struct catalogue_step **out, size_t *n)
{
    struct db_stmt *st = NULL;
    struct catalogue_step *v;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_STEPS], "ll", user_id, pathway_id);
    size_t cap;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    v = array(a, cap, sizeof(*v));
    while (*n < cap) {
        struct course *c = &v[*n].course;
        char *status = NULL;

        rc = db_row_next(st, a, COURSE_SIG "si", COURSE_FIELDS(c), &status, &v[*n].lessons_done);
        if (rc != DB_OK)
            break;
        v[*n].status = enrol_status_parse(status);
        (*n)++;
    }
    *out = v;
    return end_rows(st, rc);
}

enum db_rc catalogue_store_words(struct db *db, struct catalogue_words **out)
{
    struct db_stmt *st = NULL;
    struct catalogue_words_row *rows, *x;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_WORDS], "");
    size_t n = 0, cap;
    struct arena a;

    *out = NULL;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    /* the rows are needed only until the index is built */
    arena_init(&a, 256 * 1024);
    rows = array(&a, cap, sizeof(*rows));
    while (n < cap) {
        x = &rows[n];
        rc =
            db_row_next(st, &a, "lsssbbsss", &x->m.id, &x->m.family, &x->m.level, &x->m.format,
                        &x->m.in_cy, &x->m.in_en, &x->m.key[LANG_CY], &x->m.key[LANG_EN], &x->fold);
        if (rc != DB_OK)
            break;
        n++;
    }
    rc = end_rows(st, rc);
    if (rc == DB_OK)
        *out = catalogue_words_build(rows, n);
    arena_release(&a);
    return rc;
}

enum db_rc catalogue_store_words_gen(struct db *db, long long *gen)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_WORDS_GEN], "");

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", gen);
    db_done(st);
    return rc;
}
