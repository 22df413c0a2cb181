/*
 * The whole off-the-job hours log of one apprentice, APPR_LOG_PAGE entries
 * a page, latest first, for the apprentice (/{lang}/me/apprenticeship/hours),
 * their trainer and an admin (.../hours under the record's own path). The
 * record shows only the newest APPR_ENTRIES_SHOWN and links here; ?state=
 * (submitted, approved, returned) shows the entries of one state, so a
 * trainer finds every entry still waiting and an apprentice every one
 * returned to them. Who may see a log is the record's: appr_record_kept()
 * decides (404 for anyone else), and each view is audited as the record's.
 * A page is rendered once and kept under the record's generation, so it
 * changes with the record (app/page_kept.h). The same entries, all of
 * them, download as a CSV (hours.csv beside the page, ?state= kept), for the
 * evidence a provider keeps; each download is audited.
 */
#include <stdio.h>
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/csv.h"
#include "view/i18n.h"

/* ?state= as an enum appr_entry_state, -1 when absent: 0, or 400. */
static int state_parse(const struct req *r, int *state)
{
    const char *s = req_query(r, "state");
    int i;

    *state = -1;
    if (!s)
        return 0;
    for (i = 0; i < 3; i++)
        if (!strcmp(s, appr_entry_states[i])) {
            *state = i;
            return 0;
        }
    return 400;
}

/* The record a route of kind names: its {id}; 0 for the apprentice's own
 * (the route has none); -1 for an {id} not understood. */
static long long kind_id(const struct req *r, enum appr_record_kind kind)
{
    long long id;

    if (kind == APPR_RECORD_MINE)
        return 0;
    id = page_id(r, "id");
    return id > 0 ? id : -1;
}

/* The log's path without its language ("/me/apprenticeship/hours"). */
static const char *log_path(struct req *r, enum appr_record_kind kind, long long id)
{
    if (kind == APPR_RECORD_MINE)
        return "/me/apprenticeship/hours";
    return arena_printf(r->arena,
                        kind == APPR_RECORD_ADMIN ? "/admin/apprenticeships/%lld/hours"
                                                  : "/trainer/apprentices/%lld/hours",
                        id);
}

const char *appr_log_href(struct req *r, enum appr_record_kind kind, long long id, int state)
{
    const struct page_param p = { "state", state >= 0 ? appr_entry_states[state] : NULL };

    return page_url(r, log_path(r, kind, id), &p, 1);
}

/* The links to the log's states, each with its count, the one shown marked. */
static json_t *states_vm(struct req *r, enum appr_record_kind kind, const struct apprentice *p,
                         const struct appr_entry_counts *c, int state)
{
    json_t *list = json_array();
    int i;

    for (i = -1; i < 3; i++) {
        long long n = i < 0 ? c->all : c->by_state[i];
        const char *label = i < 0
                                ? req_t(r, "apprenticeships.log.all")
                                : req_t_of(r, "apprenticeships.entry_state.", appr_entry_states[i]);

        json_array_append_new(
            list, json_pack("{s:s, s:s, s:b}", "href", appr_log_href(r, kind, p->id, i), "text",
                            arena_printf(r->arena, "%s (%lld)", label, n), "current", i == state));
    }
    return list;
}

/* The log page's view model for kind's reader of k: 0, or 404 past the
 * last page, or a status. */
