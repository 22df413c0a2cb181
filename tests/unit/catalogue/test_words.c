/*
 * server/catalogue/words.c: the word index answers a boolean query as
 * MariaDB's boolean mode does over search_fold: prefixes and exact terms,
 * '+' groups AND-ed, plain items OR-ed, '-' items taken out, groups nested as
 * the glossary writes them; tokens FULLTEXT never indexes (under 3
 * characters, over 84, InnoDB's stopwords) are never found; what it does not
 * evaluate is left to SQL (-1). Random queries are checked against a
 * reference that evaluates the query's tree course by course.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue_impl.h"
#include "core/sbuf.h"
#include "testing.h"

static const char *const folds[] = {
    "data gwasanaethau wasanaethau dylunio", /* 0 */
    "dylunio cynnwys content design",        /* 1 */
    "user research ymchwil defnyddwyr",      /* 2 */
    "about the data datblygu ab",            /* 3: "about", "the" and "ab" are not indexed */
    "",                                      /* 4 */
    "digidol digital data",                  /* 5 */
};
#define N_FOLDS (sizeof(folds) / sizeof(folds[0]))

static struct catalogue_words *index_of(const char *const *f, size_t n)
{
    struct catalogue_words_row rows[64];
    static const char *const keys[] = { "\x05", "\x06", "\x07", "\x08" };
    size_t i;

    CU_ASSERT_FATAL(n <= 64);
    memset(rows, 0, sizeof(rows));
    for (i = 0; i < n; i++) {
        rows[i].m.id = (long long)(100 + i);
        rows[i].m.family = "data";
        rows[i].m.level = "awareness";
        rows[i].m.format = "webinar";
        rows[i].m.in_cy = rows[i].m.in_en = 1;
        rows[i].m.key[0] = rows[i].m.key[1] = keys[i % 4];
        rows[i].fold = f[i];
    }
    return catalogue_words_build(rows, n);
}

/* The ids ft finds, as a bit mask of course indexes; -1 when left to SQL. */
static long long found(const struct catalogue_words *w, const char *ft)
{
    struct catalogue_matches *m = NULL;
    long long mask = 0;
    size_t i;

    if (catalogue_words_match(w, ft, &m))
        return -1;
    CU_ASSERT_FATAL(m != NULL && !m->too_many);
    for (i = 0; i < m->n; i++)
        mask |= 1LL << (m->v[i].id - 100);
    catalogue_matches_free(m);
    return mask;
}

static void words__boolean_mode_as_mariadb(void)
{
    struct catalogue_words *w = index_of(folds, N_FOLDS);

    CU_ASSERT_EQUAL(found(w, "+(data*)"), 0x29);
    CU_ASSERT_EQUAL(found(w, "+(dat*)"), 0x29); /* a prefix: data, datblygu */
    CU_ASSERT_EQUAL(found(w, "+(datb*)"), 0x08);
    CU_ASSERT_EQUAL(found(w, "+(dylunio)"), 0x03); /* exact */
    CU_ASSERT_EQUAL(found(w, "+(dylun)"), 0);
    CU_ASSERT_EQUAL(found(w, "+(wasanaethau* gwasanaethau*) +(data*)"), 0x01);
    CU_ASSERT_EQUAL(found(w, "+(content* zzz*)"), 0x02); /* a word's terms OR-ed */
    CU_ASSERT_EQUAL(found(w, "+(data*) -(digidol*)"), 0x09);
    CU_ASSERT_EQUAL(found(w, "data* digidol*"), 0x29);    /* no '+': any */
    CU_ASSERT_EQUAL(found(w, "+(data*) digidol*"), 0x29); /* optional items do not filter */
    CU_ASSERT_EQUAL(found(w, "-(data*)"), 0);             /* only exclusions: nothing */
    /* the glossary's group: either side, each side's words all required */
    CU_ASSERT_EQUAL(found(w, "+((+(user*) +(research*)) (+(ymchwil*) +(defnyddwyr*)))"), 0x04);
    CU_ASSERT_EQUAL(found(w, "+((+(content*) +(design*)) (+(cynnwys*) +(dylunio*)))"), 0x02);
    CU_ASSERT_EQUAL(found(w, "+((+(user*) +(design*)) (+(ymchwil*) +(dylunio*)))"), 0);
    /* not indexed, so never found (a prefix of one finds only indexed terms) */
    CU_ASSERT_EQUAL(found(w, "+(abo*)"), 0);
    CU_ASSERT_EQUAL(found(w, "+(th*)"), -1); /* a term FULLTEXT ignores: SQL's rules */
    CU_ASSERT_EQUAL(found(w, "+(about*)"), -1);
    /* outside the grammar: SQL */
    CU_ASSERT_EQUAL(found(w, "+(data*"), -1);
    CU_ASSERT_EQUAL(found(w, "+(data*))"), -1);
    CU_ASSERT_EQUAL(found(w, "+\"data\""), -1);
    CU_ASSERT_EQUAL(found(w, "+((((((((((data*))))))))))"), -1);
    CU_ASSERT_EQUAL(found(w, ""), 0);
    CU_ASSERT(catalogue_words_known_prefix(w, "gwasan", 6));
    CU_ASSERT(!catalogue_words_known_prefix(w, "abou", 4));
    catalogue_words_free(w);
}

