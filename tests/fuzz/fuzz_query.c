/*
 * fuzz_query: form_parse() on query strings, as the funnel calls it (64
 * fields, repeated keys allowed), and the percent-decoder behind it (security.md
 * section 5.4, target 4). Oracles: the property checks of fuzz_form, plus a
 * round trip: re-encoding the parsed fields and parsing them again gives the
 * same fields, so decoding happens exactly once and loses nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "http/form.h"

#define MAX_FIELDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void encode(struct sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            sbuf_addc(b, (char)c);
        } else if (c == ' ') {
            sbuf_addc(b, '+');
        } else {
            sbuf_addc(b, '%');
            sbuf_addc(b, hex[c >> 4]);
            sbuf_addc(b, hex[c & 15]);
        }
    }
}

static void check_list(const struct kvlist *l)
{
    size_t i;

    if ((l->items == NULL) != (l->n == 0) || l->n > MAX_FIELDS)
        abort();
    for (i = 0; i < l->n; i++) {
        size_t klen = strlen(l->items[i].key);

        if (klen == 0 || klen > FORM_KEY_MAX || !utf8_valid_text(l->items[i].key, klen))
            abort();
        if (strlen(l->items[i].val) != l->items[i].val_len ||
            !utf8_valid_text(l->items[i].val, l->items[i].val_len))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kvlist q, again;
    struct arena a;
    struct sbuf b;
    size_t i;

    arena_init(&a, 0);
    if (form_parse(&a, (const char *)data, size, MAX_FIELDS, FORM_ALLOW_DUPLICATES, &q) != FORM_OK)
        goto out;
    check_list(&q);
    sbuf_init(&b, &a, (size_t)-1 / 2);
    for (i = 0; i < q.n; i++) {
        if (i)
            sbuf_addc(&b, '&');
        encode(&b, q.items[i].key);
        sbuf_addc(&b, '=');
        encode(&b, q.items[i].val);
    }
    if (form_parse(&a, b.buf, b.len, MAX_FIELDS, FORM_ALLOW_DUPLICATES, &again) != FORM_OK ||
        again.n != q.n)
        abort();
    for (i = 0; i < q.n; i++)
        if (strcmp(q.items[i].key, again.items[i].key) ||
            strcmp(q.items[i].val, again.items[i].val))
            abort();
out:
    arena_release(&a);
    return 0;
}
