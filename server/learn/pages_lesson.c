/*
 * Lesson pages: /{lang}/courses/{slug}/lessons/{n} to read a lesson and
 * .../lessons/{n}/complete to mark it done. Both routes are GUARD_LOGIN,
 * so r->user is set; what a person may read is decided by their enrolment.
 */
#include <stdint.h>
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/session.h"
#include "core/strparse.h"
#include "courses/courses.h"
#include "enrol/enrol.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "learn/learn.h"
#include "view/datefmt.h"
#include "view/i18n.h"

#define LESSON_MAX 65535 /* positions are SMALLINT UNSIGNED */

/* The course named by {slug} and the reader's enrolment status in it: 0, or
 * the status to answer. */
static int load_course(struct req *r, struct course *c, enum enrol_status *status)
{
    int st = course_from_route(r, c);

    if (st)
        return st;
    st = page_status(enrol_store_status(r->db, r->user->id, c->id, status));
    /* an unpublished course does not exist for anyone not on it, not even its title */
    if (!st && !c->published && !enrol_may_learn(*status))
        return 404;
    return st;
}

/* {n} as a lesson position, or 0 when it is not one. */
static int lesson_number(const struct req *r)
{
    const char *s = req_param(r, "n");
    uint32_t n;

    if (!s || parse_u32(s, strlen(s), LESSON_MAX, &n) || n == 0)
        return 0;
    return (int)n;
}

/* 403: the lessons are for people on the course; say how to get on it. */
static int not_enrolled(struct req *r, const struct course *c, enum enrol_status status)
{
    const char *title = c->title[r->lang];
    json_t *vm = page_vm(r, "learn.not_enrolled.page_title");

    json_object_set_new(vm, "course",
                        json_pack("{s:s, s:s}", "title", title, "href",
                                  learn_course_path(r, r->lang, c->slug, "")));
    json_object_set_new(vm, "waitlisted",
                        json_boolean(status == ENROL_WAITLISTED || status == ENROL_OFFERED));
    json_object_set_new(vm, "breadcrumbs", learn_vm_crumbs(r, c->slug, title));
    r->status = 403;
    return page_render(r, "learn/not_enrolled", vm);
}

/* {text, lang, note}: the title in the reader's language, else the other's marked
 * with its lang and a note (never shown as if it were the reader's language). */
static json_t *title_vm(const struct req *r, const char *cy, const char *en)
{
    const char *mine = learn_pick(r, cy, en), *other = r->lang == LANG_EN ? cy : en;

    if (mine && *mine)
        return json_pack("{s:s}", "text", mine);
    return json_pack(
        "{s:s, s:s, s:s}", "text", other ? other : "", "lang", lang_code(lang_other(r->lang)),
        "note", req_t(r, r->lang == LANG_EN ? "learn.lesson.only_cy" : "learn.lesson.only_en"));
}

static const char *lesson_path(struct req *r, const struct course *c, enum lang l, int n)
{
    return learn_course_path(r, l, c->slug, arena_printf(r->arena, "/lessons/%d", n));
}

/* The lesson list: ticks (with text) for completed ones, aria-current on n. */
static json_t *items_vm(struct req *r, const struct course *c, const struct learn_item *v,
                        size_t count, int n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < count; i++) {
        json_t *it = json_pack("{s:i, s:o, s:s, s:b, s:b}", "position", v[i].position, "title",
                               title_vm(r, v[i].title_cy, v[i].title_en), "href",
                               lesson_path(r, c, r->lang, v[i].position), "current",
                               v[i].position == n, "done", v[i].done_at != 0);

        json_array_append_new(list, it);
    }
    return list;
}

static json_t *neighbour_vm(struct req *r, const struct course *c, const struct learn_item *it)
{
    return json_pack("{s:s, s:o}", "href", lesson_path(r, c, r->lang, it->position), "title",
                     title_vm(r, it->title_cy, it->title_en));
}

