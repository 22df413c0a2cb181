/*
 * view/glossary.c: the pairs file is read line by line, comments and blank
 * lines skipped, a line that is not "words = words" of letters skipped (the
 * rest kept); a term in either language becomes one group of both sides,
 * in any mutated form, the longest term winning; without pairs the query is
 * welshfold_query()'s; the shipped data/glossary.txt loads whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "testing.h"
#include "view/glossary.h"
#include "view/welshfold.h"

static struct welshfold *wf;

static int setup(void)
{
    wf = welshfold_load(DYSGU_WELSH_WORDS);
    return welshfold_size(wf) ? 0 : -1;
}

static int teardown(void)
{
    welshfold_free(wf);
    return 0;
}

/* A glossary from text (through a file, as the server reads it). */
static struct glossary *from_text(const char *text)
{
    char path[] = "/tmp/dysgu-glossary-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    struct glossary *g;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    g = glossary_load(path);
    unlink(path);
    return g;
}

/* The query for in (malloc'd). */
static char *query(const struct glossary *g, const char *in)
{
    struct sbuf b = SBUF_INIT;

    glossary_query(g, wf, in, strlen(in), &b);
    return sbuf_detach(&b, NULL);
}

static void load__skips_what_is_not_a_pair(void)
{
    struct glossary *g = from_text("# a comment\n"
                                   "\n"
                                   "  service = gwasanaeth  \n"
                                   "service design = dylunio gwasanaethau\n"
                                   "no equals sign here\n"
                                   "web 2 = gwe 2\n"
                                   "a b c d e f g = un\n"
                                   " = dim\n"
                                   "Ŵyn Bach = lambs\n");

    CU_ASSERT_EQUAL(glossary_size(g), 3);
    glossary_free(g);
    g = glossary_load("/nonexistent/glossary.txt");
    CU_ASSERT_EQUAL(glossary_size(g), 0);
    glossary_free(g);
    CU_ASSERT_EQUAL(glossary_size(NULL), 0);
}

static void query__both_sides_longest_term_first(void)
{
    struct glossary *g = from_text("service = gwasanaeth\n"
                                   "service design = dylunio gwasanaethau\n"
                                   "Ŵyn Bach = lambs\n");
    char *q;

    q = query(g, "Service design");
    CU_ASSERT_STRING_EQUAL(q, "+((+(service*) +(design*)) (+(dylunio*) +(gwasanaethau*)))");
    free(q);
    /* the Welsh side mutated, then a word of no pair */
    q = query(g, "nylunio wasanaethau cyflym");
    CU_ASSERT_STRING_EQUAL(q, "+((+(service*) +(design*)) (+(dylunio*) +(gwasanaethau*))) "
                              "+(cyflym*)");
    free(q);
    q = query(g, "service");
    CU_ASSERT_STRING_EQUAL(q, "+((+(service*)) (+(gwasanaeth*)))");
    free(q);
    /* accents fold on both sides */
    q = query(g, "wyn bach");
    CU_ASSERT_STRING_EQUAL(q, "+((+(wyn* gwyn* cwyn*) +(bach*)) (+(lambs*)))");
    free(q);
    /* operators never pass */
    q = query(g, "\"service\" -design +(x");
    CU_ASSERT_STRING_EQUAL(q, "+((+(service*) +(design*)) (+(dylunio*) +(gwasanaethau*)))");
    free(q);
    glossary_free(g);
}

static void query__without_pairs_is_welshfold(void)
{
    static const char *const in[] = { "wasanaethau digidol", "i'r data", "", "ab" };
    size_t i;

    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        struct sbuf want = SBUF_INIT;
        char *got = query(NULL, in[i]);

        welshfold_query(wf, in[i], strlen(in[i]), &want);
        CU_ASSERT_STRING_EQUAL(got, want.buf);
        free(got);
        sbuf_release(&want);
    }
}

static void shipped__every_line_is_a_pair(void)
{
    struct glossary *g = glossary_load(DYSGU_SOURCE_DIR "/data/glossary.txt");
    FILE *f = fopen(DYSGU_SOURCE_DIR "/data/glossary.txt", "r");
    char line[512];
    size_t pairs = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    while (fgets(line, sizeof(line), f))
        pairs += line[0] != '#' && strchr(line, '=') != NULL;
    fclose(f);
    CU_ASSERT(pairs >= 20);
    CU_ASSERT_EQUAL(glossary_size(g), pairs);
    glossary_free(g);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "load__skips_what_is_not_a_pair", load__skips_what_is_not_a_pair },
        { "query__both_sides_longest_term_first", query__both_sides_longest_term_first },
        { "query__without_pairs_is_welshfold", query__without_pairs_is_welshfold },
        { "shipped__every_line_is_a_pair", shipped__every_line_is_a_pair },
        { NULL, NULL },
    };
    test_add_suite_with("glossary", cases, setup, teardown);
}
