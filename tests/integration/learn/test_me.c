/*
 * The learner's dashboard over HTTP, in both languages: the empty state,
 * then one person with a course in progress, a booked session, a place on a
 * waiting list, a completed course with its certificate, a cancelled
 * enrolment (not shown) and a pathway started; another person's courses
 * never appear. The header links to it for people who are signed in.
 * "Continue" goes through /continue to the first lesson not done, and the
 * progress figures follow the complete form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return harness_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void me__empty_state_and_header_link(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fx_learner("Newydd", NULL, &s);
    r = http_get_as(&srv, "/cy/me", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "<title>%s – ", loc_text("cy", "me.page_title"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.empty.title")));
    CU_ASSERT(http_body_has(&r, "href=\"/cy/courses\""));
    snprintf(want, sizeof(want), "href=\"/cy/me\" aria-current=\"page\">%s</a>",
             loc_text("cy", "me.nav_link"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(!http_body_has(&r, loc_text("cy", "me.in_progress.heading")));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me", &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("en", "me.empty.title")));
    http_resp_free(&r);
    /* elsewhere the link is there but not current; not at all for strangers */
    r = http_get_as(&srv, "/en/account", &s);
    snprintf(want, sizeof(want), "href=\"/en/me\">%s</a>", loc_text("en", "me.nav_link"));
    CU_ASSERT(r.status == 200 && http_body_has(&r, want));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/", NULL);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, "href=\"/en/me\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me", NULL);
    CU_ASSERT(r.status == 303 && http_location_starts(&r, "/en/login?next="));
    http_resp_free(&r);
}

/* A published pathway "Llwybr <what>" / "Pathway <what>" of the given courses. */
static void pathway(const char *what, const long long *courses, int n)
{
    char slug[96], cy[128], en[128];
    long long id;
    int i;

    snprintf(cy, sizeof(cy), "Llwybr %s", what);
    snprintf(en, sizeof(en), "Pathway %s", what);
    id = fx_pathway(what, cy, en, 1, slug);
    CU_ASSERT_FATAL(id > 0);
    for (i = 0; i < n; i++)
        CU_ASSERT_FATAL(fx_pathway_step(id, i + 1, courses[i]) == 0);
}

static struct fx_session me;
static char slug_going[96], slug_session[96], slug_wait[96], slug_done[96], slug_gone[96],
    slug_other[96];

/* The person whose dashboard the next tests read, with one of everything. */
static void me_with_everything(void)
{
    struct fx_session a, b, o;
    char path[256];
    long long going = fx_course_elearning("dash-going", 4, slug_going);
    long long session = fx_course_elearning("dash-session", 2, slug_session);
    long long wait = fx_course_elearning("dash-wait", 2, slug_wait);
    long long done = fx_course_elearning("dash-done", 1, slug_done);
    long long gone = fx_course_elearning("dash-gone", 1, slug_gone);
    long long other = fx_course_elearning("dash-other", 1, slug_other);
    long long cohort = fx_cohort(session, 10, 12, "cy"), full = fx_cohort(wait, 5, 1, "both");
    long long spare = fx_course_elearning("dash-spare", 1, path);
    long long in_pathway[] = { going, done, spare }, untouched[] = { other, spare };
    struct http_resp r;

    fx_learner("Dangosfwrdd", NULL, &me);
    fx_learner("Aros A", NULL, &a);
    fx_learner("Aros B", NULL, &b);
    fx_learner("Rhywun arall", NULL, &o);
    fx_enrol(me.user_id, going, 0, FX_ENROLLED, 0);
    fx_lesson_done(me.user_id, going, 1);
    fx_lesson_done(me.user_id, going, 2);
    fx_enrol(me.user_id, session, cohort, FX_ENROLLED, 0);
    fx_enrol(a.user_id, wait, full, FX_WAITLISTED, 0);
    fx_enrol(b.user_id, wait, full, FX_WAITLISTED, 0);
    fx_enrol(me.user_id, wait, full, FX_WAITLISTED, 0);
    fx_enrol(me.user_id, done, 0, FX_ENROLLED, 0);
    r = http_course_post(&srv, "en", slug_done, "/lessons/1/complete", &me, "");
    CU_ASSERT_FATAL(r.status == 303);
    http_resp_free(&r);
    fx_enrol(me.user_id, gone, 0, FX_CANCELLED, 0);
    fx_enrol(o.user_id, other, 0, FX_ENROLLED, 0);
    pathway("dash-path", in_pathway, 3);
    pathway("dash-untouched", untouched, 2);
}

