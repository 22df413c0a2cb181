#include "budgets.h"

#include <stdio.h>
#include <string.h>

#include "app/page.h"
#include "app/router.h"
#include "auth/ratelimit.h"
#include "core/addrlist.h"
#include "core/config.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

/* Generous for people (a classroom behind one address registers, enrols and
 * searches together) and for the e2e journeys; tight for a script. */
const struct budget budgets[] = {
    { HTTP_POST, "/register", NULL, "register", 10, 10, 0 },
    { HTTP_POST, "/password-reset", NULL, "reset", 5, 10, 0 },
    { HTTP_POST, "/login/code", NULL, "login-code", 10, 60, 0 },
    { HTTP_POST, "/courses/{slug}/enrol", NULL, "enrol", 20, 120, 1 },
    { HTTP_POST, "/webinars/{slug}/register", NULL, "webinar-reg", 20, 120, 1 },
    { HTTP_POST, "/communities/{slug}/threads", NULL, "post", 20, 200, 1 },
    { HTTP_POST, "/threads/{id}/posts", NULL, "post", 20, 200, 1 },
    { HTTP_POST, "/posts/{id}/report", NULL, "report", 10, 60, 1 },
    { HTTP_GET, "/courses", "q", "search", 60, 1200, 1 },
    { HTTP_GET, "/search/communities", "q", "search", 60, 1200, 1 },
    { HTTP_GET, "/api/v1/*", NULL, "api", 120, 3600, 1 },
    { HTTP_GET, "/calendar/{token}", NULL, "feed", 60, 600, 1 },
};
const size_t n_budgets = sizeof(budgets) / sizeof(budgets[0]);

static int pattern_matches(const char *budget, const char *pattern)
{
    size_t n = strlen(budget);

    if (n && budget[n - 1] == '*')
        return !strncmp(budget, pattern, n - 1);
    return !strcmp(budget, pattern);
}

const struct budget *budget_find(unsigned method, const char *pattern)
{
    unsigned m = method == HTTP_HEAD ? HTTP_GET : method;

    for (size_t i = 0; i < n_budgets; i++)
        if ((budgets[i].methods & m) && pattern_matches(budgets[i].pattern, pattern))
            return &budgets[i];
    return NULL;
}

/* A machine route's 429 in the API's error shape (docs/api.md: errors are
 * always JSON; Retry-After is set already). */
static int api_error(struct req *r, int status)
{
    char body[160];
    int n = snprintf(body, sizeof(body),
                     "{\"error\":{\"status\":%d,\"message\":\"too many requests from your "
                     "address; try again in %d seconds\"}}",
                     status, r->retry_after);

    resp_header(r, "Cache-Control", "no-store");
    return resp_send(r, status, "application/json", body, (size_t)n);
}

int budget_check(struct req *r)
{
    const struct budget *b = r->route ? budget_find(r->method, r->route->pattern) : NULL;
    const char *q;
    enum db_rc rc;
    int status;

    if (!b || !r->conn)
        return 0; /* no budget, or the server's own refill of a kept page (app/router.c) */
    if (b->query && (!(q = req_query(r, b->query)) || !*q))
        return 0;
    if (b->exemptable && addr_in_list(r->client_ip, r->app->cfg->budget_exempt))
        return 0; /* a load generator the operator named */
    status = ratelimit_budget(r, b->what, b->per_minute, b->per_hour, &rc);
    if (status && (r->route->flags & ROUTE_PLAIN))
        return api_error(r, status);
    if (status)
        return status;
    return rc == DB_OK ? 0 : page_db_status(rc);
}
