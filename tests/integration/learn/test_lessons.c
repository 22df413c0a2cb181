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

#include "learn_fixtures.h"

static struct server srv;

static int start(void)
{
    if (fx_init())
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    int rc = server_stop(&srv);

    fx_done();
    return rc;
}

static void lessons__anonymous_is_sent_to_sign_in(void)
{
    char slug[96], path[256], want[320];
    struct http_resp r;

    fxl_course("anon", 2, slug);
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/1"), NULL);
    CU_ASSERT_EQUAL(r.status, 303);
    snprintf(want, sizeof(want), "/cy/login?next=%%2Fcy%%2Fcourses%%2F%s%%2Flessons%%2F1", slug);
    CU_ASSERT(fx_location_is(&r, want));
    http_resp_free(&r);
    r = fx_post(&srv, fxl_path(path, "en", slug, "/lessons/1/complete"), NULL, 0, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
}

static void lessons__not_on_the_course_gets_403_saying_how(void)
{
    struct fx_session s, w, c;
    char slug[96], path[256], href[256];
    long long course = fxl_course("outsider", 2, slug);
    struct http_resp r;

    fxl_learner("Dieithryn", &s);
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/1"), &s);
    CU_ASSERT_EQUAL(r.status, 403);
    CU_ASSERT(http_body_has(&r, "Cofrestrwch ar y cwrs yn gyntaf"));
    snprintf(href, sizeof(href), "href=\"/cy/courses/%s\"", slug);
    CU_ASSERT(http_body_has(&r, href));
    CU_ASSERT(!http_body_has(&r, "Testun gwers 1"));
    http_resp_free(&r);
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/1"), &s);
    CU_ASSERT(r.status == 403 && http_body_has(&r, "Enrol on the course first"));
    http_resp_free(&r);
    /* on the waiting list: told so */
    fxl_learner("Aros", &w);
    fxl_enrol(w.user_id, course, fxc_cohort(course, 20, 1, "cy"), "waitlisted");
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/2"), &w);
    CU_ASSERT(r.status == 403 && http_body_has(&r, "You are on the waiting list"));
    http_resp_free(&r);
    /* cancelled: no longer on it */
    fxl_learner("Canslo", &c);
    fxl_enrol(c.user_id, course, 0, "cancelled");
    CU_ASSERT_EQUAL(fxl_status(&srv, fxl_path(path, "cy", slug, "/lessons/1"), &c), 403);
    r = fx_post(&srv, fxl_path(path, "cy", slug, "/lessons/1/complete"), &c, 1, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fxl_progress_rows(c.user_id, course), 0);
}

static void lessons__only_real_positions_are_lessons(void)
{
    static const char *const bad[] = { "0", "4", "01", "abc", "-1", "99999", "1.0", "4294967297" };
    struct fx_session s;
    char slug[96], path[256], rest[64];
    long long course = fxl_course("numbers", 3, slug);
    size_t i;

    fxl_learner("Rhifau", &s);
    fxl_enrol(s.user_id, course, 0, "enrolled");
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(rest, sizeof(rest), "/lessons/%s", bad[i]);
        if (fxl_status(&srv, fxl_path(path, "en", slug, rest), &s) != 404) {
            fprintf(stderr, "\n  %s is not 404\n", rest);
            CU_FAIL("a bad lesson number is not 404");
        }
    }
    CU_ASSERT_EQUAL(fxl_status(&srv, fxl_path(path, "en", slug, "/lessons/3"), &s), 200);
    CU_ASSERT_EQUAL(fxl_status(&srv, "/en/courses/no-such-course-zz9/lessons/1", &s), 404);
    CU_ASSERT_EQUAL(fxl_status(&srv, "/en/courses/Not_A_Slug/lessons/1", &s), 404);
}

static void lessons__enrolled_reads_in_both_languages(void)
{
    struct fx_session s;
    char slug[96], path[256], want[320];
    long long course = fxl_course("read", 3, slug);
    struct http_resp r;

    fxl_learner("Darllenydd", &s);
    fxl_enrol(s.user_id, course, 0, "enrolled");
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/2"), &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Gwers 2 o 3"));
    CU_ASSERT(http_body_has(&r, ">Gwers 2</h1>"));
    CU_ASSERT(http_body_has(&r, "<p>Testun gwers 2</p>"));
    CU_ASSERT(http_body_has(&r, "Cwrs read"));
    CU_ASSERT(http_body_has(&r, "0% wedi&#39;i gwblhau"));
    CU_ASSERT(http_body_has(&r, "<progress class=\"learn-progress__bar\" max=\"100\" value=\"0\""));
    CU_ASSERT(http_body_has(&r, "Nodi bod y wers wedi&#39;i chwblhau"));
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
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/2"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Lesson 2 of 3"));
    CU_ASSERT(http_body_has(&r, "<p>Text of lesson 2</p>"));
    CU_ASSERT(http_body_has(&r, "0% complete"));
    CU_ASSERT(http_body_has(&r, "Mark as complete"));
    CU_ASSERT(http_body_has(&r, "Lesson 2 – Course read"));
    CU_ASSERT(!http_body_has(&r, "Testun gwers"));
    http_resp_free(&r);
    /* the first has no previous, the last no next */
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/1"), &s);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, "rel=\"prev\""));
    http_resp_free(&r);
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/3"), &s);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, "rel=\"next\""));
    http_resp_free(&r);
}

