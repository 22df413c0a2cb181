#include "qlist.h"

#include <string.h>

#include "core/strparse.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
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

/* The weight after the name: "" is 1000; ";q=x" (OWS allowed around ';'); else -1. */
static int parse_weight(const char *s, size_t len)
{
    s = parse_trim_ows(s, &len);
    if (len == 0)
        return 1000;
    if (s[0] != ';')
        return -1;
    s++;
    len--;
    s = parse_trim_ows(s, &len);
    if (len < 2 || (s[0] != 'q' && s[0] != 'Q') || s[1] != '=')
        return -1;
    return parse_qvalue(s + 2, len - 2);
}

size_t qlist_bound(const char *header, size_t max)
{
    size_t len;

    if (!header)
        return 0;
    len = strnlen(header, max + 1);
    if (len <= max)
        return len;
    len = max;
    if (header[len] != ',')
        while (len && header[len - 1] != ',')
            len--;
    return len;
}

int qlist_next(const char *list, size_t len, size_t *pos, struct qlist_item *it)
{
    const char *s, *comma, *semi;
    size_t n, name_len;

    if (*pos > len)
        return 0;
    s = list + *pos;
    n = len - *pos;
    comma = memchr(s, ',', n);
    if (comma)
        n = (size_t)(comma - s);
    *pos += n + 1;
    semi = memchr(s, ';', n);
    name_len = semi ? (size_t)(semi - s) : n;
    it->name = parse_trim_ows(s, &name_len);
    it->name_len = name_len;
    it->q = parse_weight(it->name + name_len, n - (size_t)(it->name + name_len - s));
    return 1;
}
