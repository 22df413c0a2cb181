/*
 * fuzz_form: form_parse() on urlencoded POST bodies (security.md section 5.4,
 * target 1). Besides "no crash", the oracle checks what the funnel relies on:
 * every key and value is valid UTF-8 with no NUL, values have no C0 control
 * but \t \r \n, keys are 1..FORM_KEY_MAX bytes with no control, a failure
 * leaves the list empty, and duplicates appear only when allowed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/form.h"

#define MAX_FIELDS 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_list(const struct kvlist *l, int unique)
{
    size_t i, j;

    if ((l->items == NULL) != (l->n == 0) || l->n > MAX_FIELDS)
        abort();
    for (i = 0; i < l->n; i++) {
        const struct kv *kv = &l->items[i];
        size_t klen = strlen(kv->key);

        if (klen == 0 || klen > FORM_KEY_MAX || !utf8_valid(kv->key, klen))
            abort();
        for (j = 0; j < klen; j++)
            if ((unsigned char)kv->key[j] < 0x20 || kv->key[j] == 0x7f)
                abort();
        if (strlen(kv->val) != kv->val_len || !utf8_valid_text(kv->val, kv->val_len))
            abort();
        for (j = 0; unique && j < i; j++)
            if (!strcmp(l->items[j].key, kv->key))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct kvlist strict, lenient;
    enum form_rc rs, rl;
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    rs = form_parse(&a, s, size, MAX_FIELDS, 0, &strict);
    rl = form_parse(&a, s, size, MAX_FIELDS, FORM_ALLOW_DUPLICATES, &lenient);
    if (rs != FORM_OK && (strict.items || strict.n))
        abort();
    if (rl != FORM_OK && (lenient.items || lenient.n))
        abort();
    check_list(&strict, 1);
    check_list(&lenient, 0);
    /* allowing duplicates changes nothing else: same fields, same order */
    if (rs == FORM_OK) {
        if (rl != FORM_OK || lenient.n != strict.n)
            abort();
        for (i = 0; i < strict.n; i++)
            if (strcmp(strict.items[i].key, lenient.items[i].key) ||
                strcmp(strict.items[i].val, lenient.items[i].val))
                abort();
    }
    if (rl == FORM_TOO_MANY && rs != FORM_TOO_MANY)
        abort();
    if (memchr(s, '\0', size) && (rs == FORM_OK || rl == FORM_OK)) {
        /* a raw NUL may sit only in an empty pair, and there are none */
        abort();
    }
    arena_release(&a);
    return 0;
}
