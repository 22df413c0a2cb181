/*
 * The course page's view model: the course in the reader's language, its
 * lessons, its upcoming cohorts and what the viewer can do (sign in, enrol,
 * choose a cohort, continue, cancel, leave the waiting list, see the
 * certificate). Content missing in the reader's language is said to be so,
 * never shown silently in the other (DESIGN.md "Bilingual rules").
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_nav.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/sbuf.h"
#include "core/strparse.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/escape.h"
#include "view/i18n.h"

/* The text at key prefix + code: "courses.level." "working". */
static const char *tf(struct req *r, const char *prefix, const char *code)
{
    return req_t(r, arena_printf(r->arena, "%s%s", prefix, code));
}

const char *enrol_cohort_text(struct arena *a, const struct i18n *t, enum lang l, time_t starts,
                              time_t ends, const char *location)
{
    const char *start_day = datefmt_weekday_date_in_text(a, t, l, starts);
    const char *end_day = datefmt_weekday_date_in_text(a, t, l, ends);
    int one_day = !strcmp(start_day, end_day);

    return i18n_format(a,
                       i18n_text(t, l, one_day ? "course.cohort_text" : "course.cohort_text_days"),
                       "date", start_day, "start", datefmt_time(a, starts), "end_date", end_day,
                       "end", datefmt_time(a, ends), "location", location, NULL);
}

/* The outcomes, one a line, without empty lines. */
static json_t *outcome_list(const char *text)
{
    json_t *list = json_array();

    while (text && *text) {
        size_t len = strcspn(text, "\n");
        size_t end = len;

        while (end && (text[end - 1] == '\r' || text[end - 1] == ' '))
            end--;
        if (end)
            json_array_append_new(list, json_stringn(text, end));
        text += len + (text[len] == '\n');
    }
    return list;
}

static const char *languages(struct course_page *p)
{
    const int *in = p->c.in_lang;

    return req_t(p->r, in[LANG_CY] && in[LANG_EN] ? "course.languages_both"
                       : in[LANG_CY]              ? "course.languages_cy"
                                                  : "course.languages_en");
}

static json_t *course_vm(struct course_page *p)
{
    struct req *r = p->r;
    const struct course *c = &p->c;
    json_t *vm = json_pack(
        "{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title", c->title[r->lang], "summary",
        c->summary[r->lang], "outcomes", outcome_list(c->outcomes[r->lang]), "audience",
        c->audience[r->lang], "format", tf(r, "courses.format.", c->format), "level",
        tf(r, "courses.level.", c->level), "family", tf(r, "courses.family.", c->role_family),
        "role", tf(r, "courses.role.", c->role), "duration",
        datefmt_duration(r->arena, r->app->i18n, r->lang, c->duration_minutes), "languages",
        languages(p));

    json_object_set_new(vm, "not_in_reader_lang",
                        c->in_lang[r->lang] ? json_null()
                                            : json_string(req_t(r, "course.not_in_lang")));
    return vm;
}

static json_t *lessons_vm(struct course_page *p, const struct enrol_lesson *l, size_t n)
{
    struct req *r = p->r;
    enum lang other = lang_other(r->lang);
    int linked = p->mine.status == ENROL_ENROLLED || p->mine.status == ENROL_COMPLETED;
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        json_t *it = json_pack("{s:i, s:n, s:n, s:n, s:n}", "n", l[i].position, "title",
                               "other_title", "other_lang", "href");

        if (l[i].title[r->lang]) {
            json_object_set_new(it, "title", json_string(l[i].title[r->lang]));
        } else if (l[i].title[other]) {
            json_object_set_new(it, "other_title", json_string(l[i].title[other]));
            json_object_set_new(it, "other_lang", json_string(lang_code(other)));
        } else {
            json_object_set_new(it, "title",
                                json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                         "course.lesson_n", l[i].position)));
        }
        if (linked)
            json_object_set_new(
                it, "href",
                json_string(arena_printf(r->arena, "%s/lessons/%d", p->href, l[i].position)));
        json_array_append_new(list, it);
    }
    return list;
}

static json_t *cohorts_vm(struct course_page *p)
{
    struct req *r = p->r;
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < p->n_cohorts; i++) {
        const struct enrol_cohort *c = &p->cohorts[i];
        int full = c->taken >= c->capacity;

        json_array_append_new(
            list,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "id", (json_int_t)c->id,
                      "date", datefmt_weekday_date(r->arena, r->app->i18n, r->lang, c->starts_at),
                      "iso", datefmt_iso(r->arena, c->starts_at), "time",
                      i18n_format(r->arena, req_t(r, "course.time_range"), "start",
                                  datefmt_time(r->arena, c->starts_at), "end",
                                  datefmt_time(r->arena, c->ends_at), NULL),
                      "location", c->location[r->lang], "session_lang",
                      tf(r, "course.session_lang.", c->lang), "seats",
                      full ? req_t(r, "course.full")
                           : i18n_pluralf(r->arena, r->app->i18n, r->lang, "course.seats_left",
                                          c->capacity - c->taken),
                      "full", full, "whole",
                      enrol_cohort_text(r->arena, r->app->i18n, r->lang, c->starts_at, c->ends_at,
                                        c->location[r->lang])));
    }
    return list;
}

