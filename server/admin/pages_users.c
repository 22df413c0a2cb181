#include <string.h>

#include "admin/admin.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "auth/roles.h"
#include "http/app.h"
#include "http/req.h"
#include "view/i18n.h"

/* GET /{lang}/admin — where the admin pages start. 200; 503 without the database. */
int admin_page_home(struct req *r)
{
    long long all, disabled;
    enum db_rc rc = admin_store_count_users(r->db, &all, &disabled);
    json_t *vm;

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.title"), NULL, 0);
    json_object_set_new(vm, "accounts",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.home.accounts", (long)all)));
    json_object_set_new(vm, "disabled",
                        json_string(i18n_format(r->arena, req_t(r, "admin.home.disabled"), "n",
                                                arena_printf(r->arena, "%lld", disabled), NULL)));
    return page_render(r, "admin/index", vm);
}

/* The id of one end of the page as a cursor. */
static const char *cursor(struct req *r, long long id)
{
    return page_cursor(r->arena, &id, 1);
}

/* Previous / next links keeping the filters, and "Page 2 of 7". Past
 * ADMIN_SORT_CAP matches the links carry the id of the row next to them, so
 * the next page is read from there (docs/admin.md "Deep pages"). */
static json_t *users_pages(struct req *r, const struct admin_user_filter *f,
                           const struct page_pager *pg, const struct admin_user *v, size_t n,
                           long long total)
{
    const struct page_param keep[] = {
        { "q", f->q },
        { "role", f->role ? role_name((enum role)f->role) : NULL },
        { "status", f->status < 0 ? NULL
                    : f->status   ? "disabled"
                                  : "active" },
    };
    const struct page_list l = { "/admin/users", keep, 3, "admin.users.pagination_label" };

    if (total <= ADMIN_SORT_CAP || !n)
        return page_pager_vm(r, &l, pg);
    /* page 1 needs no cursor; a short page read by cursor was the last */
    return page_pager_keyset_vm(r, &l, pg, pg->page > 2 ? cursor(r, v[0].id) : NULL,
                                cursor(r, v[n - 1].id), n == ADMIN_PAGE_SIZE);
}

/* ?after= / ?before=: a user id (absent: 0); -1 when malformed. */
static int anchor(const char *s, long long *out)
{
    *out = 0;
    return s && (page_cursor_parse(s, out, 1) || *out == 0) ? -1 : 0;
}

/* The filter form as the visitor left it: the search text and both selects. */
static void filter_fields(struct page_form *form, const struct admin_user_filter *f)
{
    static const char *const states[] = { "active", "disabled" };
    struct req *r = form->r;
    json_t *q = page_field_input(form, "q", "search", "admin.users.search_label", f->q);

    page_field_hint(form, q, "admin.users.search_hint");
    page_field_set(q, "width", "30");
    page_field_set(q, "autocomplete", "off");
    page_field_set(q, "spellcheck", "false");
    page_field_select(form, "role", "admin.users.role_label", "admin.users.role_any",
                      admin_vm_role_options(r, f->role));
    page_field_select(form, "status", "admin.users.status_label", "admin.users.status_any",
                      page_options(r, "admin.status.", states, 2, NULL,
                                   f->status >= 0 ? states[f->status] : NULL));
}

/*
 * GET /{lang}/admin/users — everyone, or those whose name or e-mail address
 * holds ?q=, with ?role= and ?status=, sorted by name, ADMIN_PAGE_SIZE a page
 * (?page=; past ADMIN_SORT_CAP matches its links add ?after= or ?before=, a
 * user id to read the page from). 200; 400 with the error summary when a
 * filter is not understood (the rest still apply), or for a malformed page
 * number or cursor; 404 for a page past
 * the end; 503 without the database.
 */
int admin_page_users(struct req *r)
{
    struct admin_user_filter f;
    struct page_errors err = { .n = 0 };
    struct page_pager pg;
    struct admin_user_at at;
    struct page_form form;
    struct admin_user *users;
    long long total;
    size_t n, i;
    json_t *vm, *rows;
    int st;
    enum db_rc rc;

    admin_form_user_filter(r, &f, &err);
    st = page_pager_parse(r, ADMIN_PAGE_SIZE, ADMIN_PAGE_MAX, &pg);
    if (st)
        return st;
    if (anchor(req_query(r, "after"), &at.after) || anchor(req_query(r, "before"), &at.before))
        return 400;
    at.page = pg.page;
    if (at.before)
        at.after = 0;
    rc = admin_store_list_users(r->db, r->arena, r->lang, &f, &at, &users, &n, &total);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = page_pager_count(&pg, total);
    if (st)
        return st;
    vm = admin_vm_new(r, page_pager_title(r, &pg, req_t(r, "admin.users.title")), admin_trail_users,
                      1);
    page_form_init(&form, r, &err);
    filter_fields(&form, &f);
    page_form_vm(&form, vm);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows, admin_vm_user(r, &users[i]));
    json_object_set_new(vm, "users", rows);
    json_object_set_new(vm, "has_users", json_boolean(n > 0));
    json_object_set_new(vm, "filter_active", json_boolean(*f.q || f.role || f.status >= 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.users.count", (long)total)));
    json_object_set_new(vm, "pagination", users_pages(r, &f, &pg, users, n, total));
    return page_render(r, "admin/users", vm);
}
