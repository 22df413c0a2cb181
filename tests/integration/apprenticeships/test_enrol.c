#define _GNU_SOURCE /* strndup */
/*
 * The admin enrols an apprentice, over HTTP against the real database: the
 * record made with its first review review_weeks after the start and its
 * weekly off-the-job target, audited; each bad field answered in the
 * reader's language with what was typed kept and nothing written; an
 * address with no account, and the same apprentice twice, refused; the
 * form is the admin's only; every string of abuse/hostile.txt in every field
 * (the hostile suite reaches admin forms only anonymously): 400, inert,
 * nothing written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testing.h"

static struct server srv;
static struct fx_session learner, trainer, admin;
static long long scheme;
static char scheme_code[48];

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "enrol-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, review_weeks) SELECT ?, f.id, o.id, 'Coleg Prawf', "
                "'Cynllun cofrestru', 'Enrolment scheme', '2026-09-01', 12 FROM "
                "appr_frameworks f, organisations o WHERE f.code = 'software-developer-3' AND "
                "o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Enrol Learner"), "learner"), &learner) ||
        fx_sign_in(fx_user(fx_name("Enrol Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Enrol Admin"), "admin"), &admin))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* POST the form in lang as who with email and the rest of the fields. */
static struct http_resp enrol(const char *lang, const struct fx_session *who, const char *email,
                              const char *rest)
{
    char path[64], body[1024];

    snprintf(path, sizeof(path), "/%s/admin/apprentices/new", lang);
    snprintf(body, sizeof(body), "email=%s&scheme=%lld&%s", http_enc(email), scheme, rest);
    return http_post_as(&srv, path, who, body);
}

static long long records(void)
{
    return fx_num_l("SELECT COUNT(*) FROM apprentices WHERE scheme_id = ?", scheme);
}

#define GOOD                                                                                       \
    "uli=ENR0001&postcode=CF10+1AA&weekly_hours=30&otj_target=7%2C5&starts_on=2026-09-01&"         \
    "planned_end_on=2028-08-31&lang=cy&agreement=1"

static void appr__enrol_checks_every_field(void)
{
    char *email = fx_str_l("SELECT email FROM users WHERE id = ?", learner.user_id);
    struct http_resp r;

    CU_ASSERT_EQUAL(http_status(&srv, "/cy/admin/apprentices/new", &admin), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/admin/apprentices/new", &trainer), 403);
    r = enrol("en", &trainer, email, GOOD);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* too few hours, an end before the start, hours not a number: all said, the rest kept */
    r = enrol("en", &admin, email,
              "uli=KEPT%C5%B5&postcode=&weekly_hours=10&otj_target=lots&starts_on=2026-09-01&"
              "planned_end_on=2026-08-01&lang=en");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Enter the ULI"));
    CU_ASSERT(http_body_has(&r, "whole number from 16 to 60"));
    CU_ASSERT(http_body_has(&r, "after the start date"));
    CU_ASSERT(http_body_has(&r, "off-the-job hours a week as a number"));
    CU_ASSERT(http_body_has(&r, "KEPTŵ"));
    CU_ASSERT(http_body_has(&r, "2026-08-01"));
    http_resp_free(&r);
    /* no account with that address, in Welsh */
    r = enrol("cy", &admin, "neb@test.example", GOOD);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Nid oes cyfrif"));
    CU_ASSERT(http_body_has(&r, "ENR0001"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(records(), 0);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_enrolled", 0, learner.user_id, NULL), 0);
}

static void appr__enrol_makes_the_record(void)
{
    char *email = fx_str_l("SELECT email FROM users WHERE id = ?", learner.user_id);
    struct http_resp r = enrol("en", &admin, email, GOOD);
    long long id;

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    id = fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", learner.user_id);
    CU_ASSERT(id > 0);
    /* twelve weeks after the start; 7,5 read as 7.5 */
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM apprentices WHERE id = ? AND uli = 'ENR0001' "
                             "AND weekly_hours = 30 AND otj_weekly_target = 7.5 AND lang = 'cy' "
                             "AND agreement_on_file = 1 AND status = 'in_learning' AND "
                             "next_review_on = '2026-11-24' AND workplace_postcode = 'CF10 1AA'",
                             id),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_enrolled", admin.user_id, learner.user_id, NULL), 1);
    r = http_get_as(&srv, "/en/me/apprenticeship", &learner);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Enrolment scheme"));
    http_resp_free(&r);
    /* ten weeks in at 7.5 a week is 75 expected: 60 approved is 15 behind */
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET starts_on = UTC_DATE() - INTERVAL 70 DAY, "
                              "otj_hours_approved = 60 WHERE id = ?",
                              id),
                    1);
    r = http_get_as(&srv, "/en/me/apprenticeship", &learner);
    CU_ASSERT(http_body_has(&r, "15.0 hours behind (75.0 expected so far)"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET otj_hours_approved = 75 WHERE id = ?", id),
                    1);
    r = http_get_as(&srv, "/cy/me/apprenticeship", &learner);
    CU_ASSERT(http_body_has(&r, "Ar y trywydd iawn"));
    CU_ASSERT(!http_body_has(&r, "ar ei hôl hi"));
    http_resp_free(&r);
    /* the same apprentice on the same scheme again: refused, nothing added */
    r = enrol("en", &admin, email, GOOD);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "already on that scheme"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(records(), 1);
}

/* One hostile line sent in every field of the form: 400, never echoed
 * unescaped, nothing written. */
static void hostile_one(const char *line, size_t n)
{
    static const char *const names[] = { "email",     "scheme",         "uli",
                                         "postcode",  "weekly_hours",   "otj_target",
                                         "starts_on", "planned_end_on", "lang",
                                         "agreement" };
    int raw = n > 4 && !strncmp(line, "pct:", 4);
    char *enc = raw ? strndup(line + 4, n - 4) : http_url_encode_new(line, n);
    size_t cap = 10 * (strlen(enc) + 16), i, used = 0;
    char *body = malloc(cap), *plain = strndup(line, n);
    struct http_resp r;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        used += (size_t)snprintf(body + used, cap - used, "%s%s=%s", i ? "&" : "", names[i], enc);
    r = http_post_as(&srv, "/en/admin/apprentices/new", &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    if (r.status != 400)
        fprintf(stderr, "\n  hostile: %d for %s\n", r.status, plain);
    if (!raw && strchr(plain, '<') && strlen(plain) >= 3)
        CU_ASSERT(!http_body_has(&r, plain));
    http_resp_free(&r);
    free(plain);
    free(body);
    free(enc);
}

static void appr__enrol_hostile_strings(void)
{
    size_t len, sent = 0;
    char *text = test_read_file("tests/integration/abuse/hostile.txt", &len), *line, *end;
    long long before = records();

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (line = text; line < text + len; line = end + 1) {
        end = memchr(line, '\n', (size_t)(text + len - line));
        if (!end)
            end = text + len;
        if (end > line && strncmp(line, "#:", 2)) {
            hostile_one(line, (size_t)(end - line));
            sent++;
        }
    }
    free(text);
    CU_ASSERT(sent > 300);
    CU_ASSERT_EQUAL(records(), before);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "appr__enrol_checks_every_field", appr__enrol_checks_every_field },
        { "appr__enrol_makes_the_record", appr__enrol_makes_the_record },
        { "appr__enrol_hostile_strings", appr__enrol_hostile_strings },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/enrol", cases, start, stop);
}
