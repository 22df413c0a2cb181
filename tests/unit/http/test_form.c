#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/form.h"
#include "testing.h"

#define L(lit) lit, sizeof(lit) - 1

static void assert_sane_kvlist(const struct kvlist *l)
{
    size_t i;

    CU_ASSERT((l->items == NULL) == (l->n == 0));
    for (i = 0; i < l->n; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(l->items[i].key);
        CU_ASSERT_PTR_NOT_NULL_FATAL(l->items[i].val);
        CU_ASSERT(l->items[i].key[0] != '\0');
        CU_ASSERT(strlen(l->items[i].val) == l->items[i].val_len);
        CU_ASSERT(utf8_valid(l->items[i].key, strlen(l->items[i].key)));
        CU_ASSERT(utf8_valid_text(l->items[i].val, l->items[i].val_len));
    }
}

struct form_case {
    const char *in;
    size_t len;
    unsigned flags;
    enum form_rc rc;
    const char *want; /* FORM_OK: the fields as "k=v|k=v", decoded */
};

static const struct form_case form_cases[] = {
    { L(""), 0, FORM_OK, "" },
    { L("a=1"), 0, FORM_OK, "a=1" },
    { L("a=1&b=2"), 0, FORM_OK, "a=1|b=2" },
    { L("q=bore+da"), 0, FORM_OK, "q=bore da" },
    { L("sum=1%2B1"), 0, FORM_OK, "sum=1+1" },
    { L("x=%2b%2F%3d%26"), 0, FORM_OK, "x=+/=&" },
    { L("enw=D%C5%B5r"), 0, FORM_OK, "enw=D\xc5\xb5r" },
    { L("enw=D\xc5\xb5r"), 0, FORM_OK, "enw=D\xc5\xb5r" }, /* raw UTF-8 too */
    { L("a=b=c"), 0, FORM_OK, "a=b=c" },
    { L("a="), 0, FORM_OK, "a=" },
    { L("flag"), 0, FORM_OK, "flag=" },
    { L("a=1&&b=2"), 0, FORM_OK, "a=1|b=2" },
    { L("&a=1&"), 0, FORM_OK, "a=1" },
    { L("&&&"), 0, FORM_OK, "" },
    { L("msg=line1%0D%0Aline2%09x"), 0, FORM_OK, "msg=line1\r\nline2\tx" },
    { L("a+b=c"), 0, FORM_OK, "a b=c" },
    { L("a=1&a=2"), FORM_ALLOW_DUPLICATES, FORM_OK, "a=1|a=2" },
    { L("a=1&a=2"), 0, FORM_BAD, NULL },
    { L("a=1&%61=2"), 0, FORM_BAD, NULL }, /* duplicate after decoding */
    { L("a=%zz"), 0, FORM_BAD, NULL },
    { L("a=%4"), 0, FORM_BAD, NULL },
    { L("a=%"), 0, FORM_BAD, NULL },
    { L("a=%%41"), 0, FORM_BAD, NULL },
    { L("a=%00"), 0, FORM_BAD, NULL },
    { L("a%00=1"), 0, FORM_BAD, NULL },
    { L("a=1\0zz&b=2"), 0, FORM_BAD, NULL }, /* CVE-2025-9648's body */
    { L("a\0=1"), 0, FORM_BAD, NULL },
    { L("a=1&\0"), 0, FORM_BAD, NULL },
    { L("a=%ff"), 0, FORM_BAD, NULL },
    { L("a=\xff"), 0, FORM_BAD, NULL },
    { L("a=%C0%AF"), 0, FORM_BAD, NULL },    /* overlong '/' */
    { L("a=%ED%A0%80"), 0, FORM_BAD, NULL }, /* surrogate */
    { L("a=%C5"), 0, FORM_BAD, NULL },       /* truncated sequence */
    { L("a=%01"), 0, FORM_BAD, NULL },
    { L("a=%1B"), 0, FORM_BAD, NULL },
    { L("a=%7F"), 0, FORM_BAD, NULL },
    { L("a%09=1"), 0, FORM_BAD, NULL }, /* tab in a key */
    { L("a%0A=1"), 0, FORM_BAD, NULL },
    { L("a%C2%85=1"), 0, FORM_BAD, NULL }, /* C1 NEL in a key */
    { L("=x"), 0, FORM_BAD, NULL },
    { L("="), 0, FORM_BAD, NULL },
    { L("a=1&=2"), 0, FORM_BAD, NULL },
    { L("0123456789012345678901234567890123456789012345678901234567890123=ok"), 0, FORM_OK,
      "0123456789012345678901234567890123456789012345678901234567890123=ok" },
    { L("01234567890123456789012345678901234567890123456789012345678901234=no"), 0, FORM_BAD,
      NULL },
};

static void join(char *buf, size_t size, const struct kvlist *l)
{
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < l->n && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s=%s", i ? "|" : "", l->items[i].key,
                              l->items[i].val);
}

