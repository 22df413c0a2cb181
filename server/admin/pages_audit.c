#include <string.h>

#include "admin/admin.h"
#include "app/page.h"
#include "core/sbuf.h"
#include "http/req.h"
#include "view/escape.h"
#include "view/i18n.h"

/* The log's address keeping f's event and user, plus "before=id" or "after=id"
 * when key is not NULL. */
static const char *audit_url(struct req *r, const struct admin_audit_filter *f, const char *key,
                             long long id)
{
    struct sbuf b;
    char sep = '?';

    sbuf_init(&b, r->arena, 512);
    sbuf_addf(&b, "/%s/admin/audit", lang_code(r->lang));
    if (*f->event) {
        sbuf_addf(&b, "%cevent=", sep);
        escape_url_component(&b, f->event, strlen(f->event));
        sep = '&';
    }
    if (f->user_id > 0) {
        sbuf_addf(&b, "%cuser=%lld", sep, f->user_id);
        sep = '&';
    }
    if (key)
        sbuf_addf(&b, "%c%s=%lld", sep, key, id);
    return b.buf;
}

/* The event select, with f's event chosen. */
static json_t *events_vm(struct req *r, const struct admin_audit_filter *f)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; admin_audit_events[i]; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", admin_audit_events[i], "label",
                                        admin_event_label(r, admin_audit_events[i]), "selected",
                                        !strcmp(f->event, admin_audit_events[i])));
    return list;
}

/*
 * Newer / older links for keyset pagination. Reading older pages (the
 * default), there are newer ones when we came from them (before=); reading
 * newer pages (after=), there are older ones by construction.
 */
static json_t *pages_vm(struct req *r, const struct admin_audit_filter *f,
                        const struct admin_audit_entry *v, size_t n, int more)
{
    int newer_mode = f->before <= 0 && f->after > 0;
    int has_newer = newer_mode ? more : f->before > 0;
    int has_older = newer_mode ? 1 : more;
    json_t *p = json_object();

    if (n && has_newer)
        json_object_set_new(p, "newer", json_string(audit_url(r, f, "after", v[0].id)));
    if (n && has_older)
        json_object_set_new(p, "older", json_string(audit_url(r, f, "before", v[n - 1].id)));
    if (f->before > 0 || f->after > 0)
        json_object_set_new(p, "newest", json_string(audit_url(r, f, NULL, 0)));
    json_object_set_new(p, "any", json_boolean(json_object_size(p) > 0));
    return p;
}

/* ?before= / ?after=: absent is 0; -1 when malformed. */
static int anchor(const char *s, long long *out)
{
    *out = 0;
    return s ? admin_form_id(s, out) : 0;
}

/* The person of ?user=, whose events are shown: 0, or the status to answer. */
static int person_filter(struct req *r, struct admin_audit_filter *f, struct admin_user *who)
{
    const char *user = req_query(r, "user");
    enum db_rc rc;

    if (!user || !*user)
        return 0;
    if (admin_form_id(user, &f->user_id))
        return 400;
    rc = admin_store_get_user(r->db, r->arena, r->lang, f->user_id, who);
    if (rc == DB_NOT_FOUND)
        return 404;
    return rc == DB_OK ? 0 : page_db_status(rc);
}

static json_t *person_vm(struct req *r, const struct admin_audit_filter *f,
                         const struct admin_user *who)
{
    struct admin_audit_filter everyone = { .event = f->event };

    if (f->user_id <= 0)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "name", who->name, "href",
                     arena_printf(r->arena, "/%s/admin/users/%lld", lang_code(r->lang), who->id),
                     "clear", audit_url(r, &everyone, NULL, 0));
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
    struct admin_error err = { "event", "admin.audit.errors.event_unknown" };
    struct admin_audit_entry *v;
    struct admin_user who;
    const char *event = req_query(r, "event");
    size_t n;
    int more, status, bad_event = event && *event && !admin_form_event_known(event);
    json_t *vm;
    enum db_rc rc;

    if (anchor(req_query(r, "before"), &f.before) || anchor(req_query(r, "after"), &f.after))
        return 400;
    status = person_filter(r, &f, &who);
    if (status)
        return status;
    if (event && *event && !bad_event)
        f.event = event;
    rc = admin_store_list_audit(r->db, r->arena, &f, ADMIN_PAGE_SIZE, &v, &n, &more);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.audit.title"), 1);
    admin_vm_errors(r, vm, &err, bad_event ? 1 : 0);
    json_object_set_new(vm, "events", admin_vm_audit(r, v, n));
    json_object_set_new(vm, "has_events", json_boolean(n > 0));
    json_object_set_new(vm, "event_choices", events_vm(r, &f));
    json_object_set_new(vm, "pages", pages_vm(r, &f, v, n, more));
    json_object_set_new(vm, "person", person_vm(r, &f, &who));
    if (f.user_id > 0)
        json_object_set_new(vm, "user_id", json_integer(f.user_id));
    if (bad_event)
        r->status = 400;
    return page_render(r, "admin/audit", vm);
}
