/*
 * The admin's scheme form (create and edit) and the trainer or mentor form
 * on an apprentice's record: what was typed, its checks (each problem a
 * field error in the reader's language) and their fields for the page.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "core/utf8.h"
#include "http/form.h"
#include "http/req.h"
#include "view/i18n.h"

#define STAFF_PREFIX "staff_"

/* 1 when s holds lo to hi characters. */
static int text_ok(const char *s, size_t lo, size_t hi)
{
    size_t n = utf8_count(s, strlen(s));

    return n >= lo && n <= hi;
}

/* 1 when s is up to APPR_LLWR_MAX letters and digits (an LLWR code). */
static int code_ok(const char *s)
{
    size_t i, n = strlen(s);

    for (i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return 0;
    return n <= APPR_LLWR_MAX;
}

/* The ticked staff_<id> boxes into out->staff; 0, or -1 for a box whose id
 * is not one. */
static int read_staff(struct req *r, struct appr_scheme_in *out)
{
    size_t i, cap = 0, pre = strlen(STAFF_PREFIX);
    long long id;
    int bad = 0;

    for (i = 0; i < r->form.n; i++) {
        const struct kv *f = &r->form.items[i];

        if (strncmp(f->key, STAFF_PREFIX, pre) || strcmp(f->val, "1"))
            continue;
        if (page_id_parse(f->key + pre, &id) || id <= 0 || out->n_staff >= APPR_STAFF_MAX)
            bad = -1;
        else
            arena_push(r->arena, out->staff, out->n_staff, cap, id);
    }
    return bad;
}

void appr_scheme_read(struct req *r, struct appr_scheme_form *in, struct appr_scheme_in *out,
                      const char **add_email, struct page_errors *err)
{
    uint32_t u = 0;

    memset(out, 0, sizeof(*out));
    *add_email = NULL;
    in->name_cy = out->name_cy = account_form_value(r, "name_cy");
    in->name_en = out->name_en = account_form_value(r, "name_en");
    in->framework = account_form_value(r, "framework");
    in->employer = account_form_value(r, "employer");
    in->provider = out->provider = account_form_value(r, "provider");
    in->subcontractor = out->subcontractor = account_form_value(r, "subcontractor");
    in->intake_start = out->intake_start = account_form_value(r, "intake_start");
    in->intake_end = account_form_value(r, "intake_end");
    in->review_weeks = account_form_value(r, "review_weeks");
    in->planned_otj_hours = account_form_value(r, "planned_otj_hours");
    in->llwr_provider = out->llwr_provider = account_form_value(r, "llwr_provider");
    in->llwr_programme = out->llwr_programme = account_form_value(r, "llwr_programme");
    if (!text_ok(in->name_cy, 1, APPR_NAME_MAX))
        page_errors_add(err, "name_cy", "apprenticeships.errors.scheme_name_cy");
    if (!text_ok(in->name_en, 1, APPR_NAME_MAX))
        page_errors_add(err, "name_en", "apprenticeships.errors.scheme_name_en");
    if (page_id_parse(in->framework, &out->framework_id) || out->framework_id <= 0)
        page_errors_add(err, "framework", "apprenticeships.errors.framework");
    if (page_id_parse(in->employer, &out->employer_id) || out->employer_id <= 0)
        page_errors_add(err, "employer", "apprenticeships.errors.employer");
    if (!text_ok(in->provider, 1, APPR_NAME_MAX))
        page_errors_add(err, "provider", "apprenticeships.errors.scheme_provider");
    if (!text_ok(in->subcontractor, 0, APPR_NAME_MAX))
        page_errors_add(err, "subcontractor", "apprenticeships.errors.subcontractor");
    if (!appr_date_valid(in->intake_start))
        page_errors_add(err, "intake_start", "apprenticeships.errors.date");
    out->intake_end = *in->intake_end ? in->intake_end : NULL;
    if (*in->intake_end &&
        (!appr_date_valid(in->intake_end) ||
         (appr_date_valid(in->intake_start) && strcmp(in->intake_end, in->intake_start) < 0)))
        page_errors_add(err, "intake_end", "apprenticeships.errors.intake_end");
    if (parse_u32(in->review_weeks, strlen(in->review_weeks), 52, &u) || !u)
        page_errors_add(err, "review_weeks", "apprenticeships.errors.review_weeks");
    out->review_weeks = (int)u;
    u = 0;
    if (parse_u32(in->planned_otj_hours, strlen(in->planned_otj_hours), 9999, &u))
        page_errors_add(err, "planned_otj_hours", "apprenticeships.errors.planned_otj_hours");
    out->planned_otj_hours = (int)u;
    if (!code_ok(in->llwr_provider))
        page_errors_add(err, "llwr_provider", "apprenticeships.errors.llwr_code");
    if (!code_ok(in->llwr_programme))
        page_errors_add(err, "llwr_programme", "apprenticeships.errors.llwr_code");
    if (read_staff(r, out))
        page_errors_add(err, "staff", "apprenticeships.errors.staff");
    in->add_staff = account_form_value(r, "add_staff");
    if (*in->add_staff && !account_email_valid(in->add_staff))
        page_errors_add(err, "add_staff", "apprenticeships.errors.add_staff_email");
    else if (*in->add_staff)
        *add_email = account_email_norm(r->arena, in->add_staff);
}

/* 1 when id is among ids[0..n). */
static int has_id(const long long *ids, size_t n, long long id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* The staff checkboxes: each person's name and roles, ticked as chosen. */
static json_t *staff_options(struct req *r, const struct appr_person *p, size_t np,
                             const long long *chosen, size_t n_chosen)
{
    json_t *opts = json_array();
    size_t i;

    for (i = 0; i < np; i++) {
        const char *roles = p[i].is_admin && p[i].is_trainer ? "apprenticeships.scheme.role_both"
                            : p[i].is_admin                  ? "apprenticeships.scheme.role_admin"
                                            : "apprenticeships.scheme.role_trainer";
        json_t *o = page_option("1", arena_printf(r->arena, "%s (%s)", p[i].name, req_t(r, roles)),
                                has_id(chosen, n_chosen, p[i].id));

        json_object_set_new(o, "id", json_string(arena_printf(r->arena, "staff-%lld", p[i].id)));
        json_object_set_new(o, "name",
                            json_string(arena_printf(r->arena, STAFF_PREFIX "%lld", p[i].id)));
        json_array_append_new(opts, o);
    }
    return opts;
}

static json_t *text_field(struct page_form *form, const char *id, const char *label,
                          const char *value, const char *maxlength)
{
    json_t *f = page_field_input(form, id, "text", label, value);

    page_field_set(f, "maxlength", maxlength);
    return f;
}

void appr_vm_scheme_form(struct req *r, json_t *vm, const struct appr_scheme_choices *c,
                         const struct appr_scheme_form *in, const struct appr_scheme_in *v,
                         const struct page_errors *err)
{
    struct page_form form;
    json_t *fws = json_array(), *orgs = json_array(), *f;
    size_t i;

    for (i = 0; i < c->n_frameworks; i++) {
        const char *id = arena_printf(r->arena, "%lld", c->frameworks[i].id);

        json_array_append_new(
            fws,
            page_option(id,
                        arena_printf(r->arena, "%s (%s %d)", c->frameworks[i].name[r->lang],
                                     req_t(r, "apprenticeships.col.level"), c->frameworks[i].level),
                        !strcmp(in->framework, id)));
    }
    for (i = 0; i < c->n_orgs; i++) {
        const char *id = arena_printf(r->arena, "%d", c->orgs[i].id);

        json_array_append_new(orgs, page_option(id, c->orgs[i].name, !strcmp(in->employer, id)));
    }
    page_form_init(&form, r, err);
    text_field(&form, "name_cy", "apprenticeships.scheme.name_cy", in->name_cy, "200");
    text_field(&form, "name_en", "apprenticeships.scheme.name_en", in->name_en, "200");
    page_field_select(&form, "framework", "apprenticeships.col.framework",
                      "apprenticeships.scheme.choose_framework", fws);
    page_field_select(&form, "employer", "apprenticeships.col.employer",
                      "apprenticeships.scheme.choose_employer", orgs);
    f = text_field(&form, "provider", "apprenticeships.col.provider", in->provider, "200");
    page_field_hint(&form, f, "apprenticeships.scheme.provider_hint");
    f = text_field(&form, "subcontractor", "apprenticeships.scheme.subcontractor",
                   in->subcontractor, "200");
    page_field_hint(&form, f, "apprenticeships.scheme.optional");
    f = page_field_input(&form, "intake_start", "date", "apprenticeships.scheme.intake_start",
                         in->intake_start);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    f = page_field_input(&form, "intake_end", "date", "apprenticeships.scheme.intake_end",
                         in->intake_end);
    page_field_hint(&form, f, "apprenticeships.scheme.intake_end_hint");
    f = text_field(&form, "review_weeks", "apprenticeships.col.review_weeks", in->review_weeks,
                   "2");
    page_field_hint(&form, f, "apprenticeships.scheme.review_weeks_hint");
    page_field_set(f, "width", "4");
    f = text_field(&form, "planned_otj_hours", "apprenticeships.scheme.planned_otj_hours",
                   in->planned_otj_hours, "4");
    page_field_hint(&form, f, "apprenticeships.scheme.planned_otj_hours_hint");
    page_field_set(f, "width", "4");
    f = text_field(&form, "llwr_provider", "apprenticeships.scheme.llwr_provider",
                   in->llwr_provider, "16");
    page_field_hint(&form, f, "apprenticeships.scheme.llwr_hint");
    page_field_set(f, "width", "10");
    page_field_set(f, "spellcheck", "false");
    f = text_field(&form, "llwr_programme", "apprenticeships.scheme.llwr_programme",
                   in->llwr_programme, "16");
    page_field_hint(&form, f, "apprenticeships.scheme.llwr_hint");
    page_field_set(f, "width", "10");
    page_field_set(f, "spellcheck", "false");
    f = page_field_choices(&form, "staff", "checkbox", "apprenticeships.scheme.staff",
                           staff_options(r, c->people, c->n_people, v->staff, v->n_staff));
    page_field_hint(&form, f, "apprenticeships.scheme.staff_hint");
    f = page_field_input(&form, "add_staff", "email", "apprenticeships.scheme.add_staff",
                         in->add_staff);
    page_field_hint(&form, f, "apprenticeships.scheme.add_staff_hint");
    page_field_set(f, "autocomplete", "off");
    page_field_set(f, "spellcheck", "false");
    page_form_vm(&form, vm);
    json_object_set_new(vm, "has_people", json_boolean(c->n_people > 0));
}

void appr_assign_read(struct req *r, struct appr_assign_form *in, long long *trainer,
                      struct page_errors *err)
{
    in->trainer = account_form_value(r, "trainer");
    in->mentor = account_form_value(r, "mentor");
    *trainer = 0;
    if (*in->trainer && (page_id_parse(in->trainer, trainer) || *trainer <= 0))
        page_errors_add(err, "trainer", "apprenticeships.errors.trainer");
    if (!text_ok(in->mentor, 0, APPR_MENTOR_MAX))
        page_errors_add(err, "mentor", "apprenticeships.errors.mentor");
}

void appr_vm_assign_form(struct req *r, json_t *vm, const struct appr_trainer *t, size_t nt,
                         const struct appr_assign_form *in, const char *find,
                         const struct page_errors *err)
{
    struct page_form form;
    json_t *opts = json_array(), *f;
    size_t i, shown = 0, matches = 0;

    /* the chosen trainer (first, when there is one), then the matches */
    for (i = 0; i < nt; i++) {
        const char *id = arena_printf(r->arena, "%lld", t[i].id);
        int chosen = !strcmp(in->trainer, id);

        matches += !chosen;
        if (!chosen && shown == APPR_FIND_SHOWN)
            continue;
        shown += !chosen;
        json_array_append_new(
            opts,
            page_option(id, arena_printf(r->arena, "%s (%s)", t[i].name, t[i].email), chosen));
    }
    json_array_append_new(
        opts, page_option("", req_t(r, "apprenticeships.assign.no_trainer"), !*in->trainer));
    page_form_init(&form, r, err);
    f = page_field_input(&form, "find", "search", "apprenticeships.assign.find", find);
    page_field_hint(&form, f, "apprenticeships.assign.find_hint");
    page_field_set(f, "autocomplete", "off");
    page_field_set(f, "spellcheck", "false");
    f = page_field_choices(&form, "trainer", "radio", "apprenticeships.assign.trainer", opts);
    page_field_hint(&form, f, "apprenticeships.assign.trainer_hint");
    f = page_field_input(&form, "mentor", "text", "apprenticeships.assign.mentor", in->mentor);
    page_field_hint(&form, f, "apprenticeships.assign.mentor_hint");
    page_field_set(f, "maxlength", "120");
    page_form_vm(&form, vm);
    json_object_set_new(vm, "find", json_string(find));
    if (*find && !matches)
        json_object_set_new(
            vm, "find_note",
            json_string(i18n_format(r->arena, req_t(r, "apprenticeships.assign.find_none"), "q",
                                    find, NULL)));
    else if (matches > APPR_FIND_SHOWN)
        json_object_set_new(
            vm, "find_note",
            json_string(i18n_format(r->arena, req_t(r, "apprenticeships.assign.find_more"), "n",
                                    arena_printf(r->arena, "%d", APPR_FIND_SHOWN), NULL)));
    else
        json_object_set_new(vm, "find_note", json_null());
}
