/*
 * view/markdown.c: cmark with raw HTML off and only http, https, mailto or
 * scheme-less link destinations; headings under the page's h1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fuzz/html_check.h"
#include "core/arena.h"
#include "testing.h"
#include "view/markdown.h"

struct md_case {
    const char *in;
    const char *want;  /* the whole HTML, or NULL */
    const char *has;   /* a part of it, or NULL */
    const char *hasnt; /* must not appear (case-insensitive), or NULL */
};

static const struct md_case cases[] = {
    { "", "", NULL, NULL },
    { "Helo", "<p>Helo</p>\n", NULL, NULL },
    /* raw HTML never passes */
    { "<script>alert(1)</script>", NULL, "raw HTML omitted", "<script" },
    { "a <script>alert(1)</script> b", NULL, NULL, "<script" },
    { "<SCRIPT SRC=//x.example/a.js></SCRIPT>", NULL, NULL, "<script" },
    { "a <img src=x onerror=alert(1)> b", NULL, "<p>a ", "onerror" },
    { "<div onclick=\"alert(1)\">x</div>", NULL, NULL, "onclick" },
    { "<iframe src=\"javascript:alert(1)\"></iframe>", NULL, NULL, "<iframe" },
    { "<style>p{}</style>", NULL, NULL, "<style" },
    { "<!-- a comment -->", NULL, NULL, "a comment" },
    /* text that looks like HTML is escaped */
    { "5 < 6 and <b", NULL, "5 &lt; 6 and &lt;b", NULL },
    { "`<script>`", "<p><code>&lt;script&gt;</code></p>\n", NULL, NULL },
    /* dangerous link destinations: the text stays, the link goes */
    { "[x](javascript:alert(1))", "<p>x</p>\n", NULL, NULL },
    { "[x](JaVaScRiPt:alert(1))", "<p>x</p>\n", NULL, NULL },
    { "[x](jav&#x61;script:alert(1))", "<p>x</p>\n", NULL, NULL },
    { "[x](&#106;avascript&#58;alert(1))", "<p>x</p>\n", NULL, NULL },
    { "[x](&#9;javascript:alert(1))", "<p>x</p>\n", NULL, NULL },
    { "[x](<java\tscript:alert(1)>)", "<p>x</p>\n", NULL, NULL },
    { "[x](vbscript:msgbox)", "<p>x</p>\n", NULL, NULL },
    { "[x](file:///etc/passwd)", "<p>x</p>\n", NULL, NULL },
    { "[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n", NULL, NULL },
    { "![llun](data:image/png;base64,AAAA)", "<p>llun</p>\n", NULL, NULL },
    { "[*a* b](javascript:x)", "<p><em>a</em> b</p>\n", NULL, NULL },
    { "<javascript:alert(1)>", NULL, NULL, "href" },
    { "[![i](javascript:a)](javascript:b)", "<p>i</p>\n", NULL, NULL },
    { "[x]\n\n[x]: javascript:alert(1)", "<p>x</p>\n", NULL, NULL },
    /* found by fuzz_markdown: a relative path saying javascript: */
    { "![i](data\xbaimage/png;basJaVaScRiPt:e74,AA)", "<p>i</p>\n", NULL, NULL },
    { "[q](https://example.org/?q=javascript:x)", "<p>q</p>\n", NULL, NULL },
    /* good links stay */
    { "[Cymru](https://www.llyw.cymru/)", "<p><a href=\"https://www.llyw.cymru/\">Cymru</a></p>\n",
      NULL, NULL },
    { "[a](http://example.org/a?b=c&d=e#f)", NULL, "href=\"http://example.org/a?b=c&amp;d=e#f\"",
      NULL },
    { "[e-bost](mailto:help@example.org)", NULL, "href=\"mailto:help@example.org\"", NULL },
    { "[nesaf](../02)", NULL, "href=\"../02\"", NULL },
    { "[adran](#adran)", NULL, "href=\"#adran\"", NULL },
    { "<https://example.org>", NULL, "href=\"https://example.org\"", NULL },
    { "[t](https://example.org \"a\\\" onmouseover=\\\"x\")", NULL, "title=\"a&quot; onmouseover",
      NULL },
    /* emphasis, nesting, smart punctuation */
    { "***cryf ac italig***", "<p><em><strong>cryf ac italig</strong></em></p>\n", NULL, NULL },
    { "*a **b *c* b** a*", "<p><em>a <strong>b <em>c</em> b</strong> a</em></p>\n", NULL, NULL },
    { "Mae'n braf i'r \"tîm\" -- heddiw", "<p>Mae’n braf i’r “tîm” – heddiw</p>\n", NULL, NULL },
    /* headings go under the page's h1 */
    { "# Un\n\n## Dau\n\n###### Chwech", "<h2>Un</h2>\n<h3>Dau</h3>\n<h6>Chwech</h6>\n", NULL,
      NULL },
    { "## Dau\n\n### Tri", "<h2>Dau</h2>\n<h3>Tri</h3>\n", NULL, NULL },
    /* bytes that are not text */
    { "a\xff\xfe b", "<p>a\xef\xbf\xbd\xef\xbf\xbd b</p>\n", NULL, NULL },
    /* language spans: "[...]{lang=en}" and "{lang=cy}" only, WCAG 3.1.2 */
    { "Mae [user research]{lang=en} yn bwysig",
      "<p>Mae <span lang=\"en\">user research</span> yn bwysig</p>\n", NULL, NULL },
    { "The [Safonau Gwasanaeth Digidol]{lang=cy}.",
      "<p>The <span lang=\"cy\">Safonau Gwasanaeth Digidol</span>.</p>\n", NULL, NULL },
    { "[*user* research]{lang=en}", "<p><span lang=\"en\"><em>user</em> research</span></p>\n",
      NULL, NULL },
    { "[a [b]{lang=cy} c]{lang=en}",
      "<p><span lang=\"en\">a <span lang=\"cy\">b</span> c</span></p>\n", NULL, NULL },
    { "[x] [y]{lang=en} [z]", "<p>[x] <span lang=\"en\">y</span> [z]</p>\n", NULL, NULL },
    { "a [b\nc]{lang=en}", "<p>a <span lang=\"en\">b\nc</span></p>\n", NULL, NULL },
    { "# [Title]{lang=en}", "<h2><span lang=\"en\">Title</span></h2>\n", NULL, NULL },
    { "[[Safonau]{lang=cy}](https://llyw.cymru/)",
      "<p><a href=\"https://llyw.cymru/\"><span lang=\"cy\">Safonau</span></a></p>\n", NULL, NULL },
    { "![[llun]{lang=en}](a.png)", "<p><img src=\"a.png\" alt=\"llun\" /></p>\n", NULL, NULL },
    { "[a]{lang=en}{lang=cy}", "<p><span lang=\"en\">a</span>{lang=cy}</p>\n", NULL, NULL },
    /* anything else stays text */
    { "[x]{lang=fr}", "<p>[x]{lang=fr}</p>\n", NULL, NULL },
    { "[x]{lang=EN}", "<p>[x]{lang=EN}</p>\n", NULL, NULL },
    { "[x]{lang=en onclick=y}", "<p>[x]{lang=en onclick=y}</p>\n", NULL, NULL },
    { "[x]{ lang=en}", "<p>[x]{ lang=en}</p>\n", NULL, NULL },
    { "[x]{lang=\"en\"}", NULL, NULL, "<span" },
    { "[x]{.class lang=en}", NULL, NULL, "<span" },
    { "x]{lang=en}", "<p>x]{lang=en}</p>\n", NULL, NULL },
    { "[a *b]{lang=en}*", "<p>[a <em>b]{lang=en}</em></p>\n", NULL, NULL },
    { "`[x]{lang=en}`", "<p><code>[x]{lang=en}</code></p>\n", NULL, NULL },
    { "[<script>x</script>]{lang=en}", NULL, "<span lang=\"en\"><!-- raw HTML omitted -->",
      "<script" },
    { "[5 < 6 & \"b\"]{lang=en}", "<p><span lang=\"en\">5 &lt; 6 &amp; “b”</span></p>\n", NULL,
      NULL },
    { "[x](javascript:y){lang=en}", "<p>x{lang=en}</p>\n", NULL, NULL },
};

