/*
 * trainer admin pages (GUARD_ADMIN): a new cohort for a course, and one
 * cohort's trainers (added by e-mail address, removed with a button). Every
 * change is audited: cohort_created, cohort_trainer_added,
 * cohort_trainer_removed (detail "cohort N [user U]").
 */
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_nav.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "courses/courses.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer_impl.h"
#include "view/i18n.h"

static const char *const done_kinds[] = { "created", "added", "removed" };

/* ?done= as the sentence to show, or null. */
static json_t *done_vm(struct req *r, const char *prefix)
{
    const char *done = req_query(r, "done");
    size_t i;

    for (i = 0; done && i < sizeof(done_kinds) / sizeof(done_kinds[0]); i++)
        if (!strcmp(done, done_kinds[i]))
            return json_string(req_t(r, arena_printf(r->arena, "%s%s", prefix, done_kinds[i])));
    return json_null();
}

static enum db_rc audit(struct req *r, const char *event, long long cohort, long long user)
{
    return audit_write(r->db, event, r->user->id, user, r->client_ip,
                       user ? arena_printf(r->arena, "cohort %lld user %lld", cohort, user)
                            : arena_printf(r->arena, "cohort %lld", cohort));
}

/* The new cohort form for course c: 200 blank, 400 with its problems. */
static int new_page(struct req *r, const struct course *c, const struct trainer_cohort_form *in,
                    const struct page_errors *err)
{
    const char *course_path = arena_printf(r->arena, "/admin/courses/%s", c->slug);
    const struct page_crumb crumbs[3] = { { "/admin", "admin.title", NULL },
                                          { "/admin/courses", "admin.courses.title", NULL },
                                          { course_path, NULL, c->title[r->lang] } };
    struct page_form form;
    json_t *vm = page_vm(r, "trainer.admin.new_title");

    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 3));
    json_object_set_new(vm, "course", json_string(c->title[r->lang]));
    json_object_set_new(
        vm, "action",
        json_string(arena_printf(r->arena, "/%s%s/cohorts/new", lang_code(r->lang), course_path)));
    page_form_init(&form, r, err);
    trainer_vm_cohort_form(&form, in);
    page_form_vm(&form, vm);
    return page_render(r, "trainer/cohort-new", vm);
}

/* GET /{lang}/admin/courses/{slug}/cohorts/new — the blank form. 200; 404
 * for no such course; 503. */
int trainer_page_cohort_new(struct req *r)
{
    static const struct trainer_cohort_form blank = { "", "", "", "", "", "" };
    struct course c;
    int st = course_from_route(r, &c);

    return st ? st : new_page(r, &c, &blank, NULL);
}

/*
 * POST /{lang}/admin/courses/{slug}/cohorts/new — name_cy, name_en,
 * starts_on, ends_on, capacity, lang. 303 to the new cohort's admin page;
 * 400 with the form, what was typed and its problems (nothing made); 404 for
 * no such course; 503.
 */
int trainer_page_cohort_create(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct trainer_cohort_form in;
    struct trainer_cohort_in out;
    struct course c;
    long long id;
    enum db_rc rc;
    int st = course_from_route(r, &c);

    if (st)
        return st;
    trainer_form_cohort(r, &in, &out, &err);
    if (page_errors_any(&err))
        return new_page(r, &c, &in, &err);
    out.course_id = c.id;
    rc = trainer_store_create(r->db, &out, &id);
    if (rc == DB_OK)
        rc = audit(r, "cohort_created", id, 0);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/admin/cohorts/%lld?done=created", lang_code(r->lang), id));
}

/* One cohort's admin page: its trainers with a remove button each and the
 * form to add one (email as typed, err its problems). */
