/*
 * The public courses API over HTTP: /api/v1/courses with the catalogue's
 * parameters (and per_page, sort) gives items with both languages, page,
 * per_page, total and facets; /api/v1/courses/{slug} adds outcomes,
 * audience, lessons (a missing title is null) and upcoming cohorts with
 * seats left. Errors are JSON with the right status; successes may be cached
 * for a minute.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

static struct server srv;
static char slug_a[96], slug_b[96], slug_hidden[96];
static long long id_a, id_b;

#define LONG_N 60 /* courses of a long page: more than http/resp.c writes in one go */

static int start(void)
{
    char slug[96], long_text[801];
    int i;

    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';

    if (fx_init())
        return -1;
    id_a = fx_course("api-a", "Api Afal", "Api Zebra", "e-learning", 3, slug_a);
    id_b = fx_course("api-b", "Api Banana", "Api Apple", "classroom", 2, slug_b);
    if (!id_a || !id_b || !fx_course("api-c", "Api Cudd", "Api Hidden", "webinar", 1, slug_hidden))
        return -1;
    if (db_exec(fx_dbh, "UPDATE courses SET published = 0 WHERE slug = ?", "s", slug_hidden) ||
        db_exec(fx_dbh,
                "UPDATE courses SET role_family = 'data', level = 'expert', in_cy = 0 "
                "WHERE id = ?",
                "l", id_b) ||
        db_exec(fx_dbh, "UPDATE lessons SET title_en = NULL WHERE course_id = ? AND position = 2",
                "l", id_a))
        return -1;
    for (i = 0; i < LONG_N; i++) {
        char title[64], base[16];
        long long id;

        snprintf(title, sizeof(title), "Hirfaith %02d", i);
        snprintf(base, sizeof(base), "long-%02d", i);
        if (!(id = fx_course(base, title, title, "e-learning", 1, slug)))
            return -1;
        fx_course_set(id, "summary_cy", long_text);
        fx_course_set(id, "summary_en", long_text);
    }
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void list__shape_both_languages_and_facets(void)
{
    char path[256], want[256];
    struct http_resp r;
    json_t *doc, *items, *it, *facets;

    snprintf(path, sizeof(path), "/api/v1/courses?q=api+%s&per_page=1", fx_tag);
    doc = api_get(&srv, path, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "application/json"));
    CU_ASSERT(http_header_is(&r, "Cache-Control", "public, max-age=60"));
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    items = json_object_get(doc, "items");
    CU_ASSERT_EQUAL_FATAL(json_array_size(items), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 2);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "page")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "per_page")), 1);
    it = json_array_get(items, 0);
    /* Welsh order by default: Afal before Banana */
    CU_ASSERT_STRING_EQUAL(api_str(it, "slug", NULL), slug_a);
    snprintf(want, sizeof(want), "Api Afal %s", fx_tag);
    CU_ASSERT_STRING_EQUAL(api_str(it, "title", "cy"), want);
    snprintf(want, sizeof(want), "Api Zebra %s", fx_tag);
    CU_ASSERT_STRING_EQUAL(api_str(it, "title", "en"), want);
    CU_ASSERT_STRING_EQUAL(api_str(it, "summary", "cy"), "Crynodeb prawf");
    CU_ASSERT_STRING_EQUAL(api_str(it, "summary", "en"), "Test summary");
    CU_ASSERT_STRING_EQUAL(api_str(it, "role_family", NULL), "product-delivery");
    CU_ASSERT_STRING_EQUAL(api_str(it, "role", NULL), "any");
    CU_ASSERT_STRING_EQUAL(api_str(it, "level", NULL), "awareness");
    CU_ASSERT_STRING_EQUAL(api_str(it, "format", NULL), "e-learning");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "duration_minutes")), 60);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(it, "lesson_count")), 3);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(it, "languages")), 2);
    snprintf(want, sizeof(want), "/cy/courses/%s", slug_a);
    CU_ASSERT(strstr(api_str(it, "url", "cy"), want) != NULL);
    snprintf(want, sizeof(want), "/en/courses/%s", slug_a);
    CU_ASSERT(strstr(api_str(it, "url", "en"), want) != NULL);
    facets = json_object_get(doc, "facets");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(facets, "role"), "data")),
                    1);
    CU_ASSERT_EQUAL(
        json_integer_value(json_object_get(json_object_get(facets, "role"), "product-delivery")),
        1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(facets, "level"), "expert")),
                    1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(facets, "language"), "cy")),
                    1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(facets, "language"), "en")),
                    2);
    json_decref(doc);
    http_resp_free(&r);
}

