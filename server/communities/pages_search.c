/*
 * pages_search: searching the forums' posts (and threads' titles, folded
 * with their first post). What was typed is folded by view/welshfold so
 * that a Welsh word matches in any mutated form. The page is the same for
 * every reader with the same ?q= and ?before= (nothing personal).
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/req.h"
#include "view/i18n.h"
#include "view/welshfold.h"

#define SEARCH_Q_MAX 200 /* characters of a query */

static json_t *hits_pages(struct req *r, const char *q, const struct forum_hit *v, size_t n,
                          int more, long long before)
{
    const struct page_param keep[] = { { "q", q } };
    const struct page_list l = { "/search/communities", keep, 1,
                                 "communities.search.pagination_label" };
    long long last = n ? v[n - 1].post_id : 0;
    const struct page_keyset k = {
        .next = more && n ? page_cursor(r->arena, &last, 1) : NULL,
        .first = before > 0,
        .next_key = "communities.search.older",
        .first_key = "communities.search.newest",
    };

    return page_keyset_vm(r, &l, &k);
}

/* GET /{lang}/search/communities — ?q= (at most SEARCH_Q_MAX characters)
 * and ?before= a post id: the visible posts that match, newest first,
 * FORUM_PAGE_SIZE a page. 200 (no ?q=: the form alone); 400 with the
 * message for a query too long or a malformed cursor; 503. */
int forum_page_search(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct page_form form;
    struct forum_hit *v = NULL;
    struct sbuf folded;
    const char *q = req_query(r, "q"), *s = req_query(r, "before");
    long long before = 0;
    size_t n = 0;
    int more = 0, words = 0;
    json_t *vm, *field;
    enum db_rc rc;

    if (s && (page_cursor_parse(s, &before, 1) || before == 0))
        return 400;
    if (!q)
        q = "";
    sbuf_init(&folded, r->arena, 4096);
    if (utf8_count(q, strlen(q)) > SEARCH_Q_MAX)
        page_errors_add(&err, "q", "communities.search.too_long");
    else
        words = (int)welshfold_query(r->app->fold, q, strlen(q), &folded);
    if (words > 0 && !sbuf_failed(&folded)) {
        rc = forum_store_search(r->db, r->arena, folded.buf, before, &v, &n, &more);
        if (rc != DB_OK)
            return page_db_status(rc);
    }
    vm = page_vm(r, "communities.search.title");
    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/communities", "nav.communities", NULL }, 1));
    page_form_init(&form, r, &err);
    field = page_field_input(&form, "q", "search", "communities.search.label", q);
    page_field_set(field, "autocomplete", "off");
    page_form_vm(&form, vm);
    json_object_set_new(vm, "searched", json_boolean(*q && !page_errors_any(&err)));
    json_object_set_new(vm, "no_words", json_boolean(*q && words == 0 && !page_errors_any(&err)));
    json_object_set_new(vm, "hits", forum_vm_hits(r, v, n));
    json_object_set_new(vm, "pagination", hits_pages(r, q, v, n, more, before));
    return page_render(r, "communities/search", vm);
}
