/*
 * The demo (dysgu seed-demo): a council's software developer intake and a
 * health board's IT infrastructure intake, with fictional apprentices in
 * every state, trained by the demo trainer, with off-the-job hours (one entry
 * waiting for the trainer, one returned), a progress review each while in
 * learning, and one apprentice's Essential Skills Wales units.
 * The apprentices sign in with the
 * demo password (they share the demo learner's hash, set again on each
 * seed). Idempotent: INSERT IGNORE on unique keys, history only where there
 * is none.
 */
#include <stddef.h>

#include "apprenticeships/apprenticeships.h"
#include "core/log.h"

static const char *const seed_sql[] = {
    "INSERT IGNORE INTO appr_schemes (code, framework_id, employer_id, provider, subcontractor, "
    "name_cy, name_en, intake_start, review_weeks, planned_otj_hours) SELECT "
    "'gwn-software-2026', f.id, o.id, 'Coleg Enghreifftiol', NULL, "
    "'Cyngor Gwynedd: datblygwyr meddalwedd 2026', 'Gwynedd Council: software developers 2026', "
    "'2026-01-05', 12, 400 FROM appr_frameworks f, organisations o "
    "WHERE f.code = 'software-developer-3' AND o.code = 'GWN'",
    "INSERT IGNORE INTO appr_schemes (code, framework_id, employer_id, provider, subcontractor, "
    "name_cy, name_en, intake_start, review_weeks, planned_otj_hours) SELECT "
    "'bcuhb-infra-2025', f.id, o.id, 'Hyfforddiant Enghreifftiol Cyf', 'Is-gontractwr Enghraifft', "
    "'Betsi Cadwaladr: seilwaith TG 2025', 'Betsi Cadwaladr: IT infrastructure 2025', "
    "'2025-09-01', 12, 300 FROM appr_frameworks f, organisations o "
    "WHERE f.code = 'it-infrastructure-3' AND o.code = 'HB-BCUHB'",
    /* the demo admin and trainer run both schemes (migration 0043) */
    "INSERT IGNORE INTO appr_scheme_staff (scheme_id, user_id) SELECT s.id, u.id FROM "
    "appr_schemes s JOIN users u ON u.email_norm IN ('admin@dysgu.example', "
    "'trainer@dysgu.example') WHERE s.code IN ('gwn-software-2026', 'bcuhb-infra-2025')",
    /* the fictional apprentices, with the demo learner's password hash */
    "INSERT IGNORE INTO users (email, email_norm, name, password_hash, lang) SELECT "
    "CONCAT(v.e, '@dysgu.example'), CONCAT(v.e, '@dysgu.example'), v.n, u.password_hash, v.l "
    "FROM (SELECT 'apprentice1' e, 'Alaw Prentis' n, 'cy' l UNION ALL SELECT 'apprentice2', "
    "'Bryn Ŵyn', 'cy' UNION ALL SELECT 'apprentice3', 'Ceri O''Neill', 'en' UNION ALL SELECT "
    "'apprentice4', 'Dafydd \"Dai\" Rees', 'en' UNION ALL SELECT 'apprentice5', "
    "'Efa Llywelyn, Jr', 'cy' UNION ALL SELECT 'apprentice6', 'Ffion Morgan', 'cy' UNION ALL "
    "SELECT 'apprentice7', 'Gwion Tomos', 'en' UNION ALL SELECT 'apprentice8', 'Heledd Jones', "
    "'cy' UNION ALL SELECT 'apprentice9', 'Iwan Price', 'en' UNION ALL SELECT 'apprentice10', "
    "'Jac Evans', 'cy') v JOIN users u ON u.email_norm = 'learner@dysgu.example'",
    /* the demo password may change between seeds (tests/e2e/run picks one a run) */
    "UPDATE users a JOIN users l ON l.email_norm = 'learner@dysgu.example' SET a.password_hash = "
    "l.password_hash WHERE a.email_norm LIKE 'apprentice%@dysgu.example'",
    "INSERT IGNORE INTO user_roles (user_id, role) SELECT id, 'learner' FROM users "
    "WHERE email_norm LIKE 'apprentice%@dysgu.example'",
    "INSERT IGNORE INTO apprentices (user_id, scheme_id, uli, workplace_postcode, weekly_hours, "
    "starts_on, planned_end_on, actual_end_on, trainer_id, lang, agreement_on_file, status, "
    "status_reason, break_return_on, next_review_on, otj_hours_approved, credits_achieved) "
    "SELECT u.id, s.id, CONCAT('DEMO', LPAD(u.id, 8, '0')), IF(s.code LIKE 'gwn%', 'LL55 1SH', "
    "'LL18 5UJ'), 37, s.intake_start, DATE_ADD(s.intake_start, INTERVAL 2 YEAR), "
    "IF(v.st IN ('completed', 'withdrawn', 'transferred'), DATE_ADD(s.intake_start, INTERVAL "
    "10 MONTH), NULL), t.id, v.l, 1, v.st, v.why, IF(v.st = 'on_break', DATE_ADD(UTC_DATE(), "
    "INTERVAL 2 MONTH), NULL), DATE_ADD(UTC_DATE(), INTERVAL v.due DAY), v.h, v.c FROM (SELECT "
    "'apprentice1' e, 'gwn-software-2026' sc, 'in_learning' st, '' why, 'cy' l, 30 due, 120 h, "
    "30 c UNION ALL SELECT 'apprentice2', 'gwn-software-2026', 'in_learning', '', 'both', -10, "
    "40, 12 UNION ALL SELECT 'apprentice3', 'gwn-software-2026', 'on_break', 'Salwch', 'en', 60, "
    "80, 20 UNION ALL SELECT 'apprentice4', 'gwn-software-2026', 'withdrawn', 'Swydd newydd', "
    "'en', 0, 20, 5 UNION ALL SELECT 'apprentice5', 'gwn-software-2026', 'completed', "
    "'Fframwaith wedi''i gwblhau', 'cy', 0, 400, 79 UNION ALL SELECT 'apprentice6', "
    "'bcuhb-infra-2025', 'in_learning', '', 'cy', 14, 150, 60 UNION ALL SELECT 'apprentice7', "
    "'bcuhb-infra-2025', 'in_learning', '', 'en', -3, 90, 40 UNION ALL SELECT 'apprentice8', "
    "'bcuhb-infra-2025', 'transferred', 'Symud i lefel 4', 'cy', 0, 200, 80 UNION ALL SELECT "
    "'apprentice9', 'bcuhb-infra-2025', 'completed', 'Fframwaith wedi''i gwblhau', 'en', 0, 300, "
    "114 UNION ALL SELECT 'apprentice10', 'bcuhb-infra-2025', 'on_break', 'Absenoldeb rhiant', "
    "'cy', 90, 100, 30) v JOIN users u ON u.email_norm = CONCAT(v.e, '@dysgu.example') "
    "JOIN appr_schemes s ON s.code = v.sc "
    "LEFT JOIN users t ON t.email_norm = 'trainer@dysgu.example'",
    /* a weekly off-the-job target, so the record shows the hours behind it */
    "UPDATE apprentices a JOIN users u ON u.id = a.user_id SET a.otj_weekly_target = 7.5 "
    "WHERE u.email_norm LIKE 'apprentice%@dysgu.example' AND a.otj_weekly_target = 0",
    "INSERT INTO appr_status_history (apprentice_id, from_status, to_status, effective_on, "
    "reason, actor_id) SELECT a.id, 'in_learning', a.status, COALESCE(a.actual_end_on, "
    "UTC_DATE()), a.status_reason, COALESCE(ad.id, a.user_id) FROM apprentices a "
    "JOIN users u ON u.id = a.user_id LEFT JOIN users ad ON ad.email_norm = "
    "'admin@dysgu.example' WHERE u.email_norm LIKE 'apprentice%@dysgu.example' AND a.status <> "
    "'in_learning' AND NOT EXISTS (SELECT 1 FROM appr_status_history h "
    "WHERE h.apprentice_id = a.id)",
    /* the off-the-job log: the seeded approved hours as weekly approved
     * entries of up to 24 hours, and one entry waiting for the trainer
     * (apprentice2), once */
    "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, activity, state, "
    "decided_by, decided_at) SELECT a.id, a.starts_on + INTERVAL 7 * (k.n + 1) DAY, LEAST(240, "
    "a.otj_hours_approved * 10 - k.n * 240), IF(k.n % 2, 'online', 'taught'), "
    "'Hyfforddiant wythnosol / Weekly training', 'approved', a.trainer_id, UTC_TIMESTAMP() "
    "FROM apprentices a JOIN users u ON u.id = a.user_id JOIN (SELECT 0 n UNION ALL SELECT 1 UNION "
    "ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 "
    "UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT "
    "11 UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15 UNION ALL "
    "SELECT 16 UNION ALL SELECT 17 UNION ALL SELECT 18 UNION ALL SELECT 19) k "
    "ON k.n * 240 < a.otj_hours_approved * 10 WHERE u.email_norm LIKE "
    "'apprentice%@dysgu.example' AND NOT EXISTS (SELECT 1 FROM appr_otj_entries e "
    "WHERE e.apprentice_id = a.id)",
    "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, activity) "
    "SELECT a.id, UTC_DATE() - INTERVAL 2 DAY, 35, 'online', 'Cwrs Git ar-lein / Online Git "
    "course' FROM apprentices a JOIN users u ON u.id = a.user_id WHERE u.email_norm = "
    "'apprentice2@dysgu.example' AND NOT EXISTS (SELECT 1 FROM appr_otj_entries e "
    "WHERE e.apprentice_id = a.id AND e.state = 'submitted')",
    /* one entry the trainer returned with a comment (apprentice1), for the
     * apprentice to correct and resubmit, once */
    "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, activity, state, "
    "comment, decided_by, decided_at) SELECT a.id, UTC_DATE() - INTERVAL 5 DAY, 20, 'study', "
    "'Darllen / Reading', 'returned', 'Pa benodau? / Which chapters?', a.trainer_id, "
    "UTC_TIMESTAMP() FROM apprentices a JOIN users u ON u.id = a.user_id WHERE u.email_norm = "
    "'apprentice1@dysgu.example' AND a.status = 'in_learning' AND NOT EXISTS (SELECT 1 FROM "
    "appr_otj_entries e WHERE e.apprentice_id = a.id AND e.state = 'returned')",
    /* apprentice2's 12 credits as the two Essential Skills Wales qualifications
     * of 6 credits each that software developer L3 names (migration 0040) */
    "INSERT INTO appr_units_achieved (apprentice_id, qualification_id, title, credits, "
    "achieved_on, recorded_by) SELECT a.id, q.id, CONCAT(q.name_cy, ' / ', q.name_en), q.credits, "
    "a.starts_on + INTERVAL 3 * q.position MONTH, a.trainer_id FROM apprentices a JOIN users u ON "
    "u.id = a.user_id JOIN appr_schemes s ON s.id = a.scheme_id JOIN appr_qualifications q ON "
    "q.framework_id = s.framework_id AND q.kind = 'esw' WHERE u.email_norm = "
    "'apprentice2@dysgu.example' AND a.credits_achieved = 12 AND a.trainer_id IS NOT NULL AND "
    "NOT EXISTS (SELECT 1 FROM appr_units_achieved x WHERE x.apprentice_id = a.id)",
    /* the counters, as the log says (only the demo's own records) */
    "UPDATE apprentices a JOIN users u ON u.id = a.user_id SET a.otj_pending = (SELECT "
    "COUNT(*) FROM appr_otj_entries e WHERE e.apprentice_id = a.id AND e.state = 'submitted'), "
    "a.otj_hours_logged = (SELECT COALESCE(SUM(e.tenths), 0) / 10 FROM appr_otj_entries e "
    "WHERE e.apprentice_id = a.id AND e.state <> 'returned') "
    "WHERE u.email_norm LIKE 'apprentice%@dysgu.example'",
    /* one progress review each for those in learning, signed by the trainer */
    "INSERT INTO appr_reviews (apprentice_id, held_on, reviewer_id, rating, notes, actions, "
    "next_review_on) SELECT a.id, a.next_review_on - INTERVAL s.review_weeks WEEK, t.id, "
    "IF(a.next_review_on < UTC_DATE(), 'amber', 'green'), 'Cynnydd da / Good progress', "
    "'Cwblhau uned 2 / Complete unit 2', a.next_review_on FROM apprentices a JOIN users u ON "
    "u.id = a.user_id JOIN appr_schemes s ON s.id = a.scheme_id JOIN users t ON t.email_norm = "
    "'trainer@dysgu.example' WHERE u.email_norm LIKE 'apprentice%@dysgu.example' AND "
    "a.status = 'in_learning' AND a.next_review_on - INTERVAL s.review_weeks WEEK >= a.starts_on "
    "AND NOT EXISTS (SELECT 1 FROM appr_reviews r WHERE r.apprentice_id = a.id)",
};

int apprenticeships_cli_seed(struct db *db)
{
    size_t i;

    for (i = 0; i < sizeof(seed_sql) / sizeof(seed_sql[0]); i++) {
        enum db_rc rc = db_exec(db, seed_sql[i], "");

        if (rc != DB_OK) {
            log_error("cannot seed the apprenticeships (step %zu): %s", i + 1, db_rc_name(rc));
            return 1;
        }
    }
    log_info("seeded the demo apprenticeship schemes");
    return 0;
}
