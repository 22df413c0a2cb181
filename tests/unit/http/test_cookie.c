#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/cookie.h"
#include "testing.h"

#define L(lit) lit, sizeof(lit) - 1

static void assert_sane_cookies(const struct kvlist *l)
{
    size_t i;

    CU_ASSERT((l->items == NULL) == (l->n == 0));
    CU_ASSERT(l->n <= COOKIE_MAX);
    for (i = 0; i < l->n; i++) {
        CU_ASSERT(cookie_is_token(l->items[i].key, strlen(l->items[i].key)));
        CU_ASSERT(cookie_is_value(l->items[i].val, l->items[i].val_len));
        CU_ASSERT(strlen(l->items[i].val) == l->items[i].val_len);
    }
}

struct parse_case {
    const char *in;
    size_t len;
    const char *want; /* kept cookies as "k=v|k=v" */
};

static const struct parse_case parse_cases[] = {
    { L(""), "" },
    { L("sid=abc"), "sid=abc" },
    { L("sid=abc; lang=cy"), "sid=abc|lang=cy" },
    { L("sid=abc;lang=cy"), "sid=abc|lang=cy" },
    { L("  sid = abc  ;\tlang=cy ; "), "sid=abc|lang=cy" },
    { L("q=\"quoted\""), "q=quoted" },
    { L("q=\"\""), "q=" },
    { L("q=\"half"), "" }, /* a lone quote is not a cookie-octet */
    { L("q=\"a b\""), "" },
    { L("q=\"; a=1"), "a=1" }, /* one '"' is not a quoted empty value */
    { L("empty="), "empty=" },
    { L("noequals; a=1"), "a=1" },
    { L("=anon; a=1"), "a=1" },
    { L("a b=1; c=2"), "c=2" }, /* name not a token */
    { L("a(b)=1; c=2"), "c=2" },
    { L("a=1 2; c=2"), "c=2" }, /* space inside a value */
    { L("a=x,y; c=2"), "c=2" },
    { L("a=x\\y; c=2"), "c=2" },
    { L("a=caf\xc3\xa9; c=2"), "c=2" }, /* non-ASCII */
    { L("a=\x01; c=2"), "c=2" },
    { L("a=1\0x; c=2"), "c=2" },      /* NUL inside the header */
    { L("a=b=c; d=1"), "a=b=c|d=1" }, /* '=' is a cookie-octet (base64 padding) */
    { L("sid=first; sid=second"), "sid=first" },
    { L("__Host-csrf=t0k3n; lang=en"), "__Host-csrf=t0k3n|lang=en" },
    { L(";;;a=1;;"), "a=1" },
    { L("garbage"), "" },
};

static void join(char *buf, size_t size, const struct kvlist *l)
{
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < l->n && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s=%s", i ? "|" : "", l->items[i].key,
                              l->items[i].val);
}

static void cookie__parse_table(void)
{
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
        const struct parse_case *c = &parse_cases[i];
        struct kvlist l;
        char got[256];
        int n;

        arena_reset(&a);
        n = cookie_parse(&a, c->in, c->len, &l);
        assert_sane_cookies(&l);
        CU_ASSERT_EQUAL(n, (int)l.n);
        join(got, sizeof(got), &l);
        CU_ASSERT_STRING_EQUAL(got, c->want);
        if (strcmp(got, c->want))
            fprintf(stderr, "cookie case %zu: got '%s'\n", i, got);
    }
    arena_release(&a);
}

static void cookie__keeps_at_most_64(void)
{
    struct arena a;
    struct kvlist l;
    char hdr[2048], name[8];
    size_t i, len = 0;

    for (i = 0; i < 100; i++)
        len += (size_t)snprintf(hdr + len, sizeof(hdr) - len, "c%zu=%zu; ", i, i);
    arena_init(&a, 0);
    CU_ASSERT_EQUAL(cookie_parse(&a, hdr, len, &l), COOKIE_MAX);
    assert_sane_cookies(&l);
    CU_ASSERT_STRING_EQUAL(kv_get(&l, "c0"), "0");
    CU_ASSERT_STRING_EQUAL(kv_get(&l, "c63"), "63");
    CU_ASSERT_PTR_NULL(kv_get(&l, "c64"));
    snprintf(name, sizeof(name), "c%d", 99);
    CU_ASSERT_PTR_NULL(kv_get(&l, name));
    CU_ASSERT_EQUAL(cookie_parse(&a, NULL, 0, &l), 0);
    CU_ASSERT(l.items == NULL && l.n == 0);
    arena_release(&a);
}

