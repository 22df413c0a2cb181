#include <string.h>

#include "admin/admin.h"
#include "app/page.h"
#include "auth/roles.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "view/escape.h"
#include "view/i18n.h"

/* GET /{lang}/admin — where the admin pages start. 200; 503 without the database. */
int admin_page_home(struct req *r)
{
    long long all, disabled;
    enum db_rc rc = admin_store_count_users(r->db, &all, &disabled);
    json_t *vm;

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.title"), 0);
    json_object_set_new(vm, "accounts",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.home.accounts", (long)all)));
    json_object_set_new(vm, "disabled",
                        json_string(i18n_format(r->arena, req_t(r, "admin.home.disabled"), "n",
                                                arena_printf(r->arena, "%lld", disabled), NULL)));
    return page_render(r, "admin/index", vm);
}

/* The list's address with f and page in the query, every value percent-encoded. */
static const char *list_url(struct req *r, const struct admin_user_filter *f, long page)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, 1024);
    sbuf_addf(&b, "/%s/admin/users?", lang_code(r->lang));
    if (*f->q) {
        sbuf_adds(&b, "q=");
        escape_url_component(&b, f->q, strlen(f->q));
        sbuf_adds(&b, "&");
    }
    if (f->role)
        sbuf_addf(&b, "role=%s&", role_name((enum role)f->role));
    if (f->status >= 0)
        sbuf_addf(&b, "status=%s&", f->status ? "disabled" : "active");
    sbuf_addf(&b, "page=%ld", page);
    return b.buf;
}

/* The filter form as the visitor left it: the search text and both selects. */
static json_t *filter_vm(struct req *r, const struct admin_user_filter *f)
{
    static const char *const status[] = { "active", "disabled" };
    json_t *roles = json_array(), *states = json_array();
    unsigned bit;
    int i;

    for (bit = ROLE_LEARNER; bit <= ROLE_ADMIN; bit <<= 1) {
        const char *name = role_name((enum role)bit);

        json_array_append_new(roles,
                              json_pack("{s:s, s:s, s:b}", "value", name, "label",
                                        req_t(r, arena_printf(r->arena, "admin.roles.%s", name)),
                                        "selected", f->role == bit));
    }
    for (i = 0; i < 2; i++)
        json_array_append_new(
            states, json_pack("{s:s, s:s, s:b}", "value", status[i], "label",
                              req_t(r, arena_printf(r->arena, "admin.status.%s", status[i])),
                              "selected", f->status == i));
    return json_pack("{s:s, s:o, s:o, s:b}", "q", f->q, "roles", roles, "states", states, "active",
                     *f->q || f->role || f->status >= 0);
}

/* Previous / next links and "Page 2 of 7"; absent when everything fits on one. */
static json_t *pagination_vm(struct req *r, const struct admin_user_filter *f, long page,
                             long pages)
{
    json_t *p;

    if (pages <= 1)
        return json_null();
    p = json_object();
    if (page > 1)
        json_object_set_new(p, "prev", json_string(list_url(r, f, page - 1)));
    if (page < pages)
        json_object_set_new(p, "next", json_string(list_url(r, f, page + 1)));
    json_object_set_new(p, "label",
                        json_string(i18n_format(r->arena, req_t(r, "admin.users.page_of"), "page",
                                                arena_printf(r->arena, "%ld", page), "pages",
                                                arena_printf(r->arena, "%ld", pages), NULL)));
    return p;
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
    struct admin_error err[3];
    size_t n_err = admin_form_user_filter(r, &f, err), n, i;
    struct admin_user *users;
    long long total;
    long page, pages;
    json_t *vm, *rows;
    enum db_rc rc;

    if (admin_form_page(req_query(r, "page"), &page))
        return 400;
    rc = admin_store_list_users(r->db, r->arena, r->lang, &f, page, &users, &n, &total);
    if (rc != DB_OK)
        return page_db_status(rc);
    pages = (long)((total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE);
    if (page > 1 && page > pages)
        return 404;
    vm = admin_vm_new(r, req_t(r, "admin.users.title"), 1);
    admin_vm_errors(r, vm, err, n_err);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows, admin_vm_user(r, &users[i]));
    json_object_set_new(vm, "users", rows);
    json_object_set_new(vm, "has_users", json_boolean(n > 0));
    json_object_set_new(vm, "filter", filter_vm(r, &f));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.users.count", (long)total)));
    json_object_set_new(vm, "pagination", pagination_vm(r, &f, page, pages));
    if (n_err)
        r->status = 400;
    return page_render(r, "admin/users", vm);
}
