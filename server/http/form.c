#include "form.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Decode s[0..len) into dst (room for len + 1 bytes) and set *dst_len.
 * Returns 0, or -1 on a malformed escape or a raw or decoded NUL.
 */
static int decode(char *dst, const char *s, size_t len, size_t *dst_len)
{
    size_t i, o = 0;

    for (i = 0; i < len; i++) {
        char c = s[i];

        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi, lo;

            if (len - i < 3)
                return -1;
            hi = hexval(s[i + 1]);
            lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0')
            return -1;
        dst[o++] = c;
    }
    dst[o] = '\0';
    *dst_len = o;
    return 0;
}

/* A key is a short name: no control of any kind, C1 (U+0080..U+009F) included. */
static int key_ok(const char *k, size_t len)
{
    size_t i;

    if (len == 0 || len > FORM_KEY_MAX || !utf8_valid(k, len))
        return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)k[i];

        if (c < 0x20 || c == 0x7f)
            return 0;
        if (c == 0xc2 && i + 1 < len && (unsigned char)k[i + 1] <= 0x9f)
            return 0; /* valid UTF-8, so k[i + 1] >= 0x80: a C1 control */
    }
    return 1;
}

/* Non-empty '&'-separated pairs in data[0..len). */
static size_t count_pairs(const char *data, size_t len)
{
    size_t i, n = 0, start = 0;

    for (i = 0; i <= len; i++) {
        if (i == len || data[i] == '&') {
            if (i > start)
                n++;
            start = i + 1;
        }
    }
    return n;
}

static int is_duplicate(const struct kv *items, size_t n, const char *key)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strcmp(items[i].key, key))
            return 1;
    return 0;
}

/* Decode and check one non-empty pair into *kv; 0 or -1. */
static int parse_pair(struct arena *a, const char *s, size_t len, struct kv *kv)
{
    const char *eq = memchr(s, '=', len);
    size_t klen = eq ? (size_t)(eq - s) : len;
    size_t vlen = eq ? len - klen - 1 : 0;
    size_t kn, vn;
    char *key, *val;

    if (klen == 0 || klen > 3 * FORM_KEY_MAX)
        return -1; /* even fully %-encoded it would be too long */
    key = arena_alloc(a, klen + 1);
    val = arena_alloc(a, vlen + 1);
    if (decode(key, s, klen, &kn) || decode(val, eq ? eq + 1 : "", vlen, &vn))
        return -1;
    if (!key_ok(key, kn) || !utf8_valid_text(val, vn))
        return -1;
    kv->key = key;
    kv->val = val;
    kv->val_len = vn;
    return 0;
}

enum form_rc form_parse(struct arena *a, const char *data, size_t len, size_t max_fields,
                        unsigned flags, struct kvlist *out)
{
    struct kvlist l = { NULL, 0 };
    enum form_rc rc = FORM_BAD;
    size_t i, start = 0, n;

    assert(a && out);
    assert(data || len == 0);
    out->items = NULL;
    out->n = 0;
    n = count_pairs(data, len);
    if (n > max_fields) {
        rc = FORM_TOO_MANY;
        goto out;
    }
    if (n == 0) {
        rc = FORM_OK;
        goto out;
    }
    l.items = arena_alloc(a, n * sizeof(*l.items));
    for (i = 0; i <= len; i++) {
        if (i < len && data[i] != '&')
            continue;
        if (i > start) {
            if (parse_pair(a, data + start, i - start, &l.items[l.n]))
                goto out;
            if (!(flags & FORM_ALLOW_DUPLICATES) && is_duplicate(l.items, l.n, l.items[l.n].key))
                goto out;
            l.n++;
        }
        start = i + 1;
    }
    assert(l.n == n);
    *out = l;
    rc = FORM_OK;
out:
    return rc;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].key, key))
            return l->items[i].val;
    return NULL;
}

size_t kv_count(const struct kvlist *l, const char *key)
{
    size_t i, c = 0;

    for (i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].key, key))
            c++;
    return c;
}
