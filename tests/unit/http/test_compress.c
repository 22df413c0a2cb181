#include <brotli/decode.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/arena.h"
#include "http/compress.h"
#include "testing.h"

#define BOTH (CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR))

/* Inflate a gzip member; the plain length or (size_t)-1. */
static size_t gunzip(const char *in, size_t len, char *out, size_t cap)
{
    z_stream s;
    size_t n;
    int rc;

    memset(&s, 0, sizeof(s));
    if (inflateInit2(&s, 16 + 15) != Z_OK)
        return (size_t)-1;
    s.next_in = (Bytef *)(uintptr_t)in;
    s.avail_in = (uInt)len;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)cap;
    rc = inflate(&s, Z_FINISH);
    n = s.total_out;
    inflateEnd(&s);
    return rc == Z_STREAM_END && s.avail_in == 0 ? n : (size_t)-1;
}

static size_t unbrotli(const char *in, size_t len, char *out, size_t cap)
{
    size_t n = cap;

    if (BrotliDecoderDecompress(len, (const uint8_t *)in, &n, (uint8_t *)out) !=
        BROTLI_DECODER_RESULT_SUCCESS)
        return (size_t)-1;
    return n;
}

/* A page-like body of len bytes: repetitive markup, as HTML is. */
static char *page_body(size_t len)
{
    static const char unit[] = "<li class=\"course\"><a href=\"/cy/courses/x\">Cwrs</a></li>\n";
    char *b = malloc(len + 1);
    size_t i;

    for (i = 0; i < len; i++)
        b[i] = unit[i % (sizeof(unit) - 1)];
    b[len] = '\0';
    return b;
}

/* Both variants decompress to exactly the plain body, and are smaller. */
static void assert_round_trip(const struct compressed *c, const char *body, size_t len)
{
    char *out = malloc(len + 16);

    CU_ASSERT_PTR_EQUAL(c->body[CODING_IDENTITY], body);
    CU_ASSERT_EQUAL(c->len[CODING_IDENTITY], len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->body[CODING_GZIP]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->body[CODING_BR]);
    CU_ASSERT(c->len[CODING_GZIP] < len);
    CU_ASSERT(c->len[CODING_BR] < len);
    CU_ASSERT_EQUAL(gunzip(c->body[CODING_GZIP], c->len[CODING_GZIP], out, len + 16), len);
    CU_ASSERT_EQUAL(memcmp(out, body, len), 0);
    CU_ASSERT_EQUAL(unbrotli(c->body[CODING_BR], c->len[CODING_BR], out, len + 16), len);
    CU_ASSERT_EQUAL(memcmp(out, body, len), 0);
    CU_ASSERT_EQUAL(compress_available(c), CODING_BIT(CODING_IDENTITY) | BOTH);
    free(out);
}

static void compress__round_trip_arena(void)
{
    size_t len = 20000;
    char *body = page_body(len);
    struct arena a;
    struct compressed c;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL(compress_body(&a, body, len, BOTH, COMPRESS_FAST, &c), 0);
    assert_round_trip(&c, body, len);
    CU_ASSERT_FALSE(c.on_heap);
    compress_release(&c); /* a no-op for arena variants */
    arena_release(&a);
    free(body);
}

static void compress__round_trip_heap_every_effort(void)
{
    size_t len = 5000;
    char *body = page_body(len);
    struct compressed c;
    int e;

    for (e = COMPRESS_FAST; e <= COMPRESS_BEST; e++) {
        CU_ASSERT_EQUAL(compress_body(NULL, body, len, BOTH, (enum compress_effort)e, &c), 0);
        assert_round_trip(&c, body, len);
        CU_ASSERT_TRUE(c.on_heap);
        compress_release(&c);
        CU_ASSERT_PTR_NULL(c.body[CODING_BR]);
    }
    free(body);
}

/* Only the codings asked for are made. */
static void compress__only_what_is_asked(void)
{
    size_t len = 4000;
    char *body = page_body(len);
    struct compressed c;

    CU_ASSERT_EQUAL(compress_body(NULL, body, len, CODING_BIT(CODING_GZIP), COMPRESS_FAST, &c), 0);
    CU_ASSERT_PTR_NOT_NULL(c.body[CODING_GZIP]);
    CU_ASSERT_PTR_NULL(c.body[CODING_BR]);
    CU_ASSERT_EQUAL(compress_available(&c), CODING_BIT(CODING_IDENTITY) | CODING_BIT(CODING_GZIP));
    compress_release(&c);
    CU_ASSERT_EQUAL(compress_body(NULL, body, len, 0, COMPRESS_FAST, &c), 0);
    CU_ASSERT_EQUAL(compress_available(&c), CODING_BIT(CODING_IDENTITY));
    compress_release(&c);
    free(body);
}

/* Under COMPRESS_MIN_LEN nothing is made; a body that does not shrink keeps no variant. */
static void compress__small_and_incompressible(void)
{
    size_t len = COMPRESS_MIN_LEN - 1, i;
    char *body = page_body(len);
    char *noise = malloc(8192);
    unsigned x = 12345;
    struct compressed c;

    CU_ASSERT_EQUAL(compress_body(NULL, body, len, BOTH, COMPRESS_FAST, &c), 0);
    CU_ASSERT_EQUAL(compress_available(&c), CODING_BIT(CODING_IDENTITY));
    CU_ASSERT_EQUAL(c.len[CODING_IDENTITY], len);
    compress_release(&c);
    free(body);
    body = page_body(COMPRESS_MIN_LEN);
    CU_ASSERT_EQUAL(compress_body(NULL, body, COMPRESS_MIN_LEN, BOTH, COMPRESS_FAST, &c), 0);
    CU_ASSERT_EQUAL(compress_available(&c), CODING_BIT(CODING_IDENTITY) | BOTH);
    compress_release(&c);
    free(body);

    for (i = 0; i < 8192; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 16);
    }
    CU_ASSERT_EQUAL(compress_body(NULL, noise, 8192, BOTH, COMPRESS_BEST, &c), 0);
    CU_ASSERT_EQUAL(compress_available(&c), CODING_BIT(CODING_IDENTITY));
    compress_release(&c);
    free(noise);
}

static void compress__types(void)
{
    static const struct {
        const char *type;
        int want;
    } cases[] = {
        { "text/html; charset=utf-8", 1 },
        { "text/html", 1 },
        { "TEXT/HTML;charset=utf-8", 1 },
        { "text/css; charset=utf-8", 1 },
        { "text/javascript; charset=utf-8", 1 },
        { "application/json", 1 },
        { "application/json; charset=utf-8", 1 },
        { "image/svg+xml", 1 },
        { "text/calendar; charset=utf-8", 1 },
        { "text/csv; charset=utf-8", 1 },
        { "application/manifest+json", 1 },
        { "text/plain; charset=utf-8", 0 },
        { "image/png", 0 },
        { "font/woff2", 0 },
        { "application/octet-stream", 0 },
        { "text/htmlx", 0 },
        { "text/htm", 0 },
        { "", 0 },
        { NULL, 0 },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CU_ASSERT_EQUAL(compress_type_ok(cases[i].type), cases[i].want);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "compress__round_trip_arena", compress__round_trip_arena },
        { "compress__round_trip_heap_every_effort", compress__round_trip_heap_every_effort },
        { "compress__only_what_is_asked", compress__only_what_is_asked },
        { "compress__small_and_incompressible", compress__small_and_incompressible },
        { "compress__types", compress__types },
        { NULL, NULL },
    };
    test_add_suite("http/compress", cases);
}
