/*
 * Enrolling and cancelling over HTTP: self-enrolment on e-learning, enrol /
 * cancel / enrol again on the same row, a seat taken and given back, and the
 * refusals that change nothing: no cohort, a bad, past, cancelled or other
 * course's cohort (400 with the message, in both languages), a completed
 * course cancelled (400), signed out or without the CSRF token (403), an
 * unknown or unpublished course (404).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrol_fixtures.h"

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

/* Location of r holds needle. */
static int location_has(const struct http_resp *r, const char *needle)
{
    char *loc = http_header(r, "Location");
    int ok = loc && strstr(loc, needle);

    free(loc);
    return ok;
}

static long long rows_of(long long user_id, long long course_id)
{
    return fe_number2("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id = ?",
                      user_id, course_id);
}

static void enrol__elearning_self_enrol(void)
{
    char slug[96];
    long long id = fxc_course("hunan", "Hunan-gofrestru", "Self enrol", "e-learning", 3, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fe_learner("Hunan", "cy", &s);
    r = fe_post(&srv, "en", slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(location_has(&r, "?done=enrolled"));
    CU_ASSERT(fx_location_is(&r, "/en/courses/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(s.user_id, id), 1);
    CU_ASSERT_EQUAL(fe_number2("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND "
                               "course_id = ? AND cohort_id IS NULL",
                               s.user_id, id),
                    1);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    /* again: nothing changes, no message */
    r = fe_post(&srv, "cy", slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(!location_has(&r, "?done="));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    /* a posted cohort means nothing on a course without cohorts */
    r = fe_post(&srv, "en", slug, "enrol", &s, "cohort=99999999");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = fe_page(&srv, "cy", slug, "?done=enrolled", &s);
    CU_ASSERT(http_body_has(&r, "Rydych chi wedi cofrestru"));
    CU_ASSERT(http_body_has(&r, "role=\"status\""));
    http_resp_free(&r);
}

static void enrol__cancel_and_enrol_again_reuses_the_row(void)
{
    char slug[96];
    long long id = fxc_course("eto", "Eto", "Again", "webinar", 1, slug);
    long long row;
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fe_learner("Eto", "en", &s);
    r = fe_post(&srv, "en", slug, "enrol", &s, "");
    http_resp_free(&r);
    row =
        fe_number2("SELECT id FROM enrolments WHERE user_id = ? AND course_id = ?", s.user_id, id);
    r = fe_post(&srv, "en", slug, "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(s.user_id, id), 4);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 0);
    CU_ASSERT_EQUAL(fe_number2("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id "
                               "= ? AND cancelled_at IS NOT NULL",
                               s.user_id, id),
                    1);
    r = fe_page(&srv, "en", slug, "?done=cancelled", &s);
    CU_ASSERT(http_body_has(&r, "Your enrolment has been cancelled"));
    CU_ASSERT(http_body_has(&r, "/enrol\""));
    http_resp_free(&r);
    /* cancelling again: nothing to do */
    r = fe_post(&srv, "en", slug, "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(!location_has(&r, "?done="));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 0);
    r = fe_post(&srv, "cy", slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(s.user_id, id), 1);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 1);
    CU_ASSERT_EQUAL(
        fe_number2("SELECT id FROM enrolments WHERE user_id = ? AND course_id = ?", s.user_id, id),
        row);
    CU_ASSERT_EQUAL(fe_number2("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id "
                               "= ? AND cancelled_at IS NULL",
                               s.user_id, id),
                    1);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
}

static void enrol__seat_taken_and_given_back(void)
{
    char slug[96];
    long long id = fxc_course("sedd", "Sedd", "Seat", "blended", 2, slug);
    long long cohort = fxc_cohort(id, 20, 3, "cy");
    char body[64];
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(cohort > 0);
    fe_learner("Sedd", "cy", &s);
    snprintf(body, sizeof(body), "cohort=%lld", cohort);
    r = fe_post(&srv, "cy", slug, "enrol", &s, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_taken(cohort), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    CU_ASSERT_EQUAL(fe_number2("SELECT cohort_id FROM enrolments WHERE user_id = ? AND "
                               "course_id = ?",
                               s.user_id, id),
                    cohort);
    r = fe_page(&srv, "cy", slug, NULL, &s);
    CU_ASSERT(http_body_has(&r, "Pryd a ble:"));
    CU_ASSERT(http_body_has(&r, "Caerdydd"));
    CU_ASSERT(http_body_has(&r, "bydd yn mynd i&#39;r person nesaf ar y rhestr aros"));
    http_resp_free(&r);
    r = fe_post(&srv, "cy", slug, "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_taken(cohort), 0);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 0);
    /* nobody was waiting: no e-mail */
    CU_ASSERT_EQUAL(fe_mails_to(s.user_id, fe_email(s.user_id)), 0);
}

static void enrol__promotion_mail_in_welsh(void)
{
    char slug[96], body[64];
    long long id = fxc_course("dyrchafu", "Dyrchafu", "Promotion", "classroom", 1, slug);
    long long cohort = fxc_cohort(id, 25, 1, "cy");
    char *email, *lang = NULL, *subject = NULL, *text = NULL;
    struct fx_session holder, waiter;
    struct http_resp r;

    CU_ASSERT_FATAL(cohort > 0);
    fe_learner("Deiliad", "en", &holder);
    fe_learner("Aros Cymraeg", "cy", &waiter);
    snprintf(body, sizeof(body), "cohort=%lld", cohort);
    r = fe_post(&srv, "en", slug, "enrol", &holder, body);
    CU_ASSERT(location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    r = fe_post(&srv, "en", slug, "enrol", &waiter, body);
    CU_ASSERT(location_has(&r, "?done=waitlisted"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    /* freed from an English page; the waiter reads Welsh */
    r = fe_post(&srv, "en", slug, "cancel", &holder, "");
    CU_ASSERT(location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(waiter.user_id, id), 1);
    CU_ASSERT_EQUAL(fe_taken(cohort), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    email = fe_email(waiter.user_id);
    CU_ASSERT_FATAL(email && fe_mail(email, &lang, &subject, &text) == 0);
    CU_ASSERT_STRING_EQUAL(lang, "cy");
    CU_ASSERT(strstr(subject, "Mae lle i chi ar y cwrs “Dyrchafu zq") == subject);
    CU_ASSERT(strstr(text, "Helo Aros Cymraeg") != NULL);
    CU_ASSERT(strstr(text, "Pryd a ble: dydd ") != NULL);
    CU_ASSERT(strstr(text, "Caerdydd") != NULL);
    CU_ASSERT(strstr(text, "/cy/courses/dyrchafu-") != NULL);
    CU_ASSERT(strstr(text, "Hello") == NULL);
    /* the one who cancelled gets nothing */
    CU_ASSERT_EQUAL(fe_mails_to(holder.user_id, fe_email(holder.user_id)), 0);
}

/* POST body to the classroom course as s: 400, message shown, nothing written. */
static void refused(const char *lang, const char *slug, long long course_id,
                    const struct fx_session *s, const char *body, const char *message)
{
    struct http_resp r = fe_post(&srv, lang, slug, "enrol", s, body);
    char toggle[160];

    CU_ASSERT_EQUAL(r.status, 400);
    /* the language toggle leads to the course page, not the POST address (405) */
    snprintf(toggle, sizeof(toggle), "href=\"/%s/courses/%s\"", lang[0] == 'c' ? "en" : "cy", slug);
    CU_ASSERT(http_body_has(&r, toggle));
    CU_ASSERT(http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, "href=\"#cohort\""));
    CU_ASSERT(http_body_has(&r, message));
    CU_ASSERT(http_body_has(&r, lang[0] == 'c' ? "<title>Gwall: " : "<title>Error: "));
    if (!http_body_has(&r, message))
        fprintf(stderr, "missing '%s' for body '%s'\n", message, body);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s->user_id, course_id), 0);
}

static void enrol__bad_cohorts_change_nothing(void)
{
    char slug[96], other_slug[96], body[64];
    long long id = fxc_course("carfan", "Carfan", "Cohort", "classroom", 1, slug);
    long long other = fxc_course("arall", "Arall", "Other", "classroom", 1, other_slug);
    long long open = fxc_cohort(id, 30, 5, "both");
    long long past = fxc_cohort(id, -3, 5, "en");
    long long cancelled = fxc_cohort(id, 40, 5, "cy");
    long long foreign = fxc_cohort(other, 30, 5, "cy");
    struct fx_session s;

    CU_ASSERT_FATAL(open && past && cancelled && foreign);
    CU_ASSERT_EQUAL(fe_update("UPDATE cohorts SET cancelled = 1 WHERE id = ?", cancelled), 1);
    fe_learner("Carfan", "cy", &s);
    refused("en", slug, id, &s, "", "Choose a date");
    refused("cy", slug, id, &s, "", "Dewiswch ddyddiad");
    refused("en", slug, id, &s, "cohort=", "Choose a date");
    refused("en", slug, id, &s, "cohort=abc", "Choose one of the dates listed");
    refused("en", slug, id, &s, "cohort=-1", "Choose one of the dates listed");
    refused("en", slug, id, &s, "cohort=0", "Choose one of the dates listed");
    refused("cy", slug, id, &s, "cohort=99999999999999999999",
            "Dewiswch un o&#39;r dyddiadau sydd ar y rhestr");
    snprintf(body, sizeof(body), "cohort=%lld", past);
    refused("en", slug, id, &s, body, "Choose one of the dates listed");
    snprintf(body, sizeof(body), "cohort=%lld", cancelled);
    refused("en", slug, id, &s, body, "Choose one of the dates listed");
    snprintf(body, sizeof(body), "cohort=%lld", foreign);
    refused("cy", slug, id, &s, body, "Dewiswch un o&#39;r dyddiadau sydd ar y rhestr");
    CU_ASSERT_EQUAL(fe_taken(open) + fe_taken(past) + fe_taken(cancelled) + fe_taken(foreign), 0);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 0);
    CU_ASSERT_EQUAL(fe_enrolled_count(other), 0);
    /* and the form still offers the open cohort, and only it */
    {
        char want[64];
        struct http_resp r = fe_post(&srv, "en", slug, "enrol", &s, "");

        snprintf(want, sizeof(want), "value=\"%lld\"", open);
        CU_ASSERT(http_body_has(&r, want));
        snprintf(want, sizeof(want), "value=\"%lld\"", past);
        CU_ASSERT(!http_body_has(&r, want));
        snprintf(want, sizeof(want), "value=\"%lld\"", cancelled);
        CU_ASSERT(!http_body_has(&r, want));
        http_resp_free(&r);
    }
}

static void enrol__completed_cannot_be_cancelled(void)
{
    char slug[96];
    long long id = fxc_course("gorffen", "Gorffen", "Finished", "e-learning", 2, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fe_learner("Gorffen", "en", &s);
    CU_ASSERT_FATAL(fe_enrolment(s.user_id, id, "completed", 2) == 0);
    r = fe_post(&srv, "en", slug, "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "You have completed this course, so your enrolment cannot be "
                                "cancelled"));
    CU_ASSERT(http_body_has(&r, "href=\"#enrol\""));
    http_resp_free(&r);
    r = fe_post(&srv, "cy", slug, "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "nid oes modd canslo eich cofrestriad"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(s.user_id, id), 3);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 1);
    /* enrolling again changes nothing either */
    r = fe_post(&srv, "en", slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(s.user_id, id), 3);
}

static void enrol__signed_out_or_forged_is_refused(void)
{
    static const char tok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    char slug[96], path[160], body[96], cookie[96];
    long long id = fxc_course("allan", "Allan", "Outside", "e-learning", 1, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    snprintf(path, sizeof(path), "/en/courses/%s/enrol", slug);
    /* no session, no token */
    r = fx_post(&srv, path, NULL, 0, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* no session, a valid pre-session token: the guard refuses a POST (no redirect) */
    snprintf(body, sizeof(body), "csrf=%s", tok);
    snprintf(cookie, sizeof(cookie), "Cookie: csrf=%s\r\n", tok);
    CU_ASSERT_FATAL(http_post(&srv, path, body, strlen(body), cookie, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* signed in, no token */
    fe_learner("Allan", "cy", &s);
    r = fx_post(&srv, path, &s, 0, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/courses/%s/cancel", slug);
    r = fx_post(&srv, path, &s, 0, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 0);
    CU_ASSERT_EQUAL(fe_enrolled_count(id), 0);
    /* a GET of the form's address is not a route */
    r = fe_page(&srv, "en", slug, "/enrol", &s);
    CU_ASSERT_EQUAL(r.status, 405);
    http_resp_free(&r);
}

static void enrol__unknown_or_unpublished_is_404(void)
{
    char slug[96];
    long long id = fxc_course("cudd", "Cudd", "Hidden", "e-learning", 1, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(fe_update("UPDATE courses SET published = 0 WHERE id = ?", id), 1);
    fe_learner("Cudd", "en", &s);
    r = fe_post(&srv, "en", slug, "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 0);
    r = fe_post(&srv, "en", "dim-cwrs-fel-hyn-zq", "enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = fe_post(&srv, "cy", "Not_A_Slug", "cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void enrol__log_is_clean(void)
{
    CU_ASSERT(fe_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "enrol__elearning_self_enrol", enrol__elearning_self_enrol },
        { "enrol__cancel_and_enrol_again_reuses_the_row",
          enrol__cancel_and_enrol_again_reuses_the_row },
        { "enrol__seat_taken_and_given_back", enrol__seat_taken_and_given_back },
        { "enrol__promotion_mail_in_welsh", enrol__promotion_mail_in_welsh },
        { "enrol__bad_cohorts_change_nothing", enrol__bad_cohorts_change_nothing },
        { "enrol__completed_cannot_be_cancelled", enrol__completed_cannot_be_cancelled },
        { "enrol__signed_out_or_forged_is_refused", enrol__signed_out_or_forged_is_refused },
        { "enrol__unknown_or_unpublished_is_404", enrol__unknown_or_unpublished_is_404 },
        { "enrol__log_is_clean", enrol__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/enrol/enrol", cases, start, stop);
}
