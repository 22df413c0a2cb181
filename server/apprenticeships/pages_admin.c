/*
 * The admin's apprenticeship pages (GUARD_ADMIN): the schemes and the
 * apprentices filtered by scheme, employer, lead provider, academic year,
 * status, overdue review and hours behind, with counts
 * and pages; one apprentice's record with its status form; the status
 * change. Every view and change is audited (store.c).
 */
#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_list.h"
#include "app/page_nav.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "apprenticeships/roster_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

void appr_read_filter(struct req *r, struct appr_filter *f, struct page_errors *err)
{
    const char *scheme = req_query(r, "scheme"), *status = req_query(r, "status");
    const char *overdue = req_query(r, "overdue"), *employer = req_query(r, "employer");
    const char *year = req_query(r, "year");
    long long y = 0;

    memset(f, 0, sizeof(*f));
    f->status = -1;
    if (scheme && *scheme && page_id_parse(scheme, &f->scheme_id))
        page_errors_add(err, "scheme", "apprenticeships.errors.scheme");
    if (employer && *employer && page_id_parse(employer, &f->employer_id))
        page_errors_add(err, "employer", "apprenticeships.errors.employer");
    if (year && *year && (page_id_parse(year, &y) || y < 2000 || y > 2100 || strlen(year) != 4))
        page_errors_add(err, "year", "apprenticeships.errors.year");
    else
        f->year = (int)y;
    if (status && *status && (f->status = appr_status_parse(status)) < 0)
        page_errors_add(err, "status", "apprenticeships.errors.status");
    if (overdue && *overdue && strcmp(overdue, "1"))
        page_errors_add(err, "overdue", "apprenticeships.errors.overdue");
    f->overdue = overdue && !strcmp(overdue, "1");
    appr_read_provider_behind(r, &f->provider, &f->behind, err);
}

static json_t *scheme_options(struct req *r, const struct appr_scheme *s, size_t n, long long id)
{
    json_t *opts = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(opts, page_option_count(r, arena_printf(r->arena, "%lld", s[i].id),
                                                      s[i].name[r->lang], s[i].apprentices,
                                                      s[i].id == id));
    return opts;
}

/* The employers of the schemes (each once), counted with the other filters. */
static json_t *employer_options(struct req *r, const struct appr_scheme *s, size_t n,
                                const struct appr_counts *c, long long chosen)
{
    json_t *opts = json_array();
    size_t i, j;

    for (i = 0; i < n; i++) {
        long long count = 0;

        for (j = 0; j < i && s[j].employer_id != s[i].employer_id; j++)
            ;
        if (j < i)
            continue;
        for (j = 0; j < c->n_employers; j++)
            if (c->employer_id[j] == s[i].employer_id)
                count = c->employer[j];
        json_array_append_new(
            opts, page_option_count(r, arena_printf(r->arena, "%lld", s[i].employer_id),
                                    s[i].employer[r->lang], count, s[i].employer_id == chosen));
    }
    return opts;
}

/* The lead providers of the schemes (each once), counted with the other
 * filters; the chosen one even when no scheme names it (it then has none). */
static json_t *provider_options(struct req *r, const struct appr_scheme *s, size_t n,
                                const struct appr_counts *c, const char *chosen)
{
    json_t *opts = json_array();
    int seen_chosen = 0;
    size_t i, j;

    for (i = 0; i < n; i++) {
        long long count = 0;

        for (j = 0; j < i && strcmp(s[j].provider, s[i].provider); j++)
            ;
        if (j < i || !*s[i].provider)
            continue;
        for (j = 0; j < c->n_providers; j++)
            if (!strcmp(c->provider_of[j], s[i].provider))
                count = c->provider[j];
        seen_chosen |= !strcmp(s[i].provider, chosen);
        json_array_append_new(opts, page_option_count(r, s[i].provider, s[i].provider, count,
                                                      !strcmp(s[i].provider, chosen)));
    }
    if (*chosen && !seen_chosen)
        json_array_append_new(opts, page_option_count(r, chosen, chosen, 0, 1));
    return opts;
}

/* "2025/26" for the academic year starting in 2025. */
static const char *year_label(struct req *r, int year)
{
    return arena_printf(r->arena, "%d/%02d", year, (year + 1) % 100);
}

/* The academic years that have apprentices, newest first, counted with the
 * other filters; the chosen one even when it has none. */
static json_t *year_options(struct req *r, const struct appr_counts *c, int chosen)
{
    json_t *opts = json_array();
    int done = -1, seen_chosen = 0;
    size_t k, i;

    for (k = 0; k < c->n_years; k++) {
        int best = -1;

        for (i = 0; i < c->n_years; i++)
            if ((done < 0 || c->year_of[i] < done) &&
                (best < 0 || c->year_of[i] > c->year_of[best]))
                best = (int)i;
        if (best < 0)
            break;
        done = c->year_of[best];
        seen_chosen |= done == chosen;
        json_array_append_new(opts, page_option_count(r, arena_printf(r->arena, "%d", done),
                                                      year_label(r, done), c->year[best],
                                                      done == chosen));
    }
    if (chosen && !seen_chosen)
        json_array_append_new(opts, page_option_count(r, arena_printf(r->arena, "%d", chosen),
                                                      year_label(r, chosen), 0, 1));
    return opts;
}

/* The rows under a heading per academic year (the list is in year order). */
static json_t *groups_vm(struct req *r, const struct apprentice *p, size_t n)
{
    json_t *groups = json_array(), *rows = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        if (!i || p[i].year != p[i - 1].year) {
            rows = json_array();
            json_array_append_new(groups,
                                  json_pack("{s:s, s:s, s:o}", "year", year_label(r, p[i].year),
                                            "id", arena_printf(r->arena, "year-%d", p[i].year),
                                            "apprentices", rows));
        }
        json_array_append_new(rows, appr_vm_row(r, &p[i]));
    }
    return groups;
}

