#include <stdio.h>
#include <string.h>

#include "testing.h"
#include "view/i18n.h"

/*
 * The gate for the real catalogues: locales/cy.json and locales/en.json
 * must load, pass parity (same keys, kinds and placeholders) and carry the
 * names view/datefmt.c needs.
 */
static void locales__real_catalogues_have_parity(void)
{
    char err[1024] = "";
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));

    if (!t) {
        fprintf(stderr, "\n  %s\n", err);
        CU_FAIL_FATAL("locales/cy.json and locales/en.json do not load with parity");
    }
    i18n_free(t);
}

static void locales__date_names_present(void)
{
    char err[1024] = "", key[32];
    struct i18n *t = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    int i, l;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        for (i = 1; i <= 12; i++) {
            snprintf(key, sizeof(key), "date.month.%d", i);
            if (i18n_text(t, (enum lang)l, key) == key) {
                fprintf(stderr, "\n  %s: missing %s\n", lang_code((enum lang)l), key);
                CU_FAIL("month name missing");
            }
        }
        for (i = 0; i <= 6; i++) {
            snprintf(key, sizeof(key), "date.day.%d", i);
            if (i18n_text(t, (enum lang)l, key) == key) {
                fprintf(stderr, "\n  %s: missing %s\n", lang_code((enum lang)l), key);
                CU_FAIL("day name missing");
            }
        }
    }
    CU_ASSERT_STRING_EQUAL(i18n_text(t, LANG_CY, "date.month.11"), "Tachwedd");
    CU_ASSERT_STRING_EQUAL(i18n_text(t, LANG_EN, "date.month.11"), "November");
    i18n_free(t);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "locales__real_catalogues_have_parity", locales__real_catalogues_have_parity },
        { "locales__date_names_present", locales__date_names_present },
        { NULL, NULL },
    };
    test_add_suite("view/locales", cases);
}
