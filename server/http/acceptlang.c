#include "acceptlang.h"

#include <string.h>

#include "core/lang.h"

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static const char *trim(const char *s, size_t *len)
{
    while (*len && is_ows(s[0])) {
        s++;
        (*len)--;
    }
    while (*len && is_ows(s[*len - 1]))
        (*len)--;
    return s;
}

/* 1 if s[0..len) is 1*8ALPHA *("-" 1*8alphanum) (RFC 4647 section 2.1). */
static int range_ok(const char *s, size_t len)
{
    size_t i, run = 0, seg = 0;

    for (i = 0; i <= len; i++) {
        if (i == len || s[i] == '-') {
            if (run == 0 || run > 8)
                return 0;
            run = 0;
            seg++;
            continue;
        }
        if (!is_alpha(s[i]) && (seg == 0 || !is_digit(s[i])))
            return 0;
        run++;
    }
    return 1;
}

/* LANG_CY / LANG_EN if the range's primary subtag is cy / en, else -1. */
static int range_lang(const char *s, size_t len)
{
    char a, b;

    if (len < 2 || (len > 2 && s[2] != '-'))
        return -1;
    a = (char)(s[0] | 0x20); /* ASCII letters only, checked by range_ok() */
    b = (char)(s[1] | 0x20);
    if (a == 'c' && b == 'y')
        return LANG_CY;
    if (a == 'e' && b == 'n')
        return LANG_EN;
    return -1;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths; -1 if bad. */
static int parse_qvalue(const char *s, size_t len)
{
    int q, scale = 100;
    size_t i;

    if (len == 0 || (s[0] != '0' && s[0] != '1') || len > 5)
        return -1;
    q = (s[0] - '0') * 1000;
    if (len == 1)
        return q;
    if (s[1] != '.')
        return -1;
    for (i = 2; i < len; i++, scale /= 10) {
        if (!is_digit(s[i]))
            return -1;
        q += (s[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

/* The weight after the range: "" is 1000; ";q=x" (OWS allowed around ';'); else -1. */
static int parse_weight(const char *s, size_t len)
{
    s = trim(s, &len);
    if (len == 0)
        return 1000;
    if (s[0] != ';')
        return -1;
    s++;
    len--;
    s = trim(s, &len);
    if (len < 2 || (s[0] != 'q' && s[0] != 'Q') || s[1] != '=')
        return -1;
    return parse_qvalue(s + 2, len - 2);
}

/* Weigh one comma-separated element; sets *lang (or -1) and returns q, or -1 if malformed. */
static int weigh(const char *s, size_t len, int *lang)
{
    const char *semi = memchr(s, ';', len);
    size_t rlen = semi ? (size_t)(semi - s) : len;
    const char *r = trim(s, &rlen);

    *lang = -1;
    if (!range_ok(r, rlen))
        return -1;
    *lang = range_lang(r, rlen);
    return parse_weight(r + rlen, len - (size_t)(r + rlen - s));
}

int acceptlang_pick(const char *header)
{
    size_t len, i, start = 0;
    int best = -1, best_q = 0;

    if (!header)
        return -1;
    len = strnlen(header, ACCEPTLANG_MAX + 1);
    if (len > ACCEPTLANG_MAX) {
        /* a range straddling the limit is incomplete ("cy-GB" cut to "cy-G",
         * "cy;q=0" cut to "cy"): drop it, unless the limit falls on a ',' */
        len = ACCEPTLANG_MAX;
        if (header[len] != ',')
            while (len && header[len - 1] != ',')
                len--;
    }
    for (i = 0; i <= len; i++) {
        int lang, q;

        if (i < len && header[i] != ',')
            continue;
        q = weigh(header + start, i - start, &lang);
        if (lang >= 0 && q > best_q) {
            best = lang;
            best_q = q;
        }
        start = i + 1;
    }
    return best;
}
