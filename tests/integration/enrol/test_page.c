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

#include "enrol_fixtures.h"

static struct server srv;
static char el_slug[96], cl_slug[96];
static long long el_id, cl_id, c_full, c_two, c_twelve;

static int start(void)
{
    if (fx_init())
        return -1;
    el_id = fxc_course("tudalen", "Tudalen y cwrs", "Course page", "e-learning", 3, el_slug);
    cl_id = fxc_course("dosbarth", "Dosbarth", "Classroom", "classroom", 2, cl_slug);
    c_twelve = cl_id ? fxc_cohort(cl_id, 30, 12, "cy") : 0;
    c_two = cl_id ? fxc_cohort(cl_id, 40, 2, "both") : 0;
    c_full = cl_id ? fxc_cohort(cl_id, 50, 1, "en") : 0;
    if (!el_id || !c_twelve || !c_two || !c_full)
        return -1;
    /* exact times: 08:30 UTC in July is 09:30 in London (BST) */
    if (fe_update("UPDATE cohorts SET starts_at = '2099-07-01 08:30:00', ends_at = "
                  "'2099-07-01 15:30:00' WHERE id = ?",
                  c_twelve) != 1 ||
        fe_update("UPDATE cohorts SET starts_at = '2099-01-14 09:30:00', ends_at = "
                  "'2099-01-14 16:30:00' WHERE id = ?",
                  c_two) != 1 ||
        fe_update("UPDATE cohorts SET taken = 1 WHERE id = ?", c_full) != 1)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    int rc = server_stop(&srv);

    fx_done();
    return rc;
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
    struct http_resp r = fe_page(&srv, "en", el_slug, NULL, NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "<h1 class=\"heading-xl\">Course page zq");
    has(&r, "<title>Course page zq");
    has(&r, "Test summary");
    has(&r, "<li>Outcome one</li>");
    has(&r, "<li>Outcome two</li>");
    has(&r, "Everyone");
    has(&r, "Awareness");
    has(&r, "E-learning");
    has(&r, "Product and delivery");
    has(&r, "Any role");
    has(&r, ">1 hour<");
    has(&r, "Welsh and English");
    has(&r, "<li>Lesson 1</li>");
    has(&r, "<li>Lesson 3</li>");
    snprintf(want, sizeof(want), "/en/login?next=%%2Fen%%2Fcourses%%2F%s", el_slug);
    has(&r, want);
    has(&r, "Sign in to enrol");
    lacks(&r, "/lessons/1\"");
    lacks(&r, "name=\"csrf\"");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", el_slug, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "<html lang=\"cy\"");
    has(&r, "Tudalen y cwrs zq");
    has(&r, "<li>Canlyniad un</li>");
    has(&r, "Ymwybyddiaeth");
    has(&r, "E-ddysgu");
    has(&r, ">1 awr<");
    has(&r, "<li>Gwers 2</li>");
    has(&r, "Mewngofnodwch i gofrestru");
    has(&r, "Beth fyddwch chi&#39;n ei ddysgu");
    http_resp_free(&r);
}

static void page__dates_seats_and_london_time(void)
{
    struct http_resp r = fe_page(&srv, "cy", cl_slug, NULL, NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "Dyddiadau i ddod");
    has(&r, "Dydd Mercher 1 Gorffennaf 2099");
    has(&r, "09:30 i 16:30");
    has(&r, "Dydd Mercher 14 Ionawr 2099");
    has(&r, ">12 lle ar ôl<");
    has(&r, ">2 le ar ôl<");
    has(&r, ">Llawn<");
    has(&r, "Caerdydd");
    has(&r, "Cymraeg a Saesneg");
    http_resp_free(&r);
    r = fe_page(&srv, "en", cl_slug, NULL, NULL);
    has(&r, "Wednesday 1 July 2099");
    has(&r, "09:30 to 16:30");
    has(&r, ">12 places left<");
    has(&r, ">2 places left<");
    has(&r, ">Full<");
    has(&r, "Cardiff");
    http_resp_free(&r);
}

