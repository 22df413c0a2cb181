/*
 * The learner's dashboard, /{lang}/me (GUARD_LOGIN): courses in progress
 * with a link to carry on, waiting lists, upcoming sessions, completed
 * courses with their certificates, pathways started, cohort sessions
 * (trainer/) and webinars (webinars/). One statement whatever the number of
 * courses (learn_store_me, store_me.c), kept in memory for the person
 * (learn_kept_me, kept.c); the lesson to carry on from
 * is found when "Continue" is followed (learn_page_continue).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/session.h"
#include "core/strparse.h"
#include "courses/courses.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "learn/learn.h"
#include "trainer/trainer.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars.h"

/* "{done} of {n} ..." for plural key, with n choosing the form. */
static const char *count_of(struct req *r, const char *key, int done, int n)
{
    return i18n_format(r->arena, i18n_plural(r->app->i18n, r->lang, key, n), "done",
                       arena_printf(r->arena, "%d", done), "n", arena_printf(r->arena, "%d", n),
                       NULL);
}

static json_t *course_vm(struct req *r, const struct learn_enrolment *e)
{
    return json_pack("{s:s, s:s}", "title", e->title[r->lang], "href",
                     learn_course_path(r, r->lang, e->slug, ""));
}

static json_t *in_progress_vm(struct req *r, const struct learn_enrolment *e)
{
    json_t *it = course_vm(r, e);

    json_object_set_new(it, "progress", learn_vm_progress(r, e->done, e->total));
    json_object_set_new(it, "lessons",
                        json_string(count_of(r, "me.lessons_done", e->done, e->total)));
    json_object_set_new(it, "started", json_boolean(e->done > 0));
    if (e->total)
        json_object_set_new(it, "continue_href",
                            json_string(learn_course_path(r, r->lang, e->slug, "/continue")));
    return it;
}

static json_t *waiting_vm(struct req *r, const struct learn_enrolment *e)
{
    json_t *it = course_vm(r, e);

    json_object_set_new(it, "place", json_integer(e->wait_position));
    if (e->status == ENROL_OFFERED)
        json_object_set_new(
            it, "offered",
            json_string(i18n_format(
                r->arena, req_t(r, "me.waiting.offered"), "deadline",
                enrol_offer_deadline(r->arena, r->app->i18n, r->lang, e->offer_expires_at), NULL)));
    if (e->cohort_id)
        json_object_set_new(it, "starts", learn_vm_date(r, e->starts_at));
    return it;
}

static json_t *completed_vm(struct req *r, const struct learn_enrolment *e)
{
    json_t *it = course_vm(r, e);

    if (e->completed_at)
        json_object_set_new(it, "completed_on", learn_vm_date(r, e->completed_at));
    if (e->cert_code && !e->cert_revoked)
        json_object_set_new(it, "certificate_href",
                            json_string(learn_course_path(r, r->lang, e->slug, "/certificate")));
    json_object_set_new(it, "cert_revoked", json_boolean(e->cert_code && e->cert_revoked));
    return it;
}

static json_t *session_vm(struct req *r, const struct learn_enrolment *e)
{
    const struct i18n *t = r->app->i18n;
    json_t *it = course_vm(r, e);
    const char *lang_key = !e->cohort_lang                 ? "me.session.lang_both"
                           : !strcmp(e->cohort_lang, "cy") ? "me.session.lang_cy"
                           : !strcmp(e->cohort_lang, "en") ? "me.session.lang_en"
                                                           : "me.session.lang_both";

    json_object_set_new(it, "date",
                        json_string(datefmt_weekday_date(r->arena, t, r->lang, e->starts_at)));
    json_object_set_new(it, "iso", json_string(datefmt_iso(r->arena, e->starts_at)));
    json_object_set_new(it, "time",
                        json_string(i18n_format(r->arena, req_t(r, "me.session.time_range"),
                                                "start", datefmt_time(r->arena, e->starts_at),
                                                "end", datefmt_time(r->arena, e->ends_at), NULL)));
    json_object_set_new(it, "location", json_string(learn_pick(r, e->location_cy, e->location_en)));
    json_object_set_new(it, "language", json_string(req_t(r, lang_key)));
    json_object_set_new(it, "cancelled", json_boolean(e->cancelled));
    return it;
}

static int by_start(const void *a, const void *b)
{
    const struct learn_enrolment *x = *(const struct learn_enrolment *const *)a;
    const struct learn_enrolment *y = *(const struct learn_enrolment *const *)b;

    return (x->starts_at > y->starts_at) - (x->starts_at < y->starts_at);
}

