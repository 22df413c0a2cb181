/*
 * Apprenticeships over HTTP against the real database: who may read a
 * record (apprentice, other apprentice, assigned trainer, other trainer,
 * admin), every view audited; the status transitions (each refused one
 * answered in the reader's language with nothing changed, the allowed ones
 * kept in the history); the admin list's filters and counts; overdue
 * reviews by the database's clock (a stored date moved back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apprenticeships/apprenticeships.h"
#include "harness.h"

static struct server srv;
static struct fx_session ann, ben, outsider, trainer, other_trainer, admin;
static long long scheme, rec_ann, rec_ben;
static char scheme_code[48];

static long long add_apprentice(long long user, long long trainer_id)
{
    if (db_exec(fx_dbh,
                "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                "planned_end_on, trainer_id, next_review_on) VALUES (?, ?, CONCAT('T', ?), 30, "
                "'2026-01-05', "
                "'2028-01-05', ?, DATE_ADD(UTC_DATE(), INTERVAL 30 DAY))",
                "llll", user, scheme, user, trainer_id) != DB_OK)
        return 0;
    return fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", user);
}

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "test-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start) SELECT ?, f.id, o.id, 'Coleg Prawf', 'Cynllun prawf', "
                "'Test scheme', '2026-01-05' FROM appr_frameworks f, organisations o "
                "WHERE f.code = 'software-developer-3' AND o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (fx_sign_in(fx_user("Ann Ŵyn, \"Prentis\"", "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Ben Prentis"), "learner"), &ben) ||
        fx_sign_in(fx_user(fx_name("Outsider"), "learner"), &outsider) ||
        fx_sign_in(fx_user(fx_name("Appr Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Appr Admin"), "admin"), &admin))
        return -1;
    rec_ann = add_apprentice(ann.user_id, trainer.user_id);
    rec_ben = add_apprentice(ben.user_id, other_trainer.user_id);
    if (scheme <= 0 || rec_ann <= 0 || rec_ben <= 0)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static int status_of(const char *path, const struct fx_session *s)
{
    return http_status(&srv, path, s);
}

static void appr__transitions_allowed(void)
{
    int from, to, n = 0;

    for (from = 0; from < APPR_STATUS__N; from++)
        for (to = 0; to < APPR_STATUS__N; to++)
            n += appr_transition_allowed(from, to);
    CU_ASSERT_EQUAL(n, 6);
    CU_ASSERT(appr_transition_allowed(APPR_IN_LEARNING, APPR_ON_BREAK));
    CU_ASSERT(appr_transition_allowed(APPR_ON_BREAK, APPR_IN_LEARNING));
    CU_ASSERT(!appr_transition_allowed(APPR_ON_BREAK, APPR_COMPLETED));
    CU_ASSERT(!appr_transition_allowed(APPR_COMPLETED, APPR_IN_LEARNING));
    CU_ASSERT(!appr_transition_allowed(APPR_WITHDRAWN, APPR_IN_LEARNING));
    CU_ASSERT(!appr_transition_allowed(APPR_IN_LEARNING, APPR_IN_LEARNING));
    CU_ASSERT_EQUAL(appr_status_parse("transferred"), APPR_TRANSFERRED);
    CU_ASSERT_EQUAL(appr_status_parse("6"), -1);
}

static void appr__access_matrix(void)
{
    char admin_path[96], trainer_path[96];
    long long viewed = fx_audit_count("apprentice_viewed", 0, ann.user_id, NULL);
    struct http_resp r;

    snprintf(admin_path, sizeof(admin_path), "/en/admin/apprenticeships/%lld", rec_ann);
    snprintf(trainer_path, sizeof(trainer_path), "/cy/trainer/apprentices/%lld", rec_ann);
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "My apprenticeship"));
    CU_ASSERT(http_body_has(&r, "Ann Ŵyn, &quot;Prentis&quot;") ||
              http_body_has(&r, "Ann Ŵyn, &#34;Prentis&#34;") || http_body_has(&r, "Test scheme"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_of("/cy/me/apprenticeship", &outsider), 404);
    CU_ASSERT_EQUAL(status_of(trainer_path, &trainer), 200);
    CU_ASSERT_EQUAL(status_of(trainer_path, &other_trainer), 404);
    CU_ASSERT_EQUAL(status_of(trainer_path, &ben), 403);
    CU_ASSERT_EQUAL(status_of(trainer_path, &ann), 403);
    CU_ASSERT_EQUAL(status_of(admin_path, &admin), 200);
    CU_ASSERT_EQUAL(status_of(admin_path, &trainer), 403);
    CU_ASSERT_EQUAL(status_of(admin_path, &ann), 403);
    CU_ASSERT_EQUAL(status_of("/en/admin/apprenticeships/999999999", &admin), 404);
    /* the apprentice, their trainer and the admin: three views, each audited */
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_viewed", 0, ann.user_id, NULL), viewed + 3);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_viewed", trainer.user_id, ann.user_id, NULL), 1);
}

