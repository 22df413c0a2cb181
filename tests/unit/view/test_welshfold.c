/*
 * view/welshfold.c: every mutation of every mutable consonant (and h- before
 * a vowel), with words from the course texts, folds to its radical; English
 * words and names do not fold; folding is idempotent; the rows of issue 25's
 * table find what their radical finds; queries are safe boolean-mode text.
 */
#include <glob.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "core/utf8.h"
#include "testing.h"
#include "view/welshfold.h"

static struct welshfold *wf;
static char *course_terms; /* " t1 t2 ... " of every Welsh course text */

/* radical, then its soft, nasal and aspirate forms (NULL: none) */
struct row {
    const char *radical, *soft, *nasal, *aspirate;
};

static const struct row rows[] = {
    { "cynnwys", "gynnwys", "nghynnwys", "chynnwys" },
    { "cwrs", "gwrs", "nghwrs", "chwrs" },
    { "cymraeg", "gymraeg", "nghymraeg", "chymraeg" },
    { "pobl", "bobl", "mhobl", "phobl" },
    { "polisi", "bolisi", "mholisi", "pholisi" },
    { "t\xc3\xaem", "d\xc3\xaem", "nh\xc3\xaem", "th\xc3\xaem" }, /* tîm */
    { "tystiolaeth", "dystiolaeth", "nhystiolaeth", "thystiolaeth" },
    { "gwasanaethau", "wasanaethau", "ngwasanaethau", NULL },
    { "gwaith", "waith", "ngwaith", NULL },
    { "gwybodaeth", "wybodaeth", "ngwybodaeth", NULL },
    { "blaenoriaeth", "flaenoriaeth", "mlaenoriaeth", NULL },
    { "budd", "fudd", "mudd", NULL },
    { "dylunio", "ddylunio", "nylunio", NULL },
    { "defnyddwyr", "ddefnyddwyr", "nefnyddwyr", NULL },
    { "diogelwch", "ddiogelwch", "niogelwch", NULL },
    { "llywodraeth", "lywodraeth", NULL, NULL },
    { "llais", "lais", NULL, NULL },
    { "mynediad", "fynediad", NULL, NULL },
    { "mynd", "fynd", NULL, NULL },
    { "rhaglen", "raglen", NULL, NULL },
    { "rheoli", "reoli", NULL, NULL },
    /* h- before a vowel: the "aspirate" column */
    { "ardal", NULL, NULL, "hardal" },
    { "enw", NULL, NULL, "henw" },
    { "iaith", NULL, NULL, "hiaith" },
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* welshfold_text() of s, heap string with a space at each end. */
static char *fold(const struct welshfold *f, const char *s)
{
    struct sbuf b = SBUF_INIT;

    sbuf_addc(&b, ' ');
    welshfold_text(f, s, strlen(s), &b);
    sbuf_addc(&b, ' ');
    return sbuf_detach(&b, NULL);
}

static char *query(const char *s)
{
    struct sbuf b = SBUF_INIT;

    welshfold_query(wf, s, strlen(s), &b);
    return sbuf_detach(&b, NULL);
}

/* 1 if some term of word is a term of terms (" a b c "): the boolean query's OR. */
static int word_matches(const char *word, const char *terms)
{
    char *mine = fold(wf, word), *t = mine + 1, *end;
    int hit = 0;

    while (!hit && (end = strchr(t, ' ')) != NULL && end > t) {
        char key[WELSHFOLD_WORD_MAX + 3];

        key[0] = ' ';
        memcpy(key + 1, t, (size_t)(end - t));
        key[end - t + 1] = ' ';
        key[end - t + 2] = '\0';
        hit = strstr(terms, key) != NULL;
        t = end + 1;
    }
    free(mine);
    return hit;
}

static int setup(void)
{
    struct sbuf all = SBUF_INIT;
    glob_t g = { 0 };
    size_t i;

    wf = welshfold_load(DYSGU_WELSH_WORDS);
    glob(DYSGU_SOURCE_DIR "/courses/*/course.json", 0, NULL, &g);
    glob(DYSGU_SOURCE_DIR "/courses/*/lessons/*.cy.md", GLOB_APPEND, NULL, &g);
    for (i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *text = test_read_file(g.gl_pathv[i], &len);

        if (text)
            sbuf_add(&all, text, len), sbuf_addc(&all, '\n');
        free(text);
    }
    globfree(&g);
    course_terms = fold(wf, all.buf);
    sbuf_release(&all);
    return !wf || welshfold_size(wf) < 100000;
}

static int teardown(void)
{
    welshfold_free(wf);
    free(course_terms);
    return 0;
}

static void every_mutation_folds_to_its_radical(void)
{
    size_t i, k;

    for (i = 0; i < N_ROWS; i++) {
        const char *forms[] = { rows[i].soft, rows[i].nasal, rows[i].aspirate };
        char *radical = fold(wf, rows[i].radical);

        /* the radical is a course word, and folds to itself alone */
        CU_ASSERT_PTR_NOT_NULL(strstr(course_terms, radical));
        CU_ASSERT_EQUAL(strchr(radical + 1, ' ') - radical, (ptrdiff_t)strlen(radical) - 1);
        for (k = 0; k < 3; k++) {
            if (!forms[k])
                continue;
            if (!word_matches(forms[k], radical)) {
                fprintf(stderr, "'%s' does not fold to '%s'\n", forms[k], rows[i].radical);
                CU_FAIL("a mutated form does not fold to its radical");
            }
            /* and the query on the radical finds a text that has only the mutated form */
            {
                char *text = fold(wf, forms[k]);

                CU_ASSERT(word_matches(rows[i].radical, text));
                free(text);
            }
        }
        free(radical);
    }
}

/* English words, names and a word that is not Welsh-looking fold to themselves. */
static void english_and_names_stay(void)
{
    static const char *const words[] = {
        "research", "user",   "content", "digital", "service",   "agile", "government",
        "mobile",   "design", "data",    "people",  "delivery",  "form",  "learning",
        "London",   "Google", "Python",  "Linux",   "Microsoft", "the",   "Brexit",
    };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        char *f = fold(wf, words[i]), want[64];
        size_t k;

        for (k = 0; words[i][k]; k++)
            want[k + 1] = (char)(words[i][k] | 0x20);
        want[0] = ' ';
        want[k + 1] = ' ';
        want[k + 2] = '\0';
        CU_ASSERT_STRING_EQUAL(f, want);
        free(f);
    }
}

