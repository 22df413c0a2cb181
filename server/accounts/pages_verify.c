/*
 * E-mail verification (issue 23 finding 5, ASVS 6.1.x): registration e-mails
 * a link /{lang}/account/verify/{token} (24 hours, single use, hashed:
 * links.c). Until it is used the account reads and learns but may not post
 * in a community, report or register for a webinar (ROUTE_VERIFIED rows,
 * app/router.c). Opening the link changes nothing (mail scanners fetch
 * links): the page's one button POSTs, and that confirms.
 */
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "audit/audit.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "http/req.h"
#include "http/resp.h"

#define RESEND_LIMIT  3   /* links sent again per account ... */
#define RESEND_WINDOW 600 /* ... in ten minutes */

/* GET /{lang}/account/verify — whether the address is confirmed; if not,
 * the button that sends the link again (?sent=1: it has been). 200. */
int account_page_verify(struct req *r)
{
    json_t *vm = page_vm(r, "accounts.verify.page_title");

    json_object_set_new(vm, "verified", json_boolean(!r->user->unverified));
    json_object_set_new(vm, "sent", json_boolean(req_query(r, "sent") != NULL));
    return page_render(r, "accounts/verify", vm);
}

/*
 * POST /{lang}/account/verify — send the link again: 303 to the page with
 * ?sent=1 (or without it when the address is confirmed already); 429 past
 * RESEND_LIMIT in RESEND_WINDOW for the account; 503 without the database.
 */
int account_page_verify_resend(struct req *r)
{
    const char *key = arena_printf(r->arena, "verify-resend:%lld", r->user->id);
    struct account acct;
    int limited = 0, retry = 0;
    enum db_rc rc;

    if (!r->user->unverified)
        return resp_see_other(r, account_path(r, r->lang, "/account/verify"));
    rc = ratelimit_hit(r->db, key, RESEND_LIMIT, RESEND_WINDOW, &limited, &retry);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (limited)
        return ratelimit_reply(r, retry);
    rc = account_store_get(r->db, r->arena, r->user->id, &acct);
    if (rc == DB_OK)
        rc = account_link_send(r, &acct, ACCOUNT_LINK_VERIFY, "verify");
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account/verify?sent=1"));
}

/* The link's page in state "confirm" (the button), "done" or "invalid" (410). */
static int render_link(struct req *r, const char *state)
{
    json_t *vm = page_vm(r, arena_printf(r->arena, "accounts.verify_link.%s_title", state));

    json_object_set_new(vm, state, json_true());
    json_object_set_new(vm, "action", json_string(r->path));
    if (!strcmp(state, "invalid"))
        r->status = 410;
    return page_render(r, "accounts/verify_link", vm);
}

/* GET /{lang}/account/verify/{token} — 200 with the confirm button; 410 when
 * the link is unknown, used or expired. Changes nothing. */
int account_page_verify_link(struct req *r)
{
    char hash[65];
    long long uid = 0;
    enum db_rc rc = account_link_user(r, ACCOUNT_LINK_VERIFY, hash, &uid);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    return render_link(r, rc == DB_OK ? "confirm" : "invalid");
}

/* Use the link and mark the address confirmed, audited, in one transaction. */
static enum db_rc confirm(struct req *r, const char *hash, long long uid)
{
    enum db_rc rc = db_begin(r->db);

    if (rc == DB_OK)
        rc = account_store_link_use(r->db, ACCOUNT_LINK_VERIFY, hash, uid);
    if (rc == DB_OK)
        rc = account_store_verified(r->db, uid);
    if (rc == DB_OK)
        rc = audit_write(r->db, "email_verified", uid, uid, r->client_ip, NULL);
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    return rc;
}

/* POST /{lang}/account/verify/{token} — 200 "your address is confirmed";
 * 410 when the link is unknown, used or expired (also when another request
 * used it first); 503 without the database. */
int account_page_verify_link_submit(struct req *r)
{
    char hash[65];
    long long uid = 0;
    enum db_rc rc = account_link_user(r, ACCOUNT_LINK_VERIFY, hash, &uid);

    if (rc == DB_OK)
        rc = confirm(r, hash, uid);
    if (rc == DB_NOT_FOUND)
        return render_link(r, "invalid");
    if (rc != DB_OK)
        return page_db_status(rc);
    if (r->user && r->user->id == uid)
        r->user->unverified = 0; /* this page's banner already */
    return render_link(r, "done");
}
