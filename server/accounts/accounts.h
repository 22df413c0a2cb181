/*
 * accounts: people, their sign-in and their own account (issue #3).
 *
 * Registration, sign-in and sign-out, the account page (details, password,
 * sessions, export) and password reset by e-mail, in both languages, plus
 * what the command line needs (the first admin, the demo users).
 *
 * Layers: store.c holds every SQL statement (the SQL_ACCOUNT_* table),
 * form.c validates the forms into field errors (catalogue keys) and builds
 * the parts of view models every form shares, notify.c renders e-mail from
 * the catalogue in the recipient's language, and pages_*.c are the handlers.
 *
 * Ownership: strings in struct account and in lists are allocated in the
 * arena passed to the store function and valid until it is reset.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "auth/password.h"
#include "auth/roles.h"
#include "auth/totp.h"
#include "core/lang.h"
#include "db/db.h"

struct arena;
struct page_errors;
struct page_form;
struct twofactor;
struct req;

#define ACCOUNT_NAME_MAX   200         /* code points: users.name VARCHAR(200) */
#define ACCOUNT_EMAIL_MAX  254         /* bytes (RFC 5321 path limit) */
#define ACCOUNT_RESET_TTL  (30 * 60)   /* seconds a password-reset link lives */
#define ACCOUNT_PUBLIC_ID  16          /* hex characters of a session's hash shown in pages */
#define ACCOUNT_VERIFY_TTL (24 * 3600) /* seconds an e-mail verification link lives */
#define ACCOUNT_UNLOCK_TTL (30 * 60)   /* seconds a sign-in unlock link lives */

/* The one-time links besides password resets (store_links.c, links.c). */
enum account_link {
    ACCOUNT_LINK_VERIFY, /* /{lang}/account/verify/{token}: the address is the person's */
    ACCOUNT_LINK_UNLOCK, /* /{lang}/login/unlock/{token}: lift the rest on sign-in */
    ACCOUNT_LINK__MAX,
};

/* One person, as sign-in and the account page see them. */
struct account {
    long long id;
    char *name;
    char *email;
    enum lang lang;
    int org_id;      /* 0: none chosen */
    char *org_other; /* the typed name when the organisation is "Other", else NULL */
    char *password_hash;
    int disabled;
    unsigned failed_logins; /* consecutive failures since the last success */
    int since_failed;       /* seconds since the last failure, -1 when none */
    int locked_for;         /* seconds the soft lock has left, 0 when none */
    time_t created_at;
    time_t last_login_at;     /* 0: never */
    int must_change_password; /* a create-admin one-time password: only a new one may follow */
};

/* One of a person's active sessions. public_id is a prefix of the stored
 * hash: enough to name it in a form, useless for signing in. */
struct account_session {
    char *public_id;
    time_t created_at;
    time_t last_seen_at;
    char *ip;
    char *user_agent;
    int current;
};

/* One audit-log row about a person, for their export. */
struct account_event {
    time_t at;
    char *event;
    char *ip;
    char *detail;
};

/* A validated register or details form (strings trimmed, in the request arena). */
struct account_input {
    const char *name;
    const char *email;      /* as typed (trimmed) */
    const char *email_norm; /* NFC, case-folded: the login key */
    int org_id;             /* 0: none chosen */
    const char *org_other;  /* NULL unless the organisation is "Other" */
    enum lang lang;
    char *password; /* NFKC-normalised; NULL when the form has none */
    size_t password_len;
};

/* --- store.c: all SQL ------------------------------------------------- */

/* Create the user (or find it by e-mail), give it the roles, the organisation
 * with the code org_code (NULL: leave as is) and set its password hash.
 * *created says which. Used by the command line. */
enum db_rc account_store_upsert(struct db *db, const char *email, const char *name,
                                const char *lang, const char *org_code, const char *pw_hash,
                                unsigned roles, int *created);

/* The account whose normalised e-mail is norm (disabled ones too). */
enum db_rc account_store_find_by_email(struct db *db, struct arena *a, const char *norm,
                                       struct account *out);

/* The account with id. */
enum db_rc account_store_get(struct db *db, struct arena *a, long long id, struct account *out);

/* A new learner from in with the password hash; *id is its id. DB_CONFLICT
 * when the e-mail is taken. Runs in the caller's transaction if one is open. */
enum db_rc account_store_create(struct db *db, const struct account_input *in, const char *pw_hash,
                                long long *id);

