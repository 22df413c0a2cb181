#include "i18n.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xalloc.h"

/* More distinct placeholders than this in one string is refused. */
#define I18N_MAX_PLACEHOLDERS 16

struct i18n {
    json_t *cat[LANG__COUNT];
};

enum entry_kind { KIND_STRING, KIND_PLURAL, KIND_NAMESPACE };

static const char *const kind_names[] = {
    [KIND_STRING] = "a string",
    [KIND_PLURAL] = "a plural",
    [KIND_NAMESPACE] = "a group of keys",
};

/* The parity walk: both catalogues at the same path. */
struct checker {
    const char *label[LANG__COUNT]; /* file names used in messages */
    struct sbuf path;               /* dotted key of the current entry */
    char *err;
    size_t errlen;
};

/* A sorted set of distinct {placeholder} names, pointing into the string. */
struct phset {
    size_t n;

    struct {
        const char *s;
        size_t len;
    } v[I18N_MAX_PLACEHOLDERS];
};

static int ph_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int ph_cmp(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int r = memcmp(a, b, a_len < b_len ? a_len : b_len);

    if (r)
        return r;
    return a_len < b_len ? -1 : a_len > b_len;
}

/* Collect the placeholders of s; -1 if there are too many. */
static int ph_collect(const char *s, struct phset *set)
{
    const char *open, *close;
    size_t len, i;
    int r;

    set->n = 0;
    for (open = strchr(s, '{'); open; open = strchr(open + 1, '{')) {
        for (close = open + 1; ph_char(*close); close++)
            ;
        len = (size_t)(close - open - 1);
        if (*close != '}' || len == 0)
            continue;
        for (i = 0, r = 1; i < set->n; i++) {
            r = ph_cmp(open + 1, len, set->v[i].s, set->v[i].len);
            if (r <= 0)
                break;
        }
        if (r == 0)
            continue;
        if (set->n == I18N_MAX_PLACEHOLDERS)
            return -1;
        memmove(&set->v[i + 1], &set->v[i], (set->n - i) * sizeof(set->v[0]));
        set->v[i].s = open + 1;
        set->v[i].len = len;
        set->n++;
    }
    return 0;
}

static int ph_equal(const struct phset *a, const struct phset *b)
{
    size_t i;

    if (a->n != b->n)
        return 0;
    for (i = 0; i < a->n; i++)
        if (ph_cmp(a->v[i].s, a->v[i].len, b->v[i].s, b->v[i].len))
            return 0;
    return 1;
}

/* "{a}{b}" or "none", truncated to fit buf. */
static const char *ph_show(const struct phset *set, char *buf, size_t size)
{
    struct sbuf b = SBUF_INIT;
    size_t i;

    for (i = 0; i < set->n; i++)
        sbuf_addf(&b, "{%.*s}", (int)set->v[i].len, set->v[i].s);
    snprintf(buf, size, "%s", set->n ? b.buf : "none");
    sbuf_release(&b);
    return buf;
}

