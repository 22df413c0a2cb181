/*
 * The unlock e-mail (issue 23 finding 1, ASVS 6.1.1): when sign-in rests
 * for an account (strangers' failures, pages_login.c) and the attempt comes
 * from a browser that never signed in to it, the owner is sent, at most once
 * an hour, a link /{lang}/login/unlock/{token} (30 minutes, single use,
 * hashed: links.c). Its page's button lifts the rest on the address and
 * makes the browser that pressed it a known device (devices.c), which signs
 * in past any later rest. The sign-in's answer is the same whether or not a
 * mail went: it never tells who has an account.
 */
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "audit/audit.h"
#include "auth/ratelimit.h"
#include "core/log.h"
#include "http/req.h"

#define UNLOCK_MAILS_PER_HOUR 1

void account_unlock_offer(struct req *r, const struct account *acct)
{
    const char *key = arena_printf(r->arena, "unlock-mail:%lld", acct->id);
    int limited = 0, retry = 0;
    enum db_rc rc;

    if (!acct->id || acct->disabled)
        return;
    rc = ratelimit_hit(r->db, key, UNLOCK_MAILS_PER_HOUR, 3600, &limited, &retry);
    if (rc != DB_OK || limited)
        goto done;
    rc = db_begin(r->db);
    if (rc == DB_OK)
        rc = account_link_send(r, acct, ACCOUNT_LINK_UNLOCK, "unlock");
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
done:
    if (rc != DB_OK)
        log_warn_r(r, "unlock mail not sent: database error %d", (int)rc);
}

/* The link's page in state "confirm" (the button), "done" or "invalid" (410). */
static int render(struct req *r, const char *state)
{
    json_t *vm = page_vm(r, arena_printf(r->arena, "accounts.unlock.%s_title", state));

    json_object_set_new(vm, state, json_true());
    json_object_set_new(vm, "action", json_string(r->path));
    if (!strcmp(state, "invalid"))
        r->status = 410;
    return page_render(r, "accounts/unlock", vm);
}

/* GET /{lang}/login/unlock/{token} — 200 with the button; 410 when the link
 * is unknown, used or expired. Changes nothing. */
int account_page_unlock(struct req *r)
{
    char hash[65];
    long long uid = 0;
    enum db_rc rc = account_link_user(r, ACCOUNT_LINK_UNLOCK, hash, &uid);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    return render(r, rc == DB_OK ? "confirm" : "invalid");
}

/* Use the link, end the rest on the address, know this browser, audited. */
static enum db_rc unlock(struct req *r, const char *hash, const struct account *acct)
{
    enum db_rc rc = db_begin(r->db);

    if (rc == DB_OK)
        rc = account_store_link_use(r->db, ACCOUNT_LINK_UNLOCK, hash, acct->id);
    if (rc == DB_OK)
        rc = account_login_rest_end(r, acct->email);
    if (rc == DB_OK)
        rc = account_device_remember(r, acct->id);
    if (rc == DB_OK)
        rc = audit_write(r->db, "unlocked", acct->id, acct->id, r->client_ip, NULL);
    if (rc == DB_OK)
        rc = db_commit(r->db);
    db_rollback(r->db);
    return rc;
}

/* POST /{lang}/login/unlock/{token} — 200 "you can sign in now" (this
 * browser remembered); 410 when the link is unknown, used or expired; 503
 * without the database. */
int account_page_unlock_submit(struct req *r)
{
    struct account acct;
    char hash[65];
    long long uid = 0;
    enum db_rc rc = account_link_user(r, ACCOUNT_LINK_UNLOCK, hash, &uid);

    if (rc == DB_OK)
        rc = account_store_get(r->db, r->arena, uid, &acct);
    if (rc == DB_OK)
        rc = unlock(r, hash, &acct);
    if (rc == DB_NOT_FOUND)
        return render(r, "invalid");
    if (rc != DB_OK)
        return page_db_status(rc);
    return render(r, "done");
}
