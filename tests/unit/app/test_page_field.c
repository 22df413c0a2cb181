/*
 * server/app/page_field.c through the real partials/field.html: each kind
 * of field rendered and compared with a golden file in
 * tests/unit/data/page/ (label, hint, error with its hidden prefix,
 * aria-describedby and aria-invalid, the value kept and escaped), plus the
 * options builders. DYSGU_GOLDEN_WRITE=1 rewrites the golden files from
 * what the code renders now (then read the diff).
 */
#include <stdlib.h>

#include "app/page.h"
#include "app/page_field.h"
#include "page_kit.h"

#define GOLDEN DYSGU_SOURCE_DIR "/tests/unit/data/page/"

static struct req kr;
static struct page_errors ke;
static struct page_form kf;

/* A fresh form of a request in lang, the field's problem key (field NULL: none). */
static struct page_form *form_in(enum lang lang, const char *field, const char *key)
{
    kit_req(&kr, lang, "");
    ke.n = 0;
    if (field)
        page_errors_add(&ke, field, key);
    page_form_init(&kf, &kr, &ke);
    return &kf;
}

/* The field id of form rendered by partials/field equals the golden file name.html. */
static void golden(struct page_form *form, const char *id, const char *name)
{
    char path[512];
    const char *got = kit_render(form->r, "partials/field", json_object_get(form->fields, id));
    size_t len = 0;
    char *want;

    snprintf(path, sizeof(path), GOLDEN "%s.html", name);
    if (getenv("DYSGU_GOLDEN_WRITE")) {
        FILE *f = fopen(path, "w");

        CU_ASSERT_FATAL(f != NULL);
        fputs(got, f);
        fputc('\n', f);
        fclose(f);
    }
    want = test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    if (len && want[len - 1] == '\n')
        want[len - 1] = '\0';
    if (strcmp(got, want))
        fprintf(stderr, "\n  %s: got\n%s\n  want\n%s\n", name, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
}

static void input__with_hint_error_and_value_kept(void)
{
    struct page_form *form;
    json_t *f;

    form = form_in(LANG_CY, "email", "accounts.errors.email_invalid");
    f = page_field_input(form, "email", "email", "accounts.fields.email", "sian@\"><b>");
    page_field_hint(form, f, "accounts.register.email_hint");
    page_field_set(f, "autocomplete", "email");
    page_field_set(f, "spellcheck", "false");
    page_field_set(f, "autocapitalize", "none");
    golden(form, "email", "input-hint-error");
    CU_ASSERT_EQUAL(form->r->status, 0); /* the status is page_form_vm's business */
}

static void input__password_never_shows_a_value(void)
{
    struct page_form *form;
    json_t *f;

    form = form_in(LANG_EN, NULL, NULL);
    f = page_field_input(form, "password", "password", "accounts.fields.password", NULL);
    page_field_set(f, "autocomplete", "current-password");
    golden(form, "password", "input-password");
}

static void input__search_with_width_and_error_but_no_hint(void)
{
    struct page_form *form;
    json_t *f;

    form = form_in(LANG_EN, "q", "admin.users.errors.q_too_long");
    f = page_field_input(form, "q", "search", "admin.users.search_label", "");
    page_field_set(f, "width", "30");
    page_field_set(f, "maxlength", "100");
    golden(form, "q", "input-search-error");
}

static void select__any_and_counts(void)
{
    static const char *const codes[] = { "awareness", "working", "practitioner" };
    static const long long counts[] = { 4, 0, 12 };
    struct page_form *form;
    json_t *opts;

    form = form_in(LANG_CY, "level", "courses.errors.level_unknown");
    opts = page_options(form->r, "courses.level.", codes, 3, counts, "practitioner");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(opts, 0), "label")),
                           i18n_format(form->r->arena, "{l} (4)", "l",
                                       i18n_text(kit_app.i18n, LANG_CY, "courses.level.awareness"),
                                       NULL));
    page_field_select(form, "level", "courses.filters.level", "courses.filters.level_any", opts);
    golden(form, "level", "select-counts-error");
}

static void select__without_counts_or_any(void)
{
    static const char *const states[] = { "active", "disabled" };
    struct page_form *form;

    form = form_in(LANG_EN, NULL, NULL);
    page_field_select(form, "status", "admin.users.status_label", NULL,
                      page_options(form->r, "admin.status.", states, 2, NULL, NULL));
    golden(form, "status", "select-plain");
}

static void radios__ids_from_values_and_the_error_at_the_first(void)
{
    struct page_form *form;
    json_t *opts = json_array(), *o, *f;

    form = form_in(LANG_EN, "lang", "accounts.errors.lang_missing");
    o = page_option("cy", "Cymraeg", 0);
    json_object_set_new(o, "lang", json_string("cy"));
    json_array_append_new(opts, o);
    json_array_append_new(opts, page_option("en", "English", 1));
    f = page_field_choices(form, "lang", "radio", "accounts.fields.lang", opts);
    page_field_hint(form, f, "accounts.fields.lang_hint");
    page_field_set(f, "required", "required");
    golden(form, "lang", "radios-hint-error");
}