static void list__filters_sort_and_pages(void)
{
    char path[256];
    struct http_resp r;
    json_t *doc;

    /* English order: b's "Apple" before a's "Zebra", so page 2 holds a */
    snprintf(path, sizeof(path), "/api/v1/courses?q=api+%s&per_page=1&page=2&sort=title_en",
             fx_tag);
    doc = api_get(&srv, path, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(json_object_get(doc, "items"), 0), "slug", NULL),
                           slug_a);
    json_decref(doc);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/api/v1/courses?q=api+%s&role=data&language=en&level=expert",
             fx_tag);
    doc = api_get(&srv, path, &r);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 1);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(doc, "items")), 1);
    json_decref(doc);
    http_resp_free(&r);
    /* past the end: an empty page, not an error */
    snprintf(path, sizeof(path), "/api/v1/courses?q=api+%s&page=9", fx_tag);
    doc = api_get(&srv, path, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(doc, "items")), 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 2);
    json_decref(doc);
    http_resp_free(&r);
}

static void course__outcomes_lessons_and_cohorts(void)
{
    char path[256];
    struct http_resp r;
    json_t *doc, *lessons, *cohorts, *c;
    long long soon = fx_cohort(id_a, 10, 12, "cy"), later = fx_cohort(id_a, 40, 5, "both");
    long long past = fx_cohort(id_a, -5, 10, "en"), gone = fx_cohort(id_a, 20, 10, "en");

    CU_ASSERT_FATAL(soon && later && past && gone);
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE cohorts SET taken = 4 WHERE id = ?", "l", soon) ==
                    DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE cohorts SET cancelled = 1 WHERE id = ?", "l", gone) ==
                    DB_OK);
    snprintf(path, sizeof(path), "/api/v1/courses/%s", slug_a);
    doc = api_get(&srv, path, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT(http_header_is(&r, "Cache-Control", "public, max-age=60"));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(
                               json_object_get(json_object_get(doc, "outcomes"), "cy"), 1)),
                           "Canlyniad dau");
    CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(doc, "outcomes"), "en")), 2);
    CU_ASSERT_STRING_EQUAL(api_str(doc, "audience", "en"), "Everyone");
    lessons = json_object_get(doc, "lessons");
    CU_ASSERT_EQUAL_FATAL(json_array_size(lessons), 3);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(lessons, 0), "position")), 1);
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(lessons, 1), "title", "cy"), "Gwers 2");
    CU_ASSERT(
        json_is_null(json_object_get(json_object_get(json_array_get(lessons, 1), "title"), "en")));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(lessons, 2), "minutes")), 5);
    /* upcoming and not cancelled, soonest first */
    cohorts = json_object_get(doc, "cohorts");
    CU_ASSERT_EQUAL_FATAL(json_array_size(cohorts), 2);
    c = json_array_get(cohorts, 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(c, "id")), soon);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(c, "capacity")), 12);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(c, "seats_left")), 8);
    CU_ASSERT_STRING_EQUAL(api_str(c, "lang", NULL), "cy");
    CU_ASSERT_STRING_EQUAL(api_str(c, "location", "cy"), "Caerdydd");
    CU_ASSERT_EQUAL(strlen(api_str(c, "starts_at", NULL)), 20);
    CU_ASSERT(api_str(c, "starts_at", NULL)[19] == 'Z');
    CU_ASSERT(strcmp(api_str(c, "ends_at", NULL), api_str(c, "starts_at", NULL)) > 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(cohorts, 1), "id")), later);
    json_decref(doc);
    http_resp_free(&r);
}

