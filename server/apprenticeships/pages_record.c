/*
 * One apprentice's record: for an admin (with the status form), for their
 * assigned trainer, and /{lang}/me/apprenticeship for the apprentice. The
 * store's WHERE decides who sees a record; anyone else gets 404. Each view
 * is audited, at most once per viewer and record every APPR_VIEWED_EVERY_S.
 * The three GET pages are rendered once and kept (kept_page()); a page with
 * a message or a form's problems is rendered for its request alone.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_form.h"
#include "app/page_kept.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

/* The saved message for ?done= (a known word only). */
static void saved(struct req *r, json_t *vm)
{
    static const char *const done[] = {
        "status",   "enrolled", "logged", "approved",    "returned",
        "reviewed", "signed",   "unit",   "resubmitted", "assigned"
    };
    const char *d = req_query(r, "done");
    size_t i;

    for (i = 0; d && i < sizeof(done) / sizeof(done[0]); i++)
        if (!strcmp(d, done[i]))
            json_object_set_new(vm, "saved", json_string(req_t_of(r, "apprenticeships.saved.", d)));
}

/* The hours: the newest entries of the log, links to the rest of it (all,
 * those waiting for staff, those returned to the apprentice), and the
 * apprentice's own form while in learning. */
static void hours_vm(struct req *r, json_t *vm, const struct apprentice *p,
                     const struct appr_record_view *v, const struct appr_lists *l)
{
    static const struct appr_log_form blank = { "", "", "", "" };
    enum appr_record_kind kind = v->mine         ? APPR_RECORD_MINE
                                 : v->admin_view ? APPR_RECORD_ADMIN
                                                 : APPR_RECORD_TRAINER;
    int also = v->mine ? APPR_ENTRY_RETURNED : APPR_ENTRY_SUBMITTED;

    json_object_set_new(vm, "entries", appr_vm_log_entries(r, kind, p, l->e, l->ne));
    json_object_set_new(vm, "has_entries", json_boolean(l->ne > 0));
    if (l->ec.all > (long long)l->ne)
        json_object_set_new(vm, "log_more",
                            json_pack("{s:s, s:s}", "text",
                                      i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                   "apprenticeships.log.newest", (long)l->ec.all),
                                      "href", appr_log_href(r, kind, p->id, -1)));
    if (l->ec.by_state[also] > 0)
        json_object_set_new(vm, "log_state",
                            json_pack("{s:s, s:s}", "text",
                                      i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                   v->mine ? "apprenticeships.log.returned"
                                                           : "apprenticeships.log.waiting",
                                                   (long)l->ec.by_state[also]),
                                      "href", appr_log_href(r, kind, p->id, also)));
    if (!v->mine || p->status != APPR_IN_LEARNING) {
        if (v->mine) /* a log refused as the status changed: the summary links to #hours-log */
            page_errors_vm(r, vm, v->err);
        return;
    }
    json_object_set_new(vm, "can_log", json_true());
    json_object_set_new(vm, "log_action",
                        json_string(arena_printf(r->arena, "/%s/me/apprenticeship/hours",
                                                 r->lang == LANG_CY ? "cy" : "en")));
    appr_vm_log_form(r, vm, v->log ? v->log : &blank, v->err);
}

/* The qualifications, the units achieved and, for the apprentice's trainer
 * or an admin while the apprenticeship runs, the form to record one. */
static void units_vm(struct req *r, json_t *vm, const struct apprentice *p,
                     const struct appr_record_view *v, const struct appr_lists *l)
{
    static const struct appr_unit_form blank = { "", "", "", "" };
    const struct appr_qual *q = l->q;
    const struct appr_unit *u = l->u;
    size_t nq = l->nq, nu = l->nu;

    json_object_set_new(vm, "quals", appr_vm_quals(r, q, nq));
    json_object_set_new(vm, "has_quals", json_boolean(nq > 0));
    json_object_set_new(vm, "units", appr_vm_units(r, u, nu));
    json_object_set_new(vm, "has_units", json_boolean(nu > 0));
    if (v->mine || (p->status != APPR_IN_LEARNING && p->status != APPR_ON_BREAK))
        return;
    json_object_set_new(vm, "unit_form",
                        appr_vm_unit_form(r, q, nq, v->unit ? v->unit : &blank, v->err));
    json_object_set_new(
        vm, "unit_action",
        json_string(arena_printf(r->arena, "%s/units", appr_record_path(r, p->id, v->admin_view))));
}

