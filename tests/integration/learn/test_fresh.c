/*
 * A person's own pages are never stale for them, and their session costs no
 * database round trip while it is cached (issue 22). A learner enrols, completes a lesson and
 * changes their name, and each change is on their very next page (dashboard, course page, header),
 * with the in-process session cache (auth/sessioncache.h) warm; signing out and a password change
 * end the session at once, the cached copy included. A page's round trips are the ones /metrics
 * counts by route (dysgu_db_round_trips_total), read before and after one request: one for the
 * dashboard and a lesson.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };

    return harness_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET /en/me as b: 1 when it sends them to sign in. */
static int signed_out(struct browser *b)
{
    struct http_resp r = browser_get(b, "/en/me");
    int out = r.status == 303 && http_location_starts(&r, "/en/login");

    http_resp_free(&r);
    return out;
}

static void fresh__own_changes_show_on_the_next_page(void)
{
    struct browser b;
    char slug[96], course[160], lesson[200], done[200], fields[256];
    struct http_resp r;

    browser_new_account(&b, &srv, 0, "fresh");
    CU_ASSERT_FATAL(fx_course_elearning("fresh", 3, slug) > 0);
    snprintf(course, sizeof(course), "/en/courses/%s", slug);
    /* the session is cached from here on */
    CU_ASSERT(shows_browser(&b, "/en/me", loc_text("en", "me.empty.title")));
    /* enrol: the dashboard and the course page show it at once */
    snprintf(done, sizeof(done), "%s/enrol", course);
    r = browser_submit(&b, course, done, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(
        shows_browser(&b, "/en/me", loc_plural("en", "me.lessons_done", 3, "done", "0", NULL)));
    CU_ASSERT(shows_browser(
        &b, course, loc_plural("en", "enrol.progress", 3, "done", "0", "percent", "0", NULL)));
    /* a lesson completed */
    snprintf(lesson, sizeof(lesson), "%s/lessons/1", course);
    snprintf(done, sizeof(done), "%s/lessons/1/complete", course);
    r = browser_submit(&b, lesson, done, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(
        shows_browser(&b, "/en/me", loc_plural("en", "me.lessons_done", 3, "done", "1", NULL)));
    CU_ASSERT(shows_browser(
        &b, course, loc_plural("en", "enrol.progress", 3, "done", "1", "percent", "33", NULL)));
    /* a new name and language: on the very next page, and the header's in Welsh */
    snprintf(fields, sizeof(fields), "name=%s&organisation=%lld&org_other=x&lang=en",
             http_enc("Gwenllian Ffres"), fx_org("OTHER"));
    r = browser_submit(&b, "/en/account", "/en/account/details", fields);
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_browser(&b, "/en/account", "Gwenllian Ffres"));
}

static void fresh__sign_out_and_password_end_the_session_at_once(void)
{
    struct browser b, kept, other;
    const char *email = browser_new_account(&b, &srv, 1, "freshout");
    const char *pw = "mae hen wlad fy nhadau";
    char fields[512];
    struct http_resp r;

    /* another device, its session cached on this server */
    browser_init(&other, &srv, 2);
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    http_resp_free(&r);
    CU_ASSERT_FATAL(!signed_out(&other));
    CU_ASSERT_FATAL(!signed_out(&b));
    snprintf(fields, sizeof(fields), "current_password=%s&new_password=%s&confirm_password=%s",
             http_enc(TEST_PASSWORD), http_enc(pw), http_enc(pw));
    r = browser_submit(&b, "/en/account", "/en/account/password", fields);
    CU_ASSERT(http_see_other(&r, "/en/account?saved=password"));
    http_resp_free(&r);
    CU_ASSERT(signed_out(&other));
    CU_ASSERT(!signed_out(&b)); /* this one carries on with a new token */
    /* sign out: the old cookie, sent again at once, is nobody */
    kept = b;
    r = browser_submit(&b, "/en/account", "/en/logout", "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(signed_out(&kept));
}

static void fresh__the_session_costs_no_round_trip(void)
{
    struct browser b;
    char slug[96], course[160], lesson[200], path[256];
    struct http_resp r;
    long least;
    int i;

    browser_new_account(&b, &srv, 3, "freshtrips");
    CU_ASSERT_FATAL(fx_course_elearning("freshtrips", 2, slug) > 0);
    snprintf(course, sizeof(course), "/en/courses/%s", slug);
    snprintf(path, sizeof(path), "%s/enrol", course);
    r = browser_submit(&b, course, path, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    snprintf(lesson, sizeof(lesson), "%s/lessons/1", course);
    /* a user changed within 0.5 s (a new account: the e-mail to verify) is
     * never kept; the first of each page prepares its statements */
    test_sleep_ms(600);
    trips_browser(&srv, &b, "/en/me", "/me");
    trips_browser(&srv, &b, lesson, "/courses/{slug}/lessons/{n}");
    trips_browser(&srv, &b, course, "/courses/{slug}");
    /* read again, the person's own pages are kept (learn/kept.c): none */
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/me", "/me"), 0);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, lesson, "/courses/{slug}/lessons/{n}"), 0);
    /* a request of their own that writes moves their generation: each page
     * is read again in one statement, the dashboard's lists (enrolments,
     * pathways, cohort sessions, webinars and the calendar feed) and the
     * lesson's (course, enrolment, list, text), then kept */
    snprintf(path, sizeof(path), "%s/complete", lesson);
    r = browser_submit(&b, lesson, path, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/me", "/me"), 1);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, lesson, "/courses/{slug}/lessons/{n}"), 1);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/me", "/me"), 0);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, lesson, "/courses/{slug}/lessons/{n}"), 0);
    /* asked often, the course page is kept for everyone enrolled (app/router.h
     * route_mines), and the reader's own part (the course and their row,
     * enrol/kept.c) for them: none (the least of a burst; the first asks are
     * rendered, reading its lessons) */
    for (i = 0, least = 99; i < 10; i++) {
        long n = trips_browser(&srv, &b, course, "/courses/{slug}");

        least = n < least ? n : least;
    }
    CU_ASSERT_EQUAL(least, 0);
}

