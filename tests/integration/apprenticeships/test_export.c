/*
 * The CSV of apprentices for a provider's LLWR return, over HTTP against the
 * real database: UTF-8 with a byte-order mark, the header in the reader's
 * language with the LLWR codes first, a name with a comma, a quote and "ŵ"
 * quoted as RFC 4180 says, the LLWR completion status codes (a break stays 1,
 * carried in its own columns), the scheme's LP03/LP17 settings, the list's
 * filters, the admin's only, audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin, trainer;
static long long scheme;
static char scheme_code[48];

static int add(const char *name, const char *status, const char *reason)
{
    long long user = fx_user(name, "learner");

    return db_exec(fx_dbh,
                   "INSERT INTO apprentices (user_id, scheme_id, uli, workplace_postcode, "
                   "weekly_hours, starts_on, planned_end_on, status, status_reason, "
                   "break_return_on, otj_hours_approved) VALUES (?, ?, CONCAT('X', ?), 'LL57 1UT', "
                   "30, '2025-09-01', '2027-09-01', ?, ?, IF(?, '2026-01-05', NULL), "
                   "12.5)",
                   "lllssi", user, scheme, user, status, reason,
                   !strcmp(status, "on_break")) != DB_OK;
}

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "csv-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, llwr_provider_ref, llwr_programme_type) SELECT ?, f.id, "
                "o.id, 'Coleg Prawf', 'Cynllun CSV', 'CSV scheme', '2025-09-01', 'P123', 'T9' "
                "FROM appr_frameworks f, organisations o WHERE f.code = 'cyber-security-3' AND "
                "o.code = 'GWN'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("CSV Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("CSV Trainer"), "learner,trainer"), &trainer) ||
        add("Ann Ŵyn, \"Prentis\"", "in_learning", "") ||
        add(fx_name("Ben Seibiant"), "on_break", "Salwch") ||
        add(fx_name("Cai Gadael"), "withdrawn", "Swydd newydd, \"arall\""))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp export_as(const char *lang, const struct fx_session *who, const char *rest)
{
    char path[256];

    snprintf(path, sizeof(path), "/%s/admin/apprentices/export?scheme=%lld%s", lang, scheme, rest);
    return http_get_as(&srv, path, who);
}

static void export__rows_for_the_return(void)
{
    static const char *const exported =
        "SELECT COUNT(*) FROM audit_log WHERE event = 'apprentices_exported' AND actor_id = ?";
    long long before = fx_num_l(exported, admin.user_id);
    struct http_resp r = export_as("en", &admin, "");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/csv; charset=utf-8"));
    CU_ASSERT(
        http_header_is(&r, "Content-Disposition", "attachment; filename=\"apprentices.csv\""));
    CU_ASSERT(r.body_len > 3 && !memcmp(r.body, "\xEF\xBB\xBF", 3));
    CU_ASSERT(http_body_has(&r, "\xEF\xBB\xBF"
                                "LP01 ULI,LP03 provider (scheme setting),"
                                "LP12 employer name,LP13 employer postcode (workplace),"
                                "LP17 programme type (scheme setting),Name,"));
    CU_ASSERT(http_body_has(&r, ",P123,Gwynedd Council,LL57 1UT,T9,\"Ann Ŵyn, \"\"Prentis\"\"\","
                                "CSV scheme,Coleg Prawf,Cyber security analyst,3,2025-09-01,"
                                "2027-09-01,,1,,No,,both,30,12.5,0\r\n"));
    /* a break stays 1, with its own columns; a withdrawal is 3 with its reason */
    CU_ASSERT(http_body_has(&r, ",1,,Yes,2026-01-05,"));
    CU_ASSERT(http_body_has(&r, ",3,\"Swydd newydd, \"\"arall\"\"\",No,,"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l(exported, admin.user_id), before + 1);
    /* the list's filters apply; the header follows the reader's language */
    r = export_as("cy", &admin, "&status=withdrawn");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Statws cwblhau (cod LLWR)"));
    CU_ASSERT(http_body_has(&r, "Cai Gadael"));
    CU_ASSERT(!http_body_has(&r, "Ann Ŵyn"));
    http_resp_free(&r);
    r = export_as("en", &admin, "&year=20x5");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = export_as("en", &trainer, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "export__rows_for_the_return", export__rows_for_the_return },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_export", cases, start, stop);
}
