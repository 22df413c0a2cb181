#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cssmin.h"
#include "testing.h"

/* css minified, in a static buffer (the tests are single-threaded). */
static const char *min(const char *css)
{
    static char buf[4096];
    size_t n = strlen(css);

    memcpy(buf, css, n);
    buf[css_minify(buf, n)] = '\0';
    return buf;
}

static void cssmin__comments_and_space_go(void)
{
    CU_ASSERT_STRING_EQUAL(min("/* a */\n.a {\n  color: red;\n  margin: 0 0 1rem;\n}\n"),
                           ".a{color:red;margin:0 0 1rem}");
    CU_ASSERT_STRING_EQUAL(min("a, b  >  c { x: 1 } /* unterminated"), "a,b > c{x:1}");
    CU_ASSERT_STRING_EQUAL(min("@media (min-width: 40em) { .a { b: c; } }"),
                           "@media (min-width:40em){.a{b:c}}");
    CU_ASSERT_STRING_EQUAL(min(""), "");
    CU_ASSERT_STRING_EQUAL(min("  \n\t "), "");
}

static void cssmin__spaces_that_matter_stay(void)
{
    /* a descendant selector, a pseudo-class after a space, calc's operators */
    CU_ASSERT_STRING_EQUAL(min(".a .b :focus{w:calc(1rem + 2px)}"),
                           ".a .b :focus{w:calc(1rem + 2px)}");
    CU_ASSERT_STRING_EQUAL(min("a{color:red !important}"), "a{color:red !important}");
    CU_ASSERT_STRING_EQUAL(min("a{font:1rem/1.5 var(--font)}"), "a{font:1rem/1.5 var(--font)}");
}

static void cssmin__strings_and_urls_are_copied(void)
{
    CU_ASSERT_STRING_EQUAL(min("a::after{content:\"  /* no */ ;  \"}"),
                           "a::after{content:\"  /* no */ ;  \"}");
    CU_ASSERT_STRING_EQUAL(min("a{content:'it\\'s  ;}'}"), "a{content:'it\\'s  ;}'}");
    CU_ASSERT_STRING_EQUAL(min("a{b:url(x/*y*/z.svg) ; }"), "a{b:url(x/*y*/z.svg)}");
    CU_ASSERT_STRING_EQUAL(min("a{b:\"open"), "a{b:\"open");
}

/* The real stylesheet: smaller, the same rules (braces balance the same). */
static void cssmin__the_stylesheet_shrinks(void)
{
    FILE *f = fopen(DYSGU_SOURCE_DIR "/web/static/css/dysgu.css", "rb");
    char *css = malloc(1 << 20);
    size_t n, m, i;
    long open_a = 0, open_b = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(css);
    n = fread(css, 1, (1 << 20) - 1, f);
    fclose(f);
    for (i = 0; i < n; i++)
        open_a += css[i] == '{';
    m = css_minify(css, n);
    for (i = 0; i < m; i++)
        open_b += css[i] == '{';
    CU_ASSERT(m < n * 9 / 10);
    CU_ASSERT_EQUAL(open_a, open_b);
    CU_ASSERT(memchr(css, '\n', m) == NULL);
    /* minifying again changes nothing */
    CU_ASSERT_EQUAL(css_minify(css, m), m);
    free(css);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cssmin__comments_and_space_go", cssmin__comments_and_space_go },
        { "cssmin__spaces_that_matter_stay", cssmin__spaces_that_matter_stay },
        { "cssmin__strings_and_urls_are_copied", cssmin__strings_and_urls_are_copied },
        { "cssmin__the_stylesheet_shrinks", cssmin__the_stylesheet_shrinks },
        { NULL, NULL },
    };
    test_add_suite("http/cssmin", cases);
}
