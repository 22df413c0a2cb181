/*
 * The record page's round trips (issue 22; /metrics,
 * dysgu_db_round_trips_total by route, the session cache warm): the admin's,
 * the trainer's and the apprentice's own page cost the record and its five
 * lists (history, hours, reviews, qualifications, units: one statement each,
 * docs/benchmarks.md on why), showing what the lists hold (an hours entry
 * with a quote, a comma and "ŵ"; the status history); the view's audit row
 * (a round trip with its commit) only on a viewer's first view of a record
 * in APPR_VIEWED_EVERY_S, so the audit log still shows who viewed what.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "fixtures_appr.h"
#include "harness.h"

static struct server srv;
static struct fx_session cai, trainer, admin, admin2;
static long long rec;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=5000", NULL };
    long long scheme;

    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun cofnod", "Record scheme", 12, 400);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Cai Cofnod"), "learner"), &cai) ||
        fx_sign_in(fx_user(fx_name("Record Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Record Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Record Admin Two"), "admin"), &admin2))
        return -1;
    rec = fx_apprentice(scheme, cai.user_id, trainer.user_id, 30, 20);
    if (rec <= 0 ||
        db_exec(fx_dbh,
                "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, "
                "activity) VALUES (?, UTC_DATE() - INTERVAL 2 DAY, 35, 1, 'Gweithdy \"profi\", "
                "ŵyl'), (?, UTC_DATE() - INTERVAL 1 DAY, 20, 1, 'Darllen am SQL')",
                "ll", rec, rec) != DB_OK ||
        db_exec(fx_dbh,
                "INSERT INTO appr_status_history (apprentice_id, from_status, to_status, "
                "effective_on, reason, actor_id) VALUES (?, 'in_learning', 'on_break', "
                "UTC_DATE() - INTERVAL 20 DAY, 'Seibiant byr', ?), (?, 'on_break', "
                "'in_learning', UTC_DATE() - INTERVAL 10 DAY, 'Yn ôl', ?)",
                "llll", rec, admin.user_id, rec, admin.user_id) != DB_OK)
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The round trips one GET of path as s cost (route pattern), asserting a
 * 200 whose body has needle. */
static long trips_of(const struct fx_session *s, const char *path, const char *pattern,
                     const char *needle)
{
    long before = http_round_trips(&srv, pattern);
    struct http_resp r = http_get_as(&srv, path, s);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, needle));
    http_resp_free(&r);
    return http_round_trips(&srv, pattern) - before;
}

static long views(const struct fx_session *s)
{
    return fx_audit_count("apprentice_viewed", s->user_id, cai.user_id, NULL);
}

#define WARM 6 /* the record and its five lists */

static void record__round_trips_each_page(void)
{
    char admin_path[96], trainer_path[96];
    const char *a = "/admin/apprenticeships/{id}", *t = "/trainer/apprentices/{id}";

    snprintf(admin_path, sizeof(admin_path), "/cy/admin/apprenticeships/%lld", rec);
    snprintf(trainer_path, sizeof(trainer_path), "/en/trainer/apprentices/%lld", rec);
    /* the first view: the audit row besides */
    CU_ASSERT(trips_of(&admin, admin_path, a, "Gweithdy &quot;profi&quot;, ŵyl") > WARM);
    /* again: no audit row */
    CU_ASSERT_EQUAL(trips_of(&admin, admin_path, a, "Seibiant byr"), WARM);
    CU_ASSERT_EQUAL(trips_of(&admin, admin_path, a, "Darllen am SQL"), WARM);
    CU_ASSERT(trips_of(&trainer, trainer_path, t, "Yn ôl") > WARM);
    CU_ASSERT_EQUAL(trips_of(&trainer, trainer_path, t, "Darllen am SQL"), WARM);
    CU_ASSERT(trips_of(&cai, "/cy/me/apprenticeship", "/me/apprenticeship", "Darllen am SQL") >
              WARM);
    CU_ASSERT_EQUAL(trips_of(&cai, "/cy/me/apprenticeship", "/me/apprenticeship",
                             "Gweithdy &quot;profi&quot;, ŵyl"),
                    WARM);
}

static void record__views_audited_once_per_viewer(void)
{
    char path[96];
    long long before = views(&admin2);

    snprintf(path, sizeof(path), "/en/admin/apprenticeships/%lld", rec);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin2), 200);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin2), 200);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin2), 200);
    /* who viewed what: one row for this admin, one each for the others */
    CU_ASSERT_EQUAL(views(&admin2), before + 1);
    CU_ASSERT_EQUAL(views(&admin), 1);
    CU_ASSERT_EQUAL(views(&trainer), 1);
    CU_ASSERT_EQUAL(views(&cai), 1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "record__round_trips_each_page", record__round_trips_each_page },
        { "record__views_audited_once_per_viewer", record__views_audited_once_per_viewer },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/record", cases, start, stop);
}
