/*
 * Compressed responses over real HTTP (issue 26): Accept-Encoding chooses br,
 * gzip or the plain body; every compressed body decompresses (zlib,
 * libbrotlidec) to exactly the plain body; Vary on every compressible
 * response; HEAD and 304 without a body; small bodies as they are; static
 * files' ETag per variant and their caching.
 */
#include <brotli/decode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"
#include "testing.h"

static struct server srv;

static int start(void)
{
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return server_stop(&srv);
}

/* GET path, with "Accept-Encoding: ae" unless ae is NULL. */
static struct http_resp get_ae(const char *path, const char *ae, const char *more)
{
    struct http_resp r;
    char hdr[512] = "";

    if (ae)
        snprintf(hdr, sizeof(hdr), "Accept-Encoding: %s\r\n%s", ae, more ? more : "");
    else if (more)
        snprintf(hdr, sizeof(hdr), "%s", more);
    CU_ASSERT_FATAL(http_get(&srv, path, hdr, &r) == 0);
    return r;
}

/* 1 when header name is present and equals want (want NULL: absent). */
static int header_is(const struct http_resp *r, const char *name, const char *want)
{
    char *v = http_header(r, name);
    int ok = want ? v && !strcmp(v, want) : !v;

    if (!ok)
        fprintf(stderr, "%s: '%s', expected '%s'\n", name, v ? v : "(none)",
                want ? want : "(none)");
    free(v);
    return ok;
}

static size_t header_size(const struct http_resp *r, const char *name)
{
    char *v = http_header(r, name);
    size_t n = v ? strtoul(v, NULL, 10) : (size_t)-1;

    free(v);
    return n;
}

/* The body decoded from coding ("br", "gzip" or NULL); malloc'd, *len set; NULL if it fails. */
static char *decode(const struct http_resp *r, const char *coding, size_t *len)
{
    size_t cap = 1024 * 1024;
    char *out = malloc(cap);

    if (!coding) {
        memcpy(out, r->body, r->body_len);
        *len = r->body_len;
        return out;
    }
    if (!strcmp(coding, "br")) {
        *len = cap;
        if (BrotliDecoderDecompress(r->body_len, (const uint8_t *)r->body, len, (uint8_t *)out) ==
            BROTLI_DECODER_RESULT_SUCCESS)
            return out;
    } else {
        z_stream s;
        int rc;

        memset(&s, 0, sizeof(s));
        if (inflateInit2(&s, 16 + 15) == Z_OK) {
            s.next_in = (Bytef *)r->body;
            s.avail_in = (uInt)r->body_len;
            s.next_out = (Bytef *)out;
            s.avail_out = (uInt)cap;
            rc = inflate(&s, Z_FINISH);
            *len = s.total_out;
            inflateEnd(&s);
            if (rc == Z_STREAM_END && s.avail_in == 0)
                return out;
        }
    }
    free(out);
    return NULL;
}

/* 1 when the decoded body is plain's body, byte for byte. */
static int same(const char *body, size_t len, const struct http_resp *plain)
{
    return len == plain->body_len && !memcmp(body, plain->body, len);
}

/* Ask for path with each Accept-Encoding and check the coding chosen, the
 * Content-Length, Vary, and that the body decodes to exactly the plain one. */
