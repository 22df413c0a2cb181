/*
 * arena: a per-request bump allocator (lwan arena, h2o pool).
 *
 * Everything a request allocates comes from its arena and is released at once
 * by arena_reset(), which keeps the first chunk for the next request. Memory
 * from arena_alloc() is aligned for any type and never NULL: a request cannot
 * make it fail because every size it controls is bounded before allocation.
 *
 * arena_defer() ties a non-memory resource (a jansson value, a statement
 * result) to the arena: its cleanup runs, newest first, at reset or release.
 *
 * Under AddressSanitizer the unused tail of each chunk is poisoned, so an
 * overrun past an allocation is reported.
 *
 * Invariants: head is NULL or the newest chunk; used <= size in every chunk.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_defer;

struct arena {
    struct arena_chunk *head;
    struct arena_defer *defers;
    size_t chunk_size; /* size of a normal chunk */
    size_t total;      /* bytes handed out since the last reset */
};

#define ARENA_DEFAULT_CHUNK (16 * 1024)

/* Prepare an empty arena; chunk_size 0 means ARENA_DEFAULT_CHUNK. */
void arena_init(struct arena *a, size_t chunk_size);

/* Allocate n bytes (n may be 0), aligned to max_align_t; valid until reset. */
void *arena_alloc(struct arena *a, size_t n);

/* Allocate n zeroed bytes. */
void *arena_calloc(struct arena *a, size_t n);

/* Copy s (or its first len bytes) into the arena, NUL-terminated. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* printf into the arena; the result lives until reset. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/*
 * Room for one more item in the arena array v of n items, each size bytes,
 * whose capacity is *cap: v itself while n < *cap, else a new block of
 * twice the capacity (at first ARENA_GROW_FIRST) holding v's n items, with
 * *cap updated (the old block stays until reset). For arrays filled row by
 * row whose length is not known beforehand; arena_push() is the usual call.
 */
void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size);

#define ARENA_GROW_FIRST 16

/* Append item to the arena array v of n items and capacity cap (three
 * lvalues, evaluated more than once): v[n++] = item, growing v when full. */
#define arena_push(a, v, n, cap, item)                                                             \
    ((v) = arena_grow((a), (v), (n), &(cap), sizeof(*(v))), (v)[(n)++] = (item))

/* Run fn(ptr) when the arena is next reset or released (newest first). */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* The bytes a's chunks take from malloc (used or not), for /metrics. */
size_t arena_footprint(const struct arena *a);

/* Run deferred cleanups and free everything but the first chunk. */
void arena_reset(struct arena *a);

/* Run deferred cleanups and free every chunk, the first too. The arena stays
 * ready for use (its next allocation takes a new chunk) or may be
 * re-initialised: a worker thread releases its arena after each request, so
 * the 256 workers keep no chunk each while they wait (docs/decisions.md,
 * "Memory under 64 MB"). */
void arena_release(struct arena *a);
