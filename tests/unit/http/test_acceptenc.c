#include <stdio.h>
#include <string.h>

#include "http/acceptenc.h"
#include "testing.h"

#define ALL (CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR))
#define GZ  CODING_BIT(CODING_GZIP)

struct ae_case {
    const char *header;
    unsigned available;
    enum coding want;
};

static const struct ae_case ae_cases[] = {
    /* no header, or an empty one: the plain body */
    { NULL, ALL, CODING_IDENTITY },
    { "", ALL, CODING_IDENTITY },
    { "   ", ALL, CODING_IDENTITY },
    /* what browsers send */
    { "gzip, deflate, br, zstd", ALL, CODING_BR },
    { "gzip, deflate, br", GZ, CODING_GZIP },
    { "gzip, deflate", ALL, CODING_GZIP },
    { "br", ALL, CODING_BR },
    { "gzip", ALL, CODING_GZIP },
    { "br", GZ, CODING_IDENTITY },
    { "x-gzip", ALL, CODING_GZIP },
    { "GZIP", ALL, CODING_GZIP },
    { "Br", ALL, CODING_BR },
    { "deflate", ALL, CODING_IDENTITY },
    { "zstd, compress", ALL, CODING_IDENTITY },
    { "identity", ALL, CODING_IDENTITY },
    /* weights: the highest wins, br before gzip on a tie */
    { "gzip;q=1.0, br;q=0.5", ALL, CODING_GZIP },
    { "gzip;q=0.5, br;q=0.5", ALL, CODING_BR },
    { "br;q=0.001, gzip;q=0.002", ALL, CODING_GZIP },
    { "identity;q=1, gzip;q=0.5", ALL, CODING_IDENTITY },
    { "gzip;q=0.5, identity;q=0.5", ALL, CODING_GZIP },
    { "gzip ; q=0.8 , br ;Q=0.9", ALL, CODING_BR },
    /* q=0 refuses */
    { "br;q=0, gzip", ALL, CODING_GZIP },
    { "br;q=0.000, gzip;q=0.1", ALL, CODING_GZIP },
    { "gzip;q=0", ALL, CODING_IDENTITY },
    { "br;q=0, gzip;q=0", ALL, CODING_IDENTITY },
    { "gzip, br;q=0", ALL, CODING_GZIP },
    /* "*" weighs what is not named */
    { "*", ALL, CODING_BR },
    { "*", GZ, CODING_GZIP },
    { "*;q=0.5", ALL, CODING_BR },
    { "*;q=0", ALL, CODING_IDENTITY }, /* identity refused too, but nothing else is left */
    { "*;q=0, gzip", ALL, CODING_GZIP },
    { "br;q=0, *", ALL, CODING_GZIP },
    { "gzip;q=0.2, *;q=0.5", ALL, CODING_BR },
    { "br;q=0.2, *;q=0.5", ALL, CODING_GZIP },
    { "identity;q=0.9, *;q=0.5", ALL, CODING_IDENTITY },
    { "*;q=0.5, *;q=0", ALL, CODING_BR }, /* the first "*" counts */
    /* a coding named twice keeps its first weight */
    { "gzip;q=0, gzip", ALL, CODING_IDENTITY },
    { "gzip, gzip;q=0", ALL, CODING_GZIP },
    { "x-gzip;q=0, gzip", ALL, CODING_IDENTITY },
    /* malformed elements are ignored, the rest still counts */
    { "br;q=2, gzip", ALL, CODING_GZIP },
    { "br;q=1.001, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;q=0.1234, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;q=-1, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;q=, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;level=5, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;q=0;q=1, gzip;q=0.1", ALL, CODING_GZIP },
    { "br;q=abc, gzip;q=0.1", ALL, CODING_GZIP },
    { "gzip;q=0 x, br", ALL, CODING_BR },
    { "b r, gzip;q=0.1", ALL, CODING_GZIP },
    { "brotli, gzip;q=0.1", ALL, CODING_GZIP },
    { "gzipx", ALL, CODING_IDENTITY },
    { "br;q=0.5", ALL, CODING_BR },
    { ",,,br,,,", ALL, CODING_BR },
    { ";q=1", ALL, CODING_IDENTITY },
    { "\xc5\xb5, gzip", ALL, CODING_GZIP },
    { "\x01\x02\x03", ALL, CODING_IDENTITY },
    { "br\0gzip", ALL, CODING_BR },
    /* a malformed "*" refuses nothing */
    { "*;q=x", ALL, CODING_IDENTITY },
};

