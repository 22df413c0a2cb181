#include <stdio.h>

#include "http/etag.h"
#include "testing.h"

struct etag_case {
    const char *header;
    const char *etag;
    int want;
};

static const struct etag_case etag_cases[] = {
    { NULL, "\"abc\"", 0 },
    { "", "\"abc\"", 0 },
    { "\"abc\"", "\"abc\"", 1 },
    { "W/\"abc\"", "\"abc\"", 1 }, /* If-None-Match compares weakly */
    { "*", "\"abc\"", 1 },
    { " * ", "\"abc\"", 1 },
    { "\"abd\"", "\"abc\"", 0 },
    { "\"abc-br\"", "\"abc\"", 0 },
    { "\"abc\"", "\"abc-br\"", 0 },
    { "\"ab\"", "\"abc\"", 0 },
    { "\"x\", \"abc\"", "\"abc\"", 1 },
    { "\"x\",\"abc-gzip\" , W/\"abc-br\"", "\"abc-br\"", 1 },
    { "\"x\",\"abc-gzip\" , W/\"abc-br\"", "\"abc-gzip\"", 1 },
    { "\"x\",\"abc-gzip\" , W/\"abc-br\"", "\"abc\"", 0 },
    { ",, \"abc\" ,,", "\"abc\"", 1 },
    /* malformed: reading stops there */
    { "abc", "\"abc\"", 0 },
    { "\"abc", "\"abc\"", 0 },
    { "w/\"abc\"", "\"abc\"", 0 },
    { "\"x\" junk, \"abc\"", "\"abc\"", 0 },
    { "\"a\"bc\"", "\"abc\"", 0 },
    { "\"x y\", \"abc\"", "\"abc\"", 0 }, /* a space is not an etagc */
    { "\"\", \"abc\"", "\"abc\"", 1 },
    { "\"abc\"\"abc\"", "\"abc\"", 1 }, /* the first tag already matched */
    { "\"x\"\"abc\"", "\"abc\"", 0 },
};

static void etag__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(etag_cases) / sizeof(etag_cases[0]); i++) {
        int got = etag_matches(etag_cases[i].header, etag_cases[i].etag);

        CU_ASSERT_EQUAL(got, etag_cases[i].want);
        if (got != etag_cases[i].want)
            fprintf(stderr, "etag case %zu '%s' vs '%s': got %d\n", i,
                    etag_cases[i].header ? etag_cases[i].header : "(null)", etag_cases[i].etag,
                    got);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "etag__table", etag__table },
        { NULL, NULL },
    };
    test_add_suite("http/etag", cases);
}
