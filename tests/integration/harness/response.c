/* The http_ functions that read an answer (its headers, cookies, Location
 * and body) and percent-encode what a test sends; declared in client.h. */
#define _GNU_SOURCE
#include <brotli/decode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "client.h"

char *http_header(const struct http_resp *r, const char *name)
{
    size_t n = strlen(name);
    const char *p = r->head ? strstr(r->head, "\r\n") : NULL;

    while (p) {
        const char *line = p + 2, *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);

        if (len > n && !strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;

            while (*v == ' ')
                v++;
            return strndup(v, len - (size_t)(v - line));
        }
        p = end;
    }
    return NULL;
}

/* The value of the first (last: the last) Set-Cookie for name, malloc'd. */
static char *set_cookie(const struct http_resp *r, const char *name, int last)
{
    size_t n = strlen(name);
    const char *p = r->head, *v = NULL;

    while (p && (p = strcasestr(p, "\r\nSet-Cookie: ")) != NULL) {
        p += 14;
        if (!strncmp(p, name, n) && p[n] == '=') {
            v = p + n + 1;
            if (!last)
                break;
        }
    }
    return v ? strndup(v, strcspn(v, ";\r")) : NULL;
}

char *http_set_cookie(const struct http_resp *r, const char *name)
{
    return set_cookie(r, name, 0);
}

char *http_set_cookie_last(const struct http_resp *r, const char *name)
{
    return set_cookie(r, name, 1);
}

int http_body_has(const struct http_resp *r, const char *needle)
{
    return r->body && memmem(r->body, r->body_len, needle, strlen(needle)) != NULL;
}

void http_resp_free(struct http_resp *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

int http_header_is(const struct http_resp *r, const char *name, const char *want)
{
    char *v = http_header(r, name);
    int ok = v && !strcmp(v, want);

    if (!ok)
        fprintf(stderr, "\n%s: %s (want %s)\n", name, v ? v : "(none)", want);
    free(v);
    return ok;
}

int http_location_starts(const struct http_resp *r, const char *prefix)
{
    char *loc = http_header(r, "Location");
    int ok = loc && !strncmp(loc, prefix, strlen(prefix));

    free(loc);
    return ok;
}

int http_location_has(const struct http_resp *r, const char *needle)
{
    char *loc = http_header(r, "Location");
    int ok = loc && strstr(loc, needle);

    free(loc);
    return ok;
}

long long http_location_id(const struct http_resp *r, const char *after)
{
    char *loc = http_header(r, "Location");
    const char *at = loc ? strstr(loc, after) : NULL;
    long long id = at ? strtoll(at + strlen(after), NULL, 10) : 0;

    free(loc);
    return id;
}

int http_see_other(const struct http_resp *r, const char *location)
{
    char *loc = http_header(r, "Location");
    int ok = r->status == 303 && loc && !strcmp(loc, location);

    free(loc);
    return ok;
}

long http_pos(const struct http_resp *r, const char *needle)
{
    const char *p = r->body ? strstr(r->body, needle) : NULL;

    return p ? (long)(p - r->body) : -1;
}

const char *http_form_csrf(const struct http_resp *r)
{
    static char tok[64];
    const char *p = r->body ? strstr(r->body, "name=\"csrf\" value=\"") : NULL;

    tok[0] = '\0';
    if (p)
        snprintf(tok, sizeof(tok), "%.43s", p + 19);
    return tok;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* len bytes of s percent-encoded into out, at most cap bytes with the NUL. */
static void encode(const char *s, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, j = 0;

    for (i = 0; i < len && j + 4 < cap; i++) {
        unsigned char c = (unsigned char)s[i];

        if (unreserved(c)) {
            out[j++] = (char)c;
        } else {
            out[j++] = '%';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    out[j] = '\0';
}

void http_url_encode(const char *s, char *out, size_t cap)
{
    encode(s, strlen(s), out, cap);
}

char *http_url_encode_new(const char *s, size_t len)
{
    char *out = malloc(len * 3 + 5);

    encode(s, len, out, len * 3 + 5);
    return out;
}

const char *http_enc(const char *s)
{
    static char bufs[8][4096];
    static int k;
    char *out = bufs[k++ % 8];

    http_url_encode(s, out, sizeof(bufs[0]));
    return out;
}

char *http_gunzip(const struct http_resp *r)
{
    size_t room = 4u << 20;
    char *out = malloc(room + 1);
    z_stream s;
    int rc;

    memset(&s, 0, sizeof(s));
    if (!out || inflateInit2(&s, 16 + 15) != Z_OK) {
        free(out);
        return NULL;
    }
    s.next_in = (Bytef *)(uintptr_t)r->body; /* zlib's API is not const-correct */
    s.avail_in = (uInt)r->body_len;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)room;
    rc = inflate(&s, Z_FINISH);
    out[s.total_out] = '\0';
    inflateEnd(&s);
    if (rc != Z_STREAM_END || s.avail_in) {
        free(out);
        return NULL;
    }
    return out;
}

char *http_unbrotli(const struct http_resp *r)
{
    size_t room = 4u << 20, n = room;
    char *out = malloc(room + 1);

    if (!out || BrotliDecoderDecompress(r->body_len, (const uint8_t *)r->body, &n,
                                        (uint8_t *)out) != BROTLI_DECODER_RESULT_SUCCESS) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

char *http_decoded(const struct http_resp *r)
{
    char *out;

    if (http_header_is(r, "Content-Encoding", "gzip"))
        return http_gunzip(r);
    if (http_header_is(r, "Content-Encoding", "br"))
        return http_unbrotli(r);
    out = malloc(r->body_len + 1);
    if (out) {
        memcpy(out, r->body, r->body_len);
        out[r->body_len] = '\0';
    }
    return out;
}
