/*
 * Certificates over HTTP: the holder's page is bilingual whatever the page
 * language (Welsh month names included) with the verification code and
 * addresses, the download is a standalone file with the right headers, no
 * certificate means a 404 that explains, and a stranger can verify a code
 * (valid, revoked, unknown; typed loosely or exactly) seeing only the name,
 * course and date, with the page kept out of search engines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "view/datefmt.h"

static struct server srv;

static int start(void)
{
    return harness_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A learner "<who> <tag>" who has just completed a new one-lesson course
 * through the form; the certificate code goes to code (13 bytes). */
static long long certified(const char *who, struct fx_session *s, char *slug, char *code)
{
    long long course = fx_course_elearning("cert", 1, slug);
    struct http_resp r;
    char *c;

    fx_learner(who, NULL, s);
    fx_enrol(s->user_id, course, 0, FX_ENROLLED, 0);
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", s, "");
    CU_ASSERT_FATAL(r.status == 303);
    http_resp_free(&r);
    c = fx_cert_code(s->user_id, course);
    CU_ASSERT_FATAL(c != NULL);
    snprintf(code, 13, "%s", c);
    return course;
}

/* Today's month in London, by name, in Welsh and English: the date format
 * is the behaviour here, so the names are written out. */
static void this_month(const char **cy, const char **en)
{
    static const char *const mcy[] = { "Ionawr", "Chwefror", "Mawrth",     "Ebrill",
                                       "Mai",    "Mehefin",  "Gorffennaf", "Awst",
                                       "Medi",   "Hydref",   "Tachwedd",   "Rhagfyr" };
    static const char *const men[] = { "January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December" };
    time_t now = time(NULL);
    time_t london = now + datefmt_london_offset(now);
    struct tm tm;

    gmtime_r(&london, &tm);
    *cy = mcy[tm.tm_mon];
    *en = men[tm.tm_mon];
}

static void certificate__page_is_bilingual_in_either_language(void)
{
    static const char *const langs[] = { "cy", "en" };
    struct fx_session s;
    char slug[96], code[13], want[320], grouped[16];
    const char *mcy, *men;
    size_t i;

    certified("Siân ap Rhys", &s, slug, code);
    this_month(&mcy, &men);
    snprintf(grouped, sizeof(grouped), "%.4s-%.4s-%.4s", code, code + 4, code + 8);
    for (i = 0; i < 2; i++) {
        struct http_resp r = http_course_get(&srv, langs[i], slug, "/certificate", &s);

        CU_ASSERT_EQUAL(r.status, 200);
        /* both languages whatever the page's, each marked with its lang */
        snprintf(want, sizeof(want), "<span lang=\"cy\">%s</span>",
                 loc_text("cy", "certificate.doc.title"));
        CU_ASSERT(http_body_has(&r, want));
        snprintf(want, sizeof(want), "<span lang=\"en\">%s</span>",
                 loc_text("en", "certificate.doc.title"));
        CU_ASSERT(http_body_has(&r, want));
        CU_ASSERT(http_body_has(&r, "Siân ap Rhys"));
        CU_ASSERT(http_body_has(&r, "lang=\"cy\">Cwrs cert"));
        CU_ASSERT(http_body_has(&r, "lang=\"en\">Course cert"));
        CU_ASSERT(http_body_has(&r, mcy));
        CU_ASSERT(http_body_has(&r, men));
        CU_ASSERT(http_body_has(&r, grouped));
        snprintf(want, sizeof(want), "%s/cy/certificates/%s", srv.base_url, code);
        CU_ASSERT(http_body_has(&r, want));
        snprintf(want, sizeof(want), "%s/en/certificates/%s", srv.base_url, code);
        CU_ASSERT(http_body_has(&r, want));
        snprintf(want, sizeof(want), "href=\"/%s/courses/%s/certificate?download=1\"", langs[i],
                 slug);
        CU_ASSERT(http_body_has(&r, want));
        http_resp_free(&r);
    }
    /* the page around it speaks the reader's language */
    {
        struct http_resp r = http_course_get(&srv, "cy", slug, "/certificate?new=1", &s);

        CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "certificate.heading")));
        CU_ASSERT(http_body_has(&r, loc_text("cy", "certificate.congrats_title")));
        http_resp_free(&r);
    }
}

