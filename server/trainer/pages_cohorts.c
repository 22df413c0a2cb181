/*
 * trainer pages: the trainer's cohorts, one cohort's learners (sorted and
 * filtered by a GET form, no JavaScript) and the CSV export. Every export is
 * audited ("cohort_exported"), a view of the page at most once per reader
 * and cohort every TRAINER_VIEWED_EVERY_S ("cohort_viewed").
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "app/page_list.h"
#include "app/page_nav.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer_impl.h"
#include "view/csv.h"
#include "view/datefmt.h"
#include "view/i18n.h"

#define EXPORT_MAX ((size_t)32 << 20) /* bytes of a CSV */

static const struct page_crumb trail[1] = { { "/trainer/cohorts", "trainer.cohorts.title", NULL } };

/*
 * GET /{lang}/trainer/cohorts — the cohorts the reader runs (an admin: all),
 * current and coming first, with learners, average progress and how many
 * are at risk. 200; 503 without the database.
 */
int trainer_page_cohorts(struct req *r)
{
    const struct trainer_cohort *v;
    size_t n;
    json_t *vm;
    enum db_rc rc = trainer_kept_cohorts(r, &v, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "trainer.cohorts.title");
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, NULL, 0));
    json_object_set_new(vm, "cohorts", trainer_vm_cohort_rows(r, v, n, 0));
    json_object_set_new(vm, "has_cohorts", json_boolean(n > 0));
    json_object_set_new(vm, "cohorts_caption", json_string(req_t(r, "trainer.cohorts.caption")));
    return page_render(r, "trainer/cohorts", vm);
}

json_t *trainer_course_cohorts(struct req *r, long long course_id, enum db_rc *rc)
{
    struct trainer_cohort *v;
    size_t n;

    *rc = trainer_store_course_cohorts(r->db, r->arena, course_id, &v, &n);
    return *rc == DB_OK ? trainer_vm_cohort_rows(r, v, n, 1) : json_array();
}

/* The cohort the route's {id} names if the reader may see it (head: without
 * its figures): 0, or 404/503. A page's is kept; a write reads it afresh. */
static int cohort_for(struct req *r, int head, struct trainer_cohort *c)
{
    long long id = page_id(r, "id");
    int admin = trainer_is_admin(r);

    if (!id)
        return 404;
    if (r->method & (HTTP_GET | HTTP_HEAD))
        return page_status(trainer_kept_cohort(r, id, head, c));
    return page_status(head ? trainer_store_cohort_head(r->db, r->arena, r->user->id, admin, id, c)
                            : trainer_store_cohort(r->db, r->arena, r->user->id, admin, id, c));
}

int trainer_cohort_for(struct req *r, struct trainer_cohort *c)
{
    return cohort_for(r, 0, c);
}

int trainer_cohort_head_for(struct req *r, struct trainer_cohort *c)
{
    return cohort_for(r, 1, c);
}

int trainer_page_cohort_kept(struct req *r, struct kept_table *t, page_build_fn *build)
{
    long long id = page_id(r, "id");
    int st = id ? page_status(trainer_kept_runs(r, id)) : 404;

    return st ? st : page_kept_shared(r, t, 0, trainer_cohort_gen(id), build);
}

int trainer_cohort_known(struct req *r, int head, struct trainer_cohort *c)
{
    return page_status(trainer_kept_cohort_known(r, page_id(r, "id"), head, c));
}

/* every_s 0: every time (the export); else at most once per reader and
 * cohort every every_s seconds (a page reloaded) */
static enum db_rc audit_view(struct req *r, const char *event, long long cohort_id, int every_s)
{
    const char *detail = arena_printf(r->arena, "cohort %lld", cohort_id);

    return every_s ? audit_write_every(r->db, every_s, event, r->user->id, 0, r->client_ip, detail)
                   : audit_write(r->db, event, r->user->id, 0, r->client_ip, detail);
}

/* ?done= (a session added, changed, cancelled; a message sent) as the
 * sentence to show. */
static json_t *done_vm(struct req *r)
{
    static const char *const kinds[][2] = { { "added", "trainer.sessions.done_added" },
                                            { "changed", "trainer.sessions.done_changed" },
                                            { "cancelled", "trainer.sessions.done_cancelled" },
                                            { "messaged", "trainer.message.done" } };
    const char *done = req_query(r, "done");
    size_t i;

    for (i = 0; done && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(done, kinds[i][0]))
            return json_string(req_t(r, kinds[i][1]));
    return json_null();
}

