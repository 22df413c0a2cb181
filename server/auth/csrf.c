#include "csrf.h"

#include <string.h>

#include <sodium.h>

#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

int csrf_token_valid(const char *s)
{
    size_t i;

    if (!s || strlen(s) != CSRF_TOKEN_LEN)
        return 0;
    for (i = 0; i < CSRF_TOKEN_LEN; i++) {
        char c = s[i];

        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

void csrf_ensure(struct req *r)
{
    const char *name = resp_cookie_name(r, "csrf");
    const char *have = req_cookie(r, name);
    unsigned char raw[32];
    char *tok;

    if (r->session)
        return; /* session_load() set r->csrf */
    if (csrf_token_valid(have)) {
        r->csrf = have;
        return;
    }
    randombytes_buf(raw, sizeof(raw));
    tok = arena_alloc(r->arena, CSRF_TOKEN_LEN + 1);
    sodium_bin2base64(tok, CSRF_TOKEN_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    r->csrf = tok;
    resp_cookie(r, name, tok, -1);
}

static int origin_ok(struct req *r)
{
    const char *origin = req_header(r, "Origin");
    const char *site = req_header(r, "Sec-Fetch-Site");
    const char *host = req_header(r, "Host");
    const char *scheme = r->app->cfg->secure_cookies ? "https://" : "http://";
    size_t n = strlen(scheme);

    if (site && !strcmp(site, "cross-site"))
        return 0;
    if (!origin || !strcmp(origin, r->app->cfg->base_url))
        return 1;
    /* the origin the browser used to reach us ("null" is never ours) */
    return host && !strncmp(origin, scheme, n) && !strcmp(origin + n, host);
}

int csrf_check(struct req *r)
{
    /* signed in: the session's own token; before that, the pre-session cookie */
    const char *cookie = r->session ? r->csrf : req_cookie(r, resp_cookie_name(r, "csrf"));
    const char *field = req_form(r, "csrf");

    if (!csrf_token_valid(cookie) || !csrf_token_valid(field))
        return -1;
    if (sodium_memcmp(cookie, field, CSRF_TOKEN_LEN) != 0)
        return -1;
    return origin_ok(r) ? 0 : -1;
}
