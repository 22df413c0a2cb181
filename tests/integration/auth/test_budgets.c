/*
 * The per-address request budgets of app/budgets.c over HTTP (ASVS 2.4.1,
 * issue 23 finding 8): each costly or abusable route answers its budget's
 * worth from one client address, then 429 with Retry-After and the page in
 * the reader's language saying how long to wait; another address is not
 * affected; a search only counts when there is something to search for.
 * Every burst starts early in a minute, so it never straddles two windows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void)
{
    return harness_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Retry-After of r in seconds, or 0. */
static int retry_after(const struct http_resp *r)
{
    char *v = http_header(r, "Retry-After");
    int n = v ? atoi(v) : 0;

    free(v);
    return n;
}

/* The i-th address of a burst: path, or path with its final %d filled in with i. A
 * shared page asked for again comes from the render cache, which does no
 * work and is not counted (docs/security.md): a burst of searches or API
 * reads asks for a new address each time, as a scraper would. */
static const char *nth(char *buf, size_t size, const char *path, int i)
{
    const char *pct = strstr(path, "%d"); /* at the end */

    if (!pct)
        return path;
    snprintf(buf, size, "%.*s%d", (int)(pct - path), path, i);
    return buf;
}

/* GET (body NULL) or POST path budget + 1 times from browser b: every answer
 * before the last is not 429 and the last is, with Retry-After within
 * max_wait seconds (60: the minute's budget ran out; 3600: the hour's) and, for a page, the Welsh
 * error page saying how long to wait. */
static void burst(struct browser *b, const char *path, const char *body, int budget, int page,
                  int max_wait)
{
    struct http_resp r;
    char buf[256];
    int i, early = 0;

    test_wait_for_fresh_minute();
    for (i = 0; i < budget; i++) {
        const char *p = nth(buf, sizeof(buf), path, i);

        r = body ? browser_post(b, p, body) : browser_get(b, p);
        if (r.status == 429 || r.status >= 500)
            early++;
        http_resp_free(&r);
    }
    if (early)
        fprintf(stderr, "\n  %s: %d of %d refused within the budget\n", path, early, budget);
    CU_ASSERT_EQUAL(early, 0);
    path = nth(buf, sizeof(buf), path, budget);
    r = body ? browser_post(b, path, body) : browser_get(b, path);
    if (r.status != 429)
        fprintf(stderr, "\n  %s: %d past the budget, not 429\n", path, r.status);
    CU_ASSERT_EQUAL(r.status, 429);
    CU_ASSERT(retry_after(&r) >= 1 && retry_after(&r) <= max_wait);
    if (page) {
        CU_ASSERT(http_body_has(&r, "<html lang=\"cy\""));
        CU_ASSERT(http_body_has(&r, loc_text("cy", "errors.e429.title")));
        CU_ASSERT(http_body_has(&r, loc_prefix("cy", "security.retry_wait", NULL)));
    }
    http_resp_free(&r);
}

/* A signed-in browser at address n and its form token (in csrf, 64 bytes). */
static void member(struct browser *b, int n, const char *who, char *csrf)
{
    struct http_resp r;

    browser_new_account(b, &srv, n, who);
    r = browser_get(b, "/cy/account");
    snprintf(csrf, 64, "%s", http_form_csrf(&r));
    http_resp_free(&r);
    CU_ASSERT_FATAL(*csrf != '\0');
}

static void budgets__course_search_then_429_in_welsh(void)
{
    struct browser b;
    struct http_resp r;

    browser_init(&b, &srv, 0);
    burst(&b, "/cy/courses?q=data%d", NULL, 60, 1, 60);
    /* the plain list is not a search: it still answers */
    r = browser_get(&b, "/cy/courses");
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    /* the forums' search shares the budget */
    r = browser_get(&b, "/cy/search/communities?q=dylunio");
    CU_ASSERT_EQUAL(r.status, 429);
    http_resp_free(&r);
    /* another address searches on */
    browser_init(&b, &srv, 1);
    r = browser_get(&b, "/en/courses?q=data");
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
}

static void budgets__api_per_address(void)
{
    struct browser b;
    struct http_resp r;

    browser_init(&b, &srv, 2);
    burst(&b, "/api/v1/courses?q=design%d", NULL, 120, 0, 60);
    r = browser_get(&b, "/api/v1/courses/no-such-course");
    CU_ASSERT_EQUAL(r.status, 429);
    /* the API's errors are always JSON (docs/api.md) */
    CU_ASSERT(http_body_has(&r, "{\"error\":{\"status\":429,"));
    {
        char *ct = http_header(&r, "Content-Type");

        CU_ASSERT(ct && !strcmp(ct, "application/json"));
        free(ct);
    }
    http_resp_free(&r);
    browser_init(&b, &srv, 3);
    r = browser_get(&b, "/api/v1/courses");
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
}

static void budgets__register_and_reset_requests(void)
{
    struct browser b;
    struct http_resp r;
    char body[256];

    browser_init(&b, &srv, 4);
    r = browser_get(&b, "/cy/register");
    snprintf(body, sizeof(body), "name=&email=&password=&csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    burst(&b, "/cy/register", body, 10, 1, 3600); /* ten an hour */
    browser_init(&b, &srv, 5);
    r = browser_get(&b, "/cy/password-reset");
    /* an empty address: refused by the form, counted all the same (the
     * per-e-mail limit of three an hour would answer 429 first otherwise) */
    snprintf(body, sizeof(body), "email=&csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    burst(&b, "/cy/password-reset", body, 5, 1, 60);
}

/* Enrolling, booking a webinar, posting and reporting: each counted per
 * address (unknown targets answer 404, and still count: the budget is for
 * requests, before any work). */
static void budgets__member_actions(void)
{
    static const struct {
        const char *path;
        int budget;
    } actions[] = {
        { "/cy/courses/no-such-course/enrol", 20 },
        { "/cy/webinars/no-such-webinar/register", 20 },
        { "/cy/threads/999999999/posts", 20 },
        { "/cy/posts/999999999/report", 10 },
    };
    struct browser b;
    char csrf[64], body[256], who[32];

    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        snprintf(who, sizeof(who), "budget%zu", i);
        member(&b, 10 + (int)i, who, csrf);
        snprintf(body, sizeof(body), "body=%s&reason=spam&csrf=%s", http_enc("Helo"), csrf);
        burst(&b, actions[i].path, body, actions[i].budget, 1, 60);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "budgets__course_search_then_429_in_welsh", budgets__course_search_then_429_in_welsh },
        { "budgets__api_per_address", budgets__api_per_address },
        { "budgets__register_and_reset_requests", budgets__register_and_reset_requests },
        { "budgets__member_actions", budgets__member_actions },
        { NULL, NULL },
    };
    test_add_suite_with("auth/budgets", cases, start, stop);
}
