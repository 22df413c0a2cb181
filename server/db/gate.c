#include "db/gate.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/xalloc.h"

struct db_gate {
    pthread_mutex_t lock;
    pthread_cond_t changed; /* the prober waits on it (CLOCK_MONOTONIC) */
    pthread_cond_t slot;    /* a connect let through while UP has ended */
    int down;
    int connecting;      /* connects let through while UP and not ended yet */
    int token;           /* the probe token is out */
    int token_by_prober; /* ... to the prober (else to a call that lost its connection) */
    int closed;
    long long probe_at_ms; /* DOWN: no probe before this */
    long long down_at_ms;
    atomic_ulong generation; /* one more at the first loss of a connection opened in it */
    atomic_llong alive_ms;   /* a statement answered then (db_gate_alive()) */
    struct db_gate_stats stats;
};

struct db_gate *db_gate_new(void)
{
    struct db_gate *g = xcalloc(1, sizeof(*g));

    pthread_mutex_init(&g->lock, NULL);
    clock_cond_init(&g->changed);
    clock_cond_init(&g->slot);
    g->down = 1;
    g->token = 1;
    g->token_by_prober = 1;
    return g;
}

void db_gate_free(struct db_gate *g)
{
    if (!g)
        return;
    pthread_cond_destroy(&g->changed);
    pthread_cond_destroy(&g->slot);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* Lock held. */
static void go_down(struct db_gate *g, long long now_ms, const char *why)
{
    assert(!g->down);
    g->down = 1;
    g->down_at_ms = now_ms;
    g->probe_at_ms = now_ms + DB_GATE_PROBE_MS;
    g->stats.outages++;
    log_warn("database unavailable (%s): answering 503 without connecting until it answers again",
             why);
    pthread_cond_broadcast(&g->changed);
    pthread_cond_broadcast(&g->slot); /* whoever waits for a slot is refused now */
}

enum db_gate_pass db_gate_enter(struct db_gate *g, int wait_ms)
{
    struct timespec deadline = clock_deadline(CLOCK_MONOTONIC, wait_ms);
    enum db_gate_pass pass = DB_GATE_SHUT;
    int rc = 0;

    pthread_mutex_lock(&g->lock);
    while (!g->down && g->connecting >= DB_GATE_CONNECTS && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&g->slot, &g->lock, &deadline);
    if (!g->down && g->connecting < DB_GATE_CONNECTS) {
        pass = DB_GATE_OPEN;
        g->connecting++;
    } else {
        g->stats.refused++;
    }
    pthread_mutex_unlock(&g->lock);
    return pass;
}

enum db_gate_pass db_gate_lost(struct db_gate *g, unsigned long generation, long long now_ms)
{
    enum db_gate_pass pass = DB_GATE_SHUT;

    pthread_mutex_lock(&g->lock);
    /* the first loss of a generation: its other connections are suspect */
    if (generation == atomic_load(&g->generation))
        atomic_fetch_add(&g->generation, 1);
    if (!g->down) {
        go_down(g, now_ms, "a connection was lost");
        /* the call that noticed retries at once, if it may (db.h) */
        g->probe_at_ms = now_ms;
        g->token = 1;
        g->token_by_prober = 0;
        pass = DB_GATE_TOKEN;
    }
    pthread_mutex_unlock(&g->lock);
    return pass;
}

void db_gate_leave(struct db_gate *g, enum db_gate_pass pass, enum db_gate_outcome how,
                   long long now_ms)
{
    int ok = how == DB_GATE_OK;

    assert(pass == DB_GATE_OPEN || pass == DB_GATE_TOKEN);
    pthread_mutex_lock(&g->lock);
    /* counted here, where an attempt is reported, not where one was allowed */
    if (pass == DB_GATE_TOKEN && g->token_by_prober)
        g->stats.probes++;
    else
        g->stats.connects++;
    if (pass == DB_GATE_TOKEN) {
        assert(g->token && g->down);
        g->token = 0;
        if (ok) {
            g->down = 0;
            if (g->stats.outages)
                log_info("database answers again after %.1f s",
                         (double)(now_ms - g->down_at_ms) / 1000.0);
        } else {
            g->probe_at_ms = now_ms + DB_GATE_PROBE_MS;
        }
        pthread_cond_broadcast(&g->changed);
    } else {
        assert(g->connecting > 0);
        g->connecting--;
        pthread_cond_signal(&g->slot);
        /* a handshake MariaDB had no CPU for in time while its open
         * connections answer (a saturated machine): not an outage, which
         * would refuse every request a connection of the pool's */
        if (how == DB_GATE_TIMED_OUT && now_ms - atomic_load(&g->alive_ms) < DB_GATE_ALIVE_MS)
            log_warn("a connect timed out while the open connections answer: the database is "
                     "busy, not away");
        else if (!ok && !g->down)
            go_down(g, now_ms, "cannot connect");
    }
    pthread_mutex_unlock(&g->lock);
}

void db_gate_alive(struct db_gate *g, long long now_ms)
{
    /* written at most every 10 ms: one cache line every worker shares */
    if (now_ms - atomic_load_explicit(&g->alive_ms, memory_order_relaxed) >= 10)
        atomic_store_explicit(&g->alive_ms, now_ms, memory_order_relaxed);
}

void db_gate_drop(struct db_gate *g, long long now_ms)
{
    pthread_mutex_lock(&g->lock);
    assert(g->token);
    g->token = 0;
    g->probe_at_ms = now_ms;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
}

/* Lock held. */
static enum db_gate_pass take_locked(struct db_gate *g, long long now_ms)
{
    if (!g->down || g->token || g->closed || now_ms < g->probe_at_ms)
        return DB_GATE_SHUT;
    g->token = 1;
    g->token_by_prober = 1;
    return DB_GATE_TOKEN;
}

enum db_gate_pass db_gate_probe_take(struct db_gate *g, long long now_ms)
{
    enum db_gate_pass pass;

    pthread_mutex_lock(&g->lock);
    pass = take_locked(g, now_ms);
    pthread_mutex_unlock(&g->lock);
    return pass;
}

enum db_gate_pass db_gate_probe_wait(struct db_gate *g)
{
    enum db_gate_pass pass = DB_GATE_SHUT;
    struct timespec deadline;
    long long now;

    pthread_mutex_lock(&g->lock);
    while (!g->closed) {
        now = clock_ms();
        pass = take_locked(g, now);
        if (pass == DB_GATE_TOKEN)
            break;
        if (g->down && !g->token) {
            deadline = clock_deadline(CLOCK_MONOTONIC, (int)(g->probe_at_ms - now));
            pthread_cond_timedwait(&g->changed, &g->lock, &deadline);
        } else {
            pthread_cond_wait(&g->changed, &g->lock);
        }
    }
    pthread_mutex_unlock(&g->lock);
    return pass;
}

void db_gate_close(struct db_gate *g)
{
    pthread_mutex_lock(&g->lock);
    g->closed = 1;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
}

int db_gate_down(struct db_gate *g)
{
    int down;

    pthread_mutex_lock(&g->lock);
    down = g->down;
    pthread_mutex_unlock(&g->lock);
    return down;
}

unsigned long db_gate_generation(struct db_gate *g)
{
    return atomic_load(&g->generation);
}

void db_gate_stats(struct db_gate *g, struct db_gate_stats *out)
{
    pthread_mutex_lock(&g->lock);
    *out = g->stats;
    out->down = g->down;
    pthread_mutex_unlock(&g->lock);
}
