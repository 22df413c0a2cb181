#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "core/arena.h"

enum catalogue_sql {
    SQL_CAT_FACETS,
    SQL_CAT_FACETS_FT,
    SQL_CAT_LIST_CY,
    SQL_CAT_LIST_EN,
    SQL_CAT_LIST_CY_FT,
    SQL_CAT_LIST_EN_FT,
    SQL_CAT_COURSE,
    SQL_CAT_LESSONS,
    SQL_CAT_COHORTS,
    SQL_CAT_PATHWAYS,
    SQL_CAT_PATHWAY,
    SQL_CAT_STEPS,
    SQL_CAT__MAX,
};

#define MATCH_FT                                                                                   \
    " AND MATCH (title_cy, title_en, summary_cy, summary_en) AGAINST (? IN BOOLEAN MODE)"
#define FACETS                                                                                     \
    "SELECT role_family, level, format, in_cy, in_en, COUNT(*) FROM courses WHERE published = 1"
#define FACETS_GROUP " GROUP BY role_family, level, format, in_cy, in_en"
#define COURSE_COLS                                                                                \
    "SELECT c.id, c.slug, c.title_cy, c.title_en, c.summary_cy, c.summary_en, c.role_family, "     \
    "c.role, c.level, c.format, c.duration_minutes, c.in_cy, c.in_en, c.lesson_count"
#define COURSE_SIG "lsssssssssibbi"
/* Each filter is switched off by binding NULL (language: 0). */
#define LIST_WHERE                                                                                 \
    " FROM courses c WHERE c.published = 1 AND (? IS NULL OR c.role_family = ?)"                   \
    " AND (? IS NULL OR c.level = ?) AND (? IS NULL OR c.format = ?)"                              \
    " AND (? = 0 OR c.in_cy = 1) AND (? = 0 OR c.in_en = 1)"
#define LIST_CY " ORDER BY c.sort_cy, c.id LIMIT ? OFFSET ?"
#define LIST_EN " ORDER BY c.sort_en, c.id LIMIT ? OFFSET ?"

