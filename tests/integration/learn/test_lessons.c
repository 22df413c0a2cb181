/*
 * Reading lessons over HTTP: who may (anonymous people are sent to sign in,
 * people not on the course get a 403 page that says how to get on it,
 * enrolled and completed people read), which numbers are lessons, the page
 * in both languages with its list, ticks, neighbours and progress, and a
 * lesson missing in the reader's language, which is said and linked, never
 * shown in the other language silently.
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

static void lessons__anonymous_is_sent_to_sign_in(void)
{
    char slug[96], want[320];
    struct http_resp r;

    fx_course_elearning("anon", 2, slug);
    r = http_course_get(&srv, "cy", slug, "/lessons/1", NULL);
    CU_ASSERT_EQUAL(r.status, 303);
    snprintf(want, sizeof(want), "/cy/login?next=%%2Fcy%%2Fcourses%%2F%s%%2Flessons%%2F1", slug);
    CU_ASSERT(http_location_starts(&r, want));
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", NULL, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
}

static void lessons__not_on_the_course_gets_403_saying_how(void)
{
    struct fx_session s, w, c;
    char slug[96], path[256], href[256];
    long long course = fx_course_elearning("outsider", 2, slug);
    struct http_resp r;

    fx_learner("Dieithryn", NULL, &s);
    r = http_course_get(&srv, "cy", slug, "/lessons/1", &s);
    CU_ASSERT_EQUAL(r.status, 403);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.not_enrolled.heading")));
    snprintf(href, sizeof(href), "href=\"/cy/courses/%s\"", slug);
    CU_ASSERT(http_body_has(&r, href));
    CU_ASSERT(!http_body_has(&r, "Testun gwers 1"));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/lessons/1", &s);
    CU_ASSERT(r.status == 403 && http_body_has(&r, loc_text("en", "learn.not_enrolled.heading")));
    http_resp_free(&r);
    /* on the waiting list: told so */
    fx_learner("Aros", NULL, &w);
    fx_enrol(w.user_id, course, fx_cohort(course, 20, 1, "cy"), FX_WAITLISTED, 0);
    r = http_course_get(&srv, "en", slug, "/lessons/2", &w);
    CU_ASSERT(r.status == 403 &&
              http_body_has(&r, loc_text("en", "learn.not_enrolled.waitlisted")));
    http_resp_free(&r);
    /* cancelled: no longer on it */
    fx_learner("Canslo", NULL, &c);
    fx_enrol(c.user_id, course, 0, FX_CANCELLED, 0);
    CU_ASSERT_EQUAL(http_status(&srv, http_course_path(path, "cy", slug, "/lessons/1"), &c), 403);
    r = http_course_post(&srv, "cy", slug, "/lessons/1/complete", &c, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_progress_rows(c.user_id, course), 0);
}

static void lessons__only_real_positions_are_lessons(void)
{
    static const char *const bad[] = { "0", "4", "01", "abc", "-1", "99999", "1.0", "4294967297" };
    struct fx_session s;
    char slug[96], path[256], rest[64];
    long long course = fx_course_elearning("numbers", 3, slug);
    size_t i;

    fx_learner("Rhifau", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(rest, sizeof(rest), "/lessons/%s", bad[i]);
        if (http_status(&srv, http_course_path(path, "en", slug, rest), &s) != 404) {
            fprintf(stderr, "\n  %s is not 404\n", rest);
            CU_FAIL("a bad lesson number is not 404");
        }
    }
    CU_ASSERT_EQUAL(http_status(&srv, http_course_path(path, "en", slug, "/lessons/3"), &s), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/courses/no-such-course-zz9/lessons/1", &s), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/courses/Not_A_Slug/lessons/1", &s), 404);
}

