/*
 * The admin's enrolment form: what was typed, its checks (each problem a
 * field error in the reader's language) and its fields for the page.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "http/req.h"

static const char *const langs[] = { "both", "cy", "en" };

/* A whole number from lo to hi written in digits, or -1. */
static int whole(const char *s, int lo, int hi)
{
    long v = 0;
    size_t i;

    if (!s || !*s || strlen(s) > 3)
        return -1;
    for (i = 0; s[i]; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v >= lo && v <= hi ? (int)v : -1;
}

int appr_tenths(const char *s, int hi)
{
    const char *dot = s ? strpbrk(s, ".,") : NULL;
    char whole_part[4];
    int w, t = 0;

    if (!s || !*s)
        return -1;
    if (dot) {
        if ((size_t)(dot - s) >= sizeof(whole_part) || dot == s ||
            !isdigit((unsigned char)dot[1]) || dot[2])
            return -1;
        memcpy(whole_part, s, (size_t)(dot - s));
        whole_part[dot - s] = '\0';
        t = dot[1] - '0';
    }
    w = whole(dot ? whole_part : s, 0, hi / 10);
    return w < 0 || w * 10 + t > hi ? -1 : w * 10 + t;
}

/* 1 when s is 1 to 16 letters and digits (the ULI's column). */
static int uli_ok(const char *s)
{
    size_t i, n = s ? strlen(s) : 0;

    if (n < 1 || n > 16)
        return 0;
    for (i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return 0;
    return 1;
}

void appr_enrol_read(struct req *r, struct appr_enrol_form *in, struct appr_enrol *out,
                     struct page_errors *err)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    in->email = account_form_value(r, "email");
    in->scheme = account_form_value(r, "scheme");
    in->uli = account_form_value(r, "uli");
    in->postcode = account_form_value(r, "postcode");
    in->weekly_hours = account_form_value(r, "weekly_hours");
    in->otj_target = account_form_value(r, "otj_target");
    in->starts_on = account_form_value(r, "starts_on");
    in->planned_end_on = account_form_value(r, "planned_end_on");
    in->lang = account_form_value(r, "lang");
    in->agreement = account_form_value(r, "agreement");
    out->email_norm =
        account_email_valid(in->email) ? account_email_norm(r->arena, in->email) : NULL;
    if (!out->email_norm)
        page_errors_add(err, "email", "apprenticeships.errors.email");
    if (page_id_parse(in->scheme, &out->scheme_id) || out->scheme_id <= 0)
        page_errors_add(err, "scheme", "apprenticeships.errors.scheme");
    out->uli = in->uli;
    if (!uli_ok(in->uli))
        page_errors_add(err, "uli", "apprenticeships.errors.uli");
    out->postcode = in->postcode;
    if (strlen(in->postcode) > 10)
        page_errors_add(err, "postcode", "apprenticeships.errors.postcode");
    if ((out->weekly_hours = whole(in->weekly_hours, 16, 60)) < 0)
        page_errors_add(err, "weekly_hours", "apprenticeships.errors.weekly_hours");
    if ((out->otj_tenths = appr_tenths(in->otj_target, 400)) < 0)
        page_errors_add(err, "otj_target", "apprenticeships.errors.otj_target");
    out->starts_on = in->starts_on;
    if (!appr_date_valid(in->starts_on))
        page_errors_add(err, "starts_on", "apprenticeships.errors.date");
    out->planned_end_on = in->planned_end_on;
    if (!appr_date_valid(in->planned_end_on) ||
        (appr_date_valid(in->starts_on) && strcmp(in->planned_end_on, in->starts_on) <= 0))
        page_errors_add(err, "planned_end_on", "apprenticeships.errors.planned_end");
    for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
        if (!strcmp(in->lang, langs[i]))
            out->lang = langs[i];
    if (!out->lang)
        page_errors_add(err, "lang", "apprenticeships.errors.lang");
    out->agreement = !strcmp(in->agreement, "1");
}

void appr_vm_enrol_form(struct req *r, json_t *vm, const struct appr_scheme *s, size_t ns,
                        const struct appr_enrol_form *in, const struct page_errors *err)
{
    static const char *const yes[] = { "1" };
    struct page_form form;
    json_t *opts = json_array(), *f;
    size_t i;

    for (i = 0; i < ns; i++) {
        const char *id = arena_printf(r->arena, "%lld", s[i].id);

        json_array_append_new(
            opts, page_option(id, s[i].name[r->lang], in->scheme && !strcmp(in->scheme, id)));
    }
    page_form_init(&form, r, err);
    f = page_field_input(&form, "email", "email", "apprenticeships.enrol.email", in->email);
    page_field_hint(&form, f, "apprenticeships.enrol.email_hint");
    page_field_set(f, "autocomplete", "off");
    page_field_set(f, "spellcheck", "false");
    f = page_field_select(&form, "scheme", "apprenticeships.enrol.scheme",
                          "apprenticeships.enrol.choose", opts);
    page_field_hint(&form, f, "apprenticeships.enrol.scheme_hint");
    f = page_field_input(&form, "uli", "text", "apprenticeships.enrol.uli", in->uli);
    page_field_hint(&form, f, "apprenticeships.enrol.uli_hint");
    page_field_set(f, "maxlength", "16");
    page_field_set(f, "width", "10");
    page_field_set(f, "spellcheck", "false");
    f = page_field_input(&form, "postcode", "text", "apprenticeships.enrol.postcode", in->postcode);
    page_field_set(f, "maxlength", "10");
    page_field_set(f, "width", "10");
    page_field_set(f, "autocomplete", "off");
    f = page_field_input(&form, "weekly_hours", "text", "apprenticeships.record.weekly_hours",
                         in->weekly_hours);
    page_field_hint(&form, f, "apprenticeships.enrol.weekly_hours_hint");
    page_field_set(f, "width", "4");
    f = page_field_input(&form, "otj_target", "text", "apprenticeships.enrol.otj_target",
                         in->otj_target);
    page_field_hint(&form, f, "apprenticeships.enrol.otj_target_hint");
    page_field_set(f, "width", "4");
    f = page_field_input(&form, "starts_on", "date", "apprenticeships.record.starts_on",
                         in->starts_on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    f = page_field_input(&form, "planned_end_on", "date", "apprenticeships.record.planned_end_on",
                         in->planned_end_on);
    page_field_hint(&form, f, "apprenticeships.change.date_hint");
    page_field_choices(
        &form, "lang", "radio", "apprenticeships.record.language",
        page_options(r, "apprenticeships.lang.", langs, 3, NULL, *in->lang ? in->lang : "both"));
    page_field_choices(&form, "agreement", "checkbox", "apprenticeships.record.agreement",
                       page_options(r, "apprenticeships.enrol.agreement_", yes, 1, NULL,
                                    !strcmp(in->agreement, "1") ? "1" : NULL));
    page_form_vm(&form, vm);
}
