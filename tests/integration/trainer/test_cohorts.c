/*
 * The trainer's cohorts (issue 20): the list and one cohort's learners with
 * the at-risk rule on a controllable clock (stored times moved back, as
 * docs/seats.md "Time"), sorting and filtering by GET, the attendance form
 * for a whole session and its counters, the CSV (BOM, a name with a comma, a
 * quote and "ŵ"), isolation (another trainer's cohort, a made-up id, a
 * learner: 404) and the audit of views (once a while) and exports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session mine, other, admin, learner;
static long long course, cohort, s1, s2, e_ahead, e_idle, e_mid;
static char slug[96], base[96];
static const char *n_ahead, *n_idle, *n_mid;

static long long enrol_as(const char *name, int lessons)
{
    long long u = fx_user(name, "learner");

    return u ? fx_enrol(u, course, cohort, FX_ENROLLED, lessons) : 0;
}

static int start(void)
{
    long long t;

    if (fx_init())
        return -1;
    course = fx_course("carfan", "Carfan", "Cohort", "blended", 4, slug);
    cohort = course ? fx_cohort(course, 30, 50, "both") : 0;
    t = fx_user(fx_name("Trainer"), "trainer");
    if (!cohort || !t || fx_sign_in(t, &mine) ||
        fx_sign_in(fx_user(fx_name("Other"), "trainer"), &other) ||
        fx_sign_in(fx_user(fx_name("Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Learner"), "learner"), &learner))
        return -1;
    /* ten days into a twenty-day cohort: two of four lessons expected */
    if (fx_exec_l("UPDATE cohorts SET starts_at = UTC_TIMESTAMP() - INTERVAL 10 DAY, ends_at = "
                  "UTC_TIMESTAMP() + INTERVAL 10 DAY WHERE id = ?",
                  cohort) != 1 ||
        fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", t), cohort) != 1)
        return -1;
    n_ahead = fx_name("Dŵr, \"Q\" Jones");
    n_idle = fx_name("Idle Ifan");
    n_mid = fx_name("Mid Mair");
    e_ahead = enrol_as(n_ahead, 3);
    e_idle = enrol_as(n_idle, 0);
    e_mid = enrol_as(n_mid, 2);
    if (!e_ahead || !e_idle || !e_mid)
        return -1;
    fx_exec_l("UPDATE enrolments SET last_activity_at = UTC_TIMESTAMP() WHERE cohort_id = ? AND "
              "lessons_done > 0",
              cohort);
    fx_exec_l("UPDATE enrolments SET enrolled_at = UTC_TIMESTAMP() - INTERVAL 20 DAY WHERE "
              "cohort_id = ?",
              cohort);
    fx_exec_l("INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES "
              "(?, UTC_TIMESTAMP() - INTERVAL 8 DAY, 120, 'Caerdydd', 'cy')",
              cohort);
    s1 = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", cohort);
    fx_exec_l("INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES "
              "(?, UTC_TIMESTAMP() - INTERVAL 1 DAY, 90, 'Bangor', 'en')",
              cohort);
    s2 = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", cohort);
    snprintf(base, sizeof(base), "/en/trainer/cohorts/%lld", cohort);
    return s1 && s2 && s1 != s2 ? server_start(&srv, NULL) : -1;
}

static int stop(void)
{
    return harness_stop(&srv);
}

static const char *path(const char *rest)
{
    static char buf[512];

    snprintf(buf, sizeof(buf), "%s%s", base, rest);
    return buf;
}

static void has(const struct http_resp *r, const char *needle, int want)
{
    CU_ASSERT_EQUAL(http_body_has(r, needle) != 0, want);
    if ((http_body_has(r, needle) != 0) != want)
        fprintf(stderr, "page %s: %s\n", want ? "lacks" : "has", needle);
}