/* A failed sign-in: one more failure, now; lock_s > 0 also locks for that long. */
enum db_rc account_store_login_failed(struct db *db, long long id, int lock_s);

/* A successful sign-in: failures and lock cleared, last_login_at now, and the
 * hash replaced when new_hash is not NULL (limits changed). */
enum db_rc account_store_login_ok(struct db *db, long long id, const char *new_hash);

/* Change name, organisation and language of the account id. */
enum db_rc account_store_update_details(struct db *db, long long id,
                                        const struct account_input *in);

/* Set the password hash of id, clearing failures and any soft lock. */
enum db_rc account_store_set_password(struct db *db, long long id, const char *pw_hash);

/* The active sessions of user_id, newest first (at most 50); current_hash
 * marks the one making the request. */
enum db_rc account_store_sessions(struct db *db, struct arena *a, long long user_id,
                                  const char *current_hash, struct account_session **out,
                                  size_t *n);

/* End the session of user_id whose hash starts with public_id. DB_NOT_FOUND
 * when user_id has no such session (someone else's is "no such"). */
enum db_rc account_store_end_session(struct db *db, long long user_id, const char *public_id);

/* The audit events about user_id (as actor or subject), newest first, at most max. */
enum db_rc account_store_events(struct db *db, struct arena *a, long long user_id, size_t max,
                                struct account_event **out, size_t *n);

/* pages_reset.c: a new reset token for acct, its hash stored (in the
 * caller's transaction if one is open); tok gets CSRF_TOKEN_LEN + 1 bytes. */
enum db_rc account_reset_token_new(struct req *r, const struct account *acct, char *tok);

/* Remember a reset token (its hash only) for user_id, valid ttl_s seconds. */
enum db_rc account_store_reset_create(struct db *db, long long user_id, const char *token_hash,
                                      int ttl_s);

/* The user of an unused, unexpired reset token of an enabled account. */
enum db_rc account_store_reset_find(struct db *db, const char *token_hash, long long *user_id);

/* Use the token: DB_OK when this call marked it used (one conditional
 * UPDATE, so two racing requests cannot both use it), DB_NOT_FOUND when it
 * was already used or has expired. Every other open token of user_id dies too. */
enum db_rc account_store_reset_use(struct db *db, const char *token_hash, long long user_id);

/* --- store_links.c: verification and unlock links, the verified mark ---- */

/* Remember a link of kind (its token's hash only) for user_id, ttl_s seconds. */
enum db_rc account_store_link_create(struct db *db, enum account_link kind, long long user_id,
                                     const char *token_hash, int ttl_s);

/* The user of an unused, unexpired link of kind of an enabled account. */
enum db_rc account_store_link_find(struct db *db, enum account_link kind, const char *token_hash,
                                   long long *user_id);

/* Use the link: DB_OK when this call marked it used (one conditional
 * UPDATE), DB_NOT_FOUND when it was used already or has expired. Every other
 * open link of that kind of user_id dies too. */
enum db_rc account_store_link_use(struct db *db, enum account_link kind, const char *token_hash,
                                  long long user_id);

/* users.email_verified_at: NULL (a new registration), now (the link
 * opened; kept when already set), and whether it is set. */
enum db_rc account_store_unverified(struct db *db, long long user_id);
enum db_rc account_store_verified(struct db *db, long long user_id);
enum db_rc account_store_is_verified(struct db *db, long long user_id, int *verified);

/* --- links.c: sending and reading those links ------------------------- */

/* A new link of kind for acct, its hash stored, and the e-mail kind
 * ("welcome", "verify", "unlock") that carries it sent with
 * account_notify_secret in acct's language: its placeholders are {link}
 * and {hours} or {minutes}. In the caller's transaction if one is open. */
enum db_rc account_link_send(struct req *r, const struct account *acct, enum account_link kind,
                             const char *mail_kind);

/* The user of the path's {token} for kind when it is well formed, unused and
 * unexpired: DB_OK, with its hash in hash; DB_NOT_FOUND otherwise. */
enum db_rc account_link_user(struct req *r, enum account_link kind, char hash[65],
                             long long *user_id);

/* pages_unlock.c: sign-in rests for acct from a browser that never signed
 * in to it: e-mail the owner an unlock link, at most one an hour. Failures
 * are logged, never answered: the sign-in's answer must not change. */
void account_unlock_offer(struct req *r, const struct account *acct);

