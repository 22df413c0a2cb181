#include "persongen.h"

#include <stdatomic.h>

#include "core/clock.h"

struct slot {
    atomic_ullong gen;
    atomic_llong touched_ms;
};

static struct slot slot[PERSONGEN_SLOTS];
static struct slot everyone = { 1, 0 };
static atomic_ullong unsettled; /* a generation no kept value has */

static struct slot *slot_of(long long person_id)
{
    return &slot[(unsigned long long)person_id & (PERSONGEN_SLOTS - 1)];
}

static void touch(struct slot *s)
{
    atomic_fetch_add(&s->gen, 1);
    atomic_store(&s->touched_ms, clock_ms());
}

unsigned long long persongen_get(long long person_id)
{
    struct slot *s = slot_of(person_id);
    long long now = clock_ms();

    /* a touch from inside a transaction comes before its commit: until it
     * settles, every reader loads afresh and keeps nothing anyone reuses */
    if (now - atomic_load(&s->touched_ms) < PERSONGEN_SETTLE_MS ||
        now - atomic_load(&everyone.touched_ms) < PERSONGEN_SETTLE_MS)
        return (1ULL << 63) | atomic_fetch_add(&unsettled, 1);
    /* both only grow, so their sum moves whenever either does */
    return (atomic_load(&s->gen) + atomic_load(&everyone.gen)) & ~(1ULL << 63);
}

static void bump(struct slot *s)
{
    atomic_fetch_add(&s->gen, 1);
}

void persongen_touch(long long person_id)
{
    bump(slot_of(person_id));
}

void persongen_touch_before_commit(long long person_id)
{
    touch(slot_of(person_id));
}

void persongen_touch_all(void)
{
    bump(&everyone);
}

void persongen_touch_all_before_commit(void)
{
    touch(&everyone);
}
