/*
 * session: who is signed in (DESIGN.md "Security rules", reference/security.md
 * section 1.2). A session token is 32 random bytes sent once in the cookie
 * ("sid", "__Host-sid" behind TLS; HttpOnly, SameSite=Lax, no Max-Age); the
 * database keeps only its BLAKE2b-256 hash, so a leaked table cannot be used
 * to sign in. Each session carries its own CSRF token.
 *
 * Expiry is decided by the database clock: learners after 30 minutes idle or
 * 12 hours in all, anyone with a staff role (trainer, moderator, admin) after
 * 15 minutes idle or 8 hours. Tests move the stored times back to age a
 * session.
 */
#pragma once

#include "core/lang.h"
#include "db/db.h"

struct req;

struct user {
    long long id;
    const char *name;
    const char *email;
    enum lang lang;
    unsigned roles;    /* enum role bits */
    int twofactor_due; /* no two-step sign-in and past the grace period (config.h) */
    int unverified;    /* registered, e-mail address not yet confirmed (ROUTE_VERIFIED) */
    int unread;        /* unread notifications, for the header (session_load) */
};

struct session {
    char id_hash[65]; /* hex */
    char csrf[44];
    int reauth_fresh; /* signed in or re-authenticated within reauth_minutes (config.h) */
};

#define SESSION_IDLE_LEARNER     (30 * 60)
#define SESSION_ABSOLUTE_LEARNER (12 * 3600)
#define SESSION_IDLE_STAFF       (15 * 60)
#define SESSION_ABSOLUTE_STAFF   (8 * 3600)

struct arena;
struct config;

#define SESSION_REFRESH_MAX 16 /* sessions session_refresh() reads in one statement */

/* Read the n (up to SESSION_REFRESH_MAX) sessions of these hashes again in
 * one statement and keep what it finds (auth/sessioncache.h), forgetting
 * those ended, expired or disabled; strings in a. DB_OK, or the error (the
 * copies stay as they were). */
enum db_rc session_refresh(struct db *db, struct arena *a, const struct config *cfg,
                           const char (*hash)[65], size_t n);

/* Sessions read so far (/metrics): on a reader's request (session_load),
 * and behind them (session_refresh). */
void session_loads(unsigned long *reader, unsigned long *refresher);

/* Find the request's session from its cookie and fill r->user and r->session
 * (both stay NULL when there is none or it has expired, and a dead cookie is
 * cleared). DB_OK either way; DB_UNAVAILABLE or DB_ERROR when the database
 * could not say: the caller fails closed. */
enum db_rc session_load(struct req *r);

/* 1 when the request carries a session cookie (alive or not): the reader may
 * be signed in, so a shared page is rendered for them, not taken from the
 * render cache. No database. */
int session_cookie_sent(const struct req *r);

/* Sign user_id in: the request's old session (if any) is deleted, a new token
 * is issued in the cookie, and r->user, r->session and r->csrf are the new
 * ones. Always a new token (session fixation). */
enum db_rc session_start(struct req *r, long long user_id);

/* The person has just proved who they are again (password, and the code
 * when two-step sign-in is on): the session may do sensitive actions
 * (ROUTE_REAUTH) for reauth_minutes. DB_NOT_FOUND without a session. */
enum db_rc session_reauth_done(struct req *r);

/* Sign out: delete the request's session and clear the cookie. */
enum db_rc session_end(struct req *r);

/* End every session of user_id (password change, role change, disabling),
 * except keep_hash when not NULL. */
enum db_rc session_end_user(struct db *db, long long user_id, const char *keep_hash);

/* Hash a token for storage: BLAKE2b-256 of the raw bytes, as 64 hex characters. */
void session_hash(const unsigned char *raw, size_t len, char out[65]);

/* Decode a cookie token (43 base64url characters) into 32 bytes; -1 if malformed. */
int session_token_decode(const char *tok, unsigned char raw[32]);