static void lessons__done_lessons_have_ticks_with_text_and_a_date(void)
{
    struct fx_session s;
    char slug[96], path[256];
    long long course = fxl_course("ticks", 3, slug);
    struct http_resp r;

    fxl_learner("Ticiau", &s);
    fxl_enrol(s.user_id, course, 0, "enrolled");
    fxl_done(s.user_id, course, 1);
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/1"), &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "You completed this lesson on "));
    CU_ASSERT(!http_body_has(&r, "Mark as complete"));
    CU_ASSERT(http_body_has(&r, "<span aria-hidden=\"true\">✓</span> (completed)"));
    CU_ASSERT(http_body_has(&r, "33% complete"));
    http_resp_free(&r);
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/2"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "(wedi&#39;i chwblhau)"));
    CU_ASSERT(http_body_has(&r, "33% wedi&#39;i gwblhau"));
    CU_ASSERT(http_body_has(&r, "Nodi bod y wers wedi&#39;i chwblhau"));
    http_resp_free(&r);
}

static void lessons__missing_language_is_said_and_linked(void)
{
    static const char *const drop_cy =
        "UPDATE lessons SET title_cy = NULL, body_cy = NULL, html_cy = NULL "
        "WHERE course_id = ? AND position = ?";
    struct fx_session s;
    char slug[96], path[256], want[320];
    long long course = fxl_course("english-only", 2, slug);
    struct http_resp r;

    fxl_learner("Saesneg", &s);
    fxl_enrol(s.user_id, course, 0, "enrolled");
    CU_ASSERT_FATAL(db_exec(fx_dbh, drop_cy, "li", course, 2) == DB_OK);
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/2"), &s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Nid yw&#39;r wers hon wedi&#39;i hysgrifennu yn Gymraeg eto."));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/2\" hreflang=\"en\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, "Darllen y wers hon yn Saesneg"));
    /* no English text presented as Welsh: the title is marked, the body absent */
    CU_ASSERT(!http_body_has(&r, "Text of lesson 2"));
    CU_ASSERT(http_body_has(&r, "<h1 class=\"heading-xl\" lang=\"en\">Lesson 2</h1>"));
    CU_ASSERT(http_body_has(&r, "<span class=\"lesson-nav__title\" lang=\"en\">Lesson 2</span> "
                                "<span class=\"lesson-note\">(yn Saesneg yn unig)</span>"));
    CU_ASSERT(http_body_has(&r, "<title>Gwers 2 o 2 – "));
    http_resp_free(&r);
    /* the neighbour's link in Welsh marks the borrowed title too */
    r = fx_get(&srv, fxl_path(path, "cy", slug, "/lessons/1"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "lang=\"en\">Lesson 2</span> <span "
                                                   "class=\"lesson-note\">(yn Saesneg yn "
                                                   "unig)</span></a>"));
    http_resp_free(&r);
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/2"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "<p>Text of lesson 2</p>"));
    CU_ASSERT(!http_body_has(&r, "has not been written"));
    http_resp_free(&r);
}

static void lessons__completed_course_still_reads_and_links_certificate(void)
{
    struct fx_session s;
    char slug[96], path[256], want[320];
    long long course = fxl_course("finished", 1, slug);
    struct http_resp r;

    fxl_learner("Gorffen", &s);
    fxl_enrol(s.user_id, course, 0, "completed");
    fxl_done(s.user_id, course, 1);
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/1"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "100% complete"));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/certificate\"", slug);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
}

static void lessons__titles_are_escaped(void)
{
    struct fx_session s;
    char slug[96], path[256];
    long long course =
        fxc_course("escape", "Cwrs <b>&</b>", "Course <script>x</script>", "e-learning", 1, slug);
    struct http_resp r;

    CU_ASSERT_FATAL(course > 0);
    fxl_learner("Dianc", &s);
    fxl_enrol(s.user_id, course, 0, "enrolled");
    r = fx_get(&srv, fxl_path(path, "en", slug, "/lessons/1"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, "Course &lt;script&gt;x&lt;/script&gt;"));
    CU_ASSERT(!http_body_has(&r, "<script>x"));
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
        { NULL, NULL },
    };
    test_add_suite_with("learn/lessons", cases, start, stop);
}
