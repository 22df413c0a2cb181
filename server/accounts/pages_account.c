/*
 * The account page: /{lang}/account shows a person's details and sessions;
 * its forms post to /account/details and /account/password (the session
 * forms and the export are in pages_sessions.c). Every route here is
 * GUARD_LOGIN, so r->user and r->session are set.
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "orgs/orgs.h"
#include "view/datefmt.h"
#include "view/i18n.h"

#define PASSWORD_CHANGES_PER_HOUR 10 /* wrong current passwords cannot be guessed for long */

/* The success message for ?saved=, or NULL. */
static const char *saved_message(struct req *r)
{
    static const char *const done[] = { "details", "password", "session", "sessions",
                                        "twofactor_off" };
    const char *saved = req_query(r, "saved");
    size_t i;

    for (i = 0; saved && i < sizeof(done) / sizeof(done[0]); i++)
        if (!strcmp(saved, done[i]))
            return req_t(r, arena_printf(r->arena, "accounts.account.saved_%s", done[i]));
    return NULL;
}

const char *account_when(struct req *r, time_t t)
{
    return i18n_format(r->arena, req_t(r, "date.datetime"), "date",
                       datefmt_date(r->arena, r->app->i18n, r->lang, t), "time",
                       datefmt_time(r->arena, t), NULL);
}

static json_t *sessions_vm(struct req *r, enum db_rc *rc)
{
    struct account_session *s = NULL;
    json_t *list;
    size_t i, n = 0;

    *rc = account_store_sessions(r->db, r->arena, r->user->id, r->session->id_hash, &s, &n);
    if (*rc != DB_OK)
        return NULL;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "id", s[i].public_id, "created",
                            account_when(r, s[i].created_at), "last_seen",
                            account_when(r, s[i].last_seen_at), "ip", s[i].ip ? s[i].ip : "",
                            "user_agent", s[i].user_agent ? s[i].user_agent : "", "current",
                            s[i].current));
    return list;
}

/* The organisation as a person reads it: the typed name for "Other". */
static const char *org_name(struct req *r, const struct account *acct, enum db_rc *rc)
{
    struct org org;

    *rc = DB_OK;
    if (!acct->org_id)
        return "";
    *rc = org_get(r->db, r->arena, r->lang, acct->org_id, &org);
    if (*rc == DB_NOT_FOUND)
        *rc = DB_OK;
    if (*rc != DB_OK)
        return "";
    return org.is_other && acct->org_other ? acct->org_other : org.name;
}

/* The page's view model with the details form showing in (NULL: what is
 * stored) and e's problems: 0 with *out, or a status. */
static int account_vm(struct req *r, const struct account_input *in, const struct page_errors *e,
                      json_t **out)
{
    struct account acct;
    struct account_input stored;
    struct page_form f;
    json_t *vm, *orgs, *sessions;
    const char *org;
    enum db_rc rc = account_store_get(r->db, r->arena, r->user->id, &acct);

    if (rc != DB_OK)
        return page_db_status(rc);
    org = org_name(r, &acct, &rc);
    orgs = rc == DB_OK ? account_form_orgs(r, in ? in->org_id : acct.org_id, &rc) : NULL;
    sessions = orgs ? sessions_vm(r, &rc) : NULL;
    if (!sessions) {
        json_decref(orgs);
        return page_db_status(rc);
    }
    vm = page_vm(r, "accounts.account.page_title");
    json_object_set_new(
        vm, "profile",
        json_pack("{s:s, s:s, s:s, s:s}", "name", acct.name, "email", acct.email, "organisation",
                  org, "language",
                  req_t(r, acct.lang == LANG_EN ? "accounts.lang_en" : "accounts.lang_cy")));
    stored =
        (struct account_input){ .name = acct.name, .org_other = acct.org_other, .lang = acct.lang };
    page_form_init(&f, r, e);
    account_form_profile_fields(&f, in ? in : &stored, orgs);
    account_form_password(&f, "current_password", "accounts.fields.current_password",
                          "current-password");
    account_form_password_fields(&f);
    page_form_vm(&f, vm);
    json_object_set_new(vm, "sessions", sessions);
    json_object_set_new(vm, "other_sessions", json_boolean(json_array_size(sessions) > 1));
    json_object_set_new(vm, "api_tokens",
                        json_boolean(r->user->roles & (ROLE_TRAINER | ROLE_ADMIN)));
    if (saved_message(r))
        json_object_set_new(vm, "saved", json_string(saved_message(r)));
    *out = vm;
    return 0;
}

