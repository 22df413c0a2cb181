/*
 * Units and credits over HTTP against the real database: the apprentice's
 * trainer or an admin records a unit achieved on the record; the unit and
 * apprentices.credits_achieved move in one transaction, audited; the record
 * and /me/apprenticeship show the credits against the framework's minimum and
 * against each qualification's credits where the reference gives them (the
 * Software Developer L3 ESW qualifications: 6 each; the Agored Cymru diploma:
 * not recorded). Bad input is a message in the reader's language with what
 * was typed kept and nothing written; another trainer's apprentice is 404;
 * hostile text is escaped.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, ben, trainer, other_trainer, admin;
static long long scheme, rec_ann, rec_ben, esw_comm;

static int start(void)
{
    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun unedau", "Units scheme", 12, 0);
    esw_comm =
        fx_num_s("SELECT id FROM appr_qualifications WHERE code = ?", "sd3-esw-communication");
    if (fx_sign_in(fx_user(fx_name("Ann Unedau"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Ben Unedau"), "learner"), &ben) ||
        fx_sign_in(fx_user(fx_name("Units Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Units Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Units Admin"), "admin"), &admin))
        return -1;
    rec_ann = fx_apprentice(scheme, ann.user_id, trainer.user_id, 70, 30);
    rec_ben = fx_apprentice(scheme, ben.user_id, other_trainer.user_id, 70, 30);
    if (scheme <= 0 || rec_ann <= 0 || rec_ben <= 0 || esw_comm <= 0)
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

static long long credits(long long id)
{
    return fx_num_l("SELECT credits_achieved FROM apprentices WHERE id = ?", id);
}

static long long units(long long id)
{
    return fx_num_l("SELECT COUNT(*) FROM appr_units_achieved WHERE apprentice_id = ?", id);
}

static struct http_resp post_unit(const char *who_path, long long id, const struct fx_session *s,
                                  const char *body)
{
    char path[128];

    snprintf(path, sizeof(path), "%s/%lld/units", who_path, id);
    return http_post_as(&srv, path, s, body);
}

static void units__record_moves_counter_and_page(void)
{
    char body[512], d[16];
    struct http_resp r;

    CU_ASSERT_EQUAL(credits(rec_ann), 0);
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Essential Skills Wales: Communication (Level 2)"));
    CU_ASSERT(http_body_has(&r, "0 of 6 credits"));
    CU_ASSERT(http_body_has(&r, "the qualification&#39;s credits are not recorded") ||
              http_body_has(&r, "the qualification's credits are not recorded"));
    CU_ASSERT(!http_body_has(&r, "name=\"unit_title\"")); /* the apprentice records none */
    http_resp_free(&r);

    snprintf(body, sizeof(body),
             "unit_qual=%lld&unit_title=Cyfathrebu+%%C5%%B5+llafar&unit_credits=6&unit_on=%s",
             esw_comm, day(d, sizeof(d), -3));
    r = post_unit("/cy/trainer/apprentices", rec_ann, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/cy/trainer/apprentices/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ann), 6);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_unit_recorded", trainer.user_id, ann.user_id, NULL),
                    1);

    /* an admin records a unit of a qualification not listed */
    snprintf(body, sizeof(body),
             "unit_qual=&unit_title=Software+testing&unit_credits=10&unit_on=%s",
             day(d, sizeof(d), 0));
    r = post_unit("/en/admin/apprenticeships", rec_ann, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ann), 16);
    CU_ASSERT_EQUAL(units(rec_ann), 2);

    r = http_get_as(&srv, "/cy/me/apprenticeship", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "16 o 79 credyd"));
    CU_ASSERT(http_body_has(&r, "6 o 6 credyd"));
    CU_ASSERT(http_body_has(&r, "Cyfathrebu ŵ llafar"));
    CU_ASSERT(http_body_has(&r, "Cymhwyster arall (heb ei restru)"));
    CU_ASSERT(http_body_has(&r, "<progress"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/trainer/apprentices/0", &trainer);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void units__bad_input_changes_nothing(void)
{
    char body[512], d[16], path[128];
    long long before = credits(rec_ann), n = units(rec_ann);
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld?done=unit", rec_ann);
    r = post_unit("/en/trainer/apprentices", rec_ann, &trainer,
                  "unit_qual=&unit_title=Databases+typed&unit_credits=abc&unit_on=2026-02-30");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the credits as a whole number from 1 to 200"));
    CU_ASSERT(http_body_has(&r, "Enter the date as year-month-day"));
    CU_ASSERT(http_body_has(&r, "value=\"Databases typed\""));
    CU_ASSERT(http_body_has(&r, "value=\"abc\""));
    CU_ASSERT(http_body_has(&r, "href=\"#unit_credits\""));
    http_resp_free(&r);
    r = post_unit("/cy/trainer/apprentices", rec_ann, &trainer,
                  "unit_qual=&unit_title=&unit_credits=201&unit_on=2026-01-01");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch y credydau fel rhif cyfan o 1 i 200"));
    CU_ASSERT(http_body_has(&r, "Rhowch deitl yr uned"));
    CU_ASSERT(http_body_has(&r, "value=\"201\""));
    http_resp_free(&r);
    /* the future; a qualification not of the framework: the store refuses */
    snprintf(body, sizeof(body), "unit_qual=&unit_title=Later&unit_credits=5&unit_on=%s",
             day(d, sizeof(d), 2));
    r = post_unit("/en/trainer/apprentices", rec_ann, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "not in the future"));
    http_resp_free(&r);
    snprintf(body, sizeof(body), "unit_qual=999999&unit_title=Odd&unit_credits=5&unit_on=%s",
             day(d, sizeof(d), 0));
    r = post_unit("/en/admin/apprenticeships", rec_ann, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Choose a qualification from the list"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ann), before);
    CU_ASSERT_EQUAL(units(rec_ann), n);
}

static void units__other_peoples_apprentices_are_404(void)
{
    char body[256], d[16];
    long long before = credits(rec_ben);
    struct http_resp r;

    snprintf(body, sizeof(body), "unit_qual=%lld&unit_title=Nope&unit_credits=6&unit_on=%s",
             esw_comm, day(d, sizeof(d), 0));
    /* Ben is the other trainer's: 404 to this one */
    r = post_unit("/en/trainer/apprentices", rec_ben, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    /* Ann is not the other trainer's */
    r = post_unit("/en/trainer/apprentices", rec_ann, &other_trainer, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    /* an apprentice records none, not even their own */
    r = post_unit("/en/trainer/apprentices", rec_ben, &ben, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = post_unit("/en/admin/apprenticeships", rec_ben, &ben, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ben), before);
    CU_ASSERT_EQUAL(units(rec_ben), 0);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_unit_recorded", 0, ben.user_id, NULL), 0);
}

static void units__hostile_text_is_escaped(void)
{
    char body[512], d[16];
    struct http_resp r;

    snprintf(body, sizeof(body),
             "unit_qual=&unit_title=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E+%%26+%%22q%%22"
             "&unit_credits=1&unit_on=%s",
             day(d, sizeof(d), 0));
    r = post_unit("/en/admin/apprenticeships", rec_ben, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/me/apprenticeship", &ben);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
    http_resp_free(&r);
    /* shown again after a refusal, the typed text is escaped too */
    r = post_unit("/en/admin/apprenticeships", rec_ben, &admin,
                  "unit_qual=&unit_title=%3Cb%3Ebold%3C%2Fb%3E&unit_credits=0&unit_on=2026-01-01");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "&lt;b&gt;bold&lt;/b&gt;"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ben), 1);
}

static void units__not_after_the_end(void)
{
    char body[256], d[16];
    long long before;
    struct http_resp r;

    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET status = 'completed' WHERE id = ?", rec_ben),
                    1);
    before = credits(rec_ben);
    r = http_get_as(&srv, "/en/admin/apprenticeships/0", &admin);
    http_resp_free(&r);
    snprintf(body, sizeof(body), "unit_qual=&unit_title=Late&unit_credits=3&unit_on=%s",
             day(d, sizeof(d), 0));
    r = post_unit("/en/trainer/apprentices", rec_ben, &other_trainer, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "cannot be recorded after the apprenticeship has ended"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(credits(rec_ben), before);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "units__record_moves_counter_and_page", units__record_moves_counter_and_page },
        { "units__bad_input_changes_nothing", units__bad_input_changes_nothing },
        { "units__other_peoples_apprentices_are_404", units__other_peoples_apprentices_are_404 },
        { "units__hostile_text_is_escaped", units__hostile_text_is_escaped },
        { "units__not_after_the_end", units__not_after_the_end },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_units", cases, start, stop);
}
