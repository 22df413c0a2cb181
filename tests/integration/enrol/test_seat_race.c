/*
 * SEATS UNDER FIRE: a cohort of 8 seats in offer mode with 24 people
 * waiting, and everything happening at once.
 *
 *   1. the 8 seat holders cancel at the same instant (8 threads, HTTP): each
 *      seat is offered to one of the first 8 waiting, in queue order;
 *   2. of those 8, four accept, four decline, while four more waiting people
 *      leave the list, all at the same instant (16 threads): the declined
 *      seats are offered to the next people still waiting;
 *   3. the 4 open offers run out and four sweepers (test threads with their
 *      own connections, as if on four servers) expire them at once, beside
 *      the server's own: each offer lapses exactly once and its seat passes
 *      on.
 *
 * After every step: never overbooked (taken <= capacity), never a seat lost
 * (taken = enrolled + offered, and taken = capacity while anyone waits), the
 * course's counter equals its active enrolments, and nobody sees a 5xx.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enrol/enrol.h"
#include "harness.h"

#define SEATS    8
#define WAITING  24
#define SWEEPERS 4

static struct server srv;
static char slug[96];
static long long course_id, cohort_id;
static struct fx_session holders[SEATS], waiters[WAITING];
static atomic_int n_5xx;

static int start(void)
{
    static const char *const offer = "UPDATE cohorts SET seat_mode = 'offer' WHERE id = ?";
    const char *const env[] = { "DYSGU_THREADS=64", NULL };

    if (fx_init())
        return -1;
    course_id = fx_course("ras-seddi", "Ras am seddi", "Race for seats", "classroom", 1, slug);
    cohort_id = course_id ? fx_cohort(course_id, 20, SEATS, "both") : 0;
    if (!cohort_id || fx_exec_l(offer, cohort_id) != 1)
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    int rc = server_stop(&srv);

    fx_done();
    return rc;
}

static long long count(const char *status)
{
    return fx_num_ls("SELECT COUNT(*) FROM enrolments WHERE cohort_id = ? AND status = ?",
                     cohort_id, status);
}

/* The invariants of the header comment. */
static void assert_seats_sane(void)
{
    long long taken = fx_taken(cohort_id), enrolled = count("enrolled");
    long long offered = count("offered"), waiting = count("waitlisted");

    CU_ASSERT(taken <= SEATS);
    CU_ASSERT_EQUAL(taken, enrolled + offered);
    if (waiting > 0)
        CU_ASSERT_EQUAL(taken, SEATS);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), enrolled);
    CU_ASSERT_EQUAL(n_5xx, 0);
    if (taken > SEATS || taken != enrolled + offered || (waiting && taken != SEATS))
        fprintf(stderr, "seats: taken %lld, enrolled %lld, offered %lld, waiting %lld\n", taken,
                enrolled, offered, waiting);
}

struct job {
    const struct fx_session *s;
    const char *action;
    pthread_barrier_t *start;
};

static void *post_job(void *arg)
{
    struct job *j = arg;
    struct http_resp r;
    char rest[32]; /* fx_mem is not for threads */

    snprintf(rest, sizeof(rest), "/%s", j->action);
    pthread_barrier_wait(j->start);
    r = http_course_post(&srv, "en", slug, rest, j->s, "");
    if (r.status >= 500 || r.status == 0)
        atomic_fetch_add(&n_5xx, 1);
    http_resp_free(&r);
    return NULL;
}

/* Run every job at the same instant and wait for all. */
static void run_at_once(struct job *jobs, int n)
{
    pthread_t th[64];
    pthread_barrier_t barrier;
    int i;

    pthread_barrier_init(&barrier, NULL, (unsigned)n);
    for (i = 0; i < n; i++) {
        jobs[i].start = &barrier;
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, post_job, &jobs[i]) == 0);
    }
    for (i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
}

static long long status_of(int waiter)
{
    return fx_enrolment_status(waiters[waiter].user_id, course_id);
}