static void me__shows_everything_in_english(void)
{
    char want[320];
    struct http_resp r;

    me_with_everything();
    r = http_get_as(&srv, "/en/me", &me);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, loc_text("en", "me.empty.title")));
    /* in progress: percent, count and where to carry on */
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.in_progress.heading")));
    CU_ASSERT(http_body_has(&r, "Course dash-going"));
    CU_ASSERT(http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "50", NULL)));
    CU_ASSERT(http_body_has(&r, loc_plural("en", "me.lessons_done", 4, "done", "2", NULL)));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/continue\">%s", slug_going,
             loc_text("en", "me.in_progress.continue"));
    CU_ASSERT(http_body_has(&r, want));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/continue\">%s", slug_session,
             loc_text("en", "me.in_progress.start"));
    CU_ASSERT(http_body_has(&r, want));
    /* the booked session, in Cardiff, in Welsh */
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.sessions.heading")));
    snprintf(want, sizeof(want), "<td>Cardiff</td><td>%s</td>",
             loc_text("en", "me.session.lang_cy"));
    CU_ASSERT(http_body_has(&r, want));
    /* third in the queue */
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.waiting.heading")));
    CU_ASSERT(http_body_has(&r, "Course dash-wait"));
    snprintf(want, sizeof(want), "%s</dt><dd class=\"summary-list__value\">3</dd>",
             loc_text("en", "me.waiting.place"));
    CU_ASSERT(http_body_has(&r, want));
    /* completed, with the certificate */
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.completed.heading")));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/certificate\">%s", slug_done,
             loc_text("en", "me.completed.certificate"));
    CU_ASSERT(http_body_has(&r, want));
    /* the pathway started, and not the one untouched */
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.pathways.heading")));
    snprintf(want, sizeof(want), "href=\"/en/pathways/dash-path-%s\"", fx_tag);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_plural("en", "me.pathway_done", 3, "done", "1", NULL)));
    CU_ASSERT(!http_body_has(&r, "Pathway dash-untouched"));
    /* nothing cancelled, nothing of anybody else's */
    CU_ASSERT(!http_body_has(&r, "Course dash-gone"));
    CU_ASSERT(!http_body_has(&r, "Course dash-other"));
    http_resp_free(&r);
}

static void me__shows_everything_in_welsh(void)
{
    char want[320];
    struct http_resp r = http_get_as(&srv, "/cy/me", &me);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.in_progress.heading")));
    CU_ASSERT(http_body_has(&r, "Cwrs dash-going"));
    CU_ASSERT(http_body_has(&r, loc_textf("cy", "learn.progress.percent", "percent", "50", NULL)));
    CU_ASSERT(http_body_has(&r, loc_plural("cy", "me.lessons_done", 4, "done", "2", NULL)));
    snprintf(want, sizeof(want), "href=\"/cy/courses/%s/continue\">%s", slug_going,
             loc_text("cy", "me.in_progress.continue"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.sessions.heading")));
    snprintf(want, sizeof(want), "<td>Caerdydd</td><td>%s</td>",
             loc_text("cy", "me.session.lang_cy"));
    CU_ASSERT(http_body_has(&r, want));
    /* a date in Welsh: the format is the behaviour here, so the word is literal */
    CU_ASSERT(http_body_has(&r, "Dydd "));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.waiting.heading")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.waiting.place")));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.completed.heading")));
    snprintf(want, sizeof(want), "href=\"/cy/courses/%s/certificate\">%s", slug_done,
             loc_text("cy", "me.completed.certificate"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "me.pathways.heading")));
    CU_ASSERT(http_body_has(&r, loc_plural("cy", "me.pathway_done", 3, "done", "1", NULL)));
    CU_ASSERT(!http_body_has(&r, "Cwrs dash-gone"));
    http_resp_free(&r);
}

