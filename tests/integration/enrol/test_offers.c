/*
 * THE SEAT ENGINE'S OFFERS, CUT-OFF AND QUEUE (docs/seats.md), through the
 * real server and its mail worker:
 *
 *   - a cohort in offer mode offers a freed seat to the first person waiting
 *     (status offered, the seat still taken, 24 h to answer, an e-mail in
 *     their language), who accepts (enrolled, counted) or declines (the seat
 *     is offered to the next);
 *   - an offer left unanswered expires: time is the database's clock, so the
 *     test moves offer_expires_at back (docs/decisions.md) and the server's
 *     sweeper passes the seat on and tells the person;
 *   - close to the start an offer lasts until the cut-off, and past the
 *     cut-off nobody is promoted: the seat goes back, a newcomer takes it,
 *     and a full cohort refuses new waiters;
 *   - queue positions close up when people leave;
 *   - seats added to a full cohort go to those waiting, in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "enrol/enrol.h"
#include "harness.h"

static struct server srv;
static char slug[96];
static long long course_id;

static int start(void)
{
    if (fx_init())
        return -1;
    course_id = fx_course("cynnig", "Cynnig lle", "Offer of a place", "classroom", 2, slug);
    return course_id ? server_start(&srv, NULL) : -1;
}

static int stop(void)
{
    int rc = server_stop(&srv);

    fx_done();
    return rc;
}

/* A cohort days ahead for capacity people with its seat rules. */
static long long cohort(int days, int capacity, int offer, int cutoff_hours)
{
    static const char *const q = "UPDATE cohorts SET seat_mode = IF(?, 'offer', 'direct'), "
                                 "cutoff_hours = ? WHERE id = ?";
    long long id = fx_cohort(course_id, days, capacity, "both");

    if (!id || db_exec(fx_dbh, q, "bil", offer, cutoff_hours, id) != DB_OK)
        return 0;
    return id;
}

/* POST an enrolment in cohort as s; the status. */
static int enrol(const struct fx_session *s, long long cohort_id, char **location)
{
    char body[64];
    struct http_resp r;
    int status;

    snprintf(body, sizeof(body), "cohort=%lld", cohort_id);
    r = http_course_post(&srv, "en", slug, "/enrol", s, body);
    status = r.status;
    if (location)
        *location = http_header(&r, "Location");
    http_resp_free(&r);
    return status;
}

/* POST /{action} (cancel, accept, decline) as s: the ?done= it answered, in fx_mem. */
static const char *act(const struct fx_session *s, const char *action)
{
    struct http_resp r =
        http_course_post(&srv, "en", slug, arena_printf(&fx_mem, "/%s", action), s, "");
    const char *done = strstr(r.head, "?done=");
    char *out = NULL;

    CU_ASSERT_EQUAL(r.status, 303);
    if (done)
        out = arena_strndup(&fx_mem, done + 6, strcspn(done + 6, "\r\n"));
    http_resp_free(&r);
    return out ? out : "";
}

static long long status_of(const struct fx_session *s)
{
    return fx_enrolment_status(s->user_id, course_id);
}

/* Seconds until s's offer ends (database clock); -1 without one. */
static long long offer_left(const struct fx_session *s)
{
    return fx_num_ll("SELECT COALESCE((SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), "
                     "offer_expires_at) FROM enrolments WHERE user_id = ? AND course_id = ? "
                     "AND status = 'offered'), -1)",
                     s->user_id, course_id);
}

/* Make time pass for s's offer: it ended a second ago. */
static void expire_offer(const struct fx_session *s)
{
    static const char *const q =
        "UPDATE enrolments SET offer_expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
        "WHERE user_id = ? AND course_id = ? AND status = 'offered'";

    CU_ASSERT_EQUAL(db_exec(fx_dbh, q, "ll", s->user_id, course_id), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(fx_dbh), 1);
}

/* Wait (at most 20 s: the machine may be busy) until s's status is want. */
static int wait_status(const struct fx_session *s, long long want)
{
    int i;

    for (i = 0; i < 200; i++) {
        if (status_of(s) == want)
            return 1;
        test_sleep_ms(100);
    }
    return 0;
}

/* How many outbox messages s has had. */
static long long mails(const struct fx_session *s)
{
    char *email = fx_email_of(s->user_id);

    return email ? fx_mails_to(s->user_id, email) : -1;
}

