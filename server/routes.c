/*
 * routes: THE route table. One row per route: methods, language-neutral
 * pattern, handler, who may call it, flags. ROUTE_LANG rows live under both
 * /cy/ and /en/. tests/unit/http/test_routes.c proves the policy.
 */
#include "http/metrics.h"
#include "http/req.h"
#include "http/router.h"
#include "http/static.h"
#include "site/site.h"

const struct route routes[] = {
    { HTTP_GET, "/", site_page_choose, GUARD_NONE, 0 },
    { HTTP_POST, "/", site_page_choose_submit, GUARD_NONE, 0 },
    { HTTP_GET, "/healthz", site_healthz, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_GET, "/metrics", metrics_serve, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_GET, "/favicon.ico", site_favicon, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_GET, "/static/{*path}", static_serve, GUARD_NONE, ROUTE_PLAIN },
    { HTTP_GET, "/", site_page_home, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/courses", site_page_courses, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/webinars", site_page_webinars, GUARD_NONE, ROUTE_LANG },
    { HTTP_GET, "/communities", site_page_communities, GUARD_NONE, ROUTE_LANG },
    /* accounts: sign-in, registration, the account page, password reset */
    /* end accounts */
    /* admin */
    /* end admin */
};

const size_t n_routes = sizeof(routes) / sizeof(routes[0]);
