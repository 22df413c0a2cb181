/*
 * Personal API tokens on the account page (issue 20, docs/api.md
 * "Authentication"): /{lang}/account/tokens lists a person's live tokens,
 * makes one (ROUTE_REAUTH: the person proves who they are first; the token
 * is shown this once) and revokes one. GUARD_TRAINER rows: trainers and
 * admins are who read the API with a token today. Every change is audited
 * ("api_token_created", "api_token_revoked"; detail "token N: name").
 */
#include <string.h>

#include <sodium.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "audit/audit.h"
#include "auth/apitoken.h"
#include "auth/session.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

static const struct page_crumb trail[1] = { { "/account", "accounts.account.page_title", NULL } };

static json_t *tokens_vm(struct req *r, const struct apitoken *t, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t[i].id, "name", t[i].name,
                            "created", account_when(r, t[i].created_at), "last_used",
                            t[i].last_used_at ? account_when(r, t[i].last_used_at)
                                              : req_t(r, "accounts.tokens.never_used")));
    return list;
}

/* The page's view model: the live tokens, the form showing name (NULL:
 * empty) with e's problems, and made (a token just made, shown this once)
 * or NULL. 0 with *out, or a status. */
static int tokens_page_vm(struct req *r, const char *name, const struct page_errors *e,
                          const char *made, json_t **out)
{
    struct apitoken *t;
    struct page_form f;
    size_t n;
    json_t *vm, *field;
    enum db_rc rc = apitoken_list(r->db, r->arena, r->user->id, &t, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "accounts.tokens.page_title");
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, trail, 1));
    json_object_set_new(vm, "tokens", tokens_vm(r, t, n));
    json_object_set_new(vm, "has_tokens", json_boolean(n > 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "accounts.tokens.count", (long)n)));
    /* the form stays when it came back with a problem, so the summary's link has a target */
    json_object_set_new(vm, "can_create", json_boolean(n < APITOKEN_LIVE_MAX || (e && e->n)));
    json_object_set_new(vm, "limit",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "accounts.tokens.limit", APITOKEN_LIVE_MAX)));
    json_object_set_new(vm, "new_token", made ? json_string(made) : json_null());
    json_object_set_new(vm, "saved",
                        !made && req_query(r, "saved") && !strcmp(req_query(r, "saved"), "revoked")
                            ? json_string(req_t(r, "accounts.tokens.revoked"))
                            : json_null());
    page_form_init(&f, r, e);
    field = page_field_input(&f, "name", "text", "accounts.tokens.name_label", name ? name : "");
    page_field_hint(&f, field, "accounts.tokens.name_hint");
    page_field_set(field, "maxlength", "100");
    page_field_set(field, "autocomplete", "off");
    page_form_vm(&f, vm);
    *out = vm;
    return 0;
}

static int render(struct req *r, const char *name, const struct page_errors *e, const char *made)
{
    json_t *vm = NULL;
    int status = tokens_page_vm(r, name, e, made, &vm);

    return status ? status : page_render(r, "accounts/tokens", vm);
}

static int build_kept(struct req *r, json_t **vm, const char **name)
{
    *name = "accounts/tokens";
    return tokens_page_vm(r, NULL, NULL, NULL, vm);
}

/*
 * GET /{lang}/account/tokens — the live tokens and the form. 200; 503.
 * Kept for the person's session (app/page_kept.h): a token made or revoked
 * is their own post, and a token's use moves its owner's generation when it
 * writes last_used_at (auth/apitoken.c). A page with ?saved= is not kept.
 */
int account_page_tokens(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_TABLE_INIT(1024);

    if (r->query_raw && *r->query_raw)
        return render(r, NULL, NULL, NULL);
    return page_kept_get(r, &kept, persongen_get(r->user->id), build_kept);
}

/* The name typed, or NULL with its problem in e. */
static const char *token_name(struct req *r, struct page_errors *e)
{
    const char *name = account_form_value(r, "name");
    size_t len = strlen(name);

    if (!*name)
        page_errors_add(e, "name", "accounts.tokens.errors.name_missing");
    else if (!utf8_valid_text(name, len) || strpbrk(name, "\t\r\n"))
        page_errors_add(e, "name", "accounts.tokens.errors.name_invalid");
    else if (utf8_count(name, len) > APITOKEN_NAME_MAX)
        page_errors_add(e, "name", "accounts.tokens.errors.name_long");
    else
        return name;
    return NULL;
}

/*
 * POST /{lang}/account/tokens (ROUTE_REAUTH) — a new token named "name":
 * 200 with the page showing it this once (only its hash is kept); 400 with
 * the form, what was typed and the problem (no name, too long, already
 * APITOKEN_LIVE_MAX live tokens): nothing made; 503.
 */
int account_page_token_create(struct req *r)
{
    struct page_errors e = { .n = 0 };
    const char *name = token_name(r, &e);
    char text[APITOKEN_TEXT_LEN + 1];
    long long id = 0;
    enum db_rc rc;
    int status;

    if (!name)
        return render(r, account_form_value(r, "name"), &e, NULL);
    rc = db_begin(r->db);
    if (rc == DB_OK)
        rc = apitoken_create(r->db, r->user->id, name, text, &id);
    if (rc == DB_OK)
        rc = audit_write(r->db, "api_token_created", r->user->id, r->user->id, r->client_ip,
                         arena_printf(r->arena, "token %lld: %s", id, name));
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    if (rc == DB_CONFLICT) {
        page_errors_add(&e, "name", "accounts.tokens.errors.too_many");
        return render(r, name, &e, NULL);
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    status = render(r, NULL, NULL, text);
    sodium_memzero(text, sizeof(text));
    return status;
}

/*
 * POST /{lang}/account/tokens/{id}/revoke — the token stops working at once.
 * 303 to the tokens page; 404 for a token that is not one of mine and live
 * (someone else's is "no such": ownership in the WHERE); 503.
 */
int account_page_token_revoke(struct req *r)
{
    long long id = page_id(r, "id");
    char *name = NULL;
    enum db_rc rc;

    if (!id)
        return 404;
    rc = db_begin(r->db);
    if (rc == DB_OK)
        rc = apitoken_revoke(r->db, r->arena, r->user->id, id, &name);
    if (rc == DB_OK)
        rc = audit_write(r->db, "api_token_revoked", r->user->id, r->user->id, r->client_ip,
                         arena_printf(r->arena, "token %lld: %s", id, name));
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    if (rc != DB_OK)
        return page_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account/tokens?saved=revoked"));
}