static void folding_is_idempotent(void)
{
    char *once = fold(wf, course_terms), *twice = fold(wf, once);

    CU_ASSERT_STRING_EQUAL(once, course_terms);
    free(once);
    free(twice);
    /* sure mutations do not chain (found by fuzz_welshfold) */
    once = fold(wf, "nddd$dddddddddddddddddddddd ngngngx");
    twice = fold(wf, once);
    CU_ASSERT_STRING_EQUAL(once, " nddd dddddddddddddddddddddd ngngngx gngngx ");
    CU_ASSERT_STRING_EQUAL(twice, once);
    free(once);
    free(twice);
}

/* Issue 25: each row finds what its radical finds. */
static void issue_table(void)
{
    static const char *const demo[][2] = {
        { "wasanaethau", "gwasanaethau" },
        { "ddylunio", "dylunio" },
        { "nylunio", "dylunio" },
        { "gynnwys", "cynnwys" },
    };
    size_t i;

    for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
        char *q = query(demo[i][0]), want[64];

        /* the mutated query asks for the radical's term */
        snprintf(want, sizeof(want), " %s*", demo[i][1]);
        CU_ASSERT_PTR_NOT_NULL(strstr(q, want));
        free(q);
    }
}

static void case_accents_apostrophes(void)
{
    char *a = fold(wf, "T\xc3\x8eM i\xe2\x80\x99r \xc5\xb4yl"), /* TÎM i’r Ŵyl */
        *b = fold(wf, "tim i'r w\xcc\x82yl");                   /* ŵ decomposed */

    CU_ASSERT_STRING_EQUAL(a, b);
    CU_ASSERT_STRING_EQUAL(a, " tim i r wyl gwyl ");
    free(a);
    free(b);
}