/* The newest e-mail to s: its subject and body must hold the two texts. */
static void newest_mail_says(const struct fx_session *s, const char *lang, const char *subject,
                             const char *body_part)
{
    char *email = fx_email_of(s->user_id), *l = NULL, *subj = NULL, *body = NULL;

    CU_ASSERT_FATAL(email && fx_mail(email, &l, &subj, &body) == 0);
    CU_ASSERT_STRING_EQUAL(l, lang);
    CU_ASSERT(strstr(subj, subject) != NULL);
    CU_ASSERT(strstr(body, body_part) != NULL);
    if (!strstr(subj, subject) || !strstr(body, body_part))
        fprintf(stderr, "mail: %s\n%s\n", subj, body);
}

static struct fx_session a, b, c, d;
static long long offer_cohort;

static void offers__freed_seat_is_offered_to_the_first_waiting(void)
{
    struct http_resp r;

    offer_cohort = cohort(10, 1, 1, 0);
    CU_ASSERT_FATAL(offer_cohort != 0);
    fx_learner("Anwen", "en", &a);
    fx_learner("Bryn", "cy", &b);
    fx_learner("Cai", "en", &c);
    fx_learner("Dilys", "en", &d);
    CU_ASSERT_EQUAL(enrol(&a, offer_cohort, NULL), 303);
    CU_ASSERT_EQUAL(enrol(&b, offer_cohort, NULL), 303);
    CU_ASSERT_EQUAL(enrol(&c, offer_cohort, NULL), 303);
    CU_ASSERT_EQUAL(enrol(&d, offer_cohort, NULL), 303);
    CU_ASSERT_EQUAL(status_of(&b), FX_WAITLISTED);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 1);

    CU_ASSERT_STRING_EQUAL(act(&a, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(&a), FX_CANCELLED);
    CU_ASSERT_EQUAL(status_of(&b), FX_OFFERED);
    CU_ASSERT_EQUAL(status_of(&c), FX_WAITLISTED);
    CU_ASSERT_EQUAL(fx_taken(offer_cohort), 1);          /* kept for Bryn */
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 0);    /* an offer is not an enrolment */
    CU_ASSERT(llabs(offer_left(&b) - 24 * 3600) <= 120); /* far from the start: 24 h */
    CU_ASSERT_EQUAL(mails(&b), 1);
    newest_mail_says(&b, "cy", "Mae lle ar gael i chi",
                     "Rydyn ni'n cadw'r lle i chi. Atebwch erbyn dydd ");

    /* the course page asks Bryn to accept or decline; Cai is now first in line */
    r = http_course_get(&srv, "cy", slug, NULL, &b);
    CU_ASSERT(http_body_has(&r, "/accept\""));
    CU_ASSERT(http_body_has(&r, "/decline\""));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &c);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "enrol.waitlist_position", "n", "1", NULL)));
    http_resp_free(&r);
    /* and /me says a place is waiting */
    r = http_get_as(&srv, "/cy/me", &b);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_prefix("cy", "me.waiting.offered", NULL)));
    http_resp_free(&r);
}

static void offers__decline_passes_the_seat_to_the_next(void)
{
    long long before = mails(&c);

    CU_ASSERT_STRING_EQUAL(act(&b, "decline"), "declined");
    CU_ASSERT_EQUAL(status_of(&b), FX_CANCELLED);
    CU_ASSERT_EQUAL(status_of(&c), FX_OFFERED);
    CU_ASSERT_EQUAL(fx_taken(offer_cohort), 1);
    CU_ASSERT_EQUAL(mails(&c), before + 1);
    newest_mail_says(&c, "en", "A place is waiting for you on Offer of a place",
                     "We are keeping it for you. Please answer by ");
    /* declining twice changes nothing */
    CU_ASSERT_STRING_EQUAL(act(&b, "decline"), "gone");
    CU_ASSERT_EQUAL(status_of(&c), FX_OFFERED);
}

static void offers__unanswered_offer_expires_and_passes_on(void)
{
    long long c_mails = mails(&c), d_mails = mails(&d);

    expire_offer(&c);
    /* the server's sweeper (the mail worker's round) does the rest */
    CU_ASSERT_FATAL(wait_status(&c, FX_CANCELLED));
    CU_ASSERT_FATAL(wait_status(&d, FX_OFFERED));
    CU_ASSERT_EQUAL(fx_taken(offer_cohort), 1);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 0);
    CU_ASSERT_EQUAL(mails(&c), c_mails + 1);
    newest_mail_says(&c, "en", "Your offer of a place on Offer of a place",
                     "so the place has gone to the next person");
    CU_ASSERT_EQUAL(mails(&d), d_mails + 1);
    /* too late to accept: nothing changes */
    CU_ASSERT_STRING_EQUAL(act(&c, "accept"), "gone");
    CU_ASSERT_EQUAL(status_of(&c), FX_CANCELLED);
}

