/*
 * Two-step sign-in (issue 23 finding 4, ASVS 6.3.3): a TOTP secret per
 * account (auth/totp.h), ten hashed single-use recovery codes, and the
 * sign-in that waits for its code (login_pending). The SQL of the tables of
 * migration 0023; pages_twofactor.c holds the pages.
 */
#pragma once

#include "auth/totp.h"
#include "db/db.h"

struct arena;

#define TWOFACTOR_PENDING_TTL      (5 * 60) /* seconds to type the code */
#define TWOFACTOR_PENDING_ATTEMPTS 5        /* wrong codes that end a pending sign-in */

struct twofactor {
    char secret[TOTP_SECRET_HEX + 1];
    int confirmed;
    unsigned long long last_step;
    int codes_left; /* unused recovery codes */
};

/* The account's secret: DB_OK, or DB_NOT_FOUND when it has none. */
enum db_rc twofactor_get(struct db *db, struct arena *a, long long user_id, struct twofactor *out);

/* Keep secret as the account's new, unconfirmed secret (nothing when it has
 * a confirmed one already). */
enum db_rc twofactor_start(struct db *db, long long user_id, const char *secret);

/* In one transaction: the unconfirmed secret confirmed with step as the last
 * step used, and the recovery codes replaced by the n hashes. DB_NOT_FOUND
 * when there was no unconfirmed secret. */
enum db_rc twofactor_confirm(struct db *db, long long user_id, unsigned long long step,
                             char (*hashes)[RECOVERY_HASH_HEX + 1], int n);

/* In one transaction: the recovery codes of user_id replaced by the n
 * hashes (the old ones stop working). */
enum db_rc twofactor_codes_replace(struct db *db, long long user_id,
                                   char (*hashes)[RECOVERY_HASH_HEX + 1], int n);

/* Two-step sign-in off for user_id: the secret and every recovery code gone. */
enum db_rc twofactor_remove(struct db *db, long long user_id);

/* Use step: *ok = 1 when it is later than the last step used (now the last),
 * 0 when it is not (a replayed code). */
enum db_rc twofactor_use_step(struct db *db, long long user_id, unsigned long long step, int *ok);

/* Use the recovery code with hash: *ok = 1 when it was unused (now used). */
enum db_rc twofactor_use_recovery(struct db *db, long long user_id, const char *hash, int *ok);

/* A pending sign-in of user_id under the token hash, returning to next (or NULL). */
enum db_rc twofactor_pending_new(struct db *db, const char *hash, long long user_id,
                                 const char *next);

/* The pending sign-in with hash that has not expired: DB_NOT_FOUND otherwise. */
enum db_rc twofactor_pending_get(struct db *db, struct arena *a, const char *hash,
                                 long long *user_id, char **next, int *attempts);

/* One more wrong code for the pending sign-in. */
enum db_rc twofactor_pending_failed(struct db *db, const char *hash);

/* The pending sign-in is over (and any expired ones are forgotten). */
enum db_rc twofactor_pending_end(struct db *db, const char *hash);
