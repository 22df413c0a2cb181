/*
 * The private calendar feed (issue 18, webinars/feed.c), through the real
 * server, every calendar parsed back with libical:
 *
 *   - a learner makes an address on /me: shown once, stored only hashed;
 *   - their feed holds the webinar they registered for and the sessions of
 *     the cohort they learn in (not another cohort's); a trainer's holds the
 *     sessions of the cohort they run; titles in the person's language;
 *   - a session moved by the trainer keeps its UID with a higher SEQUENCE
 *     (an attendance count does not bump it), so calendars move the entry;
 *   - resetting the address makes the old one 404 at once;
 *   - addresses that are not tokens are 404 without a database look-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "fixtures_courses.h"
#include "harness.h"
#include "webinars/webinars.h"

static struct server srv;
static struct fx_session learner, trainer;
static char slug[96], course_slug[96];
static long long webinar_id, mine_session, other_session, run_session;

static int start(void)
{
    static const char *const q =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, starts_at, "
        "capacity) VALUES (?, 'Gweminar y calendr ŵ', 'Calendar webinar', 'Crynodeb', "
        "'Summary', UTC_TIMESTAMP() + INTERVAL 9 DAY, 5)";
    static const char *const session =
        "INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES (?, "
        "UTC_TIMESTAMP() + INTERVAL 12 DAY, 90, 'Aberystwyth', 'cy')";
    long long course, mine, other, run;

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "calendr-%s", fx_tag);
    if (db_exec(fx_dbh, q, "s", slug) != DB_OK)
        return -1;
    webinar_id = (long long)db_insert_id(fx_dbh);
    course = fx_course("calendr", "Cwrs calendr", "Calendar course", "blended", 2, course_slug);
    mine = course ? fx_cohort(course, 10, 20, "cy") : 0;
    other = course ? fx_cohort(course, 10, 20, "cy") : 0;
    run = course ? fx_cohort(course, 10, 20, "cy") : 0;
    if (!mine || !other || !run)
        return -1;
    fx_learner("Calendr", "cy", &learner);
    if (!fx_enrol(learner.user_id, course, mine, FX_ENROLLED, 0) ||
        fx_sign_in(fx_user(fx_name("Hyfforddwr"), "trainer"), &trainer) ||
        fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", trainer.user_id), run) != 1)
        return -1;
    fx_exec_l(session, mine);
    mine_session = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", mine);
    fx_exec_l(session, other);
    other_session = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", other);
    fx_exec_l(session, run);
    run_session = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", run);
    fx_set_lang(trainer.user_id, "en");
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* POST /{lang}/me/calendar as s: the address the page shows, as a path. */
static const char *make_address(const struct fx_session *s, const char *lang)
{
    struct http_resp r = http_post_as(&srv, arena_printf(&fx_mem, "/%s/me/calendar", lang), s, "");
    const char *at = r.body ? strstr(r.body, "/calendar/") : NULL;
    const char *path = NULL;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Cache-Control", "no-store"));
    if (at && strlen(at) > 10 + TOKEN_TEXT_LEN + 4)
        path = arena_strndup(&fx_mem, at, 10 + TOKEN_TEXT_LEN + 4);
    http_resp_free(&r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(!strcmp(path + 10 + TOKEN_TEXT_LEN, ".ics"));
    return path;
}

/* GET path anonymously: the status, and the body in *body (fx_mem). */
static int fetch(const char *path, char **body)
{
    struct http_resp r = { 0 };
    int status;

    *body = NULL;
    if (http_get(&srv, path, NULL, &r))
        return -1;
    status = r.status;
    if (r.body)
        *body = arena_strndup(&fx_mem, r.body, r.body_len);
    if (r.status == 200)
        CU_ASSERT(http_header_is(&r, "Content-Type", "text/calendar; charset=utf-8"));
    http_resp_free(&r);
    return status;
}

static const char *uid_of(const char *kind, long long id)
{
    return arena_printf(&fx_mem, "UID:%s-%lld@", kind, id);
}

static const char *learner_path;

static void make__shown_once_stored_hashed(void)
{
    struct http_resp r = http_get_as(&srv, "/cy/me", &learner);
    const char *token;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "action=\"/cy/me/calendar\""));
    CU_ASSERT(http_body_has(&r, "Gwneud cyfeiriad fy nghalendr"));
    http_resp_free(&r);
    learner_path = make_address(&learner, "cy");
    token = arena_strndup(&fx_mem, learner_path + 10, TOKEN_TEXT_LEN);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM calendar_feeds WHERE user_id = ?", learner.user_id), 1);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = ?", token), 0);
    /* /me now offers to reset it, and never shows it again */
    r = http_get_as(&srv, "/cy/me", &learner);
    CU_ASSERT(http_body_has(&r, "Ailosod cyfeiriad fy nghalendr"));
    CU_ASSERT(!http_body_has(&r, token));
    http_resp_free(&r);
}

