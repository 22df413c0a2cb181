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

static long long rows_of(long long user_id, long long course_id)
{
    return fx_num_ll("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id = ?", user_id,
                     course_id);
}

static void enrol__elearning_self_enrol(void)
{
    char slug[96];
    long long id = fx_course("hunan", "Hunan-gofrestru", "Self enrol", "e-learning", 3, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fx_learner("Hunan", "cy", &s);
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=enrolled"));
    CU_ASSERT(http_location_starts(&r, "/en/courses/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(s.user_id, id), FX_ENROLLED);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND "
                              "course_id = ? AND cohort_id IS NULL",
                              s.user_id, id),
                    1);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    /* again: nothing changes, no message */
    r = http_course_post(&srv, "cy", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(!http_location_has(&r, "?done="));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 1);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    /* a posted cohort means nothing on a course without cohorts */
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "cohort=99999999");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_course_get(&srv, "cy", slug, "?done=enrolled", &s);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "enrol.enrolled_title")));
    CU_ASSERT(http_body_has(&r, "role=\"status\""));
    http_resp_free(&r);
}

static void enrol__cancel_and_enrol_again_reuses_the_row(void)
{
    char slug[96];
    long long id = fx_course("eto", "Eto", "Again", "webinar", 1, slug);
    long long row;
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fx_learner("Eto", "en", &s);
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "");
    http_resp_free(&r);
    row = fx_num_ll("SELECT id FROM enrolments WHERE user_id = ? AND course_id = ?", s.user_id, id);
    r = http_course_post(&srv, "en", slug, "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(s.user_id, id), FX_CANCELLED);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 0);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id "
                              "= ? AND cancelled_at IS NOT NULL",
                              s.user_id, id),
                    1);
    r = http_course_get(&srv, "en", slug, "?done=cancelled", &s);
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.done.cancelled.title")));
    CU_ASSERT(http_body_has(&r, "/enrol\""));
    http_resp_free(&r);
    /* cancelling again: nothing to do */
    r = http_course_post(&srv, "en", slug, "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(!http_location_has(&r, "?done="));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 0);
    r = http_course_post(&srv, "cy", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(s.user_id, id), FX_ENROLLED);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 1);
    CU_ASSERT_EQUAL(
        fx_num_ll("SELECT id FROM enrolments WHERE user_id = ? AND course_id = ?", s.user_id, id),
        row);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM enrolments WHERE user_id = ? AND course_id "
                              "= ? AND cancelled_at IS NULL",
                              s.user_id, id),
                    1);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
}

static void enrol__seat_taken_and_given_back(void)
{
    char slug[96];
    long long id = fx_course("sedd", "Sedd", "Seat", "blended", 2, slug);
    long long cohort = fx_cohort(id, 20, 3, "cy");
    char body[64];
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(cohort > 0);
    fx_learner("Sedd", "cy", &s);
    snprintf(body, sizeof(body), "cohort=%lld", cohort);
    r = http_course_post(&srv, "cy", slug, "/enrol", &s, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_taken(cohort), 1);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT cohort_id FROM enrolments WHERE user_id = ? AND "
                              "course_id = ?",
                              s.user_id, id),
                    cohort);
    r = http_course_get(&srv, "cy", slug, NULL, &s);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "enrol.your_cohort")));
    CU_ASSERT(http_body_has(&r, "Caerdydd"));
    /* cancelling gives the seat up: the page says where it goes */
    CU_ASSERT(http_body_has(&r, loc_text("cy", "enrol.cancel_confirm_seat")));
    http_resp_free(&r);
    r = http_course_post(&srv, "cy", slug, "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_taken(cohort), 0);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 0);
    /* nobody was waiting: no e-mail */
    CU_ASSERT_EQUAL(fx_mails_to(s.user_id, fx_email_of(s.user_id)), 0);
}