static void cohorts__owner_sees_list_and_page(void)
{
    struct http_resp r = http_get_as(&srv, "/cy/trainer/cohorts", &mine);
    char href[128];

    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(href, sizeof(href), "href=\"/cy/trainer/cohorts/%lld\"", cohort);
    has(&r, href, 1);
    has(&r, loc_text("cy", "trainer.cohorts.col_at_risk"), 1);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/trainer/cohorts", &other);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, href + 9, 0);
    http_resp_free(&r);
    r = http_get_as(&srv, path(""), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "Idle Ifan", 1);
    has(&r, loc_text("en", "trainer.risk.behind"), 1);
    has(&r, loc_text("en", "trainer.risk.idle"), 1);
    has(&r, "aria-sort=\"descending\"", 1);
    http_resp_free(&r);
}

static void cohorts__isolation(void)
{
    char buf[128];

    CU_ASSERT_EQUAL(http_status(&srv, path(""), &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path("/export.csv"), &other), 404);
    snprintf(buf, sizeof(buf), "/sessions/%lld", s1);
    CU_ASSERT_EQUAL(http_status(&srv, path(buf), &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/cohorts/999999999", &mine), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/cohorts/abc", &mine), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path("/sessions/999999999"), &mine), 404);
    /* a learner (no trainer role) gets the same 404 as a trainer of another
     * cohort, not the guard's 403, for a cohort that exists and one that does
     * not: ids cannot be probed (ROUTE_HIDDEN) */
    CU_ASSERT_EQUAL(http_status(&srv, path(""), &learner), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/cohorts/999999999", &learner), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path("/export.csv"), &learner), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path(buf), &learner), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path("/new-session"), &learner), 404);
    {
        struct http_resp r = http_post_as(&srv, path(buf), &learner, "");

        CU_ASSERT_EQUAL(r.status, 404);
        http_resp_free(&r);
    }
    /* the list of one's own cohorts has no id: the guard's 403 */
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/cohorts", &learner), 403);
    CU_ASSERT_EQUAL(http_status(&srv, path(""), &admin), 200);
}

static long long views(void)
{
    char detail[64];

    snprintf(detail, sizeof(detail), "cohort %lld", cohort);
    return fx_num_ls(
        "SELECT COUNT(*) FROM audit_log WHERE event = 'cohort_viewed' AND actor_id = ? "
        "AND detail = ?",
        mine.user_id, detail);
}

/* A view of the page is audited, a reload within TRAINER_VIEWED_EVERY_S
 * not again (audit_write_every); another reader's view is theirs; an
 * export always is. */
static void cohorts__views_audited_once(void)
{
    long long before, admins;
    char detail[64];

    CU_ASSERT_EQUAL(http_status(&srv, path("?sort=name"), &mine), 200);
    before = views();
    CU_ASSERT(before >= 1);
    CU_ASSERT_EQUAL(http_status(&srv, path("?sort=org"), &mine), 200);
    CU_ASSERT_EQUAL(http_status(&srv, path(""), &other), 404);
    CU_ASSERT_EQUAL(views(), before);
    snprintf(detail, sizeof(detail), "cohort %lld", cohort);
    admins = fx_num_ls("SELECT COUNT(*) FROM audit_log WHERE event = 'cohort_viewed' AND "
                       "actor_id = ? AND detail = ?",
                       admin.user_id, detail);
    CU_ASSERT(admins >= 1); /* the isolation test's view */
    before = fx_num_ls("SELECT COUNT(*) FROM audit_log WHERE event = 'cohort_exported' AND "
                       "actor_id = ? AND detail = ?",
                       mine.user_id, detail);
    CU_ASSERT_EQUAL(http_status(&srv, path("/export.csv"), &mine), 200);
    CU_ASSERT_EQUAL(http_status(&srv, path("/export.csv"), &mine), 200);
    CU_ASSERT_EQUAL(fx_num_ls("SELECT COUNT(*) FROM audit_log WHERE event = 'cohort_exported' AND "
                              "actor_id = ? AND detail = ?",
                              mine.user_id, detail),
                    before + 2);
}

