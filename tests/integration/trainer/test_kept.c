/*
 * A trainer's pages kept in memory (issue 22, server/trainer/kept.c): with
 * the session cache on, a repeated view of the cohorts, a cohort, the new
 * session and message forms costs no database round trip, and yet every
 * change this server makes shows on the very next page: attendance the
 * trainer marks (their cohort's page), a session moved (a learner's /me), a
 * learner joining (the trainer's cohort page). No sleeps: every change is
 * made through the server, which moves the generations after its commit.
 *
 * The cohort's page is rendered once for all its trainers and once for the
 * admins (app/page_kept.h page_kept_shared()): a lesson a learner completes
 * shows on it at once, each order and filter is a page of its own, the
 * admins' link is never on a trainer's copy, and a ?done= sentence belongs
 * to its one request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session mine, member, joiner, other, admin, second, learner;
static long long course, cohort, s_past, s_next, e_member, second_id;
static char slug[96], base[96];
static const char *n_member, *n_joiner, *n_learner, *place_old, *place_new;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };
    long long t, u;

    if (fx_init())
        return -1;
    course = fx_course("cadw", "Cadw", "Kept", "blended", 4, slug);
    cohort = course ? fx_cohort(course, 30, 50, "both") : 0;
    t = fx_user(fx_name("Kept Trainer"), "trainer");
    n_member = fx_name("Member Megan");
    n_joiner = fx_name("Joiner Jac");
    u = fx_user(n_member, "learner");
    e_member = u && cohort ? fx_enrol(u, course, cohort, FX_ENROLLED, 1) : 0;
    if (!e_member || !t || fx_sign_in(t, &mine) || fx_sign_in(u, &member) ||
        fx_sign_in(fx_user(n_joiner, "learner"), &joiner) ||
        fx_sign_in(fx_user(fx_name("Other Trainer"), "trainer"), &other) ||
        fx_sign_in(fx_user(fx_name("Kept Admin"), "admin"), &admin))
        return -1;
    second_id = fx_user(fx_name("Second Trainer"), "trainer");
    if (!second_id || fx_sign_in(second_id, &second))
        return -1;
    n_learner = fx_name("Aaron Ardal"); /* before n_member by name */
    u = fx_user(n_learner, "learner");
    if (!u || !fx_enrol(u, course, cohort, FX_ENROLLED, 0) || fx_sign_in(u, &learner))
        return -1;
    if (fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", t), cohort) != 1 ||
        fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", second_id), cohort) != 1)
        return -1;
    place_old = fx_name("Neuadd");
    place_new = fx_name("Llyfrgell");
    fx_exec_l("INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES "
              "(?, UTC_TIMESTAMP() - INTERVAL 1 DAY, 60, 'Bangor', 'cy')",
              cohort);
    s_past = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", cohort);
    fx_exec_sl("INSERT INTO cohort_sessions (place, cohort_id, starts_at, minutes, lang) VALUES "
               "(?, ?, UTC_TIMESTAMP() + INTERVAL 40 DAY, 60, 'cy')",
               place_old, cohort);
    s_next = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", cohort);
    snprintf(base, sizeof(base), "/en/trainer/cohorts/%lld", cohort);
    return s_past && s_next && s_past != s_next ? server_start(&srv, env) : -1;
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET path as s: 1 when it answers 200 with needle in the body. */
static int shows(const char *path, const struct fx_session *s, const char *needle)
{
    return shows_as(&srv, s, path, needle);
}

static void kept__repeated_views_cost_no_round_trip(void)
{
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, "/en/trainer/cohorts", "/trainer/cohorts", 1), 0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, base, "/trainer/cohorts/{id}", 1), 0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine,
                                  arena_printf(&fx_mem, "%s?sort=progress&dir=desc", base),
                                  "/trainer/cohorts/{id}", 1),
                    0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, arena_printf(&fx_mem, "%s/new-session", base),
                                  "/trainer/cohorts/{id}/new-session", 1),
                    0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, arena_printf(&fx_mem, "%s/message", base),
                                  "/trainer/cohorts/{id}/message", 1),
                    0);
}

static void kept__attendance_marked_shows_at_once(void)
{
    const char *missed = arena_printf(&fx_mem, "%s?missed=1", base);
    struct http_resp r;

    CU_ASSERT(shows(base, &mine, n_member));
    CU_ASSERT(!shows(missed, &mine, n_member));
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld", base, s_past), &mine,
                     arena_printf(&fx_mem, "mark-%lld=absent", e_member));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows(missed, &mine, n_member));
}

static void kept__session_moved_shows_on_a_members_page(void)
{
    struct http_resp r;

    CU_ASSERT(shows("/en/me", &member, place_old));
    CU_ASSERT(shows("/en/me", &member, place_old)); /* kept, where /me is */
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/edit", base, s_next), &mine,
                     arena_printf(&fx_mem,
                                  "date=2027-09-20&time=14:30&minutes=60&place=%s&online=&lang=cy",
                                  place_new));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows("/en/me", &member, place_new));
    CU_ASSERT(!shows("/en/me", &member, place_old));
    CU_ASSERT(shows(base, &mine, place_new));
}

static void kept__a_learner_joining_shows_at_once(void)
{
    struct http_resp r;

    CU_ASSERT(!shows(base, &mine, n_joiner));
    CU_ASSERT(!shows(base, &mine, n_joiner));
    r = http_post_as(&srv, arena_printf(&fx_mem, "/en/courses/%s/enrol", slug), &joiner,
                     arena_printf(&fx_mem, "cohort=%lld", cohort));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolment_status(joiner.user_id, course), FX_ENROLLED);
    CU_ASSERT(shows(base, &mine, n_joiner));
}

