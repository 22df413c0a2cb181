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
#include "testing.h"

static struct server srv;

static int start(void)
{
    return server_start(&srv, NULL);
}

static int stop(void)
{
    /* whatever happened, leave the shared database running */
    test_db_ctl("start");
    return server_stop(&srv);
}

static int status_of(const char *path)
{
    struct http_resp r;
    int status = -1;

    if (http_get(&srv, path, NULL, &r) == 0)
        status = r.status;
    http_resp_free(&r);
    return status;
}

static void fault__catalogue_is_503_while_the_database_is_away(void)
{
    struct http_resp r;
    char *type, *retry;
    json_t *doc;
    json_error_t e;

    CU_ASSERT(status_of("/api/v1/courses") == 200);
    CU_ASSERT(status_of("/cy/courses") == 200);
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
    CU_ASSERT(status_of("/api/v1/courses/any-course") == 503);
    CU_ASSERT_FATAL(http_get(&srv, "/cy/courses", NULL, &r) == 0);
    CU_ASSERT(r.status == 503 && http_body_has(&r, "<html lang=\"cy\""));
    http_resp_free(&r);
    CU_ASSERT(status_of("/en/pathways") == 503);
    CU_ASSERT(status_of("/en/pathways/any-pathway") == 503);
}

static void fault__catalogue_recovers(void)
{
    int i, ok = 0;

    CU_ASSERT_FATAL(test_db_ctl("start") == 0);
    for (i = 0; i < 100 && !ok; i++) {
        ok = status_of("/api/v1/courses") == 200 && status_of("/en/courses") == 200;
        if (!ok)
            test_sleep_ms(100);
    }
    CU_ASSERT(ok);
    CU_ASSERT(status_of("/cy/pathways") == 200);
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
