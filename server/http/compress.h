/*
 * compress: the compressed variants of a response body, gzip (RFC 1952, by
 * zlib) and brotli (RFC 7932, by libbrotli), and which bodies get them.
 *
 * compress_body() is the ONE way a body is compressed: resp_send() calls it
 * per response at COMPRESS_FAST, static.c once per file at start-up at
 * COMPRESS_BEST, and a cache of rendered pages (issue 22) should call it once
 * when it stores a page, at COMPRESS_CACHE, keep the struct compressed with
 * the page, and answer each request with resp_send_variants(): compress
 * once, serve many.
 *
 *     struct compressed c;
 *     compress_body(NULL, html, len, CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR),
 *                   COMPRESS_CACHE, &c);     (heap: lives as long as the entry)
 *     ...
 *     resp_send_variants(r, 200, "text/html; charset=utf-8", &c);   (each hit)
 *     ...
 *     compress_release(&c);                   (when the entry is dropped)
 *
 * What it costs (docs/benchmarks.md, "Compression"; CPU time and memory a
 * call for a 5-21 KB page on this machine): FAST 20-40 us and 70-260 KB,
 * CACHE 50-100 us and up to 1.4 MB, BEST 3-20 ms (brotli 11), so BEST is for
 * start-up only and CACHE for bodies that are served many times.
 */
#pragma once

#include <stddef.h>

#include "http/acceptenc.h"

struct arena;

/* Bodies shorter than this are sent as they are: compressing them saves less
 * than a TCP packet's worth and costs the CPU all the same. */
#define COMPRESS_MIN_LEN 1024

enum compress_effort {
    COMPRESS_FAST,  /* per response: gzip level 1, brotli quality 1 */
    COMPRESS_CACHE, /* once per cached page, served many times: gzip 6, brotli 5 */
    COMPRESS_BEST,  /* once at start-up: gzip level 9, brotli quality 11 */
};

/*
 * A body and its variants, indexed by enum coding. body[CODING_IDENTITY] is
 * the plain body (never copied, owned by whoever passed it in); another
 * coding's body is NULL when it was not asked for, not worth it (not smaller
 * than the plain body) or failed.
 */
struct compressed {
    const char *body[CODING__MAX];
    size_t len[CODING__MAX];
    int on_heap; /* the variants were malloc'd: compress_release() frees them */
};

/*
 * Fill *c with body[0..len) and its variants for the codings in `codings`
 * (CODING_BIT(CODING_GZIP) and/or CODING_BIT(CODING_BR)) made at `effort`.
 * A body shorter than COMPRESS_MIN_LEN gets no variant. Variants are
 * allocated in a (valid until it is reset) or, when a is NULL, with malloc
 * (freed by compress_release(c)). Returns 0, or -1 when a library failed
 * (logged; *c is still valid, without that variant).
 */
int compress_body(struct arena *a, const void *body, size_t len, unsigned codings,
                  enum compress_effort effort, struct compressed *c);

/* Free heap variants (a no-op for arena ones) and empty *c. */
void compress_release(struct compressed *c);

/* The codings *c has a body for, as CODING_BIT()s (identity always). */
unsigned compress_available(const struct compressed *c);

/* 1 when a body of this Content-Type is worth compressing (HTML, CSS,
 * JavaScript, JSON, SVG, iCalendar, CSV), 0 otherwise or for NULL. Responses
 * of these types carry "Vary: Accept-Encoding", compressed or not. */
int compress_type_ok(const char *content_type);
