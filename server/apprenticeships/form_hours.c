/*
 * The off-the-job hours forms: the apprentice's log (date, hours, category,
 * what they did) and the trainer's decision (approve, or return with a
 * comment), each problem a field error in the reader's language; and the
 * log's rows for a page.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "http/req.h"

static const char *const decisions[] = { "approve", "return" };

void appr_log_read(struct req *r, struct appr_log_form *in, struct appr_log *out,
                   struct page_errors *err)
{
    int i;

    memset(out, 0, sizeof(*out));
    in->worked_on = req_form(r, "worked_on");
    in->hours = req_form(r, "hours");
    in->category = req_form(r, "category");
    in->activity = req_form(r, "activity");
    in->worked_on = in->worked_on ? in->worked_on : "";
    in->hours = in->hours ? in->hours : "";
    in->category = in->category ? in->category : "";
    in->activity = in->activity ? in->activity : "";
    out->worked_on = in->worked_on;
    if (!appr_date_valid(in->worked_on))
        page_errors_add(err, "worked_on", "apprenticeships.errors.date");
    if ((out->tenths = appr_tenths(in->hours, 240)) < 1)
        page_errors_add(err, "hours", "apprenticeships.errors.hours");
    out->category = -1;
    for (i = 0; i < APPR_CATEGORIES; i++)
        if (!strcmp(in->category, appr_categories[i]))
            out->category = i;
    if (out->category < 0)
        page_errors_add(err, "category", "apprenticeships.errors.category");
    out->activity = in->activity;
    if (!*in->activity || strlen(in->activity) > APPR_ACTIVITY_MAX)
        page_errors_add(err, "activity", "apprenticeships.errors.activity");
}

void appr_vm_log_form(struct req *r, json_t *vm, const struct appr_log_form *in,
                      const struct page_errors *err)
{
    struct page_form form;
    json_t *f;

    page_form_init(&form, r, err);
    f = page_field_input(&form, "worked_on", "date", "apprenticeships.hours.worked_on",
                         in->worked_on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    f = page_field_input(&form, "hours", "text", "apprenticeships.hours.hours", in->hours);
    page_field_hint(&form, f, "apprenticeships.hours.hours_hint");
    page_field_set(f, "width", "4");
    page_field_set(f, "autocomplete", "off");
    page_field_select(&form, "category", "apprenticeships.hours.category",
                      "apprenticeships.hours.choose",
                      page_options(r, "apprenticeships.category.", appr_categories, APPR_CATEGORIES,
                                   NULL, *in->category ? in->category : NULL));
    f = page_field_textarea(&form, "activity", "apprenticeships.hours.activity", in->activity);
    page_field_hint(&form, f, "apprenticeships.hours.activity_hint");
    page_field_set(f, "maxlength", "500");
    page_form_vm(&form, vm);
}

int appr_decide_read(struct req *r, struct appr_decide_form *in, struct page_errors *err)
{
    int approve = -1;

    in->decision = req_form(r, "decision");
    in->comment = req_form(r, "comment");
    in->decision = in->decision ? in->decision : "";
    in->comment = in->comment ? in->comment : "";
    if (!strcmp(in->decision, decisions[0]))
        approve = 1;
    else if (!strcmp(in->decision, decisions[1]))
        approve = 0;
    else
        page_errors_add(err, "decision", "apprenticeships.errors.decision");
    if (strlen(in->comment) > APPR_COMMENT_MAX || (approve == 0 && !*in->comment))
        page_errors_add(err, "comment", "apprenticeships.errors.comment");
    return approve;
}

void appr_vm_decide_form(struct req *r, json_t *vm, const struct appr_decide_form *in,
                         const struct page_errors *err)
{
    struct page_form form;
    json_t *f;

    page_form_init(&form, r, err);
    page_field_choices(&form, "decision", "radio", "apprenticeships.hours.decision",
                       page_options(r, "apprenticeships.hours.decision_", decisions, 2, NULL,
                                    *in->decision ? in->decision : NULL));
    f = page_field_textarea(&form, "comment", "apprenticeships.hours.comment", in->comment);
    page_field_hint(&form, f, "apprenticeships.hours.comment_hint");
    page_field_set(f, "maxlength", "255");
    page_form_vm(&form, vm);
}

const char *appr_hours_text(struct req *r, long long tenths)
{
    return arena_printf(r->arena, "%lld.%lld", tenths / 10, tenths % 10);
}

const char *appr_category_text(struct req *r, const struct appr_entry *e)
{
    return req_t_of(
        r, "apprenticeships.category.",
        appr_categories[e->category >= 0 && e->category < APPR_CATEGORIES ? e->category : 0]);
}

const char *appr_entry_state_text(struct req *r, const struct appr_entry *e)
{
    return req_t_of(r, "apprenticeships.entry_state.",
                    appr_entry_states[e->state >= 0 && e->state < 3 ? e->state : 0]);
}

json_t *appr_vm_entry(struct req *r, const struct appr_entry *e, const char *base)
{
    json_t *vm =
        json_pack("{s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "on",
                  appr_date_vm(r, e->worked_on), "hours", appr_hours_text(r, e->tenths), "category",
                  appr_category_text(r, e), "activity", e->activity, "comment", e->comment,
                  "decided_by", e->decided_by, "state", appr_entry_state_text(r, e), "waiting",
                  e->state == APPR_ENTRY_SUBMITTED, "returned", e->state == APPR_ENTRY_RETURNED);

    if (base && e->state == APPR_ENTRY_SUBMITTED)
        json_object_set_new(vm, "href",
                            json_string(arena_printf(r->arena, "%s/hours/%lld", base, e->id)));
    return vm;
}

json_t *appr_vm_entries(struct req *r, const struct appr_entry *e, size_t n, const char *base)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(list, appr_vm_entry(r, &e[i], base));
    return list;
}

json_t *appr_vm_log_entries(struct req *r, enum appr_record_kind kind, const struct apprentice *p,
                            const struct appr_entry *e, size_t n)
{
    const char *base =
        kind == APPR_RECORD_MINE ? NULL : appr_record_path(r, p->id, kind == APPR_RECORD_ADMIN);
    json_t *list = appr_vm_entries(r, e, n, base);
    size_t i;

    for (i = 0; kind == APPR_RECORD_MINE && p->status == APPR_IN_LEARNING && i < n; i++)
        if (e[i].state == APPR_ENTRY_RETURNED)
            json_object_set_new(
                json_array_get(list, i), "fix_href",
                json_string(arena_printf(r->arena, "/%s/me/apprenticeship/hours/%lld",
                                         r->lang == LANG_CY ? "cy" : "en", e[i].id)));
    return list;
}