/* A seat freed by one person's cancelling goes to the first waiting: their
 * dashboard and course page say so at once, and the one behind them moves
 * up at once (enrol/store_seats.c touches them after the commit). */
static void fresh__a_seat_passed_on_shows_at_once(void)
{
    char slug[96], body[64], course[256];
    long long id = fx_course("freshseat", "Sedd ffres", "Fresh seat", "classroom", 2, slug);
    long long cohort = fx_cohort(id, 25, 1, "en");
    struct fx_session holder, first, second;
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0 && cohort > 0);
    fx_learner("Deiliad ffres", "en", &holder);
    fx_learner("Cyntaf ffres", "en", &first);
    fx_learner("Ail ffres", "en", &second);
    snprintf(body, sizeof(body), "cohort=%lld", cohort);
    r = http_course_post(&srv, "en", slug, "/enrol", &holder, body);
    CU_ASSERT(http_location_has(&r, "?done=enrolled"));
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/enrol", &first, body);
    CU_ASSERT(http_location_has(&r, "?done=waitlisted"));
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/enrol", &second, body);
    CU_ASSERT(http_location_has(&r, "?done=waitlisted"));
    http_resp_free(&r);
    http_course_path(course, "en", slug, "");
    /* both waiting, in order, their pages kept */
    CU_ASSERT(shows_as(&srv, &first, "/en/me", "summary-list__value\">1</dd>"));
    CU_ASSERT(shows_as(&srv, &second, "/en/me", "summary-list__value\">2</dd>"));
    CU_ASSERT_EQUAL(trips_as(&srv, &first, "/en/me", "/me"), 0);
    CU_ASSERT_EQUAL(trips_as(&srv, &second, "/en/me", "/me"), 0);
    CU_ASSERT(shows_as(&srv, &second, course,
                       loc_prefix("en", "enrol.waitlist_position", "n", "2", NULL)));
    CU_ASSERT(shows_as(&srv, &first, course,
                       loc_prefix("en", "enrol.waitlist_position", "n", "1", NULL)));
    /* the holder leaves: the seat is the first's at once, the second moves up */
    r = http_course_post(&srv, "en", slug, "/cancel", &holder, "");
    CU_ASSERT(http_location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(first.user_id, id), FX_ENROLLED);
    CU_ASSERT(shows_as(&srv, &first, "/en/me", loc_text("en", "me.in_progress.heading")));
    CU_ASSERT(shows_as(&srv, &first, course,
                       loc_plural("en", "enrol.progress", 2, "done", "0", "percent", "0", NULL)));
    CU_ASSERT(shows_as(&srv, &second, "/en/me", "summary-list__value\">1</dd>"));
    CU_ASSERT(shows_as(&srv, &second, course,
                       loc_prefix("en", "enrol.waitlist_position", "n", "1", NULL)));
}

