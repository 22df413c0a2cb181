/*
 * Recording a unit an apprentice achieved, from their record: by an admin or
 * the apprentice's assigned trainer (the store's WHERE; anyone else gets
 * 404). The unit and apprentices.credits_achieved move in one transaction.
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
    [APPR_UNIT_FINAL] = "apprenticeships.errors.unit_final",
    [APPR_UNIT_FUTURE] = "apprenticeships.errors.future",
    [APPR_UNIT_BEFORE_START] = "apprenticeships.errors.review_before_start",
    [APPR_UNIT_NO_QUAL] = "apprenticeships.errors.unit_qual",
};

static const char *const refused_field[] = {
    [APPR_UNIT_FINAL] = "unit_title",
    [APPR_UNIT_FUTURE] = "unit_on",
    [APPR_UNIT_BEFORE_START] = "unit_on",
    [APPR_UNIT_NO_QUAL] = "unit_qual",
};

/* POST .../{id}/units — unit_qual, unit_title, unit_credits, unit_on. 303 to
 * the record; 400 with the record, what was typed and its problems, nothing
 * changed; 404 for a record that is not the reader's. */
static int record_unit(struct req *r, int is_admin)
{
    long long id = page_id(r, "id");
    struct page_errors err = { .n = 0 };
    struct appr_unit_form in;
    struct appr_unit_in unit;
    struct apprentice p;
    int why, st;
    enum db_rc rc;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, is_admin, &p));
    if (st)
        return st;
    appr_unit_read(r, &in, &unit, &err);
    if (!page_errors_any(&err)) {
        rc = appr_store_unit(r->db, id, &unit, r->user->id, is_admin, r->client_ip, &why);
        if (rc == DB_OK)
            return resp_see_other(
                r, arena_printf(r->arena, "%s?done=unit#units", appr_record_path(r, id, is_admin)));
        if (rc != DB_CONFLICT || why < APPR_UNIT_FINAL || why > APPR_UNIT_NO_QUAL)
            return page_status(rc);
        page_errors_add(&err, refused_field[why], refusals[why]);
    }
    return appr_record(
        r, &p, &(struct appr_record_view){ .admin_view = is_admin, .unit = &in, .err = &err });
}

/* POST /{lang}/admin/apprenticeships/{id}/units (GUARD_ADMIN) */
int appr_page_admin_unit(struct req *r)
{
    return record_unit(r, 1);
}

/* POST /{lang}/trainer/apprentices/{id}/units (GUARD_TRAINER): the
 * apprentice's assigned trainer only. */
int appr_page_trainer_unit(struct req *r)
{
    return record_unit(r, 0);
}
