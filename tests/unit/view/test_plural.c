#include <limits.h>
#include <stdio.h>

#include "testing.h"
#include "view/i18n.h"

struct plural_case {
    long n;
    enum plural_cat cy, en;
};

/*
 * CLDR cardinal rules (plurals.xml): cy zero n=0, one n=1, two n=2, few n=3,
 * many n=6, other everything else; en one n=1, other everything else. Only
 * exactly 0, 1, 2, 3 and 6 are special in Welsh: 13, 16, 23, 100 are not.
 */
static const struct plural_case cases[] = {
    { 0, PLURAL_ZERO, PLURAL_OTHER },         { 1, PLURAL_ONE, PLURAL_ONE },
    { 2, PLURAL_TWO, PLURAL_OTHER },          { 3, PLURAL_FEW, PLURAL_OTHER },
    { 4, PLURAL_OTHER, PLURAL_OTHER },        { 5, PLURAL_OTHER, PLURAL_OTHER },
    { 6, PLURAL_MANY, PLURAL_OTHER },         { 7, PLURAL_OTHER, PLURAL_OTHER },
    { 8, PLURAL_OTHER, PLURAL_OTHER },        { 9, PLURAL_OTHER, PLURAL_OTHER },
    { 10, PLURAL_OTHER, PLURAL_OTHER },       { 11, PLURAL_OTHER, PLURAL_OTHER },
    { 12, PLURAL_OTHER, PLURAL_OTHER },       { 13, PLURAL_OTHER, PLURAL_OTHER },
    { 14, PLURAL_OTHER, PLURAL_OTHER },       { 15, PLURAL_OTHER, PLURAL_OTHER },
    { 16, PLURAL_OTHER, PLURAL_OTHER },       { 17, PLURAL_OTHER, PLURAL_OTHER },
    { 18, PLURAL_OTHER, PLURAL_OTHER },       { 19, PLURAL_OTHER, PLURAL_OTHER },
    { 20, PLURAL_OTHER, PLURAL_OTHER },       { 21, PLURAL_OTHER, PLURAL_OTHER },
    { 22, PLURAL_OTHER, PLURAL_OTHER },       { 23, PLURAL_OTHER, PLURAL_OTHER },
    { 26, PLURAL_OTHER, PLURAL_OTHER },       { 100, PLURAL_OTHER, PLURAL_OTHER },
    { 101, PLURAL_OTHER, PLURAL_OTHER },      { 102, PLURAL_OTHER, PLURAL_OTHER },
    { 103, PLURAL_OTHER, PLURAL_OTHER },      { 106, PLURAL_OTHER, PLURAL_OTHER },
    { 1000, PLURAL_OTHER, PLURAL_OTHER },     { 1000000, PLURAL_OTHER, PLURAL_OTHER },
    { -1, PLURAL_ONE, PLURAL_ONE },           { -2, PLURAL_TWO, PLURAL_OTHER },
    { -3, PLURAL_FEW, PLURAL_OTHER },         { -6, PLURAL_MANY, PLURAL_OTHER },
    { -7, PLURAL_OTHER, PLURAL_OTHER },       { LONG_MAX, PLURAL_OTHER, PLURAL_OTHER },
    { LONG_MIN, PLURAL_OTHER, PLURAL_OTHER }, { LONG_MIN + 1, PLURAL_OTHER, PLURAL_OTHER },
};

static void plural__cldr_table(void)
{
    enum plural_cat got;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        got = plural_category(LANG_CY, cases[i].n);
        if (got != cases[i].cy) {
            fprintf(stderr, "\n  cy %ld: got %s, want %s\n", cases[i].n, plural_cat_name(got),
                    plural_cat_name(cases[i].cy));
            CU_FAIL("wrong Welsh plural category");
        }
        got = plural_category(LANG_EN, cases[i].n);
        if (got != cases[i].en) {
            fprintf(stderr, "\n  en %ld: got %s, want %s\n", cases[i].n, plural_cat_name(got),
                    plural_cat_name(cases[i].en));
            CU_FAIL("wrong English plural category");
        }
    }
}

/* Over a wide range, English only ever yields one/other and Welsh "other" is the default. */
static void plural__sweep(void)
{
    long n;
    int n_special = 0;

    for (n = -1000; n <= 100000; n++) {
        enum plural_cat en = plural_category(LANG_EN, n);
        enum plural_cat cy = plural_category(LANG_CY, n);

        CU_ASSERT(en == PLURAL_ONE || en == PLURAL_OTHER);
        if (cy != PLURAL_OTHER)
            n_special++;
    }
    /* 0, 1, 2, 3, 6 and their negatives except -0 */
    CU_ASSERT(n_special == 9);
}

static void plural__category_names(void)
{
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_ZERO), "zero");
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_ONE), "one");
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_TWO), "two");
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_FEW), "few");
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_MANY), "many");
    CU_ASSERT_STRING_EQUAL(plural_cat_name(PLURAL_OTHER), "other");
    CU_ASSERT_STRING_EQUAL(plural_cat_name((enum plural_cat)99), "other");
    CU_ASSERT_STRING_EQUAL(plural_cat_name((enum plural_cat) - 1), "other");
}

void test_register(void)
{
    static const struct test_case tests[] = {
        { "plural__cldr_table", plural__cldr_table },
        { "plural__sweep", plural__sweep },
        { "plural__category_names", plural__category_names },
        { NULL, NULL },
    };
    test_add_suite("view/plural", tests);
}