/* Headers in exact-size heap buffers, so ASan sees any read past len. */
static void cookie__reads_only_len(void)
{
    static const char *const inputs[] = { "q=\"", "q", "q=", "=", " ", "a=1;", "a=\"x\"" };
    struct arena a;
    struct kvlist l;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        size_t len = strlen(inputs[i]);
        char *h = malloc(len);

        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        memcpy(h, inputs[i], len);
        cookie_parse(&a, h, len, &l);
        assert_sane_cookies(&l);
        free(h);
    }
    arena_release(&a);
}

struct format_case {
    const char *name;
    const char *value;
    struct cookie_opts o;
    int use_opts;
    int rc;
    const char *want;
};

static const struct format_case format_cases[] = {
    { "sid", "abc", { 0 }, 0, 0, "Set-Cookie: sid=abc\r\n" },
    { "sid",
      "abc",
      { "/", -1, 1, 1, "Lax" },
      1,
      0,
      "Set-Cookie: sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax\r\n" },
    { "lang",
      "cy",
      { "/", 31536000, 1, 0, "Lax" },
      1,
      0,
      "Set-Cookie: lang=cy; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax\r\n" },
    { "sid",
      "",
      { "/", 0, 1, 1, "Strict" },
      1,
      0,
      "Set-Cookie: sid=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict\r\n" },
    { "__Host-csrf",
      "t0k3n",
      { "/", -1, 1, 1, "Lax" },
      1,
      0,
      "Set-Cookie: __Host-csrf=t0k3n; Path=/; HttpOnly; Secure; SameSite=Lax\r\n" },
    { "__Host-csrf", "t", { "/", -1, 1, 0, "Lax" }, 1, -1, "" },   /* needs Secure */
    { "__Host-csrf", "t", { "/cy", -1, 1, 1, "Lax" }, 1, -1, "" }, /* needs Path=/ */
    { "__Secure-x", "t", { NULL, -1, 0, 0, NULL }, 1, -1, "" },
    { "__Secure-x", "t", { NULL, -1, 0, 1, NULL }, 1, 0, "Set-Cookie: __Secure-x=t; Secure\r\n" },
    { "bad name", "v", { 0 }, 0, -1, "" },
    { "", "v", { 0 }, 0, -1, "" },
    { "a;b", "v", { 0 }, 0, -1, "" },
    { "n", "v;Domain=evil", { 0 }, 0, -1, "" },
    { "n", "v\r\nX-Injected: 1", { 0 }, 0, -1, "" },
    { "n", "a b", { 0 }, 0, -1, "" },
    { "n", "\"q\"", { 0 }, 0, -1, "" },
    { "n", "v", { "/;Domain=evil", -1, 0, 0, NULL }, 1, -1, "" },
    { "n", "v", { "/\r\n", -1, 0, 0, NULL }, 1, -1, "" },
    { "n", "v", { "/", -1, 0, 0, "None" }, 1, -1, "" },
    { "n", "v", { "/", -1, 0, 0, "lax\r\n" }, 1, -1, "" },
};

static void cookie__format_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]); i++) {
        const struct format_case *c = &format_cases[i];
        struct sbuf b = SBUF_INIT;
        int rc = cookie_format(&b, c->name, c->value, c->use_opts ? &c->o : NULL);

        CU_ASSERT_EQUAL(rc, c->rc);
        CU_ASSERT_STRING_EQUAL(b.buf, c->want);
        if (rc != c->rc || strcmp(b.buf, c->want))
            fprintf(stderr, "cookie format case %zu: rc %d '%s'\n", i, rc, b.buf);
        sbuf_release(&b);
    }
}

static void cookie__format_appends_and_respects_max(void)
{
    struct sbuf b = SBUF_INIT;
    struct cookie_opts o = { "/", 0, 1, 0, "Lax" };
    size_t len;

    sbuf_adds(&b, "X: 1\r\n");
    CU_ASSERT_EQUAL(cookie_format(&b, "a", "1", NULL), 0);
    CU_ASSERT_STRING_EQUAL(b.buf, "X: 1\r\nSet-Cookie: a=1\r\n");
    len = b.len;
    b.max = b.len + 20; /* room for "Set-Cookie: lang=cy" but not the rest */
    CU_ASSERT_EQUAL(cookie_format(&b, "lang", "cy", &o), -1);
    CU_ASSERT_EQUAL(b.len, len);
    CU_ASSERT_STRING_EQUAL(b.buf, "X: 1\r\nSet-Cookie: a=1\r\n"); /* no half line */
    sbuf_release(&b);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cookie__parse_table", cookie__parse_table },
        { "cookie__keeps_at_most_64", cookie__keeps_at_most_64 },
        { "cookie__reads_only_len", cookie__reads_only_len },
        { "cookie__format_table", cookie__format_table },
        { "cookie__format_appends_and_respects_max", cookie__format_appends_and_respects_max },
        { NULL, NULL },
    };
    test_add_suite("http/cookie", cases);
}