/* --- form.c: validation and the fields the forms share ------------------
 *
 * Problems go to a struct page_errors (app/page_form.h), each at the id of
 * its input; the fields are page kit field objects (app/page_field.h). */

/* The form value key with surrounding white space removed; "" when absent. */
const char *account_form_value(struct req *r, const char *key);

/* The login key of an e-mail address: NFC and case-folded (ICU), in a;
 * NULL when it is not valid UTF-8. */
char *account_email_norm(struct arena *a, const char *email);

/* 1 if s has the shape of an e-mail address: one '@', something before it,
 * a dot inside the domain, at most 254 bytes, no space, control or
 * <>(),;:"[]\ characters. */
int account_email_valid(const char *s);

/* Fill in from the register form (with_login: e-mail and password too) or the
 * details form. Field problems go to e; DB_OK even then. Anything else is the
 * database failing while checking the organisation. */
enum db_rc account_form_profile(struct req *r, struct page_errors *e, struct account_input *in,
                                int with_login);

/* The password in field, NFKC-normalised and checked by the policy and
 * against the person's own name and e-mail address (either may be NULL), and
 * equal to confirm_field when that is not NULL. NULL with a problem in e
 * otherwise. */
char *account_form_new_password(struct req *r, struct page_errors *e, const char *field,
                                const char *confirm_field, const char *name, const char *email,
                                size_t *len);

/* The organisations as a select's options, in the page language's order,
 * with org_id selected. NULL when the database failed (*rc says how). */
json_t *account_form_orgs(struct req *r, int org_id, enum db_rc *rc);

/* The fields of the register and details forms showing in: name,
 * organisation (steals orgs, from account_form_orgs), org_other and lang. */
void account_form_profile_fields(struct page_form *f, const struct account_input *in, json_t *orgs);

/* An e-mail address field (id "email") showing value, for the browser's
 * autocomplete ("email", or "username" on the sign-in form). */
json_t *account_form_email(struct page_form *f, const char *value, const char *autocomplete);

/* A password field with id, labelled by label_key; never shows a value. */
json_t *account_form_password(struct page_form *f, const char *id, const char *label_key,
                              const char *autocomplete);

/* new_password (with the policy as its hint) and confirm_password. */
void account_form_password_fields(struct page_form *f);

/* "/cy" + path or "/en" + path, in the arena. */
const char *account_path(struct req *r, enum lang l, const char *path);

/* pages_account.c: "23 Tachwedd 2026 am 14:30" in the page's language. */
const char *account_when(struct req *r, time_t t);

/* The same as an absolute URL under base_url, for e-mail. */
const char *account_link(struct req *r, enum lang l, const char *path);

/* End the rest strangers' failed sign-ins put on email (as stored or typed:
 * normalised here, as sign-in counts it), for unknown devices too: a reset
 * password or an unlock link is the owner's way in. */
enum db_rc account_login_rest_end(struct req *r, const char *email);

/* --- devices.c: browsers that signed in before (finding 1) ------------ */

/* *known = 1 when the request's device cookie names a browser that signed in
 * to user_id within the last year; hash is then its token's hash (hex). */
enum db_rc account_device_known(struct req *r, long long user_id, char hash[65], int *known);

/* After a successful sign-in: remember this browser for user_id and set or
 * renew its device cookie for a year. */
enum db_rc account_device_remember(struct req *r, long long user_id);

/* --- notify.c: e-mail in the recipient's language --------------------- */

/*
 * Queue the e-mail kind (catalogue keys mail.<kind>.subject and .body, filled
 * with the NULL-terminated (name, value) pairs after kind, plus {name} and
 * {site_url}) to a in a's stored language. In the caller's transaction if one
 * is open.
 */
enum db_rc account_notify(struct req *r, const struct account *a, const char *kind, ...);

/* account_notify for a mail that carries a one-time link (reset, unlock):
 * the outbox forgets its body once it is sent (mail_enqueue_secret). */
enum db_rc account_notify_secret(struct req *r, const struct account *a, const char *kind, ...);

/* --- cli.c ----------------------------------------------------------- */

/* dysgu create-admin EMAIL: make or promote an admin with a new one-time
 * password, printed to stdout. Returns the exit code. */
int account_cli_create_admin(struct db *db, const char *email);

/* dysgu seed-demo: the demo account for each role, with the password from
 * DYSGU_DEMO_PASSWORD; skipped when already seeded with that password. */
