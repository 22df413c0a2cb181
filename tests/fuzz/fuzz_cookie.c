/*
 * fuzz_cookie: cookie_parse() on Cookie headers and cookie_format() on
 * hostile names and values (security.md section 5.4, target 3). Oracles: at
 * most COOKIE_MAX cookies, every name a token and every value cookie-octets,
 * names unique; every kept cookie formats back and re-parses to itself; and
 * whatever cookie_format() accepts is one header line (no CR/LF injection).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_cookies(const struct kvlist *l, int n)
{
    size_t i, j;

    if (n < 0 || (size_t)n != l->n || l->n > COOKIE_MAX || (l->items == NULL) != (l->n == 0))
        abort();
    for (i = 0; i < l->n; i++) {
        const struct kv *kv = &l->items[i];

        if (!cookie_is_token(kv->key, strlen(kv->key)) || strlen(kv->val) != kv->val_len ||
            !cookie_is_value(kv->val, kv->val_len))
            abort();
        for (j = 0; j < i; j++)
            if (!strcmp(l->items[j].key, kv->key))
                abort();
    }
}

/* A formatted cookie is exactly one line and parses back to the same pair. */
static void check_round_trip(struct arena *a, const char *name, const char *value)
{
    static const char prefix[] = "Set-Cookie: ";
    struct cookie_opts o = { "/", 60, 1, 1, "Lax" };
    struct kvlist back;
    struct sbuf b;
    const char *pair, *end;

    sbuf_init(&b, a, 1 << 16);
    if (cookie_format(&b, name, value, &o))
        return;
    if (strncmp(b.buf, prefix, sizeof(prefix) - 1) || b.len < 2 ||
        strcmp(b.buf + b.len - 2, "\r\n") || memchr(b.buf, '\n', b.len - 1) ||
        memchr(b.buf, '\r', b.len - 2))
        abort();
    pair = b.buf + sizeof(prefix) - 1;
    end = strchr(pair, ';');
    if (!end || cookie_parse(a, pair, (size_t)(end - pair), &back) != 1 ||
        strcmp(back.items[0].key, name) || strcmp(back.items[0].val, value))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct kvlist l;
    struct arena a;
    const char *nl;
    size_t i;

    arena_init(&a, 0);
    check_cookies(&l, cookie_parse(&a, s, size, &l));
    for (i = 0; i < l.n; i++)
        check_round_trip(&a, l.items[i].key, l.items[i].val);
    /* "name\nvalue": cookie_format() on arbitrary bytes */
    nl = memchr(s, '\n', size);
    if (nl) {
        size_t nlen = (size_t)(nl - s);

        check_round_trip(&a, arena_strndup(&a, s, nlen),
                         arena_strndup(&a, nl + 1, size - nlen - 1));
    }
    arena_release(&a);
    return 0;
}
