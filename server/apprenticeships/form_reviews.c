/*
 * Progress reviews on the page: the reviewer's form (date, rating, notes,
 * agreed actions; each problem a field error in the reader's language), the
 * review list of a record, and the due and overdue list.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/req.h"
#include "mail/mail.h"

static const char *form_text(struct req *r, const char *name)
{
    const char *v = req_form(r, name);

    return v ? v : "";
}

void appr_review_read(struct req *r, struct appr_review_form *in, struct appr_review_in *out,
                      struct page_errors *err)
{
    int i;

    in->held_on = form_text(r, "held_on");
    in->rating = form_text(r, "rating");
    in->notes = form_text(r, "notes");
    in->actions = form_text(r, "actions");
    out->held_on = in->held_on;
    out->notes = in->notes;
    out->actions = in->actions;
    if (!appr_date_valid(in->held_on))
        page_errors_add(err, "held_on", "apprenticeships.errors.date");
    out->rating = -1;
    for (i = 0; i < APPR_RATING__N; i++)
        if (!strcmp(in->rating, appr_ratings[i]))
            out->rating = i;
    if (out->rating < 0)
        page_errors_add(err, "rating", "apprenticeships.errors.rating");
    if (!*in->notes || strlen(in->notes) > APPR_NOTES_MAX)
        page_errors_add(err, "notes", "apprenticeships.errors.notes");
    if (strlen(in->actions) > APPR_NOTES_MAX)
        page_errors_add(err, "actions", "apprenticeships.errors.actions");
    /* the employer's contact: both or neither */
    in->employer_name = form_text(r, "employer_name");
    in->employer_email = form_text(r, "employer_email");
    out->employer_name = in->employer_name;
    out->employer_email = in->employer_email;
    if (!*in->employer_name && !*in->employer_email)
        return;
    if (!*in->employer_name || strlen(in->employer_name) > APPR_EMPLOYER_NAME_MAX ||
        !utf8_valid_text(in->employer_name, strlen(in->employer_name)) ||
        in->employer_name[strcspn(in->employer_name, "\r\n\t")])
        page_errors_add(err, "employer_name", "apprenticeships.signoff.error_employer_name");
    if (!mail_addr_valid(in->employer_email))
        page_errors_add(err, "employer_email", "apprenticeships.signoff.error_employer_email");
}

void appr_vm_review_form(struct req *r, json_t *vm, const struct appr_review_form *in,
                         const struct page_errors *err)
{
    struct page_form form;
    json_t *f;

    page_form_init(&form, r, err);
    f = page_field_input(&form, "held_on", "date", "apprenticeships.review.held_on", in->held_on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    page_field_choices(&form, "rating", "radio", "apprenticeships.review.rating",
                       page_options(r, "apprenticeships.rating.", appr_ratings, APPR_RATING__N,
                                    NULL, *in->rating ? in->rating : NULL));
    f = page_field_textarea(&form, "notes", "apprenticeships.review.notes", in->notes);
    page_field_hint(&form, f, "apprenticeships.review.notes_hint");
    page_field_set(f, "maxlength", "2000");
    f = page_field_textarea(&form, "actions", "apprenticeships.review.actions", in->actions);
    page_field_hint(&form, f, "apprenticeships.review.actions_hint");
    page_field_set(f, "maxlength", "2000");
    f = page_field_input(&form, "employer_name", "text", "apprenticeships.signoff.employer_name",
                         in->employer_name);
    page_field_hint(&form, f, "apprenticeships.signoff.employer_name_hint");
    page_field_set(f, "maxlength", "255");
    f = page_field_input(&form, "employer_email", "email", "apprenticeships.signoff.employer_email",
                         in->employer_email);
    page_field_set(f, "autocomplete", "off");
    page_form_vm(&form, vm);
}

/* The reviews of a record; mine: each not yet signed off gets its sign-off
 * form's action. */
json_t *appr_vm_reviews(struct req *r, const struct appr_review *v, size_t n, int mine)
{
    json_t *list = json_array(), *o;
    size_t i;

    for (i = 0; i < n; i++) {
        int rating = v[i].rating >= 0 && v[i].rating < APPR_RATING__N ? v[i].rating : 0;

        o = json_pack("{s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "on",
                      appr_date_vm(r, v[i].held_on), "reviewer", v[i].reviewer, "notes", v[i].notes,
                      "actions", v[i].actions, "rating",
                      req_t_of(r, "apprenticeships.rating.", appr_ratings[rating]), "next_on",
                      appr_date_vm(r, v[i].next_on), "signed_on", appr_date_vm(r, v[i].signed_on),
                      "red", rating == APPR_RED);
        if (v[i].employer_state > APPR_EMPLOYER_NONE && v[i].employer_state < APPR_EMPLOYER__N)
            json_object_set_new(
                o, "employer",
                json_pack("{s:s, s:s, s:o, s:s, s:b}", "state",
                          req_t(r, arena_printf(r->arena, "apprenticeships.signoff.state_%s",
                                                appr_employer_states[v[i].employer_state])),
                          "name", v[i].employer_name, "on", appr_date_vm(r, v[i].employer_on),
                          "reason", v[i].employer_reason ? v[i].employer_reason : "", "disputed",
                          v[i].employer_state == APPR_EMPLOYER_DISPUTED));
        if (mine && !v[i].signed_on)
            json_object_set_new(
                o, "sign_action",
                json_string(arena_printf(r->arena, "/%s/me/apprenticeship/reviews/%lld/sign",
                                         r->lang == LANG_CY ? "cy" : "en", v[i].id)));
        json_array_append_new(list, o);
    }
    return list;
}

json_t *appr_vm_due(struct req *r, const struct apprentice *p, size_t n, int is_admin)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:i}", "name", p[i].name, "href",
                      appr_record_path(r, p[i].id, is_admin), "scheme", p[i].scheme[r->lang],
                      "next_review", appr_date_vm(r, p[i].next_review_on), "overdue", p[i].overdue,
                      "due_soon", p[i].due_soon && !p[i].overdue, "pending", p[i].otj_pending));
    return list;
}