static int has_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return 1;
    return 0;
}

static void markdown__table(void)
{
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct md_case *c = &cases[i];
        const char *html = markdown_html(&a, c->in, strlen(c->in));
        const char *why = html_check(html);
        int ok = !why && (!c->want || !strcmp(html, c->want)) &&
                 (!c->has || strstr(html, c->has)) && (!c->hasnt || !has_nocase(html, c->hasnt));

        if (!ok) {
            fprintf(stderr, "\n  markdown of '%s': got '%s' (%s)\n", c->in, html,
                    why ? why : "safe");
            CU_FAIL("markdown output differs");
        }
    }
    arena_release(&a);
}

static void markdown__nul_and_empty(void)
{
    struct arena a;
    const char *html;

    arena_init(&a, 0);
    html = markdown_html(&a, "a\0b", 3);
    CU_ASSERT_STRING_EQUAL(html, "<p>a\xef\xbf\xbd"
                                 "b</p>\n");
    CU_ASSERT_STRING_EQUAL(markdown_html(&a, NULL, 0), "");
    arena_release(&a);
}

/* Long and deeply nested input renders, safely, in reasonable time. */
static void markdown__long_input(void)
{
    static const char *const units[] = { "*a **b ",  "> ",     "- ", "[x](javascript:y) ",
                                         "<script>", "![[]()", "`",  "\\" };
    struct arena a;
    size_t u, i, n = 20000;
    char *md;

    arena_init(&a, 0);
    for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        size_t ul = strlen(units[u]);
        const char *html, *why;

        md = malloc(ul * n + 2);
        for (i = 0; i < n; i++)
            memcpy(md + i * ul, units[u], ul);
        md[ul * n] = 'z';
        md[ul * n + 1] = '\0';
        html = markdown_html(&a, md, ul * n + 1);
        why = html_check(html);
        if (why)
            fprintf(stderr, "\n  unit '%s': %s\n", units[u], why);
        CU_ASSERT_PTR_NULL(why);
        /* a <script> block runs to </script>: everything in it is omitted */
        CU_ASSERT(strchr(html, 'z') != NULL || !strcmp(units[u], "<script>"));
        free(md);
        arena_reset(&a);
    }
    arena_release(&a);
}

