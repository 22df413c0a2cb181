/*
 * route_table_check(): the security policy of the route table, proven by a
 * unit test over the real table (STYLE.md section 5).
 */
#include <stdio.h>
#include <string.h>

#include "app/router.h"
#include "http/match.h"
#include "http/req.h"

static int starts_with_segment(const char *pattern, const char *prefix)
{
    size_t n = strlen(prefix);

    return !strncmp(pattern, prefix, n) && (pattern[n] == '/' || pattern[n] == '\0');
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !strcmp(s + n - m, suffix);
}

/* A data export, a role change or disabling an account (issue 23): a
 * sensitive action that must ask for re-authentication (ROUTE_REAUTH). */
static int sensitive(const struct route *rt)
{
    return (rt->flags & ROUTE_LANG) &&
           (strstr(rt->pattern, "export") || ends_with(rt->pattern, ".csv") ||
            ends_with(rt->pattern, "/roles") || ends_with(rt->pattern, "/disable"));
}

static int check_row(const struct route *rt, char *err, size_t errlen)
{
    if (!rt->pattern || !route_pattern_valid(rt->pattern)) {
        snprintf(err, errlen, "route '%s': malformed pattern", rt->pattern ? rt->pattern : "");
        return -1;
    }
    if (!rt->handler || !rt->methods || (rt->methods & ~(unsigned)(HTTP_GET | HTTP_POST))) {
        snprintf(err, errlen, "route '%s': needs a handler and GET and/or POST only", rt->pattern);
        return -1;
    }
    if (starts_with_segment(rt->pattern, "/admin") && rt->guard != GUARD_ADMIN) {
        snprintf(err, errlen, "route '%s': every /admin/ route must need the admin role",
                 rt->pattern);
        return -1;
    }
    if (starts_with_segment(rt->pattern, "/trainer") && rt->guard < GUARD_TRAINER) {
        snprintf(err, errlen, "route '%s': every /trainer/ route must need the trainer role",
                 rt->pattern);
        return -1;
    }
    if ((rt->methods & HTTP_POST) && (rt->flags & ROUTE_NO_CSRF) &&
        !((rt->flags & ROUTE_BEARER) && starts_with_segment(rt->pattern, "/api")) &&
        !((rt->flags & ROUTE_ONE_CLICK) && rt->guard == GUARD_NONE &&
          strstr(rt->pattern, "/unsubscribe/{token}"))) {
        snprintf(err, errlen,
                 "route '%s': a POST route without CSRF must be a bearer /api route or a "
                 "one-click unsubscribe",
                 rt->pattern);
        return -1;
    }
    if ((rt->flags & ROUTE_BEARER) &&
        (!(rt->flags & ROUTE_PLAIN) || !starts_with_segment(rt->pattern, "/api") ||
         rt->guard == GUARD_NONE || (rt->flags & (ROUTE_LANG | ROUTE_NO_DB | ROUTE_REAUTH)))) {
        snprintf(err, errlen, "route '%s': a bearer route is a guarded plain /api route",
                 rt->pattern);
        return -1;
    }
    if (sensitive(rt) && !(rt->flags & ROUTE_REAUTH)) {
        snprintf(err, errlen, "route '%s': exports, role changes and disabling need ROUTE_REAUTH",
                 rt->pattern);
        return -1;
    }
    if ((rt->flags & ROUTE_REAUTH) && (!(rt->flags & ROUTE_LANG) || rt->guard == GUARD_NONE)) {
        snprintf(err, errlen, "route '%s': ROUTE_REAUTH is for signed-in pages", rt->pattern);
        return -1;
    }
    if ((rt->flags & ROUTE_VERIFIED) && (!(rt->flags & ROUTE_LANG) || rt->guard == GUARD_NONE)) {
        snprintf(err, errlen, "route '%s': ROUTE_VERIFIED is for signed-in pages", rt->pattern);
        return -1;
    }
    if ((rt->flags & ROUTE_SHARED) && (rt->methods != HTTP_GET || rt->guard != GUARD_NONE ||
                                       (rt->flags & (ROUTE_BEARER | ROUTE_NO_DB)))) {
        snprintf(err, errlen, "route '%s': a shared page is a GET anyone may read", rt->pattern);
        return -1;
    }
    if ((rt->flags & ROUTE_SHARED_SIGNED) &&
        (!(rt->flags & ROUTE_SHARED) || !(rt->flags & ROUTE_LANG) || (rt->flags & ROUTE_PLAIN))) {
        snprintf(err, errlen, "route '%s': ROUTE_SHARED_SIGNED is for shared HTML pages",
                 rt->pattern);
        return -1;
    }
    return 0;
}

int route_table_check(const struct route *table, size_t n, char *err, size_t errlen)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        if (check_row(&table[i], err, errlen))
            return -1;
        for (j = i + 1; j < n; j++) {
            const struct route *a = &table[i], *b = &table[j];

            if (!(a->methods & b->methods) || (a->flags & ROUTE_LANG) != (b->flags & ROUTE_LANG))
                continue;
            if (route_overlap(a->pattern, b->pattern)) {
                snprintf(err, errlen, "routes '%s' and '%s' overlap", a->pattern, b->pattern);
                return -1;
            }
        }
    }
    return 0;
}