/* Previous / next keeping the filters and the order. */
static json_t *pages_vm(struct req *r, long long id, const struct trainer_filter *f,
                        const struct page_pager *pg)
{
    struct page_param keep[8];
    size_t n = trainer_filter_params(r, f, keep);
    const struct page_list l = { arena_printf(r->arena, "/trainer/cohorts/%lld", id), keep, n,
                                 "trainer.cohort.pagination_label" };

    keep[n] = (struct page_param){ "sort", trainer_sort_name(f->sort) };
    keep[n + 1] = (struct page_param){ "dir", f->desc ? "desc" : "asc" };
    return page_pager_vm(r, &(struct page_list){ l.path, keep, n + 2, l.nav_key }, pg);
}

/* The cohort page's view model for filter f: 0 with *out, or a status
 * (404 for a cohort the reader may not see or past the last page, 503).
 * The same for every trainer of the cohort, admin_href for every admin;
 * without ?done= (the caller's, for one request). */
static int cohort_vm(struct req *r, long long id, const struct trainer_filter *f, json_t **out)
{
    struct trainer_cohort_page p;
    struct trainer_learner *v;
    struct trainer_org *orgs = NULL;
    struct page_pager pg;
    struct page_form form;
    size_t n, n_orgs = 0, weeks;
    long long total, per_week[TRAINER_WEEKS_MAX];
    json_t *vm;
    const struct page_crumb crumbs[2] = { trail[0], { NULL, NULL, NULL } };
    const struct trainer_cohort *c = &p.cohort;
    int st = page_status(trainer_kept_cohort_page(r, id, &p));
    enum db_rc rc;

    if (st)
        return st;
    rc = trainer_learners(r, c, r->lang, f, TRAINER_PAGE_SIZE, &v, &n, &total);
    if (rc == DB_OK)
        rc = trainer_learner_orgs(r, c, &orgs, &n_orgs);
    weeks = trainer_weeks_shown(c, time(NULL));
    if (rc == DB_OK)
        rc = trainer_weeks(r, c, per_week, weeks);
    if (rc != DB_OK)
        return page_db_status(rc);
    pg = (struct page_pager){ f->page, TRAINER_PAGE_SIZE, 0 };
    st = page_pager_count(&pg, total);
    if (st && f->page > 1)
        return st;
    vm = page_vm(r, "trainer.cohort.title");
    json_object_set_new(vm, "page_title",
                        json_string(page_pager_title(r, &pg, trainer_cohort_name(r, c))));
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 1));
    json_object_set_new(vm, "cohort", trainer_vm_cohort(r, c));
    page_form_init(&form, r, NULL);
    trainer_vm_filters(&form, f, orgs, n_orgs);
    page_form_vm(&form, vm);
    json_object_set_new(vm, "sort", json_string(trainer_sort_name(f->sort)));
    json_object_set_new(vm, "dir", json_string(f->desc ? "desc" : "asc"));
    json_object_set_new(vm, "headings", trainer_vm_headings(r, c->id, f));
    json_object_set_new(vm, "learners", trainer_vm_learners(r, v, n));
    json_object_set_new(vm, "has_learners", json_boolean(n > 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "trainer.cohort.count", (long)total)));
    json_object_set_new(vm, "sessions", trainer_vm_sessions(r, c->id, p.sessions, p.n_sessions));
    json_object_set_new(vm, "has_sessions", json_boolean(p.n_sessions > 0));
    json_object_set_new(vm, "attendance_chart",
                        trainer_vm_attendance_chart(r, p.sessions, p.n_sessions));
    json_object_set_new(vm, "completion_chart", trainer_vm_completion_chart(r, c, per_week, weeks));
    json_object_set_new(vm, "rule",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "trainer.cohort.rule", TRAINER_IDLE_DAYS)));
    json_object_set_new(vm, "export_href",
                        json_string(arena_printf(r->arena, "/%s/trainer/cohorts/%lld/export.csv",
                                                 lang_code(r->lang), c->id)));
    json_object_set_new(vm, "pagination", pages_vm(r, c->id, f, &pg));
    json_object_set_new(vm, "done", json_null());
    json_object_set_new(vm, "messages", trainer_vm_sent(r, p.sent, p.n_sent));
    json_object_set_new(vm, "has_messages", json_boolean(p.n_sent > 0));
    json_object_set_new(vm, "admin_href",
                        trainer_is_admin(r)
                            ? json_string(arena_printf(r->arena, "/%s/admin/cohorts/%lld",
                                                       lang_code(r->lang), c->id))
                            : json_null());
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the page as every trainer of the cohort (or
 * every admin) sees it. */