static void form__table(void)
{
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(form_cases) / sizeof(form_cases[0]); i++) {
        const struct form_case *c = &form_cases[i];
        struct kvlist l = { (struct kv *)&l, 99 }; /* garbage: the parser must set it */
        enum form_rc rc;
        char got[256];

        arena_reset(&a);
        rc = form_parse(&a, c->in, c->len, 256, c->flags, &l);
        CU_ASSERT_EQUAL(rc, c->rc);
        if (rc != c->rc)
            fprintf(stderr, "form case %zu: rc %d, want %d\n", i, rc, c->rc);
        assert_sane_kvlist(&l);
        if (c->rc != FORM_OK) {
            CU_ASSERT(l.items == NULL && l.n == 0);
            continue;
        }
        join(got, sizeof(got), &l);
        CU_ASSERT_STRING_EQUAL(got, c->want);
    }
    arena_release(&a);
}

static void form__too_many_pairs(void)
{
    struct arena a;
    struct kvlist l;
    char *body = malloc(10000 * 8);
    size_t i, len = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    for (i = 0; i < 10000; i++)
        len += (size_t)snprintf(body + len, 10000 * 8 - len, "k%zu=v&", i);
    arena_init(&a, 0);
    CU_ASSERT_EQUAL(form_parse(&a, body, len, 256, 0, &l), FORM_TOO_MANY);
    CU_ASSERT(l.items == NULL && l.n == 0);
    CU_ASSERT(a.total == 0); /* refused before decoding anything */
    /* exactly max_fields is fine, one more is not */
    CU_ASSERT_EQUAL(form_parse(&a, L("a=1&b=2&c=3"), 3, 0, &l), FORM_OK);
    CU_ASSERT_EQUAL(l.n, 3);
    CU_ASSERT_EQUAL(form_parse(&a, L("a=1&b=2&c=3&d"), 3, 0, &l), FORM_TOO_MANY);
    /* empty pairs do not count */
    CU_ASSERT_EQUAL(form_parse(&a, L("a=1&&&&b=2&"), 2, 0, &l), FORM_OK);
    arena_release(&a);
    free(body);
}

static void form__get_and_count(void)
{
    struct arena a;
    struct kvlist l;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(form_parse(&a, L("tag=a&x=1&tag=b&tag=c"), 16, FORM_ALLOW_DUPLICATES, &l),
                          FORM_OK);
    CU_ASSERT_STRING_EQUAL(kv_get(&l, "tag"), "a");
    CU_ASSERT_STRING_EQUAL(kv_get(&l, "x"), "1");
    CU_ASSERT_PTR_NULL(kv_get(&l, "y"));
    CU_ASSERT_PTR_NULL(kv_get(&l, "TAG"));
    CU_ASSERT_EQUAL(kv_count(&l, "tag"), 3);
    CU_ASSERT_EQUAL(kv_count(&l, "x"), 1);
    CU_ASSERT_EQUAL(kv_count(&l, "y"), 0);
    CU_ASSERT_EQUAL(form_parse(&a, NULL, 0, 16, 0, &l), FORM_OK);
    CU_ASSERT_PTR_NULL(kv_get(&l, "tag"));
    CU_ASSERT_EQUAL(kv_count(&l, "tag"), 0);
    arena_release(&a);
}

static void form__value_length_and_escapes(void)
{
    struct arena a;
    struct kvlist l;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(form_parse(&a, L("v=%C5%B5%c5%b5"), 4, 0, &l), FORM_OK);
    CU_ASSERT_EQUAL(l.items[0].val_len, 4);
    CU_ASSERT_STRING_EQUAL(l.items[0].val, "\xc5\xb5\xc5\xb5");
    /* decoded once: %2541 is "%41", not "A" */
    CU_ASSERT_EQUAL_FATAL(form_parse(&a, L("v=%2541"), 4, 0, &l), FORM_OK);
    CU_ASSERT_STRING_EQUAL(l.items[0].val, "%41");
    /* only len bytes are read: an escape cut by len is truncated */
    CU_ASSERT_EQUAL(form_parse(&a, "a=%41", 4, 4, 0, &l), FORM_BAD);
    CU_ASSERT_EQUAL(form_parse(&a, "a=%41", 3, 4, 0, &l), FORM_BAD);
    CU_ASSERT_EQUAL_FATAL(form_parse(&a, "a=1&b=\xff", 3, 4, 0, &l), FORM_OK);
    CU_ASSERT_STRING_EQUAL(kv_get(&l, "a"), "1");
    arena_release(&a);
}

/* Bodies in exact-size heap buffers, so ASan sees any read past len. */
static void form__reads_only_len(void)
{
    static const char *const inputs[] = { "a=%4", "a=%", "%", "a", "a=", "=", "&", "a=1&%C5" };
    struct arena a;
    struct kvlist l;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        size_t len = strlen(inputs[i]);
        char *body = malloc(len);

        CU_ASSERT_PTR_NOT_NULL_FATAL(body);
        memcpy(body, inputs[i], len);
        form_parse(&a, body, len, 16, 0, &l);
        assert_sane_kvlist(&l);
        free(body);
    }
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "form__table", form__table },
        { "form__too_many_pairs", form__too_many_pairs },
        { "form__get_and_count", form__get_and_count },
        { "form__value_length_and_escapes", form__value_length_and_escapes },
        { "form__reads_only_len", form__reads_only_len },
        { NULL, NULL },
    };
    test_add_suite("http/form", cases);
}