static void errors__are_json_with_the_right_status(void)
{
    char path[256];

    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?per_page=0"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?per_page=101"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?per_page=ten"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?page=0"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?page=-1"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?role=wizard"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?level=1"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?format=vhs"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?language=de"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses?sort=random"), 400);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses/no-such-course-here"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/courses/Not_A_Slug"), 404);
    /* no route at all under /api/: the API's JSON error, not an HTML page */
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v1/no-such-collection"), 404);
    CU_ASSERT_EQUAL(api_error_status(&srv, "/api/v2/courses"), 404);
    snprintf(path, sizeof(path), "/api/v1/courses/%s", slug_hidden);
    CU_ASSERT_EQUAL(api_error_status(&srv, path), 404);
}

static void errors__hostile_searches_never_fail(void)
{
    static const char *const junk[] = {
        "' OR 1=1 --", "+++---***", "\"(((", "@8 ~x <y >z", "%_\\", "\xef\xbf\xbd",
    };
    char big[2100];
    struct http_resp r;
    size_t i;

    for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        r = http_search(&srv, "/api/v1/courses?q=", junk[i], NULL, NULL);
        CU_ASSERT_EQUAL(r.status, 200);
        http_resp_free(&r);
    }
    memset(big, 'x', 2048);
    big[2048] = '\0';
    r = http_search(&srv, "/api/v1/courses?q=", big, NULL, NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "\"status\":400"));
    http_resp_free(&r);
    /* refused by the request parser before the API runs: still a 4xx */
    r = http_get_as(&srv, "/api/v1/courses?q=%ff", NULL);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
}

/* The body of one response of raw (a keep-alive exchange) at *at: its
 * status, its body (length *len, by its Content-Length) and *at moved past
 * it; -1 when it is not whole. */
static int next_response(const char *raw, size_t got, size_t *at, const char **body, size_t *len)
{
    const char *start = raw + *at, *end = strstr(start, "\r\n\r\n"), *cl;
    int status;

    if (!end || sscanf(start, "HTTP/1.1 %d", &status) != 1 ||
        !(cl = strstr(start, "Content-Length: ")) || cl > end)
        return -1;
    *len = strtoul(cl + 16, NULL, 10);
    *body = end + 4;
    if ((size_t)(*body - raw) + *len > got)
        return -1;
    *at = (size_t)(*body - raw) + *len;
    return status;
}

/* A page longer than http/resp.c writes with its head (written after it,
 * RESP_WRITE_APART): whole, by its Content-Length, and the connection goes
 * on to the next request's answer. */
static void list__a_long_page_whole_on_a_kept_connection(void)
{
    char req[1024];
    const char *body;
    size_t got = 0, at = 0, len = 0;
    json_t *doc;
    char *raw;
    int n = snprintf(req, sizeof(req),
                     "GET /api/v1/courses?q=hirfaith+%s&per_page=100 HTTP/1.1\r\n"
                     "Host: localhost\r\n\r\n"
                     "GET /api/v1/courses?q=hirfaith+%s&per_page=1 HTTP/1.1\r\n"
                     "Host: localhost\r\nConnection: close\r\n\r\n",
                     fx_tag, fx_tag);

    raw = http_exchange(&srv, req, (size_t)n, 5000, &got);
    CU_ASSERT_PTR_NOT_NULL_FATAL(raw);
    CU_ASSERT_EQUAL(next_response(raw, got, &at, &body, &len), 200);
    CU_ASSERT(len > 64 * 1024);
    doc = json_loadb(body, len, 0, NULL);
    CU_ASSERT_EQUAL(json_array_size(json_object_get(doc, "items")), LONG_N);
    json_decref(doc);
    CU_ASSERT_EQUAL(next_response(raw, got, &at, &body, &len), 200);
    doc = json_loadb(body, len, 0, NULL);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), LONG_N);
    json_decref(doc);
    CU_ASSERT_EQUAL(at, got);
    free(raw);
}

static void catalogue_api__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "list__shape_both_languages_and_facets", list__shape_both_languages_and_facets },
        { "list__filters_sort_and_pages", list__filters_sort_and_pages },
        { "course__outcomes_lessons_and_cohorts", course__outcomes_lessons_and_cohorts },
        { "errors__are_json_with_the_right_status", errors__are_json_with_the_right_status },
        { "errors__hostile_searches_never_fail", errors__hostile_searches_never_fail },
        { "list__a_long_page_whole_on_a_kept_connection",
          list__a_long_page_whole_on_a_kept_connection },
        { "catalogue_api__log_has_no_errors", catalogue_api__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/api", cases, start, stop);
}
