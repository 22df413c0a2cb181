#include <stdio.h>
#include <string.h>

#include "core/lang.h"
#include "http/acceptlang.h"
#include "testing.h"

struct al_case {
    const char *header;
    int want;
};

static const struct al_case al_cases[] = {
    { NULL, -1 },
    { "", -1 },
    { "cy", LANG_CY },
    { "CY", LANG_CY },
    { "cy-GB", LANG_CY },
    { "Cy-gb", LANG_CY },
    { "en", LANG_EN },
    { "en-GB", LANG_EN },
    { "en-US", LANG_EN },
    { "cy;q=0.9,en;q=0.8", LANG_CY },
    { "cy;q=0.8,en;q=0.9", LANG_EN },
    { "en-GB,en;q=0.9,cy;q=0.8", LANG_EN },
    { "fr-FR,fr;q=0.9,cy;q=0.5,en;q=0.4", LANG_CY },
    { "fr", -1 },
    { "fr, de;q=0.5", -1 },
    { "*", -1 },
    { "*;q=0.5", -1 },
    { "cy;q=0", -1 },
    { "cy;q=0.000", -1 },
    { "cy;q=0, en;q=0.001", LANG_EN },
    { "en;q=0.5, cy;q=0.5", LANG_EN }, /* tie: the earlier wins */
    { "cy, en", LANG_CY },
    { "en , cy", LANG_EN },
    { "en;q=0.5 , cy ; q=0.6", LANG_CY },
    { "en;Q=0.5,cy;q=0.4", LANG_EN },
    { "cy;q=1", LANG_CY },
    { "cy;q=1.000", LANG_CY },
    { "cy;q=1.", LANG_CY },
    { "en;q=0.5,cy;q=0.", LANG_EN },     /* "0." is q=0: en wins */
    { "cy;q=1.001, en;q=0.1", LANG_EN }, /* q above 1: that range ignored */
    { "cy;q=2, en;q=0.1", LANG_EN },
    { "cy;q=0.1234, en;q=0.1", LANG_EN }, /* 4 decimals */
    { "cy;q=-1, en;q=0.1", LANG_EN },
    { "cy;q=, en;q=0.1", LANG_EN },
    { "cy;q=abc, en;q=0.1", LANG_EN },
    { "cy;q = 0.9, en;q=0.1", LANG_EN },
    { "cy;x=1, en;q=0.1", LANG_EN },
    { "cy;q=0.9;q=0.1, en;q=0.1", LANG_EN },
    { "cy;, en;q=0.1", LANG_EN },
    { "cym", -1 }, /* ISO 639-2 code: not "cy" */
    { "english", -1 },
    { "cy_GB, en;q=0.1", LANG_EN }, /* '_' is malformed */
    { "cy-, en;q=0.1", LANG_EN },
    { "cy-toolongsubtag, en;q=0.1", LANG_EN },
    { "1cy, en;q=0.1", LANG_EN },
    { "cy-419", LANG_CY },
    { ",,,", -1 },
    { ";q=1", -1 },
    { "\xc5\xb5", -1 },
    { "\x01\x02\x03", -1 },
    { "cy\0", LANG_CY },
};

static void acceptlang__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(al_cases) / sizeof(al_cases[0]); i++) {
        int got = acceptlang_pick(al_cases[i].header);

        CU_ASSERT_EQUAL(got, al_cases[i].want);
        if (got != al_cases[i].want)
            fprintf(stderr, "acceptlang case %zu '%s': got %d\n", i,
                    al_cases[i].header ? al_cases[i].header : "(null)", got);
    }
}

/* Only the first ACCEPTLANG_MAX bytes count, and a range cut there is dropped. */
static void acceptlang__long_header(void)
{
    char h[ACCEPTLANG_MAX + 64];
    size_t n;

    /* "fr;q=0.1," repeated, then "cy-GB" across the limit: cut to "cy-G" it would
     * still read as Welsh, so the whole range must be dropped */
    memset(h, 0, sizeof(h));
    for (n = 0; n + 9 <= ACCEPTLANG_MAX - 4; n += 9)
        memcpy(h + n, "fr;q=0.1,", 9);
    memset(h + n, ' ', ACCEPTLANG_MAX - 4 - n);
    memcpy(h + ACCEPTLANG_MAX - 4, "cy-GB", 5);
    CU_ASSERT_EQUAL(strlen(h), ACCEPTLANG_MAX + 1);
    CU_ASSERT_EQUAL(acceptlang_pick(h), -1);

    /* the same header just within the limit works */
    memset(h, 0, sizeof(h));
    memcpy(h, "fr,en;q=0.2,", 12);
    memset(h + 12, ' ', ACCEPTLANG_MAX - 12 - 2);
    memcpy(h + ACCEPTLANG_MAX - 2, "cy", 2);
    CU_ASSERT_EQUAL(strlen(h), ACCEPTLANG_MAX);
    CU_ASSERT_EQUAL(acceptlang_pick(h), LANG_CY);

    /* a range ending exactly at the limit, followed by ',', is complete */
    memcpy(h + ACCEPTLANG_MAX, ",fr", 4);
    CU_ASSERT_EQUAL(acceptlang_pick(h), LANG_CY);
    h[ACCEPTLANG_MAX] = ';'; /* "cy;fr": malformed, and cut off anyway */
    CU_ASSERT_EQUAL(acceptlang_pick(h), LANG_EN);

    /* anything after the limit is never read as a language */
    h[ACCEPTLANG_MAX - 2] = 'x';
    memcpy(h + ACCEPTLANG_MAX, ",cy", 4);
    CU_ASSERT_EQUAL(acceptlang_pick(h), LANG_EN);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "acceptlang__table", acceptlang__table },
        { "acceptlang__long_header", acceptlang__long_header },
        { NULL, NULL },
    };
    test_add_suite("http/acceptlang", cases);
}
