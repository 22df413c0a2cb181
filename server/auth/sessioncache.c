#include "sessioncache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/persongen.h"

/* One copy; a set's SESSIONCACHE_WAYS copies share the set's lock. */
struct slot {
    char id_hash[65]; /* "" when empty */
    char csrf[44];
    long long user_id;
    char *strs; /* name '\0' email '\0', malloc'd */
    size_t name_len;
    int lang, roles, twofactor_due, unverified, unread, reauth_fresh;
    long long until_ms;  /* monotonic: dead from then on */
    long long renew_ms;  /* from then a hit asks the refresher to read it again */
    int renewing;        /* asked, not yet read again */
    unsigned long epoch; /* sessioncache_forget_all() kills older copies */
    unsigned long used;  /* the set's clock at its last put or hit: LRU */
};

/* A hash picks a set; within it, a put takes the copy of the same session,
 * else an empty or dead one, else the least recently used: two sessions
 * sharing a set both stay (direct-mapped, 19% of the bench's signed-in
 * requests re-read a session that another had pushed out). */
struct set {
    pthread_mutex_t lock;
    unsigned long clock;
    struct slot way[SESSIONCACHE_WAYS];
};

static struct set sets[SESSIONCACHE_SETS];
static atomic_ulong epoch;   /* sessioncache_forget_all() */
static atomic_ulong changes; /* every forget: sessioncache_ticket() */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Users forgotten within RECENT_MS: a forget inside a transaction comes
 * before its commit, so a read in between could keep the old rows; no copy
 * of theirs is kept until then (the transactions that forget commit within
 * milliseconds of it: nothing slow runs after their writes). */
#define RECENT    64
#define RECENT_MS 500

static struct {
    pthread_mutex_t lock;
    long long user_id[RECENT], at_ms[RECENT];
    size_t next;
} recent = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void recent_add(long long user_id)
{
    pthread_mutex_lock(&recent.lock);
    recent.user_id[recent.next] = user_id;
    recent.at_ms[recent.next] = clock_ms();
    recent.next = (recent.next + 1) % RECENT;
    pthread_mutex_unlock(&recent.lock);
}

static int recent_has(long long user_id)
{
    long long now = clock_ms();
    int found = 0;
    size_t i;

    pthread_mutex_lock(&recent.lock);
    for (i = 0; i < RECENT && !found; i++)
        found = recent.user_id[i] == user_id && now - recent.at_ms[i] < RECENT_MS;
    pthread_mutex_unlock(&recent.lock);
    return found;
}

static long long ttl_ms = SESSIONCACHE_TTL_MS;

/* Copies due to be read again, for the refresher (sessioncache_due_wait());
 * only while one runs. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t more;
    int on;
    size_t n;
    char hash[SESSIONCACHE_DUE_MAX][65];
} due = { .lock = PTHREAD_MUTEX_INITIALIZER, .more = PTHREAD_COND_INITIALIZER };

/* Ask for id_hash to be read again: 1 when queued. */
static int due_push(const char *id_hash)
{
    int queued = 0;

    pthread_mutex_lock(&due.lock);
    if (due.on && due.n < SESSIONCACHE_DUE_MAX) {
        memcpy(due.hash[due.n++], id_hash, 65);
        pthread_cond_signal(&due.more);
        queued = 1;
    }
    pthread_mutex_unlock(&due.lock);
    return queued;
}

static void init(void)
{
    const char *v = getenv("DYSGU_SESSION_CACHE_MS"); /* 0: off (the test harness) */
    size_t i;

    if (v && *v)
        ttl_ms = strtoll(v, NULL, 10);

    for (i = 0; i < SESSIONCACHE_SETS; i++)
        pthread_mutex_init(&sets[i].lock, NULL);
}

long long sessioncache_ttl_ms(void)
{
    pthread_once(&once, init);
    return ttl_ms;
}

/* The set of a hash: its first 8 hex digits (BLAKE2b output, uniform). */
static struct set *set_of(const char *id_hash)
{
    unsigned long v = 0;
    int i;

    pthread_once(&once, init);
    for (i = 0; i < 8 && id_hash[i]; i++)
        v = v * 16 + (unsigned long)(id_hash[i] <= '9' ? id_hash[i] - '0' : id_hash[i] - 'a' + 10);
    return &sets[v & (SESSIONCACHE_SETS - 1)];
}