static void page__signed_in_can_enrol(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fe_learner("Gweld", "cy", &s);
    r = fe_page(&srv, "en", el_slug, NULL, &s);
    snprintf(want, sizeof(want), "action=\"/en/courses/%s/enrol\"", el_slug);
    has(&r, want);
    has(&r, s.csrf);
    lacks(&r, "name=\"cohort\"");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", cl_slug, NULL, &s);
    has(&r, "Dewiswch ddyddiad");
    has(&r, "type=\"radio\" id=\"cohort\" name=\"cohort\"");
    snprintf(want, sizeof(want), "value=\"%lld\" required", c_full);
    has(&r, want);
    has(&r, "Llawn – ymunwch â&#39;r rhestr aros");
    has(&r, "2 le ar ôl");
    /* the dates are the form's choices, not a second table */
    lacks(&r, "<table");
    http_resp_free(&r);
}

static void page__enrolled_progress_and_continue(void)
{
    static const char *const done_lesson =
        "INSERT INTO lesson_progress (user_id, lesson_id, completed_at) SELECT ?, id, "
        "UTC_TIMESTAMP() FROM lessons WHERE course_id = ? AND position = 1";
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fe_learner("Cynnydd", "en", &s);
    r = fe_post(&srv, "en", el_slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = fe_page(&srv, "en", el_slug, NULL, &s);
    has(&r, "You are enrolled");
    has(&r, "0 of 3 lessons completed (0%)");
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/1\">Start the course", el_slug);
    has(&r, want);
    http_resp_free(&r);
    CU_ASSERT_FATAL(db_exec(fx_dbh, done_lesson, "ll", s.user_id, el_id) == DB_OK);
    CU_ASSERT(fe_update("UPDATE enrolments SET lessons_done = 1 WHERE user_id = ?", s.user_id) ==
              1);
    r = fe_page(&srv, "en", el_slug, NULL, &s);
    has(&r, "1 of 3 lessons completed (33%)");
    has(&r, "value=\"33\"");
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/lessons/2\">Continue the course", el_slug);
    has(&r, want);
    snprintf(want, sizeof(want), "<a href=\"/en/courses/%s/lessons/3\">Lesson 3</a>", el_slug);
    has(&r, want);
    snprintf(want, sizeof(want), "action=\"/en/courses/%s/cancel\"", el_slug);
    has(&r, want);
    has(&r, "Cancel my enrolment");
    has(&r, "Your progress is kept if you enrol again.");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", el_slug, NULL, &s);
    has(&r, "Rydych chi wedi cofrestru");
    has(&r, "Rydych chi wedi cwblhau 1 o&#39;r 3 gwers (33%)");
    has(&r, "Parhau â&#39;r cwrs");
    has(&r, "Canslo fy nghofrestriad");
    http_resp_free(&r);
}

static void page__waitlisted_both_languages(void)
{
    char body[64];
    struct fx_session s;
    struct http_resp r;

    fe_learner("Aros", "cy", &s);
    snprintf(body, sizeof(body), "cohort=%lld", c_full);
    r = fe_post(&srv, "cy", cl_slug, "enrol", &s, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(strstr(r.head, "?done=waitlisted") != NULL);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_taken(c_full), 1);
    r = fe_page(&srv, "cy", cl_slug, "?done=waitlisted", &s);
    has(&r, "Mae&#39;r lle olaf wedi mynd");
    has(&r, "Chi yw rhif 1 ar y rhestr aros ar gyfer dydd ");
    has(&r, "Gadael y rhestr aros");
    /* the dates are a table again: nothing to choose */
    has(&r, "<table");
    http_resp_free(&r);
    r = fe_page(&srv, "en", cl_slug, NULL, &s);
    has(&r, "You are on the waiting list");
    has(&r, "You are number 1 on the waiting list for ");
    lacks(&r, "role=\"status\"");
    http_resp_free(&r);
    /* a ?done= that no longer matches says nothing */
    r = fe_page(&srv, "en", cl_slug, "?done=enrolled", &s);
    lacks(&r, "role=\"status\"");
    http_resp_free(&r);
}

