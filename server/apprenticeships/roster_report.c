/*
 * The reports and the due list summed from the roster kept in memory
 * (roster.c), so neither groups nor sorts the apprentices in MariaDB: the
 * reports' cells and years come from the roster's cells (a few per scheme
 * and status), the apprentices behind on their hours and those due a
 * review are picked from its rows, which hold what those lists show: no
 * statement (issue 22).
 */
#include <stdlib.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/roster_impl.h"
#include "core/arena.h"

static int kept(const struct appr_report_filter *f, const struct roster_cell *c)
{
    return (!f->year || f->year == c->year) &&
           (!f->employer_id || f->employer_id == c->scheme->s.employer_id) &&
           (!*f->provider || !strcmp(f->provider, c->scheme->s.provider)) &&
           (!f->behind || c->behind);
}

/* The report's cell of c (status, framework, employer, provider), added
 * when new; ranks[i] the reports' order of cell i. */
static struct appr_cell *report_cell(struct arena *a, struct appr_report *out, size_t *cap,
                                     long long **ranks, size_t *cap_r, const struct roster_cell *c)
{
    const struct roster_scheme *s = c->scheme;
    struct appr_cell k;
    size_t i, n;

    for (i = 0; i < out->n_cells; i++)
        if (out->cells[i].status == c->status && out->cells[i].framework_id == s->framework_id &&
            out->cells[i].employer_id == s->s.employer_id &&
            !strcmp(out->cells[i].provider, s->s.provider)) {
            if (s->report_rank < (*ranks)[i])
                (*ranks)[i] = s->report_rank;
            return &out->cells[i];
        }
    memset(&k, 0, sizeof(k));
    k.status = c->status;
    k.level = s->s.level;
    k.framework_id = s->framework_id;
    k.employer_id = s->s.employer_id;
    for (i = 0; i < 2; i++) { /* the roster's: held until a is reset */
        k.framework[i] = s->s.framework[i];
        k.employer[i] = s->s.employer[i];
    }
    k.provider = s->s.provider;
    n = out->n_cells;
    arena_push(a, out->cells, out->n_cells, *cap, k);
    arena_push(a, *ranks, n, *cap_r, s->report_rank);
    return &out->cells[out->n_cells - 1];
}

static void add_year(struct arena *a, struct appr_report *out, size_t *cap, int year, int kind,
                     long long n)
{
    struct appr_year_cell y = { year, kind, n };
    size_t i;

    for (i = 0; i < out->n_years; i++)
        if (out->years[i].year == year && out->years[i].kind == kind) {
            out->years[i].n += n;
            return;
        }
    arena_push(a, out->years, out->n_years, *cap, y);
}

static int by_year(const void *x, const void *y)
{
    const struct appr_year_cell *a = x, *b = y;

    return a->year != b->year ? (a->year > b->year) - (a->year < b->year)
                              : (a->kind > b->kind) - (a->kind < b->kind);
}

struct ranked {
    struct appr_cell c;
    long long rank;
};

static int by_rank(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;

    return a->rank != b->rank ? (a->rank > b->rank) - (a->rank < b->rank)
                              : (a->c.status > b->c.status) - (a->c.status < b->c.status);
}

/* The cells in the reports' order: framework level and name, employer,
 * provider (the schemes' report_rank), then status. */
static void sort_cells(struct arena *a, struct appr_report *out, const long long *ranks)
{
    struct ranked *v = arena_alloc(a, (out->n_cells ? out->n_cells : 1) * sizeof(*v));
    size_t i;

    for (i = 0; i < out->n_cells; i++)
        v[i] = (struct ranked){ out->cells[i], ranks[i] };
    qsort(v, out->n_cells, sizeof(*v), by_rank);
    for (i = 0; i < out->n_cells; i++)
        out->cells[i] = v[i].c;
}

struct behind {
    const struct roster_row *w;
    int amount;
};

/* most behind first, then by name */
static int by_behind(const void *x, const void *y)
{
    const struct behind *a = x, *b = y;

    return a->amount != b->amount
               ? (a->amount < b->amount) - (a->amount > b->amount)
               : (a->w->name_rank > b->w->name_rank) - (a->w->name_rank < b->w->name_rank);
}

/* The max rows the filter keeps that are most behind, in the order the page
 * shows them. */
