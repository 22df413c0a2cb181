/*
 * After a webinar (issue 18): its trainer downloads the registrations as
 * CSV (UTF-8 with a BOM; a name holding a comma, a quote and "ŵ" survives;
 * the export is audited) and marks who attended, once it has started; bad
 * values change nothing; another trainer and a learner get neither.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session trainer, other, learner;
static char past[96], future[96];
static long long past_id, reg_a, reg_b, reg_wait;

#define NAME "O'Brien, Siân \"Ŵ\""

/* A webinar of the trainer's starting hours from now; its id. */
static long long add(char *slug, const char *name, int hours)
{
    static const char *const q =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, starts_at, "
        "capacity, taken, created_by) VALUES (?, 'Gweminar', 'Webinar', '', '', "
        "UTC_TIMESTAMP() + INTERVAL ? HOUR, 5, 2, ?)";

    snprintf(slug, 96, "%s-%s", name, fx_tag);
    return db_exec(fx_dbh, q, "sil", slug, hours, trainer.user_id) == DB_OK
               ? (long long)db_insert_id(fx_dbh)
               : 0;
}

static long long reg(long long webinar_id, long long user_id, const char *status)
{
    return db_exec(fx_dbh,
                   "INSERT INTO webinar_registrations (webinar_id, user_id, status, "
                   "registered_at, waitlisted_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), "
                   "UTC_TIMESTAMP())",
                   "lls", webinar_id, user_id, status) == DB_OK
               ? (long long)db_insert_id(fx_dbh)
               : 0;
}

static int start(void)
{
    struct fx_session a, b, c;

    if (fx_init() || fx_sign_in(fx_user(fx_name("Hyfforddwr"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Arall"), "learner,trainer"), &other))
        return -1;
    fx_learner("Dysgwr", "cy", &learner);
    fx_learner("A", "cy", &a);
    fx_learner("B", "en", &b);
    fx_learner("C", "en", &c);
    past_id = add(past, "wedi-bod", -2);
    if (!past_id || !add(future, "i-ddod", 48) ||
        db_exec(fx_dbh, "UPDATE users SET name = ? WHERE id = ?", "sl", NAME, a.user_id) != DB_OK)
        return -1;
    reg_a = reg(past_id, a.user_id, "registered");
    reg_b = reg(past_id, b.user_id, "registered");
    reg_wait = reg(past_id, c.user_id, "waitlisted");
    if (!reg_a || !reg_b || !reg_wait)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static const char *path(const char *slug, const char *rest)
{
    return arena_printf(&fx_mem, "/en/manage/webinars/%s/%s", slug, rest);
}

static long long attended(long long id)
{
    return fx_num_l("SELECT attended FROM webinar_registrations WHERE id = ?", id);
}

static void csv__bom_quoting_and_audit(void)
{
    struct http_resp r = http_get_as(&srv, path(past, "people.csv"), &trainer);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/csv; charset=utf-8"));
    CU_ASSERT(
        http_header_is(&r, "Content-Disposition",
                       arena_printf(&fx_mem, "attachment; filename=\"webinar-%s.csv\"", past)));
    CU_ASSERT_FATAL(r.body && r.body_len > 3);
    CU_ASSERT_EQUAL(memcmp(r.body,
                           "\xef\xbb\xbf"
                           "Name,Email,Status,Attended\r\n",
                           31),
                    0);
    CU_ASSERT(http_body_has(&r, "\"O'Brien, Siân \"\"Ŵ\"\"\","));
    CU_ASSERT(http_body_has(&r, ",Registered,no\r\n"));
    CU_ASSERT(!http_body_has(&r, ",yes\r\n"));
    http_resp_free(&r);
    CU_ASSERT(fx_num_s("SELECT COUNT(*) FROM audit_log WHERE event = 'webinar_exported' AND "
                       "detail = ?",
                       arena_printf(&fx_mem, "webinar %lld", past_id)) >= 1);
    CU_ASSERT_EQUAL(http_status(&srv, path(past, "people.csv"), &other), 404);
    CU_ASSERT_NOT_EQUAL(http_status(&srv, path(past, "people.csv"), &learner), 200);
}

static void attendance__marked_after_the_start(void)
{
    struct http_resp r = http_get_as(&srv, path(past, "people"), &trainer);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, "name=\"attended-%lld\"", reg_a)));
    CU_ASSERT(!http_body_has(&r, arena_printf(&fx_mem, "name=\"attended-%lld\"", reg_wait)));
    http_resp_free(&r);
    r = http_post_as(&srv, path(past, "attendance"), &trainer,
                     arena_printf(&fx_mem, "attended-%lld=1&attended-%lld=1", reg_a, reg_wait));
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?saved=1"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(attended(reg_a), 1);
    CU_ASSERT_EQUAL(attended(reg_b), 0);
    CU_ASSERT_EQUAL(attended(reg_wait), 0); /* waiting: never marked */
    /* a value not understood changes nothing */
    r = http_post_as(&srv, path(past, "attendance"), &trainer,
                     arena_printf(&fx_mem, "attended-%lld=yes", reg_b));
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(attended(reg_a), 1);
    CU_ASSERT_EQUAL(attended(reg_b), 0);
    /* unticked: did not come */
    r = http_post_as(&srv, path(past, "attendance"), &trainer,
                     arena_printf(&fx_mem, "attended-%lld=1", reg_b));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(attended(reg_a), 0);
    CU_ASSERT_EQUAL(attended(reg_b), 1);
    r = http_get_as(&srv, path(past, "people.csv"), &trainer);
    CU_ASSERT(http_body_has(&r, ",yes\r\n"));
    http_resp_free(&r);
    /* not before the start, not another trainer's */
    r = http_post_as(&srv, path(future, "attendance"), &trainer, "");
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
    r = http_post_as(&srv, path(past, "attendance"), &other,
                     arena_printf(&fx_mem, "attended-%lld=1", reg_a));
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(attended(reg_a), 0);
}

static void people__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "csv__bom_quoting_and_audit", csv__bom_quoting_and_audit },
        { "attendance__marked_after_the_start", attendance__marked_after_the_start },
        { "people__log_has_no_errors", people__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/people", cases, start, stop);
}
