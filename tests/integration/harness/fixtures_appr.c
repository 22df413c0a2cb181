/* fixtures_appr: apprenticeship schemes and apprentices (fixtures_appr.h). */
#include "fixtures_appr.h"

#include <stdio.h>

long long fx_appr_scheme(const char *fw_code, const char *name_cy, const char *name_en,
                         int review_weeks, int planned_otj_hours)
{
    char code[48];
    long long id;

    snprintf(code, sizeof(code), "fx-%s-%d", fx_tag, fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, review_weeks, planned_otj_hours) SELECT ?, f.id, o.id, "
                "'Coleg Prawf', ?, ?, UTC_DATE(), ?, ? FROM appr_frameworks f, organisations o "
                "WHERE f.code = ? AND o.code = 'CRF'",
                "sssiis", code, name_cy, name_en, review_weeks, planned_otj_hours,
                fw_code) != DB_OK) {
        fprintf(stderr, "fx_appr_scheme: the insert failed\n");
        return 0;
    }
    id = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", code);
    if (id <= 0)
        fprintf(stderr, "fx_appr_scheme: no framework %s or employer CRF\n", fw_code);
    return id > 0 ? id : 0;
}

long long fx_apprentice(long long scheme, long long user, long long trainer, int started_days_ago,
                        int review_in_days)
{
    long long id;

    if (db_exec(fx_dbh,
                "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                "planned_end_on, trainer_id, next_review_on) VALUES (?, ?, CONCAT('A', ?), 30, "
                "UTC_DATE() - INTERVAL ? DAY, UTC_DATE() + INTERVAL 600 DAY, NULLIF(?, 0), "
                "UTC_DATE() + INTERVAL ? DAY)",
                "lllili", user, scheme, user, started_days_ago, trainer, review_in_days) != DB_OK) {
        fprintf(stderr, "fx_apprentice: the insert failed\n");
        return 0;
    }
    id = fx_num_ll("SELECT id FROM apprentices WHERE user_id = ? AND scheme_id = ?", user, scheme);
    return id > 0 ? id : 0;
}

const char *fx_appr_day(char buf[16], long long n)
{
    char *s = fx_str_l("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL ? DAY, '%Y-%m-%d')", n);

    snprintf(buf, 16, "%s", s ? s : "");
    return buf;
}
