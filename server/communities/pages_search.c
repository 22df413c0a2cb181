/*
 * pages_search: searching the forums' posts (and threads' titles, folded
 * with their first post). What was typed is folded by view/welshfold so
 * that a Welsh word matches in any mutated form. The page is the same for
 * every reader with the same ?q= and ?before= (nothing personal): a shared
 * page (ROUTE_SHARED | ROUTE_SHARED_SIGNED, docs/communities.md "Search").
 *
 * At most a quarter of the database pool searches at once (search_slots);
 * a search that finds no slot within SEARCH_WAIT_MS, or whose statement
 * runs out of its time (search_ms, DB_TIMEOUT), is answered 503 with
 * "the search is busy" and the words kept in the box.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/sbuf.h"
#include "core/slots.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"
#include "view/welshfold.h"

#define SEARCH_Q_MAX   200 /* characters of a query */
#define SEARCH_WAIT_MS 250 /* for a search slot, before "busy" */

/* Searches running now: a search may hold its pooled connection for up to
 * search_ms, and a pool full of them starves every other page. */
static struct slots search_slots = SLOTS_INIT;

/* Run the search with one of the pool's quarter of slots: DB_TIMEOUT also
 * when no slot came free. While it waits for one the request gives its
 * pooled connection back (as password hashing does, accounts/hashing.c), so
 * waiting searches never hold the connections other pages need. */
static enum db_rc search_limited(struct req *r, const char *folded, int community, long long before,
                                 struct forum_hit **v, size_t *n, int *more)
{
    const struct config *cfg = r->app->cfg;
    int cap = cfg->db_pool / 4 > 1 ? cfg->db_pool / 4 : 1;
    enum db_rc rc;

    if (slots_take(&search_slots, cap, 0)) {
        req_db_put(r);
        if (slots_take(&search_slots, cap, SEARCH_WAIT_MS)) {
            log_warn_r(r, "forum search busy: %d searches at once already", cap);
            return req_db_get(r) ? DB_UNAVAILABLE : DB_TIMEOUT;
        }
        if (req_db_get(r)) {
            slots_give(&search_slots);
            return DB_UNAVAILABLE;
        }
    }
    rc = forum_store_search(r->db, r->arena, folded, community, before, cfg->search_ms, v, n, more);
    slots_give(&search_slots);
    return rc;
}

static json_t *hits_pages(struct req *r, const char *q, const char *in, const struct forum_hit *v,
                          size_t n, int more, long long before)
{
    const struct page_param keep[] = { { "q", q }, { "community", *in ? in : NULL } };
    const struct page_list l = { "/search/communities", keep, 2,
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

/* The community select's options: each open community, in chosen; its id
 * into *id (0: none chosen, every community; -1: in is not one of them). */
static enum db_rc community_options(struct req *r, const char *in, json_t *list, int *id)
{
    struct community *c;
    size_t i, n;
    enum db_rc rc = community_store_list(r->db, r->arena, &c, &n);

    *id = *in ? -1 : 0;
    for (i = 0; rc == DB_OK && i < n; i++) {
        int chosen = !strcmp(in, c[i].slug);

        if (chosen)
            *id = c[i].id;
        json_array_append_new(list, page_option(c[i].slug, c[i].name[r->lang], chosen));
    }
    return rc;
}

/* GET /{lang}/search/communities — ?q= (at most SEARCH_Q_MAX characters),
 * ?community= a community's slug (absent or empty: every one) and ?before=
 * a post id: the visible posts that match, newest first,
 * FORUM_PAGE_SIZE a page. 200 (no ?q=: the form alone); 400 with the
 * message for a query too long or a community that is not one, or for a
 * malformed cursor; 503 with "busy" and
 * the words kept when the search has no slot or runs out of time; 503. */
int forum_page_search(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct page_form form;
    struct forum_hit *v = NULL;
    struct sbuf folded;
    const char *q = req_query(r, "q"), *s = req_query(r, "before");
    const char *in = req_query(r, "community");
    long long before = 0;
    size_t n = 0;
    int more = 0, words = 0, busy = 0, community = 0;
    json_t *vm, *field, *options;
    enum db_rc rc;

    if (s && (page_cursor_parse(s, &before, 1) || before == 0))
        return 400;
    if (!q)
        q = "";
    if (!in)
        in = "";
    options = json_array();
    if ((rc = community_options(r, in, options, &community)) != DB_OK) {
        json_decref(options);
        return page_db_status(rc);
    }
    if (community < 0)
        page_errors_add(&err, "community", "communities.search.in_unknown");
    sbuf_init(&folded, r->arena, 4096);
    if (utf8_count(q, strlen(q)) > SEARCH_Q_MAX)
        page_errors_add(&err, "q", "communities.search.too_long");
    else
        words = (int)welshfold_query(r->app->fold, q, strlen(q), &folded);
    if (words > 0 && community >= 0 && !sbuf_failed(&folded)) {
        rc = search_limited(r, folded.buf, community, before, &v, &n, &more);
        busy = rc == DB_TIMEOUT;
        if (busy) {
            page_errors_add(&err, "q", "communities.search.busy");
        } else if (rc != DB_OK) {
            json_decref(options);
            return page_db_status(rc);
        }
    }
    page_form_init(&form, r, &err);
    field = page_field_input(&form, "q", "search", "communities.search.label", q);
    page_field_set(field, "autocomplete", "off");
    page_field_select(&form, "community", "communities.search.in_label",
                      "communities.search.in_any", options);
    vm = page_vm(r, "communities.search.title");
    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/communities", "nav.communities", NULL }, 1));
    page_form_vm(&form, vm);
    json_object_set_new(vm, "searched", json_boolean(*q && !page_errors_any(&err)));
    json_object_set_new(vm, "no_words", json_boolean(*q && words == 0 && !page_errors_any(&err)));
    json_object_set_new(vm, "hits", forum_vm_hits(r, v, n));
    json_object_set_new(vm, "pagination", hits_pages(r, q, in, v, n, more, before));
    if (busy) { /* page_form_vm said 400 */
        r->status = 503;
        resp_header(r, "Retry-After", "2");
    }
    return page_render(r, "communities/search", vm);
}
