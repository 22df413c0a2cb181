#include "persongen.h"

#include <stdatomic.h>

static atomic_ullong slot[PERSONGEN_SLOTS];
static atomic_ullong everyone = 1;

static atomic_ullong *slot_of(long long person_id)
{
    return &slot[(unsigned long long)person_id & (PERSONGEN_SLOTS - 1)];
}

unsigned long long persongen_get(long long person_id)
{
    /* both only grow, so their sum moves whenever either does */
    return atomic_load(slot_of(person_id)) + atomic_load(&everyone);
}

void persongen_touch(long long person_id)
{
    atomic_fetch_add(slot_of(person_id), 1);
}

void persongen_touch_all(void)
{
    atomic_fetch_add(&everyone, 1);
}
