/*
 * refill: the render cache's refills run on a few threads of their own.
 *
 * With the render cache on, a worker renders a shared page only when its
 * request claims a refill: a few times a second, on whichever of the 256
 * workers (sized for slow clients, issue 12) happens to get it. Each worker's
 * first renders then warm its own memory (the arena's chunk, glibc's
 * per-thread caches) one by one over minutes, and the soak read that as a
 * leak (docs/decisions.md, "The render cache of shared pages"). Handing the
 * refill to one of REFILL_THREADS threads keeps that memory in a few threads
 * that warm once, and bounds how many shared pages render at the same time.
 *
 * The worker waits for the result: the refill thread sends the response on
 * the worker's connection as the worker would, and nothing else uses the
 * request meanwhile. The render allocates from the refill thread's own
 * arena, not the worker's: a worker's arena chunk then only ever holds what
 * answering from the cache needs, and is warm after its first request. When the pool is not running
 * (tests, the command line) or its queue is long (a slow database), the worker renders itself: a
 * refill never waits behind more than REFILL_QUEUE others (claims are one per
 * address, so the queue holds at most one job per page being refilled). Four,
 * not 64: a render holds its refill thread through its statements, and new
 * searches (a page nobody asked for in 2 s, each a refill) queued 30 deep
 * behind two threads: search-new-cy's p99 was 0.6–1.1 s at 64 connections;
 * with four, 0.4–0.8 s on the same loaded machine, back to back (the rest
 * render on their own workers, as without the pool). Jobs nobody waits for
 * (refill_post: the background refreshes of kept pages, core/kept's
 * renewals) have a queue of their own, as long, taken only when no reader
 * waits: a first render never queues behind them.
 */
#pragma once

#define REFILL_THREADS 2
#define REFILL_QUEUE   4
#define REFILL_ARENA   (256 * 1024) /* the largest shared page renders in one chunk */

struct arena;

/* Start the threads (0, or -1 with a log line). */
int refill_start(void);

/* Stop them after the server has stopped (jobs still queued run first). */
void refill_stop(void);

/* Run fn(own, arg) on a refill thread and wait for it. own is the refill
 * thread's arena, for what the render allocates: it is reset when fn
 * returns, before the caller wakes, so nothing fn allocated there may be
 * used after. When the pool is not running or busy, fn runs on this thread
 * with own NULL. Returns fn's result. */
int refill_run(int (*fn)(struct arena *own, void *arg), void *arg);

/* Queue fn(own, arg) on a refill thread and return at once (nobody waits
 * for it: fn owns arg). 0, or -1 when the pool is not running or its queue
 * is full (fn is not called). On a refill thread refill_run() runs fn at
 * once, never behind itself. */
int refill_post(int (*fn)(struct arena *own, void *arg), void *arg);

/* Jobs queued that a reader waits for (refill_run), not yet taken (tests). */
int refill_waiting(void);

/* Renew core/kept's values behind their readers on these threads, with a
 * connection of db_pool each (core/kept.h kept_background()); NULL: stop. */
struct db_pool;
void refill_kept(struct db_pool *db_pool);
