/*
 * The sign-in and registration forms from the render cache (ROUTE_SHARED_FORM,
 * app/router.h): the page is kept once per address and each visitor gets it
 * with their own CSRF token in the form (a hole, as a signed-in reader's
 * header), issued with its cookie when they have none; the token works; a
 * form that comes back with errors keeps what was typed (a POST answer,
 * never kept); a signed-in reader is still sent on; Welsh and English.
 *
 * No assertion depends on timing: a hit, a refill and a page rendered
 * before its address is kept all give the answers asserted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http/rendercache.h"

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", NULL };

    if (fx_init())
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Ask for path without cookies up to the doorkeeper's count, so that the
 * next asks fill the cache and are served from it. */
static void warm(const char *path)
{
    struct http_resp r;
    int i;

    for (i = 0; i < RENDERCACHE_ADMIT_ASKS; i++) {
        CU_ASSERT_FATAL(http_get(&srv, path, NULL, &r) == 0);
        CU_ASSERT(r.status == 200);
        http_resp_free(&r);
    }
}

static long rendercache_keys(void)
{
    const char *want = "\ndysgu_rendercache_keys ", *p;
    struct http_resp r;
    long n = -1;

    CU_ASSERT_FATAL(http_get(&srv, "/metrics", NULL, &r) == 0);
    p = r.body ? strstr(r.body, want) : NULL;
    if (p)
        n = strtol(p + strlen(want), NULL, 10);
    http_resp_free(&r);
    return n;
}

/* The page's form carries the browser's own token (its cookie), in lang. */
static void own_token(const struct browser *b, const struct http_resp *r, const char *lang)
{
    char want[128], html[32];

    CU_ASSERT(r->status == 200);
    CU_ASSERT(strlen(b->csrf) == 43);
    snprintf(want, sizeof(want), "name=\"csrf\" value=\"%s\"", b->csrf);
    CU_ASSERT(http_body_has(r, want));
    if (!http_body_has(r, want))
        fprintf(stderr, "the form lacks the browser's token %s\n", b->csrf);
    snprintf(html, sizeof(html), "<html lang=\"%s\"", lang);
    CU_ASSERT(http_body_has(r, html));
    CU_ASSERT(!http_body_has(r, "name=\"csrf\" value=\"\""));
}

/* Each new visitor of path gets a token of their own; one who has a cookie
 * gets that one and no new cookie. */
static void each_visitor_their_own(const char *path, const char *lang, int first)
{
    struct browser b[3];
    struct http_resp r;
    char *again;
    int i;

    warm(path);
    for (i = 0; i < 3; i++) {
        browser_init(&b[i], &srv, first + i);
        r = browser_get(&b[i], path);
        own_token(&b[i], &r, lang);
        http_resp_free(&r);
    }
    CU_ASSERT(strcmp(b[0].csrf, b[1].csrf) && strcmp(b[1].csrf, b[2].csrf) &&
              strcmp(b[0].csrf, b[2].csrf));
    r = browser_get(&b[0], path); /* the cookie it has: the same token, no new cookie */
    own_token(&b[0], &r, lang);
    again = http_set_cookie(&r, "csrf");
    CU_ASSERT(again == NULL);
    free(again);
    CU_ASSERT(!http_body_has(&r, b[1].csrf) && !http_body_has(&r, b[2].csrf));
    http_resp_free(&r);
    CU_ASSERT(rendercache_keys() >= 1);
}

static void forms__login_token_per_visitor(void)
{
    each_visitor_their_own("/cy/login", "cy", 0);
    each_visitor_their_own("/en/login", "en", 10);
}

static void forms__register_token_per_visitor(void)
{
    each_visitor_their_own("/cy/register", "cy", 20);
    each_visitor_their_own("/en/register", "en", 30);
}

static void forms__login_error_keeps_email(void)
{
    const char *langs[] = { "cy", "en" };
    char page[32], fields[256], value[128];
    struct browser b;
    struct http_resp r;
    size_t i;

    for (i = 0; i < 2; i++) {
        snprintf(page, sizeof(page), "/%s/login", langs[i]);
        warm(page);
        browser_init(&b, &srv, 40 + (int)i);
        /* the token from the kept page passes the CSRF check; the e-mail stays */
        snprintf(fields, sizeof(fields), "email=%s&password=", http_enc("cadw@example.org"));
        r = browser_submit(&b, page, page, fields);
        CU_ASSERT(r.status == 400);
        snprintf(value, sizeof(value), "value=\"%s\"", "cadw@example.org");
        CU_ASSERT(http_body_has(&r, value));
        snprintf(value, sizeof(value), "name=\"csrf\" value=\"%s\"", b.csrf);
        CU_ASSERT(http_body_has(&r, value));
        CU_ASSERT(http_body_has(&r, loc_text(langs[i], "common.error_summary_title")));
        http_resp_free(&r);
    }
}

static void forms__register_error_keeps_input(void)
{
    const char *langs[] = { "cy", "en" };
    char page[32], fields[512], value[128];
    struct browser b;
    struct http_resp r;
    size_t i;

    for (i = 0; i < 2; i++) {
        snprintf(page, sizeof(page), "/%s/register", langs[i]);
        warm(page);
        browser_init(&b, &srv, 50 + (int)i);
        snprintf(fields, sizeof(fields), "name=%s&email=%s&password=zq9x&organisation=&lang=cy",
                 http_enc("Siân ap Gruffudd"), http_enc("sian@"));
        r = browser_submit(&b, page, page, fields);
        CU_ASSERT(r.status == 400);
        CU_ASSERT(http_body_has(&r, "value=\"Siân ap Gruffudd\""));
        CU_ASSERT(http_body_has(&r, "value=\"sian@\""));
        CU_ASSERT(!http_body_has(&r, "zq9x"));
        CU_ASSERT(http_body_has(&r, loc_text(langs[i], "accounts.errors.email_invalid")));
        snprintf(value, sizeof(value), "name=\"csrf\" value=\"%s\"", b.csrf);
        CU_ASSERT(http_body_has(&r, value));
        http_resp_free(&r);
    }
}

static void forms__register_from_kept_page_then_sent_on(void)
{
    struct browser b;
    struct http_resp r;

    warm("/en/register");
    warm("/en/login");
    browser_init(&b, &srv, 60);
    /* registering takes the token from the kept page, and signs in */
    CU_ASSERT_FATAL(browser_register(&b, "en", "Kept Form", fx_email("keptform"), TEST_PASSWORD));
    /* signed in: both forms send them on, kept or not */
    r = browser_get(&b, "/en/register");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    r = browser_get(&b, "/en/login");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
}

static void forms__dead_session_cookie_gets_the_form(void)
{
    struct browser b;
    struct http_resp r;

    warm("/cy/login");
    browser_init(&b, &srv, 70);
    snprintf(b.sid, sizeof(b.sid), "%s", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    r = browser_get(&b, "/cy/login");
    own_token(&b, &r, "cy");
    CU_ASSERT(http_body_has(&r, loc_text("cy", "common.sign_in")));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "forms__login_token_per_visitor", forms__login_token_per_visitor },
        { "forms__register_token_per_visitor", forms__register_token_per_visitor },
        { "forms__login_error_keeps_email", forms__login_error_keeps_email },
        { "forms__register_error_keeps_input", forms__register_error_keeps_input },
        { "forms__register_from_kept_page_then_sent_on",
          forms__register_from_kept_page_then_sent_on },
        { "forms__dead_session_cookie_gets_the_form", forms__dead_session_cookie_gets_the_form },
        { NULL, NULL },
    };

    test_add_suite_with("kept_forms", cases, start, stop);
}
