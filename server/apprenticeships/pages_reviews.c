/*
 * Progress reviews' pages: the due and overdue list for trainers (their
 * apprentices) and admins (all); the review form on an apprentice's record
 * (the trainer or an admin records date, rating, notes and agreed actions;
 * the next review falls the scheme's review_weeks later); the apprentice
 * signs a review off from /{lang}/me/apprenticeship. The store's WHERE
 * decides whose record is reachable; anything else is 404.
 */
#include "app/page.h"
#include "app/page_form.h"
#include "app/page_list.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

static const char *const refusals[] = {
    [APPR_REVIEW_FINAL] = "apprenticeships.errors.review_final",
    [APPR_REVIEW_FUTURE] = "apprenticeships.errors.future",
    [APPR_REVIEW_BEFORE_START] = "apprenticeships.errors.review_before_start",
};

/* The due list's view model, APPR_DUE_PAGE a page by ?page=: trainers see
 * their own apprentices, admins everyone's. 0, 400 for a page number not
 * understood, 404 past the last page, or a status. */
static int due_vm(struct req *r, int is_admin, json_t **out)
{
    const struct page_list l = { is_admin ? "/admin/apprentice-reviews"
                                          : "/trainer/apprentice-reviews",
                                 NULL, 0, "apprenticeships.due.pagination_label" };
    struct page_pager pg;
    struct apprentice *p;
    size_t n, total;
    json_t *vm;
    int st = page_pager_parse(r, APPR_DUE_PAGE, APPR_PAGE_MAX, &pg);

    if (st)
        return st;
    st = page_status(appr_roster_due(r->db, r->arena, r->user->id, is_admin,
                                     (size_t)(pg.page - 1) * APPR_DUE_PAGE, APPR_DUE_PAGE, &p, &n,
                                     &total));
    if (!st)
        st = page_pager_count(&pg, (long long)total);
    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.due.title");
    json_object_set_new(
        vm, "page_title",
        json_string(page_pager_title(r, &pg, req_t(r, "apprenticeships.due.title"))));
    if (is_admin)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "apprenticeships.due.count", (long)total)));
    json_object_set_new(vm, "rows", appr_vm_due(r, p, n, is_admin));
    json_object_set_new(vm, "has_rows", json_boolean(n > 0));
    json_object_set_new(vm, "pagination", page_pager_vm(r, &l, &pg));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s builds: the admins' list is the same for every
 * admin; a trainer's is theirs (kept under their id). */
static int build_admin_due(struct req *r, json_t **vm, const char **name)
{
    *name = "apprenticeships/due";
    return due_vm(r, 1, vm);
}

static int build_trainer_due(struct req *r, json_t **vm, const char **name)
{
    *name = "apprenticeships/due";
    return due_vm(r, 0, vm);
}

/* GET /{lang}/admin/apprentice-reviews (GUARD_ADMIN) — ?page=: rendered
 * once for every admin at the roster's serial (appr_page_roster_kept()). */
int appr_page_admin_due(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(16);

    return appr_page_roster_kept(r, &kept, 0, build_admin_due);
}

/* GET /{lang}/trainer/apprentice-reviews (GUARD_TRAINER) — ?page=: the
 * trainer's own, kept under their id at the roster's serial. */
int appr_page_trainer_due(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(1024);

    return appr_page_roster_kept(r, &kept, r->user->id, build_trainer_due);
}

/* The review form page: 200 blank, 400 with what was typed and its problems;
 * 404 for a record that is not the reader's. */
static int form_page(struct req *r, int is_admin, const struct appr_review_form *in,
                     const struct page_errors *err)
{
    static const struct appr_review_form blank = { "", "", "", "", "", "" };
    long long id = page_id(r, "id");
    struct apprentice p;
    json_t *vm;
    int st;

    if (id <= 0)
        return 404;
    st = page_status(appr_store_get(r->db, r->arena, id, r->user->id, is_admin, &p));
    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.review.title");
    if (is_admin)
        json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    json_object_set_new(vm, "name", json_string(p.name));
    json_object_set_new(vm, "record_href", json_string(appr_record_path(r, id, is_admin)));
    json_object_set_new(vm, "next_review_on", appr_date_vm(r, p.next_review_on));
    json_object_set_new(vm, "review_weeks", json_integer(p.review_weeks));
    json_object_set_new(
        vm, "action",
        json_string(arena_printf(r->arena, "%s/review", appr_record_path(r, id, is_admin))));
    appr_vm_review_form(r, vm, in ? in : &blank, err);
    return page_render(r, "apprenticeships/review", vm);
}

/* POST: 303 to the record; 400 with the form, what was typed and its
 * problems, nothing changed; 404 for a record that is not the reader's. */
static int record_review(struct req *r, int is_admin)
{
    long long id = page_id(r, "id");
    struct page_errors err = { .n = 0 };
    struct appr_review_form in;
    struct appr_review_in v;
    const struct appr_mailer mailer = { r->app, r->arena };
    enum db_rc rc;
    int why;

    if (id <= 0)
        return 404;
    appr_review_read(r, &in, &v, &err);
    v.mailer = &mailer;
    if (!page_errors_any(&err)) {
        rc = appr_store_review(r->db, id, &v, r->user->id, is_admin, r->client_ip, &why);
        if (rc == DB_OK)
            return resp_see_other(
                r, arena_printf(r->arena, "%s?done=reviewed", appr_record_path(r, id, is_admin)));
        if (rc != DB_CONFLICT || why < APPR_REVIEW_FINAL || why > APPR_REVIEW_BEFORE_START)
            return page_status(rc);
        page_errors_add(&err, "held_on", refusals[why]);
    }
    return form_page(r, is_admin, &in, &err);
}

/* GET /{lang}/admin/apprenticeships/{id}/review (GUARD_ADMIN) */
int appr_page_admin_review_form(struct req *r)
{
    return form_page(r, 1, NULL, NULL);
}

/* POST /{lang}/admin/apprenticeships/{id}/review (GUARD_ADMIN) — held_on,
 * rating (green, amber, red), notes, actions. */
int appr_page_admin_review(struct req *r)
{
    return record_review(r, 1);
}

/* GET /{lang}/trainer/apprentices/{id}/review (GUARD_TRAINER): the assigned
 * trainer only. */
int appr_page_trainer_review_form(struct req *r)
{
    return form_page(r, 0, NULL, NULL);
}

/* POST /{lang}/trainer/apprentices/{id}/review (GUARD_TRAINER) */
int appr_page_trainer_review(struct req *r)
{
    return record_review(r, 0);
}

/* POST /{lang}/me/apprenticeship/reviews/{review}/sign (GUARD_LOGIN) — 303
 * back to the record (signing twice changes nothing); 404 for a review that
 * is not on the reader's own record. */
int appr_page_me_sign(struct req *r)
{
    long long review = page_id(r, "review");
    int st;

    if (review <= 0)
        return 404;
    st = page_status(appr_store_review_sign(r->db, r->user->id, review, r->client_ip));
    if (st)
        return st;
    return resp_see_other(r, arena_printf(r->arena, "/%s/me/apprenticeship?done=signed",
                                          r->lang == LANG_CY ? "cy" : "en"));
}
