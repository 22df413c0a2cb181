#include <string.h>

#include "app/page_form.h"
#include "catalogue/catalogue.h"
#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "courses/taxonomy.h"
#include "http/app.h"
#include "http/req.h"
#include "view/glossary.h"

#define FT_OUT_MAX 4096 /* bytes of the folded query: 8 words of a few terms each */

char *catalogue_ft_query(struct arena *a, const struct welshfold *wf, const struct glossary *g,
                         const char *q, size_t len)
{
    struct sbuf b;

    if (!q || !len)
        return NULL;
    sbuf_init(&b, a, FT_OUT_MAX);
    if (!glossary_query(g, wf, q, len, &b) || sbuf_failed(&b))
        return NULL;
    return b.buf;
}

int catalogue_index(const char *code, const char *const *list, size_t n)
{
    size_t i;

    for (i = 0; code && i < n; i++)
        if (!strcmp(code, list[i]))
            return (int)i;
    return -1;
}

/* s without leading and trailing ASCII white space, in a. */
static const char *trim(struct arena *a, const char *s)
{
    size_t len;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    len = strlen(s);
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    return arena_strndup(a, s, len);
}

/* The value of a vocabulary parameter: NULL for absent or empty (any), the
 * value when known, else NULL with *bad set. */
static const char *vocab(const struct req *r, const char *name, int (*known)(const char *),
                         int *bad)
{
    const char *v = req_query(r, name);

    *bad = 0;
    if (!v || !*v)
        return NULL;
    if (known(v))
        return v;
    *bad = 1;
    return NULL;
}

size_t catalogue_query_parse(const struct req *r, struct catalogue_query *qy, struct page_errors *e)
{
    const char *q = req_query(r, "q"), *lang = req_query(r, "language");
    size_t n = e->n;
    int bad;

    memset(qy, 0, sizeof(*qy));
    qy->lang = -1;
    qy->page = 1;
    qy->per_page = CATALOGUE_PAGE_SIZE;
    qy->q = q ? trim(r->arena, q) : "";
    if (utf8_count(qy->q, strlen(qy->q)) > CATALOGUE_Q_MAX) {
        page_errors_add(e, "q", "courses.errors.q_too_long");
        qy->q = "";
    }
    qy->ft = catalogue_ft_query(r->arena, r->app->fold, r->app->glossary, qy->q, strlen(qy->q));
    qy->family = vocab(r, "role", taxonomy_is_family, &bad);
    if (bad)
        page_errors_add(e, "role", "courses.errors.role_unknown");
    qy->level = vocab(r, "level", taxonomy_is_level, &bad);
    if (bad)
        page_errors_add(e, "level", "courses.errors.level_unknown");
    qy->format = vocab(r, "format", taxonomy_is_format, &bad);
    if (bad)
        page_errors_add(e, "format", "courses.errors.format_unknown");
    if (lang && !strcmp(lang, "cy"))
        qy->lang = LANG_CY;
    else if (lang && !strcmp(lang, "en"))
        qy->lang = LANG_EN;
    else if (lang && *lang)
        page_errors_add(e, "language", "courses.errors.language_unknown");
    return e->n - n;
}

/* The index of a filter's value, -2 for "any" (-1 is "not in the vocabulary"). */
static int wanted(const char *v, const char *const *list, size_t n)
{
    return v ? catalogue_index(v, list, n) : -2;
}

void catalogue_wanted_of(const struct catalogue_query *qy, struct catalogue_wanted *w)
{
    w->family = wanted(qy->family, taxonomy_families, taxonomy_n_families);
    w->level = wanted(qy->level, taxonomy_levels, taxonomy_n_levels);
    w->format = wanted(qy->format, taxonomy_formats, taxonomy_n_formats);
}

void catalogue_facets_add_at(struct catalogue_facets *f, const struct catalogue_query *qy,
                             const struct catalogue_wanted *w, int fi, int li, int oi, int in_cy,
                             int in_en, long long n)
{
    int m_fam = w->family == -2 || (fi >= 0 && fi == w->family);
    int m_lvl = w->level == -2 || (li >= 0 && li == w->level);
    int m_fmt = w->format == -2 || (oi >= 0 && oi == w->format);
    int m_lang = qy->lang < 0 || (qy->lang == LANG_CY ? in_cy : in_en);

    if (fi >= 0 && fi < CATALOGUE_FAMILIES && m_lvl && m_fmt && m_lang)
        f->family[fi] += n;
    if (li >= 0 && li < 4 && m_fam && m_fmt && m_lang)
        f->level[li] += n;
    if (oi >= 0 && oi < 4 && m_fam && m_lvl && m_lang)
        f->format[oi] += n;
    if (m_fam && m_lvl && m_fmt) {
        if (in_cy)
            f->lang[LANG_CY] += n;
        if (in_en)
            f->lang[LANG_EN] += n;
    }
    if (m_fam && m_lvl && m_fmt && m_lang)
        f->total += n;
}

void catalogue_facets_add(struct catalogue_facets *f, const struct catalogue_query *qy,
                          const struct catalogue_wanted *w, const char *family, const char *level,
                          const char *format, int in_cy, int in_en, long long n)
{
    catalogue_facets_add_at(
        f, qy, w, catalogue_index(family, taxonomy_families, taxonomy_n_families),
        catalogue_index(level, taxonomy_levels, taxonomy_n_levels),
        catalogue_index(format, taxonomy_formats, taxonomy_n_formats), in_cy, in_en, n);
}

const char *catalogue_excerpt(struct arena *a, const char *s, size_t max)
{
    size_t i = 0, chars = 0, cut, space = 0;
    char *out;

    while (s[i] && chars < max) {
        if (s[i] == ' ')
            space = i;
        i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80) /* the character's continuation bytes */
            i++;
        chars++;
    }
    if (!s[i])
        return s;
    cut = s[i] == ' ' ? i : space ? space : i;
    while (cut && strchr(" ,;:.-", s[cut - 1]))
        cut--;
    out = arena_alloc(a, cut + sizeof("…"));
    memcpy(out, s, cut);
    memcpy(out + cut, "…", sizeof("…"));
    return out;
}