/* The copy of id_hash in st (its lock held), or NULL. */
static struct slot *find(struct set *st, const char *id_hash)
{
    size_t w;

    for (w = 0; w < SESSIONCACHE_WAYS; w++)
        if (st->way[w].id_hash[0] && !strcmp(st->way[w].id_hash, id_hash))
            return &st->way[w];
    return NULL;
}

/* Where a put of id_hash goes in st (its lock held): its own copy, else an
 * empty or dead one, else the least recently used. */
static struct slot *victim(struct set *st, const char *id_hash, long long now, unsigned long ep)
{
    struct slot *e = find(st, id_hash), *lru = &st->way[0];
    size_t w;

    if (e)
        return e;
    for (w = 0; w < SESSIONCACHE_WAYS; w++) {
        e = &st->way[w];
        if (!e->id_hash[0] || now >= e->until_ms || e->epoch != ep)
            return e;
        if (e->used < lru->used)
            lru = e;
    }
    return lru;
}

static void clear(struct slot *e)
{
    e->id_hash[0] = '\0';
    free(e->strs);
    e->strs = NULL;
}

int sessioncache_get(struct arena *a, struct session *s, struct user *u)
{
    struct set *st = set_of(s->id_hash);
    struct slot *e;
    long long now;
    int hit;

    pthread_mutex_lock(&st->lock);
    e = find(st, s->id_hash);
    now = clock_ms();
    hit = e && now < e->until_ms && e->epoch == atomic_load(&epoch);
    if (hit && !e->renewing && now >= e->renew_ms)
        e->renewing = due_push(s->id_hash); /* read again behind this reader */
    if (hit) {
        e->used = ++st->clock;
        memcpy(s->csrf, e->csrf, sizeof(s->csrf));
        s->reauth_fresh = e->reauth_fresh;
        u->id = e->user_id;
        u->name = arena_strdup(a, e->strs);
        u->email = arena_strdup(a, e->strs + e->name_len + 1);
        u->lang = (enum lang)e->lang;
        u->roles = (unsigned)e->roles;
        u->twofactor_due = e->twofactor_due;
        u->unverified = e->unverified;
        u->unread = e->unread;
    }
    pthread_mutex_unlock(&st->lock);
    return hit;
}

unsigned long sessioncache_ticket(void)
{
    return atomic_load(&changes);
}

void sessioncache_put(unsigned long ticket, const struct session *s, const struct user *u)
{
    struct set *st = set_of(s->id_hash);
    struct slot *e;
    const char *name = u->name ? u->name : "", *email = u->email ? u->email : "";
    size_t nl = strlen(name), el = strlen(email);
    char *strs = malloc(nl + el + 2);
    unsigned long ep = atomic_load(&epoch); /* before the ticket's check (forget_all) */

    if (!strs || ttl_ms <= 0 || recent_has(u->id)) {
        free(strs);
        return;
    }
    memcpy(strs, name, nl + 1);
    memcpy(strs + nl + 1, email, el + 1);
    pthread_mutex_lock(&st->lock);
    if (atomic_load(&changes) != ticket) { /* read before a change: keep nothing */
        pthread_mutex_unlock(&st->lock);
        free(strs);
        return;
    }
    e = victim(st, s->id_hash, clock_ms(), ep);
    free(e->strs);
    e->strs = strs;
    e->name_len = nl;
    memcpy(e->id_hash, s->id_hash, sizeof(e->id_hash));
    memcpy(e->csrf, s->csrf, sizeof(e->csrf));
    e->user_id = u->id;
    e->lang = (int)u->lang;
    e->roles = (int)u->roles;
    e->twofactor_due = u->twofactor_due;
    e->unverified = u->unverified;
    e->unread = u->unread;
    e->reauth_fresh = s->reauth_fresh;
    e->until_ms = clock_ms() + ttl_ms;
    /* at 40-60 % of the ttl (spread by the set's clock): the refresher's
     * queue and one statement on loaded cores take their time */
    e->renew_ms =
        e->until_ms - ttl_ms * 3 / 5 + (long long)(st->clock % (unsigned long)(ttl_ms / 5 + 1));
    e->renewing = 0;
    e->epoch = ep;
    e->used = ++st->clock;
    pthread_mutex_unlock(&st->lock);
}

