/*
 * The employer's sign-off of a progress review over HTTP against the real
 * database (docs/apprenticeships.md "The employer's sign-off"): the review
 * form takes the employer contact's name and address, and saving e-mails
 * them a single-use link (only its hash stored) in the apprentice's
 * language of learning; opening it changes nothing; "I agree" or "I do not
 * agree, because..." is a POST with the csrf field, answered once (the link
 * is 410 afterwards, and when it has expired); a token no review has is
 * 404; the record shows the state with its date; hostile text is escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, admin;
static long long scheme, rec_ann;
static char scheme_code[48];

static int start(void)
{
    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "so-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, review_weeks) SELECT ?, f.id, o.id, 'Coleg Prawf', "
                "'Cynllun llofnodi', 'Sign-off scheme', UTC_DATE(), 12 FROM appr_frameworks f, "
                "organisations o WHERE f.code = 'it-infrastructure-3' AND o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (fx_sign_in(fx_user(fx_name("Ann Llofnodi"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Signoff Admin"), "admin"), &admin))
        return -1;
    if (db_exec(fx_dbh,
                "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                "planned_end_on, next_review_on, lang) VALUES (?, ?, CONCAT('S', ?), 30, "
                "UTC_DATE() - INTERVAL 100 DAY, UTC_DATE() + INTERVAL 600 DAY, UTC_DATE(), "
                "'both')",
                "lll", ann.user_id, scheme, ann.user_id) != DB_OK)
        return -1;
    rec_ann = fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", ann.user_id);
    if (scheme <= 0 || rec_ann <= 0)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static long long reviews(void)
{
    return fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE apprentice_id = ?", rec_ann);
}

static long long newest(void)
{
    return fx_num_l("SELECT MAX(id) FROM appr_reviews WHERE apprentice_id = ?", rec_ann);
}

/* An admin records a review naming the contact (fields already encoded):
 * the response status. */
static int review(const char *lang, const char *notes, const char *name, const char *email)
{
    char path[128], body[1024];
    struct http_resp r;
    int st;

    snprintf(path, sizeof(path), "/%s/admin/apprenticeships/%lld/review", lang, rec_ann);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=amber&notes=%s&actions=Shadow+the+desk&employer_name=%s&"
             "employer_email=%s",
             fx_str_l("SELECT DATE_FORMAT(UTC_DATE() - INTERVAL ? DAY, '%Y-%m-%d')", 1), notes,
             name, http_enc(email));
    r = http_post_as(&srv, path, &admin, body);
    st = r.status;
    http_resp_free(&r);
    return st;
}

static const char *state_of(long long id)
{
    return fx_str_l("SELECT employer_state FROM appr_reviews WHERE id = ?", id);
}

static void signoff__form_sends_a_link_once_used(void)
{
    const char *email = fx_email("employer-agree");
    char *mail, *path, record[128];
    struct browser b;
    struct http_resp r;
    long long id;

    /* a name without an address: refused in Welsh, typed text kept, nothing written */
    snprintf(record, sizeof(record), "/cy/admin/apprenticeships/%lld/review", rec_ann);
    r = http_post_as(&srv, record, &admin,
                     "held_on=2026-01-01&rating=green&notes=Da&actions=&employer_name=Siân+Jones&"
                     "employer_email=not-an-address");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch gyfeiriad e-bost cyswllt y cyflogwr"));
    CU_ASSERT(http_body_has(&r, "value=\"Siân Jones\""));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(), 0);

    CU_ASSERT_EQUAL(review("en", "Steady+progress", "Si%C3%A2n+Jones", email), 303);
    id = newest();
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    CU_ASSERT_EQUAL(
        fx_audit_count("apprentice_review_employer_sent", admin.user_id, ann.user_id, NULL), 1);
    /* the apprentice learns in both languages: one mail, Welsh first */
    mail = mailbox_secret(email, "/employer-review/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mail);
    CU_ASSERT(strstr(mail, "Helo Siân Jones,") != NULL);
    CU_ASSERT(strstr(mail, "Hello Siân Jones,") != NULL);
    CU_ASSERT(strstr(mail, "Helo Siân") < strstr(mail, "Hello Siân"));
    CU_ASSERT(strstr(mail, "am 30 diwrnod") != NULL);
    path = mailbox_link_path(&srv, mail, "/employer-review/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    CU_ASSERT(!strncmp(path, "/cy/employer-review/", 20) && strlen(path) == 20 + 43);
    /* only the token's hash is kept */
    CU_ASSERT_EQUAL(
        fx_num_s("SELECT COUNT(*) FROM appr_reviews WHERE employer_token_hash = ?", path + 20), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE id = ? AND "
                             "employer_expires_at > UTC_TIMESTAMP() + INTERVAL 29 DAY AND "
                             "employer_expires_at <= UTC_TIMESTAMP() + INTERVAL 30 DAY",
                             id),
                    1);

    /* no account: opening the link shows the review and changes nothing */
    browser_init(&b, &srv, 3);
    r = browser_get(&b, path);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Ann Llofnodi"));
    CU_ASSERT(http_body_has(&r, "Steady progress"));
    CU_ASSERT(http_body_has(&r, "Rydw i&#39;n cytuno") || http_body_has(&r, "Rydw i'n cytuno"));
    CU_ASSERT(http_body_has(&r, "name=\"csrf\""));
    http_resp_free(&r);
    r = browser_get(&b, path);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    /* the answer is a POST with the csrf field */
    r = http_post_without_csrf(&srv, path, NULL, "answer=agree");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    /* no choice: asked again, nothing changed */
    r = browser_submit(&b, path, path, "reason=");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Dewiswch a ydych chi"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    r = browser_submit(&b, path, path, "answer=agree&reason=");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Diolch"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "signed");
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE id = ? AND "
                             "employer_answered_at IS NOT NULL AND employer_reason = ''",
                             id),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_review_employer_answered", 0, ann.user_id, NULL), 1);
    /* once: the link is spent */
    r = browser_get(&b, path);
    CU_ASSERT_EQUAL(r.status, 410);
    CU_ASSERT(!http_body_has(&r, "Steady progress"));
    http_resp_free(&r);
    r = browser_post(&b, path, "answer=dispute&reason=Changed+my+mind");
    CU_ASSERT(r.status == 410 || r.status == 403);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "signed");
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_review_employer_answered", 0, ann.user_id, NULL), 1);
    /* the record shows it, with the date */
    snprintf(record, sizeof(record), "/en/admin/apprenticeships/%lld", rec_ann);
    r = http_get_as(&srv, record, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Signed off by the employer"));
    CU_ASSERT(http_body_has(&r, "Agreed</span> Siân Jones, <time"));
    http_resp_free(&r);
    free(mail);
    free(path);
}

