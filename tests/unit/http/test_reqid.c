#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/req.h"
#include "testing.h"

#define N_IDS 20000

static int by_id(const void *a, const void *b)
{
    return memcmp(a, b, 17);
}

static void fill(char (*ids)[17], size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        req_new_id(ids[i]);
}

static void *fill_thread(void *arg)
{
    fill(arg, N_IDS);
    return NULL;
}

static size_t repeats(char (*ids)[17], size_t n)
{
    size_t i, same = 0;

    qsort(ids, n, sizeof(*ids), by_id);
    for (i = 1; i < n; i++)
        same += !memcmp(ids[i - 1], ids[i], 17);
    return same;
}

static void reqid__sixteen_hex_characters(void)
{
    char id[17];
    size_t i;
    int k;

    for (k = 0; k < 100; k++) {
        memset(id, 'x', sizeof(id));
        req_new_id(id);
        CU_ASSERT_EQUAL(id[16], '\0');
        for (i = 0; i < 16; i++)
            CU_ASSERT(strchr("0123456789abcdef", id[i]) && id[i]);
    }
}

/* Each thread draws from its own generator: no two ids alike within a
 * thread or across threads. */
static void reqid__no_two_alike_across_threads(void)
{
    char(*ids)[17] = calloc(2 * N_IDS, sizeof(*ids));
    pthread_t t;

    CU_ASSERT_PTR_NOT_NULL_FATAL(ids);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, fill_thread, ids + N_IDS), 0);
    fill(ids, N_IDS);
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(repeats(ids, 2 * N_IDS), 0);
    free(ids);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "reqid__sixteen_hex_characters", reqid__sixteen_hex_characters },
        { "reqid__no_two_alike_across_threads", reqid__no_two_alike_across_threads },
        { NULL, NULL },
    };
    test_add_suite("http/reqid", cases);
}
