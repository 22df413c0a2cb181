/*
 * brpieces: a kept page with gaps as brotli pieces, as http/gzsplice.h
 * does for gzip, so a reader who takes brotli gets a page filled for them
 * without the page being compressed again for each response (it was: 0.22
 * of the limit for a signed-in page asked for as br alone, against 0.57 as
 * plain HTML).
 *
 * A brotli stream (RFC 7932) carries state from one meta-block to the next,
 * so pieces compressed apart join only where that state cannot matter:
 *
 *   - each piece is compressed at quality 1 (the fast two-pass compressor):
 *     one literal tree (no context modelling), no static dictionary, and a
 *     "same distance as last" command only after a distance of its own piece
 *     (the four last distances the decoder carries are never read first);
 *   - every piece is compressed by an encoder of its own after an empty
 *     flush, so its bytes start byte-aligned just after the stream header
 *     (the same two bytes for every piece at one window: kept once, sent
 *     first), and end byte-aligned (a flush), the last one finished;
 *   - a copy reaches back no further than its piece's start, so it means
 *     the same bytes wherever the piece ends up;
 *   - a gap's fill goes between them as uncompressed meta-blocks (section
 *     9.2: MLEN, ISUNCOMPRESSED, padding to a byte, the bytes).
 *
 * tests/unit/http/test_brpieces.c and tests/fuzz/fuzz_brpieces.c decode the
 * joined stream with libbrotlidec and compare it with the filled page.
 */
#pragma once

#include <stddef.h>

struct arena;
struct sbuf;

struct brpieces {
    size_t n; /* pieces: gaps + 1 */

    struct brpieces_piece {
        size_t z_off, z_len; /* in z */
    } * piece;

    unsigned char head[8]; /* the stream header, sent first: the same for every piece */
    size_t head_len;
    const char *z; /* the pieces, one after another */
    size_t z_len;
};

/* The pieces of page[0..len) around the gaps [start[i], end[i]) (in order,
 * not overlapping, inside the page), in a. 0, or -1 (logged). */
int brpieces_make(struct arena *a, const char *page, size_t len, const size_t *start,
                  const size_t *end, size_t n_gaps, struct brpieces *b);

/* Append to out the brotli stream of the page whose gap i now holds
 * fill[i][0..fill_len[i]) (b->n - 1 gaps). */
void brpieces_join(struct sbuf *out, const struct brpieces *b, const char *const *fill,
                   const size_t *fill_len);

/* The most bytes brpieces_join() appends for b with fills of total bytes. */
size_t brpieces_bound(const struct brpieces *b, size_t total);