static void feed__webinars_and_own_cohort_sessions(void)
{
    struct http_resp r =
        http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/register", slug), &learner, "");
    char *ics = NULL;

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL_FATAL(fetch(learner_path, &ics), 200);
    CU_ASSERT_EQUAL(webinar_ics_count(ics), 2);
    CU_ASSERT(strstr(ics, uid_of("webinar", webinar_id)) != NULL);
    CU_ASSERT(strstr(ics, uid_of("cohort-session", mine_session)) != NULL);
    CU_ASSERT(strstr(ics, uid_of("cohort-session", other_session)) == NULL);
    CU_ASSERT(strstr(ics, "SUMMARY:Gweminar y calendr ŵ") != NULL);
    CU_ASSERT(strstr(ics, "LOCATION:Aberystwyth") != NULL);
}

static void feed__a_moved_session_moves(void)
{
    const char *path = make_address(&trainer, "en");
    struct webinar_ics_read back;
    char *ics = NULL;
    time_t before;

    CU_ASSERT_EQUAL_FATAL(fetch(path, &ics), 200);
    CU_ASSERT_EQUAL(webinar_ics_count(ics), 1);
    CU_ASSERT_FATAL(webinar_ics_parse(ics, &back) == 0);
    CU_ASSERT(strstr(ics, uid_of("cohort-session", run_session)) != NULL);
    CU_ASSERT(strstr(ics, "SUMMARY:Calendar course") != NULL);
    CU_ASSERT_EQUAL(back.sequence, 0);
    before = back.starts_at;
    fx_exec_l("UPDATE cohort_sessions SET present = present + 1 WHERE id = ?", run_session);
    fx_exec_l("UPDATE cohort_sessions SET starts_at = starts_at + INTERVAL 1 HOUR WHERE id = ?",
              run_session);
    CU_ASSERT_EQUAL_FATAL(fetch(path, &ics), 200);
    CU_ASSERT_FATAL(webinar_ics_parse(ics, &back) == 0);
    CU_ASSERT(strstr(back.uid, arena_printf(&fx_mem, "cohort-session-%lld@", run_session)) ==
              back.uid);
    CU_ASSERT_EQUAL(back.sequence, 1);
    CU_ASSERT_EQUAL(back.starts_at, before + 3600);
}

static void reset__the_old_address_is_gone(void)
{
    const char *fresh = make_address(&learner, "cy");
    char *ics = NULL;

    CU_ASSERT(strcmp(fresh, learner_path) != 0);
    CU_ASSERT_EQUAL(fetch(learner_path, &ics), 404);
    CU_ASSERT_EQUAL(fetch(fresh, &ics), 200);
    CU_ASSERT_EQUAL(webinar_ics_count(ics), 2);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM calendar_feeds WHERE user_id = ?", learner.user_id), 1);
}

static void feed__not_a_token_is_404(void)
{
    char *ics = NULL;

    CU_ASSERT_EQUAL(fetch("/calendar/short.ics", &ics), 404);
    CU_ASSERT_EQUAL(fetch("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", &ics), 404);
    CU_ASSERT_EQUAL(fetch(arena_printf(&fx_mem, "%.53s", learner_path), &ics), 404);
    CU_ASSERT_EQUAL(fetch("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2F.ics", &ics), 404);
}

static void feed__making_needs_a_session(void)
{
    struct http_resp r = http_post_as(&srv, "/cy/me/calendar", NULL, "");

    CU_ASSERT(r.status == 303 || r.status == 403);
    http_resp_free(&r);
}

static void feed__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "make__shown_once_stored_hashed", make__shown_once_stored_hashed },
        { "feed__webinars_and_own_cohort_sessions", feed__webinars_and_own_cohort_sessions },
        { "feed__a_moved_session_moves", feed__a_moved_session_moves },
        { "reset__the_old_address_is_gone", reset__the_old_address_is_gone },
        { "feed__not_a_token_is_404", feed__not_a_token_is_404 },
        { "feed__making_needs_a_session", feed__making_needs_a_session },
        { "feed__log_has_no_errors", feed__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/feed", cases, start, stop);
}
