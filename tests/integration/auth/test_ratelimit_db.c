/*
 * auth/ratelimit.c against the real MariaDB: counting in the shared
 * rate_limits table, the limit and Retry-After, independent keys, peeking
 * without counting, and keys that are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/ratelimit.h"
#include "harness.h"

static struct arena mem;
static struct db *db;
static char key_a[64], key_b[64], key_c[64], like[64];

static int suite_init(void)
{
    long pid = (long)getpid(), now = (long)time(NULL);

    if (db_library_init() || !(db = fx_db_open(&mem, NULL)))
        return 1;
    /* keys of this run only (pid and time): an earlier run's counts never show */
    snprintf(key_a, sizeof(key_a), "test-rl:%ldx%ld:a", pid, now);
    snprintf(key_b, sizeof(key_b), "test-rl:%ldx%ld:b", pid, now);
    snprintf(key_c, sizeof(key_c), "test-rl:%ldx%ld:c", pid, now);
    snprintf(like, sizeof(like), "test-rl:%ldx%ld:%%", pid, now);
    return db_ping(db) != DB_OK;
}

static int suite_clean(void)
{
    if (db_exec(db, "DELETE FROM rate_limits WHERE k LIKE ?", "s", like) != DB_OK)
        fprintf(stderr, "cannot clean up rate_limits\n");
    db_free(db);
    db_thread_end();
    db_library_end();
    arena_release(&mem);
    return 0;
}

/* Run fn until it ran within one window of window_s (a boundary in the middle
 * would reset the count: try again, at most 3 times). */
static int same_window(time_t t0, int window_s)
{
    return ratelimit_window_start(t0, window_s) == ratelimit_window_start(time(NULL), window_s);
}

static void hit__limit_and_retry_after(void)
{
    int limited = -1, retry = -1, i, tries, hits = 0;
    time_t t0 = 0;

    for (tries = 0; tries < 3; tries++) {
        ratelimit_forget(db, key_a);
        t0 = time(NULL);
        for (i = 1; i <= 3; i++) {
            CU_ASSERT_EQUAL_FATAL(ratelimit_hit(db, key_a, 3, 60, &limited, &retry), DB_OK);
            CU_ASSERT_EQUAL(limited, 0);
            CU_ASSERT_EQUAL(retry, 0);
        }
        CU_ASSERT_EQUAL_FATAL(ratelimit_hit(db, key_a, 3, 60, &limited, &retry), DB_OK);
        if (same_window(t0, 60))
            break;
    }
    CU_ASSERT_EQUAL(limited, 1);
    CU_ASSERT(retry > 0 && retry <= 60);
    /* still limited, and it keeps counting */
    CU_ASSERT_EQUAL(ratelimit_hit(db, key_a, 3, 60, &limited, &retry), DB_OK);
    CU_ASSERT(same_window(t0, 60) ? limited == 1 : 1);
    CU_ASSERT_EQUAL(ratelimit_peek(db, key_a, 60, &hits), DB_OK);
    CU_ASSERT(same_window(t0, 60) ? hits == 5 : 1);
}

static void hit__keys_are_independent(void)
{
    int limited = -1, retry = -1, hits = -1;

    CU_ASSERT_EQUAL(ratelimit_hit(db, key_b, 1, 3600, &limited, &retry), DB_OK);
    CU_ASSERT_EQUAL(limited, 0);
    CU_ASSERT_EQUAL(ratelimit_peek(db, key_b, 3600, &hits), DB_OK);
    CU_ASSERT_EQUAL(hits, 1);
    CU_ASSERT_EQUAL(ratelimit_hit(db, key_b, 1, 3600, &limited, &retry), DB_OK);
    CU_ASSERT_EQUAL(limited, 1);
    CU_ASSERT(retry > 0 && retry <= 3600);
    /* another key, and the same key with another window, start at zero */
    CU_ASSERT_EQUAL(ratelimit_peek(db, key_c, 3600, &hits), DB_OK);
    CU_ASSERT_EQUAL(hits, 0);
    CU_ASSERT_EQUAL(ratelimit_hit(db, key_c, 1, 3600, &limited, &retry), DB_OK);
    CU_ASSERT_EQUAL(limited, 0);
    CU_ASSERT_EQUAL(ratelimit_peek(db, key_b, 86400, &hits), DB_OK);
    CU_ASSERT_EQUAL(hits, 0);
}

/* peeking never counts */
static void peek__does_not_count(void)
{
    int hits = -1, i;

    for (i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(ratelimit_peek(db, key_c, 3600, &hits), DB_OK);
    CU_ASSERT_EQUAL(hits, 1);
}

static void hit__bad_keys_refused(void)
{
    char long_key[200];
    int limited = -1, retry = -1, hits = -1;

    /* this run's prefix, then k up to the length */
    memset(long_key, 'k', sizeof(long_key) - 1);
    long_key[sizeof(long_key) - 1] = '\0';
    memcpy(long_key, key_a, strlen(key_a));
    CU_ASSERT_EQUAL(ratelimit_hit(db, long_key, 5, 60, &limited, &retry), DB_ERROR);
    long_key[129] = '\0'; /* 129 characters: one too many */
    CU_ASSERT_EQUAL(ratelimit_hit(db, long_key, 5, 60, &limited, &retry), DB_ERROR);
    long_key[128] = '\0'; /* 128: the most the column holds */
    CU_ASSERT_EQUAL(ratelimit_peek(db, long_key, 60, &hits), DB_OK);
    CU_ASSERT_EQUAL(hits, 0);
    CU_ASSERT_EQUAL(ratelimit_hit(db, "", 5, 60, &limited, &retry), DB_ERROR);
    CU_ASSERT_EQUAL(ratelimit_hit(db, "login-ip:a b", 5, 60, &limited, &retry), DB_ERROR);
    CU_ASSERT_EQUAL(ratelimit_hit(db, "login:d\xc5\xb5r", 5, 60, &limited, &retry), DB_ERROR);
    CU_ASSERT_EQUAL(ratelimit_hit(db, key_a, 5, 0, &limited, &retry), DB_ERROR);
    CU_ASSERT_EQUAL(limited, 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "hit__limit_and_retry_after", hit__limit_and_retry_after },
        { "hit__keys_are_independent", hit__keys_are_independent },
        { "peek__does_not_count", peek__does_not_count },
        { "hit__bad_keys_refused", hit__bad_keys_refused },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    test_add_suite_with("ratelimit_db", cases, suite_init, suite_clean);
}
