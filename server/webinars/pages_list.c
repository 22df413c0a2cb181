/*
 * GET /{lang}/webinars: upcoming webinars soonest first (a page at a time,
 * by cursor), then past ones with recordings; filters by community,
 * language of delivery and audience, each value with its count. Shared:
 * load -> view model -> page_render, nothing personal.
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "http/app.h"
#include "http/req.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

static const char *const languages[] = { "cy", "en", "both" };
static const char *const audiences[] = { "all", "leaders", "members" };

/* ?name= into *out ("" when absent or empty): 0, or -1 when it is not one of
 * codes[0..n) (codes NULL: a slug). */
static int filter_param(struct req *r, const char *name, const char *const *codes, size_t n,
                        const char **out)
{
    const char *s = req_query(r, name);
    size_t i;

    *out = "";
    if (!s || !*s)
        return 0;
    if (!codes)
        return parse_slug(s, strlen(s)) ? (*out = s, 0) : -1;
    for (i = 0; i < n; i++)
        if (!strcmp(s, codes[i]))
            return *out = codes[i], 0;
    return -1;
}

/* The filters and ?after= "starts_at.id": 0, or 400. */
static int read_filter(struct req *r, struct webinar_filter *f)
{
    const char *after = req_query(r, "after");
    long long v[2] = { 0, 0 };

    memset(f, 0, sizeof(*f));
    if (filter_param(r, "community", NULL, 0, &f->community) ||
        filter_param(r, "language", languages, 3, &f->language) ||
        filter_param(r, "audience", audiences, 3, &f->audience))
        return 400;
    if (after && (page_cursor_parse(after, v, 2) || !v[1]))
        return 400;
    f->after_start = (time_t)v[0];
    f->after_id = v[1];
    return 0;
}

static void filter_fields(struct page_form *form, const struct webinar_filter *f,
                          const struct webinar_facets *c)
{
    struct req *r = form->r;
    json_t *opts = json_array();
    size_t i;

    for (i = 0; i < c->n_community; i++)
        json_array_append_new(
            opts, page_option_count(r, c->community_slug[i], c->community_name[i][r->lang],
                                    c->community[i], !strcmp(f->community, c->community_slug[i])));
    page_field_select(form, "community", "webinars.filters.community", "webinars.filters.any",
                      opts);
    page_field_select(form, "language", "webinars.filters.language", "webinars.filters.any",
                      page_options(r, "webinars.language.", languages, 3, c->language,
                                   *f->language ? f->language : NULL));
    page_field_select(form, "audience", "webinars.filters.audience", "webinars.filters.any",
                      page_options(r, "webinars.audience.", audiences, 3, c->audience,
                                   *f->audience ? f->audience : NULL));
}

static json_t *cards(struct req *r, const struct webinar *v, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(list, webinar_vm_card(r, &v[i]));
    return list;
}

/* 200; 400 for a filter or cursor that is not one; 503 without the database. */
int webinar_page_list(struct req *r)
{
    struct webinar_filter f;
    struct webinar_facets counts;
    struct webinar_page v;
    struct page_form form;
    struct page_param keep[3];
    struct page_list l = { "/webinars", keep, 3, "webinars.pagination_label" };
    struct page_keyset k = { .ascending = 1, .first_key = "webinars.first_page" };
    long long last[2];
    json_t *vm;
    int st = read_filter(r, &f);
    enum db_rc rc;

    if (st)
        return st;
    rc = webinar_store_list_page(r->db, r->arena, &f, WEBINAR_LIST_PAGE + 1, time(NULL), &v);
    if (rc == DB_OK)
        rc = webinar_store_facets(r->db, r->arena, &f, &counts);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "webinars.page_title");
    page_form_init(&form, r, NULL);
    filter_fields(&form, &f, &counts);
    page_form_vm(&form, vm);
    keep[0] = (struct page_param){ "community", *f.community ? f.community : NULL };
    keep[1] = (struct page_param){ "language", *f.language ? f.language : NULL };
    keep[2] = (struct page_param){ "audience", *f.audience ? f.audience : NULL };
    if (v.n_up > WEBINAR_LIST_PAGE) {
        v.n_up = WEBINAR_LIST_PAGE;
        last[0] = (long long)v.up[v.n_up - 1].starts_at;
        last[1] = v.up[v.n_up - 1].id;
        k.next = page_cursor(r->arena, last, 2);
        k.next_key = "webinars.later";
    }
    k.first = f.after_id != 0;
    json_object_set_new(vm, "webinars", cards(r, v.up, v.n_up));
    json_object_set_new(vm, "has_webinars", json_boolean(v.n_up > 0));
    json_object_set_new(vm, "recorded", cards(r, v.past, v.n_past));
    json_object_set_new(vm, "has_recorded", json_boolean(v.n_past > 0));
    json_object_set_new(vm, "filter_active",
                        json_boolean(*f.community || *f.language || *f.audience));
    json_object_set_new(vm, "pagination", page_keyset_vm(r, &l, &k));
    json_object_set_new(vm, "card_heading", json_string("h3"));
    json_object_set_new(vm, "nav_webinars", json_true());
    return page_render(r, "webinars/index", vm);
}
