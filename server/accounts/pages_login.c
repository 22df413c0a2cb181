/*
 * Sign-in and sign-out: /{lang}/login, POST /{lang}/logout
 * (reference/security.md 1.1 brute force and enumeration, 1.2 rotation;
 * issue 23 finding 1: no lock-out by strangers).
 *
 * Order of checks on a sign-in: the per-address limits (before any hashing);
 * then, unless this browser has signed in to the account before (a known
 * device, accounts/devices.c), the rest of the e-mail address: failures are
 * counted for a digest of the typed address whether or not it has an
 * account, per minute, per hour and per (address, client address), so the
 * answers never tell who has an account; then Argon2id. A correct password
 * from a known device always gets through, so strangers' failures cannot
 * lock the owner out. An unknown e-mail is verified against a dummy hash at
 * the same cost, and it, a wrong password and a disabled account all get the
 * same answer.
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "audit/audit.h"
#include "auth/csrf.h"
#include "auth/password.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "http/req.h"
#include "http/resp.h"

#define LOGIN_IP_PER_MINUTE   6 /* security.md 1.11 (Discourse's defaults) */
#define LOGIN_IP_PER_HOUR     30
#define LOGIN_MAIL_PER_MINUTE 5  /* failures per e-mail address from unknown devices */
#define LOGIN_MAIL_PER_HOUR   20 /* reached: the address rests until the hour ends */
#define LOGIN_PAIR_PER_HOUR   10 /* failures per (e-mail address, client address) */
#define LOGIN_DEVICE_PER_HOUR 20 /* failures per (known device, account) */
#define LOGIN_DIGEST          16 /* bytes of the e-mail digest in counter keys */
#define NEXT_MAX              512

const char *account_safe_next(const char *next)
{
    size_t i, len = next ? strlen(next) : 0;

    if (len < 4 || len > NEXT_MAX || (strncmp(next, "/cy/", 4) && strncmp(next, "/en/", 4)))
        return NULL;
    for (i = 0; i < len; i++)
        if ((unsigned char)next[i] <= ' ' || next[i] == 0x7f || next[i] == '\\')
            return NULL;
    return strstr(next, "//") ? NULL : next;
}

/* The sign-in form's view model. */
static json_t *form_vm(struct req *r, const char *email, const char *next,
                       const struct page_errors *e)
{
    json_t *vm = page_vm(r, "accounts.login.page_title");
    struct page_form f;

    page_form_init(&f, r, e);
    account_form_email(&f, email, "username");
    account_form_password(&f, "password", "accounts.fields.password", "current-password");
    page_form_vm(&f, vm);
    json_object_set_new(vm, "next", json_string(next ? next : ""));
    json_object_set_new(vm, "reset_done", json_boolean(req_query(r, "done") != NULL));
    return vm;
}

/* The sign-in form with status: 200, or 400 when a field was left empty. */
static int render_form(struct req *r, const char *email, const char *next,
                       const struct page_errors *e, int status)
{
    json_t *vm = form_vm(r, email, next, e);

    r->status = status;
    return page_render(r, "accounts/login", vm);
}

/* page_kept_shared()'s build: the empty form for the path and query asked
 * for (?next=, ?done=), the same for every visitor. */
static int build_empty(struct req *r, json_t **vm, const char **name)
{
    *name = "accounts/login";
    *vm = form_vm(r, "", account_safe_next(req_query(r, "next")), NULL);
    return 0;
}

/* GET /{lang}/login — the form (?next= a page to return to, ?done= after a
 * password reset), rendered once for every visitor who asks for the same
 * address (app/page_kept.h page_kept_shared(): each gets their own csrf
 * token in it; nothing in it changes but with a release). 200; 303 onwards
 * when already signed in. */
int account_page_login(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64);
    const char *next = account_safe_next(req_query(r, "next"));

    if (r->user)
        return resp_see_other(r, next ? next : account_path(r, r->lang, "/account"));
    return page_kept_shared(r, &kept, 0, 0, build_empty);
}

/* The counters a failed sign-in adds to: the e-mail address's (a digest of
 * it normalised, so unknown addresses count the same as known ones) per
 * minute and per hour, and per (address, client address); from a known
 * device, only that device's. */
struct login_keys {
    const char *mail_m, *mail_h, *pair, *device;
};

static void login_keys(struct req *r, const char *email, const char *device_hash,
                       struct login_keys *k)
{
    unsigned char h[LOGIN_DIGEST];
    char hex[2 * LOGIN_DIGEST + 1];