/* The cohort's values are kept for all its trainers, but shown only to
 * them: another trainer is 404 while they are kept, and a trainer the admin
 * removes is 404 at once. */
static void kept__only_its_trainers_see_a_kept_cohort(void)
{
    const char *msg = arena_printf(&fx_mem, "%s/message", base);
    struct http_resp r;

    CU_ASSERT_EQUAL(http_status(&srv, base, &mine), 200);
    CU_ASSERT_EQUAL(http_status(&srv, msg, &mine), 200);
    CU_ASSERT_EQUAL(http_status(&srv, base, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, msg, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, base, &admin), 200);
    CU_ASSERT_EQUAL(http_status(&srv, base, &second), 200);
    CU_ASSERT_EQUAL(http_status(&srv, msg, &second), 200);
    CU_ASSERT(shows("/en/trainer/cohorts", &second, base));
    r = http_post_as(
        &srv,
        arena_printf(&fx_mem, "/en/admin/cohorts/%lld/trainers/%lld/remove", cohort, second_id),
        &admin, "x=1");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, base, &second), 404);
    CU_ASSERT_EQUAL(http_status(&srv, msg, &second), 404);
    CU_ASSERT(!shows("/en/trainer/cohorts", &second, base));
    CU_ASSERT_EQUAL(http_status(&srv, base, &mine), 200);
}

/* Where needle first stands in path's body as s (-1: nowhere). */
static long where(const char *path, const struct fx_session *s, const char *needle)
{
    struct http_resp r = http_get_as(&srv, path, s);
    const char *at = r.status == 200 && r.body ? strstr(r.body, needle) : NULL;
    long pos = at ? (long)(at - r.body) : -1;

    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    return pos;
}

/* A lesson the learner completes moves them into the 25-49% band on the
 * kept page at once (learn/ moves the cohort's generation after its commit). */
static void kept__a_learners_progress_shows_at_once(void)
{
    const char *band = arena_printf(&fx_mem, "%s?progress=25-49", base);
    struct http_resp r;

    CU_ASSERT(!shows(band, &mine, n_learner));
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, band, "/trainer/cohorts/{id}", 1), 0);
    CU_ASSERT(!shows(band, &mine, n_learner));
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", &learner, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows(band, &mine, n_learner)); /* 1 of 4 lessons: 25% */
    CU_ASSERT(shows(band, &second, n_learner));
}

/* Each order is its page: by name one way and the other, each kept. */
static void kept__a_different_order_is_its_own_page(void)
{
    const char *asc = arena_printf(&fx_mem, "%s?sort=name&dir=asc", base);
    const char *desc = arena_printf(&fx_mem, "%s?sort=name&dir=desc", base);
    int i;

    for (i = 0; i < 2; i++) {
        long a = where(asc, &mine, n_learner), m = where(asc, &mine, n_member);
        long da = where(desc, &mine, n_learner), dm = where(desc, &mine, n_member);

        CU_ASSERT(a >= 0 && m >= 0 && a < m);
        CU_ASSERT(da >= 0 && dm >= 0 && da > dm);
    }
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &mine, desc, "/trainer/cohorts/{id}", 1), 0);
}

/* One copy for the trainers, one for the admins: the admins' link to
 * manage the cohort is on theirs alone, whoever asked first. */
static void kept__the_admins_link_is_the_admins_alone(void)
{
    const char *link = arena_printf(&fx_mem, "/en/admin/cohorts/%lld", cohort);
    const char *first = arena_printf(&fx_mem, "%s?sort=missed", base);
    const char *then = arena_printf(&fx_mem, "%s?sort=attended", base);

    CU_ASSERT(!shows(first, &mine, link));
    CU_ASSERT(shows(first, &admin, link));
    CU_ASSERT(!shows(first, &second, link));
    CU_ASSERT(shows(then, &admin, link));
    CU_ASSERT(!shows(then, &mine, link));
    CU_ASSERT(shows(then, &admin, link));
}

/* What was just done is said on the page it sent the trainer to, once: the
 * page without ?done= (kept) never says it. */
static void kept__a_done_sentence_is_not_kept(void)
{
    const char *done = arena_printf(&fx_mem, "%s?done=messaged", base);
    const char *said = "Message queued to be sent.";

    CU_ASSERT(!shows(base, &mine, said));
    CU_ASSERT(shows(done, &mine, said));
    CU_ASSERT(shows(done, &second, said));
    CU_ASSERT(!shows(base, &mine, said));
    CU_ASSERT(!shows(base, &second, said));
}

static void kept__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__repeated_views_cost_no_round_trip", kept__repeated_views_cost_no_round_trip },
        { "kept__attendance_marked_shows_at_once", kept__attendance_marked_shows_at_once },
        { "kept__session_moved_shows_on_a_members_page",
          kept__session_moved_shows_on_a_members_page },
        { "kept__a_learner_joining_shows_at_once", kept__a_learner_joining_shows_at_once },
        { "kept__a_learners_progress_shows_at_once", kept__a_learners_progress_shows_at_once },
        { "kept__a_different_order_is_its_own_page", kept__a_different_order_is_its_own_page },
        { "kept__the_admins_link_is_the_admins_alone", kept__the_admins_link_is_the_admins_alone },
        { "kept__a_done_sentence_is_not_kept", kept__a_done_sentence_is_not_kept },
        { "kept__only_its_trainers_see_a_kept_cohort", kept__only_its_trainers_see_a_kept_cohort },
        { "kept__log_is_clean", kept__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/trainer/kept", cases, start, stop);
}