void sessioncache_forget(const char *id_hash)
{
    struct set *st = set_of(id_hash);
    struct slot *e;

    atomic_fetch_add(&changes, 1);
    pthread_mutex_lock(&st->lock);
    if ((e = find(st, id_hash)) != NULL)
        clear(e);
    pthread_mutex_unlock(&st->lock);
}

void sessioncache_forget_user(long long user_id)
{
    size_t i, w;

    persongen_touch_before_commit(user_id); /* what is kept of their own pages too */
    pthread_once(&once, init);
    atomic_fetch_add(&changes, 1);
    recent_add(user_id);
    for (i = 0; i < SESSIONCACHE_SETS; i++) {
        pthread_mutex_lock(&sets[i].lock);
        for (w = 0; w < SESSIONCACHE_WAYS; w++)
            if (sets[i].way[w].id_hash[0] && sets[i].way[w].user_id == user_id)
                clear(&sets[i].way[w]);
        pthread_mutex_unlock(&sets[i].lock);
    }
}

void sessioncache_forget_users(const long long *user_id, size_t n)
{
    size_t i, k, w;

    if (n > SESSIONCACHE_USERS_MAX || n > RECENT) { /* more than the recent list holds */
        sessioncache_forget_all();
        return;
    }
    pthread_once(&once, init);
    atomic_fetch_add(&changes, 1);
    for (k = 0; k < n; k++) {
        persongen_touch_before_commit(user_id[k]);
        recent_add(user_id[k]);
    }
    for (i = 0; i < SESSIONCACHE_SETS; i++) {
        pthread_mutex_lock(&sets[i].lock);
        for (w = 0; w < SESSIONCACHE_WAYS; w++) {
            struct slot *e = &sets[i].way[w];

            for (k = 0; e->id_hash[0] && k < n; k++)
                if (e->user_id == user_id[k])
                    clear(e);
        }
        pthread_mutex_unlock(&sets[i].lock);
    }
}

void sessioncache_forget_all(void)
{
    atomic_fetch_add(&changes, 1); /* first: a put that misses it sees the new epoch dead */
    atomic_fetch_add(&epoch, 1);
    persongen_touch_all_before_commit(); /* a reply's many notified people: inside its transaction
                                          */
}

void sessioncache_free(void)
{
    size_t i, w;

    pthread_once(&once, init);
    for (i = 0; i < SESSIONCACHE_SETS; i++) {
        pthread_mutex_lock(&sets[i].lock);
        for (w = 0; w < SESSIONCACHE_WAYS; w++)
            clear(&sets[i].way[w]);
        pthread_mutex_unlock(&sets[i].lock);
    }
}

void sessioncache_usage(size_t *bytes, size_t *entries)
{
    size_t i, w, b = sizeof(sets), n = 0;

    pthread_once(&once, init);
    for (i = 0; i < SESSIONCACHE_SETS; i++) {
        pthread_mutex_lock(&sets[i].lock);
        for (w = 0; w < SESSIONCACHE_WAYS; w++) {
            const struct slot *e = &sets[i].way[w];

            if (e->strs) {
                b += e->name_len + 1 + strlen(e->strs + e->name_len + 1) + 1;
                n += e->id_hash[0] != '\0';
            }
        }
        pthread_mutex_unlock(&sets[i].lock);
    }
    *bytes = b;
    *entries = n;
}

void sessioncache_due_on(int on)
{
    pthread_mutex_lock(&due.lock);
    due.on = on;
    if (!on)
        due.n = 0;
    pthread_cond_broadcast(&due.more);
    pthread_mutex_unlock(&due.lock);
}

size_t sessioncache_due_wait(char (*out)[65], size_t max, int wait_ms)
{
    struct timespec until = clock_deadline(CLOCK_REALTIME, wait_ms);
    size_t n;

    pthread_mutex_lock(&due.lock);
    while (due.on && !due.n)
        if (pthread_cond_timedwait(&due.more, &due.lock, &until))
            break;
    n = due.n < max ? due.n : max;
    memcpy(out, due.hash[due.n - n], n * sizeof(*out));
    due.n -= n;
    pthread_mutex_unlock(&due.lock);
    return n;
}

void sessioncache_renew_failed(const char *id_hash)
{
    struct set *st = set_of(id_hash);
    struct slot *e;

    pthread_mutex_lock(&st->lock);
    if ((e = find(st, id_hash)) != NULL)
        e->renewing = 0;
    pthread_mutex_unlock(&st->lock);
}
