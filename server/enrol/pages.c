/*
 * The course page and its forms. GET shows the page to anyone; enrolling,
 * cancelling and answering an offer of a place are GUARD_LOGIN and
 * CSRF-checked by the router, and answer 303 back to the page with ?done=
 * saying what happened (post/redirect/get).
 */
#include <stdint.h>
#include <string.h>

#include "app/page.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/strparse.h"
#include "courses/courses.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

/* 303 to the course page, with ?done=done unless done is NULL. */
static int see_course(struct req *r, const char *slug, const char *done)
{
    return resp_see_other(r, arena_printf(r->arena, "/%s/courses/%s%s%s", lang_code(r->lang), slug,
                                          done ? "?done=" : "", done ? done : ""));
}

/* The course of the address, and a signed-in viewer's own enrolment on it
 * (kept in memory: enrol_kept_mine); 0 or the status to answer with. */
static int load_course(struct course_page *p)
{
    struct req *r = p->r;
    const char *slug = page_slug(r, "slug");
    int st;

    if (!r->user) {
        st = course_from_route(r, &p->c);
    } else if (!slug) {
        st = 404;
    } else {
        st = page_status(enrol_kept_mine(r, slug, &p->kept));
        if (!st)
            p->c = p->kept->c;
    }
    if (st)
        return st;
    /* an admin previews an unpublished course; for everyone else it does not exist */
    if (!p->c.published && !(r->user && (r->user->roles & ROLE_ADMIN)))
        return 404;
    p->href = arena_printf(r->arena, "/%s/courses/%s", lang_code(r->lang), p->c.slug);
    p->with_cohorts = enrol_needs_cohort(&p->c);
    return 0;
}

/* The viewer's own enrolment on the course and its cohort as one line
 * (none for an anonymous viewer), from what load_course() kept. */
static void load_mine(struct course_page *p)
{
    struct req *r = p->r;
    const struct enrol_kept *k = p->kept;

    if (!k)
        return;
    p->mine = k->mine;
    if (k->has_cohort && p->mine.status != ENROL_NONE)
        p->my_cohort = enrol_cohort_text(r->arena, r->app->i18n, r->lang, k->cohort.starts_at,
                                         k->cohort.ends_at, k->cohort.location[r->lang]);
}

/* Load everything but the view model; 0 or the status to answer with. The
 * course and the viewer's row come from the mine hook when it ran. */
static int load(struct course_page *p)
{
    struct req *r = p->r;
    const struct course_page *hook = r->cache.mine_loaded;
    int st = hook ? 0 : load_course(p);
    enum db_rc rc;

    if (st)
        return st;
    if (hook) {
        *p = *hook;
        p->r = r;
    } else {
        load_mine(p);
    }
    rc = enrol_store_lessons(r->db, r->arena, p->c.id, &p->lessons, &p->n_lessons);
    if (rc == DB_OK && p->with_cohorts)
        rc = enrol_store_cohorts(r->db, r->arena, p->c.id, &p->cohorts, &p->n_cohorts);
    return rc == DB_OK ? 0 : page_db_status(rc);
}

int enrol_page_render(struct req *r, const char *field, const char *msg_key, int status)
{
    struct course_page p = { .r = r };
    int st = load(&p);

    return st ? st : enrol_vm_render(&p, field, msg_key, status);
}

/* GET /{lang}/courses/{slug} — 200; 404 unknown or unpublished (but for admins). */
int enrol_page_course(struct req *r)
{
    return enrol_page_render(r, NULL, NULL, 200);
}

/*
 * The course page's mine hook (app/router.h): a signed-in reader gets the
 * kept copy of the page as everyone in their state sees it (the variant:
 * none, enrolled, waitlisted, completed, offered; the lessons are links, the
 * enrol form or the dates), with their own progress, place in the queue or
 * offer in the hole personal/course-mine. The course and the reader's row
 * only, kept in memory for them (enrol_kept_mine): no lessons, no cohorts,
 * and no round trip while their generation stands. Rendered in full: an unpublished course (an
 * admin's preview), a ?done= panel after a POST, anything not found.
 */
int enrol_page_course_mine(struct req *r, const char **variant)
{
    struct course_page *p = arena_alloc(r->arena, sizeof(*p));

    memset(p, 0, sizeof(*p));
    p->r = r;
    if (!r->user)
        return 0; /* a session that ended: the page as anyone sees it */
    if (req_query(r, "done") || load_course(p) || !p->c.published)
        return 1;
    load_mine(p);
    *variant = p->mine.status == ENROL_NONE ? "none" : enrol_status_name(p->mine.status);
    page_mine(r, enrol_vm_mine(p));
    r->cache.mine_loaded = p;
    return 0;
}

