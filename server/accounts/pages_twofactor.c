/*
 * Two-step sign-in (issue 23 finding 4, ASVS 6.3.3): setting it up from the
 * account page (/{lang}/account/two-factor: the secret as a QR code drawn as
 * inline SVG and as text, confirmed by a first code, then ten recovery codes
 * shown once) and the second step of signing in (/{lang}/login/code).
 *
 * After a right password an account with two-step sign-in gets no session:
 * a pending sign-in (login_pending, 5 minutes, only the hash of its random
 * token kept; the browser holds the token in the "login" cookie) waits for a
 * code. A TOTP code is accepted within one 30-second step either side, and
 * only for a step later than the last one used (no replay); a recovery code
 * works once. Five wrong codes end the pending sign-in, and an account gets
 * at most 10 wrong codes an hour however many sign-ins it starts.
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "accounts/twofactor.h"
#include "app/page.h"
#include "app/page_field.h"
#include "audit/audit.h"
#include "auth/csrf.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "auth/totp.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"
#include "view/qrsvg.h"

#define COOKIE                 "login"
#define CODE_FAILURES_PER_HOUR 10 /* wrong codes per account, across pending sign-ins */
#define ISSUER                 "Dysgu"

/* The hash of the request's pending sign-in cookie, or -1. */
static int pending_hash(struct req *r, char out[65])
{
    const char *tok = req_cookie(r, resp_cookie_name(r, COOKIE));
    unsigned char raw[32];

    if (!tok || session_token_decode(tok, raw))
        return -1;
    session_hash(raw, sizeof(raw), out);
    sodium_memzero(raw, sizeof(raw));
    return 0;
}

