/*
 * Marking lessons complete over HTTP: the progress row and the enrolment's
 * counter move together and only once, the answer goes to the next lesson,
 * the last lesson completes the enrolment and issues one certificate, two
 * completes of the last lesson at the same moment still issue exactly one,
 * a lesson removed from the course neither blocks nor fakes completion, and
 * refusals (no CSRF token, not on the course, no such lesson) change nothing.
 */
#include <pthread.h>
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

/* POST .../lessons/{n}/complete as s with its CSRF token. */
static struct http_resp complete(const struct fx_session *s, const char *lang, const char *slug,
                                 int n)
{
    char rest[64];

    snprintf(rest, sizeof(rest), "/lessons/%d/complete", n);
    return http_course_post(&srv, lang, slug, rest, s, "");
}

static void progress__complete_counts_and_goes_on(void)
{
    struct fx_session s;
    char slug[96], want[256];
    long long course = fx_course_elearning("steps", 3, slug);
    struct http_resp r;

    fx_learner("Camau", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    r = complete(&s, "cy", slug, 1);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(
        http_location_starts(&r, http_course_path(want, "cy", slug, "/lessons/2?completed=1")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_progress_rows(s.user_id, course), 1);
    CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 1);
    CU_ASSERT_EQUAL(fx_completed(s.user_id, course), 0);
    /* the next page confirms it and shows the progress */
    r = http_get_as(&srv, http_course_path(want, "cy", slug, "/lessons/2?completed=1"), &s);
    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "learn.lesson.just_completed")));
    CU_ASSERT(http_body_has(&r, "33% wedi&#39;i gwblhau"));
    http_resp_free(&r);
    /* a claim about a lesson not done says nothing */
    r = http_get_as(&srv, http_course_path(want, "en", slug, "/lessons/2?completed=3"), &s);
    CU_ASSERT(r.status == 200 && !http_body_has(&r, loc_text("en", "learn.lesson.just_completed")));
    http_resp_free(&r);
    /* the last lesson with an earlier one open goes back to it */
    r = complete(&s, "en", slug, 3);
    CU_ASSERT(
        r.status == 303 &&
        http_location_starts(&r, http_course_path(want, "en", slug, "/lessons/2?completed=3")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 2);
    CU_ASSERT_EQUAL(fx_certificates(s.user_id, course), 0);
}

static void progress__completing_twice_counts_once(void)
{
    struct fx_session s;
    char slug[96];
    long long course = fx_course_elearning("twice", 3, slug);
    struct http_resp r;
    int i;

    fx_learner("Dwywaith", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    for (i = 0; i < 3; i++) {
        r = complete(&s, "en", slug, 2);
        CU_ASSERT_EQUAL(r.status, 303);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(fx_progress_rows(s.user_id, course), 1);
    CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 1);
}

static void progress__last_lesson_completes_and_issues_certificate(void)
{
    struct fx_session s;
    char slug[96], want[256];
    long long course = fx_course_elearning("last", 2, slug);
    struct http_resp r;
    char *code;

    fx_learner("Olaf", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    fx_lesson_done(s.user_id, course, 1);
    r = complete(&s, "cy", slug, 2);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_starts(&r, http_course_path(want, "cy", slug, "/certificate?new=1")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_completed(s.user_id, course), 1);
    CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 2);
    CU_ASSERT_EQUAL(fx_certificates(s.user_id, course), 1);
    code = fx_cert_code(s.user_id, course);
    CU_ASSERT_FATAL(code != NULL);
    CU_ASSERT_EQUAL(strlen(code), 12);
    CU_ASSERT_EQUAL(strspn(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), 12);
    /* the holder's name and the titles are kept as they were */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM certificates cert JOIN users u ON u.id = "
                              "cert.user_id JOIN courses c ON c.id = cert.course_id WHERE "
                              "cert.user_id = ? AND cert.course_id = ? AND cert.holder_name = "
                              "u.name AND cert.title_cy = c.title_cy AND cert.title_en = "
                              "c.title_en AND cert.issued_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR",
                              s.user_id, course),
                    1);
    /* again: the same certificate, no new one, and no "just issued" */
    r = complete(&s, "en", slug, 2);
    CU_ASSERT(r.status == 303 &&
              http_location_starts(&r, http_course_path(want, "en", slug, "/certificate")));
    CU_ASSERT(!http_location_starts(&r, http_course_path(want, "en", slug, "/certificate?new")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_certificates(s.user_id, course), 1);
    CU_ASSERT_STRING_EQUAL(fx_cert_code(s.user_id, course), code);
}

struct race {
    const struct fx_session *s;
    const char *slug;
    int status;
};