/* Many brackets and spans, nested or in a row, render safely (and in linear
 * time: each text is split once, each node moved into one span). */
static void markdown__many_spans(void)
{
    static const char open[] = "[", close[] = "]{lang=en}", row[] = "[a]{lang=cy} ";
    size_t i, n = 20000, len = 0;
    char *md = malloc(n * (sizeof(open) + sizeof(close) + sizeof(row)) + 2);
    const char *html, *why;
    struct arena a;

    arena_init(&a, 0);
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(md + len, "%s", open);
    md[len++] = 'x';
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(md + len, "%s", close);
    for (i = 0; i < n; i++)
        len += (size_t)sprintf(md + len, "%s", row);
    html = markdown_html(&a, md, len);
    why = html_check(html);
    if (why)
        fprintf(stderr, "\n  many spans: %s\n", why);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT(strstr(html, "<span lang=\"en\"><span lang=\"en\">x</span></span>") != NULL);
    CU_ASSERT(strstr(html, "<span lang=\"cy\">a</span> <span lang=\"cy\">a</span>") != NULL);
    CU_ASSERT(strstr(html, "{lang=") == NULL);
    free(md);
    arena_release(&a);
}

/* The plain text of a post, for search snippets: no markup, spans read as
 * their words, raw HTML dropped, one space between blocks. */
static void markdown__text(void)
{
    static const struct {
        const char *md, *text;
    } texts[] = {
        { "Sut ydych chi'n dod o hyd i **siaradwyr Cymraeg**?",
          "Sut ydych chi\u2019n dod o hyd i siaradwyr Cymraeg?" },
        { "# Pennawd\n\n- un\n- dau `cod`", "Pennawd un dau cod" },
        { "[user research]{lang=en} a [dolen](https://example.org)", "user research a dolen" },
        { "llinell\nnesaf <b>trwm</b>", "llinell nesaf trwm" },
        { "", "" },
    };
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        const char *got = markdown_text(&a, texts[i].md, strlen(texts[i].md));

        if (strcmp(got, texts[i].text))
            fprintf(stderr, "\n  '%s' -> '%s'\n", texts[i].md, got);
        CU_ASSERT_STRING_EQUAL(got, texts[i].text);
    }
    arena_release(&a);
}

/* The checker itself catches what it is meant to (else the fuzzer proves nothing). */
static void markdown__checker_catches(void)
{
    CU_ASSERT_PTR_NOT_NULL(html_check("<p><script>x</script></p>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<p><ScRiPt>x</p>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<img src=\"x\" onerror=\"y\" />"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<a href=\"JAVASCRIPT:x\">a</a>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<a href=\"&#106;avascript&#x3a;x\">a</a>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<a href=\" java&#9;script:x\">a</a>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<a href=\"data:text/html,x\">a</a>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<iframe></iframe>"));
    CU_ASSERT_PTR_NULL(html_check("<p title=\"onclick=x\">onclick=x javascript:</p>"));
    CU_ASSERT_PTR_NULL(html_check("<p><a href=\"https://a.example/\">a</a><!-- x --></p>"));
    /* the language span: exactly <span lang="cy"> or <span lang="en">, closed */
    CU_ASSERT_PTR_NULL(html_check("<p><span lang=\"en\">a <span lang=\"cy\">b</span></span></p>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=\"de\">a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=\"en\" onclick=\"x\">a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=\"en\" class=\"x\">a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span>a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=en>a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<SPAN lang=\"en\">a</SPAN>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<p lang=\"en\">a</p>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=\"en\">a"));
    CU_ASSERT_PTR_NOT_NULL(html_check("a</span>"));
    CU_ASSERT_PTR_NOT_NULL(html_check("<span lang=\"en\">a</span x>"));
}

void test_register(void)
{
    static const struct test_case tests[] = {
        { "markdown__table", markdown__table },
        { "markdown__nul_and_empty", markdown__nul_and_empty },
        { "markdown__long_input", markdown__long_input },
        { "markdown__many_spans", markdown__many_spans },
        { "markdown__text", markdown__text },
        { "markdown__checker_catches", markdown__checker_catches },
        { NULL, NULL },
    };

    test_add_suite("markdown", tests);
}
