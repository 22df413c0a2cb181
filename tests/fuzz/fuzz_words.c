/*
 * fuzz_words: catalogue_words_match() (server/catalogue/words.c, the boolean
 * query evaluated in C) on any bytes, and on what glossary_query() makes of
 * them, against a small word index. Oracles: an answer is never NULL when it
 * says 0; a query the glossary wrote is always evaluated in C (never left to
 * SQL) unless it holds a term FULLTEXT would not index (over 84 characters).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue/catalogue_impl.h"
#include "core/sbuf.h"
#include "view/glossary.h"
#include "view/welshfold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct welshfold *wf;
static struct glossary *g;
static struct catalogue_words *w;

static void init(void)
{
    static const char *const folds[] = { "data gwasanaethau wasanaethau dylunio",
                                         "user research ymchwil defnyddwyr",
                                         "content design cynnwys dylunio ddylunio" };
    struct catalogue_words_row rows[3];
    size_t i;

    wf = welshfold_load(DYSGU_WELSH_WORDS);
    g = glossary_load(DYSGU_SOURCE_DIR "/data/glossary.txt");
    memset(rows, 0, sizeof(rows));
    for (i = 0; i < 3; i++) {
        rows[i].m.id = (long long)i + 1;
        rows[i].m.key[0] = rows[i].m.key[1] = "k";
        rows[i].fold = folds[i];
    }
    w = catalogue_words_build(rows, 3);
}

/* 1 if ft holds a run of word bytes longer than 84 (then SQL may be asked). */
static int long_term(const char *ft)
{
    size_t n;

    for (; *ft; ft += n ? n : 1)
        if ((n = strcspn(ft, " ()+-*")) > 84)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct catalogue_matches *m = NULL;
    struct sbuf q = SBUF_INIT;
    char *raw;
    int rc;

    if (!w)
        init();
    raw = malloc(size + 1);
    memcpy(raw, data, size);
    raw[size] = '\0';
    rc = catalogue_words_match(w, raw, &m);
    if ((rc == 0) != (m != NULL))
        abort();
    catalogue_matches_free(m);
    m = NULL;
    if (glossary_query(g, wf, (const char *)data, size, &q)) {
        rc = catalogue_words_match(w, q.buf, &m);
        if (rc != 0 && !long_term(q.buf))
            abort();
        if ((rc == 0) != (m != NULL))
            abort();
        catalogue_matches_free(m);
    }
    sbuf_release(&q);
    free(raw);
    return 0;
}
