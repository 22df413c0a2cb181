/*
 * The foundation over real HTTP: language choice, toggle, security headers,
 * error pages in both languages, the request funnel's refusals, static files,
 * health and metrics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_REQUEST_TIMEOUT_MS=2000", NULL };

    return server_start(&srv, env);
}

static int stop(void)
{
    return server_stop(&srv);
}

static struct http_resp get(const char *path, const char *headers)
{
    struct http_resp r;

    CU_ASSERT_FATAL(http_get(&srv, path, headers, &r) == 0);
    return r;
}

static void assert_header(const struct http_resp *r, const char *name, const char *want)
{
    char *v = http_header(r, name);

    CU_ASSERT_PTR_NOT_NULL(v);
    if (v && want && !strstr(v, want))
        CU_FAIL(name);
    free(v);
}

static void pages__choice_is_bilingual_welsh_first(void)
{
    struct http_resp r = get("/", NULL);
    const char *cy, *en;

    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, "<html lang=\"cy\""));
    cy = strstr(r.body, "value=\"cy\"");
    en = strstr(r.body, "value=\"en\"");
    CU_ASSERT(cy && en && cy < en);
    http_resp_free(&r);
}

static void pages__choice_redirects_on_cookie_or_accept_language(void)
{
    static const struct {
        const char *headers;
        int status;
        const char *location;
    } cases[] = {
        { "Cookie: lang=en\r\n", 302, "/en/" },
        { "Cookie: lang=cy\r\n", 302, "/cy/" },
        { "Accept-Language: cy-GB,cy;q=0.9,en;q=0.8\r\n", 302, "/cy/" },
        { "Accept-Language: en-GB,en;q=0.9\r\n", 302, "/en/" },
        { "Cookie: lang=cy\r\nAccept-Language: en\r\n", 302, "/cy/" },
        { "Accept-Language: fr-FR,fr;q=0.9\r\n", 200, NULL },
        { "Cookie: lang=xx\r\n", 200, NULL },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_resp r = get("/", cases[i].headers);
        char *loc = http_header(&r, "Location");

        CU_ASSERT_EQUAL(r.status, cases[i].status);
        if (cases[i].location) {
            CU_ASSERT(loc && !strcmp(loc, cases[i].location));
        } else {
            CU_ASSERT_PTR_NULL(loc);
        }
        free(loc);
        http_resp_free(&r);
    }
}

static void pages__home_in_each_language_with_toggle(void)
{
    struct http_resp cy = get("/cy/", NULL), en = get("/en/", NULL);

    CU_ASSERT(cy.status == 200 && en.status == 200);
    CU_ASSERT(http_body_has(&cy, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&en, "<html lang=\"en\""));
    CU_ASSERT(http_body_has(&cy, "href=\"/en/\""));
    /* the toggle names the other language in that language: the words are
     * the behaviour, so they are literal */
    CU_ASSERT(http_body_has(&cy, ">English<"));
    CU_ASSERT(http_body_has(&en, "href=\"/cy/\""));
    CU_ASSERT(http_body_has(&en, ">Cymraeg<"));
    CU_ASSERT(http_body_has(&cy, "hreflang=\"en\""));
    CU_ASSERT(http_body_has(&cy, "href=\"#main\""));
    CU_ASSERT(http_body_has(&cy, "href=\"/cy/courses\""));
    CU_ASSERT(http_body_has(&en, "href=\"/en/communities\""));
    http_resp_free(&cy);
    http_resp_free(&en);
}

static void pages__toggle_keeps_path_and_query(void)
{
    struct http_resp r = get("/cy/courses?q=data", NULL);

    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, "href=\"/en/courses?q=data\""));
    http_resp_free(&r);
}

static void pages__visiting_a_language_remembers_it(void)
{
    struct http_resp r = get("/en/", "Cookie: lang=cy\r\n");
    char *lang = http_set_cookie(&r, "lang");

    CU_ASSERT(lang && !strcmp(lang, "en"));
    free(lang);
    http_resp_free(&r);
    r = get("/en/", "Cookie: lang=en\r\n");
    lang = http_set_cookie(&r, "lang");
    CU_ASSERT_PTR_NULL(lang);
    free(lang);
    http_resp_free(&r);
}