static void offers__accept_makes_the_seat_theirs(void)
{
    struct http_resp r;

    CU_ASSERT_STRING_EQUAL(act(&d, "accept"), "accepted");
    CU_ASSERT_EQUAL(status_of(&d), FX_ENROLLED);
    CU_ASSERT_EQUAL(fx_taken(offer_cohort), 1);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM enrolments WHERE cohort_id = ? AND "
                             "offer_expires_at IS NOT NULL AND status = 'enrolled'",
                             offer_cohort),
                    0);
    r = http_course_get(&srv, "en", slug, "?done=accepted", &d);
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.done.accepted.title")));
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.enrolled_title")));
    http_resp_free(&r);
    /* accepting twice changes nothing */
    CU_ASSERT_STRING_EQUAL(act(&d, "accept"), "gone");
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 1);
    /* nobody else waits: cancelling gives the seat back to the cohort */
    CU_ASSERT_STRING_EQUAL(act(&d, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(fx_taken(offer_cohort), 0);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), 0);
}

static void offers__close_to_the_start_an_offer_lasts_until_the_cut_off(void)
{
    static const char *const soon =
        "UPDATE cohorts SET starts_at = UTC_TIMESTAMP() + INTERVAL 3 HOUR, "
        "ends_at = UTC_TIMESTAMP() + INTERVAL 5 HOUR, cutoff_hours = 1 WHERE id = ?";
    struct fx_session x, y;
    long long h = cohort(10, 1, 1, 0);

    CU_ASSERT_FATAL(h != 0);
    fx_learner("Eirlys", "en", &x);
    fx_learner("Ffion", "en", &y);
    CU_ASSERT_EQUAL(enrol(&x, h, NULL), 303);
    CU_ASSERT_EQUAL(enrol(&y, h, NULL), 303);
    CU_ASSERT_EQUAL(fx_exec_l(soon, h), 1);
    CU_ASSERT_STRING_EQUAL(act(&x, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(&y), FX_OFFERED);
    /* two hours to the cut-off: the whole of it, not 24 h */
    CU_ASSERT(llabs(offer_left(&y) - 2 * 3600) <= 120);
}

static void cutoff__nobody_is_promoted_after_it(void)
{
    static const char *const past = "UPDATE cohorts SET cutoff_hours = 24 * 11 WHERE id = ?";
    struct fx_session holder, waiter, newcomer, late;
    long long h = cohort(10, 1, 0, 0), waiter_mails;
    char *location = NULL;
    struct http_resp r;

    CU_ASSERT_FATAL(h != 0);
    fx_learner("Gethin", "en", &holder);
    fx_learner("Heledd", "en", &waiter);
    fx_learner("Iolo", "en", &newcomer);
    fx_learner("Jac", "en", &late);
    CU_ASSERT_EQUAL(enrol(&holder, h, NULL), 303);
    CU_ASSERT_EQUAL(enrol(&waiter, h, NULL), 303);
    CU_ASSERT_EQUAL(status_of(&waiter), FX_WAITLISTED);
    /* the cut-off (11 days before a start 10 days away) has passed */
    CU_ASSERT_EQUAL(fx_exec_l(past, h), 1);
    waiter_mails = mails(&waiter);
    CU_ASSERT_STRING_EQUAL(act(&holder, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(&waiter), FX_WAITLISTED);
    CU_ASSERT_EQUAL(mails(&waiter), waiter_mails);
    CU_ASSERT_EQUAL(fx_taken(h), 0); /* back to the cohort, not lost */
    /* whoever asks next takes it */
    CU_ASSERT_EQUAL(enrol(&newcomer, h, &location), 303);
    CU_ASSERT(location && strstr(location, "?done=enrolled"));
    free(location);
    CU_ASSERT_EQUAL(fx_taken(h), 1);
    /* full past the cut-off: no waiting list to join */
    r = http_course_post(&srv, "en", slug, "/enrol", &late,
                         arena_printf(&fx_mem, "cohort=%lld", h));
    CU_ASSERT_EQUAL(r.status, 409);
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.errors.cohort_full")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_of(&late), FX_NOT_ENROLLED);
}

static void queue__positions_close_up_when_people_leave(void)
{
    struct fx_session holder, w[5];
    long long h = cohort(10, 1, 0, 0);
    char name[32];
    struct http_resp r;
    int i;

    CU_ASSERT_FATAL(h != 0);
    fx_learner("Kayleigh", "en", &holder);
    CU_ASSERT_EQUAL(enrol(&holder, h, NULL), 303);
    for (i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "Aros %d", i + 1);
        fx_learner(name, "en", &w[i]);
        CU_ASSERT_EQUAL(enrol(&w[i], h, NULL), 303);
    }
    CU_ASSERT_STRING_EQUAL(act(&w[1], "cancel"), "left");
    CU_ASSERT_STRING_EQUAL(act(&w[3], "cancel"), "left");
    r = http_course_get(&srv, "en", slug, NULL, &w[2]);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "enrol.waitlist_position", "n", "2", NULL)));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &w[4]);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "enrol.waitlist_position", "n", "3", NULL)));
    http_resp_free(&r);
    /* a seat freed in direct mode goes to the first at once */
    CU_ASSERT_STRING_EQUAL(act(&holder, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(&w[0]), FX_ENROLLED);
    r = http_course_get(&srv, "cy", slug, NULL, &w[2]);
    CU_ASSERT(http_body_has(&r, loc_prefix("cy", "enrol.waitlist_position", "n", "1", NULL)));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, NULL, &w[4]);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "enrol.waitlist_position", "n", "2", NULL)));
    http_resp_free(&r);
}

