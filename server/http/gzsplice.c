#include "gzsplice.h"

#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"

#define LEVEL      6
#define STORED_MAX 65535u /* bytes in one stored deflate block */

/* Raw deflate of in[0..len) into out (room for *out_len), ended with a sync
 * flush or, when last, finished. 0, or -1. */
static int piece_into(const char *in, size_t len, int last, char *out, size_t *out_len)
{
    z_stream s;
    int rc;

    memset(&s, 0, sizeof(s));
    if (deflateInit2(&s, LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return log_error("cannot start deflate: %s", s.msg ? s.msg : "out of memory");
    s.next_in = (Bytef *)(uintptr_t)in; /* zlib's API is not const-correct */
    s.avail_in = (uInt)len;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)*out_len;
    rc = deflate(&s, last ? Z_FINISH : Z_SYNC_FLUSH);
    *out_len = s.total_out;
    deflateEnd(&s);
    if (last ? rc != Z_STREAM_END : (rc != Z_OK || s.avail_in || !s.avail_out))
        return log_error("cannot deflate a piece of %zu bytes: %d", len, rc);
    return 0;
}

int gzsplice_make(struct arena *a, const char *page, size_t len, const struct splice *holes,
                  struct gzsplice *g)
{
    size_t i, at = 0, room = 0, used = 0;
    char *z;

    if (!splice_ok(holes, len))
        return -1;
    memset(g, 0, sizeof(*g));
    g->n = holes->n + 1;
    for (i = 0; i < g->n; i++) {
        size_t end = i < holes->n ? holes->hole[i].start : len;

        g->piece[i].len = end - at;
        g->piece[i].z_off = at; /* the plain offset, for now */
        room += deflateBound(NULL, (uLong)(end - at)) + 16;
        at = i < holes->n ? holes->hole[i].end : len;
    }
    z = arena_alloc(a, room);
    for (i = 0; i < g->n; i++) {
        struct gzsplice_piece *p = &g->piece[i];
        const char *in = page + p->z_off;
        size_t n = room - used;

        p->crc = crc32(0L, (const Bytef *)in, (uInt)p->len);
        if (piece_into(in, p->len, i + 1 == g->n, z + used, &n))
            return -1;
        p->z_off = used;
        p->z_len = n;
        used += n;
    }
    g->z = z;
    g->z_len = used;
    return 0;
}

/* s[0..len) as stored deflate blocks, none final (RFC 1951 section 3.2.4):
 * the stream is byte-aligned after each piece's sync flush. */
static void put_stored(struct sbuf *out, const char *s, size_t len)
{
    do {
        size_t n = len < STORED_MAX ? len : STORED_MAX;
        unsigned char h[5] = { 0, (unsigned char)(n & 0xff), (unsigned char)(n >> 8),
                               (unsigned char)(~n & 0xff), (unsigned char)((~n >> 8) & 0xff) };

        sbuf_add(out, h, sizeof(h));
        sbuf_add(out, s, n);
        s += n;
        len -= n;
    } while (len);
}

static void put_le32(struct sbuf *out, unsigned long v)
{
    unsigned char b[4] = { (unsigned char)(v & 0xff), (unsigned char)((v >> 8) & 0xff),
                           (unsigned char)((v >> 16) & 0xff), (unsigned char)((v >> 24) & 0xff) };

    sbuf_add(out, b, sizeof(b));
}

void gzsplice_join(struct sbuf *out, const struct gzsplice *g, const char *const *fill,
                   const size_t *fill_len)
{
    /* RFC 1952: deflate, no flags, no time, no extra flags, OS unknown */
    static const unsigned char header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };
    unsigned long crc = 0;
    size_t i, total = 0;

    sbuf_add(out, header, sizeof(header));
    for (i = 0; i < g->n; i++) {
        const struct gzsplice_piece *p = &g->piece[i];

        sbuf_add(out, g->z + p->z_off, p->z_len);
        crc = crc32_combine(crc, p->crc, (z_off_t)p->len);
        total += p->len;
        if (i + 1 == g->n)
            break;
        if (fill_len[i])
            put_stored(out, fill[i], fill_len[i]);
        crc = crc32_combine(crc, crc32(0L, (const Bytef *)fill[i], (uInt)fill_len[i]),
                            (z_off_t)fill_len[i]);
        total += fill_len[i];
    }
    put_le32(out, crc);
    put_le32(out, (unsigned long)(total & 0xffffffffu));
}
