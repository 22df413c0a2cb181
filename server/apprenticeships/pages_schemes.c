/*
 * The admin's scheme forms (GUARD_ADMIN): create a scheme and edit one —
 * framework, employer, lead provider and sub-contractor, intake dates,
 * review interval, planned off-the-job hours, the LP03/LP17 settings and the
 * admins and trainers responsible. Audited (store_schemes.c).
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
    [APPR_SCHEME_NO_FRAMEWORK] = "apprenticeships.errors.framework",
    [APPR_SCHEME_NO_EMPLOYER] = "apprenticeships.errors.employer",
    [APPR_SCHEME_NOT_STAFF] = "apprenticeships.errors.staff",
};
static const char *const refused_field[] = {
    [APPR_SCHEME_NO_FRAMEWORK] = "framework",
    [APPR_SCHEME_NO_EMPLOYER] = "employer",
    [APPR_SCHEME_NOT_STAFF] = "staff",
};

/* The form page for scheme id (0: a new one): 200 as shown, 400 with what
 * was typed and its problems. */
static int form_page(struct req *r, long long id, const struct appr_scheme_form *in,
                     const struct appr_scheme_in *v, const struct page_errors *err)
{
    struct appr_scheme_choices c;
    json_t *vm;
    enum db_rc rc = appr_store_frameworks(r->db, r->arena, &c.frameworks, &c.n_frameworks);

    if (rc == DB_OK)
        rc = org_list(r->db, r->arena, r->lang, &c.orgs, &c.n_orgs);
    if (rc == DB_OK)
        rc = appr_store_people_in(r->db, r->arena, v->staff, v->n_staff, &c.people, &c.n_people);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, id ? "apprenticeships.scheme.edit_title" : "apprenticeships.scheme.new_title");
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "editing", json_boolean(id != 0));
    json_object_set_new(
        vm, "action",
        json_string(id ? arena_printf(r->arena, "/%s/admin/apprenticeship-schemes/%lld/edit",
                                      lang_code(r->lang), id)
                       : arena_printf(r->arena, "/%s/admin/apprenticeship-schemes/new",
                                      lang_code(r->lang))));
    appr_vm_scheme_form(r, vm, &c, in, v, err);
    return page_render(r, "apprenticeships/scheme", vm);
}

/* GET /{lang}/admin/apprenticeship-schemes/new — the blank form, the review
 * interval 12 weeks and the planned hours 0 (both settings). */
int appr_page_scheme_new(struct req *r)
{
    static const struct appr_scheme_form blank = { "", "",   "",  "", "", "", "",
                                                   "", "12", "0", "", "", "" };
    static const struct appr_scheme_in none = { .n_staff = 0 };

    return form_page(r, 0, &blank, &none, NULL);
}

/* The admin or trainer with e-mail address email added to v's staff (once);
 * a field error in err when nobody with either role has it. */
static enum db_rc add_staff(struct req *r, const char *email, struct appr_scheme_in *v,
                            struct page_errors *err)
{
    long long id = 0, *staff;
    size_t i;
    enum db_rc rc = appr_store_staff_by_email(r->db, email, &id);

    if (rc == DB_NOT_FOUND) {
        page_errors_add(err, "add_staff", "apprenticeships.errors.add_staff_unknown");
        return DB_OK;
    }
    for (i = 0; rc == DB_OK && i < v->n_staff; i++)
        if (v->staff[i] == id)
            return DB_OK;
    if (rc != DB_OK || v->n_staff >= APPR_STAFF_MAX)
        return rc;
    staff = arena_alloc(r->arena, (v->n_staff + 1) * sizeof(*staff));
    for (i = 0; i < v->n_staff; i++)
        staff[i] = v->staff[i];
    staff[v->n_staff++] = id;
    v->staff = staff;
    return DB_OK;
}

/* POST new or edit: 303 to the list's schemes; 400 with the form, what was
 * typed and its problems, nothing changed; 404 for no scheme id. */
static int save(struct req *r, long long id)
{
    struct page_errors err = { .n = 0 };
    struct appr_scheme_form in;
    struct appr_scheme_in v;
    const char *add_email;
    long long saved = id;
    enum db_rc rc;
    int why = 0;

    appr_scheme_read(r, &in, &v, &add_email, &err);
    if (add_email && (rc = add_staff(r, add_email, &v, &err)) != DB_OK)
        return page_status(rc);
    if (!page_errors_any(&err)) {
        rc = appr_store_scheme_save(r->db, &v, r->user->id, r->client_ip, &saved, &why);
        if (rc == DB_OK)
            return resp_see_other(
                r, appr_schemes_href(r, saved, id ? "scheme_saved" : "scheme_created"));
        if (rc != DB_CONFLICT || why < APPR_SCHEME_NO_FRAMEWORK || why > APPR_SCHEME_NOT_STAFF)
            return page_status(rc);
        page_errors_add(&err, refused_field[why], refusals[why]);
    }
    return form_page(r, id, &in, &v, &err);
}

/* POST /{lang}/admin/apprenticeship-schemes/new — name_cy, name_en,
 * framework, employer, provider, subcontractor, intake_start, intake_end,
 * review_weeks, planned_otj_hours, llwr_provider, llwr_programme, staff_<id>, add_staff
 * (an admin's or trainer's e-mail address). */
int appr_page_scheme_create(struct req *r)
{
    return save(r, 0);
}

/* GET /{lang}/admin/apprenticeship-schemes/{id}/edit — the form with the
 * scheme's values; 404 for no such scheme. */
int appr_page_scheme_edit(struct req *r)
{
    long long id = page_id(r, "id");
    struct appr_scheme_form in;
    struct appr_scheme_in v;
    int st;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_scheme(r->db, r->arena, id, &v));
    if (st)
        return st;
    in = (struct appr_scheme_form){
        .add_staff = "",
        .name_cy = v.name_cy,
        .name_en = v.name_en,
        .framework = arena_printf(r->arena, "%lld", v.framework_id),
        .employer = arena_printf(r->arena, "%lld", v.employer_id),
        .provider = v.provider,
        .subcontractor = v.subcontractor,
        .intake_start = v.intake_start,
        .intake_end = v.intake_end ? v.intake_end : "",
        .review_weeks = arena_printf(r->arena, "%d", v.review_weeks),
        .planned_otj_hours = arena_printf(r->arena, "%d", v.planned_otj_hours),
        .llwr_provider = v.llwr_provider,
        .llwr_programme = v.llwr_programme,
    };
    return form_page(r, id, &in, &v, NULL);
}

/* POST /{lang}/admin/apprenticeship-schemes/{id}/edit — as new. */
int appr_page_scheme_update(struct req *r)
{
    long long id = page_id(r, "id");
    struct appr_scheme_in was;
    int st;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_scheme(r->db, r->arena, id, &was)); /* 404 before any check */
    return st ? st : save(r, id);
}