static struct http_resp change(const char *lang, long long id, const char *body)
{
    char path[96];

    snprintf(path, sizeof(path), "/%s/admin/apprenticeships/%lld/status", lang, id);
    return http_post_as(&srv, path, &admin, body);
}

static long long history(long long id)
{
    return fx_num_l("SELECT COUNT(*) FROM appr_status_history WHERE apprentice_id = ?", id);
}

static char *status_now(long long id)
{
    char *s = fx_str_l("SELECT status FROM apprentices WHERE id = ?", id);

    return s ? s : "";
}

static void appr__status_changes_follow_the_rules(void)
{
    struct http_resp r;

    /* a break without its planned return: refused, what was typed kept */
    r = change("en", rec_ben, "status=on_break&on=2026-03-01&reason=Illness+%C5%B5");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the planned return date"));
    CU_ASSERT(http_body_has(&r, "Illness ŵ"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(status_now(rec_ben), "in_learning");
    CU_ASSERT_EQUAL(history(rec_ben), 0);
    /* an impossible date */
    r = change("cy", rec_ben, "status=withdrawn&on=2026-02-30&reason=x");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch y dyddiad"));
    http_resp_free(&r);
    /* the break, then the return */
    r = change("en", rec_ben, "status=on_break&on=2026-03-01&return_on=2026-05-01&reason=Illness");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(status_now(rec_ben), "on_break");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM apprentices WHERE id = ? AND "
                             "break_return_on = '2026-05-01'",
                             rec_ben),
                    1);
    /* a break cannot complete: refused in Welsh, nothing changed */
    r = change("cy", rec_ben, "status=completed&on=2026-04-01&reason=Gorffen");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Ni ellir newid i&#39;r statws hwnnw") ||
              http_body_has(&r, "Ni ellir newid i'r statws hwnnw"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(status_now(rec_ben), "on_break");
    CU_ASSERT_EQUAL(history(rec_ben), 1);
    r = change("en", rec_ben, "status=in_learning&on=2026-05-01&reason=Back");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = change("en", rec_ben, "status=completed&on=2027-12-20&reason=All+units");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(status_now(rec_ben), "completed");
    CU_ASSERT_EQUAL(history(rec_ben), 3);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_status", admin.user_id, ben.user_id, NULL), 3);
    /* completed is final */
    r = change("en", rec_ben, "status=withdrawn&on=2027-12-21&reason=Late");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "cannot change to that one"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(history(rec_ben), 3);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM apprentices WHERE id = ? AND "
                             "actual_end_on = '2027-12-20'",
                             rec_ben),
                    1);
    /* the record shows the history */
    r = http_get_as(&srv, "/en/me/apprenticeship", &ben);
    CU_ASSERT(http_body_has(&r, "All units"));
    CU_ASSERT(http_body_has(&r, "On a break in learning"));
    http_resp_free(&r);
}

static void appr__admin_list_filters(void)
{
    char path[160];
    struct http_resp r;

    /* Ann's review moved into the past: overdue by the database's clock */
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET status = 'in_learning', next_review_on = "
                              "DATE_SUB(UTC_DATE(), INTERVAL 1 DAY) WHERE id = ?",
                              rec_ann),
                    1);
    snprintf(path, sizeof(path), "/en/admin/apprenticeships?scheme=%lld&overdue=1", scheme);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "1 apprentice"));
    CU_ASSERT(http_body_has(&r, "Overdue"));
    CU_ASSERT(http_body_has(&r, "Ann"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/admin/apprenticeships?scheme=%lld&status=completed", scheme);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "1 prentis"));
    CU_ASSERT(!http_body_has(&r, "Ann Ŵyn"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/apprenticeships?scheme=%lld&status=bogus", scheme);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Choose a status from the list"));
    CU_ASSERT(http_body_has(&r, "2 apprentices")); /* the other filters still apply */
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_of("/en/admin/apprenticeships?page=300", &admin), 404);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "appr__transitions_allowed", appr__transitions_allowed },
        { "appr__access_matrix", appr__access_matrix },
        { "appr__status_changes_follow_the_rules", appr__status_changes_follow_the_rules },
        { "appr__admin_list_filters", appr__admin_list_filters },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships", cases, start, stop);
}