    crypto_generichash(h, sizeof(h), (const unsigned char *)email, strlen(email), NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    k->mail_m = arena_printf(r->arena, "login-mail-m:%s", hex);
    k->mail_h = arena_printf(r->arena, "login-mail-h:%s", hex);
    k->pair = arena_printf(r->arena, "login-pair:%s:%s", hex, req_client_key(r));
    k->device = device_hash ? arena_printf(r->arena, "login-dev:%.32s:%s", device_hash, hex) : NULL;
}

/* The longest wait any of k's limits asks for (0: none) in *retry. */
static enum db_rc login_resting(struct req *r, const struct login_keys *k, int *retry)
{
    const struct {
        const char *key;
        int limit, window;
    } limits[] = {
        { k->mail_m, LOGIN_MAIL_PER_MINUTE, 60 },
        { k->mail_h, LOGIN_MAIL_PER_HOUR, 3600 },
        { k->pair, LOGIN_PAIR_PER_HOUR, 3600 },
        { k->device, LOGIN_DEVICE_PER_HOUR, 3600 },
    };
    enum db_rc rc = DB_OK;
    size_t i;
    int wait;

    *retry = 0;
    for (i = 0; i < sizeof(limits) / sizeof(limits[0]) && rc == DB_OK; i++) {
        /* a known device skips the address's limits; an unknown one has no key of its own */
        if (!limits[i].key || (k->device && limits[i].key != k->device))
            continue;
        rc = ratelimit_over(r->db, limits[i].key, limits[i].limit, limits[i].window, &wait);
        if (wait > *retry)
            *retry = wait;
    }
    return rc;
}

/* One more failure on k's counters; when it makes the address of an account
 * rest for the hour, the audit log says so. */
static enum db_rc record_failure(struct req *r, const struct login_keys *k,
                                 const struct account *acct)
{
    int limited = 0, retry = 0, hits = 0;
    enum db_rc rc;

    if (k->device)
        rc = ratelimit_hit(r->db, k->device, LOGIN_DEVICE_PER_HOUR, 3600, &limited, &retry);
    else if ((rc = ratelimit_hit(r->db, k->mail_m, LOGIN_MAIL_PER_MINUTE, 60, &limited, &retry)) ==
                 DB_OK &&
             (rc = ratelimit_hit(r->db, k->pair, LOGIN_PAIR_PER_HOUR, 3600, &limited, &retry)) ==
                 DB_OK &&
             (rc = ratelimit_hit(r->db, k->mail_h, LOGIN_MAIL_PER_HOUR, 3600, &limited, &retry)) ==
                 DB_OK)
        rc = ratelimit_peek(r->db, k->mail_h, 3600, &hits);
    if (rc == DB_OK && acct->id && !acct->disabled)
        rc = account_store_login_failed(r->db, acct->id, 0);
    if (rc == DB_OK)
        rc = audit_write(r->db, "login_failed", 0, acct->id, r->client_ip, NULL);
    if (rc == DB_OK && acct->id && hits == LOGIN_MAIL_PER_HOUR)
        rc = audit_write(r->db, "locked", 0, acct->id, r->client_ip,
                         arena_printf(r->arena,
                                      "%d failures in an hour: unknown devices wait for the hour "
                                      "to end; known devices still sign in",
                                      hits));
    return rc;
}

enum db_rc account_login_rest_end(struct req *r, const char *email)
{
    const char *norm = account_email_norm(r->arena, email); /* the key sign-in counts under */
    struct login_keys k;
    enum db_rc rc;

    login_keys(r, norm ? norm : email, NULL, &k);
    rc = ratelimit_forget(r->db, k.mail_m);
    return rc == DB_OK ? ratelimit_forget(r->db, k.mail_h) : rc;
}

/* Signed in: counters cleared, the hash upgraded if the limits changed, a new session. */
int account_signed_in(struct req *r, const struct account *acct, const char *pw, size_t len,
                      const char *next)
{
    char hash[PW_HASH_LEN];
    const char *new_hash = NULL;
    enum db_rc rc;

    /* busy or out of memory: keep the old hash, it still verifies */
    if (pw && pw_needs_rehash(acct->password_hash) && account_pw_hash(r, hash, pw, len) == 0)
        new_hash = hash;
    rc = account_store_login_ok(r->db, acct->id, new_hash);
    if (rc == DB_OK)
        rc = session_start(r, acct->id);
    if (rc == DB_OK)
        rc = account_device_remember(r, acct->id);
    if (rc == DB_OK)
        rc = audit_write(r->db, "login", acct->id, acct->id, r->client_ip, NULL);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, next ? next : account_path(r, r->lang, "/account"));
}

