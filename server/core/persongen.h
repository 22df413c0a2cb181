/*
 * persongen: a generation per person, for what a feature keeps in memory of
 * one person's own (core/kepttable.h, issue 22): read it with the value, and
 * the kept value is stale as soon as it moves.
 *
 * It moves, in this process:
 *   - for every request other than GET and HEAD that a signed-in person (or
 *     an API token's owner) makes, before its response's first byte goes and
 *     again when its handler returns (http/resp.c, app/router.c): whatever the
 *     request changed, the person's next page reads it again;
 *   - for the people a change by someone else touches, where the code that
 *     changes it says so (persongen_touch(): an admin's enrolment, a reply's
 *     notified people through auth/sessioncache.h, which forgets their session);
 *   - for everyone, when the shared pages are forgotten (an admin publish, an
 *     import: http/rendercache.h rendercache_forget()).
 *
 * A change no code touches (made on another server behind the proxy, or by
 * another person without a touch) is seen once the kept value is older than
 * PERSON_KEPT_TTL_MS, the session cache's bound: docs/decisions.md "A
 * person's own pages kept in memory".
 *
 A touch after the change committed (persongen_touch(), persongen_touch_all())
 * holds at once: the next read is the person's new generation and is kept.
 * A touch that may come before the change commits (the session cache's
 * forgets, called inside the transaction that notifies people) is
 * persongen_touch_before_commit(): for PERSONGEN_SETTLE_MS after it the
 * person's generation is new on every read, so nothing read meanwhile
 * (perhaps from before the commit) is reused (auth/sessioncache.h does the
 * same for 0.5 s).
 *
 * PERSONGEN_SLOTS counters, one per person id modulo their number: people
 * who share a slot move each other's generation (a spare reload, never a
 * stale page). Thread-safe, lock-free, no set-up.
 */
#pragma once

#define PERSONGEN_SLOTS     4096 /* a power of two */
#define PERSON_KEPT_TTL_MS  2000 /* = SESSIONCACHE_TTL_MS */
#define PERSONGEN_SETTLE_MS 500

/* The generation of person_id's kept values (never 0). */
unsigned long long persongen_get(long long person_id);

/* person_id changed, or something of theirs did, and it has committed. */
void persongen_touch(long long person_id);

/* The same from where the change may not have committed yet (see above). */
void persongen_touch_before_commit(long long person_id);

/* Everyone's (shared data every person's page shows changed), after the
 * commit / from where it may not have committed yet. */
void persongen_touch_all(void);
void persongen_touch_all_before_commit(void);
