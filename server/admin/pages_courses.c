#include <string.h>

#include "admin/admin.h"
#include "admin/courses.h"
#include "admin/kept.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "auth/session.h"
#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrol/enrol.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer.h"
#include "view/i18n.h"

#define Q_MAX 100 /* bytes of the search text */

static json_t *counts_vm(const struct enrol_counts *c)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I}", "enrolled", (json_int_t)c->n[ENROL_ENROLLED], "waitlisted",
        (json_int_t)c->n[ENROL_WAITLISTED], "offered", (json_int_t)c->n[ENROL_OFFERED], "completed",
        (json_int_t)c->n[ENROL_COMPLETED], "cancelled", (json_int_t)c->n[ENROL_CANCELLED]);
}

static json_t *course_vm(struct req *r, const struct course *c)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:I}", "slug", c->slug, "title",
        c->title[r->lang], "href",
        arena_printf(r->arena, "/%s/admin/courses/%s", lang_code(r->lang), c->slug), "format",
        req_t_of(r, "courses.format.", c->format), "level", req_t_of(r, "courses.level.", c->level),
        "published", c->published, "status",
        req_t(r, c->published ? "admin.courses.published" : "admin.courses.unpublished"), "lessons",
        c->lesson_count, "enrolled", (json_int_t)c->enrolled_count);
}

/* Previous / next links keeping the search, and "Page 2 of 7". */
static json_t *courses_pages(struct req *r, const char *q, const char *status,
                             const struct page_pager *pg)
{
    const struct page_param keep[] = { { "q", q }, { "status", status } };
    const struct page_list l = { "/admin/courses", keep, 2, "admin.courses.pagination_label" };

    return page_pager_vm(r, &l, pg);
}

/* The search form as the admin left it. */
static void filter_fields(struct page_form *form, const char *q, const char *status)
{
    static const char *const states[] = { "published", "unpublished" };
    json_t *f = page_field_input(form, "q", "search", "admin.courses.search_label", q);

    page_field_set(f, "maxlength", "100");
    page_field_set(f, "autocomplete", "off");
    page_field_select(form, "status", "admin.courses.status_label", "admin.courses.status_any",
                      page_options(form->r, "admin.courses.", states, 2, NULL, status));
}

/* What a page of the courses list is read for, and what it holds. */
struct courses_query {
    const char *q;
    int published; /* -1 any, 0, 1 */
    long page;
};

struct courses_data {
    struct course *v;
    size_t n;
    long long total;
};

static enum db_rc fill_courses(struct arena *a, struct req *r, const void *query,
                               const void **value)
{
    const struct courses_query *q = query;
    struct courses_data *d = arena_alloc(a, sizeof(*d));

    *value = d;
    return admin_courses_list(
        r->db, a, r->lang, q->q,
        catalogue_ft_query(r->arena, r->app->fold, r->app->glossary, q->q, strlen(q->q)),
        q->published, q->page, &d->v, &d->n, &d->total);
}

/* ?q=, ?status= and ?page= of r into q and pg: 0, or 400 for a status or
 * page not understood or a search over Q_MAX bytes. */
static int courses_parse(struct req *r, struct courses_query *q, struct page_pager *pg)
{
    const char *status = req_query(r, "status");

    q->q = req_query(r, "q");
    q->published = -1;
    if (!q->q)
        q->q = "";
    if (strlen(q->q) > Q_MAX || page_pager_parse(r, ADMIN_PAGE_SIZE, ADMIN_PAGE_MAX, pg))
        return 400;
    if (status && *status) {
        if (!strcmp(status, "published"))
            q->published = 1;
        else if (!strcmp(status, "unpublished"))
            q->published = 0;
        else
            return 400;
    }
    q->page = pg->page;
    return 0;
}

/* page_kept_shared()'s build: the list r's query asks for, the same for every admin. */
static int build_courses(struct req *r, json_t **out, const char **name)
{
    struct courses_query q;
    const struct courses_data *d;
    struct admin_key k;
    struct page_pager pg;
    struct page_form form;
    const char *status;
    size_t i;
    int st = courses_parse(r, &q, &pg);
    json_t *vm, *rows;
    enum db_rc rc;

    *name = "admin/courses";
    if (st)
        return st;
    admin_key_init(&k, ADMIN_KEPT_COURSES, r->lang);
    k.n[0] = q.published;
    k.n[1] = q.page;
    admin_key_text(&k, q.q);
    rc = admin_kept_get(r, &k, fill_courses, &q, (const void **)&d);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = page_pager_count(&pg, d->total);
    if (st) {
        admin_kept_drop(&k);
        return st;
    }
    status = q.published < 0 ? NULL : q.published ? "published" : "unpublished";
    vm = admin_vm_new(r, page_pager_title(r, &pg, req_t(r, "admin.courses.title")),
                      admin_trail_courses, 1);
    page_form_init(&form, r, NULL);
    filter_fields(&form, q.q, status);
    page_form_vm(&form, vm);
    rows = json_array();
    for (i = 0; i < d->n; i++)
        json_array_append_new(rows, course_vm(r, &d->v[i]));
    json_object_set_new(vm, "courses", rows);
    json_object_set_new(vm, "has_courses", json_boolean(d->n > 0));
    json_object_set_new(vm, "filtered", json_boolean(*q.q || status));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang, "courses.count",
                                                 (long)d->total)));
    json_object_set_new(vm, "pagination", courses_pages(r, q.q, status, &pg));
    *out = vm;
    return 0;
}

