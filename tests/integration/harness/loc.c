#include "loc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "testing.h"
#include "view/escape.h"
#include "view/i18n.h"

static struct i18n *cat;
static struct arena mem;

static void release(void)
{
    i18n_free(cat);
    arena_release(&mem);
}

/* The catalogues, loaded on first use; the process ends if they cannot be. */
static const struct i18n *catalogues(void)
{
    char err[512];

    if (cat)
        return cat;
    cat = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    if (!cat) {
        fprintf(stderr, "loc: cannot load the catalogues: %s\n", err);
        exit(2);
    }
    arena_init(&mem, 0);
    atexit(release);
    return cat;
}

static enum lang lang_of(const char *lang)
{
    return lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;
}

/* text as a template's {{x}} writes it. */
static const char *html(const char *text)
{
    struct sbuf b;

    sbuf_init(&b, &mem, 1 << 20);
    escape_html(&b, text, strlen(text));
    return b.buf;
}

/* The template at key, or NULL (and the test fails) when there is none. */
static const char *lookup(enum lang l, const char *key)
{
    const char *t = i18n_text(catalogues(), l, key);

    if (t == key || !strcmp(t, key)) {
        fprintf(stderr, "\nloc: no text at '%s'\n", key);
        CU_FAIL("a locale key the catalogues do not have");
        return NULL;
    }
    return t;
}

const char *loc_text(const char *lang, const char *key)
{
    const char *t = lookup(lang_of(lang), key);

    return t ? html(t) : key;
}

const char *loc_plain(const char *lang, const char *key)
{
    const char *t = lookup(lang_of(lang), key);

    return t ? t : key;
}

/* The text at key formatted with the pairs in ap, cut at an unfilled
 * placeholder when cut; plain text in mem. */
static const char *vformat(const char *lang, const char *key, int cut, va_list ap)
{
    const char *t = lookup(lang_of(lang), key);
    char *s, *p;

    if (!t)
        return key;
    s = i18n_vformat(&mem, t, ap);
    for (p = s; cut && (p = strchr(p, '{')) != NULL; p++) {
        size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

        if (n && p[1 + n] == '}') {
            *p = '\0';
            break;
        }
    }
    return s;
}

const char *loc_textf(const char *lang, const char *key, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, key);
    s = vformat(lang, key, 0, ap);
    va_end(ap);
    return html(s);
}

const char *loc_prefix(const char *lang, const char *key, ...)
{
    va_list ap;
    const char *s;

    va_start(ap, key);
    s = vformat(lang, key, 1, ap);
    va_end(ap);
    return html(s);
}

const char *loc_plural(const char *lang, const char *key, long n, ...)
{
    enum lang l = lang_of(lang);
    const char *t = i18n_plural(catalogues(), l, key, n);
    va_list ap;
    char *s;

    if (t == key || !strcmp(t, key)) {
        fprintf(stderr, "\nloc: no plural at '%s'\n", key);
        CU_FAIL("a locale key the catalogues do not have");
        return key;
    }
    s = i18n_pluralf(&mem, catalogues(), l, key, n);
    va_start(ap, n);
    s = i18n_vformat(&mem, s, ap);
    va_end(ap);
    return html(s);
}
