#include <string.h>

#include "admin/admin.h"
#include "app/page.h"
#include "app/page_field.h"
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

/* The person of ?user=, whose events are shown: 0, or the status to answer. */
static int person_filter(struct req *r, struct admin_audit_filter *f, struct admin_user *who)
{
    const char *user = req_query(r, "user");
    enum db_rc rc;

    if (!user || !*user)
        return 0;
    if (page_id_parse(user, &f->user_id))
        return 400;
    rc = admin_store_get_user(r->db, r->arena, r->lang, f->user_id, who);
    return page_status(rc);
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

/*
 * GET /{lang}/admin/audit — security events, newest first, ADMIN_PAGE_SIZE a
 * page. ?event= keeps one kind; ?user= the events where that person acted or
 * was acted on; ?before= / ?after= an event id to page from (keyset). 200;
 * 400 with the error summary (and the event filter dropped) for an unknown
 * event; 400 for a malformed id; 404 for ?user= naming no one; 503 without
 * the database.
 */
int admin_page_audit(struct req *r)
{
    struct admin_audit_filter f = { .event = "" };
    struct page_errors err = { .n = 0 };
    struct page_form form;
    struct admin_audit_entry *v;
    struct admin_user who;
    const char *event = req_query(r, "event");
    size_t n;
    int more, status;
    json_t *vm;
    enum db_rc rc;

    if (anchor(req_query(r, "before"), &f.before) || anchor(req_query(r, "after"), &f.after))
        return 400;
    status = person_filter(r, &f, &who);
    if (status)
        return status;
    if (event && *event && !audit_event_known(event))
        page_errors_add(&err, "event", "admin.audit.errors.event_unknown");
    else if (event)
        f.event = event;
    rc = admin_store_list_audit(r->db, r->arena, &f, ADMIN_PAGE_SIZE, &v, &n, &more);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.audit.title"), admin_trail_users, 1);
    page_form_init(&form, r, &err);
    event_field(&form, &f);
    page_form_vm(&form, vm);
    json_object_set_new(vm, "events", admin_vm_audit(r, v, n));
    json_object_set_new(vm, "has_events", json_boolean(n > 0));
    json_object_set_new(vm, "pagination", pages_vm(r, &f, v, n, more));
    json_object_set_new(vm, "person", person_vm(r, &f, &who));
    if (f.user_id > 0)
        json_object_set_new(vm, "user_id", json_integer(f.user_id));
    return page_render(r, "admin/audit", vm);
}
