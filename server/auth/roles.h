/*
 * roles: what a person may do. One person may hold several roles; they are
 * stored one row each in user_roles and carried as bits in struct user.
 */
#pragma once

enum role {
    ROLE_LEARNER = 1 << 0,
    ROLE_TRAINER = 1 << 1,
    ROLE_MODERATOR = 1 << 2,
    ROLE_ADMIN = 1 << 3,
};

#define ROLE_STAFF (ROLE_TRAINER | ROLE_MODERATOR | ROLE_ADMIN)

/* "learner", "trainer", "moderator", "admin" for one role bit, else "unknown". */
const char *role_name(enum role role);

/* The role named name, or 0. */
enum role role_from_name(const char *name);

/* Bits from a comma-separated list such as "learner,admin"; unknown names are skipped. */
unsigned roles_parse(const char *list);
