/*
 * "Did you mean": when a search finds nothing, the nearest known term for
 * each word of six letters or more that no course has (catalogue.h,
 * catalogue_suggest). The known terms are every published course's
 * search_fold, split and sorted, read again at most every SUGGEST_TTL_MS.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue.h"
#include "catalogue/catalogue_impl.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "view/welshfold.h"

#define SUGGEST_TTL_MS   60000 /* how long the known terms are kept */
#define SUGGEST_MIN      6     /* letters of a word that may be corrected (issue 25) */
#define SUGGEST_DISTANCE 2     /* most edits a correction makes */
#define TERM_MAX         64    /* longer terms are never suggested */
#define QUERY_WORDS      WELSHFOLD_QUERY_WORDS

static struct {
    pthread_mutex_t lock;
    long long loaded_ms;
    char *buf;    /* the terms, NUL-separated */
    char **terms; /* sorted, unique */
    size_t n;
    size_t bytes; /* buf and terms, as allocated */
} vocab = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the terms of folds (space-separated, NUL-terminated): letters only,
 * 3 to TERM_MAX of them. Under the lock. */
static void vocab_set_locked(char *folds)
{
    size_t n = 0, cap = 1024, i, k = 0;
    char **v = xmalloc(cap * sizeof(*v)), *p = folds, *buf, *at;
    size_t total = 1;

    while (*p) {
        char *t = p;
        size_t len = strcspn(p, " "), j;
        int letters = len >= 3 && len <= TERM_MAX;

        for (j = 0; letters && j < len; j++)
            letters = t[j] >= 'a' && t[j] <= 'z';
        p += len;
        if (*p)
            *p++ = '\0';
        if (!letters)
            continue;
        if (n == cap)
            v = xrealloc(v, (cap *= 2) * sizeof(*v));
        v[n++] = t;
    }
    qsort(v, n, sizeof(*v), by_text);
    for (i = 0; i < n; i++)
        if (!k || strcmp(v[k - 1], v[i]))
            v[k++] = v[i];
    /* keep the distinct terms only: folds is every course's text (MBs) */
    for (i = 0; i < k; i++)
        total += strlen(v[i]) + 1;
    at = buf = xmalloc(total);
    for (i = 0; i < k; i++) {
        size_t len = strlen(v[i]) + 1;

        memcpy(at, v[i], len);
        v[i] = at;
        at += len;
    }
    *at = '\0';
    free(folds);
    v = xrealloc(v, (k ? k : 1) * sizeof(*v));
    free(vocab.buf);
    free(vocab.terms);
    vocab.buf = buf;
    vocab.terms = v;
    vocab.n = k;
    vocab.bytes = total + (k ? k : 1) * sizeof(*v);
    vocab.loaded_ms = clock_ms();
}

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

/* 1 if some known term starts with w (the search's prefix match). Locked. */
static int known_prefix_locked(const char *w, size_t len)
{
    size_t lo = 0, hi = vocab.n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (strncmp(vocab.terms[mid], w, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < vocab.n && !strncmp(vocab.terms[lo], w, len);
}

/* The known term nearest to w (first in order among the nearest), or NULL. Locked. */
static const char *nearest_locked(const char *w, size_t len)
{
    const char *best = NULL;
    int d, best_d = SUGGEST_DISTANCE + 1;
    size_t i;

    for (i = 0; i < vocab.n; i++) {
        d = distance(w, len, vocab.terms[i], strlen(vocab.terms[i]));
        if (d < best_d) {
            best_d = d;
            best = vocab.terms[i];
        }
    }
    return best;
}

/* 1 if a term of w's folding (w or a radical of it) starts a known term. Locked. */
static int word_known_locked(const struct welshfold *wf, const char *w, size_t len)
{
    struct sbuf b = SBUF_INIT;
    const char *p;
    int known = 0;

    welshfold_text(wf, w, len, &b);
    for (p = b.buf; !known && *p;) {
        size_t n = strcspn(p, " ");

        known = known_prefix_locked(p, n);
        p += n + (p[n] == ' ');
    }
    sbuf_release(&b);
    return known;
}

char *catalogue_suggest(struct db *db, struct arena *a, const struct welshfold *wf, const char *q)
{
    struct sbuf out;
    char w[WELSHFOLD_WORD_MAX + 1], *folds = NULL;
    size_t i = 0, len = strlen(q), words = 0;
    int changed = 0;

    pthread_mutex_lock(&vocab.lock);
    if (!vocab.loaded_ms || clock_ms() - vocab.loaded_ms >= SUGGEST_TTL_MS) {
        /* read without the lock: another miss meanwhile may read them too */
        pthread_mutex_unlock(&vocab.lock);
        if (catalogue_store_folds(db, &folds) != DB_OK)
            folds = NULL;
        pthread_mutex_lock(&vocab.lock);
        if (folds)
            vocab_set_locked(folds);
    }
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
        if (n >= SUGGEST_MIN && !word_known_locked(wf, w, n))
            fix = nearest_locked(w, n);
        if (fix)
            changed = 1;
        sbuf_addf(&out, "%s%.*s", words++ ? " " : "", fix ? (int)strlen(fix) : (int)(i - start),
                  fix ? fix : q + start);
    }
    pthread_mutex_unlock(&vocab.lock);
    return changed && !sbuf_failed(&out) ? out.buf : NULL;
}

void catalogue_suggest_usage(size_t *bytes, size_t *entries)
{
    pthread_mutex_lock(&vocab.lock);
    *bytes = vocab.bytes;
    *entries = vocab.n;
    pthread_mutex_unlock(&vocab.lock);
}
