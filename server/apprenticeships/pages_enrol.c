/*
 * The admin enrols an apprentice (GUARD_ADMIN): an existing account, by its
 * e-mail address, on one of the schemes (which names the framework, the
 * employer and the provider), with its start, planned end, contracted
 * weekly hours and weekly off-the-job hours target. Audited (store.c).
 */
#include "app/page.h"
#include "app/page_form.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"

/* The form page: 200 blank, 400 with what was typed and its problems. */
static int form_page(struct req *r, const struct appr_enrol_form *in, const struct page_errors *err)
{
    struct appr_scheme *s;
    size_t ns;
    json_t *vm;
    enum db_rc rc = appr_store_schemes(r->db, r->arena, &s, &ns);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "apprenticeships.enrol.title");
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "action",
                        json_string(arena_printf(r->arena, "/%s/admin/apprentices/new",
                                                 r->lang == LANG_CY ? "cy" : "en")));
    appr_vm_enrol_form(r, vm, s, ns, in, err);
    return page_render(r, "apprenticeships/enrol", vm);
}

/* GET /{lang}/admin/apprentices/new — the blank form; 503 without the
 * database. */
int appr_page_admin_new(struct req *r)
{
    static const struct appr_enrol_form blank = { "", "", "", "", "", "", "", "", "", "" };

    return form_page(r, &blank, NULL);
}

/*
 * POST /{lang}/admin/apprentices/new — email, scheme, uli, postcode,
 * weekly_hours, otj_target, starts_on, planned_end_on, lang, agreement. 303
 * to the new record; 400 with the form, what was typed and its problems (no
 * account with that address, or already on that scheme, are two), nothing
 * changed.
 */
int appr_page_admin_enrol(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct appr_enrol_form in;
    struct appr_enrol e;
    long long id;
    enum db_rc rc;

    appr_enrol_read(r, &in, &e, &err);
    if (page_errors_any(&err))
        return form_page(r, &in, &err);
    rc = appr_store_enrol(r->db, &e, r->user->id, r->client_ip, &id);
    if (rc == DB_OK)
        return resp_see_other(r,
                              arena_printf(r->arena, "/%s/admin/apprenticeships/%lld?done=enrolled",
                                           r->lang == LANG_CY ? "cy" : "en", id));
    if (rc == DB_NOT_FOUND)
        page_errors_add(&err, "email", "apprenticeships.errors.no_account");
    else if (rc == DB_CONFLICT)
        page_errors_add(&err, "email", "apprenticeships.errors.already");
    else
        return page_db_status(rc);
    return form_page(r, &in, &err);
}
