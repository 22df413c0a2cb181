#include <string.h>

#include "admin/admin.h"
#include "admin/kept.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "auth/roles.h"
#include "http/app.h"
#include "http/req.h"
#include "view/i18n.h"

/* The home's counts. */
struct home_data {
    long long all, disabled;
};

static enum db_rc fill_home(struct arena *a, struct req *r, const void *query, const void **value)
{
    struct home_data *d = arena_alloc(a, sizeof(*d));

    (void)query;
    *value = d;
    return admin_store_count_users(r->db, &d->all, &d->disabled);
}

/* page_kept_shared()'s build of the home: the same for every admin. */
static int build_home(struct req *r, json_t **out, const char **name)
{
    const struct home_data *d;
    struct admin_key k;
    json_t *vm;
    enum db_rc rc;

    *name = "admin/index";
    admin_key_init(&k, ADMIN_KEPT_HOME, r->lang);
    rc = admin_kept_get(r, &k, fill_home, NULL, (const void **)&d);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.title"), NULL, 0);
    json_object_set_new(vm, "accounts",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.home.accounts", (long)d->all)));
    json_object_set_new(
        vm, "disabled",
        json_string(i18n_format(r->arena, req_t(r, "admin.home.disabled"), "n",
                                arena_printf(r->arena, "%lld", d->disabled), NULL)));
    *out = vm;
    return 0;
}

/* GET /{lang}/admin — where the admin pages start (its counts kept: admin/kept.h; rendered once
 * for every admin: app/page_kept.h). 200; 503 without the database. */
int admin_page_home(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(8);

    return page_kept_shared(r, &kept, 0, admin_kept_gen(), build_home);
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

/* What a page of the users list is read for, and what it holds. */
struct users_query {
    struct admin_user_filter f;
    struct admin_user_at at;
};

struct users_data {
    struct admin_user *v;
    size_t n;
    long long total;
};

static enum db_rc fill_users(struct arena *a, struct req *r, const void *query, const void **value)
{
    const struct users_query *q = query;
    struct users_data *d = arena_alloc(a, sizeof(*d));

    *value = d;
    return admin_store_list_users(r->db, a, r->lang, &q->f, &q->at, &d->v, &d->n, &d->total);
}

/* The page's key: its filter and place (admin/kept.h). */
static void users_key(struct req *r, const struct users_query *q, struct admin_key *k)
{
    admin_key_init(k, ADMIN_KEPT_USERS, r->lang);
    k->n[0] = q->f.role;
    k->n[1] = q->f.status;
    k->n[2] = q->at.page;
    k->n[3] = q->at.before ? -q->at.before : q->at.after;
    admin_key_text(k, q->f.q);
}

/* The filters, page number and cursor of r's query: 0, or a status for a
 * malformed page number or cursor; a filter not understood goes into err. */
static int users_parse(struct req *r, struct users_query *q, struct page_pager *pg,
                       struct page_errors *err)
{
    int st;

    admin_form_user_filter(r, &q->f, err);
    st = page_pager_parse(r, ADMIN_PAGE_SIZE, ADMIN_PAGE_MAX, pg);
    if (st)
        return st;
    if (anchor(req_query(r, "after"), &q->at.after) ||
        anchor(req_query(r, "before"), &q->at.before))
        return 400;
    q->at.page = pg->page;
    if (q->at.before)
        q->at.after = 0;
    return 0;
}

/* The list's view model for q: 0 with *out, or a status. */
static int users_vm(struct req *r, const struct users_query *q, struct page_pager *pg,
                    const struct page_errors *err, json_t **out)
{
    struct admin_key k;
    struct page_form form;
    const struct users_data *d;
    size_t i;
    json_t *vm, *rows;
    int st;
    enum db_rc rc;

    users_key(r, q, &k);
    rc = admin_kept_get(r, &k, fill_users, q, (const void **)&d);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = page_pager_count(pg, d->total);
    if (st) {
        admin_kept_drop(&k);
        return st;
    }
    vm = admin_vm_new(r, page_pager_title(r, pg, req_t(r, "admin.users.title")), admin_trail_users,
                      1);
    page_form_init(&form, r, err);
    filter_fields(&form, &q->f);
    page_form_vm(&form, vm);
    rows = json_array();
    for (i = 0; i < d->n; i++)
        json_array_append_new(rows, admin_vm_user(r, &d->v[i]));
    json_object_set_new(vm, "users", rows);
    json_object_set_new(vm, "has_users", json_boolean(d->n > 0));
    json_object_set_new(vm, "filter_active",
                        json_boolean(*q->f.q || q->f.role || q->f.status >= 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "admin.users.count", (long)d->total)));
    json_object_set_new(vm, "pagination", users_pages(r, &q->f, pg, d->v, d->n, d->total));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_users(struct req *r, json_t **vm, const char **name)
{
    struct users_query q;
    struct page_errors err = { .n = 0 };
    struct page_pager pg;
    int st = users_parse(r, &q, &pg, &err);

    *name = "admin/users";
    return st ? st : users_vm(r, &q, &pg, &err, vm);
}

/*
 * GET /{lang}/admin/users — everyone, or those whose name or e-mail address
 * holds ?q=, with ?role= and ?status=, sorted by name, ADMIN_PAGE_SIZE a page
 * (?page=; past ADMIN_SORT_CAP matches its links add ?after= or ?before=, a
 * user id to read the page from); the page's rows kept (admin/kept.h) and the
 * page rendered once for every admin (app/page_kept.h page_kept_shared(),
 * under the same admin generation). 200;
 * 400 with the error summary when a filter is not understood (the rest still
 * apply), or for a malformed page number or cursor; 404 for a page past the
 * end; 503 without the database.
 */
int admin_page_users(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    struct users_query q;
    struct page_errors err = { .n = 0 };
    struct page_pager pg;
    json_t *vm = NULL;
    int st = users_parse(r, &q, &pg, &err);

    if (st)
        return st;
    if (!err.n)
        return page_kept_shared(r, &kept, 0, admin_kept_gen(), build_users);
    st = users_vm(r, &q, &pg, &err, &vm);
    return st ? st : page_render(r, "admin/users", vm);
}
