#include "jsonmem.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "arena.h"
#include "xalloc.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JSONMEM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define JSONMEM_ASAN 1
#endif

/* Every block starts with a header saying where it came from; its size keeps
 * the value behind it aligned for any type. */
enum { FROM_HEAP = 0x6a68, FROM_ARENA = 0x6a61 };

struct header {
    alignas(max_align_t) struct header *next; /* the thread's blocks, under ASan */
    uint32_t from;
};

static _Thread_local struct arena *current;
#ifdef JSONMEM_ASAN
static _Thread_local struct header *blocks; /* freed by jsonmem_end */
#endif
static int installed;

static void *allocate(size_t n)
{
    struct header *h;

    if (n > SIZE_MAX - sizeof(*h))
        return NULL;
#ifdef JSONMEM_ASAN
    if (current) {
        h = xmalloc(sizeof(*h) + n);
        h->next = blocks;
        blocks = h;
        h->from = FROM_ARENA;
        return h + 1;
    }
#else
    if (current) {
        h = arena_alloc(current, sizeof(*h) + n);
        h->from = FROM_ARENA;
        return h + 1;
    }
#endif
    h = malloc(sizeof(*h) + n);
    if (!h)
        return NULL;
    h->from = FROM_HEAP;
    return h + 1;
}

static void release(void *p)
{
    struct header *h;

    if (!p)
        return;
    h = (struct header *)p - 1;
    if (h->from == FROM_HEAP)
        free(h);
    else if (h->from != FROM_ARENA)
        abort(); /* not ours: a pointer jansson never handed out */
}

void jsonmem_init(void)
{
    if (installed)
        return;
    installed = 1;
    json_set_alloc_funcs(allocate, release);
}

void jsonmem_begin(struct arena *a)
{
    current = installed ? a : NULL;
}

void jsonmem_end(void)
{
    current = NULL;
#ifdef JSONMEM_ASAN
    while (blocks) {
        struct header *h = blocks;

        blocks = h->next;
        free(h);
    }
#endif
}

struct jsonmem_blocks *jsonmem_detach(void)
{
    current = NULL;
#ifdef JSONMEM_ASAN
    struct header *b = blocks;

    blocks = NULL;
    return (struct jsonmem_blocks *)b;
#else
    return NULL;
#endif
}

void jsonmem_adopt(struct jsonmem_blocks *b)
{
#ifdef JSONMEM_ASAN
    struct header *h = (struct header *)b;

    while (h) {
        struct header *next = h->next;

        h->next = blocks;
        blocks = h;
        h = next;
    }
#else
    (void)b;
#endif
}

void jsonmem_free(void *p)
{
    if (installed)
        release(p);
    else
        free(p);
}
