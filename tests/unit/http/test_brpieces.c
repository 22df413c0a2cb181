/* http/brpieces: a kept page's pieces compressed once with brotli, joined
 * with each reader's fills into one stream that libbrotlidec decodes to the
 * filled page. */
#include <brotli/decode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/brpieces.h"
#include "testing.h"

#define ROOM (4u << 20)

/* 1 when in[0..len) is one whole brotli stream that decodes to want. */
static int decodes_to(const char *in, size_t len, const char *want, size_t want_len)
{
    size_t n = ROOM;
    uint8_t *out = malloc(ROOM);
    int ok = BrotliDecoderDecompress(len, (const uint8_t *)in, &n, out) ==
                 BROTLI_DECODER_RESULT_SUCCESS &&
             n == want_len && !memcmp(out, want, n);

    free(out);
    return ok;
}

/* page with gaps [start[i], end[i]) filled, joined from pieces, decodes to
 * the page filled by hand. */
static int joins(const char *page, size_t len, const size_t *start, const size_t *end,
                 const char *const *fill, const size_t *fill_len, size_t n_gaps)
{
    struct arena a;
    struct brpieces b;
    struct sbuf out = SBUF_INIT, want = SBUF_INIT;
    size_t i, from = 0, total = 0;
    int ok;

    arena_init(&a, 64 * 1024);
    for (i = 0; i < n_gaps; i++) {
        sbuf_add(&want, page + from, start[i] - from);
        sbuf_add(&want, fill[i], fill_len[i]);
        total += fill_len[i];
        from = end[i];
    }
    sbuf_add(&want, page + from, len - from);
    CU_ASSERT_FATAL(brpieces_make(&a, page, len, start, end, n_gaps, &b) == 0);
    CU_ASSERT_EQUAL(b.n, n_gaps + 1);
    brpieces_join(&out, &b, fill, fill_len);
    CU_ASSERT(out.len <= brpieces_bound(&b, total));
    ok = decodes_to(out.buf, out.len, want.buf ? want.buf : "", want.len);
    sbuf_release(&out);
    sbuf_release(&want);
    arena_release(&a);
    return ok;
}

static void brpieces__one_stream_decodes_to_the_filled_page(void)
{
    static const char page[] = "<header>Sign in</header><nav>..</nav><main>The courses, the "
                               "courses, the courses</main>";
    static const char *const fill[] = { "Siân Jones <form>tok</form>", "<li>Me</li>", "" };
    size_t start[] = { 8, 29, 43 }, end[] = { 15, 31, 43 }, fill_len[3], i;

    for (i = 0; i < 3; i++)
        fill_len[i] = strlen(fill[i]);
    CU_ASSERT(joins(page, strlen(page), start, end, fill, fill_len, 3));
}

static void brpieces__gaps_at_the_ends_empty_pieces_and_none(void)
{
    static const char *const fill[] = { "AAA", "ZZZ", "" };
    size_t start[] = { 0, 5, 6 }, end[] = { 1, 6, 6 }, fill_len[] = { 3, 3, 0 };
    size_t at[] = { 0, 0 }, len2[] = { 2, 2 };
    static const char *const two[] = { "xy", "zw" };

    CU_ASSERT(joins("xmidly", 6, start, end, fill, fill_len, 3));
    CU_ASSERT(joins("no gaps at all", 14, NULL, NULL, NULL, NULL, 0));
    CU_ASSERT(joins("", 0, NULL, NULL, NULL, NULL, 0));
    CU_ASSERT(joins("", 0, at, at, two, len2, 2)); /* fills alone */
}

static void brpieces__a_fill_longer_than_a_meta_block(void)
{
    size_t big = 140000, start[] = { 2 }, end[] = { 3 }, fill_len[] = { big };
    char *fill0 = malloc(big);
    const char *fill[] = { fill0 };
    size_t i;

    for (i = 0; i < big; i++)
        fill0[i] = (char)('a' + i % 23);
    CU_ASSERT(joins("abXcd", 5, start, end, fill, fill_len, 1));
    free(fill0);
}

