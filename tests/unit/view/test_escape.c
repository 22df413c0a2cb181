#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "testing.h"
#include "view/escape.h"

struct esc_case {
    const char *in;
    size_t in_len; /* 0: strlen(in) */
    const char *want;
    size_t want_len; /* 0: strlen(want) */
};

static const struct esc_case html_cases[] = {
    { "", 0, "", 0 },
    { "plain text", 0, "plain text", 0 },
    { "&", 0, "&amp;", 0 },
    { "<", 0, "&lt;", 0 },
    { ">", 0, "&gt;", 0 },
    { "\"", 0, "&quot;", 0 },
    { "'", 0, "&#39;", 0 },
    { "`", 0, "`", 0 },
    { "=", 0, "=", 0 },
    { "&<>\"'`=", 0, "&amp;&lt;&gt;&quot;&#39;`=", 0 },
    { "<script>alert(1)</script>", 0, "&lt;script&gt;alert(1)&lt;/script&gt;", 0 },
    { "\" onmouseover=\"x", 0, "&quot; onmouseover=&quot;x", 0 },
    { "&amp;", 0, "&amp;amp;", 0 },
    { "ŵ ŷ â ê î ô û", 0, "ŵ ŷ â ê î ô û", 0 },
    { "Llŷr & Siân", 0, "Llŷr &amp; Siân", 0 },
    { "tab\there\nnewline/slash\\", 0, "tab\there\nnewline/slash\\", 0 },
    { "a<", 0, "a&lt;", 0 },
    { ">a", 0, "&gt;a", 0 },
    { "nul\0<", 5, "nul\0&lt;", 8 },
};

static const struct esc_case url_cases[] = {
    { "", 0, "", 0 },
    { "AZaz09-._~", 0, "AZaz09-._~", 0 },
    { " ", 0, "%20", 0 },
    { "a b+c", 0, "a%20b%2Bc", 0 },
    { "/?#[]@!$&'()*,;=%", 0, "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2C%3B%3D%25", 0 },
    { "ŵ", 0, "%C5%B5", 0 },
    { "Caerdydd & Abertawe", 0, "Caerdydd%20%26%20Abertawe", 0 },
    { "\x01\x7f\xff", 0, "%01%7F%FF", 0 },
    { "nul\0x", 5, "nul%00x", 0 },
    { "<\">", 0, "%3C%22%3E", 0 },
};

static void check(void (*fn)(struct sbuf *, const char *, size_t), const struct esc_case *c)
{
    struct sbuf b = SBUF_INIT;
    size_t len = c->in_len ? c->in_len : strlen(c->in);
    size_t want_len = c->want_len ? c->want_len : strlen(c->want);

    fn(&b, c->in, len);
    CU_ASSERT(b.buf[b.len] == '\0');
    if (b.len != want_len || memcmp(b.buf, c->want, want_len) != 0) {
        fprintf(stderr, "\n  escape of '%s': got '%s', want '%s'\n", c->in, b.buf, c->want);
        CU_FAIL("escaped output differs");
    }
    sbuf_release(&b);
}

static void escape__html_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(html_cases) / sizeof(html_cases[0]); i++)
        check(escape_html, &html_cases[i]);
}

static void escape__url_table(void)
{
    size_t i;

    for (i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++)
        check(escape_url_component, &url_cases[i]);
}

/* Every byte value: only the five specials change, and none survive raw. */
static void escape__html_every_byte(void)
{
    struct sbuf b = SBUF_INIT;
    char c;
    int i;

    for (i = 0; i < 256; i++) {
        c = (char)i;
        sbuf_reset(&b);
        escape_html(&b, &c, 1);
        if (strchr("&<>\"'", c) && c != '\0') {
            CU_ASSERT(b.len > 1 && b.buf[0] == '&' && b.buf[b.len - 1] == ';');
        } else {
            CU_ASSERT(b.len == 1 && b.buf[0] == c);
        }
    }
    sbuf_release(&b);
}

static void escape__url_every_byte(void)
{
    struct sbuf b = SBUF_INIT;
    char c;
    int i;

    for (i = 0; i < 256; i++) {
        c = (char)i;
        sbuf_reset(&b);
        escape_url_component(&b, &c, 1);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c && strchr("-._~", c))) {
            CU_ASSERT(b.len == 1 && b.buf[0] == c);
        } else {
            CU_ASSERT(b.len == 3 && b.buf[0] == '%');
        }
    }
    sbuf_release(&b);
}

static void escape__appends_and_keeps_sticky_error(void)
{
    struct arena a;
    struct sbuf b;

    arena_init(&a, 0);
    sbuf_init(&b, &a, 10);
    sbuf_adds(&b, "x=");
    escape_html(&b, "<", 1);
    CU_ASSERT_STRING_EQUAL(b.buf, "x=&lt;");
    escape_html(&b, "<<", 2);
    CU_ASSERT(sbuf_failed(&b));
    escape_url_component(&b, "a", 1);
    CU_ASSERT(b.len <= 10);
    CU_ASSERT(b.buf[b.len] == '\0');
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "escape__html_table", escape__html_table },
        { "escape__url_table", escape__url_table },
        { "escape__html_every_byte", escape__html_every_byte },
        { "escape__url_every_byte", escape__url_every_byte },
        { "escape__appends_and_keeps_sticky_error", escape__appends_and_keeps_sticky_error },
        { NULL, NULL },
    };
    test_add_suite("view/escape", cases);
}