static const char *const sql[SQL_CAT__MAX] = {
    [SQL_CAT_FACETS] = FACETS FACETS_GROUP,
    [SQL_CAT_FACETS_FT] = FACETS MATCH_FT FACETS_GROUP,
    [SQL_CAT_LIST_CY] = COURSE_COLS LIST_WHERE LIST_CY,
    [SQL_CAT_LIST_EN] = COURSE_COLS LIST_WHERE LIST_EN,
    [SQL_CAT_LIST_CY_FT] = COURSE_COLS LIST_WHERE MATCH_FT LIST_CY,
    [SQL_CAT_LIST_EN_FT] = COURSE_COLS LIST_WHERE MATCH_FT LIST_EN,
    [SQL_CAT_COURSE] = COURSE_COLS ", c.outcomes_cy, c.outcomes_en, c.audience_cy, c.audience_en"
                                   " FROM courses c WHERE c.slug = ? AND c.published = 1",
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
    /* the reader's own enrolment only: user_id is bound in the join */
    [SQL_CAT_STEPS] = COURSE_COLS ", COALESCE(e.status, ''), COALESCE(e.lessons_done, 0) "
                                  "FROM pathway_courses pc JOIN courses c ON c.id = pc.course_id "
                                  "LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? "
                                  "WHERE pc.pathway_id = ? AND c.published = 1 "
                                  "ORDER BY pc.position",
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

/*
 * The grouped counts without a search are the same for every visitor and
 * every filter (the filters are applied in C by catalogue_facets_add), and
 * grouping every published course was most of a catalogue page's cost
 * (docs/benchmarks.md). They are kept here for FACET_TTL_MS: counts beside
 * the filters may be that much behind a publish or an import; the list
 * itself is always read fresh.
 */
#define FACET_TTL_MS   2000
#define FACET_ROWS_MAX 2048 /* groups: families x roles x levels x formats x languages */

struct facet_row {
    char family[48], level[16], format[16];
    int in_cy, in_en;
    long long n;
};

static struct {
    pthread_mutex_t lock;
    long long loaded_ms; /* 0: empty */
    size_t n;
    struct facet_row rows[FACET_ROWS_MAX];
} facet_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Replay the cached groups into out; 0, or -1 when the cache is stale. */
static int facets_from_cache(const struct catalogue_query *qy, struct catalogue_facets *out)
{
    int hit;
    size_t i;

    pthread_mutex_lock(&facet_cache.lock);
    hit = facet_cache.loaded_ms && now_ms() - facet_cache.loaded_ms < FACET_TTL_MS;
    for (i = 0; hit && i < facet_cache.n; i++) {
        const struct facet_row *f = &facet_cache.rows[i];

        catalogue_facets_add(out, qy, f->family, f->level, f->format, f->in_cy, f->in_en, f->n);
    }
    pthread_mutex_unlock(&facet_cache.lock);
    return hit ? 0 : -1;
}

static void facets_to_cache(const struct facet_row *rows, size_t n)
{
    pthread_mutex_lock(&facet_cache.lock);
    memcpy(facet_cache.rows, rows, n * sizeof(*rows));
    facet_cache.n = n;
    facet_cache.loaded_ms = now_ms();
    pthread_mutex_unlock(&facet_cache.lock);
}

enum db_rc catalogue_store_facets(struct db *db, const struct catalogue_query *qy,
                                  struct catalogue_facets *out)
{
    struct db_stmt *st = NULL;
    char *family, *level, *format;
    int in_cy, in_en, cacheable = !qy->ft;
    long long n;
    struct arena a;
    struct facet_row *rows = NULL;
    size_t n_rows = 0;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    if (cacheable && facets_from_cache(qy, out) == 0)
        return DB_OK;
    if (qy->ft)
        rc = db_query(db, &st, sql[SQL_CAT_FACETS_FT], "s", qy->ft);
    else
        rc = db_query(db, &st, sql[SQL_CAT_FACETS], "");
    if (rc != DB_OK)
        return rc;
    /* a few hundred groups at most; their strings die with this call */
    arena_init(&a, 0);
    if (cacheable)
        rows = arena_alloc(&a, FACET_ROWS_MAX * sizeof(*rows));
    while ((rc = db_row_next(st, &a, "sssbbl", &family, &level, &format, &in_cy, &in_en, &n)) ==
           DB_OK) {
        catalogue_facets_add(out, qy, family, level, format, in_cy, in_en, n);
        if (!rows)
            continue;
        if (n_rows == FACET_ROWS_MAX) {
            rows = NULL; /* more groups than expected: just do not cache */
            continue;
        }
        snprintf(rows[n_rows].family, sizeof(rows[n_rows].family), "%s", family);
        snprintf(rows[n_rows].level, sizeof(rows[n_rows].level), "%s", level);
        snprintf(rows[n_rows].format, sizeof(rows[n_rows].format), "%s", format);
        rows[n_rows].in_cy = in_cy;
        rows[n_rows].in_en = in_en;
        rows[n_rows++].n = n;
    }
    if (rc == DB_NOT_FOUND && rows)
        facets_to_cache(rows, n_rows);
    arena_release(&a);
    return end_rows(st, rc);
}

static enum db_rc course_row(struct db_stmt *st, struct arena *a, struct catalogue_course *c)
{
    memset(c, 0, sizeof(*c));
    return db_row_next(st, a, COURSE_SIG, &c->id, &c->slug, &c->title[LANG_CY], &c->title[LANG_EN],
                       &c->summary[LANG_CY], &c->summary[LANG_EN], &c->role_family, &c->role,
                       &c->level, &c->format, &c->duration_minutes, &c->in_lang[LANG_CY],
                       &c->in_lang[LANG_EN], &c->lesson_count);
}

enum db_rc catalogue_store_list(struct db *db, struct arena *a, const struct catalogue_query *qy,
                                enum lang order_lang, struct catalogue_course **out, size_t *n)
{
    static const enum catalogue_sql which[2][2] = {
        { SQL_CAT_LIST_CY, SQL_CAT_LIST_CY_FT },
        { SQL_CAT_LIST_EN, SQL_CAT_LIST_EN_FT },
    };

    const char *q = sql[which[order_lang == LANG_EN][qy->ft != NULL]];
    long long limit = qy->per_page, offset = (long long)(qy->page - 1) * qy->per_page;
    int cy = qy->lang == LANG_CY, en = qy->lang == LANG_EN;
    struct catalogue_course *v;
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

enum db_rc catalogue_store_course(struct db *db, struct arena *a, const char *slug,
                                  struct catalogue_course *out)
{
    struct catalogue_course *c = out;
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_COURSE], "s", slug);

    if (rc != DB_OK)
        return rc;
    memset(c, 0, sizeof(*c));
    rc =
        db_row_next(st, a, COURSE_SIG "ssss", &c->id, &c->slug, &c->title[LANG_CY],
                    &c->title[LANG_EN], &c->summary[LANG_CY], &c->summary[LANG_EN], &c->role_family,
                    &c->role, &c->level, &c->format, &c->duration_minutes, &c->in_lang[LANG_CY],
                    &c->in_lang[LANG_EN], &c->lesson_count, &c->outcomes[LANG_CY],
                    &c->outcomes[LANG_EN], &c->audience[LANG_CY], &c->audience[LANG_EN]);
    db_done(st);
    return rc;
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

enum db_rc catalogue_store_pathway(struct db *db, struct arena *a, const char *slug,
                                   struct catalogue_pathway *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_CAT_PATHWAY], "s", slug);

    if (rc != DB_OK)
        return rc;
    rc = pathway_row(st, a, out);
    db_done(st);
    return rc;
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
        struct catalogue_course *c = &v[*n].course;

        rc = db_row_next(st, a, COURSE_SIG "si", &c->id, &c->slug, &c->title[LANG_CY],
                         &c->title[LANG_EN], &c->summary[LANG_CY], &c->summary[LANG_EN],
                         &c->role_family, &c->role, &c->level, &c->format, &c->duration_minutes,
                         &c->in_lang[LANG_CY], &c->in_lang[LANG_EN], &c->lesson_count,
                         &v[*n].status, &v[*n].lessons_done);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    *out = v;
    return end_rows(st, rc);
}
