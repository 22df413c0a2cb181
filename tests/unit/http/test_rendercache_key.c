/*
 * http/rendercache.c's key: addresses that render the same page share one
 * (the query's fields in any order and any encoding; the search words q in
 * any case and with or without accents, trimmed); addresses that may render
 * different pages never do (another word, another filter, another value
 * first, another language or path, a field's name in capitals, separators
 * smuggled into a value). And under a stampede of spellings of one search,
 * one request at a time holds the claim to fill it.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "http/form.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "testing.h"

static struct arena a;

/* The key of GET /{lang}{path}?{query}, or NULL. */
static const char *key_of(enum lang lang, const char *path, const char *query)
{
    struct req r;

    memset(&r, 0, sizeof(r));
    r.arena = &a;
    r.lang = lang;
    r.rpath = path;
    r.query_raw = query;
    CU_ASSERT_FATAL(form_parse(&a, query, strlen(query), 32, FORM_ALLOW_DUPLICATES, &r.query) ==
                    FORM_OK);
    return rendercache_key(&r);
}

static int same(const char *q1, const char *q2)
{
    const char *k1 = key_of(LANG_CY, "/courses", q1), *k2 = key_of(LANG_CY, "/courses", q2);

    return k1 && k2 && !strcmp(k1, k2);
}

static void shared_by_spellings_of_one_search(void)
{
    arena_init(&a, 4096);
    CU_ASSERT(same("q=Data", "q=data"));
    CU_ASSERT(same("q=DATA", "q=data"));
    CU_ASSERT(same("q=d%C3%A2ta", "q=data"));      /* dâta */
    CU_ASSERT(same("q=D%C3%82TA", "q=d%c3%a2ta")); /* DÂTA, dâta */
    CU_ASSERT(same("q=T%C3%AEm", "q=tim"));        /* Tîm */
    CU_ASSERT(same("q=+data+", "q=data"));
    CU_ASSERT(same("q=data%20design", "q=Data+Design"));
    CU_ASSERT(same("q=data&level=awareness", "level=awareness&q=Data"));
    CU_ASSERT(same("level=awareness&format=e-learning", "format=e-learning&level=awareness"));
    CU_ASSERT(same("", ""));
    arena_release(&a);
}

static void never_shared_by_different_pages(void)
{
    arena_init(&a, 4096);
    CU_ASSERT(!same("q=data", "q=date"));
    CU_ASSERT(!same("q=data", "q=data+x"));
    CU_ASSERT(!same("q=data", "q=data&level=awareness"));
    CU_ASSERT(!same("q=data", "Q=data"));
    CU_ASSERT(!same("q=data", ""));
    CU_ASSERT(!same("q=", ""));
    CU_ASSERT(!same("q=data+design", "q=datadesign"));
    /* only q is folded: other values are compared as sent */
    CU_ASSERT(!same("role=Data", "role=data"));
    /* the first of one name's values is what the page reads */
    CU_ASSERT(!same("level=a&level=b", "level=b&level=a"));
    /* a value holding '&' or '=' is not two fields */
    CU_ASSERT(!same("q=a&b=c", "q=a%26b%3Dc"));
    CU_ASSERT(!same("a=b%3Dc", "a%3Db=c"));
    /* U+212B (Angstrom sign) searches as U+00E5, not as U+00E5 folds ("a") */
    CU_ASSERT(!same("q=%E2%84%AB", "q=a"));
    CU_ASSERT(!same("q=%C3%A5", "q=%E2%84%AB"));
    CU_ASSERT(strcmp(key_of(LANG_CY, "/courses", "q=data"), key_of(LANG_EN, "/courses", "q=data")));
    CU_ASSERT(
        strcmp(key_of(LANG_CY, "/courses", "q=data"), key_of(LANG_CY, "/pathways", "q=data")));
    arena_release(&a);
}

static void long_addresses_are_not_kept(void)
{
    char q[RENDERCACHE_KEY_MAX + 8];

    arena_init(&a, 4096);
    memset(q, 'a', sizeof(q) - 1);
    q[0] = 'q';
    q[1] = '=';
    q[sizeof(q) - 1] = '\0';
    CU_ASSERT_PTR_NULL(key_of(LANG_CY, "/courses", q));
    CU_ASSERT_PTR_NOT_NULL(key_of(LANG_CY, "/courses", "q=data"));
    arena_release(&a);
}

static pthread_mutex_t claims_lock = PTHREAD_MUTEX_INITIALIZER;
static int claims_now, claims_max, claims_all;

static const char *const spellings[] = { "q=Stampede", "q=stampede", "q=ST%C3%81MPEDE",
                                         "q=+stampede", "q=sTaMpEdE" };

/* Ask for spelling *arg (mod 5) of the stampede's search as the funnel does; hold a
 * claim, if given one, for 20 ms, then let go of it unfilled. */
static void *ask(void *arg)
{
    const char *q = spellings[*(const int *)arg % 5];
    struct arena own;
    struct req r;
    const char *key;

    memset(&r, 0, sizeof(r));
    arena_init(&own, 4096);
    r.arena = &own;
    r.lang = LANG_CY;
    r.rpath = "/courses";
    r.query_raw = q;
    if (form_parse(&own, q, strlen(q), 32, FORM_ALLOW_DUPLICATES, &r.query) == FORM_OK &&
        (key = rendercache_key(&r)) != NULL && !rendercache_serve(&r, key) && r.cache.claim) {
        struct timespec hold = { 0, 20 * 1000000L };

        pthread_mutex_lock(&claims_lock);
        claims_all++;
        if (++claims_now > claims_max)
            claims_max = claims_now;
        pthread_mutex_unlock(&claims_lock);
        nanosleep(&hold, NULL);
        pthread_mutex_lock(&claims_lock);
        claims_now--;
        pthread_mutex_unlock(&claims_lock);
    }
    rendercache_end(&r);
    arena_release(&own);
    return NULL;
}

static void one_claim_at_a_time_for_spellings_of_one_search(void)
{
    static int which[16];
    pthread_t t[16];
    int i, n = 0;

    /* asked for often enough to keep, no copy yet (nothing ever fills it) */
    for (i = 0; i < RENDERCACHE_ADMIT_ASKS - 1; i++) {
        which[i] = i;
        ask(&which[i]);
    }
    CU_ASSERT_EQUAL(claims_all, 0);
    for (i = 0; i < 16; i++) {
        which[i] = i;
        if (pthread_create(&t[i], NULL, ask, &which[i]))
            break;
        n++;
    }
    while (i-- > 0)
        pthread_join(t[i], NULL);
    CU_ASSERT_EQUAL(n, 16);
    CU_ASSERT(claims_all >= 1);
    CU_ASSERT_EQUAL(claims_max, 1);
    rendercache_forget();
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "shared by spellings of one search", shared_by_spellings_of_one_search },
        { "never shared by different pages", never_shared_by_different_pages },
        { "long addresses are not kept", long_addresses_are_not_kept },
        { "one claim at a time for spellings of one search",
          one_claim_at_a_time_for_spellings_of_one_search },
        { NULL, NULL },
    };

    test_add_suite("rendercache_key", cases);
}