static void lessons__enrolled_reads_in_both_languages(void)
{
    struct fx_session s;
    char slug[96], want[320];
    long long course = fx_course_elearning("read", 3, slug);
    struct http_resp r;

    fx_learner("Darllenydd", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    r = http_course_get(&srv, "cy", slug, "/lessons/2", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(
        http_body_has(&r, loc_plural("cy", "learn.lesson.position", 3, "position", "2", NULL)));
    CU_ASSERT(http_body_has(&r, ">Gwers 2</h1>"));
    CU_ASSERT(http_body_has(&r, "<p>Testun gwers 2</p>"));
    CU_ASSERT(http_body_has(&r, "Cwrs read"));
    CU_ASSERT(http_body_has(&r, loc_textf("cy", "learn.progress.percent", "percent", "0", NULL)));
    CU_ASSERT(http_body_has(&r, "<progress class=\"learn-progress__bar\" max=\"100\" value=\"0\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.lesson.mark_complete")));
    snprintf(want, sizeof(want), "action=\"/cy/courses/%s/lessons/2/complete\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, s.csrf));
    /* the list marks where the reader is; neighbours link both ways */
    snprintf(want, sizeof(want), "href=\"/cy/courses/%s/lessons/2\" aria-current=\"page\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    snprintf(want, sizeof(want), "href=\"/cy/courses/%s/lessons/1\" rel=\"prev\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    snprintf(want, sizeof(want), "href=\"/cy/courses/%s/lessons/3\" rel=\"next\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(!http_body_has(&r, "Text of lesson"));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/lessons/2", &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_plural("en", "learn.lesson.position", 3,
                                                              "position", "2", NULL)));
    CU_ASSERT(http_body_has(&r, "<p>Text of lesson 2</p>"));
    CU_ASSERT(http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "0", NULL)));
    CU_ASSERT(http_body_has(&r, loc_text("en", "learn.lesson.mark_complete")));
    CU_ASSERT(http_body_has(&r, "Lesson 2 – Course read"));
    CU_ASSERT(!http_body_has(&r, "Testun gwers"));
    http_resp_free(&r);
    /* the first has no previous, the last no next */
    r = http_course_get(&srv, "en", slug, "/lessons/1", &s);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, "rel=\"prev\""));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/lessons/3", &s);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, "rel=\"next\""));
    http_resp_free(&r);
}

static void lessons__done_lessons_have_ticks_with_text_and_a_date(void)
{
    struct fx_session s;
    char slug[96], want[160];
    long long course = fx_course_elearning("ticks", 3, slug);
    struct http_resp r;

    fx_learner("Ticiau", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    fx_lesson_done(s.user_id, course, 1);
    r = http_course_get(&srv, "en", slug, "/lessons/1", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "learn.lesson.done_on", NULL)));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "learn.lesson.mark_complete")));
    snprintf(want, sizeof(want), "<span aria-hidden=\"true\">✓</span> %s",
             loc_text("en", "learn.lesson.done_tag"));
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "33", NULL)));
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", slug, "/lessons/2", &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "learn.lesson.done_tag")));
    CU_ASSERT(http_body_has(&r, loc_textf("cy", "learn.progress.percent", "percent", "33", NULL)));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.lesson.mark_complete")));
    http_resp_free(&r);
}

static void lessons__missing_language_is_said_and_linked(void)
{
    static const char *const drop_cy =
        "UPDATE lessons SET title_cy = NULL, body_cy = NULL, html_cy = NULL "
        "WHERE course_id = ? AND position = ?";
    struct fx_session s;
    char slug[96], want[320];
    long long course = fx_course_elearning("english-only", 2, slug);
    struct http_resp r;

    fx_learner("Saesneg", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    CU_ASSERT_FATAL(db_exec(fx_dbh, drop_cy, "li", course, 2) == DB_OK);
    r = http_course_get(&srv, "cy", slug, "/lessons/2", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.lesson.missing_cy")));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/2\" hreflang=\"en\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.lesson.read_en")));
    /* no English text presented as Welsh: the title is marked, the body absent */
    CU_ASSERT(!http_body_has(&r, "Text of lesson 2"));
    CU_ASSERT(http_body_has(&r, "<h1 class=\"heading-xl\" lang=\"en\">Lesson 2</h1>"));
    snprintf(want, sizeof(want),
             "<span class=\"lesson-nav__title\" lang=\"en\">Lesson 2</span> "
             "<span class=\"lesson-note\">%s</span>",
             loc_text("cy", "learn.lesson.only_en"));
    CU_ASSERT(http_body_has(&r, want));
    snprintf(want, sizeof(want), "<title>%s – ",
             loc_plural("cy", "learn.lesson.position", 2, "position", "2", NULL));
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
    /* the neighbour's link in Welsh marks the borrowed title too */
    r = http_course_get(&srv, "cy", slug, "/lessons/1", &s);
    snprintf(want, sizeof(want),
             "lang=\"en\">Lesson 2</span> <span class=\"lesson-note\">%s</span></a>",
             loc_text("cy", "learn.lesson.only_en"));
    CU_ASSERT(r.status == 200 && http_body_has(&r, want));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/lessons/2", &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "<p>Text of lesson 2</p>"));
    CU_ASSERT(!http_body_has(&r, "panel--warning")); /* no note of a missing language */
    http_resp_free(&r);
}

