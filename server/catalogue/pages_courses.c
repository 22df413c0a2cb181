#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "core/sbuf.h"
#include "courses/taxonomy.h"
#include "http/app.h"
#include "http/req.h"
#include "view/escape.h"
#include "view/i18n.h"

/* The catalogue's address for qy at page, every value percent-encoded. */
static const char *list_url(struct req *r, const struct catalogue_query *qy, long page)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, 1024);
    sbuf_addf(&b, "/%s/courses?", lang_code(r->lang));
    if (*qy->q) {
        sbuf_adds(&b, "q=");
        escape_url_component(&b, qy->q, strlen(qy->q));
        sbuf_addc(&b, '&');
    }
    if (qy->family)
        sbuf_addf(&b, "role=%s&", qy->family);
    if (qy->level)
        sbuf_addf(&b, "level=%s&", qy->level);
    if (qy->format)
        sbuf_addf(&b, "format=%s&", qy->format);
    if (qy->lang >= 0)
        sbuf_addf(&b, "language=%s&", lang_code((enum lang)qy->lang));
    sbuf_addf(&b, "page=%ld", page);
    return b.buf;
}

/* One select's options: [{value, label "Data (4)", selected}]. */
static json_t *options(struct req *r, const char *ns, const char *const *codes, size_t n,
                       const long long *counts, const char *chosen)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        const char *label = req_t(r, arena_printf(r->arena, "courses.%s.%s", ns, codes[i]));

        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:b}", "value", codes[i], "label",
                      i18n_format(r->arena, req_t(r, "courses.filters.option"), "label", label, "n",
                                  arena_printf(r->arena, "%lld", counts[i]), NULL),
                      "selected", chosen && !strcmp(chosen, codes[i])));
    }
    return list;
}

/* The filter form as the visitor left it, each value with its facet count. */
static json_t *filter_vm(struct req *r, const struct catalogue_query *qy, const char *typed,
                         const struct catalogue_facets *f)
{
    static const char *const langs[] = { "cy", "en" };
    const char *chosen_lang = qy->lang >= 0 ? langs[qy->lang] : NULL;

    return json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:b}", "q", typed, "families",
        options(r, "family", taxonomy_families, taxonomy_n_families, f->family, qy->family),
        "levels", options(r, "level", taxonomy_levels, taxonomy_n_levels, f->level, qy->level),
        "formats",
        options(r, "format", taxonomy_formats, taxonomy_n_formats, f->format, qy->format),
        "languages", options(r, "delivery_lang", langs, 2, f->lang, chosen_lang), "active",
        *typed || qy->family || qy->level || qy->format || qy->lang >= 0);
}

/* Previous / next links and "Page 2 of 7"; null when everything fits on one. */
static json_t *pagination_vm(struct req *r, const struct catalogue_query *qy, long pages)
{
    json_t *p;

    if (pages <= 1)
        return json_null();
    p = json_object();
    if (qy->page > 1)
        json_object_set_new(p, "prev", json_string(list_url(r, qy, qy->page - 1)));
    if (qy->page < pages)
        json_object_set_new(p, "next", json_string(list_url(r, qy, qy->page + 1)));
    json_object_set_new(p, "label",
                        json_string(i18n_format(r->arena, req_t(r, "courses.page_of"), "page",
                                                arena_printf(r->arena, "%ld", qy->page), "pages",
                                                arena_printf(r->arena, "%ld", pages), NULL)));
    return p;
}

/* error_summary and errors.<field>, and "Error: " before the title (WCAG 3.3.1). */
static void errors_vm(struct req *r, json_t *vm, const struct catalogue_error *err, size_t n)
{
    json_t *items = json_array(), *by_field = json_object();
    const char *title = json_string_value(json_object_get(vm, "page_title"));
    size_t i;

    for (i = 0; i < n; i++) {
        const char *msg = req_t(r, err[i].key);

        json_array_append_new(items,
                              json_pack("{s:s, s:s}", "field", err[i].field, "message", msg));
        json_object_set_new(by_field, err[i].field, json_string(msg));
    }
    json_object_set_new(vm, "error_summary", json_pack("{s:o}", "items", items));
    json_object_set_new(vm, "errors", by_field);
    json_object_set_new(
        vm, "page_title",
        json_string(i18n_format(r->arena, req_t(r, "common.error_title"), "title", title, NULL)));
}

/* "12 cwrs", with "matching ‘data’" when there was a search. */
static const char *count_text(struct req *r, const struct catalogue_query *qy, long long total)
{
    const char *count = i18n_pluralf(r->arena, r->app->i18n, r->lang, "courses.count", (long)total);

    if (!qy->ft)
        return count;
    return i18n_format(r->arena, req_t(r, "courses.results.matching"), "count", count, "q", qy->q,
                       NULL);
}

/* The page's title: "Courses", or "Courses (page 2 of 7)" past the first. */
static const char *title_text(struct req *r, const struct catalogue_query *qy, long pages)
{
    if (qy->page <= 1)
        return req_t(r, "courses.page_title");
    return i18n_format(r->arena, req_t(r, "courses.page_title_paged"), "page",
                       arena_printf(r->arena, "%ld", qy->page), "pages",
                       arena_printf(r->arena, "%ld", pages), NULL);
}

/*
 * GET /{lang}/courses — published courses matching ?q= (both languages'
 * titles and summaries), ?role= ?level= ?format= ?language=, in the reader's
 * alphabetical order, CATALOGUE_PAGE_SIZE a page (?page=), with facet counts.
 * 200; 400 with the error summary when a filter or the search is not
 * understood (the rest still apply); 400 for a malformed page number; 404 for
 * a page past the end; 503 without the database.
 */
int catalogue_page_courses(struct req *r)
{
    struct catalogue_query qy;
    struct catalogue_error err[5];
    size_t n_err = catalogue_query_parse(r, &qy, err), n = 0, i;
    const char *typed = req_query(r, "q");
    struct course *list = NULL;
    struct catalogue_facets f;
    long pages;
    json_t *vm, *rows;
    enum db_rc rc;

    if (catalogue_parse_count(req_query(r, "page"), 1, CATALOGUE_PAGE_MAX, &qy.page))
        return 400;
    rc = catalogue_find(r->db, r->arena, &qy, r->lang, &f, &list, &n);
    if (rc != DB_OK)
        return page_db_status(rc);
    pages = (long)((f.total + CATALOGUE_PAGE_SIZE - 1) / CATALOGUE_PAGE_SIZE);
    if (qy.page > 1 && qy.page > pages)
        return 404;
    vm = catalogue_vm_new(r, title_text(r, &qy, pages), 0);
    if (n_err) {
        errors_vm(r, vm, err, n_err);
        r->status = 400;
    }
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows, catalogue_vm_course(r, &list[i]));
    json_object_set_new(vm, "courses", rows);
    json_object_set_new(vm, "has_courses", json_boolean(n > 0));
    json_object_set_new(vm, "filter", filter_vm(r, &qy, typed ? typed : "", &f));
    json_object_set_new(vm, "count", json_string(count_text(r, &qy, f.total)));
    json_object_set_new(vm, "search_ignored", json_boolean(*qy.q && !qy.ft));
    json_object_set_new(vm, "pagination", pagination_vm(r, &qy, pages));
    return page_render(r, "courses/index", vm);
}