/* An admin's change to a course shows at once on the pages kept for its
 * readers (an admin's publish or unpublish forgets the shared pages, which
 * moves everyone's generation): a reader not on the course gets 404 at once
 * where their course page and lesson answer were kept. Enrolments change only
 * by the person, the seat engine and the offers' sweeper in this server (and
 * the seed-demo command, another process), so there is no admin enrolment to
 * show. */
static void fresh__an_admins_change_shows_at_once(void)
{
    char slug[96], course[256], lesson[256];
    long long id = fx_course_elearning("freshadmin", 2, slug);
    struct fx_session admin, reader;
    struct http_resp r;
    char path[256];

    fx_require(fx_sign_in(fx_user(fx_name("Gweinyddwr ffres"), "learner,admin"), &admin) == 0,
               "admin");
    fx_learner("Darllenydd ffres", "en", &reader);
    http_course_path(course, "en", slug, "");
    http_course_path(lesson, "en", slug, "/lessons/1");
    CU_ASSERT_EQUAL(http_status(&srv, course, &reader), 200);
    CU_ASSERT_EQUAL(http_status(&srv, lesson, &reader), 403);
    CU_ASSERT_EQUAL(http_status(&srv, course, &reader), 200);
    snprintf(path, sizeof(path), "/en/admin/courses/%s/unpublish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(id > 0);
    CU_ASSERT_EQUAL(http_status(&srv, course, &reader), 404);
    CU_ASSERT_EQUAL(http_status(&srv, lesson, &reader), 404);
}

/* The organisations are kept in memory (orgs/cache.c): the register form
 * reads nothing, the account page only the person and their sessions. */
static void fresh__organisations_cost_no_round_trip(void)
{
    struct browser b;
    struct http_resp r;
    long before = 0;
    int i;

    for (i = 0; i < 2; i++) { /* the first one reads the list */
        before = http_round_trips(&srv, "/register");
        CU_ASSERT_EQUAL(http_get(&srv, "/en/register", NULL, &r), 0);
        CU_ASSERT_EQUAL(r.status, 200);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(http_round_trips(&srv, "/register") - before, 0);
    browser_new_account(&b, &srv, 4, "freshorgs");
    test_sleep_ms(600); /* a user changed within 0.5 s is never kept */
    trips_browser(&srv, &b, "/en/account", "/account");
    /* the account page itself is kept (tests/integration/accounts/test_kept.c) */
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/account", "/account"), 0);
    CU_ASSERT(shows_browser(&b, "/cy/account", "Cyngor Caerdydd"));
}

/* The notification pages: the settings (the e-mail choice, the threads and
 * communities watched) and the list with nothing unread kept for the reader
 * (app/page_kept.h: tests/integration/accounts/test_kept.c), no statement
 * and no write. */
static void fresh__notification_pages_cost_one_round_trip(void)
{
    struct browser b;

    browser_new_account(&b, &srv, 5, "freshnotes");
    test_sleep_ms(600);
    trips_browser(&srv, &b, "/en/notifications/settings", "/notifications/settings");
    trips_browser(&srv, &b, "/en/notifications", "/notifications");
    CU_ASSERT_EQUAL(
        trips_browser(&srv, &b, "/en/notifications/settings", "/notifications/settings"), 0);
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/notifications", "/notifications"), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "fresh__own_changes_show_on_the_next_page", fresh__own_changes_show_on_the_next_page },
        { "fresh__sign_out_and_password_end_the_session_at_once",
          fresh__sign_out_and_password_end_the_session_at_once },
        { "fresh__the_session_costs_no_round_trip", fresh__the_session_costs_no_round_trip },
        { "fresh__a_seat_passed_on_shows_at_once", fresh__a_seat_passed_on_shows_at_once },
        { "fresh__an_admins_change_shows_at_once", fresh__an_admins_change_shows_at_once },
        { "fresh__organisations_cost_no_round_trip", fresh__organisations_cost_no_round_trip },
        { "fresh__notification_pages_cost_one_round_trip",
          fresh__notification_pages_cost_one_round_trip },
        { NULL, NULL },
    };
    test_add_suite_with("learn/fresh", cases, start, stop);
}
