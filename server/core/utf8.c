#include "utf8.h"

#include <assert.h>

size_t utf8_seq_len(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n, i;

    assert(s || len == 0);
    if (len == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    /* Table 3-7: the second byte's range depends on the lead byte */
    if (u[0] >= 0xc2 && u[0] <= 0xdf) {
        n = 2;
    } else if (u[0] >= 0xe0 && u[0] <= 0xef) {
        n = 3;
        if (u[0] == 0xe0)
            lo = 0xa0; /* overlong below U+0800 */
        else if (u[0] == 0xed)
            hi = 0x9f; /* surrogates U+D800..U+DFFF */
    } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
        n = 4;
        if (u[0] == 0xf0)
            lo = 0x90; /* overlong below U+10000 */
        else if (u[0] == 0xf4)
            hi = 0x8f; /* above U+10FFFF */
    } else {
        return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
    }
    if (len < n || u[1] < lo || u[1] > hi)
        return 0;
    for (i = 2; i < n; i++)
        if ((u[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0, n;

    assert(s || len == 0);
    while (i < len) {
        if (s[i] == '\0')
            return 0;
        n = utf8_seq_len(s + i, len - i);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

int utf8_valid_text(const char *s, size_t len)
{
    size_t i;

    if (!utf8_valid(s, len))
        return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return 0;
    }
    return 1;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t i, n = 0;

    assert(s || len == 0);
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}