static void cohorts__sort_and_filter(void)
{
    struct http_resp r = http_get_as(&srv, path("?sort=progress&dir=asc"), &mine);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_pos(&r, "Idle Ifan") < http_pos(&r, "Mid Mair"));
    CU_ASSERT(http_pos(&r, "Mid Mair") < http_pos(&r, "Jones"));
    http_resp_free(&r);
    r = http_get_as(&srv, path("?sort=progress&dir=desc"), &mine);
    CU_ASSERT(http_pos(&r, "Jones") < http_pos(&r, "Idle Ifan"));
    http_resp_free(&r);
    r = http_get_as(&srv, path("?risk=yes"), &mine);
    has(&r, "Idle Ifan", 1);
    has(&r, "Mid Mair", 0);
    http_resp_free(&r);
    r = http_get_as(&srv, path("?q=mair&progress=50-74"), &mine);
    has(&r, "Mid Mair", 1);
    has(&r, "Idle Ifan", 0);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, path("?sort=salary"), &mine), 400);
    CU_ASSERT_EQUAL(http_status(&srv, path("?progress=1-2"), &mine), 400);
    CU_ASSERT_EQUAL(http_status(&srv, path("?org=x"), &mine), 400);
}

/* The clock moves: the stored times go back. */
static void risk__rule_on_a_moved_clock(void)
{
    struct http_resp r;

    /* Mair: on pace and active, not at risk */
    r = http_get_as(&srv, path("?risk=no"), &mine);
    has(&r, "Mid Mair", 1);
    http_resp_free(&r);
    /* fifteen days without activity */
    fx_exec_l("UPDATE enrolments SET last_activity_at = UTC_TIMESTAMP() - INTERVAL 15 DAY WHERE "
              "id = ?",
              e_mid);
    r = http_get_as(&srv, path("?risk=yes"), &mine);
    has(&r, "Mid Mair", 1);
    http_resp_free(&r);
    fx_exec_l("UPDATE enrolments SET last_activity_at = UTC_TIMESTAMP() WHERE id = ?", e_mid);
    /* the cohort nearly over: 3 of 4 lessons expected, Mair's 2 are behind */
    fx_exec_l("UPDATE cohorts SET starts_at = UTC_TIMESTAMP() - INTERVAL 18 DAY, ends_at = "
              "UTC_TIMESTAMP() + INTERVAL 2 DAY WHERE id = ?",
              cohort);
    r = http_get_as(&srv, path("?risk=yes"), &mine);
    has(&r, "Mid Mair", 1);
    has(&r, "Jones", 0);
    http_resp_free(&r);
    fx_exec_l("UPDATE cohorts SET starts_at = UTC_TIMESTAMP() - INTERVAL 10 DAY, ends_at = "
              "UTC_TIMESTAMP() + INTERVAL 10 DAY WHERE id = ?",
              cohort);
}

static struct http_resp mark(long long session, const char *body)
{
    char p[128];

    snprintf(p, sizeof(p), "/sessions/%lld", session);
    return http_post_as(&srv, path(p), &mine, body);
}

static void attendance__one_form_keeps_counters(void)
{
    char body[256], p[128];
    struct http_resp r;

    snprintf(p, sizeof(p), "/sessions/%lld", s1);
    r = http_get_as(&srv, path(p), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(body, sizeof(body), "name=\"mark-%lld\" value=\"apologies\"", e_mid);
    has(&r, body, 1);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "mark-%lld=present&mark-%lld=absent&mark-%lld=absent", e_ahead,
             e_idle, e_mid);
    r = mark(s1, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = mark(s2, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_missed FROM enrolments WHERE id = ?", e_mid), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_attended FROM enrolments WHERE id = ?", e_ahead), 2);
    CU_ASSERT_EQUAL(fx_num_l("SELECT absent FROM cohort_sessions WHERE id = ?", s1), 2);
    /* the same again changes nothing; a change moves the counters */
    r = mark(s1, body);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT absent FROM cohort_sessions WHERE id = ?", s1), 2);
    snprintf(body, sizeof(body), "mark-%lld=apologies", e_ahead);
    r = mark(s1, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_attended FROM enrolments WHERE id = ?", e_ahead), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_apologies FROM enrolments WHERE id = ?", e_ahead), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT present FROM cohort_sessions WHERE id = ?", s1), 0);
    /* two missed: at risk though on pace */
    r = http_get_as(&srv, path("?risk=yes"), &mine);
    has(&r, "Mid Mair", 1);
    has(&r, loc_text("en", "trainer.risk.missed"), 1);
    http_resp_free(&r);
    r = http_get_as(&srv, path("?missed=2"), &mine);
    has(&r, "Mid Mair", 1);
    has(&r, "Jones", 0);
    http_resp_free(&r);
}

