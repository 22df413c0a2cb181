/*
 * fuzz_i18n: catalogue parity, lookups and {placeholder} filling
 * (view/i18n.c, view/plural.c).
 *
 * The input is two JSON texts separated by the first NUL byte (Welsh, then
 * English; without a NUL both are the same text). When both parse, parity is
 * checked; a catalogue that passes is looked up with keys taken from the
 * input. The whole input is also used as an i18n_format() template, where a
 * template without '{' must come back unchanged.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "view/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const long numbers[] = { 0, 1, 2, 3, 4, 6, 7, -1, -6, 1000000, LONG_MAX, LONG_MIN };

static void lookups(struct arena *a, const struct i18n *t, const char *key)
{
    size_t i;
    int l;

    for (l = LANG_CY; l < LANG__COUNT; l++) {
        if (!i18n_text(t, (enum lang)l, key))
            abort();
        for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
            if (!i18n_plural(t, (enum lang)l, key, numbers[i]))
                abort();
            if (!i18n_pluralf(a, t, (enum lang)l, key, numbers[i]))
                abort();
        }
    }
}

static void catalogues(struct arena *a, const char *text, size_t size)
{
    const char *nul = memchr(text, '\0', size);
    size_t cy_len = nul ? (size_t)(nul - text) : size;
    json_t *cy = json_loadb(text, cy_len, JSON_DECODE_ANY, NULL);
    json_t *en =
        nul ? json_loadb(nul + 1, size - cy_len - 1, JSON_DECODE_ANY, NULL) : json_incref(cy);
    struct i18n *t = NULL;
    const char *key;
    json_t *v;
    char err[512];

    if (!cy || !en)
        goto out;
    t = i18n_new(cy, en, err, sizeof(err));
    if (!t)
        goto out;
    lookups(a, t, "a.b.c");
    lookups(a, t, "");
    if (json_is_object(cy)) {
        json_object_foreach(cy, key, v)
        {
            lookups(a, t, key);
            if (json_is_object(v) && json_object_size(v)) {
                char dotted[256];

                snprintf(dotted, sizeof(dotted), "%s.%s", key,
                         json_object_iter_key(json_object_iter(v)));
                lookups(a, t, dotted);
            }
        }
    }
out:
    i18n_free(t);
    json_decref(cy);
    json_decref(en);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    char *text = malloc(size + 1);
    const char *got;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    arena_init(&a, 0);
    catalogues(&a, text, size);
    got = i18n_format(&a, text, "n", "7", "name", "Siân", "x", (const char *)NULL,
                      (const char *)NULL);
    if (!strchr(text, '{') && strcmp(got, text) != 0)
        abort();
    if (size >= sizeof(long)) {
        long n;

        memcpy(&n, data, sizeof(n));
        if ((unsigned)plural_category(LANG_CY, n) > PLURAL_OTHER)
            abort();
    }
    arena_release(&a);
    free(text);
    return 0;
}