static void certificate__download_is_a_standalone_file(void)
{
    struct fx_session s;
    char slug[96], code[13], want[128];
    struct http_resp r;
    char *cd, *ct;

    certified("Lawrlwytho", &s, slug, code);
    r = http_course_get(&srv, "en", slug, "/certificate?download=1", &s);
    CU_ASSERT_EQUAL(r.status, 200);
    cd = http_header(&r, "Content-Disposition");
    ct = http_header(&r, "Content-Type");
    snprintf(want, sizeof(want), "attachment; filename=\"dysgu-certificate-%s.html\"", code);
    CU_ASSERT(cd && !strcmp(cd, want));
    CU_ASSERT(ct && !strncmp(ct, "text/html", 9));
    CU_ASSERT(r.body && !strncmp(r.body, "<!doctype html>", 15));
    CU_ASSERT(http_body_has(&r, "<h1 class=\"certificate__title\""));
    CU_ASSERT(http_body_has(&r, "Lawrlwytho"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "certificate.doc.title")));
    /* nothing it needs from elsewhere, nothing inline the policy forbids */
    CU_ASSERT(!http_body_has(&r, "<link"));
    CU_ASSERT(!http_body_has(&r, "<style"));
    CU_ASSERT(!http_body_has(&r, "style="));
    CU_ASSERT(!http_body_has(&r, "<script"));
    CU_ASSERT(!http_body_has(&r, "header__brand"));
    free(cd);
    free(ct);
    http_resp_free(&r);
}

static void certificate__none_yet_is_404_explaining(void)
{
    struct fx_session s;
    char slug[96], href[256];
    long long course = fx_course_elearning("not-yet", 2, slug);
    struct http_resp r;
    char *cd;

    fx_learner("Dim eto", NULL, &s);
    fx_enrol(s.user_id, course, 0, FX_ENROLLED, 0);
    r = http_course_get(&srv, "cy", slug, "/certificate", &s);
    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "learn.no_certificate.title")));
    snprintf(href, sizeof(href), "href=\"/cy/courses/%s\"", slug);
    CU_ASSERT(http_body_has(&r, href));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/certificate?download=1", &s);
    CU_ASSERT(r.status == 404 && http_body_has(&r, loc_text("en", "learn.no_certificate.title")));
    cd = http_header(&r, "Content-Disposition");
    CU_ASSERT_PTR_NULL(cd);
    free(cd);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/courses/no-such-course-zz9/certificate", &s), 404);
    r = http_course_get(&srv, "en", slug, "/certificate", NULL);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
}

/* A stranger's look at /{lang}/certificates/{code}. */
static struct http_resp verify(const char *lang, const char *code)
{
    char path[128];

    snprintf(path, sizeof(path), "/%s/certificates/%s", lang, code);
    return http_get_as(&srv, path, NULL);
}

static void verify__stranger_sees_valid_certificate(void)
{
    struct fx_session s;
    char slug[96], code[13], loose[32], want[128];
    struct http_resp r;
    size_t i;

    certified("Gwirio Dilys", &s, slug, code);
    r = verify("en", code);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "X-Robots-Tag", "noindex"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "certificate.verify.valid_title")));
    CU_ASSERT(http_body_has(&r, "Gwirio Dilys"));
    CU_ASSERT(http_body_has(&r, "Course cert"));
    CU_ASSERT(!http_body_has(&r, "Cwrs cert"));
    CU_ASSERT(http_body_has(&r, code));
    CU_ASSERT(!http_body_has(&r, "@test.example"));
    http_resp_free(&r);
    r = verify("cy", code);
    CU_ASSERT(r.status == 200 &&
              http_body_has(&r, loc_text("cy", "certificate.verify.valid_title")));
    CU_ASSERT(http_body_has(&r, "Cwrs cert"));
    http_resp_free(&r);
    /* typed loosely (lower case, hyphens): moved to the code's own address */
    for (i = 0; i < 12; i++)
        loose[i + i / 4] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] - 'A' + 'a' : code[i]);
    loose[4] = loose[9] = '-';
    loose[14] = '\0';
    r = verify("cy", loose);
    snprintf(want, sizeof(want), "/cy/certificates/%s", code);
    CU_ASSERT(r.status == 301 && http_location_starts(&r, want));
    http_resp_free(&r);
    /* and from the form, spaces and all */
    snprintf(want, sizeof(want), "/en/certificates?code=%%20%.4s%%20%.4s%%20%.4s%%20", code,
             code + 4, code + 8);
    r = http_get_as(&srv, want, NULL);
    snprintf(want, sizeof(want), "/en/certificates/%s", code);
    CU_ASSERT(r.status == 303 && http_location_starts(&r, want));
    http_resp_free(&r);
}

