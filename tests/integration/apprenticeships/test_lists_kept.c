/*
 * The staff lists rendered once (issue 22; app/page_kept.h
 * page_kept_shared(), kept at the roster's serial: apprenticeships_impl.h
 * appr_page_roster_kept()), with the session cache on as in production: a
 * repeated GET of the admin list (with and without filters), the reports,
 * the due list, the schemes' page and a trainer's due list costs no round
 * trip, and the admins' copy is one for every admin (each with their own
 * header); yet every change this server makes shows on the very next page:
 * an admin's status change (on the list, the due lists, the reports, to the
 * admin who made it, another admin and the trainer), a scheme an admin
 * makes (the schemes' page, the list's and the reports' filters), a review
 * the trainer records (the admins' due list and the overdue filter), and a
 * trainer's due list is theirs alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session one, two, trainer, other_trainer, dai, eli;
static long long scheme, rec_dai, rec_eli;
static char one_name[96], two_name[96], dai_name[96], eli_name[96], provider[64];
static char list[160], reports[200];

#define LIST_RT    "/admin/apprenticeships"
#define REPORTS_RT "/admin/apprentice-reports"
#define DUE_RT     "/admin/apprentice-reviews"
#define SCHEMES_RT "/admin/apprenticeship-schemes"
#define TDUE_RT    "/trainer/apprentice-reviews"
#define DUE        "/en/admin/apprentice-reviews"
#define TDUE       "/en/trainer/apprentice-reviews"

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };
    char code[48];

    if (fx_init())
        return -1;
    snprintf(code, sizeof(code), "lk-%ld-%d", (long)getpid(), fx_next_serial());
    snprintf(provider, sizeof(provider), "Coleg-Rhestr-%s", code);
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, review_weeks, planned_otj_hours) SELECT ?, f.id, o.id, ?, "
                "'Cynllun rhestr', 'List kept scheme', UTC_DATE(), 12, 400 FROM appr_frameworks "
                "f, organisations o WHERE f.code = 'software-developer-3' AND o.code = 'CRF'",
                "ss", code, provider) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", code);
    snprintf(one_name, sizeof(one_name), "%s", fx_name("List Admin One"));
    snprintf(two_name, sizeof(two_name), "%s", fx_name("List Admin Two"));
    snprintf(dai_name, sizeof(dai_name), "%s", fx_name("Dai Rhestr"));
    snprintf(eli_name, sizeof(eli_name), "%s", fx_name("Eli Rhestr"));
    if (scheme <= 0 || fx_sign_in(fx_user(one_name, "learner,admin"), &one) ||
        fx_sign_in(fx_user(two_name, "learner,admin"), &two) ||
        fx_sign_in(fx_user(fx_name("List Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other List Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(dai_name, "learner"), &dai) ||
        fx_sign_in(fx_user(eli_name, "learner"), &eli))
        return -1;
    /* long overdue: first on the admins' due list (APPR_DUE_PAGE rows, the
     * most overdue first) however many other suites' apprentices are due */
    rec_dai = fx_apprentice(scheme, dai.user_id, trainer.user_id, 70, -69);
    rec_eli = fx_apprentice(scheme, eli.user_id, trainer.user_id, 70, -68);
    /* an earlier run's new scheme no longer the newest intake (test 5) */
    if (rec_dai <= 0 || rec_eli <= 0 ||
        db_exec(fx_dbh,
                "UPDATE appr_schemes SET intake_start = '2000-09-01' WHERE name_cy = "
                "'Derbyn rhestr'",
                "") != DB_OK ||
        db_exec(fx_dbh, "UPDATE apprentices SET otj_weekly_target = 6 WHERE scheme_id = ?", "l",
                scheme) != DB_OK) /* both behind on their hours */
        return -1;
    snprintf(list, sizeof(list), "/en/admin/apprenticeships?scheme=%lld", scheme);
    snprintf(reports, sizeof(reports), "/en/admin/apprentice-reports?provider=%s&behind=1",
             provider);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Read path as s so that it is kept: then it costs no round trip. */
static void keep(const struct fx_session *s, const char *path, const char *pattern)
{
    trips_as(&srv, s, path, pattern);
    CU_ASSERT_EQUAL(trips_least_as(&srv, s, path, pattern), 0);
}

static int shows(const struct fx_session *s, const char *path, const char *needle)
{
    return shows_as(&srv, s, path, needle);
}

/* A row of the list, the due list or the reports' behind list (a link to
 * the record), not the name anywhere else. */
static const char *row(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, ">%s</a>", name);
    return buf;
}