static void words__too_many_and_long_tokens(void)
{
    static const char *two[2];
    char longest[90], over[90];
    struct catalogue_words *w;
    struct catalogue_words_row *rows = calloc(CATALOGUE_MATCH_MAX + 1, sizeof(*rows));
    struct catalogue_matches *m = NULL;
    size_t i;

    memset(longest, 'x', 84);
    longest[84] = '\0';
    memset(over, 'y', 85);
    over[85] = '\0';
    two[0] = longest;
    two[1] = over;
    w = index_of(two, 2);
    CU_ASSERT_EQUAL(found(w, "+(xxx*)"), 1);
    CU_ASSERT_EQUAL(found(w, "+(yyy*)"), 0); /* over 84 characters: not indexed */
    catalogue_words_free(w);
    /* past CATALOGUE_MATCH_MAX: the verdict, as store.c gives it */
    CU_ASSERT_FATAL(rows != NULL);
    for (i = 0; i <= CATALOGUE_MATCH_MAX; i++) {
        rows[i].m.id = (long long)i + 1;
        rows[i].fold = i % 2 ? "common odd" : "common";
    }
    w = catalogue_words_build(rows, CATALOGUE_MATCH_MAX + 1);
    CU_ASSERT(catalogue_words_match(w, "+(common*)", &m) == 0 && m && m->too_many);
    catalogue_matches_free(m);
    CU_ASSERT(catalogue_words_match(w, "+(odd*)", &m) == 0 && m && m->n == CATALOGUE_MATCH_MAX / 2);
    catalogue_matches_free(m);
    catalogue_words_free(w);
    free(rows);
}

/* --- random queries against a reference evaluated on the tree --- */

static const char *const vocab[] = { "aaa", "aab", "abb", "bbb", "bba", "abc", "ccc", "aaab" };
#define N_VOCAB (sizeof(vocab) / sizeof(vocab[0]))

struct node {
    char op;     /* '+', '-' or 0 */
    int term;    /* index into vocab, or -1 for a group */
    int prefix;  /* with '*' */
    int kids[4]; /* a group's items (node indexes) */
    int n_kids;
};

static struct node nodes[256];
static int n_nodes;

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static int gen(unsigned *s, int depth)
{
    int me = n_nodes++, i;
    struct node *x = &nodes[me];

    x->op = "+-\0+"[lcg(s) % 4];
    if (depth >= 3 || lcg(s) % 2) {
        x->term = (int)(lcg(s) % N_VOCAB);
        x->prefix = (int)(lcg(s) % 2);
        x->n_kids = 0;
        return me;
    }
    x->term = -1;
    x->n_kids = 1 + (int)(lcg(s) % 3);
    for (i = 0; i < x->n_kids; i++)
        nodes[me].kids[i] = gen(s, depth + 1);
    return me;
}

