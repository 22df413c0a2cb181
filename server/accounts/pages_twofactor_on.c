/*
 * Two-step sign-in once it is on (issue 23 finding 4, ASVS 6.3.3 and
 * 6.5.x): the page that says so, new recovery codes (a sensitive action:
 * ROUTE_REAUTH, the old codes stop working), and turning it off, which asks
 * for the password and a current code in the same form (the one
 * re-authentication check, account_reauth_check). The code field and the
 * page of recovery codes are shared with the set-up and the sign-in code
 * form (pages_twofactor.c).
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "accounts/twofactor.h"
#include "app/page.h"
#include "app/page_field.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

json_t *account_twofactor_code_field(struct page_form *f, int recovery)
{
    json_t *code = page_field_input(f, "code", "text", "twofactor.fields.code", NULL);

    page_field_set(code, "autocomplete", "one-time-code");
    page_field_set(code, "spellcheck", "false");
    page_field_set(code, "autocapitalize", "none");
    if (recovery)
        page_field_hint(f, code, "twofactor.login.code_hint");
    return code;
}

int account_twofactor_on_page(struct req *r, const struct twofactor *tf,
                              const struct page_errors *e)
{
    json_t *vm = page_vm(r, "twofactor.on.page_title");
    struct page_form f;

    page_form_init(&f, r, e);
    account_form_password(&f, "password", "reauth.fields.password", "current-password");
    account_twofactor_code_field(&f, 1);
    page_form_vm(&f, vm);
    json_object_set_new(vm, "codes_left",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "twofactor.on.codes_left", tf->codes_left)));
    r->status = e && e->n ? 400 : 200;
    return page_render(r, "accounts/twofactor_on", vm);
}

void account_twofactor_codes_new(char (*codes)[RECOVERY_CODE_LEN + 1],
                                 char (*hashes)[RECOVERY_HASH_HEX + 1])
{
    for (int i = 0; i < RECOVERY_CODES; i++) {
        recovery_code_new(codes[i]);
        recovery_code_hash(codes[i], hashes[i]);
    }
}

int account_twofactor_codes_page(struct req *r, char (*codes)[RECOVERY_CODE_LEN + 1], int renewed)
{
    json_t *vm = page_vm(r, "twofactor.codes.page_title");
    json_t *list = json_array();

    for (int i = 0; i < RECOVERY_CODES; i++)
        json_array_append_new(list, json_string(codes[i]));
    sodium_memzero(codes, sizeof(*codes) * RECOVERY_CODES);
    json_object_set_new(vm, "codes", list);
    json_object_set_new(vm, "renewed", json_boolean(renewed));
    resp_header(r, "Cache-Control", "no-store");
    return page_render(r, "accounts/twofactor_codes", vm);
}

/* POST /{lang}/account/two-factor/codes (ROUTE_REAUTH) — ten new recovery
 * codes, shown once; the old ones stop working. 303 to the set-up when
 * two-step sign-in is not on. */
int account_page_twofactor_codes(struct req *r)
{
    char codes[RECOVERY_CODES][RECOVERY_CODE_LEN + 1],
        hashes[RECOVERY_CODES][RECOVERY_HASH_HEX + 1];
    struct twofactor tf;
    struct account acct;
    enum db_rc rc = twofactor_get(r->db, r->arena, r->user->id, &tf);

    if (rc == DB_NOT_FOUND || (rc == DB_OK && !tf.confirmed))
        return resp_see_other(r, account_path(r, r->lang, "/account/two-factor"));
    if (rc == DB_OK)
        rc = account_store_get(r->db, r->arena, r->user->id, &acct);
    if (rc != DB_OK)
        return page_db_status(rc);
    account_twofactor_codes_new(codes, hashes);
    rc = twofactor_codes_replace(r->db, acct.id, hashes, RECOVERY_CODES);
    if (rc == DB_OK)
        rc = audit_write(r->db, "recovery_codes_renewed", acct.id, acct.id, r->client_ip, NULL);
    if (rc == DB_OK)
        rc = account_notify(r, &acct, "recovery_codes_renewed", "reset_url",
                            account_link(r, acct.lang, "/password-reset"), NULL);
    if (rc != DB_OK) {
        sodium_memzero(codes, sizeof(codes));
        return page_db_status(rc);
    }
    return account_twofactor_codes_page(r, codes, 1);
}

/* POST /{lang}/account/two-factor/off — with the password and a current
 * code (or a recovery code): two-step sign-in off, the secret and the codes
 * gone, 303 to the account page. Wrong or missing: the page again (400). */
int account_page_twofactor_off(struct req *r)
{
    struct page_errors e = { .n = 0 };
    struct twofactor tf;
    struct account acct;
    int on = 0, st;
    enum db_rc rc = twofactor_get(r->db, r->arena, r->user->id, &tf);

    if (rc == DB_NOT_FOUND || (rc == DB_OK && !tf.confirmed))
        return resp_see_other(r, account_path(r, r->lang, "/account/two-factor"));
    if (rc == DB_OK)
        rc = account_store_get(r->db, r->arena, r->user->id, &acct);
    if (rc != DB_OK)
        return page_db_status(rc);
    st = account_reauth_check(r, &acct, &on, &e);
    if (st)
        return st;
    if (e.n)
        return account_twofactor_on_page(r, &tf, &e);
    rc = twofactor_remove(r->db, acct.id);
    if (rc == DB_OK)
        rc = audit_write(r->db, "twofactor_disabled", acct.id, acct.id, r->client_ip, NULL);
    if (rc == DB_OK) /* told, in case it was not them (ASVS 6.3.7) */
        rc = account_notify(r, &acct, "twofactor_off", "reset_url",
                            account_link(r, acct.lang, "/password-reset"), NULL);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account?saved=twofactor_off"));
}