/*
 * GET /{lang}/admin/courses — every course, or those the catalogue's search
 * finds for ?q= (any mutated form, either language) or whose slug it is, with
 * ?status=published|unpublished, in the reader's alphabetical order, ADMIN_PAGE_SIZE a page; the
 * page's rows kept (admin/kept.h) and the page rendered once for every admin
 * (app/page_kept.h page_kept_shared(), under the same admin generation). 200; 400 for a status
 * or page not understood or a search over Q_MAX bytes; 404 past the last page; 503 without the
 * database.
 */
int admin_page_courses(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);

    return page_kept_shared(r, &kept, 0, admin_kept_gen(), build_courses);
}

static json_t *orgs_vm(struct req *r, const struct enrol_org_row *v, size_t n)
{
    json_t *rows = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        json_t *row = counts_vm(&v[i].n);

        json_object_set_new(row, "name",
                            json_string(v[i].name ? v[i].name : req_t(r, "admin.courses.no_org")));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The "saved" panel for ?done=published|unpublished|unchanged, or null. */
static json_t *done_vm(struct req *r)
{
    static const char *const kinds[] = { "published", "unpublished", "unchanged" };
    const char *done = req_query(r, "done");
    size_t i;

    for (i = 0; done && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(done, kinds[i]))
            return json_string(req_t_of(r, "admin.courses.done.", kinds[i]));
    return json_null();
}

/*
 * GET /{lang}/admin/courses/{slug} — one course: its state with the publish
 * or unpublish button, enrolments by status, by organisation and by cohort.
 * 200; 404 for no such course; 503 without the database.
 */
int admin_page_course(struct req *r)
{
    struct course c;
    struct enrol_counts counts;
    struct enrol_org_row *orgs;
    size_t n_orgs;
    json_t *vm, *cohorts;
    enum db_rc rc;
    int st = course_from_route(r, &c);

    if (st)
        return st;
    rc = enrol_store_counts(r->db, c.id, &counts);
    if (rc == DB_OK)
        rc = enrol_store_by_org(r->db, r->arena, r->lang, c.id, &orgs, &n_orgs);
    if (rc != DB_OK)
        return page_db_status(rc);
    cohorts = trainer_course_cohorts(r, c.id, &rc);
    if (rc != DB_OK) {
        json_decref(cohorts);
        return page_db_status(rc);
    }
    vm = admin_vm_new(r, c.title[r->lang], admin_trail_courses, 2);
    json_object_set_new(vm, "course", course_vm(r, &c));
    json_object_set_new(
        vm, "public_href",
        json_string(arena_printf(r->arena, "/%s/courses/%s", lang_code(r->lang), c.slug)));
    json_object_set_new(vm, "counts", counts_vm(&counts));
    json_object_set_new(vm, "orgs", orgs_vm(r, orgs, n_orgs));
    json_object_set_new(vm, "has_orgs", json_boolean(n_orgs > 0));
    json_object_set_new(vm, "cohorts", cohorts);
    json_object_set_new(vm, "has_cohorts", json_boolean(json_array_size(cohorts) > 0));
    json_object_set_new(vm, "cohorts_caption",
                        json_string(req_t(r, "admin.courses.cohorts_heading")));
    json_object_set_new(vm, "done", done_vm(r));
    return page_render(r, "admin/course", vm);
}

static int set_published(struct req *r, int published)
{
    struct course c;
    int changed;
    int st = course_from_route(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    rc = course_store_set_published(r->db, r->user->id, c.id, c.slug, published, r->client_ip,
                                    &changed);
    if (rc != DB_OK)
        return page_db_status(rc);
    /* this server's catalogue shows it at once; others within their 2 s */
    if (changed) {
        catalogue_cache_forget();
        admin_kept_touch();
    }
    return resp_see_other(r, arena_printf(r->arena, "/%s/admin/courses/%s?done=%s",
                                          lang_code(r->lang), c.slug,
                                          !changed    ? "unchanged"
                                          : published ? "published"
                                                      : "unpublished"));
}

/* POST /{lang}/admin/courses/{slug}/publish — show it in the catalogue; audited. 303; 404. */
int admin_page_course_publish(struct req *r)
{
    return set_published(r, 1);
}

/* POST /{lang}/admin/courses/{slug}/unpublish — take it out of the catalogue
 * (enrolled learners keep their progress); audited. 303; 404. */
int admin_page_course_unpublish(struct req *r)
{
    return set_published(r, 0);
}

/* The enrolments by organisation. */
struct orgs_data {
    struct enrol_org_row *v;
    size_t n;
};

static enum db_rc fill_enrolments(struct arena *a, struct req *r, const void *query,
                                  const void **value)
{
    struct orgs_data *d = arena_alloc(a, sizeof(*d));

    (void)query;
    *value = d;
    return enrol_store_by_org(r->db, a, r->lang, 0, &d->v, &d->n);
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_enrolments(struct req *r, json_t **out, const char **name)
{
    const struct orgs_data *d;
    struct admin_key k;
    json_t *vm;
    enum db_rc rc;

    *name = "admin/enrolments";
    admin_key_init(&k, ADMIN_KEPT_ENROLMENTS, r->lang);
    rc = admin_kept_get(r, &k, fill_enrolments, NULL, (const void **)&d);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = admin_vm_new(r, req_t(r, "admin.enrolments.title"), admin_trail_courses, 1);
    json_object_set_new(vm, "orgs", orgs_vm(r, d->v, d->n));
    json_object_set_new(vm, "has_orgs", json_boolean(d->n > 0));
    *out = vm;
    return 0;
}

/* GET /{lang}/admin/enrolments — enrolments in every course by organisation (kept:
 * admin/kept.h; rendered once for every admin: app/page_kept.h). 200; 503. */
int admin_page_enrolments(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(8);

    return page_kept_shared(r, &kept, 0, admin_kept_gen(), build_enrolments);
}
