#include <string.h>

#include "app/page.h"
#include "auth/session.h"
#include "catalogue/catalogue.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/req.h"
#include "view/escape.h"
#include "view/i18n.h"

/*
 * GET /{lang}/pathways — every published learning pathway in its order, with
 * how many published courses it holds. 200; 503 without the database.
 */
int catalogue_page_pathways(struct req *r)
{
    struct catalogue_pathway *list;
    size_t n, i;
    json_t *vm, *rows;
    enum db_rc rc = catalogue_store_pathways(r->db, r->arena, &list, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = catalogue_vm_new(r, req_t(r, "pathways.page_title"), 1);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            rows,
            json_pack("{s:s, s:s, s:s, s:s}", "href",
                      arena_printf(r->arena, "/%s/pathways/%s", lang_code(r->lang), list[i].slug),
                      "title", list[i].title[r->lang], "summary", list[i].summary[r->lang], "count",
                      i18n_pluralf(r->arena, r->app->i18n, r->lang, "courses.count",
                                   (long)list[i].n_courses)));
    json_object_set_new(vm, "pathways", rows);
    json_object_set_new(vm, "has_pathways", json_boolean(n > 0));
    return page_render(r, "pathways/index", vm);
}

/* The reader's standing in one course: {label, state, tag}; done counts completions. */
static json_t *status_vm(struct req *r, const struct catalogue_step *s, long *done)
{
    long pct = 0;

    if (s->status == ENROL_COMPLETED) {
        (*done)++;
        return json_pack("{s:s, s:s, s:s}", "label", req_t(r, "pathways.status.completed"), "state",
                         "completed", "tag", "success");
    }
    if (s->status == ENROL_WAITLISTED)
        return json_pack("{s:s, s:s, s:s}", "label", req_t(r, "pathways.status.waitlisted"),
                         "state", "waitlisted", "tag", "warning");
    if (s->status == ENROL_OFFERED)
        return json_pack("{s:s, s:s, s:s}", "label", req_t(r, "pathways.status.offered"), "state",
                         "offered", "tag", "warning");
    if (s->status != ENROL_ENROLLED)
        return json_pack("{s:s, s:s, s:s}", "label", req_t(r, "pathways.status.not_started"),
                         "state", "not-started", "tag", "neutral");
    if (s->course.lesson_count > 0)
        pct = 100L * s->lessons_done / s->course.lesson_count;
    if (pct > 100)
        pct = 100;
    return json_pack("{s:s, s:s, s:s}", "label",
                     i18n_format(r->arena, req_t(r, "pathways.status.in_progress"), "percent",
                                 arena_printf(r->arena, "%ld", pct), NULL),
                     "state", "in-progress", "tag", "info");
}

/* "2 of 5 courses complete", for the signed-in reader. */
static const char *progress_text(struct req *r, long done, size_t total)
{
    return i18n_format(
        r->arena, i18n_plural(r->app->i18n, r->lang, "pathways.progress", (long)total), "done",
        arena_printf(r->arena, "%ld", done), "total", arena_printf(r->arena, "%zu", total), NULL);
}

/* The login link that brings the reader back here. */
static const char *login_href(struct req *r)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, 512);
    sbuf_addf(&b, "/%s/login?next=", lang_code(r->lang));
    escape_url_component(&b, r->path, strlen(r->path));
    return b.buf;
}

/*
 * GET /{lang}/pathways/{slug} — one published pathway: summary, audience and
 * its published courses in order; for a signed-in reader each course's
 * standing from their enrolments and "N of M courses complete". 200; 404
 * for an unknown or unpublished pathway; 503 without the database.
 */
int catalogue_page_pathway(struct req *r)
{
    const char *slug = page_slug(r, "slug");
    long long uid = r->user ? r->user->id : 0;
    struct catalogue_pathway p;
    struct catalogue_step *steps = NULL;
    size_t n = 0, i;
    long done = 0;
    json_t *vm, *rows;
    int st;
    enum db_rc rc;

    if (!slug)
        return 404;
    rc = catalogue_store_pathway(r->db, r->arena, slug, &p);
    if (rc == DB_OK)
        rc = catalogue_store_steps(r->db, r->arena, p.id, uid, &steps, &n);
    st = page_status(rc);
    if (st)
        return st;
    vm = catalogue_vm_new(r, p.title[r->lang], 2);
    rows = json_array();
    for (i = 0; i < n; i++) {
        json_t *c = catalogue_vm_course(r, &steps[i].course);

        if (uid)
            json_object_set_new(c, "status", status_vm(r, &steps[i], &done));
        json_array_append_new(rows, c);
    }
    json_object_set_new(vm, "pathway",
                        json_pack("{s:s, s:s, s:s}", "title", p.title[r->lang], "summary",
                                  p.summary[r->lang], "audience", p.audience[r->lang]));
    json_object_set_new(vm, "courses", rows);
    json_object_set_new(
        vm, "count",
        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang, "courses.count", (long)n)));
    if (uid && n)
        json_object_set_new(vm, "progress",
                            json_pack("{s:s, s:i, s:i}", "text", progress_text(r, done, n), "done",
                                      (int)done, "total", (int)n));
    if (!uid)
        json_object_set_new(vm, "login_href", json_string(login_href(r)));
    return page_render(r, "pathways/show", vm);
}