/* The notice for a lesson not written in the reader's language, linking the other's. */
static json_t *missing_vm(struct req *r, const struct course *c, int n, int other_has)
{
    enum lang other = lang_other(r->lang);

    if (!other_has)
        return json_pack("{s:s}", "message", req_t(r, "learn.lesson.missing_both"));
    return json_pack(
        "{s:s, s:s, s:s, s:s}", "message",
        req_t(r, r->lang == LANG_EN ? "learn.lesson.missing_en" : "learn.lesson.missing_cy"),
        "link", req_t(r, r->lang == LANG_EN ? "learn.lesson.read_cy" : "learn.lesson.read_en"),
        "href", lesson_path(r, c, other, n), "lang", lang_code(other));
}

/* The index of the lesson at position n in v, or count when there is none. */
static size_t find_item(const struct learn_item *v, size_t count, long n)
{
    size_t i;

    for (i = 0; i < count && v[i].position != n; i++)
        ;
    return i;
}

/* ?completed=k after marking lesson k: the confirmation, when it is true. */
static void completed_notice(struct req *r, json_t *vm, const struct learn_item *v, size_t count)
{
    const char *s = req_query(r, "completed");
    uint32_t k;
    size_t i;

    if (!s || parse_u32(s, strlen(s), LESSON_MAX, &k))
        return;
    i = find_item(v, count, (long)k);
    if (i < count && v[i].done_at)
        json_object_set_new(vm, "just_completed",
                            json_pack("{s:o}", "title", title_vm(r, v[i].title_cy, v[i].title_en)));
}

/* Title, position and text of lesson n, in the reader's language or saying it is missing. */
static void text_vm(struct req *r, json_t *vm, const struct course *c, size_t count, int n,
                    const struct learn_lesson *l)
{
    const char *course_title = c->title[r->lang];
    const char *mine = learn_pick(r, l->title_cy, l->title_en);
    const char *html = learn_pick(r, l->html_cy, l->html_en);
    const char *other_html = r->lang == LANG_EN ? l->html_cy : l->html_en;
    const char *position = i18n_format(
        r->arena, i18n_plural(r->app->i18n, r->lang, "learn.lesson.position", (long)count), "n",
        arena_printf(r->arena, "%zu", count), "position", arena_printf(r->arena, "%d", n), NULL);
    const char *course_href = learn_course_path(r, r->lang, c->slug, "");

    /* the <title> cannot mark a language, so a borrowed title stays out of it */
    json_object_set_new(vm, "page_title",
                        json_string(arena_printf(r->arena, "%s – %s",
                                                 mine && *mine ? mine : position, course_title)));
    json_object_set_new(vm, "course",
                        json_pack("{s:s, s:s}", "title", course_title, "href", course_href));
    json_object_set_new(vm, "breadcrumbs", learn_vm_crumbs(r, c->slug, course_title));
    json_object_set_new(vm, "position", json_string(position));
    json_object_set_new(vm, "title", title_vm(r, l->title_cy, l->title_en));
    if (html && *html)
        json_object_set_new(vm, "body_html", json_string(html));
    else
        json_object_set_new(vm, "missing", missing_vm(r, c, n, other_html && *other_html));
}

/* Where the reader is: the list, neighbours, done or the form, progress. */
static void state_vm(struct req *r, json_t *vm, const struct course *c, enum enrol_status status,
                     const struct learn_item *v, size_t count, size_t at)
{
    const struct learn_item *it = &v[at];
    size_t i, done = 0;

    for (i = 0; i < count; i++)
        done += v[i].done_at != 0;
    json_object_set_new(vm, "lessons", items_vm(r, c, v, count, it->position));
    if (at > 0)
        json_object_set_new(vm, "prev", neighbour_vm(r, c, &v[at - 1]));
    if (at + 1 < count)
        json_object_set_new(vm, "next", neighbour_vm(r, c, &v[at + 1]));
    if (it->done_at)
        json_object_set_new(
            vm, "done_on",
            json_pack("{s:s, s:s}", "text",
                      i18n_format(r->arena, req_t(r, "learn.lesson.done_on"), "date",
                                  learn_date(r, r->lang, it->done_at), NULL),
                      "iso", datefmt_iso(r->arena, it->done_at)));
    else
        json_object_set_new(vm, "complete_action",
                            json_string(arena_printf(r->arena, "%s/complete",
                                                     lesson_path(r, c, r->lang, it->position))));
    json_object_set_new(vm, "progress", learn_vm_progress(r, (int)done, (int)count));
    if (status == ENROL_COMPLETED)
        json_object_set_new(vm, "certificate_href",
                            json_string(learn_course_path(r, r->lang, c->slug, "/certificate")));
    completed_notice(r, vm, v, count);
}