static void render(int k, struct sbuf *b)
{
    const struct node *x = &nodes[k];
    int i;

    if (x->op)
        sbuf_addc(b, x->op);
    if (x->term >= 0) {
        sbuf_adds(b, vocab[x->term]);
        if (x->prefix)
            sbuf_addc(b, '*');
        return;
    }
    sbuf_addc(b, '(');
    for (i = 0; i < x->n_kids; i++) {
        if (i)
            sbuf_addc(b, ' ');
        render(x->kids[i], b);
    }
    sbuf_addc(b, ')');
}

/* 1 if the fold holds the node's term (a token equal to it, or starting it). */
static int holds(const char *fold, const struct node *x)
{
    size_t len = strlen(vocab[x->term]);
    const char *p = fold;

    while (*p) {
        size_t n = strcspn(p, " ");

        if (n >= len && !strncmp(p, vocab[x->term], len) && (x->prefix || n == len))
            return 1;
        p += n + (p[n] == ' ');
    }
    return 0;
}

/* The boolean-mode value of items kids[0..n) for one fold. */
static int eval_items(const char *fold, const int *kids, int n);

static int eval_node(const char *fold, const struct node *x)
{
    return x->term >= 0 ? holds(fold, x) : eval_items(fold, x->kids, x->n_kids);
}

static int eval_items(const char *fold, const int *kids, int n)
{
    int i, has_req = 0, req = 1, opt = 0, neg = 0;

    for (i = 0; i < n; i++) {
        const struct node *x = &nodes[kids[i]];
        int v = eval_node(fold, x);

        if (x->op == '+')
            has_req = 1, req &= v;
        else if (x->op == '-')
            neg |= v;
        else
            opt |= v;
    }
    return (has_req ? req : opt) && !neg;
}

static void words__random_queries_match_the_reference(void)
{
    const char *f[40];
    char buf[40][64];
    struct catalogue_words *w;
    unsigned s = 11;
    size_t i, j;
    int q;

    for (i = 0; i < 40; i++) {
        struct sbuf b;

        sbuf_init(&b, NULL, sizeof(buf[i]));
        for (j = 0; j < 1 + lcg(&s) % 4; j++) {
            if (j)
                sbuf_addc(&b, ' ');
            sbuf_adds(&b, vocab[lcg(&s) % N_VOCAB]);
        }
        snprintf(buf[i], sizeof(buf[i]), "%s", b.buf);
        sbuf_release(&b);
        f[i] = buf[i];
    }
    w = index_of(f, 40);
    for (q = 0; q < 300; q++) {
        struct sbuf b = SBUF_INIT;
        struct catalogue_matches *m = NULL;
        int top[4], n_top = 1 + (int)(lcg(&s) % 3), k;
        unsigned char want[40] = { 0 }, got[40] = { 0 };

        n_nodes = 0;
        for (k = 0; k < n_top; k++) {
            if (k)
                sbuf_addc(&b, ' ');
            top[k] = gen(&s, 0);
            render(top[k], &b);
        }
        CU_ASSERT_FATAL(catalogue_words_match(w, b.buf, &m) == 0 && m);
        for (i = 0; i < 40; i++)
            want[i] = (unsigned char)eval_items(f[i], top, n_top);
        for (i = 0; i < m->n; i++)
            got[m->v[i].id - 100] = 1;
        if (memcmp(want, got, sizeof(want)))
            fprintf(stderr, "query %s differs\n", b.buf);
        CU_ASSERT(!memcmp(want, got, sizeof(want)));
        catalogue_matches_free(m);
        sbuf_release(&b);
    }
    catalogue_words_free(w);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "words__boolean_mode_as_mariadb", words__boolean_mode_as_mariadb },
        { "words__too_many_and_long_tokens", words__too_many_and_long_tokens },
        { "words__random_queries_match_the_reference", words__random_queries_match_the_reference },
        { NULL, NULL },
    };
    test_add_suite("catalogue/words", cases);
}
