#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "testing.h"

struct utf8_case {
    const char *s;
    size_t len;
    int valid;
    int text;
    size_t count; /* checked when valid */
};

#define L(lit) lit, sizeof(lit) - 1

static const struct utf8_case utf8_cases[] = {
    { L(""), 1, 1, 0 },
    { L("dysgu"), 1, 1, 5 },
    { L("\xc5\xb5"), 1, 1, 1 },                  /* ŵ U+0175 */
    { L("D\xc5\xb5r a th\xc3\xa2n"), 1, 1, 10 }, /* "Dŵr a thân" */
    { L("\xe1\xba\x81"), 1, 1, 1 },              /* ẁ U+1E81 */
    { L("\xf0\x9f\x8f\xb4"), 1, 1, 1 },          /* U+1F3F4 */
    { L("\xf4\x8f\xbf\xbf"), 1, 1, 1 },          /* U+10FFFF, the last */
    { L("\xef\xbf\xbd"), 1, 1, 1 },              /* U+FFFD */
    { L("\xee\x80\x80"), 1, 1, 1 },              /* U+E000, after surrogates */
    { L("\xed\x9f\xbf"), 1, 1, 1 },              /* U+D7FF, before surrogates */
    { L("a\tb\r\nc"), 1, 1, 6 },
    { L("\x01"), 1, 0, 1 }, /* C0 is UTF-8 but not text */
    { L("\x1b[31m"), 1, 0, 5 },
    { L("del\x7f"), 1, 0, 4 },
    { L("\xc2\x85"), 1, 1, 1 },         /* C1 NEL: text allows it */
    { L("a\0b"), 0, 0, 0 },             /* NUL */
    { L("\xed\xa0\x80"), 0, 0, 0 },     /* surrogate U+D800 */
    { L("\xed\xbf\xbf"), 0, 0, 0 },     /* surrogate U+DFFF */
    { L("\xf4\x90\x80\x80"), 0, 0, 0 }, /* U+110000 */
    { L("\xf5\x80\x80\x80"), 0, 0, 0 },
    { L("\xc0\xaf"), 0, 0, 0 }, /* overlong '/' */
    { L("\xc1\xbf"), 0, 0, 0 },
    { L("\xe0\x80\xaf"), 0, 0, 0 },     /* overlong '/' */
    { L("\xe0\x9f\xbf"), 0, 0, 0 },     /* overlong U+07FF */
    { L("\xf0\x80\x80\xaf"), 0, 0, 0 }, /* overlong '/' */
    { L("\xf0\x8f\xbf\xbf"), 0, 0, 0 }, /* overlong U+FFFF */
    { L("\xc0\x80"), 0, 0, 0 },         /* "modified UTF-8" NUL */
    { L("\xc5"), 0, 0, 0 },             /* truncated */
    { L("\xe1\xba"), 0, 0, 0 },         /* truncated */
    { L("\xf0\x9f\x8f"), 0, 0, 0 },     /* truncated */
    { L("\xc5x"), 0, 0, 0 },            /* bad continuation */
    { L("\xe1\xbax"), 0, 0, 0 },
    { L("\x80"), 0, 0, 0 }, /* lone continuation */
    { L("ab\xbf"), 0, 0, 0 },
    { L("\xff"), 0, 0, 0 },
    { L("\xfe\xff"), 0, 0, 0 },
};

static void utf8__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
        const struct utf8_case *c = &utf8_cases[i];
        int v = utf8_valid(c->s, c->len);
        int t = utf8_valid_text(c->s, c->len);

        CU_ASSERT_EQUAL(v, c->valid);
        CU_ASSERT_EQUAL(t, c->text);
        if (v != c->valid || t != c->text)
            fprintf(stderr, "utf8 case %zu: valid %d text %d\n", i, v, t);
        if (c->valid)
            CU_ASSERT_EQUAL(utf8_count(c->s, c->len), c->count);
    }
}

/* Every one- and two-byte prefix agrees with a straightforward decoder. */
static void utf8__all_two_byte_sequences(void)
{
    unsigned a, b;
    char s[2];

    for (a = 0xc0; a <= 0xdf; a++) {
        for (b = 0; b <= 0xff; b++) {
            int expect = a >= 0xc2 && (b & 0xc0) == 0x80;

            s[0] = (char)a;
            s[1] = (char)b;
            CU_ASSERT_EQUAL(utf8_valid(s, 2), expect);
        }
    }
}

/* Decode by the textbook formula and compare over the whole 3-byte space. */
static void utf8__all_three_byte_leads(void)
{
    unsigned a, b;
    char s[3];

    for (a = 0xe0; a <= 0xef; a++) {
        for (b = 0x80; b <= 0xbf; b++) {
            unsigned cp = ((a & 0x0f) << 12) | ((b & 0x3f) << 6) | 0x01;
            int expect = cp >= 0x800 && !(cp >= 0xd800 && cp <= 0xdfff);

            s[0] = (char)a;
            s[1] = (char)b;
            s[2] = (char)0x81;
            CU_ASSERT_EQUAL(utf8_valid(s, 3), expect);
        }
    }
}

static void utf8__length_is_respected(void)
{
    /* the bytes past len are never read: a valid prefix of an invalid buffer */
    CU_ASSERT(utf8_valid("ab\xff", 2));
    CU_ASSERT(!utf8_valid("\xc5\xb5", 1));
    CU_ASSERT(utf8_valid(NULL, 0));
    CU_ASSERT_EQUAL(utf8_seq_len("\xf0\x9f\x8f\xb4", 4), 4);
    CU_ASSERT_EQUAL(utf8_seq_len("\xf0\x9f\x8f\xb4", 3), 0);
    CU_ASSERT_EQUAL(utf8_seq_len("", 0), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "utf8__table", utf8__table },
        { "utf8__all_two_byte_sequences", utf8__all_two_byte_sequences },
        { "utf8__all_three_byte_leads", utf8__all_three_byte_leads },
        { "utf8__length_is_respected", utf8__length_is_respected },
        { NULL, NULL },
    };
    test_add_suite("core/utf8", cases);
}