static void attendance__bad_input_changes_nothing(void)
{
    char body[256];
    struct http_resp r;

    snprintf(body, sizeof(body), "mark-%lld=present&mark-%lld=late", e_idle, e_mid);
    r = mark(s2, body);
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, loc_text("en", "trainer.attendance.error_mark"), 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_attended FROM enrolments WHERE id = ?", e_idle), 0);
    snprintf(body, sizeof(body), "mark-%lld=present", e_idle);
    snprintf(body + 100, 100, "/sessions/%lld", s2);
    r = http_post_without_csrf(&srv, path(body + 100), &mine, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, path(body + 100), &other, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT sessions_attended FROM enrolments WHERE id = ?", e_idle), 0);
}

static void export__csv(void)
{
    struct http_resp r = http_get_as(&srv, path("/export.csv?sort=name"), &mine);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(r.body_len > 3 && !memcmp(r.body, "\xEF\xBB\xBF", 3));
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/csv; charset=utf-8"));
    /* the quotes doubled inside the quoted field */
    CU_ASSERT(http_body_has(&r, "\"Dŵr, \"\"Q\"\" Jones"));
    has(&r, "Name,Organisation,Lessons completed", 1);
    has(&r, "\r\n", 1);
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/trainer/cohorts/999999999/export.csv", &mine);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

/* The chart's SVG parses as XML and its table holds the session counters. */
static void chart__svg_and_table_agree(void)
{
    struct http_resp r = http_get_as(&srv, path(""), &mine);
    long a = http_pos(&r, "<svg"), b = http_pos(&r, "</svg>");
    char want[128];

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(a >= 0 && b > a);
    if (a >= 0 && b > a) {
        FILE *f = fopen("/tmp/dysgu-trainer-chart.svg", "w");
        int rc;

        if (f) {
            fwrite(r.body + a, 1, (size_t)(b - a) + 6, f);
            fclose(f);
        }
        rc = system("python3 -c 'import sys, xml.dom.minidom as m; "
                    "m.parse(\"/tmp/dysgu-trainer-chart.svg\")' 2>/dev/null");
        CU_ASSERT_EQUAL(rc, 0);
    }
    has(&r, "role=\"img\"", 1);
    /* session one: after the marks, 0 present, 2 absent, 1 apologies */
    snprintf(want, sizeof(want),
             "<td class=\"table__num\">%lld</td><td class=\"table__num\">%lld</td>",
             fx_num_l("SELECT present FROM cohort_sessions WHERE id = ?", s1),
             fx_num_l("SELECT absent FROM cohort_sessions WHERE id = ?", s1));
    has(&r, want, 1);
    http_resp_free(&r);
}

/* Learners see their cohort's sessions to come on /me; learn's completion
 * keeps last_activity_at. */
static void me__sessions_and_activity(void)
{
    struct fx_session s;
    struct http_resp r;
    long long u;

    fx_exec_l("INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES "
              "(?, UTC_TIMESTAMP() + INTERVAL 3 DAY, 60, 'Aberystwyth', 'both')",
              cohort);
    u = fx_num_l("SELECT user_id FROM enrolments WHERE id = ?", e_idle);
    CU_ASSERT_FATAL(fx_sign_in(u, &s) == 0);
    r = http_get_as(&srv, "/cy/me", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "Aberystwyth", 1);
    has(&r, "Bangor", 0); /* past */
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me", &learner);
    has(&r, "Aberystwyth", 0);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT last_activity_at IS NULL FROM enrolments WHERE id = ?", e_idle), 1);
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT last_activity_at > UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
                             "FROM enrolments WHERE id = ?",
                             e_idle),
                    1);
}

/* Completion over time: the lessons done by the end of each week as a share
 * of all the cohort's lessons; every chart on the page is well-formed XML. */
