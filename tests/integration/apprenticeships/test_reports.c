/*
 * The admin's apprenticeship reports over HTTP against the real database:
 * the counts by status and by academic year (1 August - 31 July: an end on
 * 31 July is in the year before one on 1 August), who is behind on their
 * off-the-job hours, the filters (a lead provider of this suite's own keeps
 * the counts to its apprentices), each report's CSV (UTF-8 with a BOM) the
 * same numbers as the page's table, both languages, admins only, audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apprenticeships/apprenticeships.h"
#include "harness.h"

static struct server srv;
static struct fx_session admin, trainer;
static long long scheme, many_scheme; /* many_scheme: more behind than the page lists */
static char code[48], provider[64], many_code[56], many_provider[64];

/* On scheme in: status, start, actual end (NULL: none), weekly target;
 * 12.5 approved hours */
static int add_to(long long in, const char *name, const char *status, const char *starts,
                  const char *ends, double target)
{
    long long user = fx_user(name, "learner");

    return db_exec(fx_dbh,
                   "INSERT INTO apprentices (user_id, scheme_id, uli, workplace_postcode, "
                   "weekly_hours, starts_on, planned_end_on, actual_end_on, status, "
                   "next_review_on, otj_weekly_target, otj_hours_approved) VALUES (?, ?, "
                   "CONCAT('R', ?), 'LL57 1UT', 30, ?, '2027-09-01', ?, ?, UTC_DATE() - "
                   "INTERVAL 3 DAY, ? / 10, 12.5)",
                   "llssssi", user, in, arena_printf(&fx_mem, "%lld", user), starts, ends, status,
                   (int)(target * 10)) != DB_OK;
}

static int add(const char *name, const char *status, const char *starts, const char *ends,
               double target)
{
    return add_to(scheme, name, status, starts, ends, target);
}

/* A cyber security scheme of GWN's, lead provider by_provider, starting
 * intake on 1 September 2024, as code: its id, or 0. */
static long long add_scheme(const char *scheme_code, const char *by_provider, const char *name_cy,
                            const char *name_en)
{
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start) SELECT ?, f.id, o.id, ?, ?, ?, '2024-09-01' FROM "
                "appr_frameworks f, organisations o WHERE f.code = 'cyber-security-3' AND "
                "o.code = 'GWN'",
                "ssss", scheme_code, by_provider, name_cy, name_en) != DB_OK)
        return 0;
    return fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
}

/* A scheme of its own lead provider with APPR_BEHIND_SHOWN + 2 apprentices
 * behind: "Hwyr 10" to "Hwyr 31", the number their weekly target in tenths
 * (the higher, the more behind). */
static int add_many_behind(void)
{
    int i;

    snprintf(many_code, sizeof(many_code), "%s-m", code);
    snprintf(many_provider, sizeof(many_provider), "Coleg-Llawer-%s", code);
    many_scheme = add_scheme(many_code, many_provider, "Cynllun llawer", "Many scheme");
    for (i = 10; i < 10 + APPR_BEHIND_SHOWN + 2; i++)
        if (many_scheme <= 0 || add_to(many_scheme, arena_printf(&fx_mem, "Hwyr %d", i),
                                       "in_learning", "2025-09-01", NULL, i / 10.0))
            return -1;
    return 0;
}

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(code, sizeof(code), "rep-%ld-%d", (long)getpid(), fx_next_serial());
    snprintf(provider, sizeof(provider), "Coleg-Adroddiad-%s", code);
    scheme = add_scheme(code, provider, "Cynllun adroddiad", "Report scheme");
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Report Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Report Trainer"), "learner,trainer"), &trainer) ||
        add("Alun Ar Ei Hôl, \"Hi\"", "in_learning", "2025-09-01", NULL, 7.5) ||
        add(fx_name("Bethan Seibiant"), "on_break", "2025-09-01", NULL, 0) ||
        add(fx_name("Carys Cwblhau"), "completed", "2024-09-01", "2025-07-31", 0) ||
        add(fx_name("Dafydd Gadael"), "withdrawn", "2024-09-01", "2025-08-01", 0) ||
        add(fx_name("Elin Trosglwyddo"), "transferred", "2025-10-01", "2026-03-01", 0) ||
        add("Ffion Ar Y Trywydd", "in_learning", "2025-09-01", NULL, 0) || add_many_behind())
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp get(const char *lang, const struct fx_session *who, const char *path,
                            const char *rest)
{
    char url[512];

    snprintf(url, sizeof(url), "/%s/admin/apprentice-reports%s?provider=%s%s", lang, path, provider,
             rest);
    return http_get_as(&srv, url, who);
}

static void reports__counts_and_charts(void)
{
    static const char *const viewed =
        "SELECT COUNT(*) FROM audit_log WHERE event = 'apprentice_reports_viewed' AND actor_id = ?";
    long long before = fx_num_l(viewed, admin.user_id);
    struct http_resp r = get("en", &admin, "", "");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<h2 class=\"heading-l\" id=\"chart-status-heading\">Apprentices "
                                "by status</h2>"));
    CU_ASSERT(http_body_has(&r, "role=\"img\""));
    CU_ASSERT(
        http_body_has(&r, "<th scope=\"row\">In learning</th><td class=\"table__num\">2</td>"));
    CU_ASSERT(http_body_has(&r, "<th scope=\"row\">Completed</th><td class=\"table__num\">1</td>"));
    /* the active by provider: 3 (two in learning, one on a break), one
     * review overdue (the break's is not), one behind */
    CU_ASSERT(http_body_has(&r, "</th><td class=\"table__num\">3</td><td class=\"table__num\">2"
                                "</td><td class=\"table__num\">1</td>"));
    CU_ASSERT(http_body_has(&r, "Alun Ar Ei Hôl, &quot;Hi&quot;"));
    CU_ASSERT(!http_body_has(&r, ">Ffion Ar Y Trywydd<"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l(viewed, admin.user_id), before + 1);
    r = get("cy", &admin, "", "");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Prentisiaid fesul statws"));
    CU_ASSERT(http_body_has(&r, "<th scope=\"row\">Yn dysgu</th><td class=\"table__num\">2</td>"));
    http_resp_free(&r);
}

