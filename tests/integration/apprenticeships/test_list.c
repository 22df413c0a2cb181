/*
 * The admin's apprentice list over HTTP against the real database: grouped
 * by academic year (1 August – 31 July, newest first, the boundary days on
 * the right side), the employer and academic-year filters with their counts
 * (each counted with the other filters applied), the lead-provider and
 * hours-behind filters, and a filter value not understood answered 400 in
 * the reader's language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define APPR_PROVIDER_TOO_LONG 201 /* appr_schemes.provider holds 200 */

static struct server srv;
static struct fx_session admin;
static long long scheme, crf, agy;
static char scheme_code[48];

static int add(const char *name, const char *starts_on, const char *status)
{
    long long user = fx_user(fx_name(name), "learner");

    return db_exec(fx_dbh,
                   "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                   "planned_end_on, status, next_review_on) VALUES (?, ?, CONCAT('L', ?), 30, ?, "
                   "? + INTERVAL 2 YEAR, ?, UTC_DATE() + INTERVAL 30 DAY)",
                   "lllsss", user, scheme, user, starts_on, starts_on, status) != DB_OK;
}

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "list-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start) SELECT ?, f.id, o.id, 'Coleg Prawf', 'Cynllun rhestr', "
                "'List scheme', '2024-09-01' FROM appr_frameworks f, organisations o "
                "WHERE f.code = 'digital-content-3' AND o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    crf = fx_org("CRF");
    agy = fx_org("AGY");
    if (scheme <= 0 || crf <= 0 || agy <= 0 ||
        fx_sign_in(fx_user(fx_name("List Admin"), "admin"), &admin) ||
        add("Aled Gorffennaf", "2025-07-31", "in_learning") ||
        add("Bethan Awst", "2025-08-01", "in_learning") ||
        add("Carys Gorffennaf", "2026-07-31", "withdrawn"))
        return -1;
    /* Aled has a weekly off-the-job target and no approved hours: behind */
    if (db_exec(fx_dbh,
                "UPDATE apprentices a JOIN users u ON u.id = a.user_id SET a.otj_weekly_target = 6 "
                "WHERE a.scheme_id = ? AND u.name LIKE 'Aled Gorffennaf%'",
                "l", scheme) != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp list(const char *lang, const char *rest)
{
    char path[256];

    snprintf(path, sizeof(path), "/%s/admin/apprenticeships?scheme=%lld%s", lang, scheme, rest);
    return http_get_as(&srv, path, &admin);
}

static void list__grouped_by_academic_year(void)
{
    struct http_resp r = list("en", "");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "3 apprentices"));
    /* 31 July 2025 is the last day of 2024/25; 1 August starts 2025/26 */
    CU_ASSERT(http_pos(&r, "id=\"year-2025\"") >= 0);
    CU_ASSERT(http_pos(&r, "id=\"year-2025\"") < http_pos(&r, "Bethan Awst"));
    CU_ASSERT(http_pos(&r, "Carys Gorffennaf") < http_pos(&r, "id=\"year-2024\""));
    CU_ASSERT(http_pos(&r, "Bethan Awst") < http_pos(&r, "id=\"year-2024\""));
    CU_ASSERT(http_pos(&r, "id=\"year-2024\"") < http_pos(&r, "Aled Gorffennaf"));
    CU_ASSERT(http_body_has(&r, "2025/26 (2)"));
    CU_ASSERT(http_body_has(&r, "2024/25 (1)"));
    http_resp_free(&r);
}

static void list__employer_and_year_filters(void)
{
    char rest[96];
    struct http_resp r = list("en", "&year=2025");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "2 apprentices"));
    CU_ASSERT(!http_body_has(&r, "Aled Gorffennaf"));
    /* the status counts keep the year; the year counts ignore only the year */
    CU_ASSERT(http_body_has(&r, "Withdrawn (1)"));
    CU_ASSERT(http_body_has(&r, "In learning (1)"));
    CU_ASSERT(http_body_has(&r, "2024/25 (1)"));
    http_resp_free(&r);
    r = list("cy", "&year=2024&status=in_learning");
    CU_ASSERT(http_body_has(&r, "1 prentis"));
    CU_ASSERT(http_body_has(&r, "Aled Gorffennaf"));
    http_resp_free(&r);
    snprintf(rest, sizeof(rest), "&employer=%lld", crf);
    r = list("en", rest);
    CU_ASSERT(http_body_has(&r, "3 apprentices"));
    http_resp_free(&r);
    snprintf(rest, sizeof(rest), "&employer=%lld", agy);
    r = list("en", rest);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "0 apprentices"));
    CU_ASSERT(!http_body_has(&r, "Bethan Awst"));
    http_resp_free(&r);
    /* not understood: 400 in the reader's language, the other filters kept */
    r = list("cy", "&year=25&employer=x");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Dewiswch flwyddyn academaidd o&#39;r rhestr") ||
              http_body_has(&r, "Dewiswch flwyddyn academaidd o'r rhestr"));
    CU_ASSERT(http_body_has(&r, "Dewiswch gyflogwr"));
    CU_ASSERT(http_body_has(&r, "3 phrentis"));
    http_resp_free(&r);
}

static void list__provider_and_hours_behind_filters(void)
{
    char big[APPR_PROVIDER_TOO_LONG + 32];
    struct http_resp r = list("en", "&behind=1");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "1 apprentice"));
    CU_ASSERT(http_body_has(&r, "Aled Gorffennaf"));
    CU_ASSERT(!http_body_has(&r, "Bethan Awst"));
    CU_ASSERT(http_body_has(&r, "Behind on hours (1)"));
    /* the other filters' counts keep "behind": only Aled's year and status */
    CU_ASSERT(http_body_has(&r, "2024/25 (1)"));
    CU_ASSERT(http_body_has(&r, "Coleg Prawf (1)"));
    CU_ASSERT(http_body_has(&r, "behind=1")); /* the export and pages keep it */
    http_resp_free(&r);
    /* with a year Aled is not in, nobody is behind, but the option stays */
    r = list("cy", "&year=2025&behind=1");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<p class=\"caption\">0 prentis</p>"));
    CU_ASSERT(http_body_has(&r, "Ar ei hôl hi gydag oriau (0)"));
    CU_ASSERT(!http_body_has(&r, "Aled Gorffennaf"));
    http_resp_free(&r);
    r = list("en", "&provider=Coleg+Prawf");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "3 apprentices"));
    CU_ASSERT(http_body_has(&r, "provider=Coleg+Prawf") ||
              http_body_has(&r, "provider=Coleg%20Prawf"));
    http_resp_free(&r);
    /* a provider no scheme names: nobody, and the choice is still shown */
    r = list("en", "&provider=Coleg+Arall");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "0 apprentices"));
    CU_ASSERT(http_body_has(&r, "Coleg Arall (0)"));
    http_resp_free(&r);
    /* not understood: 400 in the reader's language */
    memset(big, 'x', sizeof(big) - 1);
    memcpy(big, "&provider=", 10);
    big[sizeof(big) - 1] = '\0';
    r = list("cy", big);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = list("en", "&behind=yes");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "3 apprentices"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "list__grouped_by_academic_year", list__grouped_by_academic_year },
        { "list__employer_and_year_filters", list__employer_and_year_filters },
        { "list__provider_and_hours_behind_filters", list__provider_and_hours_behind_filters },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_list", cases, start, stop);
}
