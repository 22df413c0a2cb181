/*
 * The admin's apprenticeship reports (GUARD_ADMIN): six charts with their
 * data as tables (vm_reports.c) and the apprentices behind on their
 * off-the-job hours, filtered by the academic year of the start, employer,
 * lead provider and "behind on hours" with a plain GET form (no JavaScript);
 * each report also as a CSV (view/csv.h). The CSV and the page are audited:
 * the list of who is behind names people.
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_nav.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/csv.h"
#include "view/i18n.h"

#define REPORT_BYTES (4u * 1024u * 1024u)

/* Read ?year= ?employer= ?provider= (a lead provider's name, as the
 * schemes have it) ?behind=1, each problem a field error in err. */
static void read_filter(struct req *r, struct appr_report_filter *f, struct page_errors *err)
{
    const char *year = req_query(r, "year"), *employer = req_query(r, "employer");
    long long y = 0;

    memset(f, 0, sizeof(*f));
    if (year && *year && (page_id_parse(year, &y) || y < 2000 || y > 2100 || strlen(year) != 4))
        page_errors_add(err, "year", "apprenticeships.errors.year");
    else
        f->year = (int)y;
    if (employer && *employer && page_id_parse(employer, &f->employer_id))
        page_errors_add(err, "employer", "apprenticeships.errors.employer");
    appr_read_provider_behind(r, &f->provider, &f->behind, err);
}

/* The academic year today is in (UTC), for the year filter's options. */
static int this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return tm.tm_year + 1900 - (tm.tm_mon < 7);
}

#define KEEP 4

static void keep_filters(struct req *r, const struct appr_report_filter *f,
                         struct page_param keep[KEEP])
{
    keep[0] = (struct page_param){ "year", f->year ? arena_printf(r->arena, "%d", f->year) : NULL };
    keep[1] = (struct page_param){ "employer", f->employer_id
                                                   ? arena_printf(r->arena, "%lld", f->employer_id)
                                                   : NULL };
    keep[2] = (struct page_param){ "provider", *f->provider ? f->provider : NULL };
    keep[3] = (struct page_param){ "behind", f->behind ? "1" : NULL };
}

static const char *csv_href(struct req *r, const struct appr_report_filter *f, const char *name)
{
    struct page_param keep[KEEP + 1];

    keep_filters(r, f, keep);
    keep[KEEP] = (struct page_param){ "report", name };
    return page_url(r, "/admin/apprentice-reports/export", keep, KEEP + 1);
}

/* The year filter offers the last APPR_YEARS_MAX academic years. */
static void filter_fields(struct page_form *form, const struct appr_scheme *s, size_t n,
                          const struct appr_report_filter *f)
{
    static const char *const yes[] = { "1" };
    struct req *r = form->r;
    json_t *years = json_array(), *employers = json_array(), *providers = json_array();
    int newest = 0, seen = !*f->provider;
    size_t i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; j < i && s[j].employer_id != s[i].employer_id; j++)
            ;
        if (j == i)
            json_array_append_new(
                employers, page_option(arena_printf(r->arena, "%lld", s[i].employer_id),
                                       s[i].employer[r->lang], s[i].employer_id == f->employer_id));
        for (j = 0; j < i && strcmp(s[j].provider, s[i].provider); j++)
            ;
        if (j == i)
            json_array_append_new(providers, page_option(s[i].provider, s[i].provider,
                                                         !strcmp(s[i].provider, f->provider)));
        seen |= !strcmp(s[i].provider, f->provider);
    }
    if (!seen)
        json_array_append_new(providers, page_option(f->provider, f->provider, 1));
    newest = this_year();
    if (f->year > newest)
        newest = f->year;
    for (i = 0; i < APPR_YEARS_MAX; i++) {
        int y = newest - (int)i;

        json_array_append_new(
            years, page_option(arena_printf(r->arena, "%d", y),
                               arena_printf(r->arena, "%d/%02d", y, (y + 1) % 100), y == f->year));
    }
    page_field_select(form, "year", "apprenticeships.filters.year", "apprenticeships.filters.any",
                      years);
    page_field_select(form, "employer", "apprenticeships.filters.employer",
                      "apprenticeships.filters.any", employers);
    page_field_select(form, "provider", "apprenticeships.filters.provider",
                      "apprenticeships.filters.any", providers);
    page_field_select(
        form, "behind", "apprenticeships.filters.behind", "apprenticeships.filters.any",
        page_options(r, "apprenticeships.filters.behind_", yes, 1, NULL, f->behind ? "1" : NULL));
}

