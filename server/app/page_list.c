#include "page_list.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/strparse.h"
#include "http/req.h"
#include "view/i18n.h"

#define CURSOR_NUM_MAX (1ULL << 53) /* exact in a double: safe in JSON and JavaScript */

int page_count_parse(const char *s, long dflt, long max, long *out)
{
    uint64_t v;

    if (!s) {
        *out = dflt;
        return 0;
    }
    if (parse_u64(s, strlen(s), (uint64_t)max, &v) || v == 0)
        return -1;
    *out = (long)v;
    return 0;
}

int page_pager_parse(const struct req *r, long per_page, long max, struct page_pager *pg)
{
    pg->per_page = per_page;
    pg->pages = 0;
    return page_count_parse(req_query(r, "page"), 1, max, &pg->page) ? 400 : 0;
}

int page_pager_count(struct page_pager *pg, long long total)
{
    assert(pg->per_page > 0);
    pg->pages = (long)((total + pg->per_page - 1) / pg->per_page);
    return pg->page > 1 && pg->page > pg->pages ? 404 : 0;
}

/* l's address keeping its filters, plus name=value when name is not NULL. */
static const char *list_url(struct req *r, const struct page_list *l, const char *name,
                            const char *value)
{
    struct page_param p[PAGE_PARAMS_MAX];

    assert(l->n_keep < PAGE_PARAMS_MAX);
    if (l->n_keep)
        memcpy(p, l->keep, l->n_keep * sizeof(p[0]));
    p[l->n_keep] = (struct page_param){ name, value };
    return page_url(r, l->path, p, l->n_keep + (name != NULL));
}

/* {href, text} of one link, or null when href is NULL. */
static json_t *link(struct req *r, const char *href, const char *key)
{
    return href ? json_pack("{s:s, s:s}", "href", href, "text", req_t(r, key)) : json_null();
}

static json_t *nav_vm(struct req *r, const struct page_list *l)
{
    return json_pack("{s:s, s:n, s:n, s:n, s:n}", "nav_label", req_t(r, l->nav_key), "prev", "next",
                     "label", "first");
}

static const char *page_of(struct req *r, const char *key, const struct page_pager *pg,
                           const char *title)
{
    return i18n_format(r->arena, req_t(r, key), "title", title, "page",
                       arena_printf(r->arena, "%ld", pg->page), "pages",
                       arena_printf(r->arena, "%ld", pg->pages), NULL);
}

json_t *page_pager_vm(struct req *r, const struct page_list *l, const struct page_pager *pg)
{
    return page_pager_keyset_vm(r, l, pg, NULL, NULL, 1); /* no cursors: ?page= alone */
}

/* l's address with ?page=page and, when cursor is not NULL, name=cursor. */
static const char *pager_url(struct req *r, const struct page_list *l, long page, const char *name,
                             const char *cursor)
{
    struct page_param p[PAGE_PARAMS_MAX];
    size_t n = l->n_keep;

    assert(n + 2 <= PAGE_PARAMS_MAX);
    if (n)
        memcpy(p, l->keep, n * sizeof(p[0]));
    p[n++] = (struct page_param){ "page", arena_printf(r->arena, "%ld", page) };
    if (cursor)
        p[n++] = (struct page_param){ name, cursor };
    return page_url(r, l->path, p, n);
}

json_t *page_pager_keyset_vm(struct req *r, const struct page_list *l, const struct page_pager *pg,
                             const char *prev, const char *next, int has_next)
{
    json_t *p;

    if (pg->pages <= 1)
        return json_null();
    p = nav_vm(r, l);
    if (pg->page > 1)
        json_object_set_new(
            p, "prev", link(r, pager_url(r, l, pg->page - 1, "before", prev), "common.previous"));
    if (pg->page < pg->pages && has_next)
        json_object_set_new(p, "next",
                            link(r, pager_url(r, l, pg->page + 1, "after", next), "common.next"));
    json_object_set_new(p, "label", json_string(page_of(r, "common.page_of", pg, "")));
    return p;
}

const char *page_pager_title(struct req *r, const struct page_pager *pg, const char *title)
{
    return pg->page <= 1 ? title : page_of(r, "common.page_title_paged", pg, title);
}

json_t *page_keyset_vm(struct req *r, const struct page_list *l, const struct page_keyset *k)
{
    json_t *p;

    if (!k->prev && !k->next && !k->first)
        return json_null();
    p = nav_vm(r, l);
    if (k->prev)
        json_object_set_new(p, "prev",
                            link(r, list_url(r, l, k->ascending ? "before" : "after", k->prev),
                                 k->prev_key ? k->prev_key : "common.previous"));
    if (k->first) {
        assert(k->first_key);
        json_object_set_new(p, "first", link(r, list_url(r, l, NULL, NULL), k->first_key));
    }
    if (k->next)
        json_object_set_new(p, "next",
                            link(r, list_url(r, l, k->ascending ? "after" : "before", k->next),
                                 k->next_key ? k->next_key : "common.next"));
    return p;
}

const char *page_cursor(struct arena *a, const long long *v, size_t n)
{
    struct sbuf b;
    size_t i;

    assert(n > 0 && n <= PAGE_CURSOR_MAX);
    sbuf_init(&b, a, 32 * PAGE_CURSOR_MAX);
    for (i = 0; i < n; i++) {
        assert(v[i] >= 0 && (unsigned long long)v[i] <= CURSOR_NUM_MAX);
        sbuf_addf(&b, "%s%lld", i ? "." : "", v[i]);
    }
    return b.buf;
}

int page_cursor_parse(const char *s, long long *v, size_t n)
{
    size_t i, len;
    uint64_t x;

    if (!s || n == 0 || n > PAGE_CURSOR_MAX)
        return -1;
    for (i = 0; i < n; i++) {
        len = strcspn(s, ".");
        if (parse_u64(s, len, CURSOR_NUM_MAX, &x))
            return -1;
        v[i] = (long long)x;
        s += len;
        if (*s != (i + 1 < n ? '.' : '\0'))
            return -1;
        s += *s == '.';
    }
    return 0;
}
