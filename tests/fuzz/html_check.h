/*
 * html_check: an independent check that HTML from markdown_html() is safe to
 * embed, shared by tests/fuzz/fuzz_markdown.c and
 * tests/unit/view/test_markdown.c. Header-only (static inline): the fuzz
 * targets link only dysgu_core.
 *
 * Safe means: every tag is one cmark writes for CommonMark (so no <script>,
 * <iframe>, <style>...), no attribute name starts with "on", and no href or
 * src value, read as a browser would (entities decoded, tabs and newlines
 * dropped, leading spaces and controls trimmed, any case), starts with
 * javascript:, vbscript: or data:, or contains "javascript:" at all.
 *
 * The one tag of our own, the language span, is exactly <span lang="cy"> or
 * <span lang="en">: a span with any other attribute, value or spelling, a
 * lang attribute on any other tag, a </span> without its <span> or a <span>
 * left open, fail.
 */
#pragma once

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether p starts with lit (exactly, or in any ASCII case). Never reads past
 * p's NUL, and costs lit's length, not p's: str(n)cmp on a pointer into a
 * long page is O(rest of the page) under ASan's strict_string_checks, which
 * made a check of a 1 MB page quadratic (84 s in the unit test). */
static inline int html_check_starts(const char *p, const char *lit)
{
    for (; *lit; p++, lit++)
        if (*p != *lit)
            return 0;
    return 1;
}

static inline int html_check_istarts(const char *p, const char *lit)
{
    for (; *lit; p++, lit++)
        if (tolower((unsigned char)*p) != tolower((unsigned char)*lit))
            return 0;
    return 1;
}

static const char *const html_check_tags[] = {
    "p",  "a",  "img", "em", "strong", "code", "pre", "h1",         "h2",   "h3", "h4",
    "h5", "h6", "ul",  "ol", "li",     "hr",   "br",  "blockquote", "span", NULL,
};

static inline int html_check_tag_ok(const char *name, size_t n)
{
    size_t i;

    for (i = 0; html_check_tags[i]; i++)
        if (strlen(html_check_tags[i]) == n && html_check_istarts(name, html_check_tags[i]))
            return 1;
    return 0;
}

/* Decode v[0..n) as a browser reads an attribute value for a URL: entities
 * (&amp; &#NN; &#xNN; &quot; &lt; &gt; &apos;) decoded, tab/LF/CR removed,
 * lowercased. Into out (cap bytes, truncated). */
static inline void html_check_url_text(const char *v, size_t n, char *out, size_t cap)
{
    size_t i = 0, o = 0;

    while (i < n && o + 1 < cap) {
        unsigned long c = (unsigned char)v[i];

        if (v[i] == '&') {
            size_t semi = i + 1;

            while (semi < n && semi - i < 12 && v[semi] != ';')
                semi++;
            if (semi < n && v[semi] == ';') {
                const char *e = v + i + 1;
                size_t el = semi - i - 1;

                if (el > 1 && e[0] == '#' && (e[1] == 'x' || e[1] == 'X'))
                    c = strtoul(e + 2, NULL, 16);
                else if (el > 0 && e[0] == '#')
                    c = strtoul(e + 1, NULL, 10);
                else if (el == 3 && !strncmp(e, "amp", 3))
                    c = '&';
                else if (el == 4 && !strncmp(e, "quot", 4))
                    c = '"';
                else if (el == 4 && !strncmp(e, "apos", 4))
                    c = '\'';
                else if (el == 2 && !strncmp(e, "lt", 2))
                    c = '<';
                else if (el == 2 && !strncmp(e, "gt", 2))
                    c = '>';
                else if (el == 5 && !strncmp(e, "colon", 5))
                    c = ':';
                i = semi;
            }
        }
        i++;
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (o == 0 && c <= ' ')
            continue;
        out[o++] = (char)(c < 128 ? tolower((int)c) : '?');
    }
    out[o] = '\0';
}

static inline const char *html_check_url(const char *v, size_t n)
{
    char url[256];
    size_t i;

    for (i = 0; i + 11 <= n; i++)
        if (!strncasecmp(v + i, "javascript:", 11))
            return "javascript: in a URL";
    html_check_url_text(v, n, url, sizeof(url));
    if (!strncmp(url, "javascript:", 11) || !strncmp(url, "vbscript:", 9) ||
        !strncmp(url, "data:", 5))
        return "dangerous URL scheme";
    return NULL;
}

/* Attributes of one tag, from p (just after the name) to its '>'; *end is set
 * past the tag. NULL when safe, else why not. */
static inline const char *html_check_attrs(const char *p, const char **end)
{
    for (;;) {
        const char *name, *val = NULL;
        size_t name_len, val_len = 0;

        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '/')
            p++;
        if (*p == '>') {
            *end = p + 1;
            return NULL;
        }
        if (!*p)
            return "unterminated tag";
        name = p;
        while (*p && !strchr(" \t\n/>=\"'", *p))
            p++;
        name_len = (size_t)(p - name);
        if (name_len == 0)
            return "bad attribute";
        if (*p == '=') {
            char q = *++p;

            if (q != '"' && q != '\'')
                return "unquoted attribute value";
            val = ++p;
            while (*p && *p != q)
                p++;
            if (!*p)
                return "unterminated attribute value";
            val_len = (size_t)(p - val);
            p++;
        }
        if (name_len >= 2 && html_check_istarts(name, "on"))
            return "on* attribute";
        if (name_len == 4 && html_check_istarts(name, "lang"))
            return "lang attribute outside a language span";
        if (val && ((name_len == 4 && html_check_istarts(name, "href")) ||
                    (name_len == 3 && html_check_istarts(name, "src")))) {
            const char *why = html_check_url(val, val_len);

            if (why)
                return why;
        }
    }
}

/* The language span's opening tag at p ("<span"...): NULL when it is exactly
 * <span lang="cy"> or <span lang="en">; *end is set past it. */
static inline const char *html_check_span(const char *p, const char **end)
{
    if (html_check_starts(p, "<span lang=\"cy\">") || html_check_starts(p, "<span lang=\"en\">")) {
        *end = p + 16;
        return NULL;
    }
    return "span other than <span lang=\"cy\"> or <span lang=\"en\">";
}

/* NULL when html is safe to embed, else the first reason it is not. */
static inline const char *html_check(const char *html)
{
    const char *p = html;
    long spans = 0; /* open language spans */

    for (;;) {
        const char *name;
        size_t n;
        const char *why;
        int closing;

        while (*p && *p != '<')
            p++;
        if (!*p)
            break;
        if (html_check_starts(p, "<!--")) {
            for (p += 4; *p && !html_check_starts(p, "-->"); p++)
                ;
            if (!*p)
                return "unterminated comment";
            p += 3;
            continue;
        }
        closing = p[1] == '/';
        name = p + 1 + closing;
        for (n = 0; (unsigned char)name[n] < 0x80 && isalnum((unsigned char)name[n]); n++)
            ;
        if (n >= 6 && html_check_istarts(name, "script"))
            return "<script>";
        if (!html_check_tag_ok(name, n))
            return "unexpected tag";
        if (n == 4 && html_check_istarts(name, "span")) {
            if (closing) {
                if (!html_check_starts(p, "</span>"))
                    return "malformed </span>";
                if (--spans < 0)
                    return "</span> without <span>";
                p += 7;
                continue;
            }
            why = html_check_span(p, &p);
            if (why)
                return why;
            spans++;
            continue;
        }
        why = html_check_attrs(name + n, &p);
        if (why)
            return why;
    }
    return spans ? "<span> not closed" : NULL;
}
