/* http/cssmin.h: one pass, writing behind the reading position. */
#define _GNU_SOURCE /* memmem */
#include "http/cssmin.h"

#include <string.h>

/* No space is needed on either side of these. */
static int tight(char c)
{
    return c == '{' || c == '}' || c == ';' || c == ',';
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy a string or url(…) starting at css[*i] (its opening character) up to
 * and including close, a backslash escaping the next character; an
 * unterminated one is copied to the end. */
static size_t copy_until(char *css, size_t len, size_t *i, size_t w, char close)
{
    css[w++] = css[(*i)++];
    while (*i < len) {
        char c = css[(*i)++];

        css[w++] = c;
        if (c == '\\' && *i < len)
            css[w++] = css[(*i)++];
        else if (c == close)
            break;
    }
    return w;
}

size_t css_minify(char *css, size_t len)
{
    size_t i = 0, w = 0;
    int space = 0; /* white space (or a comment) seen since the last output */

    while (i < len) {
        char c = css[i];

        if (blank(c)) {
            space = 1;
            i++;
            continue;
        }
        if (c == '/' && i + 1 < len && css[i + 1] == '*') {
            const char *end = i + 2 < len ? memmem(css + i + 2, len - i - 2, "*/", 2) : NULL;

            i = end ? (size_t)(end - css) + 2 : len;
            space = 1;
            continue;
        }
        if (space && w > 0 && !tight(css[w - 1]) && css[w - 1] != ':' && !tight(c))
            css[w++] = ' ';
        space = 0;
        while (c == '}' && w > 0 && css[w - 1] == ';')
            w--; /* the last declaration needs no ";" */
        if (c == '"' || c == '\'')
            w = copy_until(css, len, &i, w, c);
        else if (c == '(' && w >= 3 && !memcmp(css + w - 3, "url", 3))
            w = copy_until(css, len, &i, w, ')');
        else
            css[w++] = css[i++];
    }
    return w;
}
