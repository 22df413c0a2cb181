/*
 * auth/sessioncache.c: a hash picks a set of SESSIONCACHE_WAYS copies, so
 * sessions sharing a set all stay cached (direct-mapped, the second pushed
 * the first out); a full set replaces its least recently used copy; the
 * rules (forget one, forget a user, forget all, a ticket older than a
 * forget) hold within a set.
 */
#include <stdio.h>
#include <string.h>

#include "auth/sessioncache.h"
#include "core/arena.h"
#include "testing.h"

static struct arena a;

static int suite_init(void)
{
    arena_init(&a, 4096);
    return 0;
}

static int suite_clean(void)
{
    sessioncache_free();
    arena_release(&a);
    return 0;
}

/* A session hash in set `set` (the set is read from the first 8 hex
 * digits), told apart from the others of that set by n. */
static void hash_in_set(char out[65], unsigned set, unsigned n)
{
    snprintf(out, 65, "%06x%02x%056x", n, set & 0xffu, n);
}

static void put(unsigned set, unsigned n, long long user_id)
{
    struct session s = { .reauth_fresh = 1 };
    struct user u = { .id = user_id, .name = "Siân", .email = "sian@example.org" };

    hash_in_set(s.id_hash, set, n);
    snprintf(s.csrf, sizeof(s.csrf), "csrf-%u-%u", set, n);
    sessioncache_put(sessioncache_ticket(), &s, &u);
}

/* 1 when the copy is there; it then says who it is. */
static int has(unsigned set, unsigned n, long long user_id)
{
    struct session s = { 0 };
    struct user u = { 0 };
    char csrf[44];

    hash_in_set(s.id_hash, set, n);
    if (!sessioncache_get(&a, &s, &u))
        return 0;
    snprintf(csrf, sizeof(csrf), "csrf-%u-%u", set, n);
    CU_ASSERT_STRING_EQUAL(s.csrf, csrf);
    CU_ASSERT_EQUAL(u.id, user_id);
    CU_ASSERT_STRING_EQUAL(u.name, "Siân");
    CU_ASSERT_STRING_EQUAL(u.email, "sian@example.org");
    CU_ASSERT_EQUAL(s.reauth_fresh, 1);
    return 1;
}

static void sets__two_sharing_a_set_both_stay(void)
{
    put(7, 1, 1001);
    put(7, 2, 1002);
    CU_ASSERT_TRUE(has(7, 1, 1001));
    CU_ASSERT_TRUE(has(7, 2, 1002));
    CU_ASSERT_TRUE(has(7, 1, 1001)); /* again: a hit moves nothing out */
}

static void sets__a_full_set_drops_the_least_recently_used(void)
{
    unsigned n;

    for (n = 1; n <= SESSIONCACHE_WAYS; n++)
        put(9, n, 2000 + n);
    CU_ASSERT_TRUE(has(9, 1, 2001)); /* 2 is now the least recently used */
    put(9, 99, 2099);
    CU_ASSERT_TRUE(has(9, 99, 2099));
    CU_ASSERT_TRUE(has(9, 1, 2001));
    CU_ASSERT_FALSE(has(9, 2, 2002));
    for (n = 3; n <= SESSIONCACHE_WAYS; n++)
        CU_ASSERT_TRUE(has(9, n, 2000 + n));
}

static void sets__a_put_again_replaces_its_own_copy(void)
{
    unsigned n;

    for (n = 1; n <= SESSIONCACHE_WAYS; n++)
        put(11, n, 3000 + n);
    put(11, 1, 3001); /* the same session read again: no other copy goes */
    for (n = 1; n <= SESSIONCACHE_WAYS; n++)
        CU_ASSERT_TRUE(has(11, n, 3000 + n));
}

static void sets__forget_one_keeps_the_others(void)
{
    char h[65];

    put(13, 1, 4001);
    put(13, 2, 4002);
    hash_in_set(h, 13, 1);
    sessioncache_forget(h);
    CU_ASSERT_FALSE(has(13, 1, 4001));
    CU_ASSERT_TRUE(has(13, 2, 4002));
}

static void sets__forget_user_finds_every_way(void)
{
    put(15, 1, 5001);
    put(15, 2, 5002);
    put(15, 3, 5001); /* their second session, same set */
    put(16, 1, 5001); /* and one elsewhere */
    sessioncache_forget_user(5001);
    CU_ASSERT_FALSE(has(15, 1, 5001));
    CU_ASSERT_FALSE(has(15, 3, 5001));
    CU_ASSERT_FALSE(has(16, 1, 5001));
    CU_ASSERT_TRUE(has(15, 2, 5002));
    put(15, 1, 5001); /* within the recent window: nothing kept */
    CU_ASSERT_FALSE(has(15, 1, 5001));
}

static void sets__forget_users_finds_every_way(void)
{
    const long long ids[] = { 6001, 6003 };

    put(17, 1, 6001);
    put(17, 2, 6002);
    put(17, 3, 6003);
    sessioncache_forget_users(ids, 2);
    CU_ASSERT_FALSE(has(17, 1, 6001));
    CU_ASSERT_TRUE(has(17, 2, 6002));
    CU_ASSERT_FALSE(has(17, 3, 6003));
}

static void sets__old_ticket_keeps_nothing(void)
{
    struct session s = { 0 };
    struct user u = { .id = 7001, .name = "", .email = "" };
    unsigned long ticket = sessioncache_ticket();
    char h[65];

    hash_in_set(h, 19, 50);
    sessioncache_forget(h); /* any forget after the ticket */
    hash_in_set(s.id_hash, 19, 1);
    sessioncache_put(ticket, &s, &u);
    CU_ASSERT_FALSE(sessioncache_get(&a, &s, &u));
}

static void sets__forget_all_then_room_again(void)
{
    unsigned n;
    size_t bytes, entries;

    put(21, 1, 8001);
    sessioncache_forget_all();
    CU_ASSERT_FALSE(has(21, 1, 8001));
    /* the dead copies are taken first: a full set of new ones all stay */
    for (n = 10; n < 10 + SESSIONCACHE_WAYS; n++)
        put(21, n, 8000 + n);
    for (n = 10; n < 10 + SESSIONCACHE_WAYS; n++)
        CU_ASSERT_TRUE(has(21, n, 8000 + n));
    sessioncache_usage(&bytes, &entries);
    CU_ASSERT_TRUE(entries >= SESSIONCACHE_WAYS);
    CU_ASSERT_TRUE(bytes > entries);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "sets__two_sharing_a_set_both_stay", sets__two_sharing_a_set_both_stay },
        { "sets__a_full_set_drops_the_least_recently_used",
          sets__a_full_set_drops_the_least_recently_used },
        { "sets__a_put_again_replaces_its_own_copy", sets__a_put_again_replaces_its_own_copy },
        { "sets__forget_one_keeps_the_others", sets__forget_one_keeps_the_others },
        { "sets__forget_user_finds_every_way", sets__forget_user_finds_every_way },
        { "sets__forget_users_finds_every_way", sets__forget_users_finds_every_way },
        { "sets__old_ticket_keeps_nothing", sets__old_ticket_keeps_nothing },
        { "sets__forget_all_then_room_again", sets__forget_all_then_room_again },
        { NULL, NULL },
    };

    test_add_suite_with("sessioncache", cases, suite_init, suite_clean);
}
