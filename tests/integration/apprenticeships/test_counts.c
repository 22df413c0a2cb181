/*
 * The admin list's counts and pages come from the roster kept in memory
 * (server/apprenticeships/roster.c). Over HTTP, on a scheme of its own with
 * 30 apprentices in learning:
 *   - a status change shows in the counts and the filtered list at once;
 *   - page 2 holds the rows after the first 25, in the list's order;
 *   - 12 withdrawals at the same instant (12 threads) while a reader loads
 *     the list over and over: every change taken, nobody saw a 5xx, and
 *     afterwards each count equals the rows in the database.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define APPRENTICES 30
#define WITHDRAWERS 12

static struct server srv;
static struct fx_session admin;
static long long scheme, ids[APPRENTICES];
static char scheme_code[48];
static atomic_int n_5xx, n_taken, changing_done, reads;

static int start(void)
{
    char name[48];
    int i;

    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "counts-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start) SELECT ?, f.id, o.id, 'Coleg Cyfrif', 'Cynllun cyfrif', "
                "'Counts scheme', '2024-09-01' FROM appr_frameworks f, organisations o "
                "WHERE f.code = 'digital-content-3' AND o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Counts Admin"), "admin"), &admin))
        return -1;
    for (i = 0; i < APPRENTICES; i++) {
        long long user;

        /* "Cyfrif 00" .. "Cyfrif 29": the list's order is the names' */
        snprintf(name, sizeof(name), "Cyfrif %02d", i);
        user = fx_user(fx_name(name), "learner");
        if (user <= 0 ||
            db_exec(fx_dbh,
                    "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                    "planned_end_on, status, next_review_on) VALUES (?, ?, CONCAT('L', ?), 30, "
                    "'2025-09-01', '2027-09-01', 'in_learning', UTC_DATE() + INTERVAL 30 DAY)",
                    "lll", user, scheme, user) != DB_OK)
            return -1;
        ids[i] = fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", user);
    }
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp list(const char *rest)
{
    char path[256];

    snprintf(path, sizeof(path), "/en/admin/apprenticeships?scheme=%lld%s", scheme, rest);
    return http_get_as(&srv, path, &admin);
}

static struct http_resp change(long long id, const char *body)
{
    char path[96];

    snprintf(path, sizeof(path), "/en/admin/apprenticeships/%lld/status", id);
    return http_post_as(&srv, path, &admin, body);
}

static long long in_db(const char *status)
{
    char sql[160];

    snprintf(sql, sizeof(sql),
             "SELECT COUNT(*) FROM apprentices WHERE scheme_id = %lld AND status = ?", scheme);
    return fx_num_s(sql, status);
}

static int has_count(const struct http_resp *r, const char *label, long long n)
{
    char want[96];

    snprintf(want, sizeof(want), "%s (%lld)", label, n);
    if (!http_body_has(r, want))
        fprintf(stderr, "list lacks: %s\n", want);
    return http_body_has(r, want);
}

static void counts__follow_a_status_change(void)
{
    struct http_resp r = list("");

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(has_count(&r, "In learning", APPRENTICES));
    CU_ASSERT(http_body_has(&r, "30 apprentices"));
    http_resp_free(&r);
    r = change(ids[3], "status=on_break&on=2026-03-01&return_on=2026-05-01&reason=Illness");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    /* at once: the roster this server kept is dropped by the change */
    r = list("");
    CU_ASSERT(has_count(&r, "In learning", APPRENTICES - 1));
    CU_ASSERT(has_count(&r, "On a break in learning", 1));
    CU_ASSERT(http_body_has(&r, "30 apprentices"));
    http_resp_free(&r);
    r = list("&status=on_break");
    CU_ASSERT(http_body_has(&r, "1 apprentice"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 03"));
    CU_ASSERT(!http_body_has(&r, "Cyfrif 04"));
    http_resp_free(&r);
    r = change(ids[3], "status=in_learning&on=2026-05-01&reason=Back");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = list("&status=in_learning");
    CU_ASSERT(http_body_has(&r, "30 apprentices"));
    http_resp_free(&r);
}

static void counts__pages_in_order(void)
{
    struct http_resp r = list("");

    CU_ASSERT(http_body_has(&r, "Cyfrif 00"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 24"));
    CU_ASSERT(!http_body_has(&r, "Cyfrif 25"));
    CU_ASSERT(http_pos(&r, "Cyfrif 07") < http_pos(&r, "Cyfrif 08"));
    http_resp_free(&r);
    r = list("&page=2");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "Cyfrif 24"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 25"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 29"));
    CU_ASSERT(http_pos(&r, "Cyfrif 25") < http_pos(&r, "Cyfrif 29"));
    http_resp_free(&r);
}

static void *withdraw(void *arg)
{
    long long id = *(long long *)arg;
    struct http_resp r = change(id, "status=withdrawn&on=2026-06-01&reason=Left");

    if (r.status >= 500)
        atomic_fetch_add(&n_5xx, 1);
    if (r.status == 303)
        atomic_fetch_add(&n_taken, 1);
    http_resp_free(&r);
    return NULL;
}

static void *reader(void *unused)
{
    (void)unused;
    while (!atomic_load(&changing_done)) {
        struct http_resp r = list("");

        if (r.status >= 500)
            atomic_fetch_add(&n_5xx, 1);
        atomic_fetch_add(&reads, 1);
        http_resp_free(&r);
    }
    return NULL;
}

static void counts__concurrent_changes(void)
{
    pthread_t t[WITHDRAWERS], rd;
    struct http_resp r;
    int i;

    pthread_create(&rd, NULL, reader, NULL);
    for (i = 0; i < WITHDRAWERS; i++)
        pthread_create(&t[i], NULL, withdraw, &ids[10 + i]);
    for (i = 0; i < WITHDRAWERS; i++)
        pthread_join(t[i], NULL);
    atomic_store(&changing_done, 1);
    pthread_join(rd, NULL);
    CU_ASSERT_EQUAL(atomic_load(&n_5xx), 0);
    CU_ASSERT_EQUAL(atomic_load(&n_taken), WITHDRAWERS);
    CU_ASSERT(atomic_load(&reads) > 0);
    CU_ASSERT_EQUAL(in_db("withdrawn"), WITHDRAWERS);
    r = list("");
    CU_ASSERT(has_count(&r, "Withdrawn", in_db("withdrawn")));
    CU_ASSERT(has_count(&r, "In learning", in_db("in_learning")));
    CU_ASSERT(http_body_has(&r, "30 apprentices"));
    http_resp_free(&r);
    r = list("&status=withdrawn");
    CU_ASSERT(http_body_has(&r, "12 apprentices"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 10"));
    CU_ASSERT(http_body_has(&r, "Cyfrif 21"));
    CU_ASSERT(!http_body_has(&r, "Cyfrif 22"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "counts__follow_a_status_change", counts__follow_a_status_change },
        { "counts__pages_in_order", counts__pages_in_order },
        { "counts__concurrent_changes", counts__concurrent_changes },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_counts", cases, start, stop);
}
