#include "splice.h"

#include <string.h>

#include "sbuf.h"

void splice_add(struct splice *s, size_t start, size_t end, const char *name)
{
    size_t len = strlen(name);
    struct splice_hole *h;

    if (s->broken)
        return;
    if (s->n == SPLICE_MAX_HOLES || len >= SPLICE_NAME_MAX || end < start ||
        (s->n && start < s->hole[s->n - 1].end)) {
        s->broken = 1;
        return;
    }
    h = &s->hole[s->n++];
    h->start = start;
    h->end = end;
    memcpy(h->name, name, len + 1);
}

int splice_ok(const struct splice *s, size_t len)
{
    size_t i, at = 0;

    if (s->broken || s->n > SPLICE_MAX_HOLES)
        return 0;
    for (i = 0; i < s->n; i++) {
        if (s->hole[i].start < at || s->hole[i].end < s->hole[i].start || s->hole[i].end > len ||
            !memchr(s->hole[i].name, '\0', SPLICE_NAME_MAX))
            return 0;
        at = s->hole[i].end;
    }
    return 1;
}

int splice_join(struct sbuf *out, const char *page, size_t len, const struct splice *s,
                int (*put)(void *arg, const char *name, struct sbuf *out), void *arg)
{
    size_t i, at = 0;

    if (!splice_ok(s, len))
        return -1;
    for (i = 0; i < s->n; i++) {
        sbuf_add(out, page + at, s->hole[i].start - at);
        if (put(arg, s->hole[i].name, out))
            return -1;
        at = s->hole[i].end;
    }
    sbuf_add(out, page + at, len - at);
    return 0;
}
