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

/* Previous / next links keeping the filters, and "Page 2 of 7". */
static json_t *users_pages(struct req *r, const struct admin_user_filter *f,
                           const struct page_pager *pg)
{
    const struct page_param keep[] = {
        { "q", f->q },
        { "role", f->role ? role_name((enum role)f->role) : NULL },
        { "status", f->status < 0 ? NULL
                    : f->status   ? "disabled"
                                  : "active" },
    };
    const struct page_list l = { "/admin/users", keep, 3, "admin.users.pagination_label" };

    return page_pager_vm(r, &l, pg);
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
 * (?page=). 200; 400 with the error summary when a filter is not understood
 * (the rest still apply), or for a malformed page number; 404 for a page past
 * the end; 503 without the database.
 */
int admin_page_users(struct req *r)
{
    struct admin_user_filter f;
    struct page_errors err = { .n = 0 };
    struct page_pager pg;
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
    rc = admin_store_list_users(r->db, r->arena, r->lang, &f, pg.page, &users, &n, &total);
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
    json_object_set_new(vm, "pagination", users_pages(r, &f, &pg));
    return page_render(r, "admin/users", vm);
}
