/*
 * A webinar's people, for its managers (GUARD_TRAINER rows, pages_manage.c):
 * who is registered, offered a place or waiting, as a page (rendered once for
 * every manager, webinar_manage_render()) and as a CSV, and attendance marked
 * once the webinar has started.
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "audit/audit.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/csv.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

static const char *const status_key[] = {
    [WEBINAR_REG_NONE] = "webinars.status.cancelled",
    [WEBINAR_REG_REGISTERED] = "webinars.status.registered",
    [WEBINAR_REG_WAITLISTED] = "webinars.status.waitlisted",
    [WEBINAR_REG_OFFERED] = "webinars.status.offered",
    [WEBINAR_REG_CANCELLED] = "webinars.status.cancelled",
};

/* Its people, once the webinar is owned: 0 or the status to answer. A page
 * (GET) reads the kept ones, a form (POST) the database. */
static int load_people(struct req *r, struct webinar *w, const struct webinar_person **p, size_t *n)
{
    const struct webinar_owned *o = NULL;
    struct webinar_person *rows = NULL;
    int st;

    if (r->method == HTTP_GET || r->method == HTTP_HEAD) {
        if ((st = webinar_manage_load_kept(r, 1, &o)) != 0)
            return st;
        *w = o->w;
        *p = o->people;
        *n = o->n_people;
        return 0;
    }
    if ((st = webinar_manage_load(r, w)) != 0)
        return st;
    st = page_status(webinar_store_people(r->db, r->arena, w->id, &rows, n));
    *p = rows;
    return st;
}

/* Attendance is marked once the webinar has started, unless it was cancelled. */
static int can_mark(const struct webinar *w)
{
    return !w->cancelled && w->starts_at <= time(NULL);
}

/* page_kept_shared()'s build of the people page (?saved= only when it is
 * rendered for its reader alone): the same for every manager of it. */
static int build_people(struct req *r, json_t **vm, const char **name)
{
    struct webinar w;
    const struct webinar_person *p = NULL;
    size_t n = 0, i;
    json_t *rows;
    int st = load_people(r, &w, &p, &n);

    if (st)
        return st;
    *vm = page_vm(r, "webinars.people.title");
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "name", p[i].name, "email",
                            p[i].email, "status", req_t(r, status_key[p[i].status]), "field",
                            arena_printf(r->arena, "attended-%lld", p[i].reg_id), "registered",
                            p[i].status == WEBINAR_REG_REGISTERED, "attended", p[i].attended));
    json_object_set_new(*vm, "webinar", webinar_vm_card(r, &w));
    json_object_set_new(*vm, "people", rows);
    json_object_set_new(*vm, "can_mark", json_boolean(can_mark(&w)));
    json_object_set_new(*vm, "saved", json_boolean(req_query(r, "saved") != NULL));
    json_object_set_new(*vm, "edit_href", json_string(webinar_manage_path(r, w.slug, "/edit")));
    json_object_set_new(*vm, "cancel_href", json_string(webinar_manage_path(r, w.slug, "/cancel")));
    json_object_set_new(*vm, "csv_href",
                        json_string(webinar_manage_path(r, w.slug, "/people.csv")));
    json_object_set_new(*vm, "attendance_href",
                        json_string(webinar_manage_path(r, w.slug, "/attendance")));
    json_object_set_new(*vm, "cancelled", json_boolean(w.cancelled));
    *name = "webinars/people";
    return 0;
}

/* GET /{lang}/manage/webinars/{slug}/people — who is registered, offered or
 * waiting; after the start, who came (a checkbox each). Rendered once for
 * all its managers under the webinars' generation (every registration and
 * change moves it: writes.c) and whether attendance is marked yet (which
 * the clock moves); with ?saved= (the flash) for the reader alone. 200; 404
 * unknown or not theirs. */
int webinar_page_people(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    const struct webinar_owned *o = NULL;
    unsigned long long gen = webinar_gen(); /* read before what the page shows */
    int st = webinar_manage_load_kept(r, 1, &o);

    return st ? st
              : webinar_manage_render(r, &kept, gen * 2 + (unsigned)can_mark(&o->w), build_people);
}

#define EXPORT_MAX (4u * 1024 * 1024) /* WEBINAR_PEOPLE_MAX rows fit well within */

/* GET /{lang}/manage/webinars/{slug}/people.csv — the people of the page,
 * one row each (name, e-mail, status, attended), UTF-8 with a BOM, headings
 * in the reader's language; the export is audited. 200; 404 as the page. */
int webinar_page_people_csv(struct req *r)
{
    static const char *const cols[] = { "name", "email", "status", "attended" };
    struct webinar w;
    const struct webinar_person *p = NULL;
    size_t n = 0, i;
    struct sbuf b;
    struct csv out;
    int st = load_people(r, &w, &p, &n);

    if (!st)
        st = page_status(audit_write(r->db, "webinar_exported", r->user->id, 0, r->client_ip,
                                     arena_printf(r->arena, "webinar %lld", w.id)));
    if (st)
        return st;
    sbuf_init(&b, r->arena, EXPORT_MAX);
    csv_init(&out, &b);
    for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
        csv_field(&out, req_t_of(r, "webinars.csv.", cols[i]));
    csv_end_row(&out);
    for (i = 0; i < n; i++) {
        csv_field(&out, p[i].name);
        csv_field(&out, p[i].email);
        csv_field(&out, req_t(r, status_key[p[i].status]));
        csv_field(&out, req_t(r, p[i].attended ? "webinars.csv.yes" : "webinars.csv.no"));
        csv_end_row(&out);
    }
    if (sbuf_failed(&b))
        return 500;
    resp_header(r, "Content-Disposition",
                csv_disposition(r->arena, arena_printf(r->arena, "webinar-%s.csv", w.slug)));
    return resp_send(r, 200, CSV_CONTENT_TYPE, b.buf, b.len);
}

/* POST /{lang}/manage/webinars/{slug}/attendance — attended-{registration}=1
 * for each registered person who came (left out: did not come). 303 to the
 * people page with ?saved=1; 400 before the start, for a cancelled webinar,
 * or for a value other than 1 (nothing saved); 404 as the page. */
int webinar_page_attendance(struct req *r)
{
    struct webinar w;
    const struct webinar_person *p = NULL;
    size_t n = 0, i, k = 0;
    long long *ids;
    int *came;
    int st = load_people(r, &w, &p, &n);
    enum db_rc rc;

    if (st)
        return st;
    if (!can_mark(&w))
        return 400;
    ids = arena_calloc(r->arena, (n ? n : 1) * sizeof(*ids));
    came = arena_calloc(r->arena, (n ? n : 1) * sizeof(*came));
    for (i = 0; i < n; i++) {
        const char *v = req_form(r, arena_printf(r->arena, "attended-%lld", p[i].reg_id));

        if (p[i].status != WEBINAR_REG_REGISTERED)
            continue;
        if (v && strcmp(v, "1"))
            return 400;
        ids[k] = p[i].reg_id;
        came[k++] = v != NULL;
    }
    rc = webinar_store_attendance(r->db, w.id, ids, came, k);
    if (rc == DB_OK) {
        webinar_writes_touch(r->db, NULL, w.id); /* the people page of its other organisers */
        rc = audit_write(r->db, "attendance_marked", r->user->id, 0, r->client_ip,
                         arena_printf(r->arena, "webinar %lld: %zu", w.id, k));
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(
        r, arena_printf(r->arena, "%s?saved=1", webinar_manage_path(r, w.slug, "/people")));
}
