/*
 * The course page in each state a viewer can be in, in both languages:
 * anonymous (sign in to enrol, dates with seats left in CLDR plurals, "Llawn"
 * when full), signed in (one Enrol button, or a cohort to choose), enrolled
 * (progress, Continue at the first lesson not done, Cancel, lessons linked),
 * waitlisted (number N, leave the list), completed (the certificate).
 * Content missing in the reader's language is said to be so. Unknown slugs
 * are 404, unpublished courses too except for admins, who see a banner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static char el_slug[96], cl_slug[96];
static long long el_id, cl_id, c_full, c_two, c_twelve;

static int start(void)
{
    if (fx_init())
        return -1;
    el_id = fx_course("tudalen", "Tudalen y cwrs", "Course page", "e-learning", 3, el_slug);
    cl_id = fx_course("dosbarth", "Dosbarth", "Classroom", "classroom", 2, cl_slug);
    c_twelve = cl_id ? fx_cohort(cl_id, 30, 12, "cy") : 0;
    c_two = cl_id ? fx_cohort(cl_id, 40, 2, "both") : 0;
    c_full = cl_id ? fx_cohort(cl_id, 50, 1, "en") : 0;
    if (!el_id || !c_twelve || !c_two || !c_full)
        return -1;
    /* exact times: 08:30 UTC in July is 09:30 in London (BST) */
    if (fx_exec_l("UPDATE cohorts SET starts_at = '2099-07-01 08:30:00', ends_at = "
                  "'2099-07-01 15:30:00' WHERE id = ?",
                  c_twelve) != 1 ||
        fx_exec_l("UPDATE cohorts SET starts_at = '2099-01-14 09:30:00', ends_at = "
                  "'2099-01-14 16:30:00' WHERE id = ?",
                  c_two) != 1 ||
        fx_exec_l("UPDATE cohorts SET taken = 1 WHERE id = ?", c_full) != 1)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void has(const struct http_resp *r, const char *needle)
{
    CU_ASSERT(http_body_has(r, needle));
    if (!http_body_has(r, needle))
        fprintf(stderr, "page lacks: %s\n", needle);
}

static void lacks(const struct http_resp *r, const char *needle)
{
    CU_ASSERT(!http_body_has(r, needle));
    if (http_body_has(r, needle))
        fprintf(stderr, "page has: %s\n", needle);
}

static void page__anonymous_both_languages(void)
{
    char want[256];
    struct http_resp r = http_course_get(&srv, "en", el_slug, NULL, NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "<h1 class=\"heading-xl\">Course page zq");
    has(&r, "<title>Course page zq");
    has(&r, "Test summary");
    has(&r, "<li>Outcome one</li>");
    has(&r, "<li>Outcome two</li>");
    has(&r, "Everyone");
    has(&r, loc_text("en", "courses.level.awareness"));
    has(&r, loc_text("en", "courses.format.e-learning"));
    has(&r, loc_text("en", "courses.family.product-delivery"));
    has(&r, loc_text("en", "courses.role.any"));
    has(&r, ">1 hour<"); /* the duration's format is the behaviour: literal */
    has(&r, loc_text("en", "course.languages_both"));
    has(&r, "<li>Lesson 1</li>");
    has(&r, "<li>Lesson 3</li>");
    snprintf(want, sizeof(want), "/en/login?next=%%2Fen%%2Fcourses%%2F%s", el_slug);
    has(&r, want);
    has(&r, loc_text("en", "enrol.sign_in"));
    lacks(&r, "/lessons/1\"");
    lacks(&r, "name=\"csrf\"");
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", el_slug, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "<html lang=\"cy\"");
    has(&r, "Tudalen y cwrs zq");
    has(&r, "<li>Canlyniad un</li>");
    has(&r, loc_text("cy", "courses.level.awareness"));
    has(&r, loc_text("cy", "courses.format.e-learning"));
    has(&r, ">1 awr<");
    has(&r, "<li>Gwers 2</li>");
    has(&r, loc_text("cy", "enrol.sign_in"));
    has(&r, loc_text("cy", "course.outcomes_heading"));
    http_resp_free(&r);
}