static int cohort_page(struct req *r, const struct trainer_cohort *c, const char *email,
                       const struct page_errors *err)
{
    const struct page_crumb crumbs[2] = { { "/admin", "admin.title", NULL },
                                          { "/trainer/cohorts", "trainer.cohorts.title", NULL } };
    const char *base = arena_printf(r->arena, "/%s/admin/cohorts/%lld", lang_code(r->lang), c->id);
    struct trainer_person *p;
    struct page_form form;
    size_t n, i;
    json_t *vm, *rows, *f;
    enum db_rc rc = trainer_store_trainers(r->db, r->arena, c->id, &p, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "trainer.admin.cohort_title");
    json_object_set_new(vm, "page_title", json_string(trainer_cohort_name(r, c)));
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 2));
    json_object_set_new(vm, "cohort", trainer_vm_cohort(r, c));
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s}", "name", p[i].name, "email", p[i].email, "remove",
                            arena_printf(r->arena, "%s/trainers/%lld/remove", base, p[i].id)));
    json_object_set_new(vm, "trainers", rows);
    json_object_set_new(vm, "has_trainers", json_boolean(n > 0));
    json_object_set_new(vm, "add_action", json_string(arena_printf(r->arena, "%s/trainers", base)));
    json_object_set_new(vm, "done", done_vm(r, "trainer.admin.done_"));
    page_form_init(&form, r, err);
    f = page_field_input(&form, "email", "email", "trainer.admin.email", email);
    page_field_hint(&form, f, "trainer.admin.email_hint");
    page_field_set(f, "autocomplete", "off");
    page_field_set(f, "spellcheck", "false");
    page_form_vm(&form, vm);
    return page_render(r, "trainer/admin-cohort", vm);
}

/* The cohort {id} for an admin: 0, or 404/503. */
static int admin_cohort(struct req *r, struct trainer_cohort *c)
{
    long long id = page_id(r, "id");

    if (!id)
        return 404;
    return page_status(trainer_store_cohort(r->db, r->arena, r->user->id, 1, id, c));
}

/* GET /{lang}/admin/cohorts/{id} — the cohort, its trainers, the form to
 * add one; links to its learners and sessions. 200; 404; 503. */
int trainer_page_admin_cohort(struct req *r)
{
    struct trainer_cohort c;
    int st = admin_cohort(r, &c);

    return st ? st : cohort_page(r, &c, "", NULL);
}

/*
 * POST /{lang}/admin/cohorts/{id}/trainers — email: a trainer (or admin)
 * becomes a trainer of the cohort. 303 to the cohort's admin page; 400 with
 * the page and the problem (not an address, nobody who may train has it,
 * already a trainer of it), nothing changed; 404; 503.
 */
int trainer_page_trainer_add(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct trainer_cohort c;
    const char *email = account_form_value(r, "email");
    char *norm = account_email_valid(email) ? account_email_norm(r->arena, email) : NULL;
    long long user = 0;
    int st = admin_cohort(r, &c);
    enum db_rc rc = DB_NOT_FOUND;

    if (st)
        return st;
    if (!norm)
        page_errors_add(&err, "email", "trainer.admin.error_email");
    else
        rc = trainer_store_add_trainer(r->db, c.id, norm, &user);
    if (rc == DB_OK)
        rc = audit(r, "cohort_trainer_added", c.id, user);
    if (rc == DB_OK)
        return resp_see_other(r, arena_printf(r->arena, "/%s/admin/cohorts/%lld?done=added",
                                              lang_code(r->lang), c.id));
    if (norm && rc == DB_NOT_FOUND)
        page_errors_add(&err, "email", "trainer.admin.error_no_trainer");
    else if (rc == DB_CONFLICT)
        page_errors_add(&err, "email", "trainer.admin.error_already");
    else if (norm)
        return page_db_status(rc);
    return cohort_page(r, &c, email, &err);
}

/* POST /{lang}/admin/cohorts/{id}/trainers/{user}/remove — 303 to the
 * cohort's admin page; 404 for a cohort or a trainer of it not found; 503. */
int trainer_page_trainer_remove(struct req *r)
{
    struct trainer_cohort c;
    long long user = page_id(r, "user");
    int st = admin_cohort(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    if (!user)
        return 404;
    rc = trainer_store_remove_trainer(r->db, c.id, user);
    if (rc == DB_OK)
        rc = audit(r, "cohort_trainer_removed", c.id, user);
    if (rc != DB_OK)
        return page_status(rc);
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/admin/cohorts/%lld?done=removed", lang_code(r->lang), c.id));
}
