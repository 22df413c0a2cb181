/*
 * fuzz_brpieces: brpieces_make() and brpieces_join() (http/brpieces.c) on
 * any page, any gaps and any fills. The input: a byte for the number of gaps
 * (up to 12), four for each (where it starts, as a share of the page; its
 * length; which bytes fill it; how many), the rest the page. Oracle:
 * libbrotlidec decodes the joined stream, whole, to the page filled by hand.
 */
#include <brotli/decode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/brpieces.h"

#define GAPS_MAX 12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n_gaps, i, len, start[GAPS_MAX], end[GAPS_MAX], fill_len[GAPS_MAX], from = 0, n;
    const char *fill[GAPS_MAX], *page;
    struct sbuf out = SBUF_INIT, want = SBUF_INIT;
    struct brpieces b;
    struct arena a;
    uint8_t *got;

    if (size < 1)
        return 0;
    n_gaps = data[0] % (GAPS_MAX + 1);
    if (size < 1 + 4 * n_gaps)
        return 0;
    page = (const char *)data + 1 + 4 * n_gaps;
    len = size - 1 - 4 * n_gaps;
    for (i = 0; i < n_gaps; i++) {
        const uint8_t *g = data + 1 + 4 * i;
        size_t s = len * g[0] / 255, e = s + g[1] % 64;

        start[i] = s < from ? from : s;
        end[i] = e > len ? len : e < start[i] ? start[i] : e;
        fill[i] = len ? page + len * g[2] / 256 : "";
        fill_len[i] = len ? g[3] % (len - (size_t)(fill[i] - page) + 1) : 0;
        from = end[i];
    }
    for (i = 0, from = 0; i < n_gaps; i++) {
        sbuf_add(&want, page + from, start[i] - from);
        sbuf_add(&want, fill[i], fill_len[i]);
        from = end[i];
    }
    sbuf_add(&want, page + from, len - from);
    arena_init(&a, 64 * 1024);
    if (brpieces_make(&a, page, len, start, end, n_gaps, &b))
        abort();
    brpieces_join(&out, &b, fill, fill_len);
    n = want.len + 1;
    got = malloc(n);
    if (!got ||
        BrotliDecoderDecompress(out.len, (const uint8_t *)out.buf, &n, got) !=
            BROTLI_DECODER_RESULT_SUCCESS ||
        n != want.len || (n && memcmp(got, want.buf, n)))
        abort();
    free(got);
    sbuf_release(&out);
    sbuf_release(&want);
    arena_release(&a);
    return 0;
}