static void queries_are_plain_boolean_mode(void)
{
    char *q = query("Gwasanaethau  digidol");

    CU_ASSERT_STRING_EQUAL(q, "+(gwasanaethau*) +(digidol*)");
    free(q);
    /* operators and quotes are separators; stopwords and short words go */
    q = query("+wasanaethau -\"about\" (i'r) ~the* @3 <dylunio>");
    CU_ASSERT_STRING_EQUAL(q, "+(wasanaethau* gwasanaethau*) +(dylunio*)");
    free(q);
    q = query("i'r a the");
    CU_ASSERT_STRING_EQUAL(q, "");
    free(q);
}

/* Invalid UTF-8 separates words; NUL too; nothing is lost around it. */
static void invalid_utf8_separates(void)
{
    static const char in[] = "ddylunio\xff"
                             "cwrs\xc0\xaftim\0ardal";
    struct sbuf b = SBUF_INIT;

    CU_ASSERT_EQUAL(welshfold_text(wf, in, sizeof(in) - 1, &b), 5);
    CU_ASSERT_STRING_EQUAL(b.buf, "ddylunio dylunio cwrs tim ardal");
    sbuf_release(&b);
}

/* A word longer than InnoDB would index is dropped; one just short of it is kept. */
static void long_words(void)
{
    char in[WELSHFOLD_WORD_MAX * 2 + 16];
    struct sbuf b = SBUF_INIT;

    memset(in, 'a', WELSHFOLD_WORD_MAX + 1);
    memcpy(in + WELSHFOLD_WORD_MAX + 1, " cwrs ", 6);
    memset(in + WELSHFOLD_WORD_MAX + 7, 'b', WELSHFOLD_WORD_MAX);
    in[2 * WELSHFOLD_WORD_MAX + 7] = '\0';
    CU_ASSERT_EQUAL(welshfold_text(wf, in, strlen(in), &b), 2);
    CU_ASSERT_EQUAL(b.len, 5 + WELSHFOLD_WORD_MAX);
    CU_ASSERT_EQUAL(strncmp(b.buf, "cwrs bbb", 8), 0);
    sbuf_release(&b);
}

/* Without a list: a warning, then case, accents and the five certain mutations. */
static void missing_list(void)
{
    struct welshfold *none = welshfold_load(DYSGU_SOURCE_DIR "/no/such/welsh-words.txt");
    char *f = fold(none, "Ddylunio NGHYMRAEG wasanaethau T\xc3\xaem");

    CU_ASSERT_EQUAL(welshfold_size(none), 0);
    CU_ASSERT_STRING_EQUAL(f, " ddylunio dylunio nghymraeg cymraeg wasanaethau tim ");
    free(f);
    welshfold_free(none);
}

/* A list of this text in a file of its own, loaded; NULL if it cannot be written. */
static struct welshfold *list_of(const char *text)
{
    char path[] = "/tmp/dysgu-welsh-words-XXXXXX";
    struct welshfold *l = NULL;
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int ok = f && fputs(text, f) >= 0;

    if (f)
        ok &= !fclose(f);
    if (ok)
        l = welshfold_load(path);
    if (fd >= 0)
        unlink(path);
    return l;
}

/* The list is bisected by bytes: every word found, first and last too, and no
 * prefix, extension or word between; an unsorted list is no list. */
static void known_words_of_a_list(void)
{
    static const char *const words[] = { "a", "bod", "bodd", "cwrs", "gwrs", "y" };
    static const char *const absent[] = { "", "b", "bo", "boda", "c", "cwrss", "z", "aa" };
    struct welshfold *l = list_of("a\nbod\nbodd\ncwrs\ngwrs\ny\n");
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(welshfold_size(l), 6);
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        CU_ASSERT(welshfold_known(l, words[i], strlen(words[i])));
    for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
        CU_ASSERT(!welshfold_known(l, absent[i], strlen(absent[i])));
    welshfold_free(l);
    l = list_of("bod\na\n");
    CU_ASSERT_EQUAL(welshfold_size(l), 0);
    CU_ASSERT(!welshfold_known(l, "bod", 3));
    welshfold_free(l);
    l = list_of("a\nbod"); /* the last word without its newline */
    CU_ASSERT_EQUAL(welshfold_size(l), 0);
    welshfold_free(l);
}

/* A list of many stretches between its samples: every word is found, whichever
 * stretch holds it, and nothing between, before or after them. */
