/*
 * sbuf: a growable string with a hard size cap and a sticky error
 * (git strbuf, curl dynbuf, SQLite StrAccum).
 *
 * Invariants: buf is never NULL and always NUL-terminated; len < alloc unless
 * buf points at the shared empty string (alloc == 0). Once an append would
 * take len past max, the buffer is marked failed and every later append is a
 * no-op; callers check sbuf_failed() once, after building.
 *
 * Memory comes from the arena given to sbuf_init() (valid until that arena is
 * reset) or, with a NULL arena, from the heap (free with sbuf_release()).
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct sbuf {
    char *buf;
    size_t len;
    size_t alloc;
    size_t max;
    struct arena *arena;
    int failed;
};

extern char sbuf_empty[];

#define SBUF_INIT                                                                                  \
    {                                                                                              \
        .buf = sbuf_empty, .len = 0, .alloc = 0, .max = (size_t)-1 / 2, .arena = NULL, .failed = 0 \
    }

/* Start an empty buffer that allocates from a (NULL: heap) and holds at most max bytes. */
void sbuf_init(struct sbuf *b, struct arena *a, size_t max);

/* Make room for at least extra more bytes; marks failure past max. */
void sbuf_grow(struct sbuf *b, size_t extra);

void sbuf_add(struct sbuf *b, const void *data, size_t len);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_addf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Forget the contents but keep the memory (and any failure is cleared). */
void sbuf_reset(struct sbuf *b);

/* Nonzero once an append was refused because of max. */
int sbuf_failed(const struct sbuf *b);

/* Heap buffers only: free the memory and return to SBUF_INIT state. */
void sbuf_release(struct sbuf *b);

/* Heap buffers only: hand out the string (caller frees) and reset b. */
char *sbuf_detach(struct sbuf *b, size_t *len);
