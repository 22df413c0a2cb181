#include "gzsplice.h"

#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"

#define LEVEL      6
#define STORED_MAX 65535u /* bytes in one stored deflate block */

/* RFC 1952: deflate, no flags, no time, no extra flags, OS unknown */
static const unsigned char member_head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };

/* Raw deflate of in[0..len) at level into out (room for *out_len), its
 * window no bigger than the input needs, ended with a sync flush or, when
 * last, finished. 0, or -1. */
static int piece_into(const char *in, size_t len, int level, int last, char *out, size_t *out_len)
{
    z_stream s;
    int rc, wbits = 9;

    while (wbits < 15 && ((size_t)1 << wbits) < len)
        wbits++;
    memset(&s, 0, sizeof(s));
    if (deflateInit2(&s, level, Z_DEFLATED, -wbits, wbits - 7, Z_DEFAULT_STRATEGY) != Z_OK)
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

/* The n + 1 pieces of page[0..len) around the holes [start[i], end[i]),
 * each compressed once at LEVEL, into one block of a; the last one
 * finished when final. 0, or -1 (logged). */
static int pieces_into(struct arena *a, const char *page, size_t len, const size_t *start,
                       const size_t *end, size_t n, int final, struct gzsplice_piece *piece,
                       const char **z_out, size_t *z_len)
{
    size_t i, at = 0, room = 0, used = 0;
    char *z;

    for (i = 0; i <= n; i++) {
        size_t to = i < n ? start[i] : len;

        piece[i].len = to - at;
        piece[i].z_off = at; /* the plain offset, for now */
        room += deflateBound(NULL, (uLong)(to - at)) + 16;
        at = i < n ? end[i] : len;
    }
    z = arena_alloc(a, room);
    for (i = 0; i <= n; i++) {
        struct gzsplice_piece *p = &piece[i];
        const char *in = page + p->z_off;
        size_t k = room - used;

        p->crc = crc32(0L, (const Bytef *)in, (uInt)p->len);
        if (piece_into(in, p->len, LEVEL, final && i == n, z + used, &k))
            return -1;
        p->z_off = used;
        p->z_len = k;
        used += k;
    }
    *z_out = z;
    *z_len = used;
    return 0;
}

int gzsplice_make(struct arena *a, const char *page, size_t len, const struct splice *holes,
                  struct gzsplice *g)
{
    size_t i, start[SPLICE_MAX_HOLES], end[SPLICE_MAX_HOLES];

    if (!splice_ok(holes, len))
        return -1;
    memset(g, 0, sizeof(*g));
    g->n = holes->n + 1;
    for (i = 0; i < holes->n; i++) {
        start[i] = holes->hole[i].start;
        end[i] = holes->hole[i].end;
    }
    return pieces_into(a, page, len, start, end, holes->n, 1, g->piece, &g->z, &g->z_len);
}

int gzpieces_make(struct arena *a, const char *page, size_t len, const size_t *start,
                  const size_t *end, size_t n_gaps, struct gzpieces *g)
{
    size_t i;

    memset(g, 0, sizeof(*g));
    for (i = 0; i < n_gaps; i++)
        if (start[i] > end[i] || end[i] > len || (i && start[i] < end[i - 1]))
            return log_error("gzpieces_make: gaps out of order");
    g->piece = arena_alloc(a, (n_gaps + 1) * sizeof(*g->piece));
    g->n = n_gaps + 1;
    return pieces_into(a, page, len, start, end, n_gaps, 1, g->piece, &g->z, &g->z_len);
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

/* p's compressed bytes into out, its CRC-32 and length into *crc and *total. */
static void put_piece(struct sbuf *out, const char *z, const struct gzsplice_piece *p,
                      unsigned long *crc, size_t *total)
{
    sbuf_add(out, z + p->z_off, p->z_len);
    *crc = crc32_combine(*crc, p->crc, (z_off_t)p->len);
    *total += p->len;
}

/* s[0..len) as stored blocks (nothing when empty), into *crc and *total. */
static void put_fill(struct sbuf *out, const char *s, size_t len, unsigned long *crc, size_t *total)
{
    if (len)
        put_stored(out, s, len);
    *crc = crc32_combine(*crc, crc32(0L, (const Bytef *)s, (uInt)len), (z_off_t)len);
    *total += len;
}

/* One gzip member of the n pieces with fill[i] between pieces i and i + 1. */
static void join(struct sbuf *out, const char *z, const struct gzsplice_piece *piece, size_t n,
                 const char *const *fill, const size_t *fill_len)
{
    unsigned long crc = 0;
    size_t i, total = 0;

    sbuf_add(out, member_head, sizeof(member_head));
    for (i = 0; i < n; i++) {
        put_piece(out, z, &piece[i], &crc, &total);
        if (i + 1 < n)
            put_fill(out, fill[i], fill_len[i], &crc, &total);
    }
    put_le32(out, crc);
    put_le32(out, (unsigned long)(total & 0xffffffffu));
}

void gzsplice_join(struct sbuf *out, const struct gzsplice *g, const char *const *fill,
                   const size_t *fill_len)
{
    join(out, g->z, g->piece, g->n, fill, fill_len);
}

void gzpieces_join(struct sbuf *out, const struct gzpieces *g, const char *const *fill,
                   const size_t *fill_len)
{
    join(out, g->z, g->piece, g->n, fill, fill_len);
}
