/*
 * mention: finding "@handle" in a post's HTML and linking it (mention.h).
 */
#include "communities/mention.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/sbuf.h"

/* A byte that may be part of a handle: ASCII letters and digits, "_", "-",
 * ".", and UTF-8 letters, that is any multi-byte character except Latin-1's
 * punctuation and symbols (U+0080..U+00BF: C2 xx) and the General
 * Punctuation block (U+2000..U+206F: E2 80 xx, E2 81 xx) where the curly
 * quotes, dashes and the ellipsis live. Returns the bytes it takes at p (0:
 * none). */
static size_t handle_char(const char *p)
{
    unsigned char c = (unsigned char)p[0];

    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '-' || c == '.')
        return 1;
    if (c < 0xC3) /* ASCII punctuation, C2 xx, continuation bytes */
        return 0;
    if (c == 0xE2 && ((unsigned char)p[1] == 0x80 || (unsigned char)p[1] == 0x81))
        return 0;
    {
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, i;

        for (i = 1; i < n; i++)
            if (((unsigned char)p[i] & 0xC0) != 0x80)
                return 0;
        return n;
    }
}

static int tag_is(const char *p, const char *name)
{
    size_t n = strlen(name);

    return !strncmp(p, name, n) && (p[n] == '>' || p[n] == ' ');
}

/* The bytes of an apostrophe at p (ASCII "'" or U+2019 "’", which cmark's
 * smart punctuation makes of it), or 0. */
static size_t apostrophe(const char *p)
{
    if (p[0] == '\'')
        return 1;
    return !strncmp(p, "\xE2\x80\x99", 3) ? 3 : 0;
}

/* A letter or digit (a handle byte but "_", "-" and "."). */
static int name_char(const char *p)
{
    return handle_char(p) > 0 && *p != '_' && *p != '-' && *p != '.';
}

/* The handle starting at p: its length, trailing ".", "-" and "_" left
 * out; 0 when none (or longer than MENTION_HANDLE_MAX). An apostrophe
 * between letters belongs to it ("@O'Brien", "@D’Arcy"), except an
 * English possessive "'s" ending it ("@O’Brien’s post" names O’Brien). */
static size_t handle_at(const char *p)
{
    size_t len = 0, k, q, poss = 0;
    int after_letter = 0;

    for (;;) {
        k = handle_char(p + len);
        if (!k && after_letter && (q = apostrophe(p + len)) > 0 && name_char(p + len + q)) {
            poss = len; /* the last apostrophe */
            k = q;
        }
        if (!k)
            break;
        after_letter = name_char(p + len);
        len += k;
        if (len > MENTION_HANDLE_MAX)
            return 0;
    }
    if (poss && len == poss + apostrophe(p + poss) + 1 && (p[len - 1] == 's' || p[len - 1] == 'S'))
        len = poss;
    while (len > 0 && (p[len - 1] == '.' || p[len - 1] == '-' || p[len - 1] == '_'))
        len--;
    return len;
}

size_t mention_scan(const char *html, struct mention_span *out, size_t max)
{
    const char *p = html;
    int code = 0, link = 0, quote = 0, after_name = 0;
    size_t n = 0, len;

    while (*p && n < max) {
        if (*p == '<') {
            const char *end = strchr(p, '>');

            if (tag_is(p + 1, "code") || tag_is(p + 1, "pre"))
                code++;
            else if ((tag_is(p + 1, "/code") || tag_is(p + 1, "/pre")) && code > 0)
                code--;
            else if (tag_is(p + 1, "a"))
                link++;
            else if (tag_is(p + 1, "/a") && link > 0)
                link--;
            else if (tag_is(p + 1, "blockquote"))
                quote++;
            else if (tag_is(p + 1, "/blockquote") && quote > 0)
                quote--;
            if (!end)
                break;
            p = end + 1;
            after_name = 0;
            continue;
        }
        if (*p == '@' && !after_name && !code && !link && (len = handle_at(p + 1)) > 0) {
            out[n++] = (struct mention_span){ (size_t)(p - html), len, quote > 0 };
            p += 1 + len;
            after_name = 1;
            continue;
        }
        len = handle_char(p);
        after_name = len > 0;
        p += len ? len : 1;
    }
    return n;
}

/* handle with "_" as spaces and each apostrophe as apos, in a. */
static char *name_with(struct arena *a, const char *handle, size_t len, const char *apos)
{
    struct sbuf b;
    size_t i = 0, k;

    sbuf_init(&b, a, len * 3 + 1);
    while (i < len) {
        if ((k = apostrophe(handle + i)) > 0) {
            sbuf_adds(&b, apos);
            i += k;
        } else {
            sbuf_addc(&b, handle[i] == '_' ? ' ' : handle[i]);
            i++;
        }
    }
    sbuf_addc(&b, '\0');
    return sbuf_failed(&b) ? arena_strndup(a, "", 0) : b.buf;
}

char *mention_name(struct arena *a, const char *handle, size_t len)
{
    return name_with(a, handle, len, "'");
}

char *mention_name_curly(struct arena *a, const char *handle, size_t len)
{
    return name_with(a, handle, len, "\xE2\x80\x99");
}

const char *mention_link(struct arena *a, const char *html, const char *const *handles,
                         const char *const *hrefs, size_t n)
{
    struct mention_span spans[64];
    struct sbuf b = SBUF_INIT;
    size_t found, i, j, from = 0;
    int changed = 0;

    if (!n)
        return html;
    found = mention_scan(html, spans, sizeof(spans) / sizeof(spans[0]));
    sbuf_init(&b, a, (size_t)-1 / 2);
    for (i = 0; i < found; i++) {
        const char *h = html + spans[i].at + 1;

        for (j = 0; j < n; j++)
            if (strlen(handles[j]) == spans[i].len && !strncasecmp(handles[j], h, spans[i].len))
                break;
        if (j == n)
            continue;
        sbuf_add(&b, html + from, spans[i].at - from);
        sbuf_adds(&b, "<a rel=\"nofollow ugc noopener\" href=\"");
        sbuf_adds(&b, hrefs[j]);
        sbuf_adds(&b, "\">@");
        sbuf_add(&b, h, spans[i].len);
        sbuf_adds(&b, "</a>");
        from = spans[i].at + 1 + spans[i].len;
        changed = 1;
    }
    if (!changed)
        return html;
    sbuf_adds(&b, html + from);
    return sbuf_failed(&b) ? html : b.buf;
}