/*
 * POST /{lang}/courses/{slug}/enrol — cohort=<id> for classroom and blended
 * courses. 303 to the page with ?done=enrolled or ?done=waitlisted (the last
 * seat had gone), or without ?done= when already enrolled or waiting; 400 with
 * the page and a message when no cohort, or not an upcoming cohort of this
 * course, was chosen (nothing changed); 404 unknown or unpublished course.
 */
int enrol_page_enrol(struct req *r)
{
    struct course c;
    enum enrol_result result;
    const char *v = req_form(r, "cohort");
    uint32_t cohort = 0;
    enum db_rc rc;
    int st = course_from_route(r, &c);

    if (st)
        return st;
    if (!c.published)
        return 404;
    if (enrol_needs_cohort(&c)) {
        if (!v || !*v)
            return enrol_page_render(r, "cohort", "enrol.errors.cohort_missing", 400);
        if (parse_u32(v, strlen(v), UINT32_MAX, &cohort) || !cohort)
            return enrol_page_render(r, "cohort", "enrol.errors.cohort_invalid", 400);
    }
    rc = enrol_store_enrol(r->db, r->user->id, c.id, cohort, &result);
    if (rc != DB_OK)
        return page_db_status(rc);
    switch (result) {
    case ENROL_DONE_ENROLLED:
        return see_course(r, c.slug, "enrolled");
    case ENROL_DONE_WAITLISTED:
        return see_course(r, c.slug, "waitlisted");
    case ENROL_DONE_BAD_COHORT:
        return enrol_page_render(r, "cohort", "enrol.errors.cohort_invalid", 400);
    case ENROL_DONE_FULL:
        return enrol_page_render(r, "cohort", "enrol.errors.cohort_full", 409);
    case ENROL_DONE_ALREADY:
        break;
    }
    return see_course(r, c.slug, NULL);
}

/*
 * POST /{lang}/courses/{slug}/cancel — end the viewer's enrolment or leave the
 * waiting list; a freed seat goes to the first person waiting, who is told by
 * e-mail in their language. 303 to the page with ?done=cancelled or ?done=left
 * (without ?done= when there was nothing to cancel); 400 with the page and a
 * message for a completed course (nothing changed); 404 unknown course.
 */
int enrol_page_cancel(struct req *r)
{
    struct course c;
    struct enrol_mailer m = { r->app, r->arena };
    enum cancel_result result;
    enum db_rc rc;
    int st = course_from_route(r, &c);

    if (st)
        return st;
    rc = enrol_store_cancel(r->db, r->user->id, c.id, enrol_notify, &m, &result);
    if (rc != DB_OK)
        return page_db_status(rc);
    switch (result) {
    case CANCEL_DONE_CANCELLED:
        return see_course(r, c.slug, "cancelled");
    case CANCEL_DONE_LEFT:
        return see_course(r, c.slug, "left");
    case CANCEL_DONE_COMPLETED:
        return enrol_page_render(r, "enrol", "enrol.errors.completed", 400);
    case CANCEL_DONE_NOTHING:
        break;
    }
    return see_course(r, c.slug, NULL);
}

/*
 * POST /{lang}/courses/{slug}/accept and /decline — answer the offer of a
 * freed place: accepting makes it theirs (?done=accepted); declining passes it
 * to the next person waiting, who is told by e-mail (?done=declined). Without
 * an open offer (it ran out, or was never made) nothing changes: 303 with
 * ?done=gone. 404 unknown course.
 */
static int answer_offer(struct req *r, int accept)
{
    struct course c;
    struct enrol_mailer m = { r->app, r->arena };
    enum offer_result result;
    enum db_rc rc;
    int st = course_from_route(r, &c);

    if (st)
        return st;
    rc = accept ? enrol_store_accept(r->db, r->user->id, c.id, &result)
                : enrol_store_decline(r->db, r->user->id, c.id, enrol_notify, &m, &result);
    if (rc != DB_OK)
        return page_db_status(rc);
    switch (result) {
    case OFFER_DONE_ACCEPTED:
        return see_course(r, c.slug, "accepted");
    case OFFER_DONE_DECLINED:
        return see_course(r, c.slug, "declined");
    case OFFER_DONE_GONE:
        break;
    }
    return see_course(r, c.slug, "gone");
}

int enrol_page_accept(struct req *r)
{
    return answer_offer(r, 1);
}

int enrol_page_decline(struct req *r)
{
    return answer_offer(r, 0);
}