static void lists_kept__repeated_gets_cost_no_round_trip(void)
{
    char filtered[256], paged[256];
    const char *shared[][2] = {
        { list, LIST_RT },
        { filtered, LIST_RT },
        { paged, LIST_RT },
        { "/en/admin/apprenticeships", LIST_RT },
        { "/cy/admin/apprenticeships", LIST_RT },
        { DUE, DUE_RT },
        { "/en/admin/apprenticeship-schemes", SCHEMES_RT },
    };
    size_t i;

    snprintf(filtered, sizeof(filtered), "%s&status=in_learning&overdue=1&behind=1", list);
    snprintf(paged, sizeof(paged), "%s&page=1", list);
    for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
        keep(&one, shared[i][0], shared[i][1]);
        /* one copy for every admin: the other's first read is kept too */
        CU_ASSERT_EQUAL(trips_least_as(&srv, &two, shared[i][0], shared[i][1]), 0);
    }
    /* the reports: each admin's view is audited once, then kept */
    keep(&one, reports, REPORTS_RT);
    keep(&two, reports, REPORTS_RT);
    /* a trainer's due list is theirs */
    keep(&trainer, TDUE, TDUE_RT);
    CU_ASSERT(shows(&trainer, TDUE, dai_name));
    CU_ASSERT(!shows(&other_trainer, TDUE, dai_name));
    CU_ASSERT(shows(&trainer, TDUE, dai_name));
}

/* The per-request parts are the reader's: each admin's own name in the
 * header and their own CSRF token in the sign-out form, on a kept page. */
static void lists_kept__the_header_is_the_readers_own(void)
{
    static const char *const pages[] = { "/en/admin/apprenticeships", DUE,
                                         "/en/admin/apprenticeship-schemes" };
    struct http_resp r;
    size_t i;

    for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        keep(&one, pages[i], i == 0 ? LIST_RT : i == 1 ? DUE_RT : SCHEMES_RT);
        r = http_get_as(&srv, pages[i], &two);
        CU_ASSERT(r.status == 200);
        CU_ASSERT(http_body_has(&r, two_name));
        CU_ASSERT(!http_body_has(&r, one_name));
        CU_ASSERT(http_body_has(&r, two.csrf));
        CU_ASSERT(!http_body_has(&r, one.csrf));
        http_resp_free(&r);
    }
}

/* An admin's status change: on the next page of the admin who made it, of
 * another admin and of the trainer. */
static void lists_kept__a_status_change_shows_at_once(void)
{
    char path[128], body[256], d[16], back[16], on_break[256], name[128];

    snprintf(on_break, sizeof(on_break), "%s&status=on_break", list);
    row(name, sizeof(name), dai_name);
    keep(&one, on_break, LIST_RT);
    CU_ASSERT(!shows(&one, on_break, name));
    CU_ASSERT(shows(&two, list, name));
    CU_ASSERT(shows(&two, DUE, name));
    CU_ASSERT(shows(&one, reports, name));
    CU_ASSERT(shows(&trainer, TDUE, name));
    snprintf(path, sizeof(path), "/en/admin/apprenticeships/%lld/status", rec_dai);
    snprintf(body, sizeof(body), "status=on_break&on=%s&return_on=%s&reason=List+kept+break",
             fx_appr_day(d, 0), fx_appr_day(back, 30));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &one, body), 303);
    /* the admin's own next page */
    CU_ASSERT(shows(&one, on_break, name));
    /* another admin's: on a break, neither due nor behind */
    CU_ASSERT(shows(&two, on_break, name));
    CU_ASSERT(!shows(&two, DUE, name));
    CU_ASSERT(!shows(&two, reports, name));
    /* the trainer's own due list */
    CU_ASSERT(!shows(&trainer, TDUE, name));
    /* and back in learning */
    snprintf(body, sizeof(body), "status=in_learning&on=%s&reason=List+kept+back", d);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &two, body), 303);
    CU_ASSERT(!shows(&one, on_break, name));
    CU_ASSERT(shows(&one, DUE, name));
    CU_ASSERT(shows(&trainer, TDUE, name));
}

/* The trainer records a review: Eli's next review (overdue) moves 12 weeks
 * on, off the admins' due list at once. */
static void lists_kept__a_trainers_review_shows_at_once(void)
{
    char path[128], body[256], d[16], name[128];

    row(name, sizeof(name), eli_name);
    keep(&one, DUE, DUE_RT);
    CU_ASSERT(shows(&one, DUE, name));
    CU_ASSERT(shows(&two, DUE, name));
    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/review", rec_eli);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=green&notes=List+kept&actions=", fx_appr_day(d, 0));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &trainer, body), 303);
    CU_ASSERT(!shows(&one, DUE, name));
    CU_ASSERT(!shows(&two, DUE, name));
    CU_ASSERT(!shows(&trainer, TDUE, name));
}

/* A scheme an admin makes: on the schemes' page (newest intake first: 2099,
 * an earlier run's moved back by start()), in the list's and the reports'
 * filters, at once. */
