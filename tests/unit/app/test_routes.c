/*
 * The route table is data, so its security policy is proven here: every
 * /admin/ route needs the admin role, every /trainer/ route the trainer role,
 * every POST is CSRF-checked unless it is a bearer-token API route, and no
 * two rows overlap. The bad tables show the check can fail.
 */
#include <stdio.h>
#include <string.h>

#include "app/budgets.h"
#include "app/router.h"
#include "http/req.h"
#include "testing.h"

static int nop(struct req *r)
{
    (void)r;
    return 200;
}

static void routes__real_table_keeps_the_policy(void)
{
    char err[256] = "";
    int rc = route_table_check(routes, n_routes, err, sizeof(err));

    if (rc)
        fprintf(stderr, "\n%s\n", err);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT(n_routes > 0);
}

static void routes__every_post_checks_csrf(void)
{
    size_t posts = 0;

    ROUTE_FOREACH (rt, routes, n_routes) {
        if (!(rt->methods & HTTP_POST))
            continue;
        posts++;
        if ((rt->flags & ROUTE_NO_CSRF) && !(rt->flags & (ROUTE_BEARER | ROUTE_ONE_CLICK)))
            CU_FAIL(rt->pattern);
    }
    CU_ASSERT(posts > 0);
}

static void routes__bad_tables_are_refused(void)
{
    static const struct {
        const char *why;
        struct route row[2];
        size_t n;
    } cases[] = {
        { "admin without admin guard",
          { { HTTP_GET, "/admin/users", nop, GUARD_LOGIN, ROUTE_LANG } },
          1 },
        { "admin root without guard", { { HTTP_GET, "/admin", nop, GUARD_NONE, ROUTE_LANG } }, 1 },
        { "trainer page for learners",
          { { HTTP_GET, "/trainer/cohorts", nop, GUARD_LOGIN, ROUTE_LANG } },
          1 },
        { "post without csrf",
          { { HTTP_POST, "/courses/{slug}/enrol", nop, GUARD_LOGIN, ROUTE_LANG | ROUTE_NO_CSRF } },
          1 },
        { "one click that is not an unsubscribe link",
          { { HTTP_POST, "/courses/{slug}/enrol", nop, GUARD_NONE,
              ROUTE_LANG | ROUTE_NO_CSRF | ROUTE_ONE_CLICK } },
          1 },
        { "one click behind a guard",
          { { HTTP_POST, "/unsubscribe/{token}", nop, GUARD_LOGIN,
              ROUTE_LANG | ROUTE_NO_CSRF | ROUTE_ONE_CLICK } },
          1 },
        { "api post without csrf but no bearer",
          { { HTTP_POST, "/api/v1/things", nop, GUARD_NONE, ROUTE_NO_CSRF } },
          1 },
        { "overlap",
          { { HTTP_GET, "/courses/{slug}", nop, GUARD_NONE, ROUTE_LANG },
            { HTTP_GET, "/courses/new", nop, GUARD_NONE, ROUTE_LANG } },
          2 },
        { "malformed pattern", { { HTTP_GET, "courses", nop, GUARD_NONE, ROUTE_LANG } }, 1 },
        { "no handler", { { HTTP_GET, "/x", NULL, GUARD_NONE, ROUTE_LANG } }, 1 },
        { "shared page behind a guard",
          { { HTTP_GET, "/me", nop, GUARD_LOGIN, ROUTE_LANG | ROUTE_SHARED } },
          1 },
        { "shared post", { { HTTP_POST, "/x", nop, GUARD_NONE, ROUTE_LANG | ROUTE_SHARED } }, 1 },
        { "export without re-authentication",
          { { HTTP_GET, "/trainer/cohorts/{id}/export.csv", nop, GUARD_TRAINER, ROUTE_LANG } },
          1 },
        { "role change without re-authentication",
          { { HTTP_POST, "/admin/users/{id}/roles", nop, GUARD_ADMIN, ROUTE_LANG } },
          1 },
        { "bearer token for anyone",
          { { HTTP_GET, "/api/v1/things", nop, GUARD_NONE, ROUTE_PLAIN | ROUTE_BEARER } },
          1 },
        { "bearer token on a page",
          { { HTTP_GET, "/me", nop, GUARD_LOGIN, ROUTE_LANG | ROUTE_BEARER } },
          1 },
        { "bearer token outside /api",
          { { HTTP_GET, "/calendar/{token}", nop, GUARD_LOGIN, ROUTE_PLAIN | ROUTE_BEARER } },
          1 },
        { "re-authentication for anyone",
          { { HTTP_GET, "/x", nop, GUARD_NONE, ROUTE_LANG | ROUTE_REAUTH } },
          1 },
        { "a confirmed address asked of anyone",
          { { HTTP_POST, "/x", nop, GUARD_NONE, ROUTE_LANG | ROUTE_VERIFIED } },
          1 },
    };

    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[256] = "";

        if (route_table_check(cases[i].row, cases[i].n, err, sizeof(err)) == 0) {
            CU_FAIL(cases[i].why);
        } else {
            CU_ASSERT(err[0] != '\0');
        }
    }
}

