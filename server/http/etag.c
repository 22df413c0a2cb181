#include "etag.h"

#include <string.h>

/* etagc = %x21 / %x23-7E / obs-text (RFC 9110 section 8.8.3) */
static int is_etagc(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

int etag_matches(const char *if_none_match, const char *etag)
{
    const char *s = if_none_match;
    size_t want = strlen(etag);

    if (!s)
        return 0;
    for (;;) {
        const char *tag;

        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (*s == '\0')
            return 0;
        if (*s == '*')
            return 1;
        if (s[0] == 'W' && s[1] == '/')
            s += 2;
        if (*s != '"')
            return 0;
        tag = s++;
        while (is_etagc((unsigned char)*s))
            s++;
        if (*s != '"')
            return 0;
        s++;
        if ((size_t)(s - tag) == want && !memcmp(tag, etag, want))
            return 1;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != ',' && *s != '\0')
            return 0;
    }
}
