/*
 * Re-authentication (issue 23 finding 4, ASVS 6.3.3): before a sensitive
 * action (role changes, disabling an account, data exports, new recovery
 * codes: the ROUTE_REAUTH rows of server/routes.c) a session must have
 * proved who it is within reauth_minutes (core/config.h). Signing in counts;
 * otherwise the funnel (app/router.c) sends the reader to
 * /{lang}/account/confirm, which asks for the password, and the code when
 * two-step sign-in is on, then goes back to the page asked for. Turning
 * two-step sign-in off asks for the same in its own form
 * (pages_twofactor_on.c): account_reauth_check is the one check for both.
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "accounts/twofactor.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "audit/audit.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

#define REAUTH_FAILURES_PER_HOUR 10 /* wrong passwords or codes per account */

/* The password typed is acct's: 1, 0 when not (or none), -2 busy. */
static int password_right(struct req *r, const struct account *acct)
{
    const char *raw = req_form(r, "password");
    size_t len = 0;
    char *pw = raw ? pw_normalise(r->arena, raw, strlen(raw), &len) : NULL;
    int ok = account_pw_verify(r, acct->password_hash, pw ? pw : "", pw ? len : 0);

    if (pw)
        sodium_memzero(pw, len);
    return pw ? ok : 0;
}

int account_reauth_check(struct req *r, const struct account *acct, int *twofactor_on,
                         struct page_errors *e)
{
    const char *raw = req_form(r, "password"), *typed = account_form_value(r, "code");
    const char *key = arena_printf(r->arena, "reauth:%lld", acct->id);
    struct twofactor tf;
    int wait = 0, ok, code_ok = 1, recovery = 0, limited = 0;
    enum db_rc rc = twofactor_get(r->db, r->arena, acct->id, &tf);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    *twofactor_on = rc == DB_OK && tf.confirmed;
    if (!raw || !*raw)
        page_errors_add(e, "password", "reauth.errors.password_missing");
    if (*twofactor_on && !*typed)
        page_errors_add(e, "code", "twofactor.errors.code_missing");
    if (e->n)
        return 0;
    rc = ratelimit_over(r->db, key, REAUTH_FAILURES_PER_HOUR, 3600, &wait);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (wait)
        return ratelimit_reply(r, wait);
    ok = password_right(r, acct);
    if (ok == -2)
        return 503;
    /* the code only after a right password: a guessed password uses no step */
    if (ok == 1 && *twofactor_on &&
        (rc = account_twofactor_check(r, acct->id, typed, &code_ok, &recovery)) != DB_OK)
        return page_db_status(rc);
    if (ok == 1 && code_ok) {
        rc = session_reauth_done(r);
        if (rc == DB_OK)
            rc = audit_write(r->db, "reauth", acct->id, acct->id, r->client_ip, NULL);
        return rc == DB_OK ? 0 : page_db_status(rc);
    }
    rc = ratelimit_hit(r->db, key, REAUTH_FAILURES_PER_HOUR, 3600, &limited, &wait);
    if (rc == DB_OK)
        rc = audit_write(r->db, "reauth_failed", acct->id, acct->id, r->client_ip,
                         ok == 1 ? "code" : "password");
    if (rc != DB_OK)
        return page_db_status(rc);
    if (ok == 1)
        page_errors_add(e, "code", "twofactor.errors.code_wrong");
    else
        page_errors_add(e, "password", "reauth.errors.password_wrong");
    return 0;
}

/* The confirm form: the password, the code when two-step sign-in is on. */
static int render(struct req *r, int twofactor_on, const char *next, const struct page_errors *e)
{
    json_t *vm = page_vm(r, "reauth.page_title");
    struct page_form f;

    page_form_init(&f, r, e);
    account_form_password(&f, "password", "reauth.fields.password", "current-password");
    if (twofactor_on)
        account_twofactor_code_field(&f, 1);
    page_form_vm(&f, vm);
    json_object_set_new(vm, "next", json_string(next ? next : ""));
    r->status = e && e->n ? 400 : 200;
    resp_header(r, "Cache-Control", "no-store");
    return page_render(r, "accounts/confirm", vm);
}

/* GET /{lang}/account/confirm?next= — the form. */
int account_page_confirm(struct req *r)
{
    struct twofactor tf;
    enum db_rc rc = twofactor_get(r->db, r->arena, r->user->id, &tf);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    return render(r, rc == DB_OK && tf.confirmed, account_safe_next(req_query(r, "next")), NULL);
}

/* POST /{lang}/account/confirm — right: 303 to next (a page of ours) or the
 * account page, sensitive actions open for reauth_minutes; wrong or missing:
 * the form again (400); 429 past the account's hourly budget. */
int account_page_confirm_submit(struct req *r)
{
    const char *next = account_safe_next(req_form(r, "next"));
    struct page_errors e = { .n = 0 };
    struct account acct;
    int on = 0, st;
    enum db_rc rc = account_store_get(r->db, r->arena, r->user->id, &acct);

    if (rc != DB_OK)
        return page_db_status(rc);
    st = account_reauth_check(r, &acct, &on, &e);
    if (st)
        return st;
    if (e.n)
        return render(r, on, next, &e);
    return resp_see_other(r, next ? next : account_path(r, r->lang, "/account"));
}