static void page__dates_seats_and_london_time(void)
{
    char want[64];
    struct http_resp r = http_course_get(&srv, "cy", cl_slug, NULL, NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("cy", "course.dates_heading"));
    /* dates in London time, and the CLDR plural forms with their mutations
     * (2 le, 12 lle): those words are the behaviour, so they are literal */
    has(&r, "Dydd Mercher 1 Gorffennaf 2099");
    has(&r, loc_textf("cy", "course.time_range", "start", "09:30", "end", "16:30", NULL));
    has(&r, "Dydd Mercher 14 Ionawr 2099");
    has(&r, ">12 lle ar ôl<");
    has(&r, ">2 le ar ôl<");
    snprintf(want, sizeof(want), ">%s<", loc_text("cy", "course.full"));
    has(&r, want);
    has(&r, "Caerdydd");
    has(&r, loc_text("cy", "course.session_lang.both"));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", cl_slug, NULL, NULL);
    has(&r, "Wednesday 1 July 2099");
    has(&r, loc_textf("en", "course.time_range", "start", "09:30", "end", "16:30", NULL));
    has(&r, ">12 places left<");
    has(&r, ">2 places left<");
    snprintf(want, sizeof(want), ">%s<", loc_text("en", "course.full"));
    has(&r, want);
    has(&r, "Cardiff");
    http_resp_free(&r);
}

static void page__signed_in_can_enrol(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fx_learner("Gweld", "cy", &s);
    r = http_course_get(&srv, "en", el_slug, NULL, &s);
    snprintf(want, sizeof(want), "action=\"/en/courses/%s/enrol\"", el_slug);
    has(&r, want);
    has(&r, s.csrf);
    lacks(&r, "name=\"cohort\"");
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", cl_slug, NULL, &s);
    has(&r, loc_text("cy", "enrol.choose_legend"));
    has(&r, "type=\"radio\" id=\"cohort\" name=\"cohort\"");
    snprintf(want, sizeof(want), "value=\"%lld\" required", c_full);
    has(&r, want);
    has(&r, loc_text("cy", "enrol.full_waitlist"));
    has(&r, "2 le ar ôl"); /* a plural form: literal */
    /* the dates are the form's choices, not a second table */
    lacks(&r, "<table");
    http_resp_free(&r);
}

static void page__enrolled_progress_and_continue(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fx_learner("Cynnydd", "en", &s);
    r = http_course_post(&srv, "en", el_slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_course_get(&srv, "en", el_slug, NULL, &s);
    has(&r, loc_text("en", "enrol.enrolled_title"));
    has(&r, loc_plural("en", "enrol.progress", 3, "done", "0", "percent", "0", NULL));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/1\">%s", el_slug,
             loc_text("en", "enrol.start"));
    has(&r, want);
    http_resp_free(&r);
    fx_lesson_done(s.user_id, el_id, 1);
    r = http_course_get(&srv, "en", el_slug, NULL, &s);
    has(&r, loc_plural("en", "enrol.progress", 3, "done", "1", "percent", "33", NULL));
    has(&r, "value=\"33\"");
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/2\">%s", el_slug,
             loc_text("en", "enrol.continue"));
    has(&r, want);
    snprintf(want, sizeof(want), "<a href=\"/en/courses/%s/lessons/3\">Lesson 3</a>", el_slug);
    has(&r, want);
    snprintf(want, sizeof(want), "action=\"/en/courses/%s/cancel\"", el_slug);
    has(&r, want);
    has(&r, loc_text("en", "enrol.cancel_button"));
    has(&r, loc_text("en", "enrol.cancel_confirm"));
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", el_slug, NULL, &s);
    has(&r, loc_text("cy", "enrol.enrolled_title"));
    has(&r, loc_plural("cy", "enrol.progress", 3, "done", "1", "percent", "33", NULL));
    has(&r, loc_text("cy", "enrol.continue"));
    has(&r, loc_text("cy", "enrol.cancel_button"));
    http_resp_free(&r);
}