static void routes__good_table_passes(void)
{
    static const struct route ok[] = {
        { HTTP_GET, "/admin/users", nop, GUARD_ADMIN, ROUTE_LANG },
        { HTTP_POST, "/admin/users/{id}/roles", nop, GUARD_ADMIN, ROUTE_LANG | ROUTE_REAUTH },
        { HTTP_POST, "/threads/{id}/posts", nop, GUARD_LOGIN, ROUTE_LANG | ROUTE_VERIFIED },
        { HTTP_GET, "/trainer/cohorts", nop, GUARD_TRAINER, ROUTE_LANG },
        { HTTP_GET, "/courses/{slug}", nop, GUARD_NONE, ROUTE_LANG },
        { HTTP_GET, "/courses/{slug}/lessons/{n}", nop, GUARD_NONE, ROUTE_LANG },
        { HTTP_POST, "/api/v1/things", nop, GUARD_LOGIN,
          ROUTE_PLAIN | ROUTE_NO_CSRF | ROUTE_BEARER },
        /* same path, other method or other language space: no overlap */
        { HTTP_POST, "/courses/{slug}", nop, GUARD_LOGIN, ROUTE_LANG },
        { HTTP_GET, "/courses/{slug}", nop, GUARD_NONE, 0 },
    };
    char err[256] = "";

    CU_ASSERT_EQUAL(route_table_check(ok, sizeof(ok) / sizeof(ok[0]), err, sizeof(err)), 0);
}

/* Every budget row (app/budgets.c) names a route of the table with its
 * method, so renaming a route cannot silently drop its budget; and the
 * funnel finds the row for the routes it guards. */
static void routes__every_budget_names_a_route(void)
{
    for (size_t i = 0; i < n_budgets; i++) {
        size_t n = strlen(budgets[i].pattern), found = 0;
        int prefix = n && budgets[i].pattern[n - 1] == '*';

        ROUTE_FOREACH (rt, routes, n_routes)
            if ((rt->methods & budgets[i].methods) &&
                (prefix ? !strncmp(rt->pattern, budgets[i].pattern, n - 1)
                        : !strcmp(rt->pattern, budgets[i].pattern)))
                found++;
        if (!found)
            CU_FAIL(budgets[i].pattern);
        CU_ASSERT(budgets[i].per_minute > 0 && budgets[i].per_hour >= budgets[i].per_minute);
    }
    CU_ASSERT_PTR_NOT_NULL(budget_find(HTTP_GET, "/api/v1/courses/{slug}"));
    CU_ASSERT_PTR_NOT_NULL(budget_find(HTTP_HEAD, "/courses"));
    CU_ASSERT_PTR_NOT_NULL(budget_find(HTTP_POST, "/courses/{slug}/enrol"));
    CU_ASSERT_PTR_NULL(budget_find(HTTP_GET, "/courses/{slug}"));
    CU_ASSERT_PTR_NULL(budget_find(HTTP_POST, "/courses"));
}

/* The rows where a person speaks to others need a confirmed e-mail
 * address (issue 23 finding 5); reading, enrolling and joining do not. */
static void routes__speaking_needs_a_confirmed_address(void)
{
    static const char *const speaking[] = { "/communities/{slug}/threads", "/threads/{id}/posts",
                                            "/posts/{id}/report", "/webinars/{slug}/register" };
    size_t i, found = 0;

    for (i = 0; i < sizeof(speaking) / sizeof(speaking[0]); i++)
        ROUTE_FOREACH (rt, routes, n_routes)
            if (rt->methods == HTTP_POST && !strcmp(rt->pattern, speaking[i])) {
                CU_ASSERT(rt->flags & ROUTE_VERIFIED);
                found++;
            }
    CU_ASSERT_EQUAL(found, sizeof(speaking) / sizeof(speaking[0]));
    ROUTE_FOREACH (rt, routes, n_routes)
        if (!strcmp(rt->pattern, "/courses/{slug}/enrol") ||
            !strcmp(rt->pattern, "/communities/{slug}/join"))
            CU_ASSERT(!(rt->flags & ROUTE_VERIFIED));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "routes__real_table_keeps_the_policy", routes__real_table_keeps_the_policy },
        { "routes__every_post_checks_csrf", routes__every_post_checks_csrf },
        { "routes__bad_tables_are_refused", routes__bad_tables_are_refused },
        { "routes__speaking_needs_a_confirmed_address",
          routes__speaking_needs_a_confirmed_address },
        { "routes__good_table_passes", routes__good_table_passes },
        { "routes__every_budget_names_a_route", routes__every_budget_names_a_route },
        { NULL, NULL },
    };
    test_add_suite("http/routes", cases);
}