static void checkboxes__own_ids_and_names_and_an_error_at_any(void)
{
    static const char *const roles[] = { "learner", "admin" };
    struct page_form *form;
    json_t *opts = json_array();
    size_t i;

    form = form_in(LANG_CY, "role-admin", "admin.user.errors.own_admin");
    for (i = 0; i < 2; i++) {
        json_t *o = page_option("1", roles[i], i == 0);

        json_object_set_new(o, "id",
                            json_string(arena_printf(form->r->arena, "role-%s", roles[i])));
        json_object_set_new(o, "name",
                            json_string(arena_printf(form->r->arena, "role_%s", roles[i])));
        json_array_append_new(opts, o);
    }
    page_field_choices(form, "roles", "checkbox", "admin.user.roles_legend", opts);
    golden(form, "roles", "checkboxes-error");
}

static void choices__label_html_from_a_fragment(void)
{
    struct page_form *form;
    json_t *cohort =
        json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "date", "Dydd Mercher 1 Gorffennaf", "time",
                  "09:30 i 16:30", "location", "Caerdydd <Canol>", "session_lang", "Cymraeg",
                  "full", 0, "seats", "2 le ar ôl");
    json_t *o = page_option("33", "Dydd Mercher 1 Gorffennaf, Caerdydd", 1), *opts = json_array();
    const char *html;

    form = form_in(LANG_CY, NULL, NULL);
    html = page_fragment(form->r, "course/cohort-label", cohort);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT(strstr(html, "Caerdydd &lt;Canol&gt;") != NULL); /* escaped by the template */
    json_object_set_new(o, "label_html", json_string(html));
    json_array_append_new(opts, o);
    page_field_choices(form, "cohort", "radio", "enrol.choose_legend", opts);
    golden(form, "cohort", "radios-label-html");
    json_decref(cohort);
}

static void textarea__value_escaped_and_error(void)
{
    struct page_form *form;
    json_t *f;

    form = form_in(LANG_EN, "about", "accounts.errors.text_invalid");
    f = page_field_textarea(form, "about", "accounts.fields.name", "line one\n</textarea><b>");
    page_field_set(f, "rows", "5");
    golden(form, "about", "textarea-error");
}

static void form__vm_gives_fields_and_summary(void)
{
    struct page_form *form;
    json_t *vm;

    form = form_in(LANG_EN, "name", "accounts.errors.name_missing");
    page_field_input(form, "name", "text", "accounts.fields.name", "");
    page_field_input(form, "email", "email", "accounts.fields.email", "a@b.cymru");
    vm = json_pack("{s:s}", "page_title", "Register");
    page_form_vm(form, vm);
    CU_ASSERT_EQUAL(form->r->status, 400);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(vm, "page_title")), "Error: Register");
    CU_ASSERT(json_is_string(
        json_object_get(json_object_get(json_object_get(vm, "fields"), "name"), "error")));
    CU_ASSERT(json_is_null(
        json_object_get(json_object_get(json_object_get(vm, "fields"), "email"), "error")));
    json_decref(vm);
}

/* req_t_of: prefix and code as one key; a missing key comes back as the key,
 * a copy that outlives the call (its own key buffer is on its stack). */
static void text__of_a_prefix_and_a_code(void)
{
    char code[200];
    const char *t;
    struct req r;

    kit_req(&r, LANG_CY, "");
    CU_ASSERT_STRING_EQUAL(req_t_of(&r, "courses.level.", "awareness"),
                           req_t(&r, "courses.level.awareness"));
    CU_ASSERT_STRING_NOT_EQUAL(req_t(&r, "courses.level.awareness"), "courses.level.awareness");
    t = req_t_of(&r, "courses.level.", "nothing-so-named");
    req_t_of(&r, "courses.format.", "another-one"); /* its key where the first's was */
    CU_ASSERT_STRING_EQUAL(t, "courses.level.nothing-so-named");
    CU_ASSERT_STRING_EQUAL(req_t_of(&r, "courses.level.", NULL), "courses.level.");
    memset(code, 'x', sizeof(code) - 1);
    code[sizeof(code) - 1] = '\0';
    t = req_t_of(&r, "courses.level.", code);
    CU_ASSERT(strlen(t) == strlen("courses.level.") + sizeof(code) - 1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "input__with_hint_error_and_value_kept", input__with_hint_error_and_value_kept },
        { "input__password_never_shows_a_value", input__password_never_shows_a_value },
        { "input__search_with_width_and_error_but_no_hint",
          input__search_with_width_and_error_but_no_hint },
        { "select__any_and_counts", select__any_and_counts },
        { "select__without_counts_or_any", select__without_counts_or_any },
        { "radios__ids_from_values_and_the_error_at_the_first",
          radios__ids_from_values_and_the_error_at_the_first },
        { "checkboxes__own_ids_and_names_and_an_error_at_any",
          checkboxes__own_ids_and_names_and_an_error_at_any },
        { "choices__label_html_from_a_fragment", choices__label_html_from_a_fragment },
        { "textarea__value_escaped_and_error", textarea__value_escaped_and_error },
        { "form__vm_gives_fields_and_summary", form__vm_gives_fields_and_summary },
        { "text__of_a_prefix_and_a_code", text__of_a_prefix_and_a_code },
        { NULL, NULL },
    };
    test_add_suite_with("app/page_field", cases, kit_init, kit_clean);
}
