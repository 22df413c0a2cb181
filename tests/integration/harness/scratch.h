/*
 * scratch: a database of a test's own (fx_scratch_), for tests that must
 * prove "the database did not change" (CHECKSUM TABLE before and after)
 * while other test files write to the shared one in parallel. It is
 * dysgu_scratch_<pid>_<tag>, migrated with every migration, dropped after;
 * the test account may create dysgu_* databases (ops/db). A server pointed
 * at it gets d->env in its extra_env.
 */
#pragma once

struct fx_scratch {
    char name[64];
    char *url;          /* DYSGU_DB for the scratch database (malloc'd) */
    char env[4096 + 8]; /* "DYSGU_DB=<url>" for server_start's extra_env */
};

/* CREATE DATABASE dysgu_scratch_<pid>_<tag> and apply every migration. 0 or -1. */
int fx_scratch_create(struct fx_scratch *d, const char *tag);

/* DROP it (if it was made) and free d->url. */
void fx_scratch_drop(struct fx_scratch *d);

/*
 * "table=checksum\n" for every table but the volatile ones, in name order
 * (malloc'd), or NULL on a database error. Volatile: the tables a refused
 * request may still write on purpose, rate-limit counters and the security
 * audit trail (a refused sign-in is counted and logged); everything else
 * must be byte-for-byte unchanged after a 4xx.
 */
char *fx_scratch_checksum(const struct fx_scratch *d);
