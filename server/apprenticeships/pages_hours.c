/*
 * The off-the-job hours log's pages: the apprentice logs hours from
 * /{lang}/me/apprenticeship; their trainer (or an admin) opens a waiting
 * entry and approves it or returns it with a comment. The store's WHERE
 * decides whose record and entry are reachable; anything else is 404.
 */
#include "app/page.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"

static const char *const refusals[] = {
    [APPR_LOG_NOT_IN_LEARNING] = "apprenticeships.errors.not_in_learning",
    [APPR_LOG_FUTURE] = "apprenticeships.errors.future",
    [APPR_LOG_BEFORE_START] = "apprenticeships.errors.before_start",
};

/*
 * POST /{lang}/me/apprenticeship/hours (GUARD_LOGIN) — worked_on, hours,
 * category, activity. 303 back to the record; 400 with the record, what was
 * typed and its problems (a date in the future or before the start, or an
 * apprentice not in learning, are three), nothing changed; 404 for someone
 * who is not an apprentice.
 */
int appr_page_me_log(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct appr_log_form in;
    struct appr_log log;
    struct apprentice p;
    long long entry;
    int why, st = page_status(appr_store_mine(r->db, r->arena, r->user->id, &p));
    enum db_rc rc;

    if (st)
        return st;
    appr_log_read(r, &in, &log, &err);
    if (!page_errors_any(&err)) {
        rc = appr_store_log(r->db, r->user->id, &log, r->client_ip, &entry, &why);
        if (rc == DB_OK)
            return resp_see_other(r, arena_printf(r->arena, "/%s/me/apprenticeship?done=logged",
                                                  r->lang == LANG_CY ? "cy" : "en"));
        if (rc != DB_CONFLICT || why < APPR_LOG_NOT_IN_LEARNING || why > APPR_LOG_BEFORE_START)
            return page_status(rc);
        page_errors_add(&err, why == APPR_LOG_NOT_IN_LEARNING ? "hours-log" : "worked_on",
                        refusals[why]);
    }
    return appr_record(r, &p, &(struct appr_record_view){ .mine = 1, .log = &in, .err = &err });
}

/* The entry page: the entry and, while it waits, the decision form. */
static int entry_page(struct req *r, int is_admin, const struct appr_decide_form *in,
                      const struct page_errors *err)
{
    static const struct appr_decide_form blank = { "", "" };
    long long id = page_id(r, "id"), entry = page_id(r, "entry");
    const char *record;
    struct apprentice p;
    struct appr_entry e, *v = NULL;
    size_t nv = 0;
    json_t *vm;
    int st;

    if (id <= 0 || entry <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, is_admin, &p));
    if (!st)
        st = page_status(appr_store_entry(r->db, r->arena, id, entry, &e));
    if (!st)
        st = page_status(appr_store_versions(r->db, r->arena, entry, &v, &nv));
    if (!st)
        st = page_status(appr_store_viewed(r->db, r->user->id, &p, r->client_ip));
    if (st)
        return st;
    record = appr_record_path(r, id, is_admin);
    vm = page_vm(r, "apprenticeships.hours.decide_title");
    if (is_admin)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "name", json_string(p.name));
    json_object_set_new(vm, "record_href", json_string(record));
    json_object_set_new(vm, "entry", appr_vm_entry(r, &e, NULL));
    json_object_set_new(vm, "versions", appr_vm_entries(r, v, nv, NULL));
    json_object_set_new(vm, "has_versions", json_boolean(nv > 0));
    json_object_set_new(vm, "action",
                        json_string(arena_printf(r->arena, "%s/hours/%lld", record, entry)));
    json_object_set_new(vm, "can_decide", json_boolean(e.state == APPR_ENTRY_SUBMITTED));
    if (e.state == APPR_ENTRY_SUBMITTED)
        appr_vm_decide_form(r, vm, in ? in : &blank, err);
    else
        page_errors_vm(r, vm, err);
    return page_render(r, "apprenticeships/entry", vm);
}

/* POST: approve, or return with a comment. 303 to the record; 400 with the
 * form and its problems (an entry already decided is one); 404 for an entry
 * that is not the reader's to decide. */
static int decide(struct req *r, int is_admin)
{
    long long id = page_id(r, "id"), entry = page_id(r, "entry");
    struct page_errors err = { .n = 0 };
    struct appr_decide_form in;
    int approve = appr_decide_read(r, &in, &err);
    enum db_rc rc;

    if (id <= 0 || entry <= 0)
        return 404;
    if (!page_errors_any(&err)) {
        rc = appr_store_decide(r->db, id, entry, approve, in.comment, r->user->id, is_admin,
                               r->client_ip);
        if (rc == DB_OK)
            return resp_see_other(r, arena_printf(r->arena, "%s?done=%s",
                                                  appr_record_path(r, id, is_admin),
                                                  approve ? "approved" : "returned"));
        if (rc != DB_CONFLICT)
            return page_status(rc);
        page_errors_add(&err, "decision", "apprenticeships.errors.decided");
    }
    return entry_page(r, is_admin, &in, &err);
}

/* GET /{lang}/admin/apprenticeships/{id}/hours/{entry} (GUARD_ADMIN) */
int appr_page_admin_entry(struct req *r)
{
    return entry_page(r, 1, NULL, NULL);
}

/* POST /{lang}/admin/apprenticeships/{id}/hours/{entry} (GUARD_ADMIN) —
 * decision (approve, return), comment. */
int appr_page_admin_decide(struct req *r)
{
    return decide(r, 1);
}

/* GET /{lang}/trainer/apprentices/{id}/hours/{entry} (GUARD_TRAINER): the
 * apprentice's assigned trainer only; 404 for anyone else. */
int appr_page_trainer_entry(struct req *r)
{
    return entry_page(r, 0, NULL, NULL);
}

/* POST /{lang}/trainer/apprentices/{id}/hours/{entry} (GUARD_TRAINER) */
int appr_page_trainer_decide(struct req *r)
{
    return decide(r, 0);
}
