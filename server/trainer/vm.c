/* trainer vm: view models from loaded rows (no store call). */
#include <string.h>

#include "app/page_field.h"
#include "app/page_nav.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"
#include "view/chart.h"
#include "view/datefmt.h"
#include "view/i18n.h"

const char *trainer_cohort_name(const struct req *r, const struct trainer_cohort *c)
{
    const char *name = r->lang == LANG_CY ? c->name_cy : c->name_en;
    const char *title = r->lang == LANG_CY ? c->title_cy : c->title_en;

    return name && *name ? name : title;
}

json_t *trainer_vm_cohort(struct req *r, const struct trainer_cohort *c)
{
    const struct i18n *t = r->app->i18n;
    json_t *v = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:i, s:b}", "id", (json_int_t)c->id, "name",
        trainer_cohort_name(r, c), "course", r->lang == LANG_CY ? c->title_cy : c->title_en, "href",
        arena_printf(r->arena, "/%s/trainer/cohorts/%lld", lang_code(r->lang), c->id), "starts",
        datefmt_date(r->arena, t, r->lang, c->starts_at), "ends",
        datefmt_date(r->arena, t, r->lang, c->ends_at), "learners", (json_int_t)c->learners,
        "at_risk", (json_int_t)c->at_risk, "progress", c->avg_progress, "has_risk", c->at_risk > 0);

    json_object_set_new(v, "capacity", json_integer(c->capacity));
    json_object_set_new(v, "taken", json_integer(c->taken));
    json_object_set_new(v, "waiting", json_integer(c->waiting));
    json_object_set_new(v, "cancelled", json_boolean(c->cancelled));
    json_object_set_new(v, "delivery",
                        json_string(req_t(r, arena_printf(r->arena, "trainer.lang.%s",
                                                          c->lang ? c->lang : "both"))));
    return v;
}

json_t *trainer_vm_cohort_rows(struct req *r, const struct trainer_cohort *v, size_t n, int admin)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        json_t *row = trainer_vm_cohort(r, &v[i]);

        if (admin)
            json_object_set_new(row, "href",
                                json_string(arena_printf(r->arena, "/%s/admin/cohorts/%lld",
                                                         lang_code(r->lang), v[i].id)));
        json_array_append_new(rows, row);
    }
    return rows;
}

json_t *trainer_vm_sent(struct req *r, const struct trainer_sent *v, size_t n)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        const char *mine = r->lang == LANG_CY ? v[i].subject_cy : v[i].subject_en;
        const char *other = r->lang == LANG_CY ? v[i].subject_en : v[i].subject_cy;

        json_array_append_new(
            rows,
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "when",
                      datefmt_date(r->arena, r->app->i18n, r->lang, v[i].sent_at), "iso",
                      datefmt_iso(r->arena, v[i].sent_at), "audience",
                      req_t(r, v[i].at_risk_only ? "trainer.message.audience_at_risk"
                                                 : "trainer.message.audience_all"),
                      "subject", mine && *mine ? mine : other, "sender", v[i].sender, "recipients",
                      i18n_pluralf(r->arena, r->app->i18n, r->lang, "trainer.message.recipients",
                                   (long)v[i].recipients)));
    }
    return rows;
}

static json_t *reasons_vm(struct req *r, unsigned risk)
{
    json_t *v = json_array();

    if (risk & TRAINER_RISK_BEHIND)
        json_array_append_new(v, json_string(req_t(r, "trainer.risk.behind")));
    if (risk & TRAINER_RISK_MISSED)
        json_array_append_new(v, json_string(req_t(r, "trainer.risk.missed")));
    if (risk & TRAINER_RISK_IDLE)
        json_array_append_new(v, json_string(req_t(r, "trainer.risk.idle")));
    return v;
}

json_t *trainer_vm_learners(struct req *r, const struct trainer_learner *v, size_t n)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:s, s:b, s:o}", "name", v[i].name,
                            "org", v[i].org, "lessons", v[i].lessons_done, "progress",
                            v[i].progress, "attended", v[i].attended, "missed", v[i].missed,
                            "apologies", v[i].apologies, "activity",
                            v[i].last_activity
                                ? datefmt_date(r->arena, r->app->i18n, r->lang, v[i].last_activity)
                                : req_t(r, "trainer.never"),
                            "at_risk", v[i].risk != 0, "reasons", reasons_vm(r, v[i].risk)));
    return rows;
}

