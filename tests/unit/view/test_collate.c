/*
 * view/collate.c: Welsh order with ICU's "cy" collator (digraphs are letters
 * of their own: ch after c, dd after d, ff after f, ng after g, ll after l,
 * ph after p, rh after r, th after t), English with "en", a stable sort, and
 * per-thread collators.
 */
#include <pthread.h>
#include <string.h>

#include "testing.h"
#include "view/collate.h"

/* reference/domain.md section 6: glibc cy_GB, identical to CLDR cy */
static const char *const cy_order[] = {
    "Caerdydd", "Cymru",   "Chwefror", "Dinbych", "Ddraig", "Fynwy",
    "Fflint",   "Gwynedd", "Ngwynedd", "London",  "Lyn",    "Llandudno",
    "Powys",    "Phil",    "Ruthin",   "Rhondda", "Tywyn",  "Thomas",
};

#define N_CY (sizeof(cy_order) / sizeof(cy_order[0]))

/* a fixed shuffle of cy_order */
static const size_t shuffle[N_CY] = {
    11, 3, 17, 0, 8, 14, 5, 1, 16, 9, 2, 13, 6, 15, 10, 4, 12, 7
};

static void cy__glibc_order(void)
{
    const char *in[N_CY];
    size_t order[N_CY], i;

    for (i = 0; i < N_CY; i++)
        in[i] = cy_order[shuffle[i]];
    CU_ASSERT_EQUAL_FATAL(collate_sort(LANG_CY, in, N_CY, order), 0);
    for (i = 0; i < N_CY; i++)
        CU_ASSERT_STRING_EQUAL(in[order[i]], cy_order[i]);
}

struct pair_case {
    const char *a, *b; /* a sorts before b in Welsh */
    int en_sign;       /* the sign of en's comparison of a with b */
};

static const struct pair_case pairs[] = {
    { "lyn", "llan", 1 },    /* ll is a letter after l */
    { "cyw", "chwarae", 1 }, /* ch after c */
    { "rwan", "rhedeg", 1 }, /* rh after r */
    { "dydd", "ddoe", 1 },   /* dd after d */
    { "fyny", "ffordd", 1 }, /* ff after f */
    { "gwyn", "ngwyn", -1 }, /* ng after g */
    { "pysgod", "pharmacy", 1 },  { "tywydd", "theatr", 1 },
    { "tan", "t\xc3\xa2n", -1 }, /* tân: the accent matters after the letters */
    { "t\xc3\xa2n", "tant", -1 }, { "apple", "Banana", -1 }, /* case is not the first thing */
};

static void cy__digraph_pairs(void)
{
    size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        int en = collate_cmp(LANG_EN, pairs[i].a, pairs[i].b);

        CU_ASSERT(collate_cmp(LANG_CY, pairs[i].a, pairs[i].b) < 0);
        CU_ASSERT(collate_cmp(LANG_CY, pairs[i].b, pairs[i].a) > 0);
        CU_ASSERT(pairs[i].en_sign < 0 ? en < 0 : en > 0);
    }
    CU_ASSERT_EQUAL(collate_cmp(LANG_CY, "Cymru", "Cymru"), 0);
}

static void en__order(void)
{
    const char *in[] = { "cherry",
                         "Banana",
                         "apple",
                         "\xc3\x89"
                         "clair",
                         "eclair",
                         "zebra" };
    const char *want[] = { "apple",
                           "Banana",
                           "cherry",
                           "eclair",
                           "\xc3\x89"
                           "clair",
                           "zebra" };
    size_t order[6], i;

    CU_ASSERT_EQUAL_FATAL(collate_sort(LANG_EN, in, 6, order), 0);
    for (i = 0; i < 6; i++)
        CU_ASSERT_STRING_EQUAL(in[order[i]], want[i]);
}