/* The enrol form's cohort radios, checked is the one chosen before (0: none);
 * each label is course/cohort-label, its text the whole cohort in a line. */
static void cohort_field(struct course_page *p, struct page_form *form, long long checked)
{
    struct req *r = p->r;
    json_t *cohorts = cohorts_vm(p), *options = json_array(), *c, *field;
    size_t i;

    json_array_foreach(cohorts, i, c)
    {
        long long id = (long long)json_integer_value(json_object_get(c, "id"));
        json_t *o = page_option(arena_printf(r->arena, "%lld", id),
                                json_string_value(json_object_get(c, "whole")), id == checked);
        const char *html = page_fragment(r, "course/cohort-label", c);

        if (html)
            json_object_set_new(o, "label_html", json_string(html));
        json_array_append_new(options, o);
    }
    json_decref(cohorts);
    field = page_field_choices(form, "cohort", "radio", "enrol.choose_legend", options);
    page_field_hint(form, field, "enrol.choose_hint");
    page_field_set(field, "required", "required");
}

static json_t *enrolled_vm(struct course_page *p, const char *cohort)
{
    struct req *r = p->r;
    int total = p->c.lesson_count, done = p->mine.lessons_done;
    int percent = total ? (done >= total ? 100 : done * 100 / total) : 0;
    json_t *vm = json_pack(
        "{s:i, s:s, s:s, s:s, s:n, s:n}", "percent", percent, "progress",
        i18n_format(r->arena,
                    i18n_pluralf(r->arena, r->app->i18n, r->lang, "enrol.progress", total), "done",
                    arena_printf(r->arena, "%d", done), "percent",
                    arena_printf(r->arena, "%d", percent), NULL),
        "cancel_action", arena_printf(r->arena, "%s/cancel", p->href), "cancel_confirm",
        req_t(r, cohort ? "enrol.cancel_confirm_seat" : "enrol.cancel_confirm"), "continue",
        "cohort");

    if (total)
        json_object_set_new(vm, "continue",
                            json_pack("{s:s, s:s}", "href",
                                      arena_printf(r->arena, "%s/lessons/%d", p->href,
                                                   p->mine.next_lesson ? p->mine.next_lesson : 1),
                                      "label", req_t(r, done ? "enrol.continue" : "enrol.start")));
    if (cohort)
        json_object_set_new(vm, "cohort", json_string(cohort));
    return vm;
}

static const char *login_href(struct req *r, const char *next)
{
    struct sbuf b;

    sbuf_init(&b, r->arena, 512);
    sbuf_addf(&b, "/%s/login?next=", lang_code(r->lang));
    escape_url_component(&b, next, strlen(next));
    return b.buf;
}

/* A place kept for the viewer until a deadline: accept or decline. */
static json_t *offered_vm(struct course_page *p, const char *cohort)
{
    struct req *r = p->r;
    const char *deadline =
        enrol_offer_deadline(r->arena, r->app->i18n, r->lang, p->mine.offer_expires_at);

    return json_pack("{s:{s:s, s:s, s:s, s:s}}", "offered", "heading_id", "enrol-heading", "body",
                     i18n_format(r->arena, req_t(r, "enrol.offered_body"), "cohort",
                                 cohort ? cohort : "", "deadline", deadline, NULL),
                     "accept_action", arena_printf(r->arena, "%s/accept", p->href),
                     "decline_action", arena_printf(r->arena, "%s/decline", p->href));
}

json_t *enrol_vm_mine(struct course_page *p)
{
    struct req *r = p->r;
    const char *cohort = p->my_cohort;

    switch (p->mine.status) {
    case ENROL_ENROLLED:
        return json_pack("{s:o}", "enrolled", enrolled_vm(p, cohort));
    case ENROL_WAITLISTED:
        return json_pack("{s:{s:s, s:s}}", "waitlisted", "position",
                         i18n_format(r->arena, req_t(r, "enrol.waitlist_position"), "n",
                                     arena_printf(r->arena, "%d", p->mine.queue_position), "cohort",
                                     cohort ? cohort : "", NULL),
                         "leave_action", arena_printf(r->arena, "%s/cancel", p->href));
    case ENROL_OFFERED:
        return offered_vm(p, cohort);
    case ENROL_NONE:
    case ENROL_COMPLETED:
    case ENROL_CANCELLED:
        break;
    }
    return json_object();
}

