/*
 * http/rendercache.c's key: addresses that render the same page share one
 * (the query's fields in any order and any encoding; the search words q in
 * any case and with or without accents, trimmed); addresses that may render
 * different pages never do (another word, another filter, another value
 * first, another language or path, a field's name in capitals, separators
 * smuggled into a value).
 */
#include <string.h>

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

void test_register(void)
{
    static const struct test_case cases[] = {
        { "shared by spellings of one search", shared_by_spellings_of_one_search },
        { "never shared by different pages", never_shared_by_different_pages },
        { "long addresses are not kept", long_addresses_are_not_kept },
        { NULL, NULL },
    };

    test_add_suite("rendercache_key", cases);
}
