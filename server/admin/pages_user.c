#include <string.h>

#include "admin/admin.h"
#include "admin/kept.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

/* What ?done= on a user's page may report after a POST (post/redirect/get). */
static const char *const done_kinds[] = { "roles", "unchanged", "disabled", "enabled", "sessions" };

/* The roles form's checkboxes (role_learner=1, ...), ticked as in roles. */
static json_t *role_checkboxes(struct req *r, unsigned roles)
{
    json_t *list = admin_vm_role_options(r, roles), *o;
    size_t i;

    json_array_foreach(list, i, o)
    {
        const char *name = json_string_value(json_object_get(o, "value"));

        json_object_set_new(o, "id", json_string(arena_printf(r->arena, "role-%s", name)));
        json_object_set_new(o, "name", json_string(arena_printf(r->arena, "role_%s", name)));
        json_object_set_new(o, "value", json_string("1")); /* last: name points into the old */
    }
    return list;
}

/* The roles form: the checkboxes showing roles, and their problem in e. */
static void roles_form(struct req *r, json_t *vm, const struct page_errors *e, unsigned roles,
                       int is_self)
{
    struct page_form form;
    json_t *f;

    page_form_init(&form, r, e);
    f = page_field_choices(&form, "roles", "checkbox", "admin.user.roles_legend",
                           role_checkboxes(r, roles));
    page_field_set(f, "hint",
                   is_self ? arena_printf(r->arena, "%s %s", req_t(r, "admin.user.roles_hint"),
                                          req_t(r, "admin.user.roles_self_hint"))
                           : req_t(r, "admin.user.roles_hint"));
    page_form_vm(&form, vm);
}

/* The "saved" panel for ?done=, or null. */
static json_t *done_vm(struct req *r)
{
    const char *done = req_query(r, "done");
    size_t i;

    for (i = 0; done && i < sizeof(done_kinds) / sizeof(done_kinds[0]); i++)
        if (!strcmp(done, done_kinds[i]))
            return json_pack(
                "{s:s, s:s}", "title",
                req_t(r, arena_printf(r->arena, "admin.user.done.%s.title", done_kinds[i])), "body",
                req_t(r, arena_printf(r->arena, "admin.user.done.%s.body", done_kinds[i])));
    return json_null();
}

/*
 * User id's page as r's reader sees it: 0 with *out, or 404 when there is no
 * such user (503 without the database). e (when not NULL) is shown in the
 * error summary and by the form it is about, and the roles form then shows
 * form_roles as submitted.
 */
static int user_vm(struct req *r, long long id, const struct page_errors *e, unsigned form_roles,
                   json_t **out)
{
    struct admin_user u;
    struct admin_audit_filter f = { .event = "", .user_id = id };
    struct admin_audit_entry *events;
    size_t n_events;
    int more, st;
    json_t *vm;
    enum db_rc rc = admin_store_get_user(r->db, r->arena, r->lang, id, &u);

    if (rc == DB_OK)
        rc = admin_store_list_audit(r->db, r->arena, &f, ADMIN_RECENT, &events, &n_events, &more);
    st = page_status(rc);
    if (st)
        return st;
    vm = admin_vm_new(r, u.name, admin_trail_users, 2);
    roles_form(r, vm, e, e ? form_roles : u.roles, id == r->user->id);
    json_object_set_new(vm, "person", admin_vm_user(r, &u));
    json_object_set_new(vm, "is_self", json_boolean(id == r->user->id));
    json_object_set_new(vm, "done", e ? json_null() : done_vm(r));
    json_object_set_new(vm, "events", admin_vm_audit(r, events, n_events));
    json_object_set_new(vm, "has_events", json_boolean(n_events > 0));
    json_object_set_new(
        vm, "events_url",
        json_string(arena_printf(r->arena, "/%s/admin/audit?user=%lld", lang_code(r->lang), id)));
    *out = vm;
    return 0;
}

/* Render user id's page with status (user_vm()). */
static int user_page(struct req *r, long long id, int status, const struct page_errors *e,
                     unsigned form_roles)
{
    json_t *vm = NULL;
    int st = user_vm(r, id, e, form_roles, &vm);

    if (st)
        return st;
    r->status = status;
    return page_render(r, "admin/user", vm);
}