static void known_words_of_a_long_list(void)
{
    static char text[1000 * 7 + 1];
    char w[16];
    struct welshfold *l;
    int i, found = 0, wrong = 0;

    for (i = 0; i < 1000; i++)
        snprintf(text + 7 * i, 8, "w%04d0\n", i);
    l = list_of(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(welshfold_size(l), 1000);
    for (i = 0; i < 1000; i++) {
        snprintf(w, sizeof(w), "w%04d0", i);
        found += welshfold_known(l, w, strlen(w));
        snprintf(w, sizeof(w), "w%04d5", i); /* between two words */
        wrong += welshfold_known(l, w, strlen(w));
        snprintf(w, sizeof(w), "w%04d", i); /* a prefix */
        wrong += welshfold_known(l, w, strlen(w));
    }
    CU_ASSERT_EQUAL(found, 1000);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(!welshfold_known(l, "a", 1));
    CU_ASSERT(!welshfold_known(l, "z", 1));
    welshfold_free(l);
}

static void norm_for_the_list(void)
{
    char out[WELSHFOLD_WORD_MAX + 1];

    CU_ASSERT_EQUAL(welshfold_norm("T\xc3\xa2n", 4, out, sizeof(out)), 3);
    CU_ASSERT_STRING_EQUAL(out, "tan");
    CU_ASSERT_EQUAL(welshfold_norm("i'r", 3, out, sizeof(out)), 0);
    CU_ASSERT_EQUAL(welshfold_norm("mp3", 3, out, sizeof(out)), 0);
    CU_ASSERT_EQUAL(welshfold_norm("", 0, out, sizeof(out)), 0);
}

/* The text's terms, " t1 t2 ", in a static buffer of its own (which of two). */
static const char *terms_of(const char *in, int which)
{
    static char out[2][512];
    struct sbuf b = SBUF_INIT;

    welshfold_text(wf, in, strlen(in), &b);
    snprintf(out[which], sizeof(out[which]), " %s ", b.buf);
    sbuf_release(&b);
    return out[which];
}

static void letters_for_cache_keys(void)
{
    static const char *const in[][2] = {
        { "D\xc3\xa2ta", "data" },                               /* Dâta */
        { "T\xc3\xaem a'r Wasanaethau", "tim a'r wasanaethau" }, /* Tîm */
        { "  Bore  DA!  ", "  bore  da!  " },                    /* the rest as it is */
        { "\xe2\x84\xab", "\xe2\x84\xab" },                      /* U+212B: not to "a" */
        { "Y\xcc\x82", "y\xcc\x82" },                            /* a combining mark stays */
        { "\xce\x94\xce\x95\xce\x9b\xce\xa4\xce\x91",
          "\xce\xb4\xce\xb5\xce\xbb\xcf\x84\xce\xb1" }, /* Greek */
    };
    size_t i;

    for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        struct sbuf b = SBUF_INIT;
        size_t n = welshfold_letters(in[i][0], strlen(in[i][0]), &b);

        CU_ASSERT_EQUAL(n, b.len);
        CU_ASSERT_STRING_EQUAL(b.buf, in[i][1]);
        /* written alike, searched alike: the same terms as the text */
        CU_ASSERT_STRING_EQUAL(terms_of(in[i][0], 0), terms_of(b.buf, 1));
        CU_ASSERT_EQUAL(utf8_count(in[i][0], strlen(in[i][0])), utf8_count(b.buf, b.len));
        sbuf_release(&b);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "every mutation folds to its radical", every_mutation_folds_to_its_radical },
        { "English words and names stay", english_and_names_stay },
        { "folding is idempotent", folding_is_idempotent },
        { "issue 25 table", issue_table },
        { "case, accents, apostrophes", case_accents_apostrophes },
        { "queries are plain boolean mode", queries_are_plain_boolean_mode },
        { "invalid UTF-8 separates words", invalid_utf8_separates },
        { "long words", long_words },
        { "missing word list", missing_list },
        { "known words of a list", known_words_of_a_list },
        { "known words of a long list", known_words_of_a_long_list },
        { "norm for the list builder", norm_for_the_list },
        { "letters for cache keys", letters_for_cache_keys },
        { NULL, NULL },
    };

    test_add_suite_with("welshfold", cases, setup, teardown);
}
