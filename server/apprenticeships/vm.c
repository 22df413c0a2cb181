/*
 * The apprenticeships' view models, from loaded rows only (no store call).
 * Dates arrive as YYYY-MM-DD and are shown in the reader's language
 * (view/datefmt.h) with the ISO form kept for <time datetime>.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/page_field.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"

json_t *appr_date_vm(struct req *r, const char *ymd)
{
    struct tm tm;
    int y, m, d;

    if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return json_null();
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    return json_pack("{s:s, s:s}", "text",
                     datefmt_date(r->arena, r->app->i18n, r->lang, timegm(&tm)), "iso", ymd);
}

static const char *status_text(struct req *r, int status)
{
    if (status < 0 || status >= APPR_STATUS__N)
        return "";
    return req_t_of(r, "apprenticeships.status.", appr_status_codes[status]);
}

json_t *appr_vm_row(struct req *r, const struct apprentice *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "name", p->name, "uli", p->uli,
                     "scheme", p->scheme[r->lang], "employer", p->employer[r->lang], "status",
                     status_text(r, p->status), "href",
                     arena_printf(r->arena, "/%s/admin/apprenticeships/%lld",
                                  r->lang == LANG_CY ? "cy" : "en", p->id),
                     "overdue", p->overdue, "next_review", appr_date_vm(r, p->next_review_on));
}

static json_t *history_vm(struct req *r, const struct appr_history *h, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:s, s:s}", "from",
                                              status_text(r, appr_status_parse(h[i].from)), "to",
                                              status_text(r, appr_status_parse(h[i].to)), "on",
                                              appr_date_vm(r, h[i].on), "reason", h[i].reason,
                                              "actor", h[i].actor));
    return list;
}

/* The weekly off-the-job target and, for an apprentice in learning, how far
 * the approved hours are behind the target times the whole weeks so far. */
static void otj_vm(struct req *r, json_t *vm, const struct apprentice *p)
{
    double expected = (double)(p->otj_target_tenths * p->weeks_in) / 10.0;
    double behind = expected - p->otj_hours;

    if (p->otj_target_tenths <= 0)
        return;
    json_object_set_new(vm, "otj_target",
                        json_string(arena_printf(r->arena, "%.1f", p->otj_target_tenths / 10.0)));
    if (p->status != APPR_IN_LEARNING)
        return;
    json_object_set_new(
        vm, "otj_progress",
        json_string(behind > 0.04
                        ? i18n_format(r->arena,
                                      req_t(r, "apprenticeships.record."
                                               "otj_behind"),
                                      "n", arena_printf(r->arena, "%.1f", behind), "expected",
                                      arena_printf(r->arena, "%.1f", expected), NULL)
                        : req_t(r, "apprenticeships.record.otj_on_track")));
    json_object_set_new(vm, "otj_behind", json_boolean(behind > 0.04));
}

json_t *appr_vm_record(struct req *r, const struct apprentice *p, const struct appr_history *h,
                       size_t n)
{
    int percent = p->min_credits ? p->credits * 100 / p->min_credits : 0;
    json_t *vm = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:o, "
        "s:o}",
        "name", p->name, "uli", p->uli, "scheme", p->scheme[r->lang], "employer",
        p->employer[r->lang], "framework", p->framework[r->lang], "provider", p->provider,
        "postcode", p->postcode, "weekly_hours", p->weekly_hours, "trainer", p->trainer_name,
        "status", status_text(r, p->status), "reason", p->reason, "agreement", p->agreement,
        "overdue", p->overdue, "starts_on", appr_date_vm(r, p->starts_on), "planned_end_on",
        appr_date_vm(r, p->planned_end_on), "actual_end_on", appr_date_vm(r, p->actual_end_on),
        "break_return_on", appr_date_vm(r, p->break_return_on), "next_review_on",
        appr_date_vm(r, p->next_review_on));

    json_object_set_new(vm, "level", json_string(arena_printf(r->arena, "%d", p->level)));
    json_object_set_new(vm, "mentor", json_string(p->mentor ? p->mentor : ""));
    json_object_set_new(vm, "language", json_string(req_t_of(r, "apprenticeships.lang.", p->lang)));
    json_object_set_new(
        vm, "credits",
        json_string(i18n_format(r->arena, req_t(r, "apprenticeships.record.credits_of"), "done",
                                arena_printf(r->arena, "%d", p->credits), "n",
                                arena_printf(r->arena, "%d", p->min_credits), NULL)));
    json_object_set_new(vm, "credits_percent", json_integer(percent > 100 ? 100 : percent));
    json_object_set_new(
        vm, "otj_hours",
        json_string(arena_printf(r->arena, "%.1f / %d", p->otj_hours, p->planned_otj_hours)));
    json_object_set_new(
        vm, "otj_logged",
        json_string(i18n_format(r->arena, req_t(r, "apprenticeships.record.otj_logged_of"), "n",
                                arena_printf(r->arena, "%.1f", p->otj_logged), "waiting",
                                arena_printf(r->arena, "%d", p->otj_pending), NULL)));
    otj_vm(r, vm, p);
    json_object_set_new(vm, "history", history_vm(r, h, n));
    json_object_set_new(vm, "has_history", json_boolean(n > 0));
    return vm;
}

void appr_vm_status_form(struct req *r, json_t *vm, const struct apprentice *p,
                         const struct appr_status_form *in, const struct page_errors *err)
{
    struct page_form form;
    json_t *opts = json_array(), *f;
    int i;

    for (i = 0; i < APPR_STATUS__N; i++)
        if (appr_transition_allowed(p->status, i))
            json_array_append_new(
                opts, page_option(appr_status_codes[i], status_text(r, i),
                                  in->status && !strcmp(in->status, appr_status_codes[i])));
    json_object_set_new(vm, "can_change", json_boolean(json_array_size(opts) > 0));
    json_object_set_new(vm, "action",
                        json_string(arena_printf(r->arena, "/%s/admin/apprenticeships/%lld/status",
                                                 r->lang == LANG_CY ? "cy" : "en", p->id)));
    page_form_init(&form, r, err);
    page_field_select(&form, "status", "apprenticeships.change.status", NULL, opts);
    f = page_field_input(&form, "on", "date", "apprenticeships.change.on", in->on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    f = page_field_input(&form, "return_on", "date", "apprenticeships.change.return_on",
                         in->return_on);
    page_field_hint(&form, f, "apprenticeships.change.return_hint");
    f = page_field_textarea(&form, "reason", "apprenticeships.change.reason", in->reason);
    page_field_set(f, "maxlength", "255");
    page_form_vm(&form, vm);
}
