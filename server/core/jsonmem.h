/*
 * jsonmem: jansson's values allocated from the request's arena.
 *
 * A page builds its view model as jansson values: a catalogue page makes some
 * thousands of them, and allocating and freeing each one with malloc cost
 * more than rendering the page (docs/benchmarks.md, "JSON in the arena").
 * jsonmem_init() installs allocators that take memory from the arena of the
 * request the thread is serving (jsonmem_begin) and from the heap otherwise;
 * freeing a value from an arena does nothing, its memory goes with the
 * arena's reset.
 *
 * So a jansson value made while serving a request lives until the request
 * ends and must not be kept beyond it (nothing in the server does: caches
 * keep bytes and structs, not jansson values). Under AddressSanitizer such
 * values come from the heap and are freed at jsonmem_end(), so a value kept too
 * long is reported as a use after free rather than read from a reused arena.
 *
 * Text from json_dumps() is released with jsonmem_free(), never free().
 */
#pragma once

#include <stddef.h>

struct arena;

/* Install the allocators; call first in main(), before any jansson call. */
void jsonmem_init(void);

/* Values this thread makes from now on come from a, until jsonmem_end(),
 * which is called after the arena's reset (the values' deferred cleanups run
 * in the reset and still read them). */
void jsonmem_begin(struct arena *a);
void jsonmem_end(void);

/* Part of a request served on another thread (app/refill.h): that thread
 * calls jsonmem_begin() with the request's arena and, when done,
 * jsonmem_detach(), which stops it and returns what it made; the thread that
 * will call jsonmem_end() takes it with jsonmem_adopt(). NULL and a no-op
 * unless under AddressSanitizer (arena values need no hand-over). */
struct jsonmem_blocks;
struct jsonmem_blocks *jsonmem_detach(void);
void jsonmem_adopt(struct jsonmem_blocks *b);

/* Release memory jansson handed out (json_dumps text); NULL is ignored. */
void jsonmem_free(void *p);
