/*
 * kept: one value read from the database and kept in memory for every
 * request of the process (issue 22): a list the same for everyone, a grouped
 * count every filter starts from. The feature supplies a loader; kept owns
 * the rest, once for all of them:
 *
 *   - the lock, and the check that the kept value will do: younger than
 *     ttl_ms (0: no age limit) and read under the generation the reader
 *     passes (a counter the feature moves when its data changes; 0 when it
 *     has none), and not dropped by kept_forget() since;
 *   - single flight: one reader at a time runs the loader. Meanwhile the
 *     others get the previous value when it is only too old (no older than
 *     stale_ms; 0: any age), else wait for the refill up to wait_ms; when it
 *     is slower than that or keeps nothing, they load for themselves (as
 *     http/rendercache.c does for a cold page);
 *   - renewal before the ttl ends: the first reader of a value past 75-95 %
 *     of its ttl (spread per value) reads it again while the others are
 *     still served it, so a value read often never grows too old and nobody
 *     waits on its refill (values read in one burst do not all expire in one);
 *     should that read fail, its reader too is served the value it renewed;
 *   - a loader's error goes to the reader that ran it; the previous value
 *     stays kept for the others, and the next reader tries again;
 *   - the bytes every kept value holds, for /metrics' dysgu_cache_bytes.
 *
 * A value is immutable once loaded (but for kept's own note of when it was
 * read, which a .same check that finds it unchanged renews). A reader holds
 * a reference to it until its arena is reset, so a refill or a forget never
 * pulls it from under the request; the last holder frees it. Nothing needs
 * copying out (copy when a part must outlive the request).
 *
 * Static set-up, no init call (kept_init() for a table of them):
 *     static struct kept orgs_cy = KEPT_INIT(load_orgs, 5 * 60 * 1000);
 * Thread-safe. A struct kept lives as long as the process; kept_release()
 * drops its value (tests, shutdown).
 */
#pragma once

#include <pthread.h>
#include <stddef.h>

struct arena;
struct kept_value;

/*
 * Read the value into a (an arena of its own, kept with the value): 0 with
 * *value (allocated in a, or static) and *size (its length in bytes, handed
 * back to readers as is), or any other number, which kept_get() returns to
 * its caller (an enum db_rc, say). arg is kept_get()'s, e.g. the request's
 * struct db. Runs without kept's lock held.
 */
typedef int kept_load_fn(struct arena *a, void *arg, const void **value, size_t *size);

/*
 * Optional, for a value far dearer to read than to check: 1 when value (read
 * by the loader at the reader's generation) still holds what a load would
 * read now, so that it is kept as if read now and the loader does not run;
 * anything else, and the loader runs. arg is kept_get()'s. Runs without
 * kept's lock held, wherever the loader would.
 */
typedef int kept_same_fn(void *arg, const void *value, size_t size);

struct kept {
    kept_load_fn *load;
    long long ttl_ms;   /* a value is fresh this long after its read began; 0: no limit */
    long long stale_ms; /* the oldest served while another refills; 0: any age */
    int wait_ms;        /* how long a reader with nothing to serve waits; 0: KEPT_WAIT_MS */
    size_t chunk;       /* the arena chunk a value starts with; 0: ARENA_DEFAULT_CHUNK */
    int background;     /* arg is only a database connection: renewed behind the readers */
    kept_same_fn *same; /* NULL: every renewal and refill loads */

    /* private to kept.c */
    pthread_mutex_t lock;
    pthread_cond_t filled; /* a refill ended (CLOCK_REALTIME waits: the static initialiser's) */
    struct kept_value *cur;
    int refilling;
    unsigned long long forgotten; /* kept_forget() calls */
    unsigned long long let_go;    /* single-flight refills that kept nothing */
    struct kept *next;            /* the list kept_usage() walks, once kept */
    int listed;
};

#define KEPT_WAIT_MS 2000

/* A static struct kept; further limits follow as designated initialisers:
 * KEPT_INIT(load, 1000, .stale_ms = 2000). */
#define KEPT_INIT(load_, ttl_ms_, ...)                                                             \
    {                                                                                              \
        .load = (load_), .ttl_ms = (ttl_ms_), .lock = PTHREAD_MUTEX_INITIALIZER,                   \
        .filled = PTHREAD_COND_INITIALIZER, __VA_ARGS__                                            \
    }

/* The same at run time, for a table of them (one per key): k empty, with
 * load and ttl_ms, the other limits 0. */
void kept_init(struct kept *k, kept_load_fn *load, long long ttl_ms);

/*
 * The value of k for a reader whose data is at generation gen: the kept one
 * when it will do, else loaded now through k->load(arena, arg, ...) and kept
 * (unless kept_forget() came during the load). 0 with *value and *size, valid
 * until a is next reset or released; otherwise the loader's error, *value
 * NULL and *size 0.
 */
int kept_get(struct arena *a, struct kept *k, unsigned long long gen, void *arg, const void **value,
             size_t *size);

/*
 * Renewals behind the readers: for a kept with .background set (its loader's
 * arg is a database connection and nothing of the request), the reader who
 * finds the value due for renewal is served it like the rest, and the
 * renewal is handed to post(run, job), which must call run(job, arg) once,
 * on another thread, with a connection of its own as arg (NULL when it has
 * none: a later reader renews it). post returns 0 when it took the job, else
 * that reader renews it as before. Set by the server while its threads run
 * (NULL: off). A renewal under load takes what its share of the cores allows
 * (the roster's two statements: 100-900 ms on two loaded cores), and its
 * reader waited that long.
 */
typedef int kept_post_fn(void (*run)(void *job, void *arg), void *job);
void kept_background(kept_post_fn *post);

/* Drop k's value now; a load begun before this call is used by its reader but not kept. */
void kept_forget(struct kept *k);

/* The bytes k's kept value holds (0: none kept). */
size_t kept_bytes(struct kept *k);

/* Every kept value's bytes and how many are kept: a metrics_usage_fn. */
void kept_usage(size_t *bytes, size_t *entries);

/* Drop every kept value no reader may use any more (older than its ttl_ms
 * and its stale_ms), so that what was asked for once (a person's page,
 * core/kepttable.h) does not hold memory until its slot is reused. The
 * server calls it every few seconds. Returns how many were dropped. */
size_t kept_sweep(void);

/* Drop k's value as kept_forget() does, and take k off kept_usage()'s list. */
void kept_release(struct kept *k);
