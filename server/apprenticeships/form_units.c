/*
 * The units form (a unit an apprentice achieved: its qualification, title,
 * credits and date), each problem a field error in the reader's language;
 * and the qualifications and units for a record page: credits achieved
 * against the framework's minimum, and against each qualification's credits
 * where the reference states them.
 */
#include <stdint.h>
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "http/req.h"
#include "view/i18n.h"

static const char *field(struct req *r, const char *name)
{
    const char *v = req_form(r, name);

    return v ? v : "";
}

void appr_unit_read(struct req *r, struct appr_unit_form *in, struct appr_unit_in *out,
                    struct page_errors *err)
{
    uint32_t credits = 0;

    memset(out, 0, sizeof(*out));
    in->qual = field(r, "unit_qual");
    in->title = field(r, "unit_title");
    in->credits = field(r, "unit_credits");
    in->achieved_on = field(r, "unit_on");
    if (*in->qual && page_id_parse(in->qual, &out->qual_id))
        page_errors_add(err, "unit_qual", "apprenticeships.errors.unit_qual");
    out->title = in->title;
    if (!*in->title || strlen(in->title) > APPR_UNIT_TITLE)
        page_errors_add(err, "unit_title", "apprenticeships.errors.unit_title");
    if (parse_u32(in->credits, strlen(in->credits), APPR_UNIT_CREDITS, &credits) || !credits)
        page_errors_add(err, "unit_credits", "apprenticeships.errors.unit_credits");
    out->credits = (int)credits;
    out->achieved_on = in->achieved_on;
    if (!appr_date_valid(in->achieved_on))
        page_errors_add(err, "unit_on", "apprenticeships.errors.date");
}

static const char *qual_name(struct req *r, const struct appr_qual *q)
{
    return arena_printf(r->arena, "%s (%s %d)", q->name[r->lang],
                        req_t(r, "apprenticeships.col.level"), q->level);
}

json_t *appr_vm_unit_form(struct req *r, const struct appr_qual *q, size_t nq,
                          const struct appr_unit_form *in, const struct page_errors *err)
{
    struct page_form form;
    json_t *opts = json_array(), *f, *vm = json_object();
    size_t i;

    for (i = 0; i < nq; i++) {
        const char *id = arena_printf(r->arena, "%lld", q[i].id);

        json_array_append_new(opts, page_option(id, qual_name(r, &q[i]), !strcmp(in->qual, id)));
    }
    page_form_init(&form, r, err);
    page_field_select(&form, "unit_qual", "apprenticeships.units.qual",
                      "apprenticeships.units.qual_other", opts);
    f = page_field_input(&form, "unit_title", "text", "apprenticeships.units.title", in->title);
    page_field_set(f, "maxlength", "255");
    f = page_field_input(&form, "unit_credits", "text", "apprenticeships.units.credits",
                         in->credits);
    page_field_hint(&form, f, "apprenticeships.units.credits_hint");
    page_field_set(f, "width", "4");
    page_field_set(f, "autocomplete", "off");
    f = page_field_input(&form, "unit_on", "date", "apprenticeships.units.achieved_on",
                         in->achieved_on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    page_form_vm(&form, vm);
    return vm;
}

/* "{done} of {n} credits" and a bar's percentage, for done against n. */
static void progress(struct req *r, json_t *o, int done, int n)
{
    int percent = n > 0 ? done * 100 / n : 0;

    json_object_set_new(
        o, "progress",
        json_string(i18n_format(r->arena, req_t(r, "apprenticeships.record.credits_of"), "done",
                                arena_printf(r->arena, "%d", done), "n",
                                arena_printf(r->arena, "%d", n), NULL)));
    json_object_set_new(o, "percent", json_integer(percent > 100 ? 100 : percent));
}

json_t *appr_vm_quals(struct req *r, const struct appr_qual *q, size_t n)
{
    json_t *list = json_array(), *o;
    size_t i;

    for (i = 0; i < n; i++) {
        o = json_pack("{s:s, s:s, s:s}", "name", qual_name(r, &q[i]), "kind",
                      q[i].kind >= 0 && q[i].kind < APPR_KINDS
                          ? req_t_of(r, "apprenticeships.kind.", appr_kinds[q[i].kind])
                          : req_t(r, "apprenticeships.units.not_recorded"),
                      "achieved",
                      i18n_format(r->arena, req_t(r, "apprenticeships.units.achieved_n"), "n",
                                  arena_printf(r->arena, "%d", q[i].achieved), NULL));
        if (q[i].credits > 0)
            progress(r, o, q[i].achieved, q[i].credits);
        json_array_append_new(list, o);
    }
    return list;
}

json_t *appr_vm_units(struct req *r, const struct appr_unit *u, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:i, s:o, s:s}", "title", u[i].title, "qual",
                                        u[i].qual_id ? u[i].qual[r->lang]
                                                     : req_t(r, "apprenticeships.units.qual_other"),
                                        "credits", u[i].credits, "on",
                                        appr_date_vm(r, u[i].achieved_on), "by", u[i].recorded_by));
    return list;
}
