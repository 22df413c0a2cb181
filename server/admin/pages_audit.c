#include <string.h>

#include "admin/admin.h"
#include "admin/kept.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "audit/audit.h"
#include "http/req.h"
#include "view/i18n.h"

/* The log as a list whose links keep f's event and person. */
static struct page_list list_of(struct req *r, const struct admin_audit_filter *f,
                                struct page_param keep[2])
{
    keep[0] = (struct page_param){ "event", f->event };
    keep[1] =
        (struct page_param){ "user",
                             f->user_id > 0 ? arena_printf(r->arena, "%lld", f->user_id) : NULL };
    return (struct page_list){ "/admin/audit", keep, 2, "admin.audit.pagination_label" };
}

/* The event select, with f's event chosen. */
static void event_field(struct page_form *form, const struct admin_audit_filter *f)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; audit_events[i]; i++)
        json_array_append_new(list, page_option(audit_events[i],
                                                admin_event_label(form->r, audit_events[i]),
                                                !strcmp(f->event, audit_events[i])));
    page_field_select(form, "event", "admin.audit.event_label", "admin.audit.event_any", list);
}

/* The id of one end of the page as a cursor. */
static const char *cursor(struct req *r, long long id)
{
    return page_cursor(r->arena, &id, 1);
}

/*
 * Newer / older links, newest first (keyset: app/page_list.h). Reading older
 * pages (the default), there are newer ones when we came from them
 * (before=); reading newer pages (after=), there are older ones by
 * construction.
 */
static json_t *pages_vm(struct req *r, const struct admin_audit_filter *f,
                        const struct admin_audit_entry *v, size_t n, int more)
{
    int newer_mode = f->before <= 0 && f->after > 0;
    int has_newer = newer_mode ? more : f->before > 0;
    int has_older = newer_mode ? 1 : more;
    struct page_param keep[2];
    const struct page_list l = list_of(r, f, keep);
    const struct page_keyset k = {
        .prev = n && has_newer ? cursor(r, v[0].id) : NULL,
        .next = n && has_older ? cursor(r, v[n - 1].id) : NULL,
        .first = f->before > 0 || f->after > 0,
        .prev_key = "admin.audit.newer",
        .next_key = "admin.audit.older",
        .first_key = "admin.audit.newest",
    };

    return page_keyset_vm(r, &l, &k);
}

/* ?before= / ?after=: an event id (absent: 0); -1 when malformed. */
static int anchor(const char *s, long long *out)
{
    *out = 0;
    return s && (page_cursor_parse(s, out, 1) || *out == 0) ? -1 : 0;
}

/* ?user=, whose events are shown: 0 with f->user_id (0: none), or 400. */
static int person_filter(struct req *r, struct admin_audit_filter *f)
{
    const char *user = req_query(r, "user");

    if (!user || !*user)
        return 0;
    return page_id_parse(user, &f->user_id) ? 400 : 0;
}

/* A page of the log: the person of ?user= and their events, or everyone's. */
struct audit_data {
    struct admin_user who;
    struct admin_audit_entry *v;
    size_t n;
    int more;
};

static enum db_rc fill_audit(struct arena *a, struct req *r, const void *query, const void **value)
{
    const struct admin_audit_filter *f = query;
    struct audit_data *d = arena_alloc(a, sizeof(*d));
    enum db_rc rc = DB_OK;

    memset(d, 0, sizeof(*d));
    *value = d;
    if (f->user_id > 0) /* DB_NOT_FOUND for no one: a 404, never kept */
        rc = admin_store_get_user(r->db, a, r->lang, f->user_id, &d->who);
    if (rc == DB_OK)
        rc = admin_store_list_audit(r->db, a, f, ADMIN_PAGE_SIZE, &d->v, &d->n, &d->more);
    return rc;
}

static json_t *person_vm(struct req *r, const struct admin_audit_filter *f,
                         const struct admin_user *who)
{
    const struct page_param everyone[] = { { "event", f->event } };

    if (f->user_id <= 0)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "name", who->name, "href",
                     arena_printf(r->arena, "/%s/admin/users/%lld", lang_code(r->lang), who->id),
                     "clear", page_url(r, "/admin/audit", everyone, 1));
}

/* ?before=, ?after=, ?user= and ?event= of r into f: 0, or 400 for a
 * malformed id; an unknown event goes into err (and f keeps none). */
static int audit_parse(struct req *r, struct admin_audit_filter *f, struct page_errors *err)
{
    const char *event = req_query(r, "event");
    int status;

    *f = (struct admin_audit_filter){ .event = "" };
    if (anchor(req_query(r, "before"), &f->before) || anchor(req_query(r, "after"), &f->after))
        return 400;
    status = person_filter(r, f);
    if (status)
        return status;
    if (event && *event && !audit_event_known(event))
        page_errors_add(err, "event", "admin.audit.errors.event_unknown");
    else if (event)
        f->event = event;
    return 0;
}

/* The log's view model for f, err in its summary: 0 with *out, or a status. */
static int audit_vm(struct req *r, const struct admin_audit_filter *f,
                    const struct page_errors *err, json_t **out)
{
    struct page_form form;
    const struct audit_data *d;
    struct admin_key k;
    int status;
    json_t *vm;

    admin_key_init(&k, ADMIN_KEPT_AUDIT, r->lang);
    k.n[0] = f->user_id;
    k.n[1] = f->before;
    k.n[2] = f->after;
    admin_key_text(&k, f->event);
    status = page_status(admin_kept_get(r, &k, fill_audit, f, (const void **)&d));
    if (status)
        return status;
    vm = admin_vm_new(r, req_t(r, "admin.audit.title"), admin_trail_users, 1);
    page_form_init(&form, r, err);
    event_field(&form, f);
    page_form_vm(&form, vm);
    json_object_set_new(vm, "events", admin_vm_audit(r, d->v, d->n));
    json_object_set_new(vm, "has_events", json_boolean(d->n > 0));
    json_object_set_new(vm, "pagination", pages_vm(r, f, d->v, d->n, d->more));
    json_object_set_new(vm, "person", person_vm(r, f, &d->who));
    if (f->user_id > 0)
        json_object_set_new(vm, "user_id", json_integer(f->user_id));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_audit(struct req *r, json_t **vm, const char **name)
{
    struct admin_audit_filter f;
    struct page_errors err = { .n = 0 };
    int status = audit_parse(r, &f, &err);

    *name = "admin/audit";
    return status ? status : audit_vm(r, &f, &err, vm);
}

/*
 * GET /{lang}/admin/audit — security events, newest first, ADMIN_PAGE_SIZE a
 * page. ?event= keeps one kind; ?user= the events where that person acted or
 * was acted on; ?before= / ?after= an event id to page from (keyset). The
 * page's events kept (admin/kept.h: every audit_write moves them) and the
 * page rendered once for every admin (app/page_kept.h page_kept_shared(),
 * under the same admin generation). 200; 400 with the error summary (and the
 * event filter dropped) for an unknown event, never kept; 400 for a
 * malformed id; 404 for ?user= naming no one; 503 without the database.
 */
int admin_page_audit(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    struct admin_audit_filter f;
    struct page_errors err = { .n = 0 };
    json_t *vm = NULL;
    int status = audit_parse(r, &f, &err);

    if (status)
        return status;
    if (!err.n)
        return page_kept_shared(r, &kept, 0, admin_kept_gen(), build_audit);
    status = audit_vm(r, &f, &err, &vm);
    return status ? status : page_render(r, "admin/audit", vm);
}