static json_t *behind_vm(struct req *r, const struct appr_report *rep)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < rep->n_behind; i++) {
        const struct appr_behind *b = &rep->behind[i];

        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", b->name, "href",
                            appr_record_path(r, b->id, 1), "scheme", b->scheme[r->lang], "approved",
                            appr_hours_text(r, b->approved_tenths), "expected",
                            appr_hours_text(r, b->expected_tenths), "behind",
                            appr_hours_text(r, b->expected_tenths - b->approved_tenths)));
    }
    return rows;
}

/* How many are behind; when the page lists only the most behind, how many
 * it lists and a link to them all in the apprentices list, filtered alike. */
static void behind_more_vm(struct req *r, const struct appr_report_filter *f,
                           const struct appr_report *rep, json_t *vm)
{
    struct appr_report_filter all = *f;
    struct page_param keep[KEEP];

    json_object_set_new(
        vm, "behind_count",
        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                 "apprenticeships.reports.behind_count", (long)rep->n_behind_all)));
    if (rep->n_behind_all <= rep->n_behind)
        return;
    all.behind = 1;
    keep_filters(r, &all, keep);
    json_object_set_new(
        vm, "behind_shown",
        json_string(i18n_format(r->arena, req_t(r, "apprenticeships.reports.behind_shown"), "n",
                                arena_printf(r->arena, "%zu", rep->n_behind), NULL)));
    json_object_set_new(vm, "behind_all_href",
                        json_string(page_url(r, "/admin/apprenticeships", keep, KEEP)));
}

/* Load the schemes (for the filters) and the report with the max_behind
 * most behind on their hours; 0 or a status. */
static int load_report(struct req *r, struct appr_scheme **s, size_t *ns,
                       struct appr_report_filter *f, struct page_errors *err, size_t max_behind,
                       struct appr_report *rep)
{
    enum db_rc rc = appr_store_schemes(r->db, r->arena, s, ns);

    if (rc != DB_OK)
        return page_db_status(rc);
    read_filter(r, f, err);
    rc = appr_roster_report(r->db, r->arena, f, max_behind, rep);
    return rc == DB_OK ? 0 : page_db_status(rc);
}

/* Audit the reader's view of report (the page's at most once every
 * APPR_VIEWED_EVERY_S for the same filters); 0 or a status. */
static int audit_view(struct req *r, const char *report, const struct appr_report_filter *f)
{
    const char *detail = arena_printf(r->arena, "report=%s year=%d employer=%lld behind=%d", report,
                                      f->year, f->employer_id, f->behind);
    enum db_rc rc;

    if (!strcmp(report, "page"))
        rc = appr_store_reports_viewed(r->db, r->user->id, detail, r->client_ip);
    else
        rc = audit_write(r->db, "apprentice_reports_viewed", r->user->id, 0, r->client_ip, detail);
    return rc == DB_OK ? 0 : page_db_status(rc);
}

/* Load the report as load_report() (every apprentice behind on their hours
 * for the "behind" CSV, none for a chart's), then audit the view; 0 or a
 * status. */
static int load(struct req *r, const char *report, struct appr_scheme **s, size_t *ns,
                struct appr_report_filter *f, struct page_errors *err, struct appr_report *rep)
{
    int st = load_report(r, s, ns, f, err, strcmp(report, "behind") ? 0 : SIZE_MAX, rep);

    return st ? st : audit_view(r, report, f);
}