static void acceptenc__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(ae_cases) / sizeof(ae_cases[0]); i++) {
        struct acceptenc ae;
        enum coding got;

        acceptenc_parse(ae_cases[i].header, &ae);
        got = acceptenc_choose(&ae, ae_cases[i].available);
        CU_ASSERT_EQUAL(got, ae_cases[i].want);
        if (got != ae_cases[i].want)
            fprintf(stderr, "acceptenc case %zu '%s': got %s\n", i,
                    ae_cases[i].header ? ae_cases[i].header : "(null)", acceptenc_name(got));
    }
}

/* The weights themselves: identity stays acceptable at the lowest weight. */
static void acceptenc__weights(void)
{
    struct acceptenc ae;

    acceptenc_parse(NULL, &ae);
    CU_ASSERT_EQUAL(ae.q[CODING_IDENTITY], 1000);
    CU_ASSERT_EQUAL(ae.q[CODING_GZIP], 0);
    CU_ASSERT_EQUAL(ae.q[CODING_BR], 0);
    acceptenc_parse("gzip;q=0.7, br;q=0.25", &ae);
    CU_ASSERT_EQUAL(ae.q[CODING_IDENTITY], 1);
    CU_ASSERT_EQUAL(ae.q[CODING_GZIP], 700);
    CU_ASSERT_EQUAL(ae.q[CODING_BR], 250);
    acceptenc_parse("identity;q=0, gzip", &ae);
    CU_ASSERT_EQUAL(ae.q[CODING_IDENTITY], 0);
    acceptenc_parse("*;q=0", &ae);
    CU_ASSERT_EQUAL(ae.q[CODING_IDENTITY], 0);
    CU_ASSERT_EQUAL(ae.q[CODING_BR], 0);
    CU_ASSERT_STRING_EQUAL(acceptenc_name(CODING_BR), "br");
    CU_ASSERT_STRING_EQUAL(acceptenc_name(CODING_GZIP), "gzip");
    CU_ASSERT_STRING_EQUAL(acceptenc_name(CODING_IDENTITY), "identity");
}

/* Only the first ACCEPTENC_MAX bytes count, and an element cut there is dropped. */
static void acceptenc__long_header(void)
{
    char h[ACCEPTENC_MAX + 64];
    struct acceptenc ae;
    size_t n;

    /* "deflate," repeated, then "gzip;q=0" across the limit: cut to "gzip"
     * it would accept gzip, so the whole element must be dropped */
    memset(h, 0, sizeof(h));
    for (n = 0; n + 8 <= ACCEPTENC_MAX - 4; n += 8)
        memcpy(h + n, "deflate,", 8);
    memset(h + n, ' ', ACCEPTENC_MAX - 4 - n);
    memcpy(h + ACCEPTENC_MAX - 4, "gzip;q=0", 8);
    acceptenc_parse(h, &ae);
    CU_ASSERT_EQUAL(acceptenc_choose(&ae, ALL), CODING_IDENTITY);
    CU_ASSERT_EQUAL(ae.q[CODING_GZIP], 0);

    /* within the limit it counts; past it nothing is read */
    memset(h, 0, sizeof(h));
    memset(h, ' ', ACCEPTENC_MAX - 4);
    memcpy(h + ACCEPTENC_MAX - 4, "gzip,br", 7);
    acceptenc_parse(h, &ae);
    CU_ASSERT_EQUAL(acceptenc_choose(&ae, ALL), CODING_GZIP);
}

/* Of two codings liked alike, the smaller; a weight still decides first. */
static void acceptenc__smaller_of_equals(void)
{
    size_t len[CODING__MAX] = { 7000, 2300, 3200 };
    unsigned both = CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR);
    struct acceptenc ae;

    acceptenc_parse("gzip, deflate, br", &ae);
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, both, len), CODING_GZIP);
    len[CODING_BR] = 2000;
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, both, len), CODING_BR);
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, CODING_BIT(CODING_GZIP), len), CODING_GZIP);
    acceptenc_parse("br", &ae);
    len[CODING_BR] = 9000;
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, both, len), CODING_BR);
    acceptenc_parse("gzip;q=0.5, br", &ae);
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, both, len), CODING_BR);
    acceptenc_parse(NULL, &ae);
    CU_ASSERT_EQUAL(acceptenc_choose_smaller(&ae, both, len), CODING_IDENTITY);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "acceptenc__table", acceptenc__table },
        { "acceptenc__weights", acceptenc__weights },
        { "acceptenc__long_header", acceptenc__long_header },
        { "acceptenc__smaller_of_equals", acceptenc__smaller_of_equals },
        { NULL, NULL },
    };
    test_add_suite("http/acceptenc", cases);
}
