/*
 * accounts: people and their roles. This first part holds what the command
 * line needs (the first admin, the demo users); sign-in, registration and the
 * account page build on it (issue #3).
 */
#pragma once

#include "auth/roles.h"
#include "db/db.h"

struct arena;

/* Create the user (or find it by e-mail), give it the roles and set its
 * password hash. *created says which. */
enum db_rc account_store_upsert(struct db *db, const char *email, const char *name,
                                const char *lang, const char *pw_hash, unsigned roles,
                                int *created);

/* dysgu create-admin EMAIL: make or promote an admin with a new one-time
 * password, printed to stdout. Returns the exit code. */
int account_cli_create_admin(struct db *db, const char *email);

/* dysgu seed-demo: the demo account for each role, with the password from
 * DYSGU_DEMO_PASSWORD; skipped when already seeded with that password. */
int account_cli_seed_demo(struct db *db);