static void signoff__dispute_keeps_the_reason_and_escapes(void)
{
    const char *email = fx_email("employer-dispute");
    const char *hostile = "<script>alert(1)</script> & \"q\" ŵ";
    char *path, fields[512], record[128];
    struct browser b;
    struct http_resp r;
    long long id;

    CU_ASSERT_EQUAL(review("en", "%3Cb%3ENotes%3C%2Fb%3E", "%3Cscript%3Ex%3C%2Fscript%3E", email),
                    303);
    id = newest();
    path = mailbox_link(&srv, email, "/employer-review/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    browser_init(&b, &srv, 4);
    r = browser_get(&b, path);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "&lt;b&gt;Notes&lt;/b&gt;"));
    CU_ASSERT(!http_body_has(&r, "<b>Notes"));
    http_resp_free(&r);
    /* disputing needs a reason: what was chosen is kept, nothing changed */
    r = browser_submit(&b, path, path, "answer=dispute&reason=");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Dywedwch pam nad ydych chi"));
    CU_ASSERT(http_body_has(&r, "value=\"dispute\" checked>"));
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    snprintf(fields, sizeof(fields), "answer=dispute&reason=%s", http_enc(hostile));
    r = browser_submit(&b, path, path, fields);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "disputed");
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE id = ? AND employer_reason = "
                 "'<script>alert(1)</script> & \"q\" ŵ' AND employer_answered_at IS NOT NULL",
                 id),
        1);
    snprintf(record, sizeof(record), "/en/admin/apprenticeships/%lld", rec_ann);
    r = http_get_as(&srv, record, &admin);
    CU_ASSERT(http_body_has(&r, "Does not agree"));
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; ŵ"));
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;x&lt;/script&gt;"));
    CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
    CU_ASSERT(!http_body_has(&r, "<script>x"));
    http_resp_free(&r);
    /* the apprentice sees it on their own record too */
    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT(http_body_has(&r, "Does not agree"));
    http_resp_free(&r);
    free(path);
}

static void signoff__expired_and_unknown_links(void)
{
    const char *email = fx_email("employer-late");
    char *path, bad[128];
    struct browser b;
    struct http_resp r;
    long long id;

    CU_ASSERT_EQUAL(review("en", "Late", "Rhys", email), 303);
    id = newest();
    path = mailbox_link(&srv, email, "/employer-review/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    browser_init(&b, &srv, 5);
    r = browser_get(&b, path); /* the form, for its csrf token */
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE appr_reviews SET employer_expires_at = UTC_TIMESTAMP() - "
                              "INTERVAL 1 SECOND WHERE id = ?",
                              id),
                    1);
    r = browser_get(&b, path);
    CU_ASSERT_EQUAL(r.status, 410);
    CU_ASSERT(http_body_has(&r, "wedi dod i ben"));
    CU_ASSERT(!http_body_has(&r, "Late"));
    http_resp_free(&r);
    r = browser_submit(&b, "/cy/login", path, "answer=agree");
    CU_ASSERT_EQUAL(r.status, 410);
    http_resp_free(&r);
    CU_ASSERT_STRING_EQUAL(state_of(id), "waiting");
    /* a well-formed token no review has, and a malformed one: 404 */
    snprintf(bad, sizeof(bad), "/en/employer-review/%s",
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    CU_ASSERT_EQUAL(http_status(&srv, bad, NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/employer-review/short", NULL), 404);
    r = browser_submit(&b, "/en/login", bad, "answer=agree");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    free(path);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "signoff__form_sends_a_link_once_used", signoff__form_sends_a_link_once_used },
        { "signoff__dispute_keeps_the_reason_and_escapes",
          signoff__dispute_keeps_the_reason_and_escapes },
        { "signoff__expired_and_unknown_links", signoff__expired_and_unknown_links },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_signoff", cases, start, stop);
}
