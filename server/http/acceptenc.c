#include "acceptenc.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "http/qlist.h"

static const struct {
    const char *name;
    int coding;
} names[] = {
    { "identity", CODING_IDENTITY },
    { "gzip", CODING_GZIP },
    { "x-gzip", CODING_GZIP }, /* RFC 9110 section 8.4.1.3 */
    { "br", CODING_BR },
    { "*", CODING__MAX },
};

/* The coding an element names, CODING__MAX for "*", or -1 for anything else. */
static int coding_of(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == len && !strncasecmp(s, names[i].name, len))
            return names[i].coding;
    return -1;
}

void acceptenc_parse(const char *header, struct acceptenc *ae)
{
    size_t len = qlist_bound(header, ACCEPTENC_MAX), pos = 0;
    int named[CODING__MAX] = { 0 }, star = -1, c;
    struct qlist_item it;

    memset(ae, 0, sizeof(*ae));
    ae->q[CODING_IDENTITY] = 1000;
    if (!header || len == 0)
        return;
    ae->q[CODING_IDENTITY] = 1;
    while (qlist_next(header, len, &pos, &it)) {
        c = coding_of(it.name, it.name_len);
        if (c < 0 || it.q < 0)
            continue;
        if (c == CODING__MAX) {
            if (star < 0)
                star = it.q;
            continue;
        }
        if (!named[c]) {
            named[c] = 1;
            ae->q[c] = (short)it.q;
        }
    }
    for (c = 0; star >= 0 && c < CODING__MAX; c++)
        if (!named[c])
            ae->q[c] = (short)star;
}

enum coding acceptenc_choose(const struct acceptenc *ae, unsigned available)
{
    enum coding best = CODING_IDENTITY;
    int c, best_q = 0;

    available |= CODING_BIT(CODING_IDENTITY);
    for (c = CODING__MAX - 1; c >= 0; c--) {
        assert(ae->q[c] >= 0 && ae->q[c] <= 1000);
        if ((available & CODING_BIT(c)) && ae->q[c] > best_q) {
            best = (enum coding)c;
            best_q = ae->q[c];
        }
    }
    return best;
}

enum coding acceptenc_choose_smaller(const struct acceptenc *ae, unsigned available,
                                     const size_t *len)
{
    enum coding best = acceptenc_choose(ae, available);
    int c;

    for (c = 0; c < CODING__MAX && best != CODING_IDENTITY; c++)
        if (c != CODING_IDENTITY && (available & CODING_BIT(c)) && ae->q[c] == ae->q[best] &&
            len[c] < len[best])
            best = (enum coding)c;
    return best;
}

const char *acceptenc_name(enum coding c)
{
    switch (c) {
    case CODING_GZIP:
        return "gzip";
    case CODING_BR:
        return "br";
    default:
        return "identity";
    }
}
