/*
 * A returned hours entry corrected and resubmitted, over HTTP against the
 * real database: the trainer returns an entry with a comment; the apprentice
 * opens it from their record, corrects it and resubmits it; it waits again
 * (the logged and waiting counters move back in the same transaction), its
 * returned version is kept and shown to the trainer; approving it then puts
 * the corrected hours in the approved total. An entry waiting or approved
 * cannot be edited (400, nothing changed); another apprentice's entry is 404.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, ben, trainer;
static long long scheme, rec_ann, rec_ben;

static int start(void)
{
    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun cywiro", "Resubmit scheme", 12, 300);
    if (fx_sign_in(fx_user(fx_name("Ann Cywiro"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Ben Cywiro"), "learner"), &ben) ||
        fx_sign_in(fx_user(fx_name("Resubmit Trainer"), "learner,trainer"), &trainer))
        return -1;
    rec_ann = fx_apprentice(scheme, ann.user_id, trainer.user_id, 70, 30);
    rec_ben = fx_apprentice(scheme, ben.user_id, trainer.user_id, 70, 30);
    if (scheme <= 0 || rec_ann <= 0 || rec_ben <= 0)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A date n days from the database's today, YYYY-MM-DD, in buf. */
static const char *day(char *buf, size_t cap, long long n)
{
    char *s = fx_str_l("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL ? DAY, '%Y-%m-%d')", n);

    snprintf(buf, cap, "%s", s ? s : "");
    return buf;
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

/* user logs hours on their record; the new entry's id. */
static long long log_hours(const struct fx_session *who, long long rec, const char *hours,
                           const char *activity)
{
    char body[256], d[16];
    struct http_resp r;

    snprintf(body, sizeof(body), "worked_on=%s&hours=%s&category=study&activity=%s",
             day(d, sizeof(d), -2), hours, activity);
    r = http_post_as(&srv, "/en/me/apprenticeship/hours", who, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    return fx_num_l("SELECT MAX(id) FROM appr_otj_entries WHERE apprentice_id = ?", rec);
}

static int decide(long long entry, const char *body)
{
    char path[128];
    struct http_resp r;
    int status;

    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec_ann, entry);
    r = http_post_as(&srv, path, &trainer, body);
    status = r.status;
    http_resp_free(&r);
    return status;
}

static void resubmit__return_edit_pending_approve(void)
{
    char path[128], tpath[128], body[256], d[16];
    long long entry = log_hours(&ann, rec_ann, "2", "Reading+week+one");
    struct http_resp r;

    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "2.0/0.0/1");
    CU_ASSERT_EQUAL(decide(entry, "decision=return&comment=Which+chapters%3F+%C5%B5"), 303);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "0.0/0.0/0");

    /* the record links the returned entry to its page, prefilled */
    snprintf(path, sizeof(path), "/en/me/apprenticeship/hours/%lld", entry);
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT(http_body_has(&r, path));
    CU_ASSERT(http_body_has(&r, "Correct and resubmit"));
    http_resp_free(&r);
    r = http_get_as(&srv, path, &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Which chapters? ŵ"));
    CU_ASSERT(http_body_has(&r, "value=\"2.0\""));
    CU_ASSERT(http_body_has(&r, "Reading week one"));
    http_resp_free(&r);

    /* bad input: the message, what was typed, nothing changed */
    r = http_post_as(&srv, path, &ann, "worked_on=2026-02-30&hours=30&category=study&activity=X");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the hours as a number from 0.1 to 24"));
    CU_ASSERT(http_body_has(&r, "value=\"30\""));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "0.0/0.0/0");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_versions WHERE entry_id = ?", entry),
                    0);

    /* corrected and resubmitted: waiting again, the returned version kept */
    snprintf(body, sizeof(body),
             "worked_on=%s&hours=3,5&category=study&activity=Chapters+1-3+%%3Ci%%3E",
             day(d, sizeof(d), -1));
    r = http_post_as(&srv, path, &ann, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/en/me/apprenticeship?done=resubmitted"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "3.5/0.0/1");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_entries WHERE id = ? AND state = "
                             "'submitted' AND tenths = 35 AND comment = ''",
                             entry),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_versions WHERE entry_id = ? AND "
                             "tenths = 20 AND comment = 'Which chapters? ŵ'",
                             entry),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_resubmitted", ann.user_id, ann.user_id, NULL),
                    1);

    /* the trainer sees the history on the entry */
    snprintf(tpath, sizeof(tpath), "/cy/trainer/apprentices/%lld/hours/%lld", rec_ann, entry);
    r = http_get_as(&srv, tpath, &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Fersiynau cynharach"));
    CU_ASSERT(http_body_has(&r, "Which chapters? ŵ"));
    CU_ASSERT(http_body_has(&r, "Reading week one"));
    CU_ASSERT(http_body_has(&r, "Chapters 1-3 &lt;i&gt;"));
    CU_ASSERT(http_body_has(&r, "name=\"decision\""));
    http_resp_free(&r);

    /* approved: the corrected hours are the approved ones */
    CU_ASSERT_EQUAL(decide(entry, "decision=approve&comment="), 303);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "3.5/3.5/0");
}

static void resubmit__only_a_returned_entry(void)
{
    char path[128], body[256], d[16];
    long long waiting = log_hours(&ann, rec_ann, "1", "Waiting+one");
    struct http_resp r;

    snprintf(body, sizeof(body), "worked_on=%s&hours=9&category=study&activity=Changed",
             day(d, sizeof(d), -1));
    /* waiting for a decision: no form, and a POST is refused */
    snprintf(path, sizeof(path), "/en/me/apprenticeship/hours/%lld", waiting);
    r = http_get_as(&srv, path, &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "name=\"activity\""));
    http_resp_free(&r);
    r = http_post_as(&srv, path, &ann, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Only hours that were returned can be corrected"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "4.5/3.5/1");
    /* approved: refused too, in Welsh */
    CU_ASSERT_EQUAL(decide(waiting, "decision=approve&comment="), 303);
    snprintf(path, sizeof(path), "/cy/me/apprenticeship/hours/%lld", waiting);
    r = http_post_as(&srv, path, &ann, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Dim ond oriau a ddychwelwyd"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(totals(rec_ann), "4.5/4.5/0");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_entries WHERE id = ? AND "
                             "activity = 'Waiting one' AND tenths = 10",
                             waiting),
                    1);
}

static void resubmit__other_apprentices_entry_is_404(void)
{
    char path[128], body[256], d[16];
    long long bens = log_hours(&ben, rec_ben, "1", "Ben+reading");
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec_ben, bens);
    r = http_post_as(&srv, path, &trainer, "decision=return&comment=More");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/me/apprenticeship/hours/%lld", bens);
    CU_ASSERT_EQUAL(http_status(&srv, path, &ann), 404);
    snprintf(body, sizeof(body), "worked_on=%s&hours=9&category=study&activity=Mine",
             day(d, sizeof(d), -1));
    r = http_post_as(&srv, path, &ann, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, path, &trainer), 404); /* not the trainer's own entry */
    CU_ASSERT_STRING_EQUAL(totals(rec_ben), "0.0/0.0/0");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_otj_entries WHERE id = ? AND "
                             "state = 'returned'",
                             bens),
                    1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "resubmit__return_edit_pending_approve", resubmit__return_edit_pending_approve },
        { "resubmit__only_a_returned_entry", resubmit__only_a_returned_entry },
        { "resubmit__other_apprentices_entry_is_404", resubmit__other_apprentices_entry_is_404 },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_resubmit", cases, start, stop);
}
