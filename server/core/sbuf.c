#include "sbuf.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

char sbuf_empty[1];

static void assert_sane(const struct sbuf *b)
{
    (void)b;
    assert(b);
    assert(b->buf);
    assert(b->alloc == 0 || b->len < b->alloc);
    assert(b->buf[b->len] == '\0');
}

void sbuf_init(struct sbuf *b, struct arena *a, size_t max)
{
    b->buf = sbuf_empty;
    b->len = 0;
    b->alloc = 0;
    b->max = max;
    b->arena = a;
    b->failed = 0;
}

void sbuf_grow(struct sbuf *b, size_t extra)
{
    size_t want, size;
    char *p;

    assert_sane(b);
    if (b->failed)
        return;
    if (extra > b->max || b->len > b->max - extra) {
        b->failed = 1;
        return;
    }
    want = b->len + extra + 1;
    if (want <= b->alloc)
        return;
    size = b->alloc ? b->alloc : 64;
    while (size < want)
        size *= 2;
    if (b->arena) {
        p = arena_alloc(b->arena, size);
        memcpy(p, b->buf, b->len + 1);
    } else {
        p = xrealloc(b->alloc ? b->buf : NULL, size);
        if (!b->alloc)
            p[0] = '\0';
    }
    b->buf = p;
    b->alloc = size;
}

void sbuf_add(struct sbuf *b, const void *data, size_t len)
{
    sbuf_grow(b, len);
    if (b->failed || len == 0)
        return;
    memcpy(b->buf + b->len, data, len);
    b->len += len;
    b->buf[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
    sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
    sbuf_add(b, &c, 1);
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n = -1;

    if (b->failed)
        return;
    /* into the room the buffer has, once: most texts fit (one pass of
     * vsnprintf, not one to measure and one to write) */
    if (b->alloc > b->len + 1) {
        size_t room = b->alloc - b->len;

        va_copy(cp, ap);
        n = vsnprintf(b->buf + b->len, room, fmt, cp);
        va_end(cp);
        if (n >= 0 && (size_t)n < room && (size_t)n <= b->max - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->buf[b->len] = '\0'; /* what did not fit is not the buffer's */
    }
    if (n < 0) {
        va_copy(cp, ap);
        n = vsnprintf(NULL, 0, fmt, cp);
        va_end(cp);
    }
    if (n < 0) {
        b->failed = 1;
        return;
    }
    sbuf_grow(b, (size_t)n);
    if (b->failed)
        return;
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sbuf_vaddf(b, fmt, ap);
    va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
    assert_sane(b);
    b->len = 0;
    b->failed = 0;
    if (b->alloc)
        b->buf[0] = '\0';
}

int sbuf_failed(const struct sbuf *b)
{
    return b->failed;
}

void sbuf_release(struct sbuf *b)
{
    assert(!b->arena);
    if (b->alloc)
        free(b->buf);
    sbuf_init(b, NULL, b->max);
}

char *sbuf_detach(struct sbuf *b, size_t *len)
{
    char *s;

    assert(!b->arena);
    s = b->alloc ? b->buf : xstrdup("");
    if (len)
        *len = b->len;
    sbuf_init(b, NULL, b->max);
    return s;
}
