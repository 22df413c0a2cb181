/*
 * sessioncache: what session_load read for a session, kept in this process
 * for SESSIONCACHE_TTL_MS so that a person's page does not spend a database
 * round trip on who they are (issue 22). Keyed by the session's hash (never
 * the token), which picks a set of SESSIONCACHE_WAYS copies; a full set
 * replaces its least recently used copy.
 *
 * Forgotten AT ONCE in this process by whatever changes what it holds:
 * signing out and ending sessions (session.c), a password or role change,
 * disabling, a new name or language, e-mail verification, two-step sign-in
 * turned on or off, re-authentication, and a notification's unread count
 * (the header's). A write that forgets nothing here is stale for at most the
 * TTL on this server, and on every other server behind the proxy (each keeps
 * its own): docs/decisions.md "One round trip for a person's page".
 */
#pragma once

#include <stddef.h>

#include "auth/session.h"

#define SESSIONCACHE_TTL_MS 2000 /* DYSGU_SESSION_CACHE_MS overrides; 0 turns it off */
#define SESSIONCACHE_SETS   256  /* a power of two */
/* copies per set: 2,048 in all (4: the bench's 200 sessions put 5 in one
 * set, which pushed each other out) */
#define SESSIONCACHE_WAYS 8

struct arena;

/* Fill s and u (strings in a) from a live copy for s->id_hash: 1, else 0. */
int sessioncache_get(struct arena *a, struct session *s, struct user *u);

/* Taken before the database is read: a put with it keeps nothing when
 * anything was forgotten meanwhile (the read may be from before the change). */
unsigned long sessioncache_ticket(void);

/* Keep a copy of what session_load has just read, with the ticket taken
 * before the read. */
void sessioncache_put(unsigned long ticket, const struct session *s, const struct user *u);

/* Forget the session with this hash / every session of user_id / all. */
void sessioncache_forget(const char *id_hash);
void sessioncache_forget_user(long long user_id);
void sessioncache_forget_all(void);

/* Every session of the n users in user_id, in one pass over the slots (a
 * reply's notified people); all when n is more than SESSIONCACHE_USERS_MAX. */
#define SESSIONCACHE_USERS_MAX 64
void sessioncache_forget_users(const long long *user_id, size_t n);

/*
 * Read again behind its readers (auth/sessionrefresh.h): while a refresher
 * runs (sessioncache_due_on(1)), the first hit on a copy past 40-60 % of its
 * ttl queues its hash, and the refresher reads every queued session in one
 * statement and puts them back; the readers are served the copy meanwhile.
 * A session read on a reader's request costs that request a round trip, and
 * under load (two cores, 64 requests running) it waited 30-85 ms for
 * MariaDB's share of the cores: most of the signed-in pages' p99. What a
 * copy may say stays as old as before (the ttl from its read).
 */
#define SESSIONCACHE_DUE_MAX 256

void sessioncache_due_on(int on);

/* Up to max queued hashes into out, waiting up to wait_ms for the first
 * (less when turned off): how many. */
size_t sessioncache_due_wait(char (*out)[65], size_t max, int wait_ms);

/* A queued session the refresher could not read: a later hit asks again. */
void sessioncache_renew_failed(const char *id_hash);

/* Its time to live in ms (0: off, DYSGU_SESSION_CACHE_MS=0). */
long long sessioncache_ttl_ms(void);

/* What it holds (/metrics): its table and the copies' strings; live copies. */
void sessioncache_usage(size_t *bytes, size_t *entries);

/* Release the copies' memory (at exit, for the leak checker). */
void sessioncache_free(void);
