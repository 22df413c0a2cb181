/*
 * xalloc: allocation that aborts on out-of-memory (git, redis, kore, h2o).
 *
 * Sizes a request controls are bounded before they reach these functions, so
 * running out of memory here is a machine fault, not an input error.
 */
#pragma once

#include <stddef.h>

/* malloc that never returns NULL; caller frees with free(). */
void *xmalloc(size_t n);

/* calloc that never returns NULL and checks n * size for overflow. */
void *xcalloc(size_t n, size_t size);

/* realloc that never returns NULL. */
void *xrealloc(void *p, size_t n);

/* strdup that never returns NULL; caller frees with free(). */
char *xstrdup(const char *s);