static int log_vm(struct req *r, enum appr_record_kind kind, const struct appr_kept_record *k,
                  int state, struct page_pager *pg, json_t **out)
{
    const struct apprentice *p = &k->p;
    const struct appr_entry_counts *c = &k->l.ec;
    const struct page_param keep = { "state", state >= 0 ? appr_entry_states[state] : NULL };
    const struct page_list l = { log_path(r, kind, p->id), &keep, 1,
                                 "apprenticeships.log.pagination_label" };
    const char *heading = req_t(r, "apprenticeships.hours.heading");
    struct appr_entry *e;
    size_t n;
    json_t *vm;
    int st = page_pager_count(pg, state < 0 ? c->all : c->by_state[state]);

    if (!st)
        st = page_status(appr_store_entries(r->db, r->arena, p->id, state,
                                            (size_t)(pg->page - 1) * APPR_LOG_PAGE, APPR_LOG_PAGE,
                                            &e, &n));
    if (st)
        return st;
    vm = page_vm(r, kind == APPR_RECORD_MINE ? "apprenticeships.me.title"
                                             : "apprenticeships.record.title");
    json_object_set_new(
        vm, "page_title",
        json_string(page_pager_title(r, pg,
                                     kind == APPR_RECORD_MINE
                                         ? heading
                                         : arena_printf(r->arena, "%s – %s", heading, p->name))));
    if (kind == APPR_RECORD_ADMIN)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "name", json_string(p->name));
    json_object_set_new(vm, "mine", json_boolean(kind == APPR_RECORD_MINE));
    json_object_set_new(vm, "record", appr_vm_record(r, p, NULL, 0));
    json_object_set_new(vm, "record_href",
                        json_string(kind == APPR_RECORD_MINE
                                        ? page_url(r, "/me/apprenticeship", NULL, 0)
                                        : appr_record_path(r, p->id, kind == APPR_RECORD_ADMIN)));
    json_object_set_new(vm, "states", states_vm(r, kind, p, c, state));
    json_object_set_new(
        vm, "count",
        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang, "apprenticeships.log.count",
                                 (long)(state < 0 ? c->all : c->by_state[state]))));
    json_object_set_new(vm, "entries", appr_vm_log_entries(r, kind, p, e, n));
    json_object_set_new(vm, "has_entries", json_boolean(n > 0));
    json_object_set_new(vm, "pagination", page_pager_vm(r, &l, pg));
    json_object_set_new(
        vm, "csv_href",
        json_string(
            page_url(r, arena_printf(r->arena, "%s.csv", log_path(r, kind, p->id)), &keep, 1)));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build of kind's log (its query checked before). */
static int build_kind(struct req *r, enum appr_record_kind kind, json_t **vm, const char **name)
{
    const struct appr_kept_record *k;
    long long id = kind_id(r, kind);
    struct page_pager pg;
    int state = -1;
    int st = state_parse(r, &state);

    if (!st)
        st = page_pager_parse(r, APPR_LOG_PAGE, APPR_PAGE_MAX, &pg);
    if (!st)
        st = page_status(appr_record_kept(r->db, r->arena, kind, r->user->id, id, &k));
    if (st)
        return st;
    *name = "apprenticeships/log";
    return log_vm(r, kind, k, state, &pg, vm);
}

static int build_admin(struct req *r, json_t **vm, const char **name)
{
    return build_kind(r, APPR_RECORD_ADMIN, vm, name);
}

static int build_trainer(struct req *r, json_t **vm, const char **name)
{
    return build_kind(r, APPR_RECORD_TRAINER, vm, name);
}

static int build_mine(struct req *r, json_t **vm, const char **name)
{
    return build_kind(r, APPR_RECORD_MINE, vm, name);
}

/* The log page for kind's reader: the query checked (400), the record read
 * as the reader may see it (404), the view audited, the page kept for every
 * admin, for the trainer in all their sessions, for the apprentice in all
 * theirs. 200, 400, 404, 503. */
static int kept_log(struct req *r, enum appr_record_kind kind)
{
    static struct kept_table pages = PAGE_KEPT_SHARED_INIT(1024);
    static page_build_fn *const build[] = {
        [APPR_RECORD_ADMIN] = build_admin,
        [APPR_RECORD_TRAINER] = build_trainer,
        [APPR_RECORD_MINE] = build_mine,
    };
    long long id = kind_id(r, kind);
    struct page_pager pg;
    int state;
    int st = id < 0 ? 404 : state_parse(r, &state);

    if (!st)
        st = page_pager_parse(r, APPR_LOG_PAGE, APPR_PAGE_MAX, &pg);
    return st ? st : appr_record_kept_page(r, &pages, kind, id, build[kind]);
}

/* GET /{lang}/admin/apprenticeships/{id}/hours (GUARD_ADMIN) — ?state=
 * ?page=: 200; 400 for a state or page not understood; 404 for no such
 * apprentice or past the last page; 503 without the database. */
int appr_page_admin_log(struct req *r)
{
    return kept_log(r, APPR_RECORD_ADMIN);
}