static void fill__a_raised_capacity_goes_to_those_waiting(void)
{
    static const char *const raise = "UPDATE cohorts SET capacity = 3 WHERE id = ?";
    struct fx_session holder, w[3];
    long long h = cohort(10, 1, 0, 0), counted;
    char name[32];
    int i, n = -1;

    CU_ASSERT_FATAL(h != 0);
    fx_learner("Llinos", "en", &holder);
    CU_ASSERT_EQUAL(enrol(&holder, h, NULL), 303);
    for (i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "Llenwi %d", i + 1);
        fx_learner(name, "en", &w[i]);
        CU_ASSERT_EQUAL(enrol(&w[i], h, NULL), 303);
    }
    counted = fx_enrolled_count(course_id);
    CU_ASSERT_EQUAL(fx_exec_l(raise, h), 1);
    CU_ASSERT_EQUAL(enrol_store_fill_cohort(fx_dbh, h, NULL, NULL, &n), DB_OK);
    CU_ASSERT_EQUAL(n, 2);
    CU_ASSERT_EQUAL(status_of(&w[0]), FX_ENROLLED);
    CU_ASSERT_EQUAL(status_of(&w[1]), FX_ENROLLED);
    CU_ASSERT_EQUAL(status_of(&w[2]), FX_WAITLISTED);
    CU_ASSERT_EQUAL(fx_taken(h), 3);
    CU_ASSERT_EQUAL(fx_enrolled_count(course_id), counted + 2);
    /* full again: nothing more to give */
    CU_ASSERT_EQUAL(enrol_store_fill_cohort(fx_dbh, h, NULL, NULL, &n), DB_OK);
    CU_ASSERT_EQUAL(n, 0);
    /* the rules are the cohort's own, within their bounds */
    CU_ASSERT_EQUAL(enrol_store_cohort_rules(fx_dbh, h, 1, 12, 48), DB_OK);
    CU_ASSERT_EQUAL(fx_num_l("SELECT (seat_mode = 'offer') + offer_hours * 10 + cutoff_hours "
                             "* 1000 FROM cohorts WHERE id = ?",
                             h),
                    1 + 120 + 48000);
    CU_ASSERT_EQUAL(enrol_store_cohort_rules(fx_dbh, h, 1, 0, 48), DB_ERROR);
    CU_ASSERT_EQUAL(enrol_store_cohort_rules(fx_dbh, h, 0, 24, 721), DB_ERROR);
    CU_ASSERT_EQUAL(enrol_store_cohort_rules(fx_dbh, 0, 0, 24, 0), DB_NOT_FOUND);
}

static void offers__server_log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "offers__freed_seat_is_offered_to_the_first_waiting",
          offers__freed_seat_is_offered_to_the_first_waiting },
        { "offers__decline_passes_the_seat_to_the_next",
          offers__decline_passes_the_seat_to_the_next },
        { "offers__unanswered_offer_expires_and_passes_on",
          offers__unanswered_offer_expires_and_passes_on },
        { "offers__accept_makes_the_seat_theirs", offers__accept_makes_the_seat_theirs },
        { "offers__close_to_the_start_an_offer_lasts_until_the_cut_off",
          offers__close_to_the_start_an_offer_lasts_until_the_cut_off },
        { "cutoff__nobody_is_promoted_after_it", cutoff__nobody_is_promoted_after_it },
        { "queue__positions_close_up_when_people_leave",
          queue__positions_close_up_when_people_leave },
        { "fill__a_raised_capacity_goes_to_those_waiting",
          fill__a_raised_capacity_goes_to_those_waiting },
        { "offers__server_log_is_clean", offers__server_log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/enrol/offers", cases, start, stop);
}
