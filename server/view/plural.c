/*
 * CLDR cardinal plural rules (Unicode CLDR, plurals.xml, "cy" and "en"),
 * lookups of plural forms, and {placeholder} filling. Declared in i18n.h.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "i18n.h"

/* Formatted UI strings are short; anything longer is a bug, not a page. */
#define I18N_FORMAT_MAX (64 * 1024)

static const char *const cat_names[] = {
    [PLURAL_ZERO] = "zero", [PLURAL_ONE] = "one",   [PLURAL_TWO] = "two",
    [PLURAL_FEW] = "few",   [PLURAL_MANY] = "many", [PLURAL_OTHER] = "other",
};

enum plural_cat plural_category(enum lang l, long n)
{
    /* the absolute value without overflow at LONG_MIN */
    unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

    if (l == LANG_EN)
        return u == 1 ? PLURAL_ONE : PLURAL_OTHER;
    /* cy: zero n=0, one n=1, two n=2, few n=3, many n=6, other the rest */
    switch (u) {
    case 0:
        return PLURAL_ZERO;
    case 1:
        return PLURAL_ONE;
    case 2:
        return PLURAL_TWO;
    case 3:
        return PLURAL_FEW;
    case 6:
        return PLURAL_MANY;
    default:
        return PLURAL_OTHER;
    }
}

const char *plural_cat_name(enum plural_cat c)
{
    if ((unsigned)c > PLURAL_OTHER)
        return cat_names[PLURAL_OTHER];
    return cat_names[c];
}

/* The value at dotted key in the catalogue, or NULL. */
static json_t *find_key(const json_t *cat, const char *key)
{
    const char *dot;
    const json_t *v = cat;

    for (;;) {
        dot = strchr(key, '.');
        if (!dot)
            return json_object_get(v, key);
        v = json_object_getn(v, key, (size_t)(dot - key));
        if (!v)
            return NULL;
        key = dot + 1;
    }
}

const char *i18n_text(const struct i18n *t, enum lang l, const char *key)
{
    json_t *v = find_key(i18n_catalogue(t, l), key);

    return json_is_string(v) ? json_string_value(v) : key;
}

const char *i18n_plural(const struct i18n *t, enum lang l, const char *key, long n)
{
    json_t *v = find_key(i18n_catalogue(t, l), key);
    json_t *form;

    if (json_is_string(v))
        return json_string_value(v);
    if (!json_is_object(v))
        return key;
    form = json_object_get(v, plural_cat_name(plural_category(l, n)));
    if (!json_is_string(form))
        form = json_object_get(v, "other");
    return json_is_string(form) ? json_string_value(form) : key;
}

static int placeholder_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* The value paired with name[0..len) in ap (a copy is walked), or NULL. */
static const char *pair_value(va_list ap, const char *name, size_t len)
{
    va_list cp;
    const char *k, *v, *found = NULL;

    va_copy(cp, ap);
    for (;;) {
        k = va_arg(cp, const char *);
        if (!k)
            break;
        v = va_arg(cp, const char *);
        if (strlen(k) == len && memcmp(k, name, len) == 0) {
            found = v ? v : "";
            break;
        }
    }
    va_end(cp);
    return found;
}

char *i18n_vformat(struct arena *a, const char *tmpl, va_list ap)
{
    struct sbuf b;
    const char *p, *open, *close, *v;

    assert(a);
    sbuf_init(&b, a, I18N_FORMAT_MAX);
    if (!tmpl)
        return arena_strdup(a, "");
    p = tmpl;
    for (;;) {
        open = strchr(p, '{');
        if (!open)
            break;
        close = open + 1;
        while (placeholder_char(*close))
            close++;
        v = NULL;
        if (*close == '}' && close > open + 1)
            v = pair_value(ap, open + 1, (size_t)(close - open - 1));
        if (!v) {
            /* not ours: keep the '{' and look again just after it */
            sbuf_add(&b, p, (size_t)(open - p) + 1);
            p = open + 1;
            continue;
        }
        sbuf_add(&b, p, (size_t)(open - p));
        sbuf_adds(&b, v);
        p = close + 1;
    }
    sbuf_adds(&b, p);
    /* an oversized result is a catalogue bug: show the template, not half of it */
    if (sbuf_failed(&b))
        return arena_strdup(a, tmpl);
    return b.len ? b.buf : arena_strdup(a, "");
}

char *i18n_format(struct arena *a, const char *tmpl, ...)
{
    va_list ap;
    char *s;

    va_start(ap, tmpl);
    s = i18n_vformat(a, tmpl, ap);
    va_end(ap);
    return s;
}

/* n in decimal with a comma between thousands from 1,000 on, as the GOV.UK
 * and the Welsh Government's style guides both write it ("100,015 o bobl"). */
static void grouped(char *out, size_t len, long n)
{
    char digits[32];
    size_t nd, i, o = 0;
    unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

    snprintf(digits, sizeof(digits), "%lu", u);
    nd = strlen(digits);
    if (n < 0 && o + 1 < len)
        out[o++] = '-';
    for (i = 0; i < nd && o + 2 < len; i++) {
        if (i && (nd - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

char *i18n_pluralf(struct arena *a, const struct i18n *t, enum lang l, const char *key, long n)
{
    char num[48];

    grouped(num, sizeof(num), n);
    return i18n_format(a, i18n_plural(t, l, key, n), "n", num, (const char *)NULL);
}