static void enrol__promotion_mail_in_welsh(void)
{
    char slug[96], body[64];
    long long id = fx_course("dyrchafu", "Dyrchafu", "Promotion", "classroom", 1, slug);
    long long cohort = fx_cohort(id, 25, 1, "cy");
    char *email, *lang = NULL, *subject = NULL, *text = NULL;
    struct fx_session holder, waiter;
    struct http_resp r;

    CU_ASSERT_FATAL(cohort > 0);
    fx_learner("Deiliad", "en", &holder);
    fx_learner("Aros Cymraeg", "cy", &waiter);
    snprintf(body, sizeof(body), "cohort=%lld", cohort);
    r = http_course_post(&srv, "en", slug, "/enrol", &holder, body);
    CU_ASSERT(http_location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/enrol", &waiter, body);
    CU_ASSERT(http_location_has(&r, "?done=waitlisted"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    /* freed from an English page; the waiter reads Welsh */
    r = http_course_post(&srv, "en", slug, "/cancel", &holder, "");
    CU_ASSERT(http_location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(waiter.user_id, id), FX_ENROLLED);
    CU_ASSERT_EQUAL(fx_taken(cohort), 1);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    email = fx_email_of(waiter.user_id);
    CU_ASSERT_FATAL(email && fx_mail(email, &lang, &subject, &text) == 0);
    /* the e-mail's language is the behaviour here: its words are literal */
    CU_ASSERT_STRING_EQUAL(lang, "cy");
    CU_ASSERT(strstr(subject, "Mae lle i chi ar y cwrs “Dyrchafu zq") == subject);
    CU_ASSERT(strstr(text, "Helo Aros Cymraeg") != NULL);
    CU_ASSERT(strstr(text, "Pryd a ble: dydd ") != NULL);
    CU_ASSERT(strstr(text, "Caerdydd") != NULL);
    CU_ASSERT(strstr(text, "/cy/courses/dyrchafu-") != NULL);
    CU_ASSERT(strstr(text, "Hello") == NULL);
    /* the one who cancelled gets nothing */
    CU_ASSERT_EQUAL(fx_mails_to(holder.user_id, fx_email_of(holder.user_id)), 0);
}

/* POST body to the classroom course as s: 400, the message at key shown in
 * the summary and the page titled as an error, nothing written. */
static void refused(const char *lang, const char *slug, long long course_id,
                    const struct fx_session *s, const char *body, const char *key)
{
    struct http_resp r = http_course_post(&srv, lang, slug, "/enrol", s, body);
    const char *message = loc_text(lang, key);
    char toggle[160], title[64];

    CU_ASSERT_EQUAL(r.status, 400);
    /* the language toggle leads to the course page, not the POST address (405) */
    snprintf(toggle, sizeof(toggle), "href=\"/%s/courses/%s\"", lang[0] == 'c' ? "en" : "cy", slug);
    CU_ASSERT(http_body_has(&r, toggle));
    CU_ASSERT(http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, "href=\"#cohort\""));
    CU_ASSERT(http_body_has(&r, message));
    snprintf(title, sizeof(title), "<title>%s", loc_prefix(lang, "common.error_title", NULL));
    CU_ASSERT(http_body_has(&r, title));
    if (!http_body_has(&r, message))
        fprintf(stderr, "missing '%s' for body '%s'\n", message, body);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s->user_id, course_id), 0);
}

