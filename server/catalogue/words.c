/*
 * The word index of the published courses: every term FULLTEXT would index in
 * their search_fold, each with the courses holding it, so that a search is
 * answered in C, exactly as MATCH ... AGAINST (ft IN BOOLEAN MODE) answers it
 * (docs/catalogue.md, "A new search without FULLTEXT").
 *
 * InnoDB indexes a token of 3 to 84 characters that is not a default
 * stopword (innodb_ft_min_token_size, innodb_ft_max_token_size,
 * welshfold_stopword); search_fold holds only word characters and single
 * spaces (view/welshfold.h), so its tokens are what lies between the spaces.
 * Terms compare bytewise: folding made Latin letters ASCII, lower case and
 * without accents, which is what the column's _ai_ci collation compares.
 */
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "view/welshfold.h"

#define TOKEN_MIN  WELSHFOLD_QUERY_MIN /* innodb_ft_min_token_size */
#define TOKEN_MAX  84                  /* innodb_ft_max_token_size, in characters */
#define EVAL_DEPTH 8                   /* nesting of ( ) in a query; deeper: ask SQL */

struct catalogue_words {
    size_t n_courses;
    struct catalogue_match *match; /* the courses as matches (matches.c), in mem */
    uint32_t *order[2];            /* their indexes in each title order (matches.c), in mem */
    size_t n_terms;
    const char **terms; /* sorted by strcmp, distinct */
    uint32_t *start;    /* term i's courses: post[start[i] .. start[i + 1]) */
    uint32_t *post;     /* course indexes, ascending within a term */
    struct arena mem;   /* everything above */
    int refs;           /* words_kept.c's, under its lock */
};

/* A token of one course's fold: its term (an id of the table below). */
struct token {
    uint32_t term, course;
};

/* The distinct terms met so far: open addressing over their texts. */
struct table {
    char **text;    /* by id, NUL-terminated in the scratch copies */
    uint32_t *slot; /* id + 1; 0: empty */
    size_t n, cap;  /* cap: slots, a power of two, over twice n */
};

static uint32_t hash(const char *t)
{
    uint32_t h = 2166136261u;

    while (*t)
        h = (h ^ (unsigned char)*t++) * 16777619u;
    return h;
}

static void table_grow(struct table *tb)
{
    size_t cap = tb->cap ? tb->cap * 2 : 1024, i, k;
    uint32_t *slot = xcalloc(cap, sizeof(*slot));

    for (i = 0; i < tb->n; i++) {
        for (k = hash(tb->text[i]) & (cap - 1); slot[k]; k = (k + 1) & (cap - 1))
            ;
        slot[k] = (uint32_t)i + 1;
    }
    free(tb->slot);
    tb->slot = slot;
    tb->cap = cap;
    tb->text = xrealloc(tb->text, cap / 2 * sizeof(*tb->text));
}

/* The id of term t, added when new. */
static uint32_t table_id(struct table *tb, char *t)
{
    size_t k;

    if (2 * (tb->n + 1) > tb->cap)
        table_grow(tb);
    for (k = hash(t) & (tb->cap - 1); tb->slot[k]; k = (k + 1) & (tb->cap - 1))
        if (!strcmp(tb->text[tb->slot[k] - 1], t))
            return tb->slot[k] - 1;
    tb->text[tb->n] = t;
    tb->slot[k] = (uint32_t)++tb->n;
    return (uint32_t)tb->n - 1;
}

static int indexed(const char *t, size_t len)
{
    size_t chars = utf8_count(t, len);

    return chars >= TOKEN_MIN && chars <= TOKEN_MAX && !welshfold_stopword(t, len);
}

/* The tokens of every row's fold in course order, their terms in tb (the
 * texts NUL-terminated in place in copies made in scratch); *n of them. */
static struct token *tokens_of(const struct catalogue_words_row *rows, size_t n_rows,
                               struct arena *scratch, struct table *tb, size_t *n)
{
    size_t cap = 1024, i;
    struct token *v = xmalloc(cap * sizeof(*v));

    *n = 0;
    for (i = 0; i < n_rows; i++) {
        char *p = arena_strdup(scratch, rows[i].fold ? rows[i].fold : "");

        while (*p) {
            size_t len = strcspn(p, " ");
            char *t = p;

            p += len;
            if (*p)
                *p++ = '\0';
            if (!indexed(t, len))
                continue;
            if (*n == cap)
                v = xrealloc(v, (cap *= 2) * sizeof(*v));
            v[(*n)++] = (struct token){ table_id(tb, t), (uint32_t)i };
        }
    }
    return v;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* The courses as matches and in both title orders, worked out once here so
 * that a search's matches need no sorting and no look-ups (a new search
 * sorted its hits twice: a fifth of its instructions). The rows themselves
 * are not kept: nothing reads them after this. */