static int build_cohort(struct req *r, json_t **vm, const char **name)
{
    struct trainer_filter f;

    *name = "trainer/cohort";
    if (trainer_form_filter(r, &f))
        return 400;
    return cohort_vm(r, page_id(r, "id"), &f, vm);
}

/* page_kept_shared()'s scope of the page every admin sees (every trainer
 * of the cohort: 0); never a person's id. */
#define SCOPE_ADMINS (-1LL)

/*
 * GET /{lang}/trainer/cohorts/{id} — one row per learner (name,
 * organisation, lessons and progress, sessions attended and missed, last
 * activity, at risk and why), ?q= ?org= ?progress= ?missed= ?risk= ?sort=
 * ?dir=, TRAINER_PAGE_SIZE a page; the sessions with links to mark
 * attendance. Rendered once for all the cohort's trainers (and once for the
 * admins) under its path and query (app/page_kept.h page_kept_shared(), at
 * the cohort's generation: kept.c), but for a ?done= sentence. 200; 400 for
 * a filter or order not understood; 404 for a cohort the reader does not
 * run (or none) or past the last page; 503.
 */
int trainer_page_cohort(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    struct trainer_filter f;
    long long id = page_id(r, "id");
    json_t *vm = NULL;
    int st;
    enum db_rc rc;

    if (!id)
        return 404;
    st = page_status(trainer_kept_runs(r, id));
    if (st)
        return st;
    if (trainer_form_filter(r, &f))
        return 400;
    rc = audit_view(r, "cohort_viewed", id, TRAINER_VIEWED_EVERY_S);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!req_query(r, "done"))
        return page_kept_shared(r, &kept, trainer_is_admin(r) ? SCOPE_ADMINS : 0,
                                trainer_cohort_gen(id), build_cohort);
    st = cohort_vm(r, id, &f, &vm);
    if (st)
        return st;
    json_object_set_new(vm, "done", done_vm(r));
    return page_render(r, "trainer/cohort", vm);
}

static void csv_row(struct csv *out, struct req *r, const struct trainer_learner *l)
{
    csv_field(out, l->name);
    csv_field(out, l->org);
    csv_int(out, l->lessons_done);
    csv_int(out, l->progress);
    csv_int(out, l->attended);
    csv_int(out, l->missed);
    csv_int(out, l->apologies);
    csv_field(out, l->last_activity ? datefmt_iso(r->arena, l->last_activity) : NULL);
    csv_field(out, req_t(r, l->risk ? "trainer.csv.yes" : "trainer.csv.no"));
    csv_end_row(out);
}

/*
 * GET /{lang}/trainer/cohorts/{id}/export.csv — every learner of the cohort
 * (the page's filters and order apply), one row each, UTF-8 with a BOM,
 * headings in the reader's language. 200; 400; 404 as the page; 503.
 */
int trainer_page_export(struct req *r)
{
    static const char *const cols[] = { "name",   "org",       "lessons",  "progress", "attended",
                                        "missed", "apologies", "activity", "risk" };
    struct trainer_cohort c;
    struct trainer_filter f;
    struct trainer_learner *v;
    struct sbuf b;
    struct csv out;
    size_t n, i;
    long long total;
    int st = trainer_cohort_for(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    if (trainer_form_filter(r, &f))
        return 400;
    rc = trainer_learners(r, &c, r->lang, &f, 0, &v, &n, &total);
    if (rc == DB_OK)
        rc = audit_view(r, "cohort_exported", c.id, 0);
    if (rc != DB_OK)
        return page_db_status(rc);
    sbuf_init(&b, r->arena, EXPORT_MAX);
    csv_init(&out, &b);
    for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
        csv_field(&out, req_t_of(r, "trainer.csv.", cols[i]));
    csv_end_row(&out);
    for (i = 0; i < n; i++)
        csv_row(&out, r, &v[i]);
    if (sbuf_failed(&b))
        return 500;
    resp_header(r, "Content-Disposition",
                csv_disposition(r->arena, arena_printf(r->arena, "cohort-%lld.csv", c.id)));
    return resp_send(r, 200, CSV_CONTENT_TYPE, b.buf, b.len);
}
