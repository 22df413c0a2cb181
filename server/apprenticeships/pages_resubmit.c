/*
 * The apprentice's own hours entry: /{lang}/me/apprenticeship/hours/{entry}
 * shows it with its earlier versions and, once returned, the form to correct
 * and resubmit it (it then waits for approval again; the returned version is
 * kept). The store's WHERE (the entry's apprentice is the signed-in user)
 * decides; any other entry is 404.
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
    [APPR_LOG_NOT_RETURNED] = "apprenticeships.errors.not_returned",
};

static const char *lang_prefix(const struct req *r)
{
    return r->lang == LANG_CY ? "cy" : "en";
}

int appr_resubmit_page(struct req *r, const struct appr_entry *e, const struct appr_log_form *in,
                       const struct page_errors *err)
{
    struct appr_log_form mine;
    struct appr_entry *v = NULL;
    size_t nv = 0;
    json_t *vm;
    enum db_rc rc = appr_store_versions(r->db, r->arena, e->id, &v, &nv);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "apprenticeships.resubmit.title");
    json_object_set_new(vm, "entry", appr_vm_entry(r, e, NULL));
    json_object_set_new(vm, "versions", appr_vm_entries(r, v, nv, NULL));
    json_object_set_new(vm, "has_versions", json_boolean(nv > 0));
    json_object_set_new(
        vm, "record_href",
        json_string(arena_printf(r->arena, "/%s/me/apprenticeship#hours-log", lang_prefix(r))));
    json_object_set_new(vm, "can_fix", json_boolean(e->state == APPR_ENTRY_RETURNED));
    json_object_set_new(vm, "action",
                        json_string(arena_printf(r->arena, "/%s/me/apprenticeship/hours/%lld",
                                                 lang_prefix(r), e->id)));
    if (!in) {
        mine.worked_on = e->worked_on;
        mine.hours = appr_hours_text(r, e->tenths);
        mine.category =
            appr_categories[e->category >= 0 && e->category < APPR_CATEGORIES ? e->category : 0];
        mine.activity = e->activity;
        in = &mine;
    }
    if (e->state == APPR_ENTRY_RETURNED)
        appr_vm_log_form(r, vm, in, err);
    else
        page_errors_vm(r, vm, err);
    return page_render(r, "apprenticeships/resubmit", vm);
}

/* GET /{lang}/me/apprenticeship/hours/{entry} (GUARD_LOGIN) — 200 for the
 * signed-in apprentice's own entry; 404 for any other. */
int appr_page_me_entry(struct req *r)
{
    long long entry = page_id(r, "entry");
    struct appr_entry e;
    int st;

    if (entry <= 0)
        return 404;
    st = page_status(appr_store_my_entry(r->db, r->arena, r->user->id, entry, &e));
    return st ? st : appr_resubmit_page(r, &e, NULL, NULL);
}

/*
 * POST /{lang}/me/apprenticeship/hours/{entry} (GUARD_LOGIN) — worked_on,
 * hours, category, activity. 303 to the record; 400 with the form, what was
 * typed and its problems (an entry not returned, a date in the future or
 * before the start, an apprentice not in learning), nothing changed; 404 for
 * an entry that is not the apprentice's own.
 */
int appr_page_me_resubmit(struct req *r)
{
    long long entry = page_id(r, "entry");
    struct page_errors err = { .n = 0 };
    struct appr_log_form in;
    struct appr_log log;
    struct appr_entry e;
    int why, st;
    enum db_rc rc;

    if (entry <= 0)
        return 404;
    st = page_status(appr_store_my_entry(r->db, r->arena, r->user->id, entry, &e));
    if (st)
        return st;
    appr_log_read(r, &in, &log, &err);
    if (!page_errors_any(&err)) {
        rc = appr_store_resubmit(r->db, r->user->id, entry, &log, r->client_ip, &why);
        if (rc == DB_OK)
            return resp_see_other(
                r, arena_printf(r->arena, "/%s/me/apprenticeship?done=resubmitted#hours-log",
                                lang_prefix(r)));
        if (rc != DB_CONFLICT || why < APPR_LOG_NOT_IN_LEARNING || why > APPR_LOG_NOT_RETURNED)
            return page_status(rc);
        page_errors_add(&err,
                        why == APPR_LOG_FUTURE || why == APPR_LOG_BEFORE_START ? "worked_on"
                                                                               : "hours-fix",
                        refusals[why]);
    }
    return appr_resubmit_page(r, &e, &in, &err);
}