static void keep_matches(struct catalogue_words *w, const struct catalogue_words_row *rows,
                         size_t n)
{
    struct catalogue_match_row *m = xmalloc((n ? n : 1) * sizeof(*m));
    size_t i, l;

    w->match = arena_alloc(&w->mem, (n ? n : 1) * sizeof(*w->match));
    for (i = 0; i < n; i++) {
        m[i] = rows[i].m;
        catalogue_match_of(&m[i], &w->match[i]);
    }
    for (l = 0; l < 2; l++) {
        w->order[l] = arena_alloc(&w->mem, (n ? n : 1) * sizeof(*w->order[l]));
        catalogue_matches_order(m, n, (enum lang)l, w->order[l]);
    }
    free(m);
    w->n_courses = n;
}

/*
 * The terms in strcmp order and each one's courses (ascending, once each),
 * from the tokens in course order: a counting sort by the term's rank.
 */
static void postings(struct catalogue_words *w, const struct token *tok, size_t n_tok,
                     const struct table *tb)
{
    char ***order = xmalloc((tb->n + 1) * sizeof(*order));
    uint32_t *rank = xmalloc((tb->n + 1) * sizeof(*rank)), *last, *at;
    size_t i, n_post = 0;

    for (i = 0; i < tb->n; i++)
        order[i] = &tb->text[i];
    qsort(order, tb->n, sizeof(*order), by_text);
    w->n_terms = tb->n;
    w->terms = arena_alloc(&w->mem, (tb->n + 1) * sizeof(*w->terms));
    w->start = arena_calloc(&w->mem, (tb->n + 1) * sizeof(*w->start));
    for (i = 0; i < tb->n; i++) {
        rank[order[i] - tb->text] = (uint32_t)i;
        w->terms[i] = arena_strdup(&w->mem, *order[i]);
    }
    last = xmalloc((tb->n + 1) * sizeof(*last));
    memset(last, 0xff, (tb->n + 1) * sizeof(*last));
    for (i = 0; i < n_tok; i++) /* count each (term, course) once */
        if (last[tok[i].term] != tok[i].course) {
            last[tok[i].term] = tok[i].course;
            w->start[rank[tok[i].term]]++;
            n_post++;
        }
    at = xmalloc((tb->n + 1) * sizeof(*at));
    for (i = 0, n_post = 0; i <= tb->n; i++) {
        uint32_t c = i < tb->n ? w->start[i] : 0;

        w->start[i] = at[i] = (uint32_t)n_post;
        n_post += c;
    }
    w->post = arena_alloc(&w->mem, (n_post + 1) * sizeof(*w->post));
    memset(last, 0xff, (tb->n + 1) * sizeof(*last));
    for (i = 0; i < n_tok; i++)
        if (last[tok[i].term] != tok[i].course) {
            last[tok[i].term] = tok[i].course;
            w->post[at[rank[tok[i].term]]++] = tok[i].course;
        }
    free(at);
    free(last);
    free(rank);
    free(order);
}

struct catalogue_words *catalogue_words_build(const struct catalogue_words_row *rows, size_t n)
{
    struct catalogue_words *w = xcalloc(1, sizeof(*w));
    struct table tb = { 0 };
    struct arena scratch;
    struct token *tok;
    size_t n_tok;

    arena_init(&w->mem, 64 * 1024);
    arena_init(&scratch, 256 * 1024);
    keep_matches(w, rows, n);
    tok = tokens_of(rows, n, &scratch, &tb, &n_tok);
    postings(w, tok, n_tok, &tb);
    free(tok);
    free(tb.text);
    free(tb.slot);
    arena_release(&scratch);
    return w;
}

void catalogue_words_free(struct catalogue_words *w)
{
    if (!w)
        return;
    arena_release(&w->mem);
    free(w);
}

size_t catalogue_words_bytes(const struct catalogue_words *w)
{
    return sizeof(*w) + arena_footprint(&w->mem);
}

size_t catalogue_words_count(const struct catalogue_words *w)
{
    return w->n_terms;
}

const char *catalogue_words_term(const struct catalogue_words *w, size_t i)
{
    return w->terms[i];
}

int *catalogue_words_refs(struct catalogue_words *w)
{
    return &w->refs;
}

