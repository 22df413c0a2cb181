#include <string.h>

#include "core/fnv.h"
#include "core/recent.h"
#include "testing.h"

/* A key as audit/every.c makes one: the event and detail, then two ids. */
static unsigned long long view_key(long long viewer)
{
    static const char prefix[] = "apprentice_viewed\xff"
                                 "apprentice=900000001";
    long long ids[2] = { viewer, 20 };

    return fnv1a(fnv1a(FNV1A_START, prefix, strlen(prefix)), ids, sizeof(ids));
}

/* 200 viewers with ids one apart (the bench's): each one's key is found
 * again after all the others were noted (one slot a key, FNV's middle bits
 * put 72 of them in pairs that pushed each other out). */
static void recent__two_hundred_neighbours_all_kept(void)
{
    static struct recent t = RECENT_INIT;
    long long id;

    for (id = 1; id <= 200; id++)
        recent_note(&t, view_key(id), 1000);
    for (id = 1; id <= 200; id++)
        CU_ASSERT(recent_within(&t, view_key(id), 2000, 10000));
    CU_ASSERT_FALSE(recent_within(&t, view_key(201), 2000, 10000));
}

static void recent__within_is_strict(void)
{
    static struct recent t = RECENT_INIT;

    recent_note(&t, 42, 1000);
    CU_ASSERT(recent_within(&t, 42, 1999, 1000));
    CU_ASSERT_FALSE(recent_within(&t, 42, 2000, 1000));
    recent_note(&t, 42, 2000); /* noted again: its own slot, a new time */
    CU_ASSERT(recent_within(&t, 42, 2500, 1000));
}

/* Five keys of one set: the fifth takes the slot of the one noted least lately. */
static void recent__fifth_of_a_set_replaces_the_oldest(void)
{
    static struct recent t = RECENT_INIT;
    unsigned long long k[RECENT_WAYS + 1], set = fnv_mix(1) % (RECENT_SLOTS / RECENT_WAYS), c;
    int n = 0, i;

    for (c = 1; n <= RECENT_WAYS; c++)
        if (fnv_mix(c) % (RECENT_SLOTS / RECENT_WAYS) == set)
            k[n++] = c;
    for (i = 0; i < RECENT_WAYS; i++)
        recent_note(&t, k[i], 100 + i);
    recent_note(&t, k[0], 200); /* k[1] is now the one noted least lately */
    recent_note(&t, k[RECENT_WAYS], 300);
    CU_ASSERT(recent_within(&t, k[0], 301, 1000));
    CU_ASSERT_FALSE(recent_within(&t, k[1], 301, 1000));
    for (i = 2; i <= RECENT_WAYS; i++)
        CU_ASSERT(recent_within(&t, k[i], 301, 1000));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "recent__two_hundred_neighbours_all_kept", recent__two_hundred_neighbours_all_kept },
        { "recent__within_is_strict", recent__within_is_strict },
        { "recent__fifth_of_a_set_replaces_the_oldest",
          recent__fifth_of_a_set_replaces_the_oldest },
        { NULL, NULL },
    };
    test_add_suite("core/recent", cases);
}