static void chart__completion_over_time(void)
{
    struct http_resp r;
    long long done, learners;
    const char *p;
    char want[96];
    int n_svg = 0;

    /* Jones did three lessons the day after the start, as learn's completion
     * writes them: the progress rows and the kept lessons_done with them (the
     * chart's counts are kept per cohort while lessons_done stays the same:
     * the page seen before, with none done, must not be what comes back) */
    fx_exec_l("UPDATE enrolments SET lessons_done = 0 WHERE id = ?", e_ahead);
    CU_ASSERT_EQUAL(http_status(&srv, path(""), &mine), 200);
    fx_exec_l("UPDATE enrolments SET lessons_done = 3 WHERE id = ?", e_ahead);
    fx_exec_l("INSERT IGNORE INTO lesson_progress (user_id, lesson_id, completed_at) SELECT "
              "e.user_id, l.id, ch.starts_at + INTERVAL 1 DAY FROM enrolments e JOIN cohorts ch "
              "ON ch.id = e.cohort_id JOIN lessons l ON l.course_id = e.course_id AND "
              "l.position <= 3 WHERE e.id = ?",
              e_ahead);
    done = fx_num_l("SELECT COUNT(*) FROM enrolments e JOIN lesson_progress lp ON lp.user_id = "
                    "e.user_id JOIN lessons l ON l.id = lp.lesson_id AND l.course_id = e.course_id "
                    "WHERE e.cohort_id = ? AND e.status IN ('enrolled', 'completed')",
                    cohort);
    learners = fx_num_l("SELECT COUNT(*) FROM enrolments WHERE cohort_id = ? AND status IN "
                        "('enrolled', 'completed')",
                        cohort);
    CU_ASSERT_FATAL(done >= 3 && learners == 3);
    r = http_get_as(&srv, path(""), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("en", "trainer.chart.completion_title"), 1);
    has(&r, "id=\"chart-completion", 1);
    /* the last week's figure: all done so far, of 3 learners x 4 lessons */
    snprintf(want, sizeof(want), "<td class=\"table__num\">%g%%</td>",
             (double)(long long)(1000.0 * (double)done / 12.0 + 0.5) / 10.0);
    has(&r, want, 1);
    for (p = r.body; p && (p = strstr(p, "<svg")); p++) {
        const char *end = strstr(p, "</svg>");
        FILE *f = fopen("/tmp/dysgu-trainer-chart2.svg", "w");

        CU_ASSERT_FATAL(end != NULL);
        if (f) {
            fwrite(p, 1, (size_t)(end - p) + 6, f);
            fclose(f);
        }
        CU_ASSERT_EQUAL(system("python3 -c 'import xml.dom.minidom as m; "
                               "m.parse(\"/tmp/dysgu-trainer-chart2.svg\")' 2>/dev/null"),
                        0);
        n_svg++;
    }
    CU_ASSERT_EQUAL(n_svg, 2); /* completion, attendance */
    http_resp_free(&r);
}

/* The learners are kept in memory per cohort (learners.c): a lesson a
 * learner completes shows on the next view, not after a while. */
static void cohorts__progress_shows_at_once(void)
{
    const char *name = fx_name("Prydwen Progress");
    const char *q = "?q=prydwen&progress=25-49";
    long long e = enrol_as(name, 0);
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(e != 0);
    CU_ASSERT_FATAL(fx_sign_in(fx_num_l("SELECT user_id FROM enrolments WHERE id = ?", e), &s) ==
                    0);
    r = http_get_as(&srv, path(q), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, name, 0);
    http_resp_free(&r);
    r = http_get_as(&srv, path("?q=prydwen&progress=0-24"), &mine);
    has(&r, name, 1);
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", &s, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, path(q), &mine); /* 1 of 4 lessons: 25% */
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, name, 1);
    http_resp_free(&r);
    /* and the same for every reader: the admin's first view */
    r = http_get_as(&srv, path(q), &admin);
    has(&r, name, 1);
    http_resp_free(&r);
}

/* Sorted by progress, learners with the same progress come by name (then
 * enrolment), the other way round when descending; a page break falls in
 * the same place as the order. */
