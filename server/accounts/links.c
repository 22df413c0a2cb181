/*
 * One-time links by e-mail (issue 23): e-mail verification and sign-in
 * unlock, made the way reset links are (pages_reset.c): a 256-bit token
 * (auth/token.h) in the link's path once, only its hash stored, the mail
 * sent as a secret (the outbox forgets its body once sent), the token in
 * the path redacted from every log line (http/req.c req_log_path).
 */
#include <sodium.h>

#include "accounts/accounts.h"
#include "auth/token.h"
#include "http/req.h"

static const struct {
    const char *path; /* the link, before its token */
    int ttl;          /* seconds */
} kinds[ACCOUNT_LINK__MAX] = {
    [ACCOUNT_LINK_VERIFY] = { "/account/verify/", ACCOUNT_VERIFY_TTL },
    [ACCOUNT_LINK_UNLOCK] = { "/login/unlock/", ACCOUNT_UNLOCK_TTL },
};

enum db_rc account_link_send(struct req *r, const struct account *acct, enum account_link kind,
                             const char *mail_kind)
{
    char tok[TOKEN_TEXT_LEN + 1], hash[TOKEN_HASH_HEX + 1];
    const char *link;
    enum db_rc rc;

    token_new(tok, hash);
    rc = account_store_link_create(r->db, kind, acct->id, hash, kinds[kind].ttl);
    if (rc == DB_OK) {
        link = account_link(r, acct->lang, arena_printf(r->arena, "%s%s", kinds[kind].path, tok));
        rc = account_notify_secret(r, acct, mail_kind, "link", link, "hours",
                                   arena_printf(r->arena, "%d", kinds[kind].ttl / 3600), "minutes",
                                   arena_printf(r->arena, "%d", kinds[kind].ttl / 60), NULL);
    }
    sodium_memzero(tok, sizeof(tok));
    return rc;
}

enum db_rc account_link_user(struct req *r, enum account_link kind, char hash[65],
                             long long *user_id)
{
    if (token_hash(req_param(r, "token"), hash))
        return DB_NOT_FOUND;
    return account_store_link_find(r->db, kind, hash, user_id);
}
