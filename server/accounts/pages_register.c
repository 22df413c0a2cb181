/*
 * Registration: /{lang}/register (docs/decisions.md "Accounts").
 *
 * A new account is signed in at once, and is sent a link that confirms its
 * e-mail address (pages_verify.c): until then it may not post or book. An e-mail that already has
 * an account gets no second one and is not signed in; its owner is told by e-mail that someone
 * tried, and the visitor sees the same "check your e-mail" page.
 */
#include <sodium.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "http/req.h"
#include "http/resp.h"

/* The form's view model with in's values (never the password) and e's
 * problems: 0 with *out, or a status. */
static int form_vm(struct req *r, const struct account_input *in, const struct page_errors *e,
                   json_t **out)
{
    struct page_form f;
    json_t *vm, *orgs;
    enum db_rc rc;

    orgs = account_form_orgs(r, in->org_id, &rc);
    if (!orgs)
        return page_db_status(rc);
    vm = page_vm(r, "accounts.register.page_title");
    page_form_init(&f, r, e);
    account_form_profile_fields(&f, in, orgs);
    page_field_hint(&f, account_form_email(&f, in->email ? in->email : "", "email"),
                    "accounts.register.email_hint");
    page_field_hint(
        &f, account_form_password(&f, "password", "accounts.fields.password", "new-password"),
        "accounts.password_hint");
    page_form_vm(&f, vm);
    *out = vm;
    return 0;
}

/* The form with in's values and e's problems. */
static int render_form(struct req *r, const struct account_input *in, const struct page_errors *e)
{
    json_t *vm = NULL;
    int st = form_vm(r, in, e, &vm);

    return st ? st : page_render(r, "accounts/register", vm);
}

/* page_kept_shared()'s build: the empty form, in the page's language. */
static int build_empty(struct req *r, json_t **vm, const char **name)
{
    struct account_input in = { .lang = r->lang };

    *name = "accounts/register";
    return form_vm(r, &in, NULL, vm);
}

/* GET /{lang}/register — the empty form, rendered once for every visitor
 * (app/page_kept.h page_kept_shared(): each gets their own csrf token in
 * it); the language defaults to the page's. Generation 0: what it shows
 * beside UI text is the organisations, which change only with a migration
 * (orgs/cache.c keeps them five minutes; this copy lives PERSON_KEPT_TTL_MS).
 * 200; 303 to the account page when already signed in. */
int account_page_register(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(16);

    if (r->user)
        return resp_see_other(r, account_path(r, r->lang, "/account"));
    return page_kept_shared(r, &kept, 0, 0, build_empty);
}

/* Someone asked for an account with owner's e-mail: tell the owner, in the
 * owner's language, and answer as for a new account (without signing in). */
static int register_taken(struct req *r, const struct account *owner)
{
    enum db_rc rc = account_notify(r, owner, "register_exists", "login_url",
                                   account_link(r, owner->lang, "/login"), "reset_url",
                                   account_link(r, owner->lang, "/password-reset"), NULL);

    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/register/done"));
}

/* Insert the learner (its address not yet confirmed), its audit row, the
 * welcome e-mail and the verification link (pages_verify.c) in one
 * transaction. */
static enum db_rc create(struct req *r, const struct account_input *in, const char *hash,
                         long long *id)
{
    struct account a = { .lang = in->lang };
    enum db_rc rc = db_begin(r->db);

    if (rc != DB_OK)
        return rc;
    rc = account_store_create(r->db, in, hash, id);
    if (rc == DB_OK)
        rc = account_store_unverified(r->db, *id);
    if (rc == DB_OK)
        rc = audit_write(r->db, "registered", *id, *id, r->client_ip, NULL);
    if (rc == DB_OK) {
        a.id = *id;
        a.name = arena_strdup(r->arena, in->name);
        a.email = arena_strdup(r->arena, in->email);
        rc = account_notify(r, &a, "welcome", "account_url", account_link(r, in->lang, "/account"),
                            "reset_url", account_link(r, in->lang, "/password-reset"), NULL);
    }
    if (rc == DB_OK)
        rc = account_link_send(r, &a, ACCOUNT_LINK_VERIFY, "verify");
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    return rc;
}

/*
 * POST /{lang}/register — 303 to /register/done (signed in when the account
 * is new); 400 with the form and its problems; 503 when hashing is busy or
 * the database is away. (The client address's budget, 429 past it, is
 * app/budgets.c's, before this runs.)
 */
int account_page_register_submit(struct req *r)
{
    struct page_errors e = { .n = 0 };
    struct account_input in;
    struct account taken;
    char hash[PW_HASH_LEN];
    long long id = 0;
    int hashed;
    enum db_rc rc;

    if (r->user)
        return resp_see_other(r, account_path(r, r->lang, "/account"));
    rc = account_form_profile(r, &e, &in, 1);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (e.n)
        return render_form(r, &in, &e);
    rc = account_store_find_by_email(r->db, r->arena, in.email_norm, &taken);
    if (rc == DB_OK)
        return register_taken(r, &taken);
    if (rc != DB_NOT_FOUND)
        return page_db_status(rc);
    hashed = account_pw_hash(r, hash, in.password, in.password_len);
    sodium_memzero(in.password, in.password_len);
    if (hashed)
        return hashed == -2 ? 503 : 500;
    rc = create(r, &in, hash, &id);
    if (rc == DB_CONFLICT) { /* the same e-mail registered a moment ago */
        rc = account_store_find_by_email(r->db, r->arena, in.email_norm, &taken);
        return rc == DB_OK ? register_taken(r, &taken) : page_db_status(rc);
    }
    if (rc == DB_OK)
        rc = session_start(r, id);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/register/done"));
}

/* GET /{lang}/register/done — "check your e-mail", and for a new account
 * that it is signed in. 200. */
int account_page_register_done(struct req *r)
{
    json_t *vm = page_vm(r, "accounts.register_done.page_title");

    json_object_set_new(vm, "signed_in", json_boolean(r->user != NULL));
    if (r->user)
        json_object_set_new(vm, "person_name", json_string(r->user->name));
    return page_render(r, "accounts/register_done", vm);
}
