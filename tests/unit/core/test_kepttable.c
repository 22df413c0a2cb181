#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/kept.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "testing.h"

/* The loader: "<key>#<n>" for its n-th call; the key comes in its arg. */
static atomic_int loads;

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    char *s = arena_printf(a, "%s#%d", (const char *)arg, atomic_fetch_add(&loads, 1) + 1);

    *value = s;
    *size = strlen(s) + 1;
    return 0;
}

static struct arena a;

static const char *get(struct kept_table *t, const char *key, unsigned long long gen)
{
    char arg[32];
    const void *v;
    size_t n;

    snprintf(arg, sizeof(arg), "%s", key);
    if (kept_table_get(&a, t, key, strlen(key), gen, arg, &v, &n))
        return "";
    return v;
}

static void pause_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}

static void kepttable__each_key_loaded_once_and_kept(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 60000, 64);

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#1");
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 1), "bryn#2");
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#1");
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 1), "bryn#2");
    CU_ASSERT_EQUAL(atomic_load(&loads), 2);
    /* a new generation for anna reads anna again, not bryn */
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 2), "anna#3");
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 1), "bryn#2");
    kept_table_forget(&t, "bryn", 4);
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 1), "bryn#4");
    kept_table_forget_all(&t);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 2), "anna#5");
    arena_release(&a);
    kept_table_release(&t);
}

/* Switched off (a server without a session cache): every get loads, nothing is kept. */
static void kepttable__switched_off_keeps_nothing(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 60000, 4, .chunk = 1024);

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    kept_tables_keep(0);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#1");
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#2");
    kept_tables_keep(1);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#3");
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#3");
    arena_release(&a);
    kept_table_release(&t);
}

/* One slot for every key: each key still gets its own value, never another's. */
static void kepttable__keys_sharing_a_slot_never_see_each_other(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 60000, 1);
    int i;

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    for (i = 0; i < 5; i++) {
        CU_ASSERT_EQUAL(strncmp(get(&t, "anna", 7), "anna#", 5), 0);
        CU_ASSERT_EQUAL(strncmp(get(&t, "bryn", 7), "bryn#", 5), 0);
    }
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 7), "bryn#10"); /* the slot's last: kept */
    arena_release(&a);
    kept_table_release(&t);
}

/* 200 people in 1,024 slots: each loaded once, all kept. With one slot a
 * key, ~20 pairs of them shared a slot and reloaded on every turn. */
static void kepttable__two_hundred_keys_in_a_thousand_slots_all_kept(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 60000, 1024, .chunk = 1024);
    char key[16];
    int round, i;

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    for (round = 0; round < 3; round++)
        for (i = 0; i < 200; i++) {
            snprintf(key, sizeof(key), "person-%d", i);
            CU_ASSERT_EQUAL(strncmp(get(&t, key, 1), key, strlen(key)), 0);
            arena_reset(&a);
        }
    CU_ASSERT_EQUAL(atomic_load(&loads), 200);
    arena_release(&a);
    kept_table_release(&t);
}

/* A set of four: a fifth key takes the slot read least lately. */
static void kepttable__a_new_key_takes_the_slot_read_least_lately(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 60000, 4, .chunk = 1024);
    static const char *key[] = { "anna", "bryn", "cai", "dewi", "elen" };
    int i;

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    for (i = 0; i < 4; i++) {
        get(&t, key[i], 1);
        pause_ms(2);
    }
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1),
                           "anna#1"); /* anna read again: bryn is least lately */
    pause_ms(2);
    CU_ASSERT_STRING_EQUAL(get(&t, "elen", 1), "elen#5");
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#1");
    CU_ASSERT_STRING_EQUAL(get(&t, "cai", 1), "cai#3");
    CU_ASSERT_STRING_EQUAL(get(&t, "dewi", 1), "dewi#4");
    CU_ASSERT_STRING_EQUAL(get(&t, "elen", 1), "elen#5");
    CU_ASSERT_STRING_EQUAL(get(&t, "bryn", 1), "bryn#6"); /* it was the one let go */
    arena_release(&a);
    kept_table_release(&t);
}

static void kepttable__sweep_drops_what_is_too_old(void)
{
    static struct kept_table t = KEPT_TABLE_INIT(load, 30, 16);
    size_t before, after, n;

    arena_init(&a, 0);
    atomic_store(&loads, 0);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#1");
    arena_reset(&a); /* the reader lets go */
    kept_usage(&before, &n);
    pause_ms(40);
    CU_ASSERT(kept_sweep() >= 1);
    kept_usage(&after, &n);
    CU_ASSERT(after < before);
    CU_ASSERT_STRING_EQUAL(get(&t, "anna", 1), "anna#2");
    arena_release(&a);
    kept_table_release(&t);
}

static void persongen__moves_for_the_person_and_for_everyone(void)
{
    unsigned long long anna = persongen_get(11), bryn = persongen_get(12);

    CU_ASSERT(anna != 0);
    persongen_touch(11);
    CU_ASSERT(persongen_get(11) != anna);
    CU_ASSERT_EQUAL(persongen_get(12), bryn);
    anna = persongen_get(11);
    persongen_touch_all();
    CU_ASSERT(persongen_get(11) != anna);
    CU_ASSERT(persongen_get(12) != bryn);
}

static void persongen__a_touch_after_commit_holds_at_once_one_before_settles(void)
{
    unsigned long long g;

    persongen_touch(21);
    g = persongen_get(21);
    CU_ASSERT_EQUAL(persongen_get(21), g); /* kept from the first read on */
    persongen_touch_all();
    g = persongen_get(21);
    CU_ASSERT_EQUAL(persongen_get(21), g);

    persongen_touch_before_commit(21); /* its commit may come later */
    CU_ASSERT(persongen_get(21) != persongen_get(21));
    CU_ASSERT_EQUAL(persongen_get(22), persongen_get(22));
    pause_ms(PERSONGEN_SETTLE_MS + 20);
    g = persongen_get(21);
    CU_ASSERT_EQUAL(persongen_get(21), g);

    persongen_touch_all_before_commit(); /* everyone's, the same way */
    CU_ASSERT(persongen_get(22) != persongen_get(22));
    pause_ms(PERSONGEN_SETTLE_MS + 20);
    g = persongen_get(22);
    CU_ASSERT_EQUAL(persongen_get(22), g);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kepttable__each_key_loaded_once_and_kept", kepttable__each_key_loaded_once_and_kept },
        { "kepttable__keys_sharing_a_slot_never_see_each_other",
          kepttable__keys_sharing_a_slot_never_see_each_other },
        { "kepttable__switched_off_keeps_nothing", kepttable__switched_off_keeps_nothing },
        { "kepttable__two_hundred_keys_in_a_thousand_slots_all_kept",
          kepttable__two_hundred_keys_in_a_thousand_slots_all_kept },
        { "kepttable__a_new_key_takes_the_slot_read_least_lately",
          kepttable__a_new_key_takes_the_slot_read_least_lately },
        { "kepttable__sweep_drops_what_is_too_old", kepttable__sweep_drops_what_is_too_old },
        { "persongen__moves_for_the_person_and_for_everyone",
          persongen__moves_for_the_person_and_for_everyone },
        { "persongen__a_touch_after_commit_holds_at_once_one_before_settles",
          persongen__a_touch_after_commit_holds_at_once_one_before_settles },
        { NULL, NULL },
    };
    test_add_suite("core/kepttable", cases);
}
