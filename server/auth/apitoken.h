/*
 * apitoken: personal API tokens (issue 20, docs/api.md "Authentication").
 * A person makes one on /{lang}/account/tokens for a program that reads the
 * API as them: "dysgu_pat_" and 43 base64url characters (32 random bytes,
 * auth/token.h), shown once; the database keeps only its BLAKE2b-256 hash,
 * the name its owner gave it, when it was made, last used and revoked.
 *
 * A request to a ROUTE_BEARER row carries it as "Authorization: Bearer
 * <token>" and nothing else (no cookie, no session, no CSRF token). Every
 * request reads the owner's roles and disabled state again, so a token can
 * do no more than its owner may do now: a demoted owner's token loses the
 * role at once, a disabled owner's stops working.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "auth/token.h"
#include "db/db.h"

struct arena;
struct req;

#define APITOKEN_PREFIX     "dysgu_pat_"
#define APITOKEN_PREFIX_LEN 10
#define APITOKEN_TEXT_LEN   (APITOKEN_PREFIX_LEN + TOKEN_TEXT_LEN)
#define APITOKEN_LIVE_MAX   10  /* live (not revoked) tokens a person */
#define APITOKEN_NAME_MAX   100 /* code points: api_tokens.name VARCHAR(100) */

/* One live token as its owner's list shows it. */
struct apitoken {
    long long id;
    char *name;
    time_t created_at;
    time_t last_used_at; /* 0: never */
};

/* A new token named name for user_id: text (shown once) and *id. DB_CONFLICT
 * when user_id already has APITOKEN_LIVE_MAX live tokens (nothing made). */
enum db_rc apitoken_create(struct db *db, long long user_id, const char *name,
                           char text[APITOKEN_TEXT_LEN + 1], long long *id);

/* user_id's live tokens, newest first (at most APITOKEN_LIVE_MAX). */
enum db_rc apitoken_list(struct db *db, struct arena *a, long long user_id, struct apitoken **out,
                         size_t *n);

/* Revoke token id of user_id (*name: its name, in a). DB_NOT_FOUND when
 * user_id has no such live token (someone else's is "no such"). */
enum db_rc apitoken_revoke(struct db *db, struct arena *a, long long user_id, long long id,
                           char **name);

/* The request's owner from its Authorization: Bearer header: 0 with r->user
 * set (r->session stays NULL); 401 with WWW-Authenticate set when the header
 * is missing, malformed, unknown, revoked or its owner disabled; 503 or 500
 * when the database could not say (fail closed). */
int apitoken_authenticate(struct req *r);