json_t *trainer_vm_sessions(struct req *r, long long cohort_id, const struct trainer_session *v,
                            size_t n)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:s, s:b}", "date",
                            datefmt_weekday_date(r->arena, r->app->i18n, r->lang, v[i].starts_at),
                            "time", datefmt_time(r->arena, v[i].starts_at), "length",
                            datefmt_duration(r->arena, r->app->i18n, r->lang, v[i].minutes),
                            "place", v[i].place, "online", v[i].online_url, "lang",
                            req_t_of(r, "trainer.lang.", v[i].lang), "present", v[i].present,
                            "absent", v[i].absent, "apologies", v[i].apologies, "href",
                            arena_printf(r->arena, "/%s/trainer/cohorts/%lld/sessions/%lld",
                                         lang_code(r->lang), cohort_id, v[i].id),
                            "edit_href",
                            arena_printf(r->arena, "/%s/trainer/cohorts/%lld/sessions/%lld/edit",
                                         lang_code(r->lang), cohort_id, v[i].id),
                            "cancelled", v[i].cancelled));
    return rows;
}

json_t *trainer_vm_headings(struct req *r, long long cohort_id, const struct trainer_filter *f)
{
    struct page_param keep[8];
    size_t n = trainer_filter_params(r, f, keep), s;
    const char *path = arena_printf(r->arena, "/trainer/cohorts/%lld", cohort_id);
    json_t *v = json_array();

    for (s = 0; s < TRAINER_SORT__MAX; s++) {
        int current = (size_t)f->sort == s;
        /* a second click on the current column turns its order round */
        int desc = current ? !f->desc : s == TRAINER_SORT_RISK;
        const char *sort = trainer_sort_name((enum trainer_sort)s);

        keep[n] = (struct page_param){ "sort", sort };
        keep[n + 1] = (struct page_param){ "dir", desc ? "desc" : "asc" };
        json_array_append_new(
            v, json_pack("{s:s, s:s, s:s?, s:b}", "label", req_t_of(r, "trainer.col.", sort),
                         "href", page_url(r, path, keep, n + 2), "aria_sort",
                         current ? (f->desc ? "descending" : "ascending") : NULL, "num",
                         s >= TRAINER_SORT_PROGRESS && s <= TRAINER_SORT_MISSED));
    }
    return v;
}

void trainer_vm_filters(struct page_form *form, const struct trainer_filter *f,
                        const struct trainer_org *orgs, size_t n_orgs)
{
    static const char *const missed[] = { "0", "1", "2" }, *const risk[] = { "yes", "no" };
    struct req *r = form->r;
    json_t *opts = json_array(), *q;
    size_t i, nb;
    const char *const *bands = trainer_bands(&nb);

    q = page_field_input(form, "q", "search", "trainer.filter.q", f->q);
    page_field_set(q, "maxlength", "100");
    page_field_set(q, "autocomplete", "off");
    for (i = 0; i < n_orgs; i++)
        json_array_append_new(
            opts, page_option_count(r, arena_printf(r->arena, "%lld", orgs[i].id),
                                    r->lang == LANG_CY ? orgs[i].name_cy : orgs[i].name_en,
                                    orgs[i].n, orgs[i].id == f->org_id));
    page_field_select(form, "org", "trainer.filter.org", "trainer.filter.any", opts);
    page_field_select(form, "progress", "trainer.filter.progress", "trainer.filter.any",
                      page_options(r, "trainer.band.", bands, nb, NULL, trainer_band_name(f)));
    page_field_select(form, "missed", "trainer.filter.missed", "trainer.filter.any",
                      page_options(r, "trainer.missed.", missed, 3, NULL,
                                   f->missed >= 0 ? missed[f->missed] : NULL));
    page_field_select(form, "risk", "trainer.filter.risk", "trainer.filter.any",
                      page_options(r, "trainer.riskf.", risk, 2, NULL,
                                   f->risk < 0 ? NULL
                                   : f->risk   ? "yes"
                                               : "no"));
}

