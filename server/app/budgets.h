/*
 * budgets: the per-address request budgets of the costly or abusable routes
 * (ASVS 2.4.1, issue 23 finding 8) as one table of data, applied by the
 * funnel after the guard and the CSRF check and before the handler, so a
 * handler never forgets its budget and docs/security.md has one place to
 * cite. A row names a route pattern of server/routes.c (or a prefix ending
 * in '*'), optionally a query parameter that must be non-empty for the
 * request to count (a search, not the plain list), and its minute and hour
 * budgets per client address (auth/ratelimit.h ratelimit_budget: IPv6 per
 * /64, 429 with Retry-After and errors.e429 in the reader's language).
 *
 * Sign-in and certificate look-ups keep their own calls (they count after
 * checks of their own). The budget_exempt setting (core/config.h) lifts the
 * budgets of reading and member actions for a load generator's address,
 * never those of registration, reset requests or the sign-in code.
 */
#pragma once

#include <stddef.h>

struct req;
struct route;

struct budget {
    unsigned methods;    /* enum http_method bits; GET implies HEAD */
    const char *pattern; /* a route pattern, or a prefix ending in '*' */
    const char *query;   /* counted only when this query parameter is non-empty; or NULL */
    const char *what;    /* the counter's name: "<what>-m:<address>", "<what>-h:<address>" */
    int per_minute, per_hour;
    int exemptable; /* 1: not counted for budget_exempt addresses (a load generator);
                     * 0 for credential forms, where no load generator belongs */
};

extern const struct budget budgets[];
extern const size_t n_budgets;

/* 0 when the request's route has no budget or the client is within it;
 * otherwise the status to answer with (429 with Retry-After sent; 503 or
 * 500 when the database fails: fail closed). */
int budget_check(struct req *r);

/* The budget row for method and route pattern, or NULL. */
const struct budget *budget_find(unsigned method, const char *pattern);
