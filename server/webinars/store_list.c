/*
 * The list page's SQL: upcoming webinars by filter with keyset paging on
 * (starts_at, id) and past ones with recordings in one statement, and the
 * filters' counts from one grouped query (at most communities x 3 x 3 rows).
 */
#include <string.h>

#include "core/arena.h"
#include "webinars/webinars_impl.h"

#define FILTERS                                                                                    \
    "AND (CHAR_LENGTH(?) = 0 OR c.slug = ?) AND (CHAR_LENGTH(?) = 0 OR w.language = ?) AND "       \
    "(CHAR_LENGTH(?) = 0 OR w.audience = ?) "

/*
 * One statement for a page of the list (issue 22: the first render of a
 * cold page is what readers of a shared page wait for): the upcoming
 * webinars by filter from the cursor on, then, on the first page, the latest
 * past ones with a recording. Both halves compare starts_at with the same
 * bound now, so a row is upcoming exactly when it starts after it.
 *
 * The past half is forced: left to itself, MariaDB reads (cancelled,
 * starts_at) as a ref on cancelled alone, backwards from the last upcoming
 * webinar, every one of them before the first past one (3,700 rows, 4-57 ms
 * at full volume on a loaded machine); the range starts at now (42 rows,
 * 0.15 ms).
 */
static const char *const sql_page =
    "(" WEBINAR_COLUMNS "WHERE w.cancelled = 0 AND w.starts_at > ? " FILTERS
    "AND (w.starts_at > ? OR w.starts_at = ? AND w.id > ?) "
    "ORDER BY w.starts_at, w.id LIMIT ?) UNION ALL (" WEBINAR_COLUMNS_FROM(
        "webinars w FORCE INDEX (webinars_upcoming) ") "WHERE w.cancelled = 0 AND w.starts_at <= "
                                                       "? AND w.recording_url <> '' " FILTERS
                                                       "ORDER BY w.starts_at DESC, w.id DESC "
                                                       "LIMIT ?)";

enum db_rc webinar_store_list_page(struct db *db, struct arena *a, const struct webinar_filter *f,
                                   int max, time_t now, struct webinar_page *out)
{
    struct db_stmt *st = NULL;
    int recorded = f->after_id ? 0 : WEBINAR_RECORDED;
    struct webinar *v = NULL;
    size_t n = 0, i;
    enum db_rc rc =
        db_query(db, &st, sql_page, "tssssssttlitssssssi", now, f->community, f->community,
                 f->language, f->language, f->audience, f->audience, f->after_start, f->after_start,
                 f->after_id, max, now, f->community, f->community, f->language, f->language,
                 f->audience, f->audience, recorded);

    memset(out, 0, sizeof(*out));
    if (rc == DB_OK)
        rc = webinar_read_list(st, a, max + recorded, &v, &n);
    if (rc != DB_OK)
        return rc;
    for (i = 0; i < n && v[i].starts_at > now; i++)
        ;
    out->up = v;
    out->n_up = i;
    out->past = v + i;
    out->n_past = n - i;
    return DB_OK;
}

/* Every visible webinar grouped by the three filters' values. */
static const char *const sql_facets =
    "SELECT IFNULL(c.slug, ''), IFNULL(c.name_cy, ''), IFNULL(c.name_en, ''), w.language + 0, "
    "w.audience + 0, COUNT(*) FROM webinars w LEFT JOIN communities c ON c.id = w.community_id "
    "WHERE w.cancelled = 0 AND (w.starts_at > UTC_TIMESTAMP() OR w.recording_url <> '') GROUP "
    "BY c.slug, c.name_cy, c.name_en, w.language, w.audience ORDER BY c.slug";

static const char *const languages[] = { "cy", "en", "both" };
static const char *const audiences[] = { "all", "leaders", "members" };

/* 1 when chosen is "" or equal to value. */
static int picks(const char *chosen, const char *value)
{
    return !*chosen || !strcmp(chosen, value);
}

enum db_rc webinar_store_facet_rows(struct db *db, struct arena *a, struct webinar_facet_row **rows,
                                    size_t *n)
{
    struct db_stmt *st = NULL;
    struct webinar_facet_row g, *out = arena_alloc(a, WEBINAR_FACET_ROWS * sizeof(*out));
    char *slug, *name_cy, *name_en;
    enum db_rc rc = db_query(db, &st, sql_facets, "");

    *rows = out;
    *n = 0;
    while (rc == DB_OK && (rc = db_row_next(st, a, "sssiil", &slug, &name_cy, &name_en, &g.lang,
                                            &g.aud, &g.n)) == DB_OK) {
        if (*n == WEBINAR_FACET_ROWS)
            continue; /* more than the vocabulary allows: the first ones count */
        g.slug = slug, g.name_cy = name_cy, g.name_en = name_en;
        out[(*n)++] = g;
    }
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* Add one group to the counts of f's options. */
static void tally(const struct webinar_facet_row *g, const struct webinar_filter *f,
                  struct webinar_facets *out)
{
    const char *lc = g->lang >= 1 && g->lang <= 3 ? languages[g->lang - 1] : "";
    const char *ac = g->aud >= 1 && g->aud <= 3 ? audiences[g->aud - 1] : "";
    int in_c = picks(f->community, g->slug), in_l = picks(f->language, lc),
        in_a = picks(f->audience, ac);
    size_t i;

    if (in_c && in_a && *lc)
        out->language[g->lang - 1] += g->n;
    if (in_c && in_l && *ac)
        out->audience[g->aud - 1] += g->n;
    if (!*g->slug)
        return;
    for (i = 0; i < out->n_community && strcmp(out->community_slug[i], g->slug); i++)
        ;
    if (i == out->n_community) {
        if (i == WEBINAR_FACET_MAX)
            return;
        out->community_slug[i] = g->slug;
        out->community_name[i][LANG_CY] = g->name_cy;
        out->community_name[i][LANG_EN] = g->name_en;
        out->n_community++;
    }
    if (in_l && in_a)
        out->community[i] += g->n;
}

enum db_rc webinar_store_facets(struct db *db, struct arena *a, const struct webinar_filter *f,
                                struct webinar_facets *out)
{
    const struct webinar_facet_row *rows;
    size_t i, n;
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    rc = webinar_facets_kept(db, a, &rows, &n);
    if (rc != DB_OK)
        return rc;
    for (i = 0; i < n; i++)
        tally(&rows[i], f, out);
    return DB_OK;
}