static void verify__unknown_code_is_404_in_the_readers_language(void)
{
    struct http_resp r = verify("cy", "ZZZZZZZZZZZZ");

    CU_ASSERT_EQUAL(r.status, 404);
    CU_ASSERT(http_header_is(&r, "X-Robots-Tag", "noindex"));
    CU_ASSERT(http_body_has(
        &r, loc_textf("cy", "certificate.unknown.message", "code", "ZZZZZZZZZZZZ", NULL)));
    http_resp_free(&r);
    r = verify("en", "ZZZZZZZZZZZZ");
    CU_ASSERT(r.status == 404 && http_body_has(&r, loc_textf("en", "certificate.unknown.message",
                                                             "code", "ZZZZZZZZZZZZ", NULL)));
    http_resp_free(&r);
    /* not a code at all (too short, U is not a symbol): the same answer */
    r = verify("en", "ABC");
    CU_ASSERT(r.status == 404 && http_body_has(&r, loc_textf("en", "certificate.unknown.message",
                                                             "code", "ABC", NULL)));
    http_resp_free(&r);
    r = verify("en", "UUUUUUUUUUUU");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void verify__revoked_says_so_everywhere(void)
{
    static const char *const revoke =
        "UPDATE certificates SET revoked_at = UTC_TIMESTAMP() WHERE user_id = ? AND course_id = ?";
    struct fx_session s;
    char slug[96], code[13];
    long long course = certified("Dirymu", &s, slug, code);
    struct http_resp r;

    CU_ASSERT_FATAL(db_exec(fx_dbh, revoke, "ll", s.user_id, course) == DB_OK);
    r = verify("en", code);
    CU_ASSERT(r.status == 200 &&
              http_body_has(&r, loc_text("en", "certificate.verify.revoked_title")));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "certificate.verify.valid_title")));
    http_resp_free(&r);
    r = verify("cy", code);
    CU_ASSERT(r.status == 200 &&
              http_body_has(&r, loc_text("cy", "certificate.verify.revoked_title")));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/certificate", &s);
    CU_ASSERT(r.status == 404 &&
              http_body_has(&r, loc_text("en", "learn.no_certificate.revoked_title")));
    http_resp_free(&r);
    r = http_course_get(&srv, "en", slug, "/certificate?download=1", &s);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void verify__form_checks_what_is_typed(void)
{
    char title[64];
    struct http_resp r = http_get_as(&srv, "/cy/certificates", NULL);

    CU_ASSERT(r.status == 200 && http_body_has(&r, loc_text("cy", "certificate.verify.heading")));
    CU_ASSERT(http_body_has(&r, "name=\"code\""));
    CU_ASSERT(http_header_is(&r, "X-Robots-Tag", "noindex"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/certificates?code=", NULL);
    CU_ASSERT(r.status == 400 &&
              http_body_has(&r, loc_text("en", "certificate.verify.error_empty")));
    CU_ASSERT(http_body_has(&r, "href=\"#code\""));
    snprintf(title, sizeof(title), "<title>%s", loc_prefix("en", "common.error_title", NULL));
    CU_ASSERT(http_body_has(&r, title));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/certificates?code=%3Cb%3Eabc", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "certificate.verify.error_format")));
    CU_ASSERT(http_body_has(&r, "value=\"&lt;b&gt;abc\""));
    http_resp_free(&r);
}

/* Anti-automation (ASVS 2.4.1, issue 23 finding 8): 30 code look-ups a
 * minute per client address, then 429 with Retry-After and the page in the
 * reader's language; another address still looks codes up. */
static void verify__guessing_codes_runs_out_of_budget(void)
{
    struct browser b;
    struct http_resp r;
    char path[64], v[16];
    int i, n429 = 0;

    browser_init(&b, &srv, 40);
    test_wait_for_fresh_minute();
    for (i = 0; i < 31; i++) {
        snprintf(path, sizeof(path), "/cy/certificates/ZZZZZZZZ%04d", i);
        r = browser_get(&b, path);
        n429 += r.status == 429;
        if (i < 30)
            CU_ASSERT_EQUAL(r.status, 404);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(n429, 1);
    r = browser_get(&b, "/cy/certificates/ZZZZZZZZZZZZ");
    CU_ASSERT_EQUAL(r.status, 429);
    {
        char *ra = http_header(&r, "Retry-After");

        snprintf(v, sizeof(v), "%s", ra ? ra : "");
        free(ra);
    }
    CU_ASSERT(atoi(v) >= 1 && atoi(v) <= 60);
    CU_ASSERT(http_body_has(&r, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "errors.e429.title")));
    http_resp_free(&r);
    browser_init(&b, &srv, 41);
    r = browser_get(&b, "/en/certificates/ZZZZZZZZZZZZ");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "certificate__page_is_bilingual_in_either_language",
          certificate__page_is_bilingual_in_either_language },
        { "certificate__download_is_a_standalone_file",
          certificate__download_is_a_standalone_file },
        { "certificate__none_yet_is_404_explaining", certificate__none_yet_is_404_explaining },
        { "verify__stranger_sees_valid_certificate", verify__stranger_sees_valid_certificate },
        { "verify__unknown_code_is_404_in_the_readers_language",
          verify__unknown_code_is_404_in_the_readers_language },
        { "verify__revoked_says_so_everywhere", verify__revoked_says_so_everywhere },
        { "verify__form_checks_what_is_typed", verify__form_checks_what_is_typed },
        { "verify__guessing_codes_runs_out_of_budget", verify__guessing_codes_runs_out_of_budget },
        { NULL, NULL },
    };
    test_add_suite_with("learn/certificates", cases, start, stop);
}
