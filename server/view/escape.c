#include "escape.h"

#include <assert.h>
#include <string.h>

#include "core/sbuf.h"

/* Entity for each byte that needs one, NULL for bytes passed through. */
static const char *const html_entity[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

void escape_html(struct sbuf *b, const char *s, size_t len)
{
    size_t i, run = 0;
    const char *ent;

    assert(b);
    assert(s || len == 0);
    if (len == 0)
        return;
    for (i = 0; i < len; i++) {
        ent = html_entity[(unsigned char)s[i]];
        if (!ent)
            continue;
        /* copy the untouched run in one go: most text has no specials */
        sbuf_add(b, s + run, i - run);
        sbuf_adds(b, ent);
        run = i + 1;
    }
    sbuf_add(b, s + run, len - run);
}

static int url_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

void escape_url_component(struct sbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    char pct[3] = { '%', 0, 0 };
    size_t i, run = 0;
    unsigned char c;

    assert(b);
    assert(s || len == 0);
    if (len == 0)
        return;
    for (i = 0; i < len; i++) {
        c = (unsigned char)s[i];
        if (url_unreserved(c))
            continue;
        sbuf_add(b, s + run, i - run);
        pct[1] = hex[c >> 4];
        pct[2] = hex[c & 0xf];
        sbuf_add(b, pct, 3);
        run = i + 1;
    }
    sbuf_add(b, s + run, len - run);
}