/* The page's view model into *out (nothing audited): 0 or a status. */
static int reports_vm(struct req *r, struct page_errors *err, json_t **out)
{
    struct appr_report_filter f;
    struct appr_report rep;
    struct appr_scheme *s;
    struct page_form form;
    struct chart c;
    size_t ns;
    json_t *vm, *charts;
    int st = load_report(r, &s, &ns, &f, err, APPR_BEHIND_SHOWN, &rep), i;

    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.reports.title");
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    page_form_init(&form, r, err);
    filter_fields(&form, s, ns, &f);
    page_form_vm(&form, vm);
    charts = json_array();
    for (i = 0; i < APPR_REPORTS; i++) {
        appr_report_chart(r, &rep, i, &c);
        json_array_append_new(
            charts, appr_vm_report_chart(r, &c, appr_reports[i], csv_href(r, &f, appr_reports[i])));
    }
    json_object_set_new(vm, "charts", charts);
    json_object_set_new(vm, "behind", behind_vm(r, &rep));
    json_object_set_new(vm, "has_behind", json_boolean(rep.n_behind > 0));
    behind_more_vm(r, &f, &rep, vm);
    json_object_set_new(vm, "behind_csv_href", json_string(csv_href(r, &f, "behind")));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_reports(struct req *r, json_t **vm, const char **name)
{
    struct page_errors err = { .n = 0 };

    *name = "apprenticeships/reports";
    return reports_vm(r, &err, vm);
}

/*
 * GET /{lang}/admin/apprentice-reports — ?year= ?employer= ?provider=
 * ?behind=1; rendered once for every admin at the roster's serial
 * (appr_page_roster_kept()), each view audited. 200; 400 with the error
 * summary for a filter not understood (the others still apply); 503 without
 * the database.
 */
int appr_page_admin_reports(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64);
    struct page_errors err = { .n = 0 };
    struct appr_report_filter f;
    json_t *vm = NULL;
    int st;

    read_filter(r, &f, &err);
    if (!page_errors_any(&err)) {
        st = audit_view(r, "page", &f);
        return st ? st : appr_page_roster_kept(r, &kept, 0, build_reports);
    }
    err.n = 0; /* reports_vm() reads the filters again */
    st = reports_vm(r, &err, &vm);
    if (!st)
        st = audit_view(r, "page", &f);
    if (st) {
        json_decref(vm);
        return st;
    }
    return page_render(r, "apprenticeships/reports", vm);
}

/* A chart's table as CSV: its heading row, then a row per x value. */
static void table_csv(struct csv *out, json_t *t)
{
    json_t *v, *row, *cell;
    size_t i, j;

    json_array_foreach(json_object_get(t, "head"), i, v) csv_field(out, json_string_value(v));
    csv_end_row(out);
    json_array_foreach(json_object_get(t, "rows"), i, row)
    {
        csv_field(out, json_string_value(json_object_get(row, "label")));
        json_array_foreach(json_object_get(row, "cells"), j, cell)
            csv_field(out, json_string_value(cell));
        csv_end_row(out);
    }
}

static void behind_csv(struct req *r, struct csv *out, const struct appr_report *rep)
{
    static const char *const head[] = { "col.name", "col.scheme", "reports.expected",
                                        "reports.approved", "reports.hours_behind" };
    size_t i;

    for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
        csv_field(out, req_t_of(r, "apprenticeships.", head[i]));
    csv_end_row(out);
    for (i = 0; i < rep->n_behind; i++) {
        const struct appr_behind *b = &rep->behind[i];

        csv_field(out, b->name);
        csv_field(out, b->scheme[r->lang]);
        csv_field(out, appr_hours_text(r, b->expected_tenths));
        csv_field(out, appr_hours_text(r, b->approved_tenths));
        csv_field(out, appr_hours_text(r, b->expected_tenths - b->approved_tenths));
        csv_end_row(out);
    }
}

/*
 * GET /{lang}/admin/apprentice-reports/export?report= (one of appr_reports,
 * "status" when not given, or "behind") and the page's filters: 200 text/csv as a download; 400 for
 * a report or filter not understood; 503 without the database.
 */
int appr_page_admin_report_csv(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct appr_report_filter f;
    struct appr_report rep;
    struct appr_scheme *s;
    struct chart c;
    struct sbuf b;
    struct csv out;
    const char *name = req_query(r, "report");
    size_t ns;
    int which = -1, st, i;

    if (!name || !*name)
        name = appr_reports[0];
    for (i = 0; i < APPR_REPORTS; i++)
        if (!strcmp(name, appr_reports[i]))
            which = i;
    if (which < 0 && strcmp(name, "behind"))
        return 400;
    st = load(r, name, &s, &ns, &f, &err, &rep);
    if (st)
        return st;
    if (page_errors_any(&err))
        return 400;
    sbuf_init(&b, r->arena, REPORT_BYTES);
    csv_init(&out, &b);
    if (which < 0)
        behind_csv(r, &out, &rep);
    else {
        json_t *t;

        appr_report_chart(r, &rep, which, &c);
        t = chart_table_plain(&c, req_t(r, arena_printf(r->arena, "apprenticeships.reports.%s.x",
                                                        appr_reports[which])));
        table_csv(&out, t);
        json_decref(t);
    }
    if (sbuf_failed(&b))
        return 500;
    resp_header(r, "Content-Disposition",
                csv_disposition(r->arena, arena_printf(r->arena, "apprentices-%s.csv", name)));
    return resp_send(r, 200, CSV_CONTENT_TYPE, b.buf, b.len);
}
