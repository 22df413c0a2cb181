#include "sessioncache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/persongen.h"

struct slot {
    pthread_mutex_t lock;
    char id_hash[65]; /* "" when empty */
    char csrf[44];
    long long user_id;
    char *strs; /* name '\0' email '\0', malloc'd */
    size_t name_len;
    int lang, roles, twofactor_due, unverified, unread, reauth_fresh;
    long long until_ms;  /* monotonic: dead from then on */
    unsigned long epoch; /* sessioncache_forget_all() kills older copies */
};

static struct slot slots[SESSIONCACHE_SLOTS];
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

static void init(void)
{
    const char *v = getenv("DYSGU_SESSION_CACHE_MS"); /* 0: off (the test harness) */
    size_t i;

    if (v && *v)
        ttl_ms = strtoll(v, NULL, 10);

    for (i = 0; i < SESSIONCACHE_SLOTS; i++)
        pthread_mutex_init(&slots[i].lock, NULL);
}

long long sessioncache_ttl_ms(void)
{
    pthread_once(&once, init);
    return ttl_ms;
}

/* The slot of a hash: its first 8 hex digits (BLAKE2b output, uniform). */
static struct slot *slot_of(const char *id_hash)
{
    unsigned long v = 0;
    int i;

    pthread_once(&once, init);
    for (i = 0; i < 8 && id_hash[i]; i++)
        v = v * 16 + (unsigned long)(id_hash[i] <= '9' ? id_hash[i] - '0' : id_hash[i] - 'a' + 10);
    return &slots[v & (SESSIONCACHE_SLOTS - 1)];
}

static void clear(struct slot *e)
{
    e->id_hash[0] = '\0';
    free(e->strs);
    e->strs = NULL;
}

int sessioncache_get(struct arena *a, struct session *s, struct user *u)
{
    struct slot *e = slot_of(s->id_hash);
    int hit;

    pthread_mutex_lock(&e->lock);
    hit = e->id_hash[0] && !strcmp(e->id_hash, s->id_hash) && clock_ms() < e->until_ms &&
          e->epoch == atomic_load(&epoch);
    if (hit) {
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
    pthread_mutex_unlock(&e->lock);
    return hit;
}

unsigned long sessioncache_ticket(void)
{
    return atomic_load(&changes);
}

void sessioncache_put(unsigned long ticket, const struct session *s, const struct user *u)
{
    struct slot *e = slot_of(s->id_hash);
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
    pthread_mutex_lock(&e->lock);
    if (atomic_load(&changes) != ticket) { /* read before a change: keep nothing */
        pthread_mutex_unlock(&e->lock);
        free(strs);
        return;
    }
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
    e->epoch = ep;
    pthread_mutex_unlock(&e->lock);
}

void sessioncache_forget(const char *id_hash)
{
    struct slot *e = slot_of(id_hash);

    atomic_fetch_add(&changes, 1);
    pthread_mutex_lock(&e->lock);
    if (!strcmp(e->id_hash, id_hash))
        clear(e);
    pthread_mutex_unlock(&e->lock);
}

void sessioncache_forget_user(long long user_id)
{
    size_t i;

    persongen_touch_before_commit(user_id); /* what is kept of their own pages too */
    pthread_once(&once, init);
    atomic_fetch_add(&changes, 1);
    recent_add(user_id);
    for (i = 0; i < SESSIONCACHE_SLOTS; i++) {
        pthread_mutex_lock(&slots[i].lock);
        if (slots[i].id_hash[0] && slots[i].user_id == user_id)
            clear(&slots[i]);
        pthread_mutex_unlock(&slots[i].lock);
    }
}

void sessioncache_forget_users(const long long *user_id, size_t n)
{
    size_t i, k;

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
    for (i = 0; i < SESSIONCACHE_SLOTS; i++) {
        pthread_mutex_lock(&slots[i].lock);
        for (k = 0; slots[i].id_hash[0] && k < n; k++)
            if (slots[i].user_id == user_id[k])
                clear(&slots[i]);
        pthread_mutex_unlock(&slots[i].lock);
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
    size_t i;

    pthread_once(&once, init);
    for (i = 0; i < SESSIONCACHE_SLOTS; i++) {
        pthread_mutex_lock(&slots[i].lock);
        clear(&slots[i]);
        pthread_mutex_unlock(&slots[i].lock);
    }
}

void sessioncache_usage(size_t *bytes, size_t *entries)
{
    size_t i, b = sizeof(slots), n = 0;

    pthread_once(&once, init);
    for (i = 0; i < SESSIONCACHE_SLOTS; i++) {
        pthread_mutex_lock(&slots[i].lock);
        if (slots[i].strs) {
            b += slots[i].name_len + 1 + strlen(slots[i].strs + slots[i].name_len + 1) + 1;
            n += slots[i].id_hash[0] != '\0';
        }
        pthread_mutex_unlock(&slots[i].lock);
    }
    *bytes = b;
    *entries = n;
}