static void pages__security_headers_on_every_response(void)
{
    static const char *const paths[] = { "/",        "/cy/",   "/en/nope", "/static/css/dysgu.css",
                                         "/healthz", "/cy/%zz" };
    size_t i;

    for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        struct http_resp r = get(paths[i], NULL);

        assert_header(&r, "Content-Security-Policy", "frame-ancestors 'none'");
        assert_header(&r, "X-Content-Type-Options", "nosniff");
        assert_header(&r, "Referrer-Policy", NULL);
        assert_header(&r, "X-Request-Id", NULL);
        http_resp_free(&r);
    }
}

static void pages__not_found_in_the_readers_language(void)
{
    struct http_resp cy = get("/cy/dim-yma", NULL), en = get("/en/not-here", NULL);
    struct http_resp bare = get("/nothing", "Accept-Language: en-GB\r\n");

    CU_ASSERT(cy.status == 404 && en.status == 404 && bare.status == 404);
    CU_ASSERT(http_body_has(&cy, "<html lang=\"cy\""));
    CU_ASSERT(http_body_has(&cy, loc_prefix("cy", "errors.reference", NULL)));
    CU_ASSERT(http_body_has(&en, "<html lang=\"en\""));
    CU_ASSERT(http_body_has(&en, loc_prefix("en", "errors.reference", NULL)));
    CU_ASSERT(http_body_has(&bare, "<html lang=\"en\""));
    http_resp_free(&cy);
    http_resp_free(&en);
    http_resp_free(&bare);
}

static void pages__hostile_paths_are_refused(void)
{
    static const struct {
        const char *path;
        int status;
    } cases[] = {
        { "/cy/%00", 404 },
        { "/cy/courses%00.html", 404 },
        { "/cy/../etc/passwd", 404 },
        { "/static/../CMakeLists.txt", 404 },
        { "/static/%2e%2e/x", 404 },
        { "/cy/a%2Fb", 404 },
        { "/cy/%ff", 400 },
        { "/cy/%zz", 400 },
        { "/en", 301 },
        { "/static/css/nope.css", 404 },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct http_resp r = get(cases[i].path, NULL);

        if (r.status != cases[i].status)
            CU_FAIL(cases[i].path);
        http_resp_free(&r);
    }
}

static void pages__wrong_method_gets_405_with_allow(void)
{
    struct http_resp r;
    char *allow;

    CU_ASSERT_FATAL(http_post(&srv, "/cy/courses", "a=1", 3, NULL, &r) == 0);
    CU_ASSERT(r.status == 405);
    allow = http_header(&r, "Allow");
    CU_ASSERT(allow && strstr(allow, "GET"));
    free(allow);
    http_resp_free(&r);
    static const char del[] = "DELETE /cy/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    CU_ASSERT_FATAL(http_raw(&srv, del, sizeof(del) - 1, &r) == 0);
    CU_ASSERT(r.status == 405);
    http_resp_free(&r);
}

/* Fetch "/" for a CSRF cookie to post with. */
static char *csrf_cookie(void)
{
    struct http_resp r = get("/", NULL);
    char *tok = http_set_cookie(&r, "csrf");

    http_resp_free(&r);
    CU_ASSERT_PTR_NOT_NULL(tok);
    return tok;
}

static void pages__post_with_csrf_sets_language(void)
{
    char *tok = csrf_cookie(), body[128], hdr[128];
    struct http_resp r;
    char *loc, *lang;

    snprintf(body, sizeof(body), "lang=en&csrf=%s", tok);
    snprintf(hdr, sizeof(hdr), "Cookie: csrf=%s\r\n", tok);
    CU_ASSERT_FATAL(http_post(&srv, "/", body, strlen(body), hdr, &r) == 0);
    CU_ASSERT(r.status == 303);
    loc = http_header(&r, "Location");
    lang = http_set_cookie(&r, "lang");
    CU_ASSERT(loc && !strcmp(loc, "/en/"));
    CU_ASSERT(lang && !strcmp(lang, "en"));
    free(loc);
    free(lang);
    free(tok);
    http_resp_free(&r);
}

