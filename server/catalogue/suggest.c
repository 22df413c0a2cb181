/*
 * "Did you mean": when a search finds nothing, the nearest known term for
 * each word of six letters or more that no course has (catalogue.h,
 * catalogue_suggest). The known terms are those of the word index of
 * searches (words.c, kept by words_kept.c): what FULLTEXT would find.
 */
#include <string.h>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "view/welshfold.h"

#define SUGGEST_MIN      6  /* letters of a word that may be corrected (issue 25) */
#define SUGGEST_DISTANCE 2  /* most edits a correction makes */
#define TERM_MAX         64 /* longer terms are never suggested */
#define QUERY_WORDS      WELSHFOLD_QUERY_WORDS

/* Edits (insert, delete, substitute) from a to b, or SUGGEST_DISTANCE + 1
 * when more. */
static int distance(const char *a, size_t la, const char *b, size_t lb)
{
    int row[TERM_MAX + 1], prev, tmp, best;
    size_t i, j;

    if (la > TERM_MAX || lb > TERM_MAX || (la > lb ? la - lb : lb - la) > SUGGEST_DISTANCE)
        return SUGGEST_DISTANCE + 1;
    for (j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (i = 1; i <= la; i++) {
        prev = row[0];
        row[0] = (int)i;
        best = row[0];
        for (j = 1; j <= lb; j++) {
            tmp = row[j];
            row[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev < row[j] ? prev : row[j]);
            if (row[j - 1] + 1 < row[j])
                row[j] = row[j - 1] + 1;
            prev = tmp;
            if (row[j] < best)
                best = row[j];
        }
        if (best > SUGGEST_DISTANCE)
            return SUGGEST_DISTANCE + 1;
    }
    return row[lb];
}

/* 1 if t is a term that may be suggested: letters a-z only, 3 to TERM_MAX. */
static int suggestible(const char *t, size_t len)
{
    size_t i;

    if (len < 3 || len > TERM_MAX)
        return 0;
    for (i = 0; i < len; i++)
        if (t[i] < 'a' || t[i] > 'z')
            return 0;
    return 1;
}

/* The known term nearest to w (first in order among the nearest), or NULL. */
static const char *nearest(const struct catalogue_words *ix, const char *w, size_t len)
{
    const char *best = NULL;
    int d, best_d = SUGGEST_DISTANCE + 1;
    size_t i, n = catalogue_words_count(ix);

    for (i = 0; i < n; i++) {
        const char *t = catalogue_words_term(ix, i);
        size_t tl = strlen(t);

        if (!suggestible(t, tl))
            continue;
        d = distance(w, len, t, tl);
        if (d < best_d) {
            best_d = d;
            best = t;
        }
    }
    return best;
}

/* 1 if a term of w's folding (w or a radical of it) starts a known term. */
static int word_known(const struct catalogue_words *ix, const struct welshfold *wf, const char *w,
                      size_t len)
{
    struct sbuf b = SBUF_INIT;
    const char *p;
    int known = 0;

    welshfold_text(wf, w, len, &b);
    for (p = b.buf; !known && *p;) {
        size_t n = strcspn(p, " ");

        known = catalogue_words_known_prefix(ix, p, n);
        p += n + (p[n] == ' ');
    }
    sbuf_release(&b);
    return known;
}

char *catalogue_suggest(struct db *db, struct arena *a, const struct welshfold *wf, const char *q)
{
    struct sbuf out;
    const struct catalogue_words *ix = catalogue_words_get(db, a);
    char w[WELSHFOLD_WORD_MAX + 1];
    size_t i = 0, len = strlen(q), words = 0;
    int changed = 0;

    if (!ix)
        return NULL;
    sbuf_init(&out, a, 4 * CATALOGUE_Q_MAX + 64);
    while (i < len && words < QUERY_WORDS) {
        size_t start, n;
        const char *fix = NULL;

        while (i < len && (q[i] == ' ' || q[i] == '\t'))
            i++;
        start = i;
        while (i < len && q[i] != ' ' && q[i] != '\t')
            i++;
        if (i == start)
            break;
        n = welshfold_norm(q + start, i - start, w, sizeof(w));
        if (n >= SUGGEST_MIN && !word_known(ix, wf, w, n))
            fix = nearest(ix, w, n);
        if (fix)
            changed = 1;
        sbuf_addf(&out, "%s%.*s", words++ ? " " : "", fix ? (int)strlen(fix) : (int)(i - start),
                  fix ? fix : q + start);
    }
    return changed && !sbuf_failed(&out) ? out.buf : NULL;
}
