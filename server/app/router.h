/*
 * router: the route table and the funnel that every request goes through
 * (STYLE.md section 5). routes.c holds the table as data; a unit test walks it
 * with route_table_check() to prove the security policy.
 */
#pragma once

#include <stddef.h>

struct req;

enum route_guard {
    GUARD_NONE,
    GUARD_LOGIN,
    GUARD_TRAINER,
    GUARD_MODERATOR,
    GUARD_ADMIN,
};

enum route_flags {
    ROUTE_LANG = 1 << 0,    /* lives under /cy/ and /en/ */
    ROUTE_NO_CSRF = 1 << 1, /* only with ROUTE_BEARER (machine clients) or ROUTE_ONE_CLICK */
    /* authenticated by a personal API token (auth/apitoken.h) from the
     * Authorization: Bearer header only: no cookie, no session, no CSRF
     * token; 401 with WWW-Authenticate without a live one; every error JSON.
     * A guarded ROUTE_PLAIN row under /api (route_table_check) */
    ROUTE_BEARER = 1 << 2,
    ROUTE_PLAIN = 1 << 3,  /* machine endpoint: no cookies, no HTML error page */
    ROUTE_NO_DB = 1 << 4,  /* never touches the database: r->db stays NULL */
    ROUTE_SHARED = 1 << 5, /* the same for every anonymous reader: http/rendercache.h */
    /* a form that carries long text (a forum post): its body may be up to
     * ROUTE_LONG_BODY_MAX (or max_body when that is larger), every other
     * route's only up to max_body */
    ROUTE_LONG_BODY = 1 << 6,
    /* a signed-in reader the guard refuses gets 404, not 403: the route's
     * ids (another trainer's cohort) cannot be probed by who is refused */
    ROUTE_HIDDEN = 1 << 7,
    /* a sensitive action (role changes, disabling an account, data exports,
     * new recovery codes): the session must have proved who it is within
     * reauth_minutes (core/config.h), else the funnel sends the reader to
     * /{lang}/account/confirm first (issue 23, ASVS 6.3.3 re-authentication) */
    ROUTE_REAUTH = 1 << 8,
    /* speaking to others (a new thread, a reply, a report, a webinar
     * registration): a registered person must have confirmed their e-mail
     * address first, else 403 with accounts/verify_needed and the button
     * that sends the link again (issue 23 finding 5, ASVS 6.1.x) */
    ROUTE_VERIFIED = 1 << 9,
    /* a ROUTE_SHARED page whose body is the same for every reader, signed in
     * or not, but for the layout's personal/ partials (view/tpl.h): a
     * signed-in reader gets the kept copy with those rendered for them
     * (http/rendercache.h rendercache_serve_personal()). The handler must
     * not read r->user, r->session or r->csrf, unless the row has a mine
     * hook (below) whose variant names all that it reads of them. */
    ROUTE_SHARED_SIGNED = 1 << 10,
    /* with ROUTE_NO_CSRF: a one-click POST from a mail program (RFC 8058
     * List-Unsubscribe-Post), unguarded, whose URL's {token} is the secret
     * (docs/security.md); it may only turn e-mail off */
    ROUTE_ONE_CLICK = 1 << 11,
};

/* A 64 KiB post, every byte percent-encoded (3 bytes each), with its other
 * fields: it reaches the handler and is answered "too long" with the text
 * kept instead of a bare 413. */
#define ROUTE_LONG_BODY_MAX (640u * 1024u)

struct route {
    unsigned methods; /* enum http_method bits; GET implies HEAD */
    const char *pattern;
    int (*handler)(struct req *r);
    enum route_guard guard;
    unsigned flags;
};

extern const struct route routes[];
extern const size_t n_routes;

/*
 * ROUTE_SHARED_SIGNED pages with parts of the reader's own in the body
 * (docs/adding-a-feature.md "Holes in the body"), listed beside the routes
 * by their handler: mine() is called for a signed-in reader before the cache
 * is asked, with the session read. 0: the page is kept per *variant (NULL:
 * one copy for all; a short word naming what the handler reads of the
 * reader, e.g. "enrolled": everyone in it sees the same page but for the
 * holes) and the holes read page_mine(); non-zero: this reader's page is
 * rendered in full, not from the cache.
 */
struct route_mine {
    int (*handler)(struct req *r);
    int (*mine)(struct req *r, const char **variant);
};

extern const struct route_mine route_mines[];
extern const size_t n_route_mines;

#define ROUTE_FOREACH(rt, table, n) for (const struct route *rt = (table); rt < (table) + (n); rt++)

/* Run one request through the funnel: match, guard, CSRF, body, handler,
 * error page. Returns the status sent. */
int router_dispatch(struct req *r);

/* 0 if the table keeps the policy: every /admin/ route GUARD_ADMIN, every
 * /trainer/ route at least GUARD_TRAINER, every non-GET route CSRF-checked
 * unless bearer-authenticated, every ROUTE_BEARER row a guarded plain /api
 * route, every ROUTE_SHARED row a GET with GUARD_NONE,
 * valid patterns, no two rows overlapping for
 * the same method. Otherwise -1 with the offending row in err. */
int route_table_check(const struct route *table, size_t n, char *err, size_t errlen);