static void sort__stable_and_small(void)
{
    char a1[] = "Bangor", a2[] = "Bangor", a3[] = "Bangor";
    const char *in[] = { a1, "Aber", a2, "Caer", a3 };
    size_t order[5], one;

    CU_ASSERT_EQUAL_FATAL(collate_sort(LANG_CY, in, 5, order), 0);
    CU_ASSERT_EQUAL(order[0], 1);
    CU_ASSERT_EQUAL(order[1], 0);
    CU_ASSERT_EQUAL(order[2], 2);
    CU_ASSERT_EQUAL(order[3], 4);
    CU_ASSERT_EQUAL(order[4], 3);
    CU_ASSERT_EQUAL(collate_sort(LANG_CY, in, 0, order), 0);
    CU_ASSERT_EQUAL(collate_sort(LANG_CY, in, 1, &one), 0);
    CU_ASSERT_EQUAL(one, 0);
}

static int thread_failures;
static pthread_mutex_t failures_lock = PTHREAD_MUTEX_INITIALIZER;

static void *sort_many(void *p)
{
    const char *in[N_CY];
    size_t order[N_CY], i;
    int round, bad = 0;

    (void)p;
    for (i = 0; i < N_CY; i++)
        in[i] = cy_order[shuffle[i]];
    for (round = 0; round < 200; round++) {
        if (collate_sort(round % 2 ? LANG_EN : LANG_CY, in, N_CY, order))
            bad++;
        else if (round % 2 == 0)
            for (i = 0; i < N_CY; i++)
                if (strcmp(in[order[i]], cy_order[i]))
                    bad++;
    }
    pthread_mutex_lock(&failures_lock);
    thread_failures += bad;
    pthread_mutex_unlock(&failures_lock);
    return NULL;
}

/* each thread has its own collators; results never mix */
static void sort__concurrent_threads(void)
{
    pthread_t t[4];
    int i;

    thread_failures = 0;
    for (i = 0; i < 4; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, sort_many, NULL), 0);
    for (i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(thread_failures, 0);
}

/* memcmp of two sort keys agrees with collate_cmp (what ORDER BY relies on) */
static int key_cmp(enum lang l, const char *a, const char *b)
{
    unsigned char ka[256], kb[256];
    size_t la = collate_sortkey(l, a, ka, sizeof(ka)), lb = collate_sortkey(l, b, kb, sizeof(kb));
    int c;

    CU_ASSERT_FATAL(la > 0 && lb > 0);
    c = memcmp(ka, kb, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

static void sortkey__agrees_with_compare(void)
{
    unsigned char tiny[4];
    size_t i;

    for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        int en = key_cmp(LANG_EN, pairs[i].a, pairs[i].b);

        CU_ASSERT(key_cmp(LANG_CY, pairs[i].a, pairs[i].b) < 0);
        CU_ASSERT(pairs[i].en_sign < 0 ? en < 0 : en > 0);
    }
    for (i = 0; i + 1 < N_CY; i++)
        CU_ASSERT(key_cmp(LANG_CY, cy_order[i], cy_order[i + 1]) < 0);
    CU_ASSERT_EQUAL(key_cmp(LANG_CY, "Cymru", "Cymru"), 0);
    /* a key longer than the buffer is cut to it, never overrun */
    CU_ASSERT_EQUAL(collate_sortkey(LANG_CY, "Llanfairpwllgwyngyll", tiny, sizeof(tiny)), 4);
    CU_ASSERT_EQUAL(collate_sortkey(LANG_CY, "\xff\xfe", tiny, sizeof(tiny)), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cy__glibc_order", cy__glibc_order },
        { "cy__digraph_pairs", cy__digraph_pairs },
        { "en__order", en__order },
        { "sort__stable_and_small", sort__stable_and_small },
        { "sort__concurrent_threads", sort__concurrent_threads },
        { "sortkey__agrees_with_compare", sortkey__agrees_with_compare },
        { NULL, NULL },
    };

    test_add_suite("collate", cases);
}
