/*
 * The database goes away under the catalogue: the pages answer the
 * localised 503 page, the API a JSON 503 with Retry-After (never the
 * router's text/plain), and both recover by themselves when it returns.
 * Stops the test database, so ctest runs it alone (its name holds "fault").
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop_fault(&srv);
}

static void fault__catalogue_is_503_while_the_database_is_away(void)
{
    struct http_resp r;
    char *type, *retry;
    json_t *doc;
    json_error_t e;

    /* pages other than those asked for below: the render cache may answer a
     * shared page it kept in the last 1.5 s even with the database away */
    CU_ASSERT(http_status(&srv, "/api/v1/courses?q=design", NULL) == 200);
    CU_ASSERT(http_status(&srv, "/en/courses", NULL) == 200);
    CU_ASSERT_FATAL(test_db_ctl("kill") == 0);
    CU_ASSERT_FATAL(http_get(&srv, "/api/v1/courses?q=data", NULL, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 503);
    type = http_header(&r, "Content-Type");
    retry = http_header(&r, "Retry-After");
    CU_ASSERT(type && !strcmp(type, "application/json"));
    CU_ASSERT_PTR_NOT_NULL(retry);
    free(type);
    free(retry);
    doc = r.body ? json_loadb(r.body, r.body_len, 0, &e) : NULL;
    CU_ASSERT(json_integer_value(json_object_get(json_object_get(doc, "error"), "status")) == 503);
    json_decref(doc);
    http_resp_free(&r);
    CU_ASSERT(http_status(&srv, "/api/v1/courses/any-course", NULL) == 503);
    CU_ASSERT_FATAL(http_get(&srv, "/cy/courses", NULL, &r) == 0);
    CU_ASSERT(r.status == 503 && http_body_has(&r, "<html lang=\"cy\""));
    http_resp_free(&r);
    CU_ASSERT(http_status(&srv, "/en/pathways", NULL) == 503);
    CU_ASSERT(http_status(&srv, "/en/pathways/any-pathway", NULL) == 503);
}

static void fault__catalogue_recovers(void)
{
    int i, ok = 0;

    CU_ASSERT_FATAL(test_db_ctl("start") == 0);
    for (i = 0; i < 100 && !ok; i++) {
        ok = http_status(&srv, "/api/v1/courses", NULL) == 200 &&
             http_status(&srv, "/en/courses", NULL) == 200;
        if (!ok)
            test_sleep_ms(100);
    }
    CU_ASSERT(ok);
    CU_ASSERT(http_status(&srv, "/cy/pathways", NULL) == 200);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "fault__catalogue_is_503_while_the_database_is_away",
          fault__catalogue_is_503_while_the_database_is_away },
        { "fault__catalogue_recovers", fault__catalogue_recovers },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/fault", cases, start, stop);
}