/* Pages of repeated HTML (copies near and far, the same distance again),
 * cut at random places and filled with text that repeats the page too: the
 * decoder's state after a fill is never what the next piece's encoder saw. */
static void brpieces__random_pages_and_fills(void)
{
    static const char *const words[] = { "<li class=\"course\">",
                                         "</li>",
                                         "<a href=\"/cy/",
                                         "cyrsiau",
                                         "courses/",
                                         "Siân",
                                         "\">",
                                         " ",
                                         "data ",
                                         "<span>0</span>",
                                         "\n",
                                         "ŵ",
                                         "design" };
    struct sbuf page = SBUF_INIT;
    unsigned seed = 22;
    int round, ok = 1;

    for (round = 0; round < 200 && ok; round++) {
        size_t n_gaps = (size_t)rand_r(&seed) % 12, start[12], end[12], fill_len[12], i;
        const char *fill[12];
        size_t len = 1 + (size_t)rand_r(&seed) % (round % 10 == 0 ? 300000 : 6000);

        sbuf_reset(&page);
        while (page.len < len)
            sbuf_adds(&page, words[(size_t)rand_r(&seed) % (sizeof(words) / sizeof(words[0]))]);
        for (i = 0; i < n_gaps; i++) {
            start[i] = (size_t)rand_r(&seed) % (page.len + 1);
            end[i] = start[i] + (size_t)rand_r(&seed) % 40;
            if (end[i] > page.len)
                end[i] = page.len;
        }
        /* in order, not overlapping */
        for (i = 1; i < n_gaps; i++) {
            size_t j = i, s = start[i], e = end[i];

            while (j > 0 && start[j - 1] > s) {
                start[j] = start[j - 1];
                end[j] = end[j - 1];
                j--;
            }
            start[j] = s;
            end[j] = e;
        }
        for (i = 0; i < n_gaps; i++) {
            if (i && start[i] < end[i - 1])
                start[i] = end[i - 1];
            if (end[i] < start[i])
                end[i] = start[i];
            /* a fill cut from the page itself, anywhere */
            fill[i] = page.buf + (size_t)rand_r(&seed) % page.len;
            fill_len[i] = (size_t)rand_r(&seed) % 200;
            if (fill[i] + fill_len[i] > page.buf + page.len)
                fill_len[i] = (size_t)(page.buf + page.len - fill[i]);
        }
        ok = joins(page.buf, page.len, start, end, fill, fill_len, n_gaps);
        CU_ASSERT(ok);
    }
    sbuf_release(&page);
}

static void brpieces__gaps_out_of_order_are_refused(void)
{
    struct arena a;
    struct brpieces b;
    size_t start[] = { 4, 2 }, end[] = { 5, 3 }, past[] = { 9 };

    arena_init(&a, 4096);
    CU_ASSERT(brpieces_make(&a, "abcdefg", 7, start, end, 2, &b) == -1);
    CU_ASSERT(brpieces_make(&a, "abcdefg", 7, past, past, 1, &b) == -1);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "brpieces__one_stream_decodes_to_the_filled_page",
          brpieces__one_stream_decodes_to_the_filled_page },
        { "brpieces__gaps_at_the_ends_empty_pieces_and_none",
          brpieces__gaps_at_the_ends_empty_pieces_and_none },
        { "brpieces__a_fill_longer_than_a_meta_block", brpieces__a_fill_longer_than_a_meta_block },
        { "brpieces__random_pages_and_fills", brpieces__random_pages_and_fills },
        { "brpieces__gaps_out_of_order_are_refused", brpieces__gaps_out_of_order_are_refused },
        { NULL, NULL },
    };
    test_add_suite("http/brpieces", cases);
}