/* GET .../continue as s: 1 when it answers 303 to exactly "/{lang}/courses/{slug}{rest}". */
static int continues_to(const struct fx_session *s, const char *lang, const char *slug,
                        const char *rest)
{
    char path[256], want[256];
    struct http_resp r = http_get_as(&srv, http_course_path(path, lang, slug, "/continue"), s);
    char *loc = http_header(&r, "Location");
    int ok = r.status == 303 && loc && !strcmp(loc, http_course_path(want, lang, slug, rest));

    if (!ok)
        fprintf(stderr, "\n%s: %d to %s, wanted 303 to %s\n", path, r.status, loc ? loc : "-",
                want);
    free(loc);
    http_resp_free(&r);
    return ok;
}

static void continue__goes_to_the_first_lesson_not_done(void)
{
    char path[256];
    struct http_resp r;

    /* two of four done: the third; none done: the first; in the reader's language */
    CU_ASSERT(continues_to(&me, "en", slug_going, "/lessons/3"));
    CU_ASSERT(continues_to(&me, "cy", slug_going, "/lessons/3"));
    CU_ASSERT(continues_to(&me, "cy", slug_session, "/lessons/1"));
    /* every lesson done, a waiting list, someone else's course: the course page */
    CU_ASSERT(continues_to(&me, "en", slug_done, ""));
    CU_ASSERT(continues_to(&me, "cy", slug_wait, ""));
    CU_ASSERT(continues_to(&me, "en", slug_other, ""));
    CU_ASSERT(continues_to(&me, "en", slug_gone, ""));
    /* no such course; not signed in */
    CU_ASSERT_EQUAL(
        http_status(&srv, http_course_path(path, "en", "no-such-course", "/continue"), &me), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/courses/Not_A_Slug/continue", &me), 404);
    r = http_course_get(&srv, "en", slug_going, "/continue", NULL);
    CU_ASSERT(r.status == 303 && http_location_starts(&r, "/en/login?next="));
    http_resp_free(&r);
}

static void continue__skips_done_lessons_and_follows_the_form(void)
{
    struct fx_session s;
    char slug[96];
    long long course = fx_course_elearning("dash-gaps", 4, slug);
    struct http_resp r;

    fx_learner("Bylchau", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    fx_lesson_done(s.user_id, course, 1);
    fx_lesson_done(s.user_id, course, 3);
    /* the first lesson not done, not the one after the count */
    CU_ASSERT(continues_to(&s, "en", slug, "/lessons/2"));
    r = http_get_as(&srv, "/en/me", &s);
    CU_ASSERT(http_body_has(&r, loc_plural("en", "me.lessons_done", 4, "done", "2", NULL)));
    CU_ASSERT(http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "50", NULL)));
    http_resp_free(&r);
    /* the complete form moves the dashboard's figures and the continue target */
    r = http_course_post(&srv, "en", slug, "/lessons/2/complete", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me", &s);
    CU_ASSERT(http_body_has(&r, loc_plural("en", "me.lessons_done", 4, "done", "3", NULL)));
    CU_ASSERT(http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "75", NULL)));
    http_resp_free(&r);
    CU_ASSERT(continues_to(&s, "cy", slug, "/lessons/4"));
    /* the last one: the course is complete, and continuing shows the course */
    r = http_course_post(&srv, "en", slug, "/lessons/4/complete", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me", &s);
    CU_ASSERT(http_body_has(&r, loc_text("en", "me.completed.heading")));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "me.in_progress.heading")));
    http_resp_free(&r);
    CU_ASSERT(continues_to(&s, "en", slug, ""));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "me__empty_state_and_header_link", me__empty_state_and_header_link },
        { "me__shows_everything_in_english", me__shows_everything_in_english },
        { "me__shows_everything_in_welsh", me__shows_everything_in_welsh },
        { "continue__goes_to_the_first_lesson_not_done",
          continue__goes_to_the_first_lesson_not_done },
        { "continue__skips_done_lessons_and_follows_the_form",
          continue__skips_done_lessons_and_follows_the_form },
        { NULL, NULL },
    };
    test_add_suite_with("learn/me", cases, start, stop);
}