static void *race_one(void *arg)
{
    struct race *x = arg;
    char path[256];
    struct http_resp r;
    char body[96];
    int n = snprintf(body, sizeof(body), "csrf=%s", x->s->csrf);

    memset(&r, 0, sizeof(r));
    http_course_path(path, "en", x->slug, "/lessons/3/complete");
    x->status = http_post(&srv, path, body, (size_t)n, x->s->cookie, &r) ? -1 : r.status;
    http_resp_free(&r);
    return NULL;
}

static void progress__concurrent_last_completes_issue_one_certificate(void)
{
    int round;

    for (round = 0; round < 8; round++) {
        struct fx_session s;
        char slug[96];
        long long course = fx_course_elearning("race", 3, slug);
        struct race a = { &s, slug, 0 }, b = { &s, slug, 0 };
        pthread_t ta, tb;

        fx_learner("Ras", NULL, &s);
        fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
        fx_lesson_done(s.user_id, course, 1);
        fx_lesson_done(s.user_id, course, 2);
        CU_ASSERT_FATAL(pthread_create(&ta, NULL, race_one, &a) == 0);
        CU_ASSERT_FATAL(pthread_create(&tb, NULL, race_one, &b) == 0);
        pthread_join(ta, NULL);
        pthread_join(tb, NULL);
        CU_ASSERT_EQUAL(a.status, 303);
        CU_ASSERT_EQUAL(b.status, 303);
        CU_ASSERT_EQUAL(fx_certificates(s.user_id, course), 1);
        CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 3);
        CU_ASSERT_EQUAL(fx_completed(s.user_id, course), 1);
    }
}

static void progress__removed_lessons_do_not_count(void)
{
    static const char *const remove =
        "UPDATE lessons SET position = NULL WHERE course_id = ? AND position = ?";
    struct fx_session s, t;
    char slug[96], want[256];
    long long course = fx_course_elearning("removed", 3, slug);
    struct http_resp r;

    fx_learner("Tynnu", NULL, &s);
    fx_learner("Tynnu eto", NULL, &t);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    fx_enrol(t.user_id, course, 0, FX_ENROLLED, 0);
    /* t did lesson 3 before it was taken out of the course */
    fx_lesson_done(t.user_id, course, 3);
    fx_lesson_done(t.user_id, course, 1);
    CU_ASSERT_FATAL(db_exec(fx_dbh, remove, "li", course, 3) == DB_OK);
    /* its progress does not stand in for lesson 2 */
    r = complete(&t, "en", slug, 1);
    CU_ASSERT(r.status == 303 &&
              http_location_starts(&r, http_course_path(want, "en", slug, "/lessons/2")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_certificates(t.user_id, course), 0);
    /* and s does not need it: two lessons are the whole course now */
    fx_lesson_done(s.user_id, course, 1);
    r = complete(&s, "en", slug, 2);
    CU_ASSERT(r.status == 303 &&
              http_location_starts(&r, http_course_path(want, "en", slug, "/certificate")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_certificates(s.user_id, course), 1);
    CU_ASSERT_EQUAL(http_status(&srv, http_course_path(want, "en", slug, "/lessons/3"), &s), 404);
}

static void progress__refusals_change_nothing(void)
{
    struct fx_session s, o;
    char slug[96], path[256];
    long long course = fx_course_elearning("refuse", 2, slug);
    struct http_resp r;

    fx_learner("Gwrthod", NULL, &s);
    fx_learner("Arall", NULL, &o);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    r = http_post_without_csrf(&srv, http_course_path(path, "en", slug, "/lessons/1/complete"), &s,
                               "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = complete(&s, "en", slug, 3);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = complete(&s, "en", slug, 0);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = complete(&o, "cy", slug, 1);
    CU_ASSERT(r.status == 403 && http_body_has(&r, loc_text("cy", "learn.not_enrolled.heading")));
    http_resp_free(&r);
    r = http_post_as(&srv, "/en/courses/no-such-course-zz9/lessons/1/complete", &s, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_progress_rows(s.user_id, course), 0);
    CU_ASSERT_EQUAL(fx_progress_rows(o.user_id, course), 0);
    CU_ASSERT_EQUAL(fx_lessons_done(s.user_id, course), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "progress__complete_counts_and_goes_on", progress__complete_counts_and_goes_on },
        { "progress__completing_twice_counts_once", progress__completing_twice_counts_once },
        { "progress__last_lesson_completes_and_issues_certificate",
          progress__last_lesson_completes_and_issues_certificate },
        { "progress__concurrent_last_completes_issue_one_certificate",
          progress__concurrent_last_completes_issue_one_certificate },
        { "progress__removed_lessons_do_not_count", progress__removed_lessons_do_not_count },
        { "progress__refusals_change_nothing", progress__refusals_change_nothing },
        { NULL, NULL },
    };
    test_add_suite_with("learn/progress", cases, start, stop);
}
