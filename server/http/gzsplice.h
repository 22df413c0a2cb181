/*
 * gzsplice: a kept page with holes (core/splice.h) as gzip pieces, so a
 * signed-in reader's copy (http/rendercache.h) is sent gzip-compressed
 * without compressing the page again for each response.
 *
 * The parts between the holes are compressed once, apart, as raw deflate
 * (level 6): each but the last ends with a sync flush (byte-aligned, not
 * final), the last is final. A response is then ONE gzip member (RFC 1952):
 * a header, each piece, each hole's bytes as stored deflate blocks, and the
 * trailer, its CRC-32 put together from the pieces' (crc32_combine()).
 * Measured (docs/benchmarks.md): compressing the spliced page at gzip 1 for
 * each response cost 4-5 times the rest of the response.
 */
#pragma once

#include <stddef.h>

#include "core/splice.h"

struct arena;
struct sbuf;

struct gzsplice {
    size_t n; /* pieces: holes + 1 */

    struct gzsplice_piece {
        size_t z_off, z_len; /* in z */
        size_t len;          /* plain bytes */
        unsigned long crc;   /* CRC-32 of the plain bytes */
    } piece[SPLICE_MAX_HOLES + 1];

    const char *z; /* the compressed pieces, one after another */
    size_t z_len;
};

/* The pieces of page[0..len) around holes (splice_ok()), z in a. 0, or -1
 * (logged). */
int gzsplice_make(struct arena *a, const char *page, size_t len, const struct splice *holes,
                  struct gzsplice *g);

/* Append to out the gzip member of the page whose hole i now holds
 * fill[i][0..fill_len[i]) (g->n - 1 holes). */
void gzsplice_join(struct sbuf *out, const struct gzsplice *g, const char *const *fill,
                   const size_t *fill_len);

/*
 * A kept page (app/page_kept.h) as gzip pieces around gaps, any number of
 * them, compressed once, the last one finished: a gap [start, end) is
 * filled for each response (a reader's CSRF token where start == end, a
 * personal part rendered again for them), and a response is one gzip
 * member of the pieces and each gap's fill as stored blocks.
 */
struct gzpieces {
    size_t n; /* pieces: gaps + 1 */
    struct gzsplice_piece *piece;
    const char *z;
    size_t z_len;
};

/* The pieces of page[0..len) around the gaps [start[i], end[i]) (in order,
 * not overlapping), in a. 0, or -1 (logged). */
int gzpieces_make(struct arena *a, const char *page, size_t len, const size_t *start,
                  const size_t *end, size_t n_gaps, struct gzpieces *g);

/* Append to out the gzip member of the page whose gap i now holds
 * fill[i][0..fill_len[i]) (g->n - 1 gaps). */
void gzpieces_join(struct sbuf *out, const struct gzpieces *g, const char *const *fill,
                   const size_t *fill_len);
