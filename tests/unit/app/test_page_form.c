/*
 * server/app/page_form.c: collecting a form's problems (bounded, the first
 * per field kept) and the one error summary: error_summary, errors.<field>,
 * the "Gwall: " / "Error: " title and status 400, rendered by the real
 * partials/error-summary.html.
 */
#include "app/page_form.h"
#include "page_kit.h"
#include "view/escape.h"

static void errors__first_per_field_and_bounded(void)
{
    struct page_errors e = { .n = 0 };
    char field[PAGE_ERRORS_MAX + 4][8];
    size_t i;

    CU_ASSERT(!page_errors_any(&e) && !page_errors_any(NULL));
    CU_ASSERT_PTR_NULL(page_errors_get(NULL, "email"));
    page_errors_add(&e, "email", "accounts.errors.email_missing");
    page_errors_add(&e, "email", "accounts.errors.email_invalid"); /* a second: dropped */
    page_errors_add(&e, "name", "accounts.errors.name_missing");
    CU_ASSERT(page_errors_any(&e));
    CU_ASSERT_EQUAL(e.n, 2);
    CU_ASSERT_STRING_EQUAL(page_errors_get(&e, "email"), "accounts.errors.email_missing");
    CU_ASSERT_STRING_EQUAL(e.items[1].field, "name");
    CU_ASSERT_PTR_NULL(page_errors_get(&e, "password"));
    for (i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
        snprintf(field[i], sizeof(field[i]), "f%zu", i);
        page_errors_add(&e, field[i], "common.error_title");
    }
    CU_ASSERT_EQUAL(e.n, PAGE_ERRORS_MAX);
    CU_ASSERT_STRING_EQUAL(e.items[PAGE_ERRORS_MAX - 1].field, field[PAGE_ERRORS_MAX - 3]);
}

static void summary__nothing_without_problems(void)
{
    struct page_errors e = { .n = 0 };
    struct req r;
    json_t *vm = json_pack("{s:s}", "page_title", "Cyrsiau");

    kit_req(&r, LANG_CY, "");
    page_errors_vm(&r, vm, NULL);
    page_errors_vm(&r, vm, &e);
    CU_ASSERT_EQUAL(json_object_size(vm), 1);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(vm, "page_title")), "Cyrsiau");
    CU_ASSERT_EQUAL(r.status, 0);
    CU_ASSERT_PTR_NULL(strstr(kit_render(&r, "partials/error-summary", vm), "<"));
    json_decref(vm);
}

static void summary__title_links_messages_and_status(void)
{
    static const struct {
        enum lang lang;
        const char *title, *want_title;
    } cases[] = {
        { LANG_CY, "Cyrsiau", "Gwall: Cyrsiau" },
        { LANG_EN, "Courses (page 2 of 7)", "Error: Courses (page 2 of 7)" },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct page_errors e = { .n = 0 };
        struct req r;
        json_t *vm = json_pack("{s:s}", "page_title", cases[i].title), *items;
        const char *html, *role, *level, *msg;
        struct sbuf want;

        kit_req(&r, cases[i].lang, "");
        page_errors_add(&e, "role", "courses.errors.role_unknown");
        page_errors_add(&e, "level", "courses.errors.level_unknown");
        page_errors_vm(&r, vm, &e);
        CU_ASSERT_EQUAL(r.status, 400);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(vm, "page_title")),
                               cases[i].want_title);
        items = json_object_get(json_object_get(vm, "error_summary"), "items");
        CU_ASSERT_EQUAL_FATAL(json_array_size(items), 2);
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(json_array_get(items, 1), "field")), "level");
        CU_ASSERT_STRING_EQUAL(
            json_string_value(json_object_get(json_object_get(vm, "errors"), "level")),
            i18n_text(kit_app.i18n, cases[i].lang, "courses.errors.level_unknown"));
        html = kit_render(&r, "partials/error-summary", vm);
        role = strstr(html, "<a href=\"#role\">");
        level = strstr(html, "<a href=\"#level\">");
        /* in the order found, each linking to its field, in the reader's language */
        CU_ASSERT(role && level && role < level);
        msg = i18n_text(kit_app.i18n, cases[i].lang, "courses.errors.role_unknown");
        sbuf_init(&want, r.arena, 1024);
        escape_html(&want, msg, strlen(msg));
        CU_ASSERT(strstr(role, want.buf) != NULL);
        CU_ASSERT(strstr(html, "role=\"alert\"") != NULL);
        json_decref(vm);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "errors__first_per_field_and_bounded", errors__first_per_field_and_bounded },
        { "summary__nothing_without_problems", summary__nothing_without_problems },
        { "summary__title_links_messages_and_status", summary__title_links_messages_and_status },
        { NULL, NULL },
    };
    test_add_suite_with("app/page_form", cases, kit_init, kit_clean);
}