/* Attendance per session as bars (present, absent, apologies), with the
 * same numbers as a table: {svg_html, table}. */
/* A chart's {svg_html, table}; x_key names the table's first column. */
static json_t *chart_vm(struct req *r, const struct chart *c, const char *x_key)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, (size_t)1 << 20);
    chart_svg(&b, c);
    return json_pack("{s:s#, s:o}", "svg_html", sbuf_failed(&b) ? "" : b.buf,
                     sbuf_failed(&b) ? (size_t)0 : b.len, "table", chart_table(c, req_t(r, x_key)));
}

json_t *trainer_vm_attendance_chart(struct req *r, const struct trainer_session *v, size_t n)
{
    const char **x = arena_calloc(r->arena, (n ? n : 1) * sizeof(*x));
    double *y[3];
    struct chart_series series[3];
    struct chart c;
    size_t i, k;
    static const char *const marks[] = { "present", "absent", "apologies" };

    for (k = 0; k < 3; k++) {
        y[k] = arena_calloc(r->arena, (n ? n : 1) * sizeof(double));
        series[k] = (struct chart_series){ req_t_of(r, "trainer.mark.", marks[k]), y[k] };
    }
    for (i = 0; i < n; i++) {
        x[i] = datefmt_date(r->arena, r->app->i18n, r->lang, v[i].starts_at);
        y[0][i] = v[i].present;
        y[1][i] = v[i].absent;
        y[2][i] = v[i].apologies;
    }
    c = (struct chart){ .kind = CHART_BARS,
                        .id = "chart-attendance",
                        .title = req_t(r, "trainer.chart.attendance_title"),
                        .desc = req_t(r, "trainer.chart.attendance_desc"),
                        .x_labels = x,
                        .n_x = n,
                        .series = series,
                        .n_series = 3 };
    return chart_vm(r, &c, "trainer.session.when");
}

size_t trainer_weeks_shown(const struct trainer_cohort *c, time_t now)
{
    time_t until = now < c->ends_at ? now : c->ends_at;
    long long w = until > c->starts_at ? (long long)(until - c->starts_at) / (7 * 86400) + 1 : 1;

    return (size_t)(w > TRAINER_WEEKS_MAX ? TRAINER_WEEKS_MAX : w);
}

json_t *trainer_vm_completion_chart(struct req *r, const struct trainer_cohort *c,
                                    const long long *per_week, size_t weeks)
{
    const char **x = arena_calloc(r->arena, weeks * sizeof(*x));
    double *done = arena_calloc(r->arena, weeks * sizeof(double)),
           *pace = arena_calloc(r->arena, weeks * sizeof(double));
    double all = (double)c->learners * c->lessons, span = (double)(c->ends_at - c->starts_at);
    struct chart_series series[2] = { { req_t(r, "trainer.chart.done"), done },
                                      { req_t(r, "trainer.chart.pace"), pace } };
    struct chart ch;
    long long sum = 0;
    size_t i;

    for (i = 0; i < weeks; i++) {
        double gone = span > 0 ? (double)(i + 1) * 7 * 86400 / span : 1;

        sum += per_week[i];
        x[i] = datefmt_date(r->arena, r->app->i18n, r->lang,
                            c->starts_at + (time_t)(i + 1) * 7 * 86400 - 86400);
        done[i] = all > 0 ? (double)(long long)(1000.0 * (double)sum / all + 0.5) / 10.0 : 0;
        pace[i] = gone > 1 ? 100 : (double)(long long)(1000.0 * gone + 0.5) / 10.0;
    }
    ch = (struct chart){ .kind = CHART_LINES,
                         .id = "chart-completion",
                         .title = req_t(r, "trainer.chart.completion_title"),
                         .desc = req_t(r, "trainer.chart.completion_desc"),
                         .x_labels = x,
                         .n_x = weeks,
                         .series = series,
                         .n_series = 2,
                         .y_max = 100,
                         .y_suffix = "%" };
    return chart_vm(r, &ch, "trainer.chart.week_ending");
}
