/*
 * The reports' charts (view/chart.h), each summed from the report's cells:
 * apprentices by status; active apprentices (in learning or on a break) by
 * framework and level, by employer and by lead provider, with their overdue
 * reviews and who is behind on hours; starts and ends by academic year;
 * off-the-job hours expected by today against those approved, by employer.
 * The page shows each chart with its data as a table, and the CSV of a report
 * is that same table, so the three cannot disagree.
 */
#include <string.h>

#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/req.h"

const char *const appr_reports[APPR_REPORTS] = { "status",   "framework", "employer",
                                                 "provider", "years",     "hours" };

/* The x values of one chart, found by key, with up to 4 series. */
struct group {
    const char **keys, **labels;
    double *v[4];
    size_t n, cap;
};

static void group_init(struct req *r, struct group *g, size_t cap)
{
    size_t k;

    g->n = 0;
    g->cap = cap ? cap : 1;
    g->keys = arena_calloc(r->arena, g->cap * sizeof(*g->keys));
    g->labels = arena_calloc(r->arena, g->cap * sizeof(*g->labels));
    for (k = 0; k < 4; k++)
        g->v[k] = arena_calloc(r->arena, g->cap * sizeof(double));
}

/* The index of key, added with label when new. */
static size_t group_at(struct group *g, const char *key, const char *label)
{
    size_t i;

    for (i = 0; i < g->n; i++)
        if (!strcmp(g->keys[i], key))
            return i;
    g->keys[g->n] = key;
    g->labels[g->n] = label;
    return g->n++;
}

static int active(const struct appr_cell *c)
{
    return c->status == APPR_IN_LEARNING || c->status == APPR_ON_BREAK;
}

static void fill(struct req *r, struct chart *c, const char *name, const struct group *g,
                 const char *const *series_keys, size_t n_series)
{
    struct chart_series *s = arena_calloc(r->arena, n_series * sizeof(*s));
    size_t k;

    for (k = 0; k < n_series; k++)
        s[k] = (struct chart_series){ req_t(r, series_keys[k]), g->v[k] };
    *c = (struct chart){
        .kind = CHART_BARS,
        .id = arena_printf(r->arena, "chart-%s", name),
        .title = req_t(r, arena_printf(r->arena, "apprenticeships.reports.%s.title", name)),
        .desc = req_t(r, arena_printf(r->arena, "apprenticeships.reports.%s.desc", name)),
        .x_labels = g->labels,
        .n_x = g->n,
        .series = s,
        .n_series = n_series
    };
}

static void by_status(struct req *r, const struct appr_report *rep, struct chart *c)
{
    static const char *const series[] = { "apprenticeships.reports.apprentices" };
    struct group g;
    size_t i;

    group_init(r, &g, APPR_STATUS__N);
    for (i = 0; i < APPR_STATUS__N; i++)
        group_at(&g, appr_status_codes[i],
                 req_t_of(r, "apprenticeships.status.", appr_status_codes[i]));
    for (i = 0; i < rep->n_cells; i++)
        if (rep->cells[i].status >= 0 && rep->cells[i].status < APPR_STATUS__N)
            g.v[0][rep->cells[i].status] += (double)rep->cells[i].n;
    fill(r, c, "status", &g, series, 1);
}

/* by framework (0), employer (1) or provider (2): active, overdue, behind */
static void by_key(struct req *r, const struct appr_report *rep, int dim, struct chart *c)
{
    static const char *const series[] = { "apprenticeships.reports.active",
                                          "apprenticeships.reports.overdue",
                                          "apprenticeships.reports.behind" };
    static const char *const names[] = { "framework", "employer", "provider" };
    struct group g;
    size_t i, x;

    group_init(r, &g, rep->n_cells);
    for (i = 0; i < rep->n_cells; i++) {
        const struct appr_cell *e = &rep->cells[i];

        if (!active(e))
            continue;
        if (dim == 0)
            x = group_at(&g, arena_printf(r->arena, "%lld", e->framework_id),
                         arena_printf(r->arena, "%s (%s %d)", e->framework[r->lang],
                                      req_t(r, "apprenticeships.col.level"), e->level));
        else if (dim == 1)
            x = group_at(&g, arena_printf(r->arena, "%lld", e->employer_id), e->employer[r->lang]);
        else
            x = group_at(&g, e->provider, e->provider);
        g.v[0][x] += (double)e->n;
        g.v[1][x] += (double)e->overdue;
        g.v[2][x] += (double)e->behind;
    }
    fill(r, c, names[dim], &g, series, 3);
}

/* starts, completions, withdrawals, transfers by academic year */
static void by_year(struct req *r, const struct appr_report *rep, struct chart *c)
{
    static const char *const series[] = { "apprenticeships.reports.starts",
                                          "apprenticeships.status.completed",
                                          "apprenticeships.status.withdrawn",
                                          "apprenticeships.status.transferred" };
    struct group g;
    size_t i, x;

    group_init(r, &g, rep->n_years);
    for (i = 0; i < rep->n_years; i++) {
        const struct appr_year_cell *y = &rep->years[i];
        int k = y->kind < 0                   ? 0
                : y->kind == APPR_COMPLETED   ? 1
                : y->kind == APPR_WITHDRAWN   ? 2
                : y->kind == APPR_TRANSFERRED ? 3
                                              : -1;

        if (k < 0)
            continue;
        x = group_at(&g, arena_printf(r->arena, "%d", y->year),
                     arena_printf(r->arena, "%d/%02d", y->year, (y->year + 1) % 100));
        g.v[k][x] += (double)y->n;
    }
    fill(r, c, "years", &g, series, 4);
}

/* hours expected by today and approved, in learning, by employer */
static void hours(struct req *r, const struct appr_report *rep, struct chart *c)
{
    static const char *const series[] = { "apprenticeships.reports.expected",
                                          "apprenticeships.reports.approved" };
    struct group g;
    size_t i, x;

    group_init(r, &g, rep->n_cells);
    for (i = 0; i < rep->n_cells; i++) {
        const struct appr_cell *e = &rep->cells[i];

        if (e->status != APPR_IN_LEARNING)
            continue;
        x = group_at(&g, arena_printf(r->arena, "%lld", e->employer_id), e->employer[r->lang]);
        g.v[0][x] += (double)e->expected_tenths / 10.0;
        g.v[1][x] += (double)e->approved_tenths / 10.0;
    }
    fill(r, c, "hours", &g, series, 2);
}

void appr_report_chart(struct req *r, const struct appr_report *rep, int which, struct chart *c)
{
    switch (which) {
    case 0:
        by_status(r, rep, c);
        break;
    case 1:
    case 2:
    case 3:
        by_key(r, rep, which - 1, c);
        break;
    case 4:
        by_year(r, rep, c);
        break;
    default:
        hours(r, rep, c);
        break;
    }
}

json_t *appr_vm_report_chart(struct req *r, const struct chart *c, const char *name,
                             const char *csv_href)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, (size_t)1 << 20);
    chart_svg(&b, c);
    return json_pack(
        "{s:s, s:s, s:s#, s:o, s:s, s:b}", "id", c->id, "title", c->title, "svg_html",
        sbuf_failed(&b) ? "" : b.buf, sbuf_failed(&b) ? (size_t)0 : b.len, "table",
        chart_table(c, req_t(r, arena_printf(r->arena, "apprenticeships.reports.%s.x", name))),
        "csv_href", csv_href, "empty", c->n_x == 0);
}
