/*
 * Password reset by e-mail link (security.md 1.1: 256-bit single-use token,
 * only its hash stored, 30 minutes, rate limited per address and per
 * e-mail). The request page answers the same whether or not the address has
 * an account. The link carries the token in its path once; opening it
 * changes nothing (mail scanners follow links), only the form's POST uses it.
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "auth/token.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

#define RESET_PER_EMAIL_HOUR 3 /* requests per e-mail address (per address: app/budgets.c) */

static int render_request(struct req *r, const char *email, const struct page_errors *e)
{
    int sent = !e && req_query(r, "sent") != NULL;
    json_t *vm = page_vm(r, sent ? "accounts.reset_sent.page_title" : "accounts.reset.page_title");
    struct page_form f;

    page_form_init(&f, r, e);
    account_form_email(&f, email, "email");
    page_form_vm(&f, vm);
    json_object_set_new(vm, "sent", json_boolean(sent));
    return page_render(r, "accounts/reset_request", vm);
}

/* GET /{lang}/password-reset — the e-mail form, or with ?sent= the "if an
 * account exists we have sent a link" page. 200. */
int account_page_reset_request(struct req *r)
{
    return render_request(r, "", NULL);
}

/* The rate-limit key for an address: a digest, so no address is stored there. */
static const char *email_key(struct req *r, const char *norm)
{
    char hex[65];

    session_hash((const unsigned char *)norm, strlen(norm), hex);
    return arena_printf(r->arena, "reset-email:%.32s", hex);
}

/* A new reset token for acct (its hash stored, in the caller's transaction
 * if one is open); tok receives it (TOKEN_TEXT_LEN + 1 bytes). */
enum db_rc account_reset_token_new(struct req *r, const struct account *acct, char *tok)
{
    char hash[TOKEN_HASH_HEX + 1];

    token_new(tok, hash);
    return account_store_reset_create(r->db, acct->id, hash, ACCOUNT_RESET_TTL);
}

/* A new token for acct, its hash stored and the link e-mailed in acct's language. */
static enum db_rc send_link(struct req *r, const struct account *acct)
{
    char tok[TOKEN_TEXT_LEN + 1];
    enum db_rc rc;

    rc = db_begin(r->db);
    if (rc == DB_OK)
        rc = account_reset_token_new(r, acct, tok);
    if (rc == DB_OK)
        rc = account_notify_secret(
            r, acct, "reset", "reset_link",
            account_link(r, acct->lang, arena_printf(r->arena, "/password-reset/%s", tok)),
            "minutes", arena_printf(r->arena, "%d", ACCOUNT_RESET_TTL / 60), NULL);
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    sodium_memzero(tok, sizeof(tok));
    return rc;
}

/*
 * POST /{lang}/password-reset — 303 to ?sent=1 whether or not the address
 * has an (enabled) account; 400 when it is not an e-mail address; 429 past
 * the limits per client address or per e-mail address.
 */
int account_page_reset_request_submit(struct req *r)
{
    struct page_errors e = { .n = 0 };
    const char *email = account_form_value(r, "email");
    const char *norm = account_email_valid(email) ? account_email_norm(r->arena, email) : NULL;
    struct account acct;
    int limited = 0, retry = 0;
    enum db_rc rc;

    if (!norm) {
        page_errors_add(&e, "email",
                        *email ? "accounts.errors.email_invalid" : "accounts.errors.email_missing");
        return render_request(r, email, &e);
    }
    rc = ratelimit_hit(r->db, email_key(r, norm), RESET_PER_EMAIL_HOUR, 3600, &limited, &retry);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (limited)
        return ratelimit_reply(r, retry);
    rc = account_store_find_by_email(r->db, r->arena, norm, &acct);
    if (rc == DB_OK && !acct.disabled)
        rc = send_link(r, &acct);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/password-reset?sent=1"));
}

