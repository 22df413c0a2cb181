/*
 * server/catalogue/search.c: the folded boolean-mode query built from what a
 * visitor types (operators and junk never reach MATCH ... AGAINST as operators), the
 * catalogue's query parameters, the facet sums and summary excerpts.
 */
#include <stdio.h>
#include <string.h>

#include "app/page_form.h"
#include "catalogue/catalogue.h"
#include "core/arena.h"
#include "courses/taxonomy.h"
#include "http/app.h"
#include "http/form.h"
#include "http/req.h"
#include "testing.h"
#include "view/glossary.h"
#include "view/welshfold.h"

/* The word list the server loads (built with the tests), once for the suite. */
static struct welshfold *fold(void)
{
    static struct welshfold *wf;

    if (!wf)
        wf = welshfold_load(DYSGU_WELSH_WORDS);
    return wf;
}

/* The glossary the server loads, once for the suite. */
static struct glossary *terms(void)
{
    static struct glossary *g;

    if (!g)
        g = glossary_load(DYSGU_SOURCE_DIR "/data/glossary.txt");
    return g;
}

/* The catalogue's query is view/welshfold's (tested there in depth): here,
 * that what a visitor types reaches it, mutations and all, and that nothing
 * searchable gives no search. */
static void ft__table(void)
{
    static const struct {
        const char *in, *want; /* want NULL: no search */
    } cases[] = {
        { "data", "+(data*)" },
        { "  Gwasanaethau   digidol ", "+(gwasanaethau*) +(digidol*)" },
        /* a mutated word asks for its radical too */
        { "wasanaethau", "+(wasanaethau* gwasanaethau*)" },
        { "ddylunio", "+(ddylunio* dylunio*)" },
        { "nylunio", "+(nylunio* dylunio*)" },
        /* boolean operators are separators, never operators */
        { "+data -design", "+(data*) +(design*)" },
        { "data*) (>design< ~x @3", "+(data*) +(design*)" },
        { "' OR 1=1 --", NULL },
        /* short words and InnoDB's stopwords would match nothing */
        { "AI", NULL },
        { "about the data", "+(data*)" },
        { "", NULL },
        { "*** +++ ---", NULL },
    };
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = catalogue_ft_query(&a, fold(), NULL, cases[i].in, strlen(cases[i].in));
        int ok = cases[i].want ? got && !strcmp(got, cases[i].want) : !got;

        if (!ok)
            fprintf(stderr, "\nft query of \"%s\": got \"%s\"\n", cases[i].in,
                    got ? got : "(none)");
        CU_ASSERT(ok);
    }
    arena_release(&a);
}

/* A glossary term asks for either language's words (view/glossary.h). */
static void ft__glossary_terms_ask_for_both_languages(void)
{
    struct arena a;
    const char *got;

    arena_init(&a, 0);
    CU_ASSERT(glossary_size(terms()) >= 20);
    got = catalogue_ft_query(&a, fold(), terms(), "user research", 13);
    CU_ASSERT_STRING_EQUAL(got, "+((+(user*) +(research*)) (+(ymchwil*) +(defnyddwyr*)))");
    /* a mutated Welsh side, with a word of no pair after it */
    got = catalogue_ft_query(&a, fold(), terms(), "ddylunio cynnwys data", 21);
    CU_ASSERT_STRING_EQUAL(got, "+((+(content*) +(design*)) (+(dylunio*) +(cynnwys*))) +(data*)");
    /* the words in another order are no term */
    got = catalogue_ft_query(&a, fold(), terms(), "research user", 13);
    CU_ASSERT_STRING_EQUAL(got, "+(research*) +(user*)");
    arena_release(&a);
}

static void ft__invalid_and_huge_input_is_safe(void)
{
    struct arena a;
    char big[5000];

    arena_init(&a, 0);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    /* one word far longer than any token: no term, so no search */
    CU_ASSERT_PTR_NULL(catalogue_ft_query(&a, fold(), NULL, big, strlen(big)));
    memset(big, ' ', sizeof(big) - 1);
    memcpy(big + 10, "hygyrchedd", 10);
    CU_ASSERT_STRING_EQUAL(catalogue_ft_query(&a, fold(), NULL, big, strlen(big)),
                           "+(hygyrchedd*)");
    CU_ASSERT_PTR_NULL(catalogue_ft_query(&a, fold(), NULL, NULL, 0));
    arena_release(&a);
}

/* A request whose query string is qs. */
static void fake_req(struct req *r, struct arena *a, const char *qs)
{
    static struct app app;

    app.fold = fold();
    app.glossary = terms();
    memset(r, 0, sizeof(*r));
    r->arena = a;
    r->app = &app;
    CU_ASSERT_FATAL(form_parse(a, qs, strlen(qs), 64, FORM_ALLOW_DUPLICATES, &r->query) == FORM_OK);
}