static void lessons__completed_course_still_reads_and_links_certificate(void)
{
    struct fx_session s;
    char slug[96], want[320];
    long long course = fx_course_elearning("finished", 1, slug);
    struct http_resp r;

    fx_learner("Gorffen", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_COMPLETED, 0);
    fx_lesson_done(s.user_id, course, 1);
    r = http_course_get(&srv, "en", slug, "/lessons/1", &s);
    CU_ASSERT(r.status == 200 &&
              http_body_has(&r, loc_textf("en", "learn.progress.percent", "percent", "100", NULL)));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/certificate\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
}

static void lessons__titles_are_escaped(void)
{
    struct fx_session s;
    char slug[96];
    long long course =
        fx_course("escape", "Cwrs <b>&</b>", "Course <script>x</script>", "e-learning", 1, slug);
    struct http_resp r;

    CU_ASSERT_FATAL(course > 0);
    fx_learner("Dianc", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    r = http_course_get(&srv, "en", slug, "/lessons/1", &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Course &lt;script&gt;x&lt;/script&gt;"));
    CU_ASSERT(!http_body_has(&r, "<script>x"));
    http_resp_free(&r);
}

/*
 * Issue 23 finding 7: an unpublished course does not exist for a signed-in
 * person who is not on it: its lessons, certificate and continue links are
 * 404 and never show its title. Someone on it still reads.
 */
static void lessons__unpublished_course_is_404_unless_on_it(void)
{
    static const char *const tails[] = { "/lessons/1", "/certificate", "/continue" };
    struct fx_session s, on;
    char slug[96];
    long long course = fx_course_elearning("hidden", 2, slug);
    char *title = fx_str_s("SELECT title_en FROM courses WHERE slug = ?", slug);
    struct http_resp r;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(title);
    fx_learner("Chwilfrydig", NULL, &s);
    fx_learner("Ar y cwrs", NULL, &on);
    fx_enrol(on.user_id, course, 0, FX_ENROLLED, 0);
    fx_course_published(course, 0);
    for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
        r = http_course_get(&srv, "en", slug, tails[i], &s);
        CU_ASSERT_EQUAL(r.status, 404);
        CU_ASSERT(!http_body_has(&r, title));
        http_resp_free(&r);
    }
    r = http_course_get(&srv, "en", slug, "/lessons/1", &on);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "lessons__anonymous_is_sent_to_sign_in", lessons__anonymous_is_sent_to_sign_in },
        { "lessons__not_on_the_course_gets_403_saying_how",
          lessons__not_on_the_course_gets_403_saying_how },
        { "lessons__only_real_positions_are_lessons", lessons__only_real_positions_are_lessons },
        { "lessons__enrolled_reads_in_both_languages", lessons__enrolled_reads_in_both_languages },
        { "lessons__done_lessons_have_ticks_with_text_and_a_date",
          lessons__done_lessons_have_ticks_with_text_and_a_date },
        { "lessons__missing_language_is_said_and_linked",
          lessons__missing_language_is_said_and_linked },
        { "lessons__completed_course_still_reads_and_links_certificate",
          lessons__completed_course_still_reads_and_links_certificate },
        { "lessons__titles_are_escaped", lessons__titles_are_escaped },
        { "lessons__unpublished_course_is_404_unless_on_it",
          lessons__unpublished_course_is_404_unless_on_it },
        { NULL, NULL },
    };
    test_add_suite_with("learn/lessons", cases, start, stop);
}