/* A one-time password from create-admin is right: no session, only the form
 * that sets a new password (a reset link of its own, 303). */
static int must_change(struct req *r, const struct account *acct)
{
    char tok[CSRF_TOKEN_LEN + 1];
    const char *to;
    enum db_rc rc = account_reset_token_new(r, acct, tok);

    if (rc == DB_OK)
        rc = audit_write(r->db, "login", acct->id, acct->id, r->client_ip,
                         "one-time password: only a new one may be set");
    if (rc != DB_OK)
        return page_db_status(rc);
    to = account_path(r, r->lang, arena_printf(r->arena, "/password-reset/%s", tok));
    sodium_memzero(tok, sizeof(tok));
    return resp_see_other(r, to);
}

/*
 * POST /{lang}/login — 303 to ?next or the account page with a new session;
 * 200 with "wrong e-mail or password" (the same for an unknown e-mail or a
 * disabled account); 400 when a field is empty; 429 with Retry-After past
 * the client address's limits, or the e-mail address's from an unknown
 * device, or the known device's own; 503 when
 * hashing is busy or the database is away.
 */
int account_page_login_submit(struct req *r)
{
    const char *email = account_form_value(r, "email");
    const char *raw = req_form(r, "password");
    const char *next = account_safe_next(req_form(r, "next"));
    const char *norm = account_email_norm(r->arena, email);
    struct page_errors e = { .n = 0 };
    struct account acct = { .id = 0 };
    struct login_keys keys;
    char *pw, device[65];
    size_t len = 0;
    int ok, status, known = 0, wait = 0;
    enum db_rc rc = DB_OK;

    if (!*email)
        page_errors_add(&e, "email", "accounts.errors.email_missing");
    if (!raw || !*raw)
        page_errors_add(&e, "password", "accounts.errors.password_missing");
    if (e.n)
        return render_form(r, email, next, &e, 400);
    status = ratelimit_budget(r, "login-ip", LOGIN_IP_PER_MINUTE, LOGIN_IP_PER_HOUR, &rc);
    if (status || rc != DB_OK)
        return status ? status : page_db_status(rc);
    rc = norm ? account_store_find_by_email(r->db, r->arena, norm, &acct) : DB_NOT_FOUND;
    if (rc == DB_OK || rc == DB_NOT_FOUND)
        rc = account_device_known(r, acct.id, device, &known);
    if (rc != DB_OK)
        return page_db_status(rc);
    login_keys(r, norm ? norm : email, known ? device : NULL, &keys);
    rc = login_resting(r, &keys, &wait);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (wait) {
        if (!known) /* the owner's way back in: an unlock link (pages_unlock.c) */
            account_unlock_offer(r, &acct);
        return ratelimit_reply(r, wait);
    }
    pw = pw_normalise(r->arena, raw, strlen(raw), &len);
    ok = account_pw_verify(r, acct.id ? acct.password_hash : NULL, pw ? pw : "", pw ? len : 0);
    if (ok == -2)
        return 503;
    if (ok == 1 && !acct.disabled && acct.must_change_password) {
        sodium_memzero(pw, len);
        return must_change(r, &acct);
    }
    if (ok == 1 && !acct.disabled) {
        /* two-step sign-in set up: the code first (pages_twofactor.c) */
        status = account_twofactor_begin(r, &acct, next);
        if (!status)
            status = account_signed_in(r, &acct, pw, len, next);
        sodium_memzero(pw, len);
        return status;
    }
    if (pw)
        sodium_memzero(pw, len);
    rc = record_failure(r, &keys, &acct);
    if (rc != DB_OK)
        return page_db_status(rc);
    page_errors_add(&e, "email", "accounts.errors.login_failed");
    return render_form(r, email, next, &e, 200);
}

/* POST /{lang}/logout — end this session on the server and in the browser;
 * 303 to the home page (also when nobody was signed in). */
int account_page_logout(struct req *r)
{
    long long id = r->user ? r->user->id : 0;
    enum db_rc rc = session_end(r);

    if (rc == DB_OK && id)
        rc = audit_write(r->db, "logout", id, id, r->client_ip, NULL);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/"));
}