static void page__completed_links_the_certificate(void)
{
    char want[160];
    struct fx_session s;
    struct http_resp r;

    fe_learner("Tystysgrif", "en", &s);
    CU_ASSERT_FATAL(fe_enrolment(s.user_id, el_id, "completed", 3) == 0);
    r = fe_page(&srv, "en", el_slug, NULL, &s);
    has(&r, "You have completed this course");
    snprintf(want, sizeof(want), "href=\"/en/courses/%s/certificate\">View your certificate",
             el_slug);
    has(&r, want);
    lacks(&r, "Cancel my enrolment");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", el_slug, NULL, &s);
    has(&r, "Rydych chi wedi cwblhau&#39;r cwrs hwn");
    has(&r, "Gweld eich tystysgrif");
    http_resp_free(&r);
}

static void page__missing_language_is_said(void)
{
    char slug[96], want[160];
    long long id = fxc_course("saesneg", "Saesneg", "English only", "e-learning", 2, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT(fe_update("UPDATE courses SET in_cy = 0 WHERE id = ?", id) == 1);
    CU_ASSERT(fe_update("UPDATE lessons SET title_cy = NULL WHERE position = 2 AND course_id = ?",
                        id) == 1);
    r = fe_page(&srv, "cy", slug, NULL, NULL);
    has(&r, "Nid yw&#39;r cwrs hwn yn cael ei gyflwyno yn Gymraeg");
    has(&r, "Saesneg yn unig");
    has(&r, "<span lang=\"en\">Lesson 2</span>");
    has(&r, "Ar gael yn Saesneg yn unig");
    has(&r, "<li>Gwers 1</li>");
    http_resp_free(&r);
    r = fe_page(&srv, "en", slug, NULL, NULL);
    lacks(&r, "is not delivered in English");
    has(&r, "<li>Lesson 2</li>");
    http_resp_free(&r);
    /* enrolled, the lesson is linked all the same */
    fe_learner("Iaith", "cy", &s);
    r = fe_post(&srv, "cy", slug, "enrol", &s, "");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", slug, NULL, &s);
    snprintf(want, sizeof(want), "<a href=\"/cy/courses/%s/lessons/2\"><span lang=\"en\">", slug);
    has(&r, want);
    http_resp_free(&r);
}

static void page__unknown_and_unpublished(void)
{
    char slug[96], name[96];
    long long id = fxc_course("drafft", "Drafft", "Draft", "classroom", 1, slug);
    struct fx_session learner, admin;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    r = fe_page(&srv, "en", "dim-cwrs-o-gwbl-zq", NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    has(&r, "Page not found");
    http_resp_free(&r);
    r = fe_page(&srv, "cy", "DIM_SLUG", NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT(fe_update("UPDATE courses SET published = 0 WHERE id = ?", id) == 1);
    r = fe_page(&srv, "en", slug, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    fe_learner("Drafft", "cy", &learner);
    r = fe_page(&srv, "cy", slug, NULL, &learner);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    snprintf(name, sizeof(name), "Gweinyddwr %s", fx_tag);
    CU_ASSERT_FATAL(fx_sign_in(fx_user(name, "learner,admin"), &admin) == 0);
    r = fe_page(&srv, "cy", slug, NULL, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "Nid yw&#39;r cwrs hwn wedi&#39;i gyhoeddi");
    lacks(&r, "/enrol\"");
    http_resp_free(&r);
    r = fe_page(&srv, "en", slug, NULL, &admin);
    has(&r, "This course is not published");
    has(&r, "No dates are planned at the moment");
    http_resp_free(&r);
}

static void page__log_is_clean(void)
{
    CU_ASSERT(fe_log_clean(&srv));
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
