/*
 * THE LAST SEAT: 64 people with sessions press Enrol on a one-seat cohort at
 * the same instant (64 threads, raw HTTP, each with its own cookie and CSRF
 * token). Exactly one gets the seat, 63 are on the waiting list in a queue
 * numbered 1..63, taken is 1, the course counts one enrolment, and nobody
 * sees a 5xx. Then the seat holder cancels on a Welsh page: the first person
 * waiting gets the seat (taken stays 1) and an e-mail in THEIR language
 * (English), with the course's English title.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrol_fixtures.h"

#define RACERS 64

static struct server srv;
static char slug[96];
static long long course_id, cohort_id;

struct racer {
    struct fx_session s;
    pthread_barrier_t *start;
    int status;
    char *location;
};

static struct racer racers[RACERS];

static int start(void)
{
    const char *const env[] = { "DYSGU_THREADS=64", NULL };

    if (fx_init())
        return -1;
    course_id = fxc_course("sedd-olaf", "Y sedd olaf", "The last seat", "classroom", 2, slug);
    cohort_id = course_id ? fxc_cohort(course_id, 10, 1, "both") : 0;
    if (!cohort_id)
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    int rc = server_stop(&srv);

    fx_done();
    return rc;
}

static void *race(void *arg)
{
    struct racer *me = arg;
    struct http_resp r;
    char path[160], body[128];
    int n;

    snprintf(path, sizeof(path), "/en/courses/%s/enrol", slug);
    n = snprintf(body, sizeof(body), "csrf=%s&cohort=%lld", me->s.csrf, cohort_id);
    pthread_barrier_wait(me->start);
    if (http_post(&srv, path, body, (size_t)n, me->s.cookie, &r) == 0) {
        me->status = r.status;
        me->location = http_header(&r, "Location");
    }
    http_resp_free(&r);
    return NULL;
}

/* The racer holding the seat, or -1. */
static int seat_holder(void)
{
    int i;

    for (i = 0; i < RACERS; i++)
        if (fe_status(racers[i].s.user_id, course_id) == 1)
            return i;
    return -1;
}

/* The racer first in the queue (waitlisted_at, id), or -1. */
static int first_waiter(void)
{
    static const char *const q =
        "SELECT user_id FROM enrolments WHERE cohort_id = ? AND status = 'waitlisted' "
        "ORDER BY waitlisted_at, id LIMIT 1";
    long long uid = fx_number(q, cohort_id);
    int i;

    for (i = 0; i < RACERS; i++)
        if (racers[i].s.user_id == uid)
            return i;
    return -1;
}

static void last_seat__64_at_once_one_seat(void)
{
    pthread_t th[RACERS];
    pthread_barrier_t barrier;
    int i, n_303 = 0, n_5xx = 0, n_enrolled = 0, n_waitlisted = 0;
    char name[64];

    for (i = 0; i < RACERS; i++) {
        snprintf(name, sizeof(name), "Rasiwr %d", i);
        fe_learner(name, i % 2 ? "cy" : "en", &racers[i].s);
    }
    pthread_barrier_init(&barrier, NULL, RACERS);
    for (i = 0; i < RACERS; i++) {
        racers[i].start = &barrier;
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, race, &racers[i]) == 0);
    }
    for (i = 0; i < RACERS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    for (i = 0; i < RACERS; i++) {
        const char *loc = racers[i].location ? racers[i].location : "";

        n_303 += racers[i].status == 303;
        n_5xx += racers[i].status >= 500;
        n_enrolled += strstr(loc, "?done=enrolled") != NULL;
        n_waitlisted += strstr(loc, "?done=waitlisted") != NULL;
    }
    CU_ASSERT_EQUAL(n_5xx, 0);
    CU_ASSERT_EQUAL(n_303, RACERS);
    CU_ASSERT_EQUAL(n_enrolled, 1);
    CU_ASSERT_EQUAL(n_waitlisted, RACERS - 1);
    CU_ASSERT_EQUAL(fe_count(course_id, "enrolled"), 1);
    CU_ASSERT_EQUAL(fe_count(course_id, "waitlisted"), RACERS - 1);
    CU_ASSERT_EQUAL(fe_taken(cohort_id), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(course_id), 1);
    /* the queue is 1..63 with no gaps or repeats */
    CU_ASSERT_EQUAL(fx_number("SELECT COUNT(DISTINCT waitlisted_at, id) FROM enrolments "
                              "WHERE cohort_id = ? AND status = 'waitlisted'",
                              cohort_id),
                    RACERS - 1);
}