/* GET /{lang}/trainer/apprentices/{id}/hours (GUARD_TRAINER) — as the
 * admin's, for the apprentice's assigned trainer; 404 for anyone else's. */
int appr_page_trainer_log(struct req *r)
{
    return kept_log(r, APPR_RECORD_TRAINER);
}

/* GET /{lang}/me/apprenticeship/hours (GUARD_LOGIN) — the signed-in
 * person's own log; 404 for someone who is not an apprentice. */
int appr_page_me_log_list(struct req *r)
{
    return kept_log(r, APPR_RECORD_MINE);
}

/* Entries in one CSV: decades of daily logging. */
#define LOG_CSV_MAX 20000

/* The CSV's columns, by their catalogue keys. */
static const char *const csv_cols[] = {
    "apprenticeships.hours.worked_on", "apprenticeships.hours.hours_col",
    "apprenticeships.hours.category",  "apprenticeships.hours.activity_col",
    "apprenticeships.col.status",      "apprenticeships.hours.comment",
    "apprenticeships.log.decided_by",
};

/* One entry, its kind and state named as the page names them. */
static void csv_row(struct csv *c, struct req *r, const struct appr_entry *e)
{
    csv_field(c, e->worked_on);
    csv_field(c, appr_hours_text(r, e->tenths));
    csv_field(c, appr_category_text(r, e));
    csv_field(c, e->activity);
    csv_field(c, appr_entry_state_text(r, e));
    csv_field(c, e->comment);
    csv_field(c, e->decided_by);
    csv_end_row(c);
}

/* The log of kind's reader as a CSV download, of one state by ?state= or
 * all, latest first; audited (apprentice_hours_exported). 200; 400 for a
 * state not understood; 404 for a record not the reader's; 503. */
static int log_csv(struct req *r, enum appr_record_kind kind)
{
    const struct appr_kept_record *k;
    char detail[AUDIT_DETAIL_MAX + 1];
    struct appr_entry *e = NULL;
    struct sbuf b;
    struct csv out;
    size_t n = 0, i;
    long long id = kind_id(r, kind);
    int state;
    int st = id < 0 ? 404 : state_parse(r, &state);

    if (!st)
        st = page_status(appr_record_kept(r->db, r->arena, kind, r->user->id, id, &k));
    if (!st)
        st = page_status(
            appr_store_entries(r->db, r->arena, k->p.id, state, 0, LOG_CSV_MAX, &e, &n));
    if (st)
        return st;
    snprintf(detail, sizeof(detail), "apprentice=%lld state=%s rows=%zu", k->p.id,
             state >= 0 ? appr_entry_states[state] : "all", n);
    st = page_status(audit_write(r->db, "apprentice_hours_exported", r->user->id, k->p.user_id,
                                 r->client_ip, detail));
    if (st)
        return st;
    sbuf_init(&b, r->arena, (size_t)LOG_CSV_MAX * 2048u);
    csv_init(&out, &b);
    for (i = 0; i < sizeof(csv_cols) / sizeof(csv_cols[0]); i++)
        csv_field(&out, req_t(r, csv_cols[i]));
    csv_end_row(&out);
    for (i = 0; i < n; i++)
        csv_row(&out, r, &e[i]);
    if (sbuf_failed(&b))
        return 500;
    resp_header(
        r, "Content-Disposition",
        csv_disposition(r->arena, arena_printf(r->arena, "off-the-job-hours-%lld.csv", k->p.id)));
    return resp_send(r, 200, CSV_CONTENT_TYPE, b.buf, b.len);
}

/* GET /{lang}/admin/apprenticeships/{id}/hours.csv (GUARD_ADMIN) — ?state= */
int appr_page_admin_log_csv(struct req *r)
{
    return log_csv(r, APPR_RECORD_ADMIN);
}

/* GET /{lang}/trainer/apprentices/{id}/hours.csv (GUARD_TRAINER) — ?state= */
int appr_page_trainer_log_csv(struct req *r)
{
    return log_csv(r, APPR_RECORD_TRAINER);
}

/* GET /{lang}/me/apprenticeship/hours.csv (GUARD_LOGIN) — ?state= */
int appr_page_me_log_csv(struct req *r)
{
    return log_csv(r, APPR_RECORD_MINE);
}