static void parse__query_parameters(void)
{
    struct catalogue_query qy;
    struct page_errors err = { .n = 0 };
    struct arena a;
    struct req r;

    arena_init(&a, 0);
    fake_req(&r, &a, "q=+data+&role=data&level=working&format=blended&language=en");
    CU_ASSERT_EQUAL(catalogue_query_parse(&r, &qy, &err), 0);
    CU_ASSERT_STRING_EQUAL(qy.q, "data");
    CU_ASSERT_STRING_EQUAL(qy.ft, "+(data*)");
    CU_ASSERT_STRING_EQUAL(qy.family, "data");
    CU_ASSERT_STRING_EQUAL(qy.level, "working");
    CU_ASSERT_STRING_EQUAL(qy.format, "blended");
    CU_ASSERT_EQUAL(qy.lang, LANG_EN);
    CU_ASSERT(qy.page == 1 && qy.per_page == CATALOGUE_PAGE_SIZE);

    /* empty values are "any" */
    fake_req(&r, &a, "q=&role=&level=&format=&language=");
    CU_ASSERT_EQUAL(catalogue_query_parse(&r, &qy, &err), 0);
    CU_ASSERT(!*qy.q && !qy.ft && !qy.family && !qy.level && !qy.format && qy.lang == -1);

    /* bad values are left out and named; the good ones stay */
    fake_req(&r, &a, "role=data-science&level=Working&format=e-learning&language=fr");
    CU_ASSERT_EQUAL_FATAL(catalogue_query_parse(&r, &qy, &err), 3);
    CU_ASSERT_STRING_EQUAL(err.items[0].field, "role");
    CU_ASSERT_STRING_EQUAL(err.items[1].field, "level");
    CU_ASSERT_STRING_EQUAL(err.items[2].field, "language");
    CU_ASSERT(!qy.family && !qy.level && qy.lang == -1);
    CU_ASSERT_STRING_EQUAL(qy.format, "e-learning");
    arena_release(&a);
}

static void parse__long_search_is_refused(void)
{
    struct catalogue_query qy;
    struct page_errors err = { .n = 0 };
    char qs[1024];
    struct arena a;
    struct req r;

    arena_init(&a, 0);
    /* 100 characters of "ŵ" (200 bytes) is fine, 101 is not */
    strcpy(qs, "q=");
    for (int i = 0; i < 100; i++)
        strcat(qs, "%C5%B5");
    fake_req(&r, &a, qs);
    CU_ASSERT_EQUAL(catalogue_query_parse(&r, &qy, &err), 0);
    strcat(qs, "%C5%B5");
    fake_req(&r, &a, qs);
    CU_ASSERT_EQUAL_FATAL(catalogue_query_parse(&r, &qy, &err), 1);
    CU_ASSERT_STRING_EQUAL(err.items[0].field, "q");
    CU_ASSERT(!*qy.q && !qy.ft);
    arena_release(&a);
}

static void facets__each_dimension_ignores_its_own_filter(void)
{
    struct catalogue_query qy = { .q = "", .lang = -1 };
    struct catalogue_facets f;
    struct catalogue_wanted w;

    /* data/awareness/e-learning cy+en x3, data/working/classroom en x2,
     * architecture/awareness/webinar cy x1 */
    qy.family = "data";
    qy.lang = LANG_EN;
    memset(&f, 0, sizeof(f));
    catalogue_wanted_of(&qy, &w);
    catalogue_facets_add(&f, &qy, &w, "data", "awareness", "e-learning", 1, 1, 3);
    catalogue_facets_add(&f, &qy, &w, "data", "working", "classroom", 0, 1, 2);
    catalogue_facets_add(&f, &qy, &w, "architecture", "awareness", "webinar", 1, 0, 1);
    CU_ASSERT_EQUAL(f.total, 5);
    /* families: with language=en only; architecture's course is Welsh only */
    CU_ASSERT_EQUAL(f.family[catalogue_index("data", taxonomy_families, taxonomy_n_families)], 5);
    CU_ASSERT_EQUAL(
        f.family[catalogue_index("architecture", taxonomy_families, taxonomy_n_families)], 0);
    /* levels and formats: within data and English */
    CU_ASSERT_EQUAL(f.level[0], 3);
    CU_ASSERT_EQUAL(f.level[1], 2);
    CU_ASSERT_EQUAL(f.format[0], 3);
    CU_ASSERT_EQUAL(f.format[1], 2);
    CU_ASSERT_EQUAL(f.format[2], 0);
    /* languages: within data, whatever the language filter */
    CU_ASSERT_EQUAL(f.lang[LANG_CY], 3);
    CU_ASSERT_EQUAL(f.lang[LANG_EN], 5);
}

static void excerpt__cuts_at_a_word(void)
{
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(catalogue_excerpt(&a, "byr", 10), "byr");
    CU_ASSERT_STRING_EQUAL(catalogue_excerpt(&a, "un dau tri pedwar", 10), "un dau tri…");
    CU_ASSERT_STRING_EQUAL(catalogue_excerpt(&a, "un dau, tri pedwar", 8), "un dau…");
    /* characters, not bytes: ŵ is two bytes and is never split */
    CU_ASSERT_STRING_EQUAL(catalogue_excerpt(&a, "ŵŵŵŵŵŵ", 3), "ŵŵŵ…");
    CU_ASSERT_STRING_EQUAL(catalogue_excerpt(&a, "", 3), "");
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "ft__table", ft__table },
        { "ft__glossary_terms_ask_for_both_languages", ft__glossary_terms_ask_for_both_languages },
        { "ft__invalid_and_huge_input_is_safe", ft__invalid_and_huge_input_is_safe },
        { "parse__query_parameters", parse__query_parameters },
        { "parse__long_search_is_refused", parse__long_search_is_refused },
        { "facets__each_dimension_ignores_its_own_filter",
          facets__each_dimension_ignores_its_own_filter },
        { "excerpt__cuts_at_a_word", excerpt__cuts_at_a_word },
        { NULL, NULL },
    };
    test_add_suite("catalogue/search", cases);
}
