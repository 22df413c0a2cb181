#include "cookie.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/strparse.h"

int cookie_is_token(const char *s, size_t len)
{
    size_t i;

    if (len == 0)
        return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        /* tchar (RFC 9110 section 5.6.2): VCHAR except delimiters */
        if (c <= 0x20 || c >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", c))
            return 0;
    }
    return 1;
}

int cookie_is_value(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        /* cookie-octet (RFC 6265 section 4.1.1) */
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\')
            return 0;
    }
    return 1;
}

static int seen(const struct kvlist *l, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strlen(l->items[i].key) == len && !memcmp(l->items[i].key, name, len))
            return 1;
    return 0;
}

/* Add the pair in s[0..len) to l unless it is malformed or a repeat. */
static void add_pair(struct arena *a, struct kvlist *l, const char *s, size_t len)
{
    const char *eq = memchr(s, '=', len);
    const char *name, *val;
    size_t nlen, vlen;
    struct kv *kv;

    if (!eq)
        return;
    nlen = (size_t)(eq - s);
    vlen = len - nlen - 1;
    name = parse_trim_ows(s, &nlen);
    val = parse_trim_ows(eq + 1, &vlen);
    if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
        val++;
        vlen -= 2;
    }
    if (!cookie_is_token(name, nlen) || !cookie_is_value(val, vlen) || seen(l, name, nlen))
        return;
    kv = &l->items[l->n++];
    kv->key = arena_strndup(a, name, nlen);
    kv->val = arena_strndup(a, val, vlen);
    kv->val_len = vlen;
}

int cookie_parse(struct arena *a, const char *header, size_t len, struct kvlist *out)
{
    size_t i, start = 0;

    assert(a && out);
    out->items = NULL;
    out->n = 0;
    if (!header || len == 0)
        return 0;
    out->items = arena_alloc(a, COOKIE_MAX * sizeof(*out->items));
    for (i = 0; i <= len && out->n < COOKIE_MAX; i++) {
        if (i < len && header[i] != ';')
            continue;
        add_pair(a, out, header + start, i - start);
        start = i + 1;
    }
    if (out->n == 0)
        out->items = NULL;
    return (int)out->n;
}

static int path_ok(const char *p)
{
    for (; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == ';')
            return 0;
    return 1;
}

/* The browser-enforced rules of cookie name prefixes (RFC 6265bis section 4.1.3). */
static int prefix_ok(const char *name, const struct cookie_opts *o)
{
    int secure = o && o->secure;

    if (!strncmp(name, "__Secure-", 9))
        return secure;
    if (!strncmp(name, "__Host-", 7))
        return secure && o->path && !strcmp(o->path, "/");
    return 1;
}

static int opts_ok(const struct cookie_opts *o)
{
    if (!o)
        return 1;
    if (o->path && !path_ok(o->path))
        return 0;
    if (o->same_site && strcmp(o->same_site, "Lax") && strcmp(o->same_site, "Strict"))
        return 0;
    return 1;
}

int cookie_format(struct sbuf *out, const char *name, const char *value,
                  const struct cookie_opts *o)
{
    size_t start = out->len;

    assert(out);
    if (!name || !value || !cookie_is_token(name, strlen(name)) ||
        !cookie_is_value(value, strlen(value)) || !opts_ok(o) || !prefix_ok(name, o))
        return -1;
    sbuf_addf(out, "Set-Cookie: %s=%s", name, value);
    if (o && o->path)
        sbuf_addf(out, "; Path=%s", o->path);
    if (o && o->max_age >= 0)
        sbuf_addf(out, "; Max-Age=%ld", o->max_age);
    if (o && o->http_only)
        sbuf_adds(out, "; HttpOnly");
    if (o && o->secure)
        sbuf_adds(out, "; Secure");
    if (o && o->same_site)
        sbuf_addf(out, "; SameSite=%s", o->same_site);
    sbuf_adds(out, "\r\n");
    if (!sbuf_failed(out))
        return 0;
    if (out->len > start) {
        /* never leave half a header line behind */
        out->len = start;
        out->buf[start] = '\0';
    }
    return -1;
}
