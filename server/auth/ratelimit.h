/*
 * ratelimit: fixed-window counters in the rate_limits table, so every server
 * process sharing the database shares the counts (reference/security.md 1.1).
 *
 * Keys are short ASCII strings naming what is counted, for example
 * "login-ip-m:127.0.0.1" or "login-mail-h:<digest>". A window of window_s seconds starts
 * at a multiple of window_s since the epoch (UTC), so every server agrees on
 * it without talking to the others.
 *
 * The window arithmetic is pure and separate, for unit tests.
 */
#pragma once

#include <time.h>

#include "db/db.h"

struct req;

#define RATELIMIT_KEY_MAX 128 /* bytes */

/*
 * Count one hit for key (ASCII, <= 128 bytes, e.g. "login-ip:127.0.0.1") in
 * the current window of window_s seconds: INSERT ... ON DUPLICATE KEY UPDATE
 * hits = hits + 1, then read hits. *limited = 1 and *retry_after = seconds
 * until the window ends when hits > limit (else *limited = 0, *retry_after = 0).
 * Old windows are deleted opportunistically (1 % of calls: DELETE ... WHERE
 * window_start < UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 1000). A key that is
 * too long, empty or not printable ASCII is DB_ERROR (a bug in the caller).
 */
enum db_rc ratelimit_hit(struct db *db, const char *key, int limit, int window_s, int *limited,
                         int *retry_after);

/* Peek without counting (for 'is this account locked'): *hits in the current
 * window of window_s seconds, 0 when there are none. */
enum db_rc ratelimit_peek(struct db *db, const char *key, int window_s, int *hits);

/* Peek without counting, for a check made before the work it guards: *retry_after
 * = seconds until the current window of window_s ends when key already has
 * limit hits or more in it, else 0. */
enum db_rc ratelimit_over(struct db *db, const char *key, int limit, int window_s,
                          int *retry_after);

/* Forget every window of key (a reset password ends the rest of its e-mail). */
enum db_rc ratelimit_forget(struct db *db, const char *key);

/*
 * The per-address budget of a costly or abusable request (ASVS 2.4.1): one
 * hit for "<what>-m:<client key>" (a minute) and "<what>-h:<client key>" (an
 * hour). 0 while within both; otherwise the 429 sent (Retry-After: the longer
 * wait; the funnel answers with errors.e429 in the reader's language). *rc is
 * the database's answer: not DB_OK means the caller fails closed
 * (page_db_status).
 */
int ratelimit_budget(struct req *r, const char *what, int per_minute, int per_hour, enum db_rc *rc);

/* Pure: start of the window containing now (window_s > 0). */
time_t ratelimit_window_start(time_t now, int window_s);

/* Set Retry-After and return 429, for the funnel to answer with the error page
 * errors.e429 in the reader's language. retry_after below 1 is sent as 1. */
int ratelimit_reply(struct req *r, int retry_after);
