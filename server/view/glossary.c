/*
 * glossary: English and Welsh term pairs for search (glossary.h).
 */
#include "view/glossary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "view/welshfold.h"

#define SIDE_WORDS 6   /* words of one side at most */
#define TERMS_MAX  512 /* bytes of one query word's folded terms */

struct side {
    char *text;             /* as written: what welshfold_query() folds */
    char *word[SIDE_WORDS]; /* each folded by welshfold_norm() */
    size_t n;
};

struct glossary {
    struct side (*pair)[2];
    size_t n;
};

/* s[0..len) as side x: 0, or -1 when a word is not letters or there are too many. */
static int side_parse(struct side *x, const char *s, size_t len)
{
    char w[WELSHFOLD_WORD_MAX + 1];
    size_t i = 0, start, n;

    memset(x, 0, sizeof(*x));
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        start = i;
        while (i < len && s[i] != ' ')
            i++;
        if (i == start)
            break;
        n = welshfold_norm(s + start, i - start, w, sizeof(w));
        if (!n || x->n == SIDE_WORDS)
            return -1;
        x->word[x->n++] = xstrdup(w);
    }
    x->text = xmalloc(len + 1);
    memcpy(x->text, s, len);
    x->text[len] = '\0';
    return x->n ? 0 : -1;
}

static void side_free(struct side *x)
{
    size_t i;

    for (i = 0; i < x->n; i++)
        free(x->word[i]);
    free(x->text);
}

/* s[0..len) without the spaces around it. */
static const char *trim(const char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t' || *s == '\r')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\r'))
        (*len)--;
    return s;
}

/* Add the line s[0..len) (number no, of path) to g when it is a pair. */
static void add_line(struct glossary *g, const char *path, size_t no, const char *s, size_t len)
{
    const char *eq, *a, *b;
    size_t la, lb;
    struct side x[2];

    memset(x, 0, sizeof(x));
    s = trim(s, &len);
    if (!len || *s == '#')
        return;
    eq = memchr(s, '=', len);
    la = eq ? (size_t)(eq - s) : 0;
    lb = eq ? len - la - 1 : 0;
    a = trim(s, &la);
    b = eq ? trim(eq + 1, &lb) : NULL;
    if (!eq || side_parse(&x[0], a, la) || side_parse(&x[1], b, lb)) {
        log_warn("%s:%zu: not \"english = cymraeg\" in letters: skipped", path, no);
        side_free(&x[0]);
        side_free(&x[1]);
        return;
    }
    g->pair = xrealloc(g->pair, (g->n + 1) * sizeof(*g->pair));
    memcpy(g->pair[g->n++], x, sizeof(x));
}

struct glossary *glossary_load(const char *path)
{
    struct glossary *g = xcalloc(1, sizeof(*g));
    FILE *f = fopen(path, "rb");
    char line[1024];
    size_t no = 0;

    if (!f) {
        log_warn("cannot read the search glossary '%s' (%s): searches find each language's "
                 "words only",
                 path, strerror(errno));
        return g;
    }
    while (fgets(line, sizeof(line), f)) {
        size_t len = strlen(line);

        no++;
        if (len && line[len - 1] == '\n')
            len--;
        add_line(g, path, no, line, len);
    }
    fclose(f);
    return g;
}

void glossary_free(struct glossary *g)
{
    size_t i;

    if (!g)
        return;
    for (i = 0; i < g->n; i++) {
        side_free(&g->pair[i][0]);
        side_free(&g->pair[i][1]);
    }
    free(g->pair);
    free(g);
}

size_t glossary_size(const struct glossary *g)
{
    return g ? g->n : 0;
}

/* A word of a query: where it is, and its folded terms as " t1 t2 ". */
struct token {
    const char *s;
    size_t len;
    char terms[TERMS_MAX];
};

/* InnoDB's word bytes, roughly: ASCII letters, digits and '_', and anything
 * not ASCII (welshfold_text splits what of it is not a letter). */
