#include "arena.h"

#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#endif

#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

struct arena_defer {
    struct arena_defer *next;
    void (*fn)(void *);
    void *ptr;
};

#define ALIGN_UP(n) (((n) + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1))

static void assert_sane(const struct arena *a)
{
    (void)a;
    assert(a);
    assert(a->chunk_size > 0);
    assert(!a->head || a->head->used <= a->head->size);
}

void arena_init(struct arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->defers = NULL;
    a->chunk_size = chunk_size ? chunk_size : ARENA_DEFAULT_CHUNK;
    a->total = 0;
}

static struct arena_chunk *chunk_new(size_t size)
{
    struct arena_chunk *c = xmalloc(sizeof(*c) + size);

    c->next = NULL;
    c->size = size;
    c->used = 0;
    POISON(c->data, size);
    return c;
}

void *arena_alloc(struct arena *a, size_t n)
{
    struct arena_chunk *c;
    size_t need;
    void *p;

    assert_sane(a);
    if (n > SIZE_MAX / 2)
        n = SIZE_MAX / 2; /* xmalloc will abort: no request gets this far */
    need = ALIGN_UP(n ? n : 1);
    c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = need > a->chunk_size ? need : a->chunk_size;

        c = chunk_new(size);
        if (a->head && need > a->chunk_size) {
            /* a big one-off: slot it behind the current chunk to keep using that */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    p = c->data + c->used;
    c->used += need;
    a->total += need;
    UNPOISON(p, n ? n : 1);
    return p;
}

void *arena_calloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);

    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* Format into the room left in the newest chunk, once: the text when it fit
 * (the room it took is the arena's now), NULL with *n its length when not. */
__attribute__((format(printf, 2, 0))) static char *printf_in_place(struct arena *a, const char *fmt,
                                                                   va_list ap, int *n)
{
    struct arena_chunk *c = a->head;
    size_t room = c ? c->size - c->used : 0;
    char *p;

    *n = -1;
    if (room < 64)
        return NULL;
    p = (char *)c->data + c->used;
    UNPOISON(p, room);
    *n = vsnprintf(p, room, fmt, ap);
    if (*n < 0 || (size_t)*n >= room) {
        POISON(p, room);
        return NULL;
    }
    POISON(p + *n + 1, room - (size_t)*n - 1);
    c->used += ALIGN_UP((size_t)*n + 1);
    a->total += ALIGN_UP((size_t)*n + 1);
    assert(c->used <= c->size);
    return p;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    char *p;

    /* most texts (an address, a date) fit where the arena stands: one pass
     * of vsnprintf instead of one to measure and one to write */
    va_copy(cp, ap);
    p = printf_in_place(a, fmt, cp, &n);
    va_end(cp);
    if (p)
        return p;
    if (n < 0) {
        va_copy(cp, ap);
        n = vsnprintf(NULL, 0, fmt, cp);
        va_end(cp);
    }
    if (n < 0)
        return arena_strdup(a, "");
    p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
    void *bigger;

    assert(n <= *cap);
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : ARENA_GROW_FIRST;
    bigger = arena_alloc(a, *cap * size);
    if (n)
        memcpy(bigger, v, n * size);
    return bigger;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    struct arena_defer *d = arena_alloc(a, sizeof(*d));

    d->fn = fn;
    d->ptr = ptr;
    d->next = a->defers;
    a->defers = d;
}

static void run_defers(struct arena *a)
{
    while (a->defers) {
        struct arena_defer *d = a->defers;

        a->defers = d->next;
        d->fn(d->ptr);
    }
}

size_t arena_footprint(const struct arena *a)
{
    const struct arena_chunk *c;
    size_t n = 0;

    for (c = a->head; c; c = c->next)
        n += sizeof(*c) + c->size;
    return n;
}

void arena_reset(struct arena *a)
{
    struct arena_chunk *c, *keep = NULL;

    assert_sane(a);
    run_defers(a);
    /* keep the oldest normal-sized chunk (lwan's keep-capacity lesson) */
    for (c = a->head; c;) {
        struct arena_chunk *next = c->next;

        if (!keep && !next && c->size == a->chunk_size) {
            keep = c;
        } else {
            free(c);
        }
        c = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
        POISON(keep->data, keep->size);
    }
    a->head = keep;
    a->total = 0;
}

void arena_release(struct arena *a)
{
    assert_sane(a);
    run_defers(a);
    while (a->head) {
        struct arena_chunk *c = a->head;

        a->head = c->next;
        free(c);
    }
    a->total = 0;
}
