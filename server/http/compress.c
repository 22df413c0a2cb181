#include "compress.h"

#include <assert.h>
#include <brotli/encode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"

/* gzip level and brotli quality of each effort (docs/decisions.md, "Compression") */
static const struct {
    int gzip_level;
    int brotli_quality;
} efforts[] = {
    [COMPRESS_FAST] = { 1, 1 },
    [COMPRESS_CACHE] = { 6, 5 },
    [COMPRESS_BEST] = { Z_BEST_COMPRESSION, BROTLI_MAX_QUALITY },
};

static const char *const compressible[] = {
    "text/html",        "text/css", "text/javascript",           "application/javascript",
    "application/json", "text/csv", "application/manifest+json", "text/calendar",
    "image/svg+xml",
};

int compress_type_ok(const char *content_type)
{
    size_t i, n;

    if (!content_type)
        return 0;
    n = strcspn(content_type, "; \t");
    for (i = 0; i < sizeof(compressible) / sizeof(compressible[0]); i++)
        if (strlen(compressible[i]) == n && !strncasecmp(content_type, compressible[i], n))
            return 1;
    return 0;
}

static char *out_alloc(struct arena *a, size_t n)
{
    return a ? arena_alloc(a, n) : xmalloc(n);
}

/* gzip of in[0..len) into out[0..*out_len); 0, or -1 (also when it does not fit). */
static int gzip_into(const void *in, size_t len, int level, char *out, size_t *out_len)
{
    z_stream s;
    int rc, wbits = 9;

    /* a window no larger than the body (matches reach back no further), and
     * the hash sized with it: a 5 KB page needs 48 KB of state, not 256 KB */
    while (wbits < 15 && ((size_t)1 << wbits) < len)
        wbits++;
    memset(&s, 0, sizeof(s));
    /* windowBits + 16: a gzip wrapper (RFC 1952), not zlib's own */
    if (deflateInit2(&s, level, Z_DEFLATED, wbits + 16, wbits - 7, Z_DEFAULT_STRATEGY) != Z_OK)
        return log_error("cannot start gzip: %s", s.msg ? s.msg : "out of memory");
    s.next_in = (Bytef *)(uintptr_t)in; /* zlib's API is not const-correct */
    s.avail_in = (uInt)len;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)*out_len;
    rc = deflate(&s, Z_FINISH);
    *out_len = s.total_out;
    deflateEnd(&s);
    if (rc != Z_STREAM_END)
        return log_error("cannot gzip a body of %zu bytes: %d", len, rc);
    return 0;
}

static int brotli_into(const void *in, size_t len, int quality, char *out, size_t *out_len)
{
    if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, in, out_len,
                               (uint8_t *)out))
        return log_error("cannot brotli-compress a body of %zu bytes", len);
    return 0;
}

/* One variant of body into c->body[k]; 0 when made or not worth it, -1 on failure. */
static int make(struct arena *a, const void *body, size_t len, enum coding k,
                enum compress_effort effort, struct compressed *c)
{
    size_t bound = k == CODING_GZIP ? deflateBound(NULL, (uLong)len) + 32
                                    : BrotliEncoderMaxCompressedSize(len);
    size_t n = bound;
    char *out;
    int rc;

    if (bound == 0 || bound > UINT32_MAX)
        return log_error("a body of %zu bytes is too large to compress", len);
    out = out_alloc(a, bound);
    rc = k == CODING_GZIP ? gzip_into(body, len, efforts[effort].gzip_level, out, &n)
                          : brotli_into(body, len, efforts[effort].brotli_quality, out, &n);
    if (rc || n >= len) {
        if (!a)
            free(out);
        return rc;
    }
    if (!a)
        out = xrealloc(out, n);
    c->body[k] = out;
    c->len[k] = n;
    return 0;
}

int compress_body(struct arena *a, const void *body, size_t len, unsigned codings,
                  enum compress_effort effort, struct compressed *c)
{
    int ret = 0;

    assert(effort >= COMPRESS_FAST && effort <= COMPRESS_BEST);
    assert(body || len == 0);
    memset(c, 0, sizeof(*c));
    c->body[CODING_IDENTITY] = body;
    c->len[CODING_IDENTITY] = len;
    c->on_heap = !a;
    if (len < COMPRESS_MIN_LEN)
        return 0;
    if ((codings & CODING_BIT(CODING_BR)) && make(a, body, len, CODING_BR, effort, c))
        ret = -1;
    if ((codings & CODING_BIT(CODING_GZIP)) && make(a, body, len, CODING_GZIP, effort, c))
        ret = -1;
    return ret;
}

void compress_release(struct compressed *c)
{
    int k;

    for (k = 0; c->on_heap && k < CODING__MAX; k++)
        if (k != CODING_IDENTITY)
            free((void *)(uintptr_t)c->body[k]);
    memset(c, 0, sizeof(*c));
}

unsigned compress_available(const struct compressed *c)
{
    unsigned bits = CODING_BIT(CODING_IDENTITY);
    int k;

    for (k = 0; k < CODING__MAX; k++)
        if (c->body[k])
            bits |= CODING_BIT(k);
    return bits;
}