static void last_seat__the_queue_is_numbered(void)
{
    int first = first_waiter();
    struct http_resp r;

    CU_ASSERT_FATAL(first >= 0);
    r = fe_page(&srv, "en", slug, "?done=waitlisted", &racers[first].s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "The last place has gone"));
    CU_ASSERT(http_body_has(&r, "You are number 1 on the waiting list for"));
    CU_ASSERT(http_body_has(&r, "role=\"status\""));
    http_resp_free(&r);
    r = fe_page(&srv, "cy", slug, NULL, &racers[first].s);
    CU_ASSERT(http_body_has(&r, "Chi yw rhif 1 ar y rhestr aros"));
    CU_ASSERT(http_body_has(&r, "Gadael y rhestr aros"));
    http_resp_free(&r);
    /* anybody else sees the cohort full */
    r = fe_page(&srv, "cy", slug, NULL, NULL);
    CU_ASSERT(http_body_has(&r, ">Llawn<"));
    CU_ASSERT(http_body_has(&r, "Mewngofnodwch i gofrestru"));
    http_resp_free(&r);
}

static void last_seat__cancel_promotes_the_first_waiter(void)
{
    int holder = seat_holder(), first = first_waiter();
    char *email, *lang = NULL, *subject = NULL, *body = NULL;
    struct http_resp r;

    CU_ASSERT_FATAL(holder >= 0 && first >= 0);
    /* the waiter reads English; the seat is freed from a Welsh page */
    fe_set_lang(racers[first].s.user_id, "en");
    email = fe_email(racers[first].s.user_id);
    CU_ASSERT_FATAL(email != NULL);
    CU_ASSERT_EQUAL(fe_mails_to(racers[first].s.user_id, email), 0);
    r = fe_post(&srv, "cy", slug, "cancel", &racers[holder].s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(fx_location_is(&r, "/cy/courses/"));
    CU_ASSERT(strstr(r.head, "?done=cancelled") != NULL);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_status(racers[holder].s.user_id, course_id), 4);
    CU_ASSERT_EQUAL(fe_status(racers[first].s.user_id, course_id), 1);
    CU_ASSERT_EQUAL(fe_taken(cohort_id), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(course_id), 1);
    CU_ASSERT_EQUAL(fe_count(course_id, "waitlisted"), RACERS - 2);
    CU_ASSERT_EQUAL(fe_mails_to(racers[first].s.user_id, email), 1);
    CU_ASSERT_FATAL(fe_mail(email, &lang, &subject, &body) == 0);
    CU_ASSERT_STRING_EQUAL(lang, "en");
    CU_ASSERT(strstr(subject, "A place has come up for you on The last seat") != NULL);
    CU_ASSERT(strstr(body, "Hello Rasiwr") != NULL);
    CU_ASSERT(strstr(body, "Cardiff") != NULL);
    CU_ASSERT(strstr(body, "/en/courses/") != NULL);
    CU_ASSERT(strstr(body, "Mae") == NULL);
    /* the promoted person now sees their place */
    r = fe_page(&srv, "en", slug, NULL, &racers[first].s);
    CU_ASSERT(http_body_has(&r, "You are enrolled"));
    http_resp_free(&r);
    /* the next in line is now number 1 */
    first = first_waiter();
    CU_ASSERT_FATAL(first >= 0);
    r = fe_page(&srv, "en", slug, NULL, &racers[first].s);
    CU_ASSERT(http_body_has(&r, "You are number 1 on the waiting list"));
    http_resp_free(&r);
}

static void last_seat__leaving_the_list_frees_nothing(void)
{
    int first = first_waiter();
    long long waiting = fe_count(course_id, "waitlisted");
    struct http_resp r;

    CU_ASSERT_FATAL(first >= 0);
    r = fe_post(&srv, "en", slug, "cancel", &racers[first].s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(strstr(r.head, "?done=left") != NULL);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fe_count(course_id, "waitlisted"), waiting - 1);
    CU_ASSERT_EQUAL(fe_count(course_id, "enrolled"), 1);
    CU_ASSERT_EQUAL(fe_taken(cohort_id), 1);
    CU_ASSERT_EQUAL(fe_enrolled_count(course_id), 1);
    r = fe_page(&srv, "cy", slug, "?done=left", &racers[first].s);
    CU_ASSERT(http_body_has(&r, "Rydych chi wedi gadael y rhestr aros"));
    http_resp_free(&r);
}

static void last_seat__server_log_is_clean(void)
{
    int i;

    CU_ASSERT(fe_log_clean(&srv));
    for (i = 0; i < RACERS; i++)
        free(racers[i].location);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "last_seat__64_at_once_one_seat", last_seat__64_at_once_one_seat },
        { "last_seat__the_queue_is_numbered", last_seat__the_queue_is_numbered },
        { "last_seat__cancel_promotes_the_first_waiter",
          last_seat__cancel_promotes_the_first_waiter },
        { "last_seat__leaving_the_list_frees_nothing", last_seat__leaving_the_list_frees_nothing },
        { "last_seat__server_log_is_clean", last_seat__server_log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/enrol/last_seat", cases, start, stop);
}