static void page__waitlisted_both_languages(void)
{
    char body[64], want[160];
    struct fx_session s;
    struct http_resp r;

    fx_learner("Aros", "cy", &s);
    snprintf(body, sizeof(body), "cohort=%lld", c_full);
    r = http_course_post(&srv, "cy", cl_slug, "/enrol", &s, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=waitlisted"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_taken(c_full), 1);
    r = http_course_get(&srv, "cy", cl_slug, "?done=waitlisted", &s);
    has(&r, loc_text("cy", "enrol.done.waitlisted.title"));
    /* number 1, for a date that starts as Welsh dates do */
    snprintf(want, sizeof(want), "%sdydd ",
             loc_prefix("cy", "enrol.waitlist_position", "n", "1", NULL));
    has(&r, want);
    has(&r, loc_text("cy", "enrol.leave_button"));
    /* the dates are a table again: nothing to choose */
    has(&r, "<table");
    http_resp_free(&r);
    r = http_course_get(&srv, "en", cl_slug, NULL, &s);
    has(&r, loc_text("en", "enrol.waitlisted_title"));
    has(&r, loc_prefix("en", "enrol.waitlist_position", "n", "1", NULL));
    lacks(&r, "role=\"status\"");
    http_resp_free(&r);
    /* a ?done= that no longer matches says nothing */
    r = http_course_get(&srv, "en", cl_slug, "?done=enrolled", &s);
    lacks(&r, "role=\"status\"");
    http_resp_free(&r);
}

static void page__completed_links_the_certificate(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fx_learner("Tystysgrif", "en", &s);
    CU_ASSERT_FATAL(fx_enrol(s.user_id, el_id, 0, FX_COMPLETED, 3) > 0);
    r = http_course_get(&srv, "en", el_slug, NULL, &s);
    has(&r, loc_text("en", "enrol.completed_title"));
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/certificate\">%s", el_slug,
             loc_text("en", "enrol.certificate_link"));
    has(&r, want);
    lacks(&r, loc_text("en", "enrol.cancel_button"));
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", el_slug, NULL, &s);
    has(&r, loc_text("cy", "enrol.completed_title"));
    has(&r, loc_text("cy", "enrol.certificate_link"));
    http_resp_free(&r);
}

static void page__missing_language_is_said(void)
{
    char slug[96], want[160];
    long long id = fx_course("saesneg", "Saesneg", "English only", "e-learning", 2, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT(fx_exec_l("UPDATE courses SET in_cy = 0 WHERE id = ?", id) == 1);
    CU_ASSERT(fx_exec_l("UPDATE lessons SET title_cy = NULL WHERE position = 2 AND course_id = ?",
                        id) == 1);
    r = http_course_get(&srv, "cy", slug, NULL, NULL);
    has(&r, loc_text("cy", "course.not_in_lang"));
    has(&r, loc_text("cy", "course.languages_en"));
    has(&r, "<span lang=\"en\">Lesson 2</span>");
    has(&r, loc_text("cy", "course.lesson_other_lang"));
    has(&r, "<li>Gwers 1</li>");
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, NULL);
    lacks(&r, loc_text("en", "course.not_in_lang"));
    has(&r, "<li>Lesson 2</li>");
    http_resp_free(&r);
    /* enrolled, the lesson is linked all the same */
    fx_learner("Iaith", "cy", &s);
    r = http_course_post(&srv, "cy", slug, "/enrol", &s, "");
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", slug, NULL, &s);
    snprintf(want, sizeof(want), "<a href=\"/cy/courses/%s/lessons/2\"><span lang=\"en\">", slug);
    has(&r, want);
    http_resp_free(&r);
}

static void page__unknown_and_unpublished(void)
{
    char slug[96];
    long long id = fx_course("drafft", "Drafft", "Draft", "classroom", 1, slug);
    struct fx_session learner, admin;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    r = http_course_get(&srv, "en", "dim-cwrs-o-gwbl-zq", NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    has(&r, loc_text("en", "errors.e404.title"));
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", "DIM_SLUG", NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT(fx_exec_l("UPDATE courses SET published = 0 WHERE id = ?", id) == 1);
    r = http_course_get(&srv, "en", slug, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    fx_learner("Drafft", "cy", &learner);
    r = http_course_get(&srv, "cy", slug, NULL, &learner);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_FATAL(fx_sign_in(fx_user(fx_name("Gweinyddwr"), "learner,admin"), &admin) == 0);
    r = http_course_get(&srv, "cy", slug, NULL, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("cy", "course.unpublished_title"));
    lacks(&r, "/enrol\"");
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &admin);
    has(&r, loc_text("en", "course.unpublished_title"));
    has(&r, loc_text("en", "course.dates_none"));
    http_resp_free(&r);
}

static void page__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "page__anonymous_both_languages", page__anonymous_both_languages },
        { "page__dates_seats_and_london_time", page__dates_seats_and_london_time },
        { "page__signed_in_can_enrol", page__signed_in_can_enrol },
        { "page__enrolled_progress_and_continue", page__enrolled_progress_and_continue },
        { "page__waitlisted_both_languages", page__waitlisted_both_languages },
        { "page__completed_links_the_certificate", page__completed_links_the_certificate },
        { "page__missing_language_is_said", page__missing_language_is_said },
        { "page__unknown_and_unpublished", page__unknown_and_unpublished },
        { "page__log_is_clean", page__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/enrol/page", cases, start, stop);
}
