#include <string.h>

#include "admin/admin.h"
#include "app/page_field.h"
#include "app/page_nav.h"
#include "auth/roles.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"

const struct page_crumb admin_trail_users[2] = {
    { "/admin", "admin.title", NULL },
    { "/admin/users", "admin.users.title", NULL },
};

const struct page_crumb admin_trail_courses[2] = {
    { "/admin", "admin.title", NULL },
    { "/admin/courses", "admin.courses.title", NULL },
};

json_t *admin_vm_new(struct req *r, const char *title, const struct page_crumb *trail, size_t n)
{
    json_t *vm = json_object();

    json_object_set_new(vm, "page_title", json_string(title));
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, trail, n));
    return vm;
}

json_t *admin_vm_date(struct req *r, time_t t, int with_time)
{
    const char *date = datefmt_date(r->arena, r->app->i18n, r->lang, t);

    if (with_time)
        date = i18n_format(r->arena, req_t(r, "date.datetime"), "date", date, "time",
                           datefmt_time(r->arena, t), NULL);
    return json_pack("{s:s, s:s}", "text", date, "iso", datefmt_iso(r->arena, t));
}

/* The role bit's name in the reader's language. */
static const char *role_label(struct req *r, unsigned bit)
{
    return req_t(r, arena_printf(r->arena, "admin.roles.%s", role_name((enum role)bit)));
}

json_t *admin_vm_roles(struct req *r, unsigned roles)
{
    json_t *list = json_array();
    unsigned bit;

    for (bit = ROLE_LEARNER; bit <= ROLE_ADMIN; bit <<= 1)
        if (roles & bit)
            json_array_append_new(list, json_pack("{s:s, s:s}", "name", role_name((enum role)bit),
                                                  "label", role_label(r, bit)));
    return list;
}

json_t *admin_vm_role_options(struct req *r, unsigned chosen)
{
    json_t *list = json_array();
    unsigned bit;

    for (bit = ROLE_LEARNER; bit <= ROLE_ADMIN; bit <<= 1)
        json_array_append_new(
            list, page_option(role_name((enum role)bit), role_label(r, bit), (chosen & bit) != 0));
    return list;
}

json_t *admin_vm_user(struct req *r, const struct admin_user *u)
{
    json_t *o = json_object();
    const char *at;

    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(
        o, "href",
        json_string(arena_printf(r->arena, "/%s/admin/users/%lld", lang_code(r->lang), u->id)));
    json_object_set_new(o, "name", json_string(u->name ? u->name : ""));
    json_object_set_new(o, "email", json_string(u->email ? u->email : ""));
    /* split at the '@' so a narrow table column may break the address there */
    at = u->email ? strrchr(u->email, '@') : NULL;
    json_object_set_new(o, "email_local",
                        json_string(at ? arena_strndup(r->arena, u->email, (size_t)(at - u->email))
                                       : (u->email ? u->email : "")));
    json_object_set_new(o, "email_domain", json_string(at ? at : ""));
    json_object_set_new(
        o, "org",
        json_string(u->org_name && *u->org_name ? u->org_name : req_t(r, "admin.users.no_org")));
    json_object_set_new(
        o, "lang_name",
        json_string(
            req_t(r, u->lang && !strcmp(u->lang, "en") ? "admin.langs.en" : "admin.langs.cy")));
    json_object_set_new(o, "roles", admin_vm_roles(r, u->roles));
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    json_object_set_new(
        o, "status",
        json_string(req_t(r, u->disabled ? "admin.status.disabled" : "admin.status.active")));
    json_object_set_new(o, "created", admin_vm_date(r, u->created_at, 0));
    json_object_set_new(o, "created_full", admin_vm_date(r, u->created_at, 1));
    if (u->last_login_at) {
        json_object_set_new(o, "last_login", admin_vm_date(r, u->last_login_at, 0));
        json_object_set_new(o, "last_login_full", admin_vm_date(r, u->last_login_at, 1));
    }
    json_object_set_new(o, "n_sessions", json_integer(u->n_sessions));
    return o;
}

/* "learner,trainer -> learner" in the reader's language: "Dysgwr, Hyfforddwr → Dysgwr". */
static const char *role_change_text(struct req *r, const char *detail)
{
    const char *arrow = strstr(detail, " -> ");
    const char *parts[2];
    int side;

    if (!arrow)
        return detail;
    parts[0] = arena_strndup(r->arena, detail, (size_t)(arrow - detail));
    parts[1] = arrow + 4;
    for (side = 0; side < 2; side++) {
        unsigned bits = roles_parse(parts[side]), bit;
        const char *text = "";

        for (bit = ROLE_LEARNER; bit <= ROLE_ADMIN; bit <<= 1)
            if (bits & bit)
                text =
                    arena_printf(r->arena, "%s%s%s", text, *text ? ", " : "", role_label(r, bit));
        parts[side] = *text ? text : "–";
    }
    return arena_printf(r->arena, "%s → %s", parts[0], parts[1]);
}

/* The person in an audit row: a link to their page, or "not signed in" when none. */
static json_t *audit_person(struct req *r, long long id, const char *name)
{
    if (id <= 0)
        return json_pack("{s:s}", "label", req_t(r, "admin.audit.anonymous"));
    return json_pack("{s:s, s:s}", "label",
                     name ? name
                          : i18n_format(r->arena, req_t(r, "admin.audit.unknown_user"), "id",
                                        arena_printf(r->arena, "%lld", id), NULL),
                     "href",
                     arena_printf(r->arena, "/%s/admin/users/%lld", lang_code(r->lang), id));
}

const char *admin_event_label(struct req *r, const char *event)
{
    const char *key = arena_printf(r->arena, "admin.audit.events.%s", event);
    const char *label = req_t(r, key);

    /* an event this page does not know yet shows its name, not a catalogue key */
    return label == key || !strcmp(label, key) ? event : label;
}

json_t *admin_vm_audit(struct req *r, const struct admin_audit_entry *v, size_t n)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        const struct admin_audit_entry *e = &v[i];
        const char *detail = e->detail ? e->detail : "";
        json_t *row = json_object();

        if (!strcmp(e->event, "role_changed"))
            detail = role_change_text(r, detail);
        json_object_set_new(row, "at", admin_vm_date(r, e->at, 1));
        json_object_set_new(row, "event", json_string(admin_event_label(r, e->event)));
        json_object_set_new(row, "actor", audit_person(r, e->actor_id, e->actor_name));
        json_object_set_new(row, "subject", audit_person(r, e->subject_id, e->subject_name));
        json_object_set_new(row, "ip", json_string(e->ip ? e->ip : ""));
        json_object_set_new(row, "detail", json_string(detail));
        json_array_append_new(rows, row);
    }
    return rows;
}
