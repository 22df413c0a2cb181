#include "brpieces.h"

#include <brotli/encode.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"

#define QUALITY  1 /* the only quality whose pieces join: brpieces.h */
#define HEAD_MAX 8 /* the stream header and its padding: 2 bytes at 22 */
_Static_assert(HEAD_MAX == sizeof(((struct brpieces *)0)->head), "a piece's header fits b->head");
#define FILL_MAX  65536u /* bytes in one uncompressed meta-block of 4 nibbles */
#define FILL_HEAD 3      /* its header: 20 bits, padded to a byte */

/* One encoder's output for in[0..len) with op, appended at out (room for
 * *out_len; set to the bytes written). 0, or -1. */
static int encode(BrotliEncoderState *s, BrotliEncoderOperation op, const char *in, size_t len,
                  char *out, size_t *out_len)
{
    const uint8_t *next_in = (const uint8_t *)in;
    uint8_t *next_out = (uint8_t *)out;
    size_t avail_in = len, avail_out = *out_len;

    do {
        if (!BrotliEncoderCompressStream(s, op, &avail_in, &next_in, &avail_out, &next_out, NULL))
            return -1;
        if (!avail_out && BrotliEncoderHasMoreOutput(s))
            return -1;
    } while (avail_in || BrotliEncoderHasMoreOutput(s) ||
             (op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(s)));
    *out_len = *out_len - avail_out;
    return 0;
}

/* in[0..len) as a piece (last: finished) into out, by an encoder of its
 * own; the stream header it wrote first into head (room HEAD_MAX, its
 * length *head_len). 0, or -1 (logged). */
static int piece_into(const char *in, size_t len, int last, char *out, size_t *out_len, char *head,
                      size_t *head_len)
{
    BrotliEncoderState *s = BrotliEncoderCreateInstance(NULL, NULL, NULL);
    int rc = -1;

    *head_len = HEAD_MAX;
    if (s && BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, QUALITY) &&
        BrotliEncoderSetParameter(s, BROTLI_PARAM_LGWIN, BROTLI_DEFAULT_WINDOW) &&
        BrotliEncoderSetParameter(s, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT) &&
        /* the header, then an empty block padding it to a byte */
        !encode(s, BROTLI_OPERATION_FLUSH, NULL, 0, head, head_len) &&
        !encode(s, last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_FLUSH, in, len, out, out_len))
        rc = 0;
    if (s)
        BrotliEncoderDestroyInstance(s);
    if (rc)
        return log_error("cannot compress a brotli piece of %zu bytes", len);
    return 0;
}

int brpieces_make(struct arena *a, const char *page, size_t len, const size_t *start,
                  const size_t *end, size_t n_gaps, struct brpieces *b)
{
    char head[HEAD_MAX];
    size_t i, at = 0, room = 0, used = 0, head_len;
    char *z;

    memset(b, 0, sizeof(*b));
    for (i = 0; i < n_gaps; i++)
        if (start[i] > end[i] || end[i] > len || (i && start[i] < end[i - 1]))
            return log_error("brpieces_make: gaps out of order");
    b->n = n_gaps + 1;
    b->piece = arena_alloc(a, b->n * sizeof(*b->piece));
    for (i = 0; i < b->n; i++) {
        size_t to = i < n_gaps ? start[i] : len;

        b->piece[i].z_off = at; /* the plain offset, for now */
        b->piece[i].z_len = to - at;
        room += BrotliEncoderMaxCompressedSize(to - at) + 16;
        at = i < n_gaps ? end[i] : len;
    }
    z = arena_alloc(a, room);
    for (i = 0; i < b->n; i++) {
        struct brpieces_piece *p = &b->piece[i];
        size_t k = room - used;

        if (piece_into(page + p->z_off, p->z_len, i + 1 == b->n, z + used, &k, head, &head_len))
            return -1;
        if (i == 0) {
            memcpy(b->head, head, head_len);
            b->head_len = head_len;
        } else if (head_len != b->head_len || memcmp(head, b->head, head_len)) {
            return log_error("brpieces_make: the pieces' stream headers differ");
        }
        p->z_off = used;
        p->z_len = k;
        used += k;
    }
    b->z = z;
    b->z_len = used;
    return 0;
}

/* s[0..len) as uncompressed meta-blocks, none last (RFC 7932 section 9.2):
 * ISLAST 0, MNIBBLES 4, MLEN - 1, ISUNCOMPRESSED 1, zero bits to a byte. */
static void put_fill(struct sbuf *out, const char *s, size_t len)
{
    while (len) {
        size_t n = len < FILL_MAX ? len : FILL_MAX;
        unsigned long v = ((unsigned long)(n - 1) << 3) | (1ul << 19);
        unsigned char h[FILL_HEAD] = { (unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
                                       (unsigned char)((v >> 16) & 0xff) };

        sbuf_add(out, h, sizeof(h));
        sbuf_add(out, s, n);
        s += n;
        len -= n;
    }
}

void brpieces_join(struct sbuf *out, const struct brpieces *b, const char *const *fill,
                   const size_t *fill_len)
{
    size_t i;

    sbuf_add(out, b->head, b->head_len);
    for (i = 0; i < b->n; i++) {
        sbuf_add(out, b->z + b->piece[i].z_off, b->piece[i].z_len);
        if (i + 1 < b->n)
            put_fill(out, fill[i], fill_len[i]);
    }
}

size_t brpieces_bound(const struct brpieces *b, size_t total)
{
    return b->head_len + b->z_len + total + FILL_HEAD * (total / FILL_MAX + b->n);
}