static int fail(struct checker *c, enum lang l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write "<file>: key '<path>': <problem>" into err; returns -1. */
static int fail(struct checker *c, enum lang l, const char *fmt, ...)
{
    va_list ap;
    int n;

    n = snprintf(c->err, c->errlen, "%s: key '%s': ", c->label[l], c->path.buf);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_plural_form(const char *k)
{
    int i;

    for (i = PLURAL_ZERO; i <= PLURAL_OTHER; i++)
        if (!strcmp(k, plural_cat_name((enum plural_cat)i)))
            return 1;
    return 0;
}

/* What v is at the current path in language l; -1 (err set) if it is none of them. */
static int classify(struct checker *c, enum lang l, json_t *v)
{
    const char *k;
    json_t *form;
    int plural = 0, i;

    if (json_is_string(v))
        return KIND_STRING;
    if (!json_is_object(v))
        return fail(c, l, "is not a string");
    json_object_foreach(v, k, form) plural |= is_plural_form(k);
    if (!plural)
        return KIND_NAMESPACE;
    for (i = PLURAL_ZERO; i <= PLURAL_OTHER; i++) {
        form = json_object_get(v, plural_cat_name((enum plural_cat)i));
        if (!form)
            return fail(c, l, "plural lacks the '%s' form", plural_cat_name((enum plural_cat)i));
        if (!json_is_string(form))
            return fail(c, l, "plural form '%s' is not a string",
                        plural_cat_name((enum plural_cat)i));
    }
    if (json_object_size(v) != PLURAL_OTHER + 1)
        return fail(c, l, "plural has keys other than zero, one, two, few, many, other");
    return KIND_PLURAL;
}

/*
 * Check string s of language l (form: NULL, or the plural form it is)
 * against ref, the placeholders of the Welsh text or Welsh "other" form.
 */
static int check_placeholders(struct checker *c, enum lang l, const char *form, const char *s,
                              const struct phset *ref)
{
    struct phset set;
    char have[256], want[256];

    if (ph_collect(s, &set) < 0)
        return fail(c, l, "more than %d placeholders", I18N_MAX_PLACEHOLDERS);
    if (ph_equal(&set, ref))
        return 0;
    if (form)
        return fail(c, l, "form '%s' has placeholders %s but the 'other' form in %s has %s", form,
                    ph_show(&set, have, sizeof(have)), c->label[LANG_CY],
                    ph_show(ref, want, sizeof(want)));
    return fail(c, l, "has placeholders %s but in %s it has %s", ph_show(&set, have, sizeof(have)),
                c->label[LANG_CY], ph_show(ref, want, sizeof(want)));
}

/* Every form of a plural in both languages uses the Welsh "other" form's placeholders. */
static int check_plural_pair(struct checker *c, json_t *cy, json_t *en)
{
    json_t *cat[LANG__COUNT] = { cy, en };
    struct phset ref;
    const char *form;
    int l, i;

    if (ph_collect(json_string_value(json_object_get(cy, "other")), &ref) < 0)
        return fail(c, LANG_CY, "more than %d placeholders", I18N_MAX_PLACEHOLDERS);
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        for (i = PLURAL_ZERO; i <= PLURAL_OTHER; i++) {
            form = plural_cat_name((enum plural_cat)i);
            if (check_placeholders(c, (enum lang)l, form,
                                   json_string_value(json_object_get(cat[l], form)), &ref) < 0)
                return -1;
        }
    }
    return 0;
}

static void path_push(struct checker *c, const char *key, size_t *saved)
{
    *saved = c->path.len;
    if (c->path.len)
        sbuf_addc(&c->path, '.');
    sbuf_adds(&c->path, key);
}

/* Cut the path back to saved bytes (sbuf has no truncate of its own). */
static void path_pop(struct checker *c, size_t saved)
{
    struct sbuf *p = &c->path;

    if (p->alloc) {
        p->len = saved;
        p->buf[saved] = '\0';
    }
}

static int compare_objects(struct checker *c, json_t *cy, json_t *en);

/* Compare the entries cv (Welsh) and ev (English, may be NULL) at the current path. */
static int compare_entry(struct checker *c, const char *key, json_t *cv, json_t *ev)
{
    struct phset ref;
    int kc, ke;

    if (!*key || strchr(key, '.'))
        return fail(c, LANG_CY, "keys must be non-empty and contain no '.'");
    kc = classify(c, LANG_CY, cv);
    if (kc < 0)
        return -1;
    if (!ev)
        return fail(c, LANG_EN, "is missing (%s has it)", c->label[LANG_CY]);
    ke = classify(c, LANG_EN, ev);
    if (ke < 0)
        return -1;
    if (kc != ke)
        return fail(c, LANG_EN, "is %s but in %s it is %s", kind_names[ke], c->label[LANG_CY],
                    kind_names[kc]);
    switch (kc) {
    case KIND_STRING:
        if (ph_collect(json_string_value(cv), &ref) < 0)
            return fail(c, LANG_CY, "more than %d placeholders", I18N_MAX_PLACEHOLDERS);
        return check_placeholders(c, LANG_EN, NULL, json_string_value(ev), &ref);
    case KIND_PLURAL:
        return check_plural_pair(c, cv, ev);
    default:
        return compare_objects(c, cv, ev);
    }
}

static int compare_objects(struct checker *c, json_t *cy, json_t *en)
{
    const char *key;
    json_t *v;
    size_t saved;

    json_object_foreach(cy, key, v)
    {
        path_push(c, key, &saved);
        if (compare_entry(c, key, v, json_object_get(en, key)) < 0)
            return -1;
        path_pop(c, saved);
    }
    json_object_foreach(en, key, v)
    {
        if (json_object_get(cy, key))
            continue;
        path_push(c, key, &saved);
        return fail(c, LANG_CY, "is missing (%s has it)", c->label[LANG_EN]);
    }
    return 0;
}

/* Parity of cy and en, naming the files cy_label and en_label in err. */
static int check_parity_as(json_t *cy, json_t *en, const char *cy_label, const char *en_label,
                           char *err, size_t errlen)
{
    struct checker c = {
        .label = { cy_label, en_label }, .path = SBUF_INIT, .err = err, .errlen = errlen
    };
    int ret = -1;

    if (!json_is_object(cy)) {
        snprintf(err, errlen, "%s: the top level is not an object", cy_label);
        goto out;
    }
    if (!json_is_object(en)) {
        snprintf(err, errlen, "%s: the top level is not an object", en_label);
        goto out;
    }
    ret = compare_objects(&c, cy, en);
out:
    sbuf_release(&c.path);
    return ret;
}

int i18n_check_parity(json_t *cy, json_t *en, char *err, size_t errlen)
{
    return check_parity_as(cy, en, "cy.json", "en.json", err, errlen);
}

static struct i18n *i18n_adopt(json_t *cy, json_t *en)
{
    struct i18n *t = xcalloc(1, sizeof(*t));

    t->cat[LANG_CY] = json_incref(cy);
    t->cat[LANG_EN] = json_incref(en);
    return t;
}

struct i18n *i18n_new(json_t *cy, json_t *en, char *err, size_t errlen)
{
    if (i18n_check_parity(cy, en, err, errlen) < 0)
        return NULL;
    return i18n_adopt(cy, en);
}

static json_t *load_catalogue(const char *path, char *err, size_t errlen)
{
    json_error_t e;
    json_t *j;

    j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (j)
        return j;
    if (e.line > 0)
        snprintf(err, errlen, "%s:%d:%d: %s", path, e.line, e.column, e.text);
    else
        snprintf(err, errlen, "%s: %s", path, e.text);
    return NULL;
}

struct i18n *i18n_load(const char *dir, char *err, size_t errlen)
{
    struct sbuf cy_path = SBUF_INIT, en_path = SBUF_INIT;
    json_t *cy = NULL, *en = NULL;
    struct i18n *t = NULL;

    assert(dir && err);
    sbuf_addf(&cy_path, "%s/cy.json", dir);
    sbuf_addf(&en_path, "%s/en.json", dir);
    cy = load_catalogue(cy_path.buf, err, errlen);
    if (!cy)
        goto out;
    en = load_catalogue(en_path.buf, err, errlen);
    if (!en)
        goto out;
    if (check_parity_as(cy, en, cy_path.buf, en_path.buf, err, errlen) < 0)
        goto out;
    t = i18n_adopt(cy, en);
out:
    json_decref(cy);
    json_decref(en);
    sbuf_release(&cy_path);
    sbuf_release(&en_path);
    return t;
}

void i18n_free(struct i18n *t)
{
    if (!t)
        return;
    json_decref(t->cat[LANG_CY]);
    json_decref(t->cat[LANG_EN]);
    free(t);
}

json_t *i18n_catalogue(const struct i18n *t, enum lang l)
{
    assert(t);
    return t->cat[l == LANG_EN ? LANG_EN : LANG_CY];
}