int account_twofactor_begin(struct req *r, const struct account *acct, const char *next)
{
    struct twofactor tf;
    char hash[65], tok[CSRF_TOKEN_LEN + 1];
    unsigned char raw[32];
    enum db_rc rc = twofactor_get(r->db, r->arena, acct->id, &tf);

    if (rc == DB_NOT_FOUND || (rc == DB_OK && !tf.confirmed))
        return 0;
    if (rc != DB_OK)
        return page_db_status(rc);
    randombytes_buf(raw, sizeof(raw));
    session_hash(raw, sizeof(raw), hash);
    sodium_bin2base64(tok, sizeof(tok), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
    for (const char *c = next; c && *c; c++)
        if ((unsigned char)*c >= 0x80) { /* the column is ASCII: go to the account page */
            next = NULL;
            break;
        }
    rc = twofactor_pending_new(r->db, hash, acct->id, next);
    if (rc != DB_OK) {
        sodium_memzero(tok, sizeof(tok));
        return page_db_status(rc);
    }
    resp_cookie(r, resp_cookie_name(r, COOKIE), tok, TWOFACTOR_PENDING_TTL);
    sodium_memzero(tok, sizeof(tok));
    return resp_see_other(r, account_path(r, r->lang, "/login/code"));
}

/* The code form (status 200, or 400 with e). */
static int render_code_form(struct req *r, const struct page_errors *e, int status)
{
    json_t *vm = page_vm(r, "twofactor.login.page_title");
    struct page_form f;

    page_form_init(&f, r, e);
    account_twofactor_code_field(&f, 1);
    page_form_vm(&f, vm);
    r->status = status;
    return page_render(r, "accounts/login_code", vm);
}

/* GET /{lang}/login/code — the second step's form while a sign-in waits for
 * its code; otherwise 303 to the sign-in form. */
/* The sign-in waiting for its code (its hash in hash, 65 bytes): 0 with
 * *uid, *next and *attempts set, else the answer to send: 303 to the account
 * for someone signed in, 303 to the sign-in form when none waits (expired,
 * or five wrong codes), or the database's status. */
static int pending_signin(struct req *r, char *hash, long long *uid, char **next, int *attempts)
{
    enum db_rc rc;

    if (r->user)
        return resp_see_other(r, account_path(r, r->lang, "/account"));
    if (pending_hash(r, hash))
        return resp_see_other(r, account_path(r, r->lang, "/login"));
    rc = twofactor_pending_get(r->db, r->arena, hash, uid, next, attempts);
    if (rc == DB_NOT_FOUND)
        return resp_see_other(r, account_path(r, r->lang, "/login"));
    return rc == DB_OK ? 0 : page_db_status(rc);
}

int account_page_login_code(struct req *r)
{
    char hash[65], *next = NULL;
    long long uid = 0;
    int attempts = 0, st = pending_signin(r, hash, &uid, &next, &attempts);

    return st ? st : render_code_form(r, NULL, 200);
}

enum db_rc account_twofactor_check(struct req *r, long long uid, const char *typed, int *ok,
                                   int *recovery)
{
    struct twofactor tf;
    char code_hash[RECOVERY_HASH_HEX + 1];
    uint64_t step = 0;
    enum db_rc rc = twofactor_get(r->db, r->arena, uid, &tf);

    *ok = 0;
    *recovery = recovery_code_like(typed);
    if (rc != DB_OK || !tf.confirmed)
        return rc == DB_NOT_FOUND ? DB_OK : rc;
    if (*recovery)
        return recovery_code_hash(typed, code_hash)
                   ? DB_OK
                   : twofactor_use_recovery(r->db, uid, code_hash, ok);
    if (!totp_check(tf.secret, typed, time(NULL), &step))
        return DB_OK;
    return twofactor_use_step(r->db, uid, (unsigned long long)step, ok);
}

/* POST /{lang}/login/code — a right code: signed in (303 onwards); a wrong
 * one: the form again (200) with the message; 303 to the sign-in form when
 * no sign-in waits (expired, or five wrong codes); 429 past the account's
 * hourly budget of wrong codes. */
int account_page_login_code_submit(struct req *r)
{
    const char *typed = account_form_value(r, "code");
    struct page_errors e = { .n = 0 };
    struct account acct;
    char hash[65], *next = NULL, key[64];
    long long uid = 0;
    int attempts = 0, ok = 0, recovery = 0, wait = 0;
    int st = pending_signin(r, hash, &uid, &next, &attempts);
    enum db_rc rc;

    if (st)
        return st;
    if (!*typed) {
        page_errors_add(&e, "code", "twofactor.errors.code_missing");
        return render_code_form(r, &e, 400);
    }
    snprintf(key, sizeof(key), "login-code:%lld", uid);
    rc = ratelimit_over(r->db, key, CODE_FAILURES_PER_HOUR, 3600, &wait);
    if (rc == DB_OK && !wait)
        rc = account_twofactor_check(r, uid, typed, &ok, &recovery);
    if (rc == DB_OK && ok)
        rc = account_store_get(r->db, r->arena, uid, &acct);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (wait)
        return ratelimit_reply(r, wait);
    if (ok && !acct.disabled) {
        rc = twofactor_pending_end(r->db, hash);
        if (rc != DB_OK)
            return page_db_status(rc);
        resp_cookie(r, resp_cookie_name(r, COOKIE), "", 0);
        return account_signed_in(r, &acct, NULL, 0, next && *next ? next : NULL);
    }
    {
        int limited = 0, retry = 0;

        rc = ratelimit_hit(r->db, key, CODE_FAILURES_PER_HOUR, 3600, &limited, &retry);
    }
    if (rc == DB_OK)
        rc = attempts + 1 >= TWOFACTOR_PENDING_ATTEMPTS ? twofactor_pending_end(r->db, hash)
                                                        : twofactor_pending_failed(r->db, hash);
    if (rc == DB_OK)
        rc = audit_write(r->db, "twofactor_failed", uid, uid, r->client_ip,
                         recovery ? "recovery code" : "code");
    if (rc != DB_OK)
        return page_db_status(rc);
    if (attempts + 1 >= TWOFACTOR_PENDING_ATTEMPTS) {
        resp_cookie(r, resp_cookie_name(r, COOKIE), "", 0);
        return resp_see_other(r, account_path(r, r->lang, "/login"));
    }
    page_errors_add(&e, "code", "twofactor.errors.code_wrong");
    return render_code_form(r, &e, 200);
}

/* The set-up page: the QR code and the secret as text, and the form for the
 * first code (status 200, or 400 with e). */
static int render_setup(struct req *r, const char *secret, const struct page_errors *e)
{
    json_t *vm = page_vm(r, "twofactor.setup.page_title");
    const char *uri = totp_uri(r->arena, secret, ISSUER, r->user->email);
    const char *svg = qrsvg_render(r->arena, uri, strlen(uri), req_t(r, "twofactor.setup.qr_alt"));
    const char *b32 = totp_secret_base32(r->arena, secret);
    struct page_form f;
    char *grouped = arena_alloc(r->arena, 2 * strlen(b32) + 1), *g = grouped;

    for (size_t i = 0; b32[i]; i++) { /* "ABCD EFGH ...": easier to type */
        if (i && i % 4 == 0)
            *g++ = ' ';
        *g++ = b32[i];
    }
    *g = '\0';
    page_form_init(&f, r, e);
    account_twofactor_code_field(&f, 0);
    page_form_vm(&f, vm);
    json_object_set_new(vm, "qr_svg_html", json_string(svg ? svg : ""));
    json_object_set_new(vm, "secret", json_string(grouped));
    json_object_set_new(vm, "required", json_boolean(req_query(r, "required") != NULL));
    resp_header(r, "Cache-Control", "no-store");
    return page_render(r, "accounts/twofactor_setup", vm);
}

/* GET /{lang}/account/two-factor — set-up (the same secret until it is
 * confirmed) or, once set up, what is on and how many recovery codes are
 * left. */
int account_page_twofactor(struct req *r)
{
    struct twofactor tf;
    enum db_rc rc = twofactor_get(r->db, r->arena, r->user->id, &tf);

    if (rc == DB_NOT_FOUND) {
        totp_secret_new(tf.secret);
        rc = twofactor_start(r->db, r->user->id, tf.secret);
        tf.confirmed = 0;
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!tf.confirmed)
        return render_setup(r, tf.secret, NULL);
    return account_twofactor_on_page(r, &tf, NULL);
}

/* POST /{lang}/account/two-factor — the first code confirms the set-up: 200
 * with the ten recovery codes, shown this once; a wrong code: the set-up
 * page again (400) with the same secret. */
int account_page_twofactor_submit(struct req *r)
{
    const char *typed = account_form_value(r, "code");
    char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1],
        hashes[RECOVERY_CODES][RECOVERY_HASH_HEX + 1];
    struct page_errors e = { .n = 0 };
    struct twofactor tf;
    uint64_t step = 0;
    enum db_rc rc = twofactor_get(r->db, r->arena, r->user->id, &tf);

    if (rc == DB_NOT_FOUND || (rc == DB_OK && tf.confirmed))
        return resp_see_other(r, account_path(r, r->lang, "/account/two-factor"));
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!*typed || !totp_check(tf.secret, typed, time(NULL), &step)) {
        page_errors_add(&e, "code",
                        *typed ? "twofactor.errors.code_wrong" : "twofactor.errors.code_missing");
        return render_setup(r, tf.secret, &e);
    }
    account_twofactor_codes_new(codes, hashes);
    rc = twofactor_confirm(r->db, r->user->id, (unsigned long long)step, hashes, RECOVERY_CODES);
    if (rc == DB_OK)
        rc = audit_write(r->db, "twofactor_enabled", r->user->id, r->user->id, r->client_ip, NULL);
    if (rc == DB_NOT_FOUND) /* confirmed a moment ago in another tab */
        return resp_see_other(r, account_path(r, r->lang, "/account/two-factor"));
    if (rc != DB_OK) {
        sodium_memzero(codes, sizeof(codes));
        return page_db_status(rc);
    }
    return account_twofactor_codes_page(r, codes, 0);
}
