/* recent: keys noted lately, in sets of four (recent.h). */
#include "recent.h"

#include "core/fnv.h"

/* The slot of key's set holding it, or, when to_note, the one noted least
 * lately (an empty one first); else NULL. Under t->lock. */
static struct recent_slot *slot_of(struct recent *t, unsigned long long key, int to_note)
{
    struct recent_slot *set = &t->slot[fnv_mix(key) % (RECENT_SLOTS / RECENT_WAYS) * RECENT_WAYS];
    struct recent_slot *oldest = &set[0];
    int i;

    for (i = 0; i < RECENT_WAYS; i++) {
        if (set[i].key == key)
            return &set[i];
        if (set[i].at_ms < oldest->at_ms)
            oldest = &set[i];
    }
    return to_note ? oldest : NULL;
}

int recent_within(struct recent *t, unsigned long long key, long long now_ms, long long within_ms)
{
    const struct recent_slot *s;
    int within;

    pthread_mutex_lock(&t->lock);
    s = slot_of(t, key, 0);
    within = s && now_ms - s->at_ms < within_ms;
    pthread_mutex_unlock(&t->lock);
    return within;
}

void recent_note(struct recent *t, unsigned long long key, long long now_ms)
{
    struct recent_slot *s;

    pthread_mutex_lock(&t->lock);
    s = slot_of(t, key, 1);
    *s = (struct recent_slot){ key, now_ms };
    pthread_mutex_unlock(&t->lock);
}
