/*
 * The off-the-job hours log over HTTP against the real database: the
 * apprentice logs hours from their own page (each bad field answered in the
 * reader's language with what was typed kept and nothing written; a date in
 * the future, before the start, or while on a break refused); their trainer
 * or an admin approves an entry or returns it with a comment; the totals
 * (logged, approved, waiting) are the stored counters, moved in the same
 * transaction as the entry and audited; another apprentice's entry, and
 * another trainer's apprentice, are 404 with nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, ben, trainer, other_trainer, admin;
static long long scheme, rec_ann, rec_ben;

static int start(void)
{
    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun oriau", "Hours scheme", 12, 300);
    if (fx_sign_in(fx_user(fx_name("Ann Oriau"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Ben Oriau"), "learner"), &ben) ||
        fx_sign_in(fx_user(fx_name("Hours Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Hours Admin"), "admin"), &admin))
        return -1;
    rec_ann = fx_apprentice(scheme, ann.user_id, trainer.user_id, 70, 30);
    rec_ben = fx_apprentice(scheme, ben.user_id, other_trainer.user_id, 70, 30);
    if (scheme <= 0 || rec_ann <= 0 || rec_ben <= 0 ||
        fx_exec_l("UPDATE apprentices SET otj_weekly_target = 1.5 WHERE scheme_id = ?", scheme) !=
            2)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp log_as(const char *lang, const struct fx_session *who, const char *body)
{
    char path[64];

    snprintf(path, sizeof(path), "/%s/me/apprenticeship/hours", lang);
    return http_post_as(&srv, path, who, body);
}

/* A date n days from the database's today, YYYY-MM-DD, in buf. */
static const char *day(char *buf, size_t cap, long long n)
{
    char *s = fx_str_l("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL ? DAY, '%Y-%m-%d')", n);

    snprintf(buf, cap, "%s", s ? s : "");
    return buf;
}

static long long entries(long long id)
{
    return fx_num_l("SELECT COUNT(*) FROM appr_otj_entries WHERE apprentice_id = ?", id);
}

/* The counters, as "logged/approved/pending" with one decimal. */
static char *totals(long long id)
{
    char *s = fx_str_l("SELECT CONCAT(FORMAT(otj_hours_logged, 1), '/', "
                       "FORMAT(otj_hours_approved, 1), '/', otj_pending) FROM apprentices "
                       "WHERE id = ?",
                       id);

    return s ? s : "";
}

static long long newest_entry(long long id)
{
    return fx_num_l("SELECT MAX(id) FROM appr_otj_entries WHERE apprentice_id = ?", id);
}

static void hours__bad_input_changes_nothing(void)
{
    char body[512], d[16];
    struct http_resp r;

    snprintf(body, sizeof(body),
             "worked_on=%s&hours=25&category=bogus&activity=", day(d, sizeof(d), -1));
    r = log_as("cy", &ann, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch yr oriau fel rhif o 0.1 i 24"));
    CU_ASSERT(http_body_has(&r, "Dewiswch y math o hyfforddiant o&#39;r rhestr") ||
              http_body_has(&r, "Dewiswch y math o hyfforddiant o'r rhestr"));
    CU_ASSERT(http_body_has(&r, "value=\"25\""));
    CU_ASSERT(http_body_has(&r, d));
    http_resp_free(&r);
    r = log_as("en", &ann,
               "worked_on=2026-02-30&hours=2&category=online&activity=Course+%C5%B5+%3Cb%3E");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the date as year-month-day"));
    CU_ASSERT(http_body_has(&r, "Course ŵ &lt;b&gt;"));
    http_resp_free(&r);
    /* the future, and before the start: the database's clock decides */
    snprintf(body, sizeof(body), "worked_on=%s&hours=2&category=online&activity=Later",
             day(d, sizeof(d), 1));
    r = log_as("en", &ann, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "not in the future"));
    http_resp_free(&r);
    snprintf(body, sizeof(body), "worked_on=%s&hours=2&category=online&activity=Earlier",
             day(d, sizeof(d), -71));
    r = log_as("en", &ann, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "on or after the start"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(entries(rec_ann), 0);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "0.0/0.0/0");
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_logged", 0, ann.user_id, NULL), 0);
}

