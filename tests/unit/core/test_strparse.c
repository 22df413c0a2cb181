#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/strparse.h"
#include "testing.h"

#define L(lit) lit, sizeof(lit) - 1

struct u32_case {
    const char *s;
    size_t len;
    uint32_t max;
    int rc;
    uint32_t value;
};

static const struct u32_case u32_cases[] = {
    { L("0"), 10, 0, 0 },
    { L("7"), 10, 0, 7 },
    { L("10"), 10, 0, 10 },
    { L("11"), 10, -1, 0 }, /* above max */
    { L("4294967295"), UINT32_MAX, 0, UINT32_MAX },
    { L("4294967296"), UINT32_MAX, -1, 0 }, /* 2^32 */
    { L("9999999999"), UINT32_MAX, -1, 0 },
    { L("00000000001"), UINT32_MAX, -1, 0 }, /* 11 digits */
    { L("012"), 100, -1, 0 },                /* leading zero */
    { L("00"), 100, -1, 0 },
    { L(""), 100, -1, 0 },
    { L("+1"), 100, -1, 0 },
    { L("-1"), 100, -1, 0 },
    { L(" 1"), 100, -1, 0 },
    { L("1 "), 100, -1, 0 },
    { L("1a"), 100, -1, 0 },
    { L("0x1"), 100, -1, 0 },
    { L("1\0"), 100, -1, 0 },      /* embedded NUL within len */
    { L("\xd9\xa3"), 100, -1, 0 }, /* ARABIC-INDIC DIGIT THREE */
};

static void strparse__u32_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(u32_cases) / sizeof(u32_cases[0]); i++) {
        const struct u32_case *c = &u32_cases[i];
        uint32_t v = 12345;
        int rc = parse_u32(c->s, c->len, c->max, &v);

        CU_ASSERT_EQUAL(rc, c->rc);
        if (rc != c->rc)
            fprintf(stderr, "parse_u32 case %zu '%s': rc %d\n", i, c->s, rc);
        CU_ASSERT_EQUAL(v, c->rc == 0 ? c->value : 12345u); /* untouched on failure */
    }
    CU_ASSERT_EQUAL(parse_u32(NULL, 0, 10, &(uint32_t){ 0 }), -1);
    CU_ASSERT_EQUAL(parse_u32("12", 1, 10, &(uint32_t){ 0 }), 0); /* reads only len bytes */
}

struct u64_case {
    const char *s;
    size_t len;
    uint64_t max;
    int rc;
    uint64_t value;
};

static const struct u64_case u64_cases[] = {
    { L("0"), 10, 0, 0 },
    { L("9007199254740992"), 1ULL << 53, 0, 1ULL << 53 },
    { L("9007199254740993"), 1ULL << 53, -1, 0 }, /* above max */
    { L("18446744073709551615"), UINT64_MAX, 0, UINT64_MAX },
    { L("18446744073709551616"), UINT64_MAX, -1, 0 }, /* 2^64 would wrap to 0 */
    { L("99999999999999999999"), UINT64_MAX, -1, 0 },
    { L("100000000000000000000"), UINT64_MAX, -1, 0 }, /* 21 digits */
    { L("012"), 100, -1, 0 },
    { L(""), 100, -1, 0 },
    { L("-1"), 100, -1, 0 },
    { L("1 "), 100, -1, 0 },
    { L("1\0"), 100, -1, 0 },
};

static void strparse__u64_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(u64_cases) / sizeof(u64_cases[0]); i++) {
        const struct u64_case *c = &u64_cases[i];
        uint64_t v = 12345;
        int rc = parse_u64(c->s, c->len, c->max, &v);

        CU_ASSERT_EQUAL(rc, c->rc);
        if (rc != c->rc)
            fprintf(stderr, "parse_u64 case %zu '%s': rc %d\n", i, c->s, rc);
        CU_ASSERT(v == (c->rc == 0 ? c->value : 12345u)); /* untouched on failure */
    }
    CU_ASSERT_EQUAL(parse_u64(NULL, 0, 10, &(uint64_t){ 0 }), -1);
}

struct i64_case {
    const char *s;
    size_t len;
    int rc;
    int64_t value;
};