static void compress__negotiation_and_round_trip(void)
{
    static const char *const paths[] = {
        "/cy/courses",              /* HTML */
        "/en/courses",              /* HTML */
        "/api/v1/courses?q=design", /* JSON */
        "/static/css/dysgu.css",    /* CSS, compressed at start-up */
    };

    static const struct {
        const char *ae;   /* NULL: no Accept-Encoding */
        const char *want; /* Content-Encoding, NULL: none */
    } cases[] = {
        { NULL, NULL },
        { "", NULL },
        { "identity", NULL },
        { "gzip", "gzip" },
        { "x-gzip", "gzip" },
        { "br", "br" },
        { "gzip, deflate, br, zstd", "br" },
        { "gzip;q=1, br;q=0.5", "gzip" },
        { "br;q=0, gzip", "gzip" },
        { "gzip;q=0", NULL },
        { "br;q=0, gzip;q=0", NULL },
        { "*", "br" },
        { "*;q=0", NULL },
        { "*;q=0, gzip", "gzip" },
        { "br;q=0, *", "gzip" },
        { "deflate, zstd", NULL },
        { "br;q=nonsense, gzip", "gzip" },
    };

    size_t p, i;

    for (p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
        struct http_resp plain = get_ae(paths[p], NULL, NULL);

        CU_ASSERT_EQUAL_FATAL(plain.status, 200);
        CU_ASSERT_FATAL(plain.body_len >= 2048);
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct http_resp r = get_ae(paths[p], cases[i].ae, NULL);
            size_t len = 0;
            char *body;

            CU_ASSERT_EQUAL(r.status, 200);
            if (!header_is(&r, "Content-Encoding", cases[i].want))
                fprintf(stderr, "  %s with Accept-Encoding '%s'\n", paths[p],
                        cases[i].ae ? cases[i].ae : "(none)");
            CU_ASSERT(header_is(&r, "Content-Encoding", cases[i].want));
            CU_ASSERT(header_is(&r, "Vary", "Accept-Encoding"));
            CU_ASSERT_EQUAL(header_size(&r, "Content-Length"), r.body_len);
            CU_ASSERT(!cases[i].want || r.body_len < plain.body_len / 2);
            body = decode(&r, cases[i].want, &len);
            CU_ASSERT_PTR_NOT_NULL_FATAL(body);
            if (!same(body, len, &plain)) {
                /* other tests share the database: the catalogue may have
                 * changed since the plain copy was read; read it again */
                http_resp_free(&plain);
                plain = get_ae(paths[p], NULL, NULL);
            }
            CU_ASSERT_EQUAL(len, plain.body_len);
            CU_ASSERT(same(body, len, &plain));
            free(body);
            http_resp_free(&r);
        }
        http_resp_free(&plain);
    }
}

/* Vary on every compressible response, compressed or not; never on text/plain. */
static void compress__vary_and_small_bodies(void)
{
    static const struct {
        const char *path;
        int status;
        const char *vary;
    } cases[] = {
        { "/static/img/logo.svg", 200, "Accept-Encoding" },           /* SVG, 311 bytes */
        { "/api/v1/courses/no-such-course", 404, "Accept-Encoding" }, /* small JSON */
        { "/cy/no-such-page", 404, "Accept-Encoding" },               /* the HTML error page */
        { "/healthz", 200, NULL },                                    /* text/plain */
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_resp r = get_ae(cases[i].path, "gzip, deflate, br", NULL);

        CU_ASSERT_EQUAL(r.status, cases[i].status);
        CU_ASSERT(header_is(&r, "Vary", cases[i].vary));
        /* under ~1 KB: sent as it is */
        CU_ASSERT(header_is(&r, "Content-Encoding", r.body_len < 1024 ? NULL : "br"));
        http_resp_free(&r);
    }
}

/* HEAD: the headers GET would have (the encoded length too), no body. */
static void compress__head_has_headers_and_no_body(void)
{
    static const char *const paths[] = { "/cy/courses", "/static/css/dysgu.css" };
    static const char *const aes[] = { "br", "gzip", "identity" };
    size_t p, i;

    for (p = 0; p < 2; p++)
        for (i = 0; i < 3; i++) {
            struct http_resp g = get_ae(paths[p], aes[i], NULL), h;
            char raw[512];
            int n = snprintf(raw, sizeof(raw),
                             "HEAD %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: %s\r\n"
                             "Connection: close\r\n\r\n",
                             paths[p], aes[i]);
            char *ce;

            CU_ASSERT_FATAL(http_raw(&srv, raw, (size_t)n, &h) == 0);
            CU_ASSERT_EQUAL(h.status, 200);
            CU_ASSERT_EQUAL(h.body_len, 0);
            ce = http_header(&g, "Content-Encoding");
            CU_ASSERT(header_is(&h, "Content-Encoding", ce));
            CU_ASSERT(header_is(&h, "Vary", "Accept-Encoding"));
            CU_ASSERT_EQUAL(header_size(&h, "Content-Length"), g.body_len);
            free(ce);
            http_resp_free(&g);
            http_resp_free(&h);
        }
}