static void behind_rows(struct arena *a, const struct roster *r, const unsigned char *keeps,
                        size_t max, struct appr_report *out)
{
    struct behind *v = arena_alloc(a, (r->n_rows ? r->n_rows : 1) * sizeof(*v));
    size_t i, m = 0;

    for (i = 0; i < r->n_rows; i++)
        if (keeps[r->rows[i].cell] && r->cells[r->rows[i].cell].behind)
            v[m++] = (struct behind){ &r->rows[i],
                                      r->rows[i].expected_tenths - r->rows[i].approved_tenths };
    if (max) /* none asked for: only how many */
        qsort(v, m, sizeof(*v), by_behind);
    out->n_behind_all = m;
    out->n_behind = m < max ? m : max;
    out->behind = arena_alloc(a, (out->n_behind ? out->n_behind : 1) * sizeof(*out->behind));
    for (i = 0; i < out->n_behind; i++) {
        const struct roster_row *w = v[i].w;
        const struct appr_scheme *s = &r->cells[w->cell].scheme->s;

        out->behind[i] = (struct appr_behind){ .id = w->id,
                                               .approved_tenths = w->approved_tenths,
                                               .expected_tenths = w->expected_tenths,
                                               .name = w->name ? w->name : "",
                                               .scheme = { s->name[0], s->name[1] } };
    }
}

enum db_rc appr_roster_report(struct db *db, struct arena *a, const struct appr_report_filter *f,
                              size_t max_behind, struct appr_report *out)
{
    enum db_rc rc;
    const struct roster *r = appr_roster_get(db, a, &rc);
    unsigned char *keeps;
    long long *ranks = NULL;
    size_t i, cap = 0, cap_r = 0, cap_y = 0;

    memset(out, 0, sizeof(*out));
    if (!r)
        return rc;
    keeps = arena_calloc(a, r->n_cells + 1);
    for (i = 0; i < r->n_cells; i++) {
        const struct roster_cell *c = &r->cells[i];
        struct appr_cell *k;

        if (!(keeps[i] = (unsigned char)kept(f, c)))
            continue;
        k = report_cell(a, out, &cap, &ranks, &cap_r, c);
        k->n += c->n;
        k->overdue += c->overdue ? c->n : 0;
        k->behind += c->behind ? c->n : 0;
        k->approved_tenths += c->approved_tenths;
        k->expected_tenths += c->expected_tenths;
        add_year(a, out, &cap_y, c->year, -1, c->n);
        if (c->end_year && c->status >= APPR_COMPLETED)
            add_year(a, out, &cap_y, c->end_year, c->status, c->n);
    }
    sort_cells(a, out, ranks);
    if (out->n_years) /* none: out->years is NULL, which qsort may not be given */
        qsort(out->years, out->n_years, sizeof(*out->years), by_year);
    behind_rows(a, r, keeps, max_behind, out);
    return DB_OK;
}

struct due {
    const struct roster_row *w;
    int day;
};

static int by_day(const void *x, const void *y)
{
    const struct due *a = x, *b = y;

    return a->day != b->day ? (a->day > b->day) - (a->day < b->day)
                            : (a->w->id > b->w->id) - (a->w->id < b->w->id);
}

enum db_rc appr_roster_due(struct db *db, struct arena *a, long long viewer, int is_admin,
                           size_t offset, size_t max, struct apprentice **out, size_t *n,
                           size_t *total)
{
    enum db_rc rc;
    const struct roster *r = appr_roster_get(db, a, &rc);
    struct due *v;
    size_t i, m = 0;

    *out = NULL;
    *n = *total = 0;
    if (!r)
        return rc;
    v = arena_alloc(a, (r->n_rows ? r->n_rows : 1) * sizeof(*v));
    for (i = 0; i < r->n_rows; i++)
        if (r->rows[i].due && (is_admin || r->rows[i].trainer_id == viewer))
            v[m++] = (struct due){ &r->rows[i], r->rows[i].review_day };
    qsort(v, m, sizeof(*v), by_day);
    *total = m;
    offset = offset < m ? offset : m;
    m = m - offset < max ? m - offset : max;
    *out = arena_alloc(a, (m ? m : 1) * sizeof(**out));
    for (i = 0; i < m; i++)
        appr_roster_apprentice(r, v[offset + i].w, &(*out)[(*n)++]);
    return DB_OK;
}