static const struct i64_case i64_cases[] = {
    { L("0"), 0, 0 },
    { L("-0"), 0, 0 },
    { L("42"), 0, 42 },
    { L("-42"), 0, -42 },
    { L("007"), 0, 7 },
    { L("9223372036854775807"), 0, INT64_MAX },
    { L("-9223372036854775808"), 0, INT64_MIN },
    { L("9223372036854775808"), -1, 0 },
    { L("-9223372036854775809"), -1, 0 },
    { L("99999999999999999999"), -1, 0 },
    { L("18446744073709551616"), -1, 0 }, /* 2^64 wraps to 0 if unchecked */
    { L(""), -1, 0 },
    { L("-"), -1, 0 },
    { L("+5"), -1, 0 },
    { L("--5"), -1, 0 },
    { L("5-"), -1, 0 },
    { L(" 5"), -1, 0 },
    { L("1e3"), -1, 0 },
    { L("1.0"), -1, 0 },
};

static void strparse__i64_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(i64_cases) / sizeof(i64_cases[0]); i++) {
        const struct i64_case *c = &i64_cases[i];
        int64_t v = 12345;
        int rc = parse_i64(c->s, c->len, &v);

        CU_ASSERT_EQUAL(rc, c->rc);
        if (rc != c->rc)
            fprintf(stderr, "parse_i64 case %zu '%s': rc %d\n", i, c->s, rc);
        CU_ASSERT(v == (c->rc == 0 ? c->value : 12345));
    }
}

struct slug_case {
    const char *s;
    int ok;
};

static const struct slug_case slug_cases[] = {
    { "cymraeg", 1 },
    { "cymraeg-i-ddechreuwyr", 1 },
    { "a", 1 },
    { "2024-cohort-3", 1 },
    { "", 0 },
    { "-a", 0 },
    { "a-", 0 },
    { "a--b", 0 },
    { "Cymraeg", 0 },
    { "a_b", 0 },
    { "a b", 0 },
    { "a/b", 0 },
    { "..", 0 },
    { "caf\xc3\xa9", 0 },
    { "gw\xc5\xb5r", 0 }, /* ŵ: slugs are ASCII */
    { "01234567890123456789012345678901234567890123456789012345678901234567890123456789", 1 },
    { "012345678901234567890123456789012345678901234567890123456789012345678901234567890", 0 },
};

static void strparse__slug_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(slug_cases) / sizeof(slug_cases[0]); i++) {
        const struct slug_case *c = &slug_cases[i];
        int ok = parse_slug(c->s, strlen(c->s));

        CU_ASSERT_EQUAL(ok, c->ok);
        if (ok != c->ok)
            fprintf(stderr, "parse_slug case %zu '%s': %d\n", i, c->s, ok);
    }
    CU_ASSERT(!parse_slug("ab\0c", 4));
    CU_ASSERT(!parse_slug(NULL, 0));
}

static void strparse__trim_ows(void)
{
    static const struct {
        const char *s, *want;
    } cases[] = {
        { "", "" },    { "a", "a" },       { " a", "a" },    { "a \t", "a" },
        { " \t", "" }, { " a b ", "a b" }, { "\ta\t", "a" }, { "\na\r", "\na\r" },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = strlen(cases[i].s);
        const char *t = parse_trim_ows(cases[i].s, &len);

        CU_ASSERT_EQUAL(len, strlen(cases[i].want));
        CU_ASSERT(!strncmp(t, cases[i].want, len));
        CU_ASSERT(t >= cases[i].s && t + len <= cases[i].s + strlen(cases[i].s));
    }
}

static void strparse__http_url(void)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        { "https://fideo.example/w?a=1&b=2", 1 },
        { "http://example.org", 1 },
        { "https://", 0 },
        { "https:///path", 0 },
        { "javascript:alert(1)", 0 },
        { "ftp://example.org", 0 },
        { "HTTPS://example.org", 0 },
        { "https://exa mple.org", 0 },
        { "https://example.org/\"onmouseover", 0 },
        { "https://example.org/<b>", 0 },
        { "https://enghraifft.cymru/ŵ", 0 },
        { "", 0 },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CU_ASSERT_EQUAL(parse_http_url(cases[i].s, strlen(cases[i].s), 500), cases[i].ok);
    CU_ASSERT(!parse_http_url("https://example.org/abc", 23, 22)); /* longer than max */
    CU_ASSERT(!parse_http_url("https://a\0b", 11, 500));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "strparse__u32_table", strparse__u32_table },
        { "strparse__u64_table", strparse__u64_table },
        { "strparse__i64_table", strparse__i64_table },
        { "strparse__slug_table", strparse__slug_table },
        { "strparse__trim_ows", strparse__trim_ows },
        { "strparse__http_url", strparse__http_url },
        { NULL, NULL },
    };
    test_add_suite("core/strparse", cases);
}