/* The page with the details form showing in (NULL: what is stored) and e's problems. */
static int render(struct req *r, const struct account_input *in, const struct page_errors *e)
{
    json_t *vm = NULL;
    int status = account_vm(r, in, e, &vm);

    return status ? status : page_render(r, "accounts/account", vm);
}

static int build_kept(struct req *r, json_t **vm, const char **name)
{
    *name = "accounts/account";
    return account_vm(r, NULL, NULL, vm);
}

/*
 * GET /{lang}/account — 200. Kept for the person's session (app/page_kept.h):
 * their details and sessions move their generation when they change
 * (core/persongen.h: their own posts, a sign-in's new session, an admin's
 * change through the session cache's forget); a page with ?saved= is not kept.
 */
int account_page_show(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_TABLE_INIT(1024);

    if (r->query_raw && *r->query_raw)
        return render(r, NULL, NULL);
    return page_kept_get(r, &kept, persongen_get(r->user->id), build_kept);
}

/* POST /{lang}/account/details — name, organisation, language. 303 to the
 * account page in the (possibly new) language; 400 with the problems. */
int account_page_details(struct req *r)
{
    struct page_errors e = { .n = 0 };
    struct account_input in;
    enum db_rc rc = account_form_profile(r, &e, &in, 0);

    if (rc != DB_OK)
        return page_db_status(rc);
    if (e.n)
        return render(r, &in, &e);
    rc = account_store_update_details(r->db, r->user->id, &in);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, in.lang, "/account?saved=details"));
}

/* The new hash stored, every other session ended, the event audited and
 * the owner told, all or nothing. */
static enum db_rc change_password(struct req *r, const struct account *acct, const char *hash)
{
    enum db_rc rc = db_begin(r->db);

    if (rc == DB_OK)
        rc = account_store_set_password(r->db, acct->id, hash);
    if (rc == DB_OK)
        rc = session_end_user(r->db, acct->id, r->session->id_hash);
    if (rc == DB_OK)
        rc = audit_write(r->db, "password_changed", acct->id, acct->id, r->client_ip, NULL);
    if (rc == DB_OK)
        rc = account_notify(r, acct, "password_changed", "reset_url",
                            account_link(r, acct->lang, "/password-reset"), NULL);
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    return rc;
}

/* The current password, checked against acct: 1 right, 0 wrong, -2 busy. */
static int current_ok(struct req *r, const struct account *acct)
{
    const char *raw = req_form(r, "current_password");
    size_t len = 0;
    char *pw = raw ? pw_normalise(r->arena, raw, strlen(raw), &len) : NULL;
    int ok = account_pw_verify(r, acct->password_hash, pw ? pw : "", pw ? len : 0);

    if (pw)
        sodium_memzero(pw, len);
    return pw ? ok : 0;
}

/*
 * POST /{lang}/account/password — current, new and confirmed password.
 * 303 to the account page with a new session token, every other session
 * ended; 400 with the problems (also a wrong current password); 429 past
 * PASSWORD_CHANGES_PER_HOUR; 503 when hashing is busy.
 */
int account_page_password(struct req *r)
{
    struct page_errors e = { .n = 0 };
    struct account acct;
    char hash[PW_HASH_LEN], *pw;
    const char *current = req_form(r, "current_password");
    size_t len = 0;
    int limited = 0, retry = 0, ok;
    enum db_rc rc = account_store_get(r->db, r->arena, r->user->id, &acct);

    if (rc != DB_OK)
        return page_db_status(rc);
    if (!current || !*current)
        page_errors_add(&e, "current_password", "accounts.errors.current_password_missing");
    pw = account_form_new_password(r, &e, "new_password", "confirm_password", acct.name, acct.email,
                                   &len);
    if (e.n)
        return render(r, NULL, &e);
    rc = ratelimit_hit(r->db, arena_printf(r->arena, "password-change:%lld", acct.id),
                       PASSWORD_CHANGES_PER_HOUR, 3600, &limited, &retry);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (limited)
        return ratelimit_reply(r, retry);
    ok = current_ok(r, &acct);
    if (ok == 1)
        ok = account_pw_hash(r, hash, pw, len) == 0 ? 1 : -2;
    sodium_memzero(pw, len);
    if (ok == -2)
        return 503;
    if (ok == 0) {
        page_errors_add(&e, "current_password", "accounts.errors.current_password_wrong");
        return render(r, NULL, &e);
    }
    rc = change_password(r, &acct, hash);
    if (rc == DB_OK) /* a new token for this browser too (security.md 1.2) */
        rc = session_start(r, acct.id);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account?saved=password"));
}