/* The action panel: at most one of its keys is set (none when the viewer's
 * own panel is in "mine": enrolled, waitlisted, offered). The enrol form's
 * cohort choice goes into form. */
static json_t *action_vm(struct course_page *p, struct page_form *form, long long checked)
{
    struct req *r = p->r;

    if (!r->user)
        return json_pack("{s:{s:s, s:s}}", "sign_in", "href", login_href(r, p->href),
                         "register_href",
                         arena_printf(r->arena, "/%s/register", lang_code(r->lang)));
    switch (p->mine.status) {
    case ENROL_ENROLLED:
    case ENROL_WAITLISTED:
    case ENROL_OFFERED:
        return json_object();
    case ENROL_COMPLETED:
        return json_pack("{s:{s:s}}", "completed", "certificate_href",
                         arena_printf(r->arena, "%s/certificate", p->href));
    case ENROL_NONE:
    case ENROL_CANCELLED:
        break;
    }
    if (!p->c.published)
        return json_pack("{s:b}", "closed", 1);
    if (p->with_cohorts && !p->n_cohorts)
        return json_pack("{s:b}", "no_dates", 1);
    if (p->with_cohorts)
        cohort_field(p, form, checked);
    return json_pack("{s:{s:s}}", "enrol_form", "action",
                     arena_printf(r->arena, "%s/enrol", p->href));
}

/* The panel for ?done= after a POST, when it still matches the viewer's state. */
static json_t *done_vm(struct course_page *p)
{
    static const struct {
        const char *name;
        enum enrol_status status;
    } kinds[] = {
        { "enrolled", ENROL_ENROLLED }, { "waitlisted", ENROL_WAITLISTED },
        { "cancelled", ENROL_NONE },    { "left", ENROL_NONE },
        { "accepted", ENROL_ENROLLED }, { "declined", ENROL_NONE },
        { "gone", ENROL_NONE },
    };
    struct req *r = p->r;
    const char *done = req_query(r, "done");
    size_t i;

    for (i = 0; done && r->user && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(done, kinds[i].name) && p->mine.status == kinds[i].status)
            return json_pack(
                "{s:s, s:s}", "title",
                req_t(r, arena_printf(r->arena, "enrol.done.%s.title", kinds[i].name)), "body",
                i18n_format(r->arena,
                            req_t(r, arena_printf(r->arena, "enrol.done.%s.body", kinds[i].name)),
                            "n", arena_printf(r->arena, "%d", p->mine.queue_position), "cohort",
                            p->my_cohort ? p->my_cohort : "", NULL));
    return json_null();
}

int enrol_vm_render(struct course_page *p, const char *field, const char *msg_key, int status)
{
    static const struct page_crumb courses = { "/courses", "nav.courses", NULL };
    struct req *r = p->r;
    const char *posted = req_form(r, "cohort");
    uint32_t checked = 0;
    struct page_errors e = { .n = 0 };
    struct page_form form;
    json_t *vm, *action;

    if (posted)
        parse_u32(posted, strlen(posted), UINT32_MAX, &checked);
    if (field)
        page_errors_add(&e, field, msg_key);
    page_form_init(&form, r, &e);
    action = action_vm(p, &form, checked);
    vm = json_object();
    json_object_set_new(vm, "page_title", json_string(p->c.title[r->lang]));
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, &courses, 1));
    page_form_vm(&form, vm);
    json_object_set_new(vm, "unpublished", json_boolean(!p->c.published));
    json_object_set_new(vm, "done", field ? json_null() : done_vm(p));
    json_object_set_new(vm, "course", course_vm(p));
    json_object_set_new(vm, "lessons", lessons_vm(p, p->lessons, p->n_lessons));
    json_object_set_new(vm, "has_lessons", json_boolean(p->n_lessons > 0));
    /* the dates are listed once: as the form's choices, or else as a table */
    json_object_set_new(vm, "dates_section",
                        json_boolean(p->with_cohorts && !json_object_get(action, "enrol_form")));
    json_object_set_new(vm, "cohorts", cohorts_vm(p));
    json_object_set_new(vm, "has_cohorts", json_boolean(p->n_cohorts > 0));
    json_object_set_new(vm, "action", action);
    json_object_set_new(vm, "mine", r->user ? enrol_vm_mine(p) : json_null());
    r->status = status;
    return page_render(r, "course/show", vm);
}

int enrol_needs_cohort(const struct course *c)
{
    return !strcmp(c->format, "classroom") || !strcmp(c->format, "blended");
}
