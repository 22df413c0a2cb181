#include "addrlist.h"

#include <arpa/inet.h>
#include <string.h>

#define ADDR_TEXT_MAX 64

struct addr {
    int family;
    unsigned char bytes[16];
};

/* Parse the address in s[0..len) (spaces around it ignored). 0 or -1. */
static int parse(const char *s, size_t len, struct addr *a)
{
    char text[ADDR_TEXT_MAX];

    while (len && *s == ' ') {
        s++;
        len--;
    }
    while (len && s[len - 1] == ' ')
        len--;
    if (!len || len >= sizeof(text))
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    memset(a, 0, sizeof(*a));
    if (inet_pton(AF_INET, text, a->bytes) == 1)
        a->family = AF_INET;
    else if (inet_pton(AF_INET6, text, a->bytes) == 1)
        a->family = AF_INET6;
    else
        return -1;
    return 0;
}

static int same(const struct addr *a, const struct addr *b)
{
    return a->family == b->family && !memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

/* 1 when a equals an entry of list (comma-separated). */
static int in_list(const struct addr *a, const char *list)
{
    const char *p = list;

    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        struct addr e;

        if (!parse(p, len, &e) && same(a, &e))
            return 1;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

int addr_list_valid(const char *list)
{
    const char *p = list;
    struct addr e;

    if (!*p)
        return 1;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);

        if (parse(p, len, &e))
            return 0;
        if (!comma)
            return 1;
        p = comma + 1;
    }
}

int addr_in_list(const char *addr, const char *list)
{
    struct addr a;

    return addr && !parse(addr, strlen(addr), &a) && in_list(&a, list);
}

const char *addr_forwarded_client(const char *remote, const char *xff, const char *trusted,
                                  char *out, size_t n)
{
    size_t end;

    if (!xff || !*trusted || !addr_in_list(remote, trusted))
        return remote;
    end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        struct addr a;

        while (start > 0 && xff[start - 1] != ',')
            start--;
        if (parse(xff + start, end - start, &a))
            return remote;
        if (!in_list(&a, trusted))
            return inet_ntop(a.family, a.bytes, out, (socklen_t)n) ? out : remote;
        end = start ? start - 1 : 0;
    }
    return remote;
}

const char *addr_limit_key(const char *addr, char *out, size_t n)
{
    struct addr a;
    size_t len;

    if (!addr || parse(addr, strlen(addr), &a) || a.family != AF_INET6)
        return addr;
    /* an IPv4-mapped address is one IPv4 client */
    if (!memcmp(a.bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12))
        return addr;
    memset(a.bytes + 8, 0, 8);
    if (!inet_ntop(AF_INET6, a.bytes, out, (socklen_t)n))
        return addr;
    len = strlen(out);
    if (len + 4 >= n)
        return addr;
    memcpy(out + len, "/64", 4);
    return out;
}

int addr_is_loopback(const char *addr)
{
    struct addr a;

    if (!addr || parse(addr, strlen(addr), &a))
        return 0;
    if (a.family == AF_INET)
        return a.bytes[0] == 127;
    return !memcmp(a.bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16);
}