/* Each variant of a static file has its own ETag; a 304 answers only the
 * variant asked for, with no body, no Content-Length and the right headers. */
static void compress__static_etag_per_variant_and_304(void)
{
    static const char *const aes[] = { "br", "gzip", "identity" };
    char *etag[3], hdr[256];
    size_t i, j;

    for (i = 0; i < 3; i++) {
        struct http_resp r = get_ae("/static/css/dysgu.css", aes[i], NULL);

        etag[i] = http_header(&r, "ETag");
        CU_ASSERT_PTR_NOT_NULL_FATAL(etag[i]);
        http_resp_free(&r);
    }
    CU_ASSERT(strcmp(etag[0], etag[1]) && strcmp(etag[0], etag[2]) && strcmp(etag[1], etag[2]));
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            struct http_resp r;

            snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag[j]);
            r = get_ae("/static/css/dysgu.css", aes[i], hdr);
            if (i == j) {
                CU_ASSERT_EQUAL(r.status, 304);
                CU_ASSERT_EQUAL(r.body_len, 0);
                CU_ASSERT(header_is(&r, "Content-Length", NULL));
                CU_ASSERT(header_is(&r, "Content-Encoding", NULL));
                CU_ASSERT(header_is(&r, "ETag", etag[i]));
                CU_ASSERT(header_is(&r, "Vary", "Accept-Encoding"));
                CU_ASSERT(header_is(&r, "Cache-Control", "public, max-age=300"));
            } else {
                CU_ASSERT_EQUAL(r.status, 200);
                CU_ASSERT(r.body_len > 0);
                CU_ASSERT(header_is(&r, "ETag", etag[i]));
            }
            http_resp_free(&r);
        }
    /* weak comparison and lists: W/"..." among others still matches */
    snprintf(hdr, sizeof(hdr), "If-None-Match: \"other\", W/%s\r\n", etag[0]);
    {
        struct http_resp r = get_ae("/static/css/dysgu.css", "br", hdr);

        CU_ASSERT_EQUAL(r.status, 304);
        http_resp_free(&r);
    }
    for (i = 0; i < 3; i++)
        free(etag[i]);
}

/* The fingerprinted URL is immutable for a year; the bare one lives 5 minutes. */
static void compress__static_cache_lifetimes(void)
{
    struct http_resp home = get_ae("/cy/", NULL, NULL), r;
    char path[256];
    const char *v;
    size_t n;

    CU_ASSERT_EQUAL_FATAL(home.status, 200);
    v = strstr(home.body, "/static/css/dysgu.css?v=");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    n = strcspn(v, "\"");
    CU_ASSERT_FATAL(n < sizeof(path));
    memcpy(path, v, n);
    path[n] = '\0';
    r = get_ae(path, "br", NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(header_is(&r, "Cache-Control", "public, max-age=31536000, immutable"));
    CU_ASSERT(header_is(&r, "Content-Encoding", "br"));
    http_resp_free(&r);
    r = get_ae("/static/css/dysgu.css?v=old", "br", NULL);
    CU_ASSERT(header_is(&r, "Cache-Control", "public, max-age=300"));
    http_resp_free(&r);
    r = get_ae("/static/img/logo.svg", "br", NULL);
    CU_ASSERT(header_is(&r, "Cache-Control", "public, max-age=300"));
    http_resp_free(&r);
    http_resp_free(&home);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "compress__negotiation_and_round_trip", compress__negotiation_and_round_trip },
        { "compress__vary_and_small_bodies", compress__vary_and_small_bodies },
        { "compress__head_has_headers_and_no_body", compress__head_has_headers_and_no_body },
        { "compress__static_etag_per_variant_and_304", compress__static_etag_per_variant_and_304 },
        { "compress__static_cache_lifetimes", compress__static_cache_lifetimes },
        { NULL, NULL },
    };
    test_add_suite_with("integration/http/compress", cases, start, stop);
}
