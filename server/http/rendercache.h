/*
 * rendercache: whole responses of shared pages kept in memory, with their
 * compressed variants made once (http/compress.h, COMPRESS_CACHE), so a hit
 * costs no database round trip, no rendering and no compression (issue 22).
 *
 * A route opts in with ROUTE_SHARED in server/routes.c; the funnel then, for
 * a GET or HEAD from a reader without a session cookie (with ROUTE_SHARED_SIGNED
 * also from a signed-in one, rendercache_serve_personal()), answers from here or
 * marks the request (when the address is kept) so that its 200 response is stored by
 * resp_send() on its way out. What a shared page must satisfy is in
 * docs/adding-a-feature.md ("Shared pages").
 *
 * An entry lives RENDERCACHE_TTL_MS (several servers behind a proxy stay
 * correct without talking to each other) or until rendercache_forget(),
 * which an admin publish or unpublish calls in this process. The cache holds
 * at most RENDERCACHE_MAX_BYTES (DYSGU_RENDER_CACHE_BYTES overrides it, for
 * tests), counting all it holds: each page's mapping in whole 4 KB pages
 * (headers, body and variants), each slot and its key; the oldest entries
 * go first. When many ask for an expired or missing key at once, one
 * of them refills it: the others serve the expired copy meanwhile however
 * long that refill takes (stale-while-revalidate: a refill slowed by a
 * loaded machine never makes readers wait), up to RENDERCACHE_STALE_MS (a
 * refill stuck that long is not trusted: when the database is down the
 * funnel bypasses the cache and readers get the 503, not an old page for
 * ever). Only readers of a key with no copy (never rendered, or forgotten
 * by rendercache_forget(), so a change is seen at once) wait for that one
 * refill (single flight: never one render per reader of a cold key). A waiter renders the page
 * itself only when the refill ended without a copy (a 404, a 503) or took
 * longer than RENDERCACHE_WAIT_MS (as long as a request waits for a database
 * connection, http/req.c).
 *
 * An address is kept only when it was asked for RENDERCACHE_ADMIT_ASKS times
 * within RENDERCACHE_ADMIT_MS (a doorkeeper), and its expired copy renewed
 * only when it was asked for that often again or read since it was kept
 * (RENDERCACHE_RENEW_ASKS): searches nobody repeats, and addresses asked for
 * too rarely for a copy to be read before it expires, never take memory or
 * the cost of compressing a kept copy.
 */
#pragma once

#include <stddef.h>

struct req;

#define RENDERCACHE_TTL_MS     1500
#define RENDERCACHE_STALE_MS   10000 /* oldest copy served while another refills */
#define RENDERCACHE_ADMIT_MS   RENDERCACHE_TTL_MS
#define RENDERCACHE_ADMIT_ASKS 2
#define RENDERCACHE_RENEW_ASKS 2    /* a kept copy asked for this often since is renewed */
#define RENDERCACHE_WAIT_MS    2000 /* for a refill, when no copy may be served */
#define RENDERCACHE_MAX_BYTES  (8u * 1024 * 1024)
#define RENDERCACHE_KEY_MAX    512 /* longer addresses are not kept */

/* The cache key of r (in r->arena): method-neutral, the language, the path
 * and the query's decoded fields sorted by name, with the search words q
 * trimmed and folded for case and accents (view/welshfold.h), so that the
 * spellings of one search share one copy, which echoes the spelling it was
 * filled with. NULL when the key is too long to keep. */
const char *rendercache_key(struct req *r);

/* Answer r from the cache when key has a copy (fresh, or expired while
 * another request refills it). 1 when answered; 0 when r must be rendered:
 * it is then marked to fill key when key is kept. */
int rendercache_serve(struct req *r, const char *key);

/*
 * The same for a signed-in reader of a page whose body is the same for
 * everyone but for its personal parts (ROUTE_SHARED_SIGNED): the kept copy
 * is sent with each hole the template layer recorded (core/splice.h)
 * replaced by personal(r, name, out), compressed per response. 1 when
 * answered; 0 when r must be rendered, marked as rendercache_serve() does:
 * when it is, the page must be rendered as an anonymous reader sees it
 * (r->cache.anonymous), and the fill sends it spliced for r.
 */
struct sbuf;
int rendercache_serve_personal(struct req *r, const char *key,
                               int (*personal)(struct req *r, const char *name, struct sbuf *out));

/* Called by resp_send() for a marked request: store the response (the
 * headers in r->headers except Set-Cookie, the body and its variants) and
 * send it. Returns the status sent, or 0 when nothing was stored and the
 * caller sends as usual. */
int rendercache_fill(struct req *r, int status, const char *content_type, const void *body,
                     size_t len);

/* A marked request that ended without a stored response lets go of its
 * claim to refill the key (the funnel calls this after every request). */
void rendercache_end(struct req *r);

/*
 * Refill expired copies in the background (on: the server's refill threads
 * run, app/refill.h). The reader whose ask claims the refill of an expired
 * copy is then served the old copy like everyone else, and
 * r->cache.refresh names the key it claimed (at generation r->cache.gen):
 * the funnel hands that refill to a refill thread, or lets go of it with
 * rendercache_let_go(). Off (a test, the command line), and for a
 * signed-in variant's key (a page as readers in one state see it, which a
 * refill with no reader cannot render): that reader renders the page, and
 * waits for it. Under load a render takes what its share of
 * the cores allows (100 ms of a 5 ms render, and more): no reader should
 * wait for it while a copy may be served.
 */
void rendercache_background(int on);

/* Let go of a claim taken for a background refill that will not run (no
 * refill thread free): a later reader claims it again. */
void rendercache_let_go(const char *key, unsigned gen);

/* A background refill kept its copy (the funnel says so); how many did,
 * and how many claims were let go. */
void rendercache_refreshed(void);
void rendercache_refreshes(unsigned long *kept, unsigned long *let_go);

/* Drop every entry now (an admin publish or unpublish, an import in this
 * process). */
void rendercache_forget(void);

/* How many times rendercache_forget() has run: what a feature keeps in
 * memory for its shared pages (webinars/facets_kept.c) is stale once this
 * moves, as the pages are. */
unsigned rendercache_generation(void);

/* What the cache holds now: bytes (what the cap counts, and its fixed
 * tables) and entries. */
void rendercache_usage(size_t *bytes, size_t *entries);