/* Sessions still to come for cohorts the person holds a seat in, soonest first. */
static json_t *sessions_vm(struct req *r, const struct learn_enrolment *v, size_t n)
{
    const struct learn_enrolment **up = arena_alloc(r->arena, (n ? n : 1) * sizeof(*up));
    time_t now = time(NULL);
    json_t *list = json_array();
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        if (v[i].cohort_id && v[i].starts_at > now && enrol_may_learn(v[i].status))
            up[k++] = &v[i];
    qsort(up, k, sizeof(*up), by_start);
    for (i = 0; i < k; i++)
        json_array_append_new(list, session_vm(r, up[i]));
    return list;
}

static json_t *pathways_vm(struct req *r, const struct learn_pathway *p, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:b}", "title", learn_pick(r, p[i].title_cy, p[i].title_en),
                      "href",
                      arena_printf(r->arena, "/%s/pathways/%s", lang_code(r->lang), p[i].slug),
                      "progress", count_of(r, "me.pathway_done", p[i].done, p[i].total), "complete",
                      p[i].total > 0 && p[i].done == p[i].total));
    return list;
}

/* vm.name = {items} when items has any, so the template shows the heading once. */
static void section(json_t *vm, const char *name, json_t *items)
{
    if (json_array_size(items))
        json_object_set_new(vm, name, json_pack("{s:o}", "items", items));
    else
        json_decref(items);
}

/* page_kept_shared()'s build: the dashboard of r's reader. */
static int build_me(struct req *r, json_t **out, const char **name)
{
    const struct learn_me *me = NULL;
    const struct learn_enrolment *v;
    size_t n, i;
    json_t *vm, *going, *waiting, *done, *cohort_sessions;
    enum db_rc rc = learn_kept_me(r, &me);

    if (rc != DB_OK)
        return page_db_status(rc);
    v = me->enrolments;
    n = me->n_enrolments;
    cohort_sessions = trainer_me_sessions(r, me->sessions, me->n_sessions);
    vm = page_vm(r, "me.page_title");
    /* webinars/: booked and past, and the calendar address */
    webinar_me_vm(r, vm, me->webinars, me->n_webinars, me->feed_made);
    going = json_array();
    waiting = json_array();
    done = json_array();
    for (i = 0; i < n; i++) {
        if (v[i].status == ENROL_ENROLLED)
            json_array_append_new(going, in_progress_vm(r, &v[i]));
        else if (v[i].status == ENROL_WAITLISTED || v[i].status == ENROL_OFFERED)
            json_array_append_new(waiting, waiting_vm(r, &v[i]));
        else if (v[i].status == ENROL_COMPLETED)
            json_array_append_new(done, completed_vm(r, &v[i]));
    }
    json_object_set_new(vm, "nav_me", json_true());
    section(vm, "in_progress", going);
    section(vm, "waiting", waiting);
    section(vm, "completed", done);
    section(vm, "sessions", sessions_vm(r, v, n));
    section(vm, "cohort_sessions", cohort_sessions); /* trainer/: the cohorts' sessions */
    section(vm, "pathways", pathways_vm(r, me->pathways, me->n_pathways));
    json_object_set_new(vm, "empty", json_boolean(n == 0 && me->n_pathways == 0));
    *out = vm;
    *name = "learn/me";
    return 0;
}

/* GET /{lang}/me — 200. Rendered once for the person (in every session
 * they have) while their generation stands: the data's own (learn/kept.c). */
int learn_page_me(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(LEARN_KEPT_PAGES);

    return page_kept_shared(r, &kept, r->user->id, persongen_get(r->user->id), build_me);
}

/*
 * GET /{lang}/courses/{slug}/continue — 303 to the first lesson the reader
 * has not completed; to the course page when every lesson is complete or
 * they are not on the course (it says how to enrol, or their place on the
 * waiting list); 404 for no such course.
 */
int learn_page_continue(struct req *r)
{
    const char *slug = page_slug(r, "slug");
    enum enrol_status status;
    int next;
    enum db_rc rc;

    if (!slug)
        return 404;
    rc = learn_store_next(r->db, r->arena, r->user->id, slug, &status, &next);
    if (rc == DB_NOT_FOUND)
        return 404;
    if (rc != DB_OK)
        return page_db_status(rc);
    if (next && enrol_may_learn(status))
        return resp_see_other(
            r, learn_course_path(r, r->lang, slug, arena_printf(r->arena, "/lessons/%d", next)));
    if (!enrol_may_learn(status)) {
        /* an unpublished course does not exist for anyone not on it */
        struct course c;
        int st = page_status(course_store_by_slug(r->db, r->arena, slug, &c));

        if (st || !c.published)
            return st ? st : 404;
    }
    return resp_see_other(r, learn_course_path(r, r->lang, slug, ""));
}
