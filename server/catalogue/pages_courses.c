#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "app/page_nav.h"
#include "catalogue/catalogue.h"
#include "courses/taxonomy.h"
#include "http/app.h"
#include "http/req.h"
#include "view/i18n.h"

/* The filter form as the visitor left it, each value with its facet count. */
static void filter_fields(struct page_form *form, const struct catalogue_query *qy,
                          const char *typed, const struct catalogue_facets *f)
{
    static const char *const langs[] = { "cy", "en" };
    struct req *r = form->r;
    json_t *q = page_field_input(form, "q", "search", "courses.filters.search_label", typed);

    page_field_hint(form, q, "courses.filters.search_hint");
    page_field_set(q, "autocomplete", "off");
    page_field_select(form, "role", "courses.filters.role", "courses.filters.role_any",
                      page_options(r, "courses.family.", taxonomy_families, taxonomy_n_families,
                                   f->family, qy->family));
    page_field_select(
        form, "level", "courses.filters.level", "courses.filters.level_any",
        page_options(r, "courses.level.", taxonomy_levels, taxonomy_n_levels, f->level, qy->level));
    page_field_select(form, "format", "courses.filters.format", "courses.filters.format_any",
                      page_options(r, "courses.format.", taxonomy_formats, taxonomy_n_formats,
                                   f->format, qy->format));
    page_field_select(form, "language", "courses.filters.language", "courses.filters.language_any",
                      page_options(r, "courses.delivery_lang.", langs, 2, f->lang,
                                   qy->lang >= 0 ? langs[qy->lang] : NULL));
}

/* The catalogue as a list whose links keep the filters as understood. */
static struct page_list list_of(const struct catalogue_query *qy, struct page_param keep[5])
{
    keep[0] = (struct page_param){ "q", qy->q };
    keep[1] = (struct page_param){ "role", qy->family };
    keep[2] = (struct page_param){ "level", qy->level };
    keep[3] = (struct page_param){ "format", qy->format };
    keep[4] =
        (struct page_param){ "language", qy->lang >= 0 ? lang_code((enum lang)qy->lang) : NULL };
    return (struct page_list){ "/courses", keep, 5, "courses.pagination_label" };
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

/* "Did you mean" for a search that found nothing: the corrected search
 * (catalogue_suggest) with the same filters, when it finds something. */
static json_t *suggestion(struct req *r, const struct catalogue_query *qy)
{
    struct catalogue_query fix = *qy;
    struct catalogue_facets f;
    struct page_param keep[5];
    struct page_list l;
    struct course *list;
    size_t n;

    fix.q = catalogue_suggest(r->db, r->arena, r->app->fold, qy->q);
    if (!fix.q)
        return NULL;
    fix.ft = catalogue_ft_query(r->arena, r->app->fold, r->app->glossary, fix.q, strlen(fix.q));
    fix.page = 1;
    fix.per_page = 1;
    if (!fix.ft || catalogue_find(r->db, r->arena, &fix, r->lang, &f, &list, &n) != DB_OK ||
        !f.total)
        return NULL;
    l = list_of(&fix, keep);
    return json_pack("{s:s, s:s}", "q", fix.q, "href", page_url(r, l.path, l.keep, l.n_keep));
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
    struct page_errors err = { .n = 0 };
    struct page_pager pg;
    struct page_form form;
    struct page_param keep[5];
    struct page_list l;
    const char *typed = req_query(r, "q");
    struct course *list = NULL;
    struct catalogue_facets f;
    size_t n = 0, i;
    json_t *vm, *rows;
    int st;
    enum db_rc rc;

    catalogue_query_parse(r, &qy, &err);
    st = page_pager_parse(r, CATALOGUE_PAGE_SIZE, CATALOGUE_PAGE_MAX, &pg);
    if (st)
        return st;
    qy.page = pg.page;
    rc = catalogue_find(r->db, r->arena, &qy, r->lang, &f, &list, &n);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = page_pager_count(&pg, f.total);
    if (st)
        return st;
    vm = catalogue_vm_new(r, page_pager_title(r, &pg, req_t(r, "courses.page_title")), 0);
    page_form_init(&form, r, &err);
    filter_fields(&form, &qy, typed ? typed : "", &f);
    page_form_vm(&form, vm);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows, catalogue_vm_course(r, &list[i]));
    json_object_set_new(vm, "courses", rows);
    json_object_set_new(vm, "has_courses", json_boolean(n > 0));
    json_object_set_new(
        vm, "filter_active",
        json_boolean((typed && *typed) || qy.family || qy.level || qy.format || qy.lang >= 0));
    json_object_set_new(vm, "count", json_string(count_text(r, &qy, f.total)));
    json_object_set_new(vm, "search_ignored", json_boolean(*qy.q && !qy.ft));
    if (qy.ft && !f.total && qy.page == 1) {
        json_t *fix = suggestion(r, &qy);

        if (fix)
            json_object_set_new(vm, "suggestion", fix);
    }
    l = list_of(&qy, keep);
    json_object_set_new(vm, "pagination", page_pager_vm(r, &l, &pg));
    return page_render(r, "courses/index", vm);
}