/* The record p with its lists l for the reader v says: the view model of
 * "apprenticeships/record". */
static json_t *record_vm(struct req *r, const struct apprentice *p, const struct appr_lists *l,
                         const struct appr_record_view *v)
{
    static const struct appr_status_form blank = { NULL, NULL, NULL, NULL };
    json_t *vm = page_vm(r, v->mine ? "apprenticeships.me.title" : "apprenticeships.record.title");

    if (!v->mine)
        json_object_set_new(vm, "page_title", json_string(p->name));
    if (v->admin_view)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "record", appr_vm_record(r, p, l->h, l->nh));
    json_object_set_new(json_object_get(vm, "record"), "mine", json_boolean(v->mine));
    json_object_set_new(vm, "mine", json_boolean(v->mine));
    hours_vm(r, vm, p, v, l);
    units_vm(r, vm, p, v, l);
    json_object_set_new(vm, "reviews", appr_vm_reviews(r, l->rv, l->nr, v->mine));
    json_object_set_new(vm, "has_reviews", json_boolean(l->nr > 0));
    if (!v->mine && (p->status == APPR_IN_LEARNING || p->status == APPR_ON_BREAK))
        json_object_set_new(vm, "review_href",
                            json_string(arena_printf(r->arena, "%s/review",
                                                     appr_record_path(r, p->id, v->admin_view))));
    if (v->admin_view) {
        json_object_set_new(
            vm, "assign_href",
            json_string(arena_printf(r->arena, "%s/trainer", appr_record_path(r, p->id, 1))));
        appr_vm_status_form(r, vm, p, v->status ? v->status : &blank, v->err);
    }
    if (v->unit) /* the units form's problems in the page's summary */
        page_errors_vm(r, vm, v->err);
    return vm;
}

/* Audit the view and render the record p with its lists l for this request
 * alone (with ?done='s message, or a form shown again). */
static int render(struct req *r, const struct apprentice *p, const struct appr_lists *l,
                  const struct appr_record_view *v)
{
    enum db_rc rc = appr_store_viewed(r->db, r->user->id, p, r->client_ip);
    json_t *vm;

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = record_vm(r, p, l, v);
    saved(r, vm);
    return page_render(r, "apprenticeships/record", vm);
}

int appr_record(struct req *r, const struct apprentice *p, const struct appr_record_view *v)
{
    struct appr_lists l;
    enum db_rc rc = appr_store_lists(r->db, r->arena, p->id, &l);

    return rc == DB_OK ? render(r, p, &l, v) : page_db_status(rc);
}

/* The view of kind's reader. */
static struct appr_record_view kind_view(enum appr_record_kind kind)
{
    return (struct appr_record_view){ .admin_view = kind == APPR_RECORD_ADMIN,
                                      .mine = kind == APPR_RECORD_MINE };
}

/* page_kept_shared()'s build of kind's page: the kept record's view model
 * (record_kept.c), reading of r->user what kind's scope covers (the
 * trainer's or the apprentice's id; an admin's nothing: one value for all). */