static void lists_kept__a_new_scheme_shows_at_once(void)
{
    const char *schemes = "/en/admin/apprenticeship-schemes", *all = "/en/admin/apprenticeships";
    const char *all_reports = "/en/admin/apprentice-reports";
    char body[1024], name_en[128], new_provider[96];
    long long fw = fx_num_s("SELECT id FROM appr_frameworks WHERE code = ?", "cyber-security-4");

    snprintf(name_en, sizeof(name_en), "%s", fx_name("Kept list intake"));
    snprintf(new_provider, sizeof(new_provider), "Coleg-Newydd-%ld-%d", (long)getpid(),
             fx_next_serial());
    keep(&one, schemes, SCHEMES_RT);
    keep(&one, all, LIST_RT);
    keep(&one, all_reports, REPORTS_RT);
    CU_ASSERT(!shows(&two, schemes, name_en));
    CU_ASSERT(!shows(&two, all, new_provider));
    CU_ASSERT(!shows(&two, all_reports, new_provider));
    snprintf(body, sizeof(body),
             "name_cy=Derbyn+rhestr&name_en=%s&framework=%lld&employer=%lld&provider=%s&"
             "subcontractor=&intake_start=2099-09-01&intake_end=&review_weeks=10&"
             "planned_otj_hours=420&llwr_provider=10004567&llwr_programme=AP&staff_%lld=1",
             http_enc(name_en), fw, fx_org("CRF"), new_provider, one.user_id);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/admin/apprenticeship-schemes/new", &one, body),
                    303);
    CU_ASSERT(shows(&one, schemes, name_en));
    CU_ASSERT(shows(&two, schemes, name_en));
    CU_ASSERT(shows(&two, all, new_provider));
    CU_ASSERT(shows(&two, all_reports, new_provider));
}

/* Whether path as s shows needle (want 1) or not (want 0) within 10 s. */
static int shows_soon(const struct fx_session *s, const char *path, const char *needle, int want)
{
    struct timespec ts = { 0, 100 * 1000000L };
    int i;

    for (i = 0; i < 100; i++) {
        if (shows(s, path, needle) == want)
            return 1;
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Changes made elsewhere (another server, the command line: here straight
 * in the database) show once the roster's mark finds them, a second or two
 * later (apprenticeships/roster.c): a person renamed (users), a scheme
 * renamed (appr_schemes), hours approved (no longer behind), a ULI. */
static void lists_kept__changes_made_elsewhere_show_within_seconds(void)
{
    char renamed[96], scheme_en[96], name[128];

    keep(&one, list, LIST_RT);
    keep(&one, reports, REPORTS_RT);
    snprintf(renamed, sizeof(renamed), "%s", fx_name("Dai Ailenwyd"));
    CU_ASSERT_EQUAL(
        db_exec(fx_dbh, "UPDATE users SET name = ? WHERE id = ?", "sl", renamed, dai.user_id),
        DB_OK);
    CU_ASSERT(shows_soon(&two, list, row(name, sizeof(name), renamed), 1));
    snprintf(scheme_en, sizeof(scheme_en), "%s", fx_name("Scheme renamed elsewhere"));
    CU_ASSERT_EQUAL(db_exec(fx_dbh, "UPDATE appr_schemes SET name_en = ? WHERE id = ?", "sl",
                            scheme_en, scheme),
                    DB_OK);
    CU_ASSERT(shows_soon(&one, list, scheme_en, 1));
    CU_ASSERT(shows(&one, reports, row(name, sizeof(name), renamed)));
    CU_ASSERT_EQUAL(
        fx_exec_l("UPDATE apprentices SET otj_hours_approved = 900 WHERE id = ?", rec_dai), 1);
    CU_ASSERT(shows_soon(&one, reports, row(name, sizeof(name), renamed), 0));
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET uli = 'U9876543210' WHERE id = ?", rec_dai),
                    1);
    CU_ASSERT(shows_soon(&two, list, "U9876543210", 1));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "lists_kept__repeated_gets_cost_no_round_trip",
          lists_kept__repeated_gets_cost_no_round_trip },
        { "lists_kept__the_header_is_the_readers_own", lists_kept__the_header_is_the_readers_own },
        { "lists_kept__a_status_change_shows_at_once", lists_kept__a_status_change_shows_at_once },
        { "lists_kept__a_trainers_review_shows_at_once",
          lists_kept__a_trainers_review_shows_at_once },
        { "lists_kept__a_new_scheme_shows_at_once", lists_kept__a_new_scheme_shows_at_once },
        { "lists_kept__changes_made_elsewhere_show_within_seconds",
          lists_kept__changes_made_elsewhere_show_within_seconds },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/lists_kept", cases, start, stop);
}
