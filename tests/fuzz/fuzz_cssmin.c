/*
 * fuzz_cssmin: css_minify() (http/cssmin.c) on any bytes, as the static files
 * are minified when they load. Oracles: the result is never longer than the
 * input, keeps every "{" and "}" that is not inside a comment's bytes only
 * when the input had no comment (then the counts are equal), and minifying
 * the result again changes nothing.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cssmin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count(const char *s, size_t n, char c)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        k += s[i] == c;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *css = malloc(size + 1), *again;
    size_t n, m;

    if (!css)
        return 0;
    memcpy(css, data, size);
    n = css_minify(css, size);
    if (n > size)
        abort();
    if (!memmem(data, size, "/*", 2) &&
        (count(css, n, '{') != count((const char *)data, size, '{') ||
         count(css, n, '}') != count((const char *)data, size, '}')))
        abort();
    again = malloc(n + 1);
    if (!again)
        abort();
    memcpy(again, css, n);
    m = css_minify(again, n);
    if (m != n || memcmp(again, css, n))
        abort();
    free(again);
    free(css);
    return 0;
}
