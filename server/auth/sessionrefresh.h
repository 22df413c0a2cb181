/*
 * sessionrefresh: one thread that reads the sessions the session cache has
 * queued as due (auth/sessioncache.h) again, SESSION_REFRESH_MAX to a
 * statement, with a connection of the pool, so that no reader's request
 * spends a round trip on a session it has a live copy of.
 */
#pragma once

struct config;
struct db_pool;

/* Start it, and the cache's queue (0, or -1 logged: copies are then read
 * by their readers when they die, as before). */
int sessionrefresh_start(struct db_pool *pool, const struct config *cfg);

/* Stop it (the queue with it); a no-op when it did not start. */
void sessionrefresh_stop(void);