static void filter_fields(struct page_form *form, const struct appr_filter *f,
                          const struct appr_counts *c, json_t *schemes, json_t *employers,
                          json_t *providers)
{
    static const char *const yes[] = { "1" };
    struct req *r = form->r;

    page_field_select(form, "scheme", "apprenticeships.filters.scheme",
                      "apprenticeships.filters.any", schemes);
    page_field_select(form, "employer", "apprenticeships.filters.employer",
                      "apprenticeships.filters.any", employers);
    page_field_select(form, "provider", "apprenticeships.filters.provider",
                      "apprenticeships.filters.any", providers);
    page_field_select(form, "year", "apprenticeships.filters.year", "apprenticeships.filters.any",
                      year_options(r, c, f->year));
    page_field_select(
        form, "status", "apprenticeships.filters.status", "apprenticeships.filters.any",
        page_options(r, "apprenticeships.status.", appr_status_codes, APPR_STATUS__N, c->status,
                     f->status >= 0 ? appr_status_codes[f->status] : NULL));
    page_field_select(form, "overdue", "apprenticeships.filters.overdue",
                      "apprenticeships.filters.any",
                      page_options(r, "apprenticeships.filters.overdue_", yes, 1, &c->overdue,
                                   f->overdue ? "1" : NULL));
    page_field_select(form, "behind", "apprenticeships.filters.behind",
                      "apprenticeships.filters.any",
                      page_options(r, "apprenticeships.filters.behind_", yes, 1, &c->behind,
                                   f->behind ? "1" : NULL));
}

/* The list's filters and page from the query: 0 (problems in err), or 400
 * for a malformed page number. */
static int list_parse(struct req *r, struct appr_filter *f, struct page_pager *pg,
                      struct page_errors *err)
{
    int st;

    appr_read_filter(r, f, err);
    st = page_pager_parse(r, APPR_PAGE_SIZE, APPR_PAGE_MAX, pg);
    if (st)
        return st;
    f->limit = pg->per_page;
    f->offset = (pg->page - 1) * pg->per_page;
    return 0;
}

/* The list's view model into *out: 0, 404 past the last page, or 503. */
static int list_vm(struct req *r, const struct appr_filter *f, struct page_pager *pg,
                   const struct page_errors *err, json_t **out)
{
    struct appr_counts c;
    struct appr_scheme *s;
    struct apprentice *p;
    struct page_form form;
    size_t ns, ns_all, n;
    json_t *vm;
    enum db_rc rc;
    int st;

    rc = appr_roster_schemes(r->db, r->arena, 0, APPR_SCHEMES_MAX, &s, &ns, &ns_all);
    if (rc == DB_OK)
        rc = appr_roster_page(r->db, r->arena, f, &c, &p, &n);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = page_pager_count(pg, c.total);
    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.admin.title");
    json_object_set_new(
        vm, "page_title",
        json_string(page_pager_title(r, pg, req_t(r, "apprenticeships.admin.title"))));
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 0));
    page_form_init(&form, r, err);
    filter_fields(&form, f, &c, scheme_options(r, s, ns, f->scheme_id),
                  employer_options(r, s, ns, &c, f->employer_id),
                  provider_options(r, s, ns, &c, f->provider));
    page_form_vm(&form, vm);
    json_object_set_new(vm, "schemes_count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "apprenticeships.schemes.count", (long)ns_all)));
    json_object_set_new(vm, "groups", groups_vm(r, p, n));
    json_object_set_new(vm, "has_apprentices", json_boolean(n > 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "apprenticeships.admin.count", (long)c.total)));
    json_object_set_new(vm, "pagination", appr_pages(r, f, pg));
    json_object_set_new(vm, "export_href", json_string(appr_export_href(r, f)));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_list(struct req *r, json_t **vm, const char **name)
{
    struct page_errors err = { .n = 0 };
    struct appr_filter f;
    struct page_pager pg;
    int st = list_parse(r, &f, &pg, &err);

    *name = "apprenticeships/admin";
    return st ? st : list_vm(r, &f, &pg, &err, vm);
}

int appr_page_roster_kept(struct req *r, struct kept_table *t, long long scope,
                          page_build_fn *build)
{
    unsigned long long serial = 0;
    enum db_rc rc = appr_roster_serial(r->db, r->arena, &serial);

    if (rc != DB_OK)
        return page_db_status(rc);
    return page_kept_shared(r, t, scope, serial, build);
}

/*
 * GET /{lang}/admin/apprenticeships — schemes, then apprentices by ?scheme=
 * ?employer= ?provider= ?year= (the academic year starting then) ?status=
 * ?overdue=1 ?behind=1,
 * each with counts, grouped by academic year (newest first), APPR_PAGE_SIZE
 * a page by ?page=; rendered once for every admin at the roster's serial
 * (appr_page_roster_kept()). 200; 400
 * with the error summary for a filter not understood (the rest still apply),
 * or a malformed page; 404 past the last page; 503 without the database.
 */
int appr_page_admin_list(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    struct page_errors err = { .n = 0 };
    struct appr_filter f;
    struct page_pager pg;
    json_t *vm = NULL;
    int st = list_parse(r, &f, &pg, &err);

    if (st)
        return st;
    if (!err.n)
        return appr_page_roster_kept(r, &kept, 0, build_list);
    st = list_vm(r, &f, &pg, &err, &vm);
    return st ? st : page_render(r, "apprenticeships/admin", vm);
}