static int word_byte(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t tokenize(const struct welshfold *wf, const char *in, size_t len, struct token *t)
{
    size_t i = 0, n = 0;

    while (in && i < len && n < GLOSSARY_QUERY_TOKENS) {
        struct sbuf b = SBUF_INIT;
        size_t start;

        while (i < len && !word_byte((unsigned char)in[i]))
            i++;
        start = i;
        while (i < len && word_byte((unsigned char)in[i]))
            i++;
        if (i == start)
            break;
        b.max = TERMS_MAX - 3;
        welshfold_text(wf, in + start, i - start, &b);
        t[n].s = in + start;
        t[n].len = i - start;
        snprintf(t[n].terms, sizeof(t[n].terms), " %s ", sbuf_failed(&b) ? "" : b.buf);
        sbuf_release(&b);
        n++;
    }
    return n;
}

/* 1 if word is one of terms' words (" a b c ": each between spaces). */
static int has_term(const char *terms, const char *word)
{
    size_t wl = strlen(word);
    const char *p = terms;

    while (wl && (p = strstr(p, word)) != NULL) {
        if (p > terms && p[-1] == ' ' && p[wl] == ' ')
            return 1;
        p++;
    }
    return 0;
}

/* 1 if side x's words are the tokens t[0..n) from the first on. */
static int side_at(const struct side *x, const struct token *t, size_t n)
{
    size_t k;

    if (x->n > n)
        return 0;
    for (k = 0; k < x->n; k++)
        if (!has_term(t[k].terms, x->word[k]))
            return 0;
    return 1;
}

/* The pair whose side matches the longest run of tokens from t[0] (its
 * length in *k), or NULL. */
static struct side *pair_at(const struct glossary *g, const struct token *t, size_t n, size_t *k)
{
    struct side *best = NULL;
    size_t i, s;

    *k = 0;
    for (i = 0; g && i < g->n; i++)
        for (s = 0; s < 2; s++)
            if (g->pair[i][s].n > *k && side_at(&g->pair[i][s], t, n)) {
                best = g->pair[i];
                *k = g->pair[i][s].n;
            }
    return best;
}

/* Append "+((A) (B))" for the pair to out: 1, or 0 (out unchanged) when a
 * side has no word to search for. */
static size_t add_group(const struct welshfold *wf, const struct side *pair, struct sbuf *out)
{
    struct sbuf q[2] = { SBUF_INIT, SBUF_INIT };
    size_t ok = 1, s;

    for (s = 0; s < 2; s++) {
        q[s].max = out->max;
        ok = ok && welshfold_query(wf, pair[s].text, strlen(pair[s].text), &q[s]) &&
             !sbuf_failed(&q[s]);
    }
    if (ok)
        sbuf_addf(out, "%s+((%s) (%s))", out->len ? " " : "", q[0].buf, q[1].buf);
    sbuf_release(&q[0]);
    sbuf_release(&q[1]);
    return ok;
}

size_t glossary_query(const struct glossary *g, const struct welshfold *wf, const char *in,
                      size_t len, struct sbuf *out)
{
    struct token t[GLOSSARY_QUERY_TOKENS];
    struct sbuf rest = SBUF_INIT, tail = SBUF_INIT;
    size_t n = tokenize(wf, in, len, t), i = 0, k, groups = 0, words;
    size_t at = out->len;

    rest.max = tail.max = out->max;
    while (i < n) {
        struct side *pair = pair_at(g, t + i, n - i, &k);

        if (pair && add_group(wf, pair, out)) {
            groups++;
            i += k;
            continue;
        }
        sbuf_addf(&rest, "%s%.*s", rest.len ? " " : "", (int)t[i].len, t[i].s);
        i++;
    }
    words = welshfold_query(wf, rest.buf, rest.len, &tail);
    if (words)
        sbuf_addf(out, "%s%s", out->len > at ? " " : "", tail.buf);
    sbuf_release(&rest);
    sbuf_release(&tail);
    return groups + words;
}