static void enrol__bad_cohorts_change_nothing(void)
{
    char slug[96], other_slug[96], body[64];
    long long id = fx_course("carfan", "Carfan", "Cohort", "classroom", 1, slug);
    long long other = fx_course("arall", "Arall", "Other", "classroom", 1, other_slug);
    long long open = fx_cohort(id, 30, 5, "both");
    long long past = fx_cohort(id, -3, 5, "en");
    long long cancelled = fx_cohort(id, 40, 5, "cy");
    long long foreign = fx_cohort(other, 30, 5, "cy");
    struct fx_session s;

    CU_ASSERT_FATAL(open && past && cancelled && foreign);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE cohorts SET cancelled = 1 WHERE id = ?", cancelled), 1);
    fx_learner("Carfan", "cy", &s);
    refused("en", slug, id, &s, "", "enrol.errors.cohort_missing");
    refused("cy", slug, id, &s, "", "enrol.errors.cohort_missing");
    refused("en", slug, id, &s, "cohort=", "enrol.errors.cohort_missing");
    refused("en", slug, id, &s, "cohort=abc", "enrol.errors.cohort_invalid");
    refused("en", slug, id, &s, "cohort=-1", "enrol.errors.cohort_invalid");
    refused("en", slug, id, &s, "cohort=0", "enrol.errors.cohort_invalid");
    refused("cy", slug, id, &s, "cohort=99999999999999999999", "enrol.errors.cohort_invalid");
    snprintf(body, sizeof(body), "cohort=%lld", past);
    refused("en", slug, id, &s, body, "enrol.errors.cohort_invalid");
    snprintf(body, sizeof(body), "cohort=%lld", cancelled);
    refused("en", slug, id, &s, body, "enrol.errors.cohort_invalid");
    snprintf(body, sizeof(body), "cohort=%lld", foreign);
    refused("cy", slug, id, &s, body, "enrol.errors.cohort_invalid");
    CU_ASSERT_EQUAL(fx_taken(open) + fx_taken(past) + fx_taken(cancelled) + fx_taken(foreign), 0);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 0);
    CU_ASSERT_EQUAL(fx_enrolled_count(other), 0);
    /* and the form still offers the open cohort, and only it */
    {
        char want[64];
        struct http_resp r = http_course_post(&srv, "en", slug, "/enrol", &s, "");

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
    long long id = fx_course("gorffen", "Gorffen", "Finished", "e-learning", 2, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    fx_learner("Gorffen", "en", &s);
    CU_ASSERT_FATAL(fx_enrol(s.user_id, id, 0, FX_COMPLETED, 2) > 0);
    r = http_course_post(&srv, "en", slug, "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.errors.completed")));
    CU_ASSERT(http_body_has(&r, "href=\"#enrol\""));
    http_resp_free(&r);
    r = http_course_post(&srv, "cy", slug, "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "enrol.errors.completed")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(s.user_id, id), FX_COMPLETED);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    /* enrolling again changes nothing either */
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(s.user_id, id), FX_COMPLETED);
}

static void enrol__signed_out_or_forged_is_refused(void)
{
    static const char tok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    char slug[96], path[160], body[96], cookie[96];
    long long id = fx_course("allan", "Allan", "Outside", "e-learning", 1, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    snprintf(path, sizeof(path), "/en/courses/%s/enrol", slug);
    /* no session, no token */
    r = http_post_as(&srv, path, NULL, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* no session, a valid pre-session token: the guard refuses a POST (no redirect) */
    snprintf(body, sizeof(body), "csrf=%s", tok);
    snprintf(cookie, sizeof(cookie), "Cookie: csrf=%s\r\n", tok);
    CU_ASSERT_FATAL(http_post(&srv, path, body, strlen(body), cookie, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* signed in, no token */
    fx_learner("Allan", "cy", &s);
    r = http_post_without_csrf(&srv, path, &s, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/courses/%s/cancel", slug);
    r = http_post_without_csrf(&srv, path, &s, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 0);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 0);
    /* a GET of the form's address is not a route */
    r = http_course_get(&srv, "en", slug, "/enrol", &s);
    CU_ASSERT_EQUAL(r.status, 405);
    http_resp_free(&r);
}

static void enrol__unknown_or_unpublished_is_404(void)
{
    char slug[96];
    long long id = fx_course("cudd", "Cudd", "Hidden", "e-learning", 1, slug);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE courses SET published = 0 WHERE id = ?", id), 1);
    fx_learner("Cudd", "en", &s);
    r = http_course_post(&srv, "en", slug, "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(rows_of(s.user_id, id), 0);
    r = http_course_post(&srv, "en", "dim-cwrs-fel-hyn-zq", "/enrol", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_course_post(&srv, "cy", "Not_A_Slug", "/cancel", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void enrol__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
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