static void reports__csv_by_academic_year(void)
{
    struct http_resp r = get("en", &admin, "/export", "&report=years");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/csv; charset=utf-8"));
    CU_ASSERT(http_header_is(&r, "Content-Disposition",
                             "attachment; filename=\"apprentices-years.csv\""));
    /* 31 July 2025 ends in 2024/25; 1 August 2025 in 2025/26 */
    CU_ASSERT(http_body_has(&r, "\xEF\xBB\xBF"
                                "Academic year,Starts,Completed,Withdrawn,Transferred to a new "
                                "aim\r\n2024/25,2,1,0,0\r\n2025/26,4,0,1,1\r\n"));
    http_resp_free(&r);
    r = get("en", &admin, "/export", "&report=status&year=2024");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Status,Apprentices\r\nIn learning,0\r\nOn a break in "
                                "learning,0\r\nCompleted,1\r\nWithdrawn,1\r\nTransferred to a "
                                "new aim,0\r\n"));
    http_resp_free(&r);
    r = get("en", &admin, "/export", "&report=status&behind=1");
    CU_ASSERT(http_body_has(&r, "Status,Apprentices\r\nIn learning,1\r\nOn a break in "
                                "learning,0\r\nCompleted,0\r\n"));
    http_resp_free(&r);
    r = get("en", &admin, "/export", "&report=behind");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Name,Scheme,Hours expected by today,Hours approved,Hours behind"
                                "\r\n\"Alun Ar Ei Hôl, \"\"Hi\"\"\",Report scheme,"));
    CU_ASSERT(!http_body_has(&r, "Ffion"));
    http_resp_free(&r);
    r = get("cy", &admin, "/export", "&report=years");
    CU_ASSERT(http_body_has(&r, "Blwyddyn academaidd,Dechrau,Wedi cwblhau,"));
    http_resp_free(&r);
}

/* The page lists the APPR_BEHIND_SHOWN most behind, says how many there
 * are, and links to them all in the apprentices list; the CSV has them all. */
static void reports__most_behind_listed_all_in_csv(void)
{
    char url[512], link[256];
    struct http_resp r;
    int i;

    snprintf(url, sizeof(url), "/en/admin/apprentice-reports?provider=%s&year=2025", many_provider);
    r = http_get_as(&srv, url, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "22 apprentices are behind. These are the 20 most behind; the CSV "
                                "has all of them."));
    for (i = 12; i < 32; i++)
        CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, ">Hwyr %d</a>", i)));
    CU_ASSERT(!http_body_has(&r, ">Hwyr 10</a>"));
    CU_ASSERT(!http_body_has(&r, ">Hwyr 11</a>"));
    CU_ASSERT(http_body_has(&r, ">Hwyr 31</a>") &&
              strstr(r.body, ">Hwyr 31</a>") < strstr(r.body, ">Hwyr 30</a>"));
    snprintf(link, sizeof(link),
             "<a href=\"/en/admin/apprenticeships?year=2025&amp;provider=%s&amp;behind=1\">See all "
             "of them in the apprentices list</a>",
             many_provider);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);
    snprintf(url, sizeof(url), "/cy/admin/apprentice-reports?provider=%s", many_provider);
    r = http_get_as(&srv, url, &admin);
    CU_ASSERT(http_body_has(&r, "Mae 22 o brentisiaid ar ei hôl hi. Dyma&#39;r 20 pellaf"));
    http_resp_free(&r);
    snprintf(url, sizeof(url), "/en/admin/apprentice-reports/export?provider=%s&report=behind",
             many_provider);
    r = http_get_as(&srv, url, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    for (i = 10; i < 32; i++)
        CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, "\r\nHwyr %d,Many scheme,", i)));
    http_resp_free(&r);
    /* the first provider's two behind fit the page: no link */
    r = get("en", &admin, "", "");
    CU_ASSERT(http_body_has(&r, "1 apprentice is behind."));
    CU_ASSERT(!http_body_has(&r, "See all of them"));
    http_resp_free(&r);
}

static void reports__refused(void)
{
    struct http_resp r = get("en", &admin, "", "&behind=2");

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Choose from the list whether to show only those behind on hours"));
    http_resp_free(&r);
    r = get("en", &admin, "/export", "&report=nope");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = get("en", &admin, "/export", "&report=status&year=20x4");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = get("en", &trainer, "", "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = get("en", &trainer, "/export", "&report=behind");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "reports__counts_and_charts", reports__counts_and_charts },
        { "reports__csv_by_academic_year", reports__csv_by_academic_year },
        { "reports__most_behind_listed_all_in_csv", reports__most_behind_listed_all_in_csv },
        { "reports__refused", reports__refused },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_reports", cases, start, stop);
}
