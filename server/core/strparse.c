#include "strparse.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_slug_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z');
}

int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (!s || len == 0 || len > 20)
        return -1;
    if (s[0] == '0' && len > 1)
        return -1; /* one spelling per number: "007" is not an id */
    for (i = 0; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');

        if (!is_digit(s[i]) || v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

int parse_u32(const char *s, size_t len, uint32_t max, uint32_t *out)
{
    uint64_t v;

    if (len > 10 || parse_u64(s, len, max, &v))
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int parse_i64(const char *s, size_t len, int64_t *out)
{
    uint64_t v = 0, limit = (uint64_t)INT64_MAX;
    size_t i = 0;
    int neg = 0;

    if (!s || len == 0)
        return -1;
    if (s[0] == '-') {
        neg = 1;
        limit = (uint64_t)INT64_MAX + 1; /* |INT64_MIN| */
        i = 1;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        unsigned d;

        if (!is_digit(s[i]))
            return -1;
        d = (unsigned)(s[i] - '0');
        if (v > (limit - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (neg)
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    else
        *out = (int64_t)v;
    return 0;
}

int parse_slug(const char *s, size_t len)
{
    size_t i;

    if (!s || len == 0 || len > SLUG_MAX_LEN)
        return 0;
    if (s[0] == '-' || s[len - 1] == '-')
        return 0;
    for (i = 0; i < len; i++) {
        if (s[i] == '-') {
            if (s[i - 1] == '-')
                return 0;
        } else if (!is_slug_char(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

const char *parse_trim_ows(const char *s, size_t *len)
{
    while (*len && is_ows(s[0])) {
        s++;
        (*len)--;
    }
    while (*len && is_ows(s[*len - 1]))
        (*len)--;
    return s;
}

/* 1 if s[0..len) starts with the NUL-terminated prefix p. */
static int starts_with(const char *s, size_t len, const char *p)
{
    size_t i;

    for (i = 0; p[i]; i++)
        if (i >= len || s[i] != p[i])
            return 0;
    return 1;
}

int parse_http_url(const char *s, size_t len, size_t max)
{
    size_t i, scheme;

    if (len > max)
        return 0;
    if (starts_with(s, len, "https://"))
        scheme = 8;
    else if (starts_with(s, len, "http://"))
        scheme = 7;
    else
        return 0;
    if (len == scheme || s[scheme] == '/')
        return 0; /* no host */
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`' ||
            c == '\\')
            return 0;
    }
    return 1;
}