static void pages__post_without_valid_csrf_is_403(void)
{
    char *tok = csrf_cookie(), body[160], hdr[160];
    struct http_resp r;

    CU_ASSERT_FATAL(http_post(&srv, "/", "lang=en", 7, NULL, &r) == 0);
    CU_ASSERT(r.status == 403);
    CU_ASSERT_PTR_NULL(http_set_cookie(&r, "lang"));
    http_resp_free(&r);
    /* right cookie, wrong field */
    snprintf(body, sizeof(body), "lang=en&csrf=%.42sX", tok);
    snprintf(hdr, sizeof(hdr), "Cookie: csrf=%s\r\n", tok);
    CU_ASSERT_FATAL(http_post(&srv, "/", body, strlen(body), hdr, &r) == 0);
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    /* right token, foreign origin */
    snprintf(body, sizeof(body), "lang=en&csrf=%s", tok);
    snprintf(hdr, sizeof(hdr), "Cookie: csrf=%s\r\nOrigin: https://evil.example\r\n", tok);
    CU_ASSERT_FATAL(http_post(&srv, "/", body, strlen(body), hdr, &r) == 0);
    CU_ASSERT(r.status == 403);
    http_resp_free(&r);
    free(tok);
}

static void pages__malformed_bodies_get_4xx(void)
{
    struct http_resp r;
    static char big[700000]; /* past max_body (65536) and ROUTE_LONG_BODY_MAX */
    static const char nul_body[] = "lang=e\0n&csrf=x";
    static const char chunked[] = "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                  "Content-Type: application/x-www-form-urlencoded\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n3\r\na=1\r\n0\r\n\r\n";
    static const char short_body[] = "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\n"
                                     "Content-Length: 10\r\n\r\nab";
    static const char json_body[] = "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    "Content-Type: application/json\r\n"
                                    "Content-Length: 2\r\n\r\n{}";

    CU_ASSERT_FATAL(http_post(&srv, "/", nul_body, sizeof(nul_body) - 1, NULL, &r) == 0);
    CU_ASSERT(r.status == 400);
    http_resp_free(&r);
    CU_ASSERT_FATAL(http_post(&srv, "/", "a=%ff%fe", 8, NULL, &r) == 0);
    CU_ASSERT(r.status == 400);
    http_resp_free(&r);
    CU_ASSERT_FATAL(http_post(&srv, "/", "a=1&a=2", 7, NULL, &r) == 0);
    CU_ASSERT(r.status == 400);
    http_resp_free(&r);
    memset(big, 'a', sizeof(big));
    CU_ASSERT_FATAL(http_post(&srv, "/", big, sizeof(big), NULL, &r) == 0);
    CU_ASSERT(r.status == 413);
    http_resp_free(&r);
    CU_ASSERT_FATAL(http_raw(&srv, chunked, sizeof(chunked) - 1, &r) == 0);
    CU_ASSERT(r.status == 411);
    http_resp_free(&r);
    CU_ASSERT_FATAL(http_raw(&srv, json_body, sizeof(json_body) - 1, &r) == 0);
    CU_ASSERT(r.status == 415);
    http_resp_free(&r);
    /* civetweb's request timeout ends the wait; the short body must not count */
    CU_ASSERT_FATAL(http_raw(&srv, short_body, sizeof(short_body) - 1, &r) == 0);
    CU_ASSERT(r.status == 400 || r.status == 408);
    http_resp_free(&r);
    /* and the server is still healthy afterwards */
    r = get("/healthz", NULL);
    CU_ASSERT(r.status == 200);
    http_resp_free(&r);
}