/* The user of the path's token when it is well formed, unused and unexpired:
 * DB_OK; DB_NOT_FOUND otherwise. hash receives its stored form. */
static enum db_rc token_user(struct req *r, char hash[65], long long *user_id)
{
    if (token_hash(req_param(r, "token"), hash))
        return DB_NOT_FOUND;
    return account_store_reset_find(r->db, hash, user_id);
}

/* The form for a good link (status 200 or 400 with e), or "this link has
 * expired or been used" with an offer of a new one (410). */
static int render_form(struct req *r, int valid, const struct page_errors *e)
{
    json_t *vm =
        page_vm(r, valid ? "accounts.reset_form.page_title" : "accounts.reset_invalid.page_title");
    struct page_form f;

    if (!valid) {
        r->status = 410;
        return page_render(r, "accounts/reset_invalid", vm);
    }
    page_form_init(&f, r, e);
    account_form_password_fields(&f);
    page_form_vm(&f, vm);
    json_object_set_new(vm, "action", json_string(r->path));
    return page_render(r, "accounts/reset_form", vm);
}

/* GET /{lang}/password-reset/{token} — 200 with the new-password form, 410
 * when the link is unknown, used or expired. Changes nothing. */
int account_page_reset_form(struct req *r)
{
    char hash[65];
    long long user_id = 0;
    enum db_rc rc = token_user(r, hash, &user_id);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    return render_form(r, rc == DB_OK, NULL);
}

/* Use the token and set the password; every session of the person ends. */
static enum db_rc reset(struct req *r, const char *token_hash, const struct account *acct,
                        const char *pw_hash)
{
    enum db_rc rc = db_begin(r->db);

    if (rc == DB_OK)
        rc = account_store_reset_use(r->db, token_hash, acct->id);
    if (rc == DB_OK)
        rc = account_store_set_password(r->db, acct->id, pw_hash);
    if (rc == DB_OK)
        rc = session_end_user(r->db, acct->id, NULL);
    if (rc == DB_OK) /* the owner's way in past strangers' failures */
        rc = account_login_rest_end(r, acct->email);
    if (rc == DB_OK)
        rc = audit_write(r->db, "password_reset", acct->id, acct->id, r->client_ip, NULL);
    if (rc == DB_OK)
        rc = account_notify(r, acct, "password_changed", "reset_url",
                            account_link(r, acct->lang, "/password-reset"), NULL);
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    return rc;
}

/*
 * POST /{lang}/password-reset/{token} — new and confirmed password. 303 to
 * sign in with ?done=1 (nobody is signed in: every session of the account
 * ends); 400 with the problems; 410 when the link is unknown, used or
 * expired (also when another request used it first); 503 when busy.
 */
int account_page_reset_submit(struct req *r)
{
    struct page_errors e = { .n = 0 };
    struct account acct;
    char hash[65], pw_hash[PW_HASH_LEN], *pw;
    long long user_id = 0;
    size_t len = 0;
    int hashed;
    enum db_rc rc = token_user(r, hash, &user_id);

    if (rc == DB_OK)
        rc = account_store_get(r->db, r->arena, user_id, &acct);
    if (rc == DB_NOT_FOUND)
        return render_form(r, 0, NULL);
    if (rc != DB_OK)
        return page_db_status(rc);
    pw = account_form_new_password(r, &e, "new_password", "confirm_password", acct.name, acct.email,
                                   &len);
    if (!pw)
        return render_form(r, 1, &e);
    hashed = account_pw_hash(r, pw_hash, pw, len);
    sodium_memzero(pw, len);
    if (hashed)
        return hashed == -2 ? 503 : 500;
    rc = reset(r, hash, &acct, pw_hash);
    if (rc == DB_NOT_FOUND)
        return render_form(r, 0, NULL);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (r->user && r->user->id == acct.id)
        session_end(r); /* its row is gone already; this clears the cookie */
    return resp_see_other(r, account_path(r, r->lang, "/login?done=1"));
}