/* The first term not before t[0..len) taken as a prefix (strncmp order). */
static size_t lower_bound(const struct catalogue_words *w, const char *t, size_t len)
{
    size_t lo = 0, hi = w->n_terms;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strncmp(w->terms[mid], t, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int catalogue_words_known_prefix(const struct catalogue_words *w, const char *t, size_t len)
{
    size_t i = lower_bound(w, t, len);

    return i < w->n_terms && !strncmp(w->terms[i], t, len);
}

/* --- evaluating a boolean query --- */

struct eval {
    const struct catalogue_words *w;
    const char *p;
    size_t nw;      /* uint64_t words of a set */
    uint64_t *sets; /* 4 sets a level: required, optional, excluded, item */
};

static uint64_t *set_at(const struct eval *e, int level, int which)
{
    return e->sets + ((size_t)level * 4 + (size_t)which) * e->nw;
}

/* s = the courses holding the term t[0..len), or any term it starts when prefix. */
static void term_set(const struct eval *e, const char *t, size_t len, int prefix, uint64_t *s)
{
    const struct catalogue_words *w = e->w;
    size_t lo = lower_bound(w, t, len), hi = lo, j;

    memset(s, 0, e->nw * sizeof(*s));
    while (hi < w->n_terms && !strncmp(w->terms[hi], t, len) &&
           (prefix || w->terms[hi][len] == '\0'))
        hi++;
    for (j = lo < hi ? w->start[lo] : 0; lo < hi && j < w->start[hi]; j++)
        s[w->post[j] / 64] |= (uint64_t)1 << (w->post[j] % 64);
}

/* One item at e->p into item: a term (with '*', a prefix) or a ( group ). 0 or -1. */
static int group(struct eval *e, int level, uint64_t *out);

static int item(struct eval *e, int level, uint64_t *s)
{
    const char *t = e->p;
    size_t len;

    if (*e->p == '(') {
        e->p++;
        if (level + 1 >= EVAL_DEPTH || group(e, level + 1, s) || *e->p != ')')
            return -1;
        e->p++;
        return 0;
    }
    len = strcspn(t, " ()+-*~<>\"@");
    /* a term FULLTEXT ignores (short, a stopword) is left to SQL's own rules */
    if (!len || !indexed(t, len))
        return -1;
    e->p += len;
    if (*e->p == '*')
        e->p++;
    term_set(e, t, len, e->p[-1] == '*', s);
    return 0;
}

/*
 * The items up to ')' or the end, as boolean mode combines them: with a '+'
 * item, the courses every '+' item holds; else those any item holds; less
 * those a '-' item holds.
 */
static int group(struct eval *e, int level, uint64_t *out)
{
    uint64_t *req = set_at(e, level, 0), *opt = set_at(e, level, 1), *neg = set_at(e, level, 2);
    uint64_t *it = set_at(e, level, 3);
    int has_req = 0;
    size_t i;

    memset(req, 0xff, e->nw * sizeof(*req));
    memset(opt, 0, e->nw * sizeof(*opt));
    memset(neg, 0, e->nw * sizeof(*neg));
    for (;;) {
        char op = 0;

        while (*e->p == ' ')
            e->p++;
        if (!*e->p || *e->p == ')')
            break;
        if (*e->p == '+' || *e->p == '-')
            op = *e->p++;
        if (item(e, level, it))
            return -1;
        for (i = 0; i < e->nw; i++) {
            if (op == '+')
                req[i] &= it[i];
            else if (op == '-')
                neg[i] |= it[i];
            else
                opt[i] |= it[i];
        }
        has_req |= op == '+';
    }
    for (i = 0; i < e->nw; i++)
        out[i] = (has_req ? req[i] : opt[i]) & ~neg[i];
    return 0;
}

int catalogue_words_match(const struct catalogue_words *w, const char *ft,
                          struct catalogue_matches **out)
{
    struct eval e = { .w = w, .p = ft, .nw = w->n_courses / 64 + 1 };
    const uint32_t *const order[2] = { w->order[0], w->order[1] };
    uint64_t *all;
    size_t i, n = 0;
    int rc = -1;

    *out = NULL;
    e.sets = xcalloc((size_t)EVAL_DEPTH * 4 + 1, e.nw * sizeof(*e.sets));
    all = e.sets + (size_t)EVAL_DEPTH * 4 * e.nw;
    if (group(&e, 0, all) || *e.p)
        goto out;
    for (i = 0; i < w->n_courses; i++)
        n += (all[i / 64] >> (i % 64)) & 1;
    rc = 0;
    *out = catalogue_matches_of_set(w->match, w->n_courses, order, all, n);
out:
    free(e.sets);
    return rc;
}
