/*
 * One apprentice's record: for an admin (with the status form), for their
 * assigned trainer, and /{lang}/me/apprenticeship for the apprentice. The
 * store's WHERE decides who sees a record; anyone else gets 404. Each view
 * is audited.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"

/* Load p's history, audit the view and render the record. */
static int record(struct req *r, const struct apprentice *p, int admin_view, int mine,
                  const struct appr_status_form *in, const struct page_errors *err)
{
    static const struct appr_status_form blank = { NULL, NULL, NULL, NULL };
    struct appr_history *h;
    const char *done;
    size_t n;
    json_t *vm;
    enum db_rc rc = appr_store_history(r->db, r->arena, p->id, &h, &n);

    if (rc == DB_OK)
        rc = appr_store_viewed(r->db, r->user->id, p, r->client_ip);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, mine ? "apprenticeships.me.title" : "apprenticeships.record.title");
    if (!mine)
        json_object_set_new(vm, "page_title", json_string(p->name));
    if (admin_view)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "record", appr_vm_record(r, p, h, n));
    json_object_set_new(json_object_get(vm, "record"), "mine", json_boolean(mine));
    json_object_set_new(vm, "mine", json_boolean(mine));
    done = req_query(r, "done");
    if (done)
        json_object_set_new(
            vm, "saved",
            json_string(req_t(r, strcmp(done, "enrolled") ? "apprenticeships.change.saved"
                                                          : "apprenticeships.enrol.saved")));
    if (admin_view)
        appr_vm_status_form(r, vm, p, in ? in : &blank, err);
    return page_render(r, "apprenticeships/record", vm);
}

/* GET /{lang}/admin/apprenticeships/{id} (GUARD_ADMIN) — 200; 404 for no
 * such apprentice; 503 without the database. */
int appr_page_admin_show(struct req *r)
{
    long long id = page_id(r, "id");
    struct apprentice p;
    int st;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, 1, &p));
    return st ? st : record(r, &p, 1, 0, NULL, NULL);
}

/* GET /{lang}/trainer/apprentices/{id} (GUARD_TRAINER) — 200 for the
 * apprentice's assigned trainer; 404 for anyone else's apprentice. */
int appr_page_trainer_show(struct req *r)
{
    long long id = page_id(r, "id");
    struct apprentice p;
    int st;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, 0, &p));
    return st ? st : record(r, &p, 0, 0, NULL, NULL);
}

/* GET /{lang}/me/apprenticeship (GUARD_LOGIN) — 200 with the signed-in
 * person's own record; 404 for someone who is not an apprentice. */
int appr_page_me(struct req *r)
{
    struct apprentice p;
    int st = page_status(appr_store_mine(r->db, r->arena, r->user->id, &p));

    return st ? st : record(r, &p, 0, 1, NULL, NULL);
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
    return record(r, &p, 1, 0, &in, &err);
}