/* page_kept_shared()'s build: the page as its reader sees it (is_self). */
static int build_user(struct req *r, json_t **vm, const char **name)
{
    *name = "admin/user";
    return user_vm(r, page_id(r, "id"), NULL, 0, vm);
}

/* 303 back to the user's page, saying what happened. */
static int see_user(struct req *r, long long id, const char *done)
{
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/admin/users/%lld?done=%s", lang_code(r->lang), id, done));
}

/*
 * GET /{lang}/admin/users/{id} — one person: details, roles, account,
 * activity. Rendered once for each admin who reads it (app/page_kept.h
 * page_kept_shared(), scope the reader: "this is you" and the roles hint are
 * theirs) under the admin generation (admin/kept.h: every audited event, a
 * change of roles or details); with ?done= (the saved panel after a POST)
 * for this request alone. 200; 404.
 */
int admin_page_user(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    long long id = page_id(r, "id");

    if (!id)
        return 404;
    if (req_query(r, "done"))
        return user_page(r, id, 200, NULL, 0);
    return page_kept_shared(r, &kept, r->user->id, admin_kept_gen(), build_user);
}

/*
 * POST /{lang}/admin/users/{id}/roles — give the person exactly the ticked
 * roles (role_learner=1, ...). Ends all their sessions and is audited. 303 to
 * their page; 400 with the page and error summary for no role, an unknown
 * role, or an admin removing their own admin role (nothing is changed);
 * 404 when there is no such user.
 */
int admin_page_user_roles(struct req *r)
{
    struct page_errors err = { .n = 0 };
    long long id = page_id(r, "id");
    unsigned roles;
    int changed;
    enum db_rc rc;

    if (!id)
        return 404;
    if (admin_form_roles(r, &roles, &err))
        return user_page(r, id, 400, &err, roles);
    if (id == r->user->id && !(roles & ROLE_ADMIN)) {
        page_errors_add(&err, "role-admin", "admin.user.errors.own_admin");
        return user_page(r, id, 400, &err, roles);
    }
    rc = admin_store_set_roles(r->db, r->user->id, id, roles, r->client_ip, &changed);
    if (rc != DB_OK)
        return page_status(rc);
    /* an admin who changed their own roles carries on with a new token */
    if (changed && id == r->user->id) {
        r->session = NULL;
        rc = session_start(r, id);
        if (rc != DB_OK)
            return page_db_status(rc);
    }
    return see_user(r, id, changed ? "roles" : "unchanged");
}

static int set_disabled(struct req *r, int disabled)
{
    struct page_errors err = { .n = 0 };
    long long id = page_id(r, "id");
    int changed;
    enum db_rc rc;

    if (!id)
        return 404;
    if (disabled && id == r->user->id) {
        page_errors_add(&err, "account", "admin.user.errors.own_disable");
        return user_page(r, id, 400, &err, r->user->roles);
    }
    rc = admin_store_set_disabled(r->db, r->user->id, id, disabled, r->client_ip, &changed);
    if (rc != DB_OK)
        return page_status(rc);
    return see_user(r, id, disabled ? "disabled" : "enabled");
}

/*
 * POST /{lang}/admin/users/{id}/disable — stop the person signing in and end
 * all their sessions; audited. 303 to their page (also when it already was);
 * 400 with the page for an admin disabling themself; 404 for no such user.
 */
int admin_page_user_disable(struct req *r)
{
    return set_disabled(r, 1);
}

/* POST /{lang}/admin/users/{id}/enable — let the person sign in again; audited. 303; 404. */
int admin_page_user_enable(struct req *r)
{
    return set_disabled(r, 0);
}

/*
 * POST /{lang}/admin/users/{id}/sessions — sign the person out on every
 * device (an admin doing it to themself keeps this session); audited. 303 to
 * their page; 404 for no such user.
 */
int admin_page_user_sessions(struct req *r)
{
    long long id = page_id(r, "id");
    enum db_rc rc;

    if (!id)
        return 404;
    rc = admin_store_end_sessions(r->db, r->user->id, id,
                                  id == r->user->id ? r->session->id_hash : NULL, r->client_ip);
    if (rc != DB_OK)
        return page_status(rc);
    return see_user(r, id, "sessions");
}