static int build_kind(struct req *r, enum appr_record_kind kind, json_t **vm, const char **name)
{
    const struct appr_kept_record *k;
    struct appr_record_view v = kind_view(kind);
    long long id = kind == APPR_RECORD_MINE ? 0 : page_id(r, "id");
    int st = page_status(appr_record_kept(r->db, r->arena, kind, r->user->id, id, &k));

    if (st)
        return st;
    *vm = record_vm(r, &k->p, &k->l, &v);
    *name = "apprenticeships/record";
    return 0;
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

/*
 * A record's page as kept in memory: the record (record_kept.c), the view
 * audited for this reader (appr_store_viewed: a kept page still writes a
 * new viewer's row), and the page rendered once (app/page_kept.h) for every
 * admin, for the trainer in all their sessions, for the apprentice in all
 * theirs, under the record's generation (appr_record_kept_gen(), read before
 * the build reads the record again). A query (?done=: this request's
 * message) is rendered for this request alone. 200, 404, 503.
 */
static int kept_page(struct req *r, enum appr_record_kind kind, long long id)
{
    static struct kept_table pages = PAGE_KEPT_SHARED_INIT(1024);
    static page_build_fn *const build[] = {
        [APPR_RECORD_ADMIN] = build_admin,
        [APPR_RECORD_TRAINER] = build_trainer,
        [APPR_RECORD_MINE] = build_mine,
    };
    const struct appr_kept_record *k;
    struct appr_record_view v = kind_view(kind);
    int st;

    if (!r->query_raw || !*r->query_raw)
        return appr_record_kept_page(r, &pages, kind, id, build[kind]);
    st = page_status(appr_record_kept(r->db, r->arena, kind, r->user->id, id, &k));
    return st ? st : render(r, &k->p, &k->l, &v);
}

int appr_record_kept_page(struct req *r, struct kept_table *t, enum appr_record_kind kind,
                          long long id, page_build_fn *build)
{
    const struct appr_kept_record *k;
    int st = page_status(appr_record_kept(r->db, r->arena, kind, r->user->id, id, &k));
    enum db_rc rc;

    if (st)
        return st;
    rc = appr_store_viewed(r->db, r->user->id, &k->p, r->client_ip);
    if (rc != DB_OK)
        return page_db_status(rc);
    return page_kept_shared(r, t, kind == APPR_RECORD_ADMIN ? 0 : r->user->id,
                            appr_record_kept_gen(kind, r->user->id, k), build);
}

/* GET /{lang}/admin/apprenticeships/{id} (GUARD_ADMIN) — 200; 404 for no
 * such apprentice; 503 without the database. */
int appr_page_admin_show(struct req *r)
{
    long long id = page_id(r, "id");

    return id > 0 ? kept_page(r, APPR_RECORD_ADMIN, id) : 404;
}

/* GET /{lang}/trainer/apprentices/{id} (GUARD_TRAINER) — 200 for the
 * apprentice's assigned trainer; 404 for anyone else's apprentice. */
int appr_page_trainer_show(struct req *r)
{
    long long id = page_id(r, "id");

    return id > 0 ? kept_page(r, APPR_RECORD_TRAINER, id) : 404;
}

/* GET /{lang}/me/apprenticeship (GUARD_LOGIN) — 200 with the signed-in
 * person's own record; 404 for someone who is not an apprentice. */
int appr_page_me(struct req *r)
{
    return kept_page(r, APPR_RECORD_MINE, 0);
}

static void read_change(struct req *r, struct appr_status_form *in, int *to,
                        struct page_errors *err)
{
    in->status = req_form(r, "status");
    in->on = req_form(r, "on");
    in->return_on = req_form(r, "return_on");
    in->reason = req_form(r, "reason");
    *to = appr_status_parse(in->status);
    if (*to < 0)
        page_errors_add(err, "status", "apprenticeships.errors.status");
    if (!appr_date_valid(in->on))
        page_errors_add(err, "on", "apprenticeships.errors.date");
    if (*to == APPR_ON_BREAK && !appr_date_valid(in->return_on))
        page_errors_add(err, "return_on", "apprenticeships.errors.return_on");
    if (!in->reason || !*in->reason || strlen(in->reason) > APPR_REASON_MAX)
        page_errors_add(err, "reason", "apprenticeships.errors.reason");
}

/*
 * POST /{lang}/admin/apprenticeships/{id}/status (GUARD_ADMIN) — status,
 * on, return_on (a break's planned return), reason. 303 back to the record;
 * 400 with the form, what was typed and its problems (a transition not
 * allowed from the current status is one), nothing changed; 404 for no such
 * apprentice.
 */
int appr_page_admin_status(struct req *r)
{
    long long id = page_id(r, "id");
    struct page_errors err = { .n = 0 };
    struct appr_status_form in;
    struct apprentice p;
    enum db_rc rc;
    int st, to;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, 1, &p));
    if (st)
        return st;
    read_change(r, &in, &to, &err);
    if (!page_errors_any(&err)) {
        rc = appr_store_transition(r->db, id, to, in.on, to == APPR_ON_BREAK ? in.return_on : NULL,
                                   in.reason, r->user->id, r->client_ip);
        if (rc == DB_OK)
            return resp_see_other(r, arena_printf(r->arena,
                                                  "/%s/admin/apprenticeships/%lld?done=status",
                                                  r->lang == LANG_CY ? "cy" : "en", id));
        if (rc != DB_CONFLICT)
            return page_db_status(rc);
        page_errors_add(&err, "status", "apprenticeships.errors.transition");
    }
    return appr_record(r, &p,
                       &(struct appr_record_view){ .admin_view = 1, .status = &in, .err = &err });
}