static void pages__static_files_have_etag_and_304(void)
{
    struct http_resp r = get("/static/css/dysgu.css", NULL);
    char *etag = http_header(&r, "ETag"), hdr[128];

    CU_ASSERT(r.status == 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(etag);
    assert_header(&r, "Content-Type", "text/css");
    assert_header(&r, "Cache-Control", "max-age");
    http_resp_free(&r);
    snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
    r = get("/static/css/dysgu.css", hdr);
    CU_ASSERT(r.status == 304);
    CU_ASSERT(r.body_len == 0);
    http_resp_free(&r);
    free(etag);
}

static void pages__head_has_no_body(void)
{
    struct http_resp r;

    static const char head[] = "HEAD /cy/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    CU_ASSERT_FATAL(http_raw(&srv, head, sizeof(head) - 1, &r) == 0);
    CU_ASSERT(r.status == 200);
    CU_ASSERT(r.body_len == 0);
    http_resp_free(&r);
}

static void pages__health_and_metrics(void)
{
    struct http_resp h = get("/healthz", NULL), m = get("/metrics", NULL);

    CU_ASSERT(h.status == 200);
    CU_ASSERT(m.status == 200);
    CU_ASSERT(http_body_has(&m, "dysgu_http_requests_total{route=\"/\",status=\"200\"}"));
    CU_ASSERT(http_body_has(&m, "dysgu_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    CU_ASSERT(http_body_has(&m, "dysgu_db_errors_total"));
    http_resp_free(&h);
    http_resp_free(&m);
}

/* /healthz shares its answer only among requests that come while one is
 * asking: one after another, each asks the database (a load balancer's check
 * never reads an old "ok"). */
static void pages__healthz_asks_the_database_each_time(void)
{
    long before = http_round_trips(&srv, "/healthz");
    int i;

    for (i = 0; i < 3; i++)
        CU_ASSERT(http_status(&srv, "/healthz", NULL) == 200);
    CU_ASSERT_EQUAL(http_round_trips(&srv, "/healthz") - before, 3);
}

static void pages__one_json_log_line_per_request(void)
{
    struct http_resp r = get("/cy/courses?secret=hidden", NULL);
    char *log, *line, *id;

    id = http_header(&r, "X-Request-Id");
    CU_ASSERT_PTR_NOT_NULL_FATAL(id);
    log = server_log(&srv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    line = strstr(log, id);
    CU_ASSERT_PTR_NOT_NULL(line);
    CU_ASSERT(strstr(log, "\"path\":\"/cy/courses\"") != NULL);
    CU_ASSERT(strstr(log, "\"status\":200") != NULL);
    CU_ASSERT(strstr(log, "hidden") == NULL);
    free(log);
    free(id);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "pages__choice_is_bilingual_welsh_first", pages__choice_is_bilingual_welsh_first },
        { "pages__choice_redirects_on_cookie_or_accept_language",
          pages__choice_redirects_on_cookie_or_accept_language },
        { "pages__home_in_each_language_with_toggle", pages__home_in_each_language_with_toggle },
        { "pages__toggle_keeps_path_and_query", pages__toggle_keeps_path_and_query },
        { "pages__visiting_a_language_remembers_it", pages__visiting_a_language_remembers_it },
        { "pages__security_headers_on_every_response", pages__security_headers_on_every_response },
        { "pages__not_found_in_the_readers_language", pages__not_found_in_the_readers_language },
        { "pages__hostile_paths_are_refused", pages__hostile_paths_are_refused },
        { "pages__wrong_method_gets_405_with_allow", pages__wrong_method_gets_405_with_allow },
        { "pages__post_with_csrf_sets_language", pages__post_with_csrf_sets_language },
        { "pages__post_without_valid_csrf_is_403", pages__post_without_valid_csrf_is_403 },
        { "pages__malformed_bodies_get_4xx", pages__malformed_bodies_get_4xx },
        { "pages__static_files_have_etag_and_304", pages__static_files_have_etag_and_304 },
        { "pages__head_has_no_body", pages__head_has_no_body },
        { "pages__health_and_metrics", pages__health_and_metrics },
        { "pages__healthz_asks_the_database_each_time",
          pages__healthz_asks_the_database_each_time },
        { "pages__one_json_log_line_per_request", pages__one_json_log_line_per_request },
        { NULL, NULL },
    };
    test_add_suite_with("integration/site/pages", cases, start, stop);
}
