#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "courses/source_impl.h"

void src_errors_init(struct src_errors *e, struct arena *a)
{
    sbuf_init(&e->text, a, SRC_ERRORS_TEXT_MAX);
    e->n = 0;
}

/* Append s with every control character replaced by '?'. */
static void add_clean(struct sbuf *b, const char *s)
{
    for (; *s; s++)
        sbuf_addc(b, ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}

void src_error(struct src_errors *e, const char *file, const char *field, const char *fmt, ...)
{
    char problem[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(problem, sizeof(problem), fmt, ap);
    va_end(ap);
    add_clean(&e->text, file);
    sbuf_add(&e->text, ": ", 2);
    add_clean(&e->text, field);
    sbuf_add(&e->text, ": ", 2);
    add_clean(&e->text, problem);
    sbuf_addc(&e->text, '\n');
    e->n++;
}

int src_is_nfc(const char *s, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc;
    UChar *u;
    int32_t n = 0;
    int ok;
    size_t i;

    for (i = 0; i < len && !((unsigned char)s[i] & 0x80); i++)
        ;
    if (i == len)
        return 1; /* ASCII is always NFC */
    if (len > INT32_MAX - 1)
        return 0;
    nfc = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        return 0;
    /* UTF-16 never needs more units than UTF-8 has bytes */
    u = xmalloc((len + 1) * sizeof(*u));
    u_strFromUTF8(u, (int32_t)len + 1, &n, s, (int32_t)len, &err);
    ok = U_SUCCESS(err) && unorm2_isNormalized(nfc, u, n, &err) && U_SUCCESS(err);
    free(u);
    return ok;
}

static int blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 0;
    return 1;
}

int src_text_check(struct src_errors *e, const char *file, const char *field, const char *s,
                   size_t len, size_t max, int one_line)
{
    size_t n;

    if (!utf8_valid_text(s, len)) {
        src_error(e, file, field, "has a control character or is not UTF-8");
        return -1;
    }
    if (blank(s, len)) {
        src_error(e, file, field, "is empty");
        return -1;
    }
    if (one_line && (memchr(s, '\t', len) || memchr(s, '\r', len) || memchr(s, '\n', len))) {
        src_error(e, file, field, "must be one line (no tab or line break)");
        return -1;
    }
    n = utf8_count(s, len);
    if (n > max) {
        src_error(e, file, field, "is %zu characters long, at most %zu", n, max);
        return -1;
    }
    if (!src_is_nfc(s, len)) {
        src_error(e, file, field, "is not in Unicode NFC (normalise it: composed characters)");
        return -1;
    }
    return 0;
}

const char *src_string(struct arena *a, struct src_errors *e, const char *file, const char *field,
                       json_t *v, size_t max, int one_line)
{
    const char *s;
    size_t len;

    if (!v) {
        src_error(e, file, field, "missing");
        return NULL;
    }
    if (!json_is_string(v)) {
        src_error(e, file, field, "must be a string");
        return NULL;
    }
    s = json_string_value(v);
    len = json_string_length(v);
    if (src_text_check(e, file, field, s, len, max, one_line))
        return NULL;
    return arena_strndup(a, s, len);
}

int src_bilingual(struct arena *a, struct src_errors *e, const char *file, const char *prefix,
                  const char *key, json_t *obj, size_t max, int one_line,
                  const char *out[LANG__COUNT])
{
    static const char *const langs[] = { "cy", "en", NULL };
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    const char *name = arena_printf(a, "%s%s", prefix, key);
    int l, ret = 0;

    out[LANG_CY] = out[LANG_EN] = NULL;
    if (!v) {
        src_error(e, file, name, "missing (both languages: {\"cy\": \"...\", \"en\": \"...\"})");
        return -1;
    }
    if (!json_is_object(v)) {
        src_error(e, file, name, "must be {\"cy\": \"...\", \"en\": \"...\"}");
        return -1;
    }
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        const char *field = arena_printf(a, "%s.%s", name, lang_code((enum lang)l));

        out[l] = src_string(a, e, file, field, json_object_get(v, lang_code((enum lang)l)), max,
                            one_line);
        if (!out[l])
            ret = -1;
    }
    if (src_unknown_fields(e, file, arena_printf(a, "%s.", name), v, langs))
        ret = -1;
    return ret;
}

int src_unknown_fields(struct src_errors *e, const char *file, const char *prefix, json_t *obj,
                       const char *const *known)
{
    const char *key;
    json_t *v;
    int ret = 0;

    json_object_foreach(obj, key, v)
    {
        const char *const *k;
        char field[160];

        for (k = known; *k && strcmp(*k, key); k++)
            ;
        if (*k)
            continue;
        snprintf(field, sizeof(field), "%s%s", prefix, key);
        src_error(e, file, field, "unknown field");
        ret = -1;
    }
    return ret;
}

json_t *src_json_load(struct src_errors *e, const char *file, const char *text, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);

    if (!root)
        src_error(e, file, "json", "line %d column %d: %s", err.line, err.column, err.text);
    return root;
}
