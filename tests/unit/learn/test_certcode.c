#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "learn/certcode.h"
#include "testing.h"

static int init(void)
{
    return sodium_init() < 0;
}

/* Every character of code is one of the 32 symbols and there are exactly 12. */
static void assert_sane_code(const char *code)
{
    CU_ASSERT_EQUAL(strlen(code), CERTCODE_LEN);
    CU_ASSERT_EQUAL(strspn(code, certcode_alphabet), CERTCODE_LEN);
}

static void certcode__alphabet_is_crockford(void)
{
    CU_ASSERT_STRING_EQUAL(certcode_alphabet, "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    CU_ASSERT_EQUAL(strlen(certcode_alphabet), 32);
    CU_ASSERT_PTR_NULL(strpbrk(certcode_alphabet, "ILOU"));
}

static void certcode__new_codes_are_valid_distinct_and_use_every_symbol(void)
{
    static char seen[2000][CERTCODE_LEN + 1];
    int used[32] = { 0 };
    size_t i, j;

    for (i = 0; i < 2000; i++) {
        char canon[CERTCODE_LEN + 1];

        certcode_new(seen[i]);
        assert_sane_code(seen[i]);
        CU_ASSERT_EQUAL(certcode_normalise(seen[i], canon), 0);
        CU_ASSERT_STRING_EQUAL(canon, seen[i]);
        for (j = 0; j < CERTCODE_LEN; j++)
            used[strchr(certcode_alphabet, seen[i][j]) - certcode_alphabet]++;
    }
    for (i = 1; i < 2000; i++)
        for (j = 0; j < i; j++)
            if (!strcmp(seen[i], seen[j]))
                CU_FAIL("two codes alike in 2000 (60 random bits each)");
    /* 24,000 symbols: each of 32 is expected 750 times; 500 is far outside chance */
    for (i = 0; i < 32; i++)
        CU_ASSERT(used[i] > 500 && used[i] < 1000);
}

struct norm_case {
    const char *in;
    const char *want; /* NULL: refused */
};

static const struct norm_case norm_cases[] = {
    { "7K3MQ9TD2XRB", "7K3MQ9TD2XRB" },
    { "7k3mq9td2xrb", "7K3MQ9TD2XRB" },
    { "7K3M-Q9TD-2XRB", "7K3MQ9TD2XRB" },
    { " 7K3M Q9TD 2XRB ", "7K3MQ9TD2XRB" },
    { "7K3M\tQ9TD--2XRB", "7K3MQ9TD2XRB" },
    { "OOOO-IIII-LLLL", "000011111111" },
    { "oooo-iiii-llll", "000011111111" },
    { "0123456789AB", "0123456789AB" },
    { "CDEFGHJKMNPQ", "CDEFGHJKMNPQ" },
    { "RSTVWXYZ0000", "RSTVWXYZ0000" },
    { "", NULL },
    { "----", NULL },
    { "7K3MQ9TD2XR", NULL },   /* 11 */
    { "7K3MQ9TD2XRBB", NULL }, /* 13 */
    { "7K3MQ9TD2XRU", NULL },  /* U is not a symbol */
    { "7K3MQ9TD2XR!", NULL },
    { "7K3MQ9TD2XR_", NULL },
    { "7K3MQ9TD2XR.", NULL },
    { "7K3MQ9TD2XRŵ", NULL },
    { "7K3MQ9TD2XR\n", NULL },
    { "7K3MQ9TD2XRB7K3MQ9TD2XRB", NULL },
};

static void certcode__normalise_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
        char out[CERTCODE_LEN + 1] = "";
        int rc = certcode_normalise(norm_cases[i].in, out);

        if (norm_cases[i].want) {
            CU_ASSERT_EQUAL(rc, 0);
            CU_ASSERT_STRING_EQUAL(out, norm_cases[i].want);
            assert_sane_code(out);
        } else if (rc != -1) {
            fprintf(stderr, "\n  '%s' was accepted as '%s'\n", norm_cases[i].in, out);
            CU_FAIL("a malformed code was accepted");
        }
    }
    CU_ASSERT_EQUAL(certcode_normalise(NULL, (char[CERTCODE_LEN + 1]){ 0 }), -1);
}

static void certcode__grouped_in_fours(void)
{
    char out[CERTCODE_LEN + 3], back[CERTCODE_LEN + 1];

    certcode_grouped("7K3MQ9TD2XRB", out);
    CU_ASSERT_STRING_EQUAL(out, "7K3M-Q9TD-2XRB");
    CU_ASSERT_EQUAL(certcode_normalise(out, back), 0);
    CU_ASSERT_STRING_EQUAL(back, "7K3MQ9TD2XRB");
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "certcode__alphabet_is_crockford", certcode__alphabet_is_crockford },
        { "certcode__new_codes_are_valid_distinct_and_use_every_symbol",
          certcode__new_codes_are_valid_distinct_and_use_every_symbol },
        { "certcode__normalise_table", certcode__normalise_table },
        { "certcode__grouped_in_fours", certcode__grouped_in_fours },
        { NULL, NULL },
    };
    test_add_suite_with("learn/certcode", cases, init, NULL);
}