static void seat_race__set_up_8_holders_and_24_waiting(void)
{
    char name[32], body[64];
    struct http_resp r;
    int i;

    snprintf(body, sizeof(body), "cohort=%lld", cohort_id);
    for (i = 0; i < SEATS + WAITING; i++) {
        struct fx_session *s = i < SEATS ? &holders[i] : &waiters[i - SEATS];

        snprintf(name, sizeof(name), "Rasiwr %d", i);
        fx_learner(name, "en", s);
        r = http_course_post(&srv, "en", slug, "/enrol", s, body);
        CU_ASSERT_EQUAL(r.status, 303);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(count("enrolled"), SEATS);
    CU_ASSERT_EQUAL(count("waitlisted"), WAITING);
    assert_seats_sane();
}

static void seat_race__8_cancel_at_once_8_offers_in_queue_order(void)
{
    struct job jobs[SEATS];
    int i;

    for (i = 0; i < SEATS; i++)
        jobs[i] = (struct job){ &holders[i], "cancel", NULL };
    run_at_once(jobs, SEATS);
    CU_ASSERT_EQUAL(count("offered"), SEATS);
    CU_ASSERT_EQUAL(count("enrolled"), 0);
    for (i = 0; i < WAITING; i++)
        CU_ASSERT_EQUAL(status_of(i), i < SEATS ? FX_OFFERED : FX_WAITLISTED);
    assert_seats_sane();
}

static void seat_race__accept_decline_and_leave_at_once(void)
{
    struct job jobs[12];
    int i;

    for (i = 0; i < 4; i++) {
        jobs[i] = (struct job){ &waiters[i], "accept", NULL };
        jobs[4 + i] = (struct job){ &waiters[4 + i], "decline", NULL };
        jobs[8 + i] = (struct job){ &waiters[8 + i], "cancel", NULL };
    }
    run_at_once(jobs, 12);
    for (i = 0; i < WAITING; i++) {
        long long want = i < 4    ? FX_ENROLLED
                         : i < 12 ? FX_CANCELLED
                         : i < 16 ? FX_OFFERED
                                  : FX_WAITLISTED;

        CU_ASSERT_EQUAL(status_of(i), want);
        if (status_of(i) != want)
            fprintf(stderr, "waiter %d: status %lld, want %lld\n", i, status_of(i), want);
    }
    CU_ASSERT_EQUAL(count("enrolled"), 4);
    assert_seats_sane();
}

/* Lapses seen by the test's sweepers, by waiter. */
static atomic_int lapsed_here[WAITING];

static enum db_rc count_lapse(void *ctx, struct db *db, const struct enrol_promotion *p)
{
    int i;

    (void)ctx;
    (void)db;
    for (i = 0; p->news == ENROL_NEWS_LAPSED && i < WAITING; i++)
        if (waiters[i].user_id == p->user_id)
            atomic_fetch_add(&lapsed_here[i], 1);
    return DB_OK;
}

static void *sweeper(void *arg)
{
    pthread_barrier_t *start = arg;
    const char *url = getenv("DYSGU_DB");
    struct db_params p;
    struct arena a;
    struct db *db;
    char err[128];
    int n = 0;

    arena_init(&a, 0);
    if (!url || db_params_parse(&a, url, &p, err, sizeof(err))) {
        arena_release(&a);
        return NULL;
    }
    db = db_new(&p);
    pthread_barrier_wait(start);
    CU_ASSERT_EQUAL(enrol_store_expire_offers(db, SEATS, count_lapse, NULL, &n), DB_OK);
    db_free(db);
    db_thread_end();
    arena_release(&a);
    return NULL;
}

/* Lapsed-offer e-mails the server sent waiter i. */
static long long lapse_mails(int i)
{
    return fx_num_ls("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND subject LIKE ?",
                     waiters[i].user_id, "Your offer of a place on%");
}

static void seat_race__offers_run_out_and_pass_on_exactly_once(void)
{
    static const char *const run_out =
        "UPDATE enrolments SET offer_expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
        "WHERE cohort_id = ? AND status = 'offered'";
    pthread_t th[SWEEPERS];
    pthread_barrier_t barrier;
    int i, k;

    CU_ASSERT_EQUAL(fx_exec_l(run_out, cohort_id), 4);
    pthread_barrier_init(&barrier, NULL, SWEEPERS);
    for (i = 0; i < SWEEPERS; i++)
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, sweeper, &barrier) == 0);
    for (i = 0; i < SWEEPERS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    /* the server's sweeper may have taken some first; wait for it to finish */
    for (k = 0; k < 200 && count("offered") + count("enrolled") != SEATS; k++)
        test_sleep_ms(100);
    for (k = 0; k < 200; k++) {
        for (i = 12; i < 16 && status_of(i) == FX_CANCELLED; i++)
            ;
        if (i == 16)
            break;
        test_sleep_ms(100);
    }
    for (i = 0; i < WAITING; i++) {
        long long want = i < 4    ? FX_ENROLLED
                         : i < 16 ? FX_CANCELLED
                         : i < 20 ? FX_OFFERED
                                  : FX_WAITLISTED;

        CU_ASSERT_EQUAL(status_of(i), want);
    }
    /* each expired offer lapsed once: by a test sweeper or by the server (with its e-mail) */
    for (i = 12; i < 16; i++) {
        CU_ASSERT_EQUAL(atomic_load(&lapsed_here[i]) + lapse_mails(i), 1);
        if (atomic_load(&lapsed_here[i]) + lapse_mails(i) != 1)
            fprintf(stderr, "waiter %d: %d lapses here, %lld e-mails\n", i,
                    atomic_load(&lapsed_here[i]), lapse_mails(i));
    }
    assert_seats_sane();
}

static void seat_race__server_log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "seat_race__set_up_8_holders_and_24_waiting",
          seat_race__set_up_8_holders_and_24_waiting },
        { "seat_race__8_cancel_at_once_8_offers_in_queue_order",
          seat_race__8_cancel_at_once_8_offers_in_queue_order },
        { "seat_race__accept_decline_and_leave_at_once",
          seat_race__accept_decline_and_leave_at_once },
        { "seat_race__offers_run_out_and_pass_on_exactly_once",
          seat_race__offers_run_out_and_pass_on_exactly_once },
        { "seat_race__server_log_is_clean", seat_race__server_log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/enrol/seat_race", cases, start, stop);
}