static void cohorts__progress_ties_by_name(void)
{
    const char *zed = fx_name("Zed Tie"), *aaron = fx_name("Aaron Tie");
    struct http_resp r;

    CU_ASSERT_FATAL(enrol_as(zed, 2) && enrol_as(aaron, 2)); /* 50%, as Mair */
    r = http_get_as(&srv, path("?sort=progress&dir=asc"), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "Aaron Tie", 1);
    has(&r, "Zed Tie", 1);
    CU_ASSERT(http_pos(&r, "Idle Ifan") < http_pos(&r, "Aaron Tie"));
    CU_ASSERT(http_pos(&r, "Aaron Tie") < http_pos(&r, "Mid Mair"));
    CU_ASSERT(http_pos(&r, "Mid Mair") < http_pos(&r, "Zed Tie"));
    CU_ASSERT(http_pos(&r, "Zed Tie") < http_pos(&r, "Jones"));
    http_resp_free(&r);
    r = http_get_as(&srv, path("?sort=progress&dir=desc"), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_pos(&r, "Jones") < http_pos(&r, "Zed Tie"));
    CU_ASSERT(http_pos(&r, "Zed Tie") < http_pos(&r, "Mid Mair"));
    CU_ASSERT(http_pos(&r, "Mid Mair") < http_pos(&r, "Aaron Tie"));
    CU_ASSERT(http_pos(&r, "Aaron Tie") < http_pos(&r, "Idle Ifan"));
    http_resp_free(&r);
    /* the filter's band keeps the ties and their order */
    r = http_get_as(&srv, path("?sort=progress&dir=desc&progress=50-74"), &mine);
    CU_ASSERT(http_pos(&r, "Zed Tie") < http_pos(&r, "Mid Mair"));
    CU_ASSERT(http_pos(&r, "Mid Mair") < http_pos(&r, "Aaron Tie"));
    has(&r, "Idle Ifan", 0);
    http_resp_free(&r);
}

/* The fewest round trips one GET of path (route pattern) cost in three,
 * asserting 200s: a statement's first use on a pool connection adds its
 * prepare. */
static long trips_of(const char *p, const char *pattern)
{
    long least = -1;
    int i;

    for (i = 0; i < 3; i++) {
        long before = http_round_trips(&srv, pattern), n;

        CU_ASSERT_EQUAL(http_status(&srv, p, &mine), 200);
        n = http_round_trips(&srv, pattern) - before;
        if (least < 0 || n < least)
            least = n;
    }
    return least;
}

/* With nothing kept (the session cache off, as here; kept, they cost none:
 * test_kept.c): beside the session's look-up, a form costs whether the
 * reader runs the cohort and the cohort's one statement; the cohort's page
 * viewed again costs those, its learners (twice: the rows and the
 * organisations) and its weekly counts, its audit row written once in
 * TRAINER_VIEWED_EVERY_S (docs/trainer.md "Statements a page"). */
static void cohorts__round_trips(void)
{
    CU_ASSERT_EQUAL(trips_of(path("/new-session"), "/trainer/cohorts/{id}/new-session"), 3);
    CU_ASSERT_EQUAL(trips_of(path("/message"), "/trainer/cohorts/{id}/message"), 3);
    CU_ASSERT_EQUAL(trips_of(path("?sort=progress&dir=desc"), "/trainer/cohorts/{id}"), 6);
}

static void cohorts__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cohorts__owner_sees_list_and_page", cohorts__owner_sees_list_and_page },
        { "cohorts__isolation", cohorts__isolation },
        { "cohorts__views_audited_once", cohorts__views_audited_once },
        { "cohorts__sort_and_filter", cohorts__sort_and_filter },
        { "risk__rule_on_a_moved_clock", risk__rule_on_a_moved_clock },
        { "attendance__one_form_keeps_counters", attendance__one_form_keeps_counters },
        { "attendance__bad_input_changes_nothing", attendance__bad_input_changes_nothing },
        { "export__csv", export__csv },
        { "chart__svg_and_table_agree", chart__svg_and_table_agree },
        { "me__sessions_and_activity", me__sessions_and_activity },
        { "chart__completion_over_time", chart__completion_over_time },
        { "cohorts__progress_ties_by_name", cohorts__progress_ties_by_name },
        { "cohorts__progress_shows_at_once", cohorts__progress_shows_at_once },
        { "cohorts__round_trips", cohorts__round_trips },
        { "cohorts__log_is_clean", cohorts__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/trainer/cohorts", cases, start, stop);
}