/* r's lesson page: 0 with it in *pg and its place in the list in *at, or
 * an HTTP status (404; 403 with *pg for a reader not on the course). */
static int lesson_page(struct req *r, const struct learn_lesson_page **pg, size_t *at)
{
    const char *slug = page_slug(r, "slug");
    int n = lesson_number(r);
    enum db_rc rc;

    if (!slug)
        return 404;
    /* one round trip: the course, the enrolment, the list and the lesson;
     * none while the reader's generation stands (learn_kept_lesson_page) */
    rc = learn_kept_lesson_page(r, slug, n, pg);
    if (rc != DB_OK)
        return page_status(rc);
    /* an unpublished course does not exist for anyone not on it, not even its title */
    if (!(*pg)->course.published && !enrol_may_learn((*pg)->status))
        return 404;
    if (!enrol_may_learn((*pg)->status))
        return 403;
    *at = find_item((*pg)->items, (*pg)->n_items, n);
    if (n < 1 || *at == (*pg)->n_items || !(*pg)->lesson.id)
        return 404;
    return 0;
}

/* page_kept_shared()'s build: the lesson as its reader sees it. */
static int build_lesson(struct req *r, json_t **out, const char **name)
{
    const struct learn_lesson_page *pg = NULL;
    size_t at = 0;
    int st = lesson_page(r, &pg, &at);
    json_t *vm;

    if (st)
        return st == 403 ? 404 : st; /* not on it since the handler looked: nothing kept */
    vm = json_object();
    text_vm(r, vm, &pg->course, pg->n_items, lesson_number(r), &pg->lesson);
    state_vm(r, vm, &pg->course, pg->status, pg->items, pg->n_items, at);
    *out = vm;
    *name = "learn/lesson";
    return 0;
}

/* GET /{lang}/courses/{slug}/lessons/{n} — 200, 403 (not on the course),
 * 404. Rendered once for the person while their generation stands, as the
 * lesson's data is (learn/kept.c). */
int learn_page_lesson(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(LEARN_KEPT_PAGES);
    const struct learn_lesson_page *pg = NULL;
    size_t at = 0;
    int st = lesson_page(r, &pg, &at);

    if (st == 403)
        return not_enrolled(r, &pg->course, pg->status);
    if (st)
        return st;
    return page_kept_shared(r, &kept, r->user->id, persongen_get(r->user->id), build_lesson);
}

/* POST .../lessons/{n}/complete — 303 to the next lesson, or to the
 * certificate once the course is complete; 403 off the course; 404. */
int learn_page_complete(struct req *r)
{
    struct course c;
    struct learn_done d;
    enum enrol_status mine = ENROL_NONE;
    int n = lesson_number(r), status = load_course(r, &c, &mine), to;
    enum db_rc rc;

    if (status)
        return status;
    if (!enrol_may_learn(mine))
        return not_enrolled(r, &c, mine);
    if (!n)
        return 404;
    rc = learn_store_complete(r->db, r->arena, r->user->id, c.id, n, &d);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (d.outcome == LEARN_NOT_ENROLLED)
        return not_enrolled(r, &c, mine);
    if (d.outcome == LEARN_NO_LESSON)
        return 404;
    if (d.course_complete)
        return resp_see_other(r,
                              learn_course_path(r, r->lang, c.slug,
                                                d.issued ? "/certificate?new=1" : "/certificate"));
    to = n < d.total ? n + 1 : d.first_open ? d.first_open : n;
    return resp_see_other(
        r, arena_printf(r->arena, "%s?completed=%d", lesson_path(r, &c, r->lang, to), n));
}