int account_cli_seed_demo(struct db *db);

/* --- pages: one handler per route (routes.c) -------------------------- */

int account_page_register(struct req *r);
int account_page_register_submit(struct req *r);
int account_page_register_done(struct req *r);
int account_page_login(struct req *r);
int account_page_login_submit(struct req *r);
int account_page_logout(struct req *r);
int account_page_show(struct req *r);
int account_page_details(struct req *r);
int account_page_password(struct req *r);
int account_page_session_end(struct req *r);
int account_page_sessions_end_others(struct req *r);
int account_page_export(struct req *r);
int account_page_tokens(struct req *r);
int account_page_token_create(struct req *r);
int account_page_token_revoke(struct req *r);
int account_page_reset_request(struct req *r);
int account_page_reset_request_submit(struct req *r);
int account_page_reset_form(struct req *r);
int account_page_reset_submit(struct req *r);
int account_page_login_code(struct req *r);
int account_page_login_code_submit(struct req *r);
int account_page_twofactor(struct req *r);
int account_page_twofactor_submit(struct req *r);
int account_page_twofactor_off(struct req *r);
int account_page_twofactor_codes(struct req *r);
int account_page_confirm(struct req *r);
int account_page_confirm_submit(struct req *r);
int account_page_verify(struct req *r);
int account_page_verify_resend(struct req *r);
int account_page_verify_link(struct req *r);
int account_page_verify_link_submit(struct req *r);
int account_page_unlock(struct req *r);
int account_page_unlock_submit(struct req *r);

/* The code field (id "code") of the two-step forms, with the recovery code
 * hint when recovery is 1 (pages_twofactor_on.c holds these helpers). */
json_t *account_twofactor_code_field(struct page_form *f, int recovery);

/* The "two-step sign-in is on" page: codes left, new recovery codes, and the
 * form that turns it off (with e's problems: status 400). */
int account_twofactor_on_page(struct req *r, const struct twofactor *tf,
                              const struct page_errors *e);

/* Ten new recovery codes and their hashes. */
void account_twofactor_codes_new(char (*codes)[RECOVERY_CODE_LEN + 1],
                                 char (*hashes)[RECOVERY_HASH_HEX + 1]);

/* The page showing codes this once (renewed: made again, the old ones
 * void); the codes are wiped. */
int account_twofactor_codes_page(struct req *r, char (*codes)[RECOVERY_CODE_LEN + 1], int renewed);

/* next when it is a page of ours in either language, else NULL (no open redirect). */
const char *account_safe_next(const char *next);

/* Check typed against the second factor of uid (a TOTP code or a recovery
 * code): *ok 1 when right (and now used up: no replay), *recovery 1 when it
 * had the shape of a recovery code. DB_OK with *ok 0 when uid has none. */
enum db_rc account_twofactor_check(struct req *r, long long uid, const char *typed, int *ok,
                                   int *recovery);

/* Re-authentication (issue 23, ASVS 6.3.3), the one check for the confirm
 * page and for turning two-step sign-in off: the form's "password" against
 * acct, and its "code" when two-step sign-in is on (*twofactor_on says).
 * 0 with nothing in e: right, and the session may do sensitive actions for
 * reauth_minutes (session_reauth_done); 0 with problems in e: wrong or
 * missing (an hourly budget per account counts the wrong ones); otherwise
 * the status to answer (429 past the budget, 503, 500). */
int account_reauth_check(struct req *r, const struct account *acct, int *twofactor_on,
                         struct page_errors *e);

/* The password (pw, NFKC, or NULL after a second step) was right: a new
 * session, this browser remembered, the sign-in audited; 303 to next or
 * the account page. */
int account_signed_in(struct req *r, const struct account *acct, const char *pw, size_t len,
                      const char *next);

/* After a right password: 0 when the account has no two-step sign-in (sign
 * in now); otherwise the status sent (303 to the code form, a pending sign-in
 * started) or an error status. */
int account_twofactor_begin(struct req *r, const struct account *acct, const char *next);

/* pw_verify_limited / pw_hash_limited (auth/password.h) for a request: its
 * database connection goes back to the pool while hashing; -2 (busy, 503)
 * also when none is free again afterwards. */
int account_pw_verify(struct req *r, const char *stored, const char *pw, size_t len);
int account_pw_hash(struct req *r, char out[PW_HASH_LEN], const char *pw, size_t len);