static void hours__log_then_return_then_approve(void)
{
    char body[512], d[16], path[128], admin_path[128];
    long long first, second;
    struct http_resp r;

    snprintf(body, sizeof(body),
             "worked_on=%s&hours=3,5&category=taught&activity=Git+workshop%%2C+%%22rebase%%22",
             day(d, sizeof(d), -2));
    r = log_as("en", &ann, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/en/me/apprenticeship?done=logged"));
    http_resp_free(&r);
    first = newest_entry(rec_ann);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "3.5/0.0/1");
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_logged", ann.user_id, ann.user_id, NULL), 1);
    r = http_get_as(&srv, "/cy/me/apprenticeship?done=logged", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Yn aros am gymeradwyaeth"));
    CU_ASSERT(http_body_has(&r, "Git workshop, &quot;rebase&quot;") ||
              http_body_has(&r, "Git workshop, &#34;rebase&#34;"));
    CU_ASSERT(http_body_has(&r, "3.5 (yn aros am gymeradwyaeth: 1)"));
    http_resp_free(&r);

    /* waiting hours put Ann on her trainer's list (her review is a month away) */
    r = http_get_as(&srv, "/en/trainer/apprentice-reviews", &trainer);
    CU_ASSERT(http_body_has(&r, "Ann Oriau"));
    http_resp_free(&r);
    /* the trainer's record links the entry; returning needs a comment */
    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec_ann, first);
    r = http_get_as(&srv, path + 0, &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Git workshop"));
    CU_ASSERT(http_body_has(&r, "name=\"decision\""));
    http_resp_free(&r);
    r = http_post_as(&srv, path, &trainer, "decision=return&comment=");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "returning the hours needs one"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "3.5/0.0/1");
    r = http_post_as(&srv, path, &trainer, "decision=return&comment=Which+workshop%3F+%C5%B5");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/trainer/apprentices/"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "0.0/0.0/0");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_entries WHERE id = ? AND state = "
                             "'returned' AND comment = 'Which workshop? ŵ'",
                             first),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_returned", trainer.user_id, ann.user_id, NULL),
                    1);
    /* decided once: a second decision is refused, nothing changes */
    r = http_post_as(&srv, path, &trainer, "decision=approve&comment=");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "already been approved or returned"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "0.0/0.0/0");
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT(http_body_has(&r, "Which workshop? ŵ"));
    CU_ASSERT(http_body_has(&r, "Returned"));
    http_resp_free(&r);

    /* logged again, approved by an admin */
    snprintf(body, sizeof(body), "worked_on=%s&hours=7.5&category=online&activity=Module+2",
             day(d, sizeof(d), -1));
    r = log_as("en", &ann, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    second = newest_entry(rec_ann);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "7.5/0.0/1");
    snprintf(admin_path, sizeof(admin_path), "/cy/admin/apprenticeships/%lld/hours/%lld", rec_ann,
             second);
    r = http_post_as(&srv, admin_path, &admin, "decision=approve&comment=Da+iawn");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/cy/admin/apprenticeships/"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "7.5/7.5/0");
    r = http_get_as(&srv, "/en/trainer/apprentice-reviews", &trainer);
    CU_ASSERT(!http_body_has(&r, "Ann Oriau"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_approved", admin.user_id, ann.user_id, NULL),
                    1);
    /* ten weeks at 1.5 a week is 15 expected: 7.5 approved is 7.5 behind */
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT(http_body_has(&r, "7.5 hours behind (15.0 expected so far)"));
    CU_ASSERT(http_body_has(&r, "7.5 / 300"));
    http_resp_free(&r);
}

static void hours__other_peoples_entries_are_404(void)
{
    char body[256], d[16], path[128];
    long long bens;
    struct http_resp r;

    snprintf(body, sizeof(body), "worked_on=%s&hours=1&category=study&activity=Reading",
             day(d, sizeof(d), 0));
    r = log_as("en", &ben, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    bens = newest_entry(rec_ben);
    CU_ASSERT(bens > 0);
    /* Ben's entry under Ann's record, to Ann's trainer and to an admin: 404 */
    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec_ann, bens);
    CU_ASSERT_EQUAL(http_status(&srv, path, &trainer), 404);
    r = http_post_as(&srv, path, &trainer, "decision=approve");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/apprenticeships/%lld/hours/%lld", rec_ann, bens);
    CU_ASSERT_EQUAL(http_status(&srv, path, &admin), 404);
    /* Ben's entry under Ben's record: not this trainer's apprentice */
    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec_ben, bens);
    CU_ASSERT_EQUAL(http_status(&srv, path, &trainer), 404);
    r = http_post_as(&srv, path, &trainer, "decision=approve");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    /* apprentices cannot decide at all, not even their own */
    CU_ASSERT_EQUAL(http_status(&srv, path, &ben), 403);
    CU_ASSERT_STRING_EQUAL(totals(rec_ben), "1.0/0.0/1");
    CU_ASSERT_EQUAL(http_status(&srv, path, &other_trainer), 200);
    r = http_post_as(&srv, path, &other_trainer, "decision=approve");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ben), "1.0/1.0/0");
}

static void hours__only_in_learning(void)
{
    char body[256], d[16];
    struct http_resp r;
    long long before = entries(rec_ben);

    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET status = 'on_break' WHERE id = ?", rec_ben),
                    1);
    r = http_get_as(&srv, "/en/me/apprenticeship", &ben);
    CU_ASSERT(!http_body_has(&r, "name=\"activity\""));
    http_resp_free(&r);
    snprintf(body, sizeof(body), "worked_on=%s&hours=1&category=study&activity=Reading",
             day(d, sizeof(d), 0));
    r = log_as("en", &ben, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "only while you are in learning"));
    CU_ASSERT(http_body_has(&r, "href=\"#hours-log\""));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(entries(rec_ben), before);
    /* someone who is no apprentice has no log */
    r = log_as("en", &trainer, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "hours__bad_input_changes_nothing", hours__bad_input_changes_nothing },
        { "hours__log_then_return_then_approve", hours__log_then_return_then_approve },
        { "hours__other_peoples_entries_are_404", hours__other_peoples_entries_are_404 },
        { "hours__only_in_learning", hours__only_in_learning },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_hours", cases, start, stop);
}
