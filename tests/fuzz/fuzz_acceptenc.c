/*
 * fuzz_acceptenc: acceptenc_parse() and acceptenc_choose() on hostile
 * Accept-Encoding headers, and etag_matches() on the same bytes read as an
 * If-None-Match header. Oracles: every weight is 0..1000; without a header
 * only identity is acceptable; a coding the header never names (nor "*")
 * has weight 0 (br, gzip) or, in a non-empty header, 1 (identity); the
 * coding chosen is the heaviest available one; bytes past
 * ACCEPTENC_MAX never matter; an If-None-Match matches only with a '*' or
 * the tag's text in it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/acceptenc.h"
#include "http/etag.h"
#include "http/qlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int names(const char *h, const char *word)
{
    size_t i, n = strnlen(h, ACCEPTENC_MAX), w = strlen(word);

    for (i = 0; i + w <= n; i++)
        if (!strncasecmp(h + i, word, w))
            return 1;
    return 0;
}

static void check(const struct acceptenc *ae, const char *h)
{
    static const unsigned sets[] = {
        0,
        CODING_BIT(CODING_GZIP),
        CODING_BIT(CODING_BR),
        CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR),
    };
    size_t i;
    int c;

    for (c = 0; c < CODING__MAX; c++)
        if (ae->q[c] < 0 || ae->q[c] > 1000)
            abort();
    if (!names(h, "*")) {
        if (!names(h, "br") && ae->q[CODING_BR] != 0)
            abort();
        if (!names(h, "gzip") && ae->q[CODING_GZIP] != 0)
            abort();
        if (qlist_bound(h, ACCEPTENC_MAX) && !names(h, "identity") && ae->q[CODING_IDENTITY] != 1)
            abort();
    }
    for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
        unsigned avail = sets[i] | CODING_BIT(CODING_IDENTITY);
        enum coding k = acceptenc_choose(ae, sets[i]);

        if (!(avail & CODING_BIT(k)))
            abort();
        for (c = 0; c < CODING__MAX; c++)
            if ((avail & CODING_BIT(c)) && ae->q[c] > ae->q[k])
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = malloc(size + 8);
    struct acceptenc ae, again;

    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    acceptenc_parse(NULL, &ae);
    if (ae.q[CODING_IDENTITY] != 1000 || ae.q[CODING_GZIP] || ae.q[CODING_BR])
        abort();
    acceptenc_parse(h, &ae);
    check(&ae, h);
    /* appending a coding beyond the limit must change nothing */
    if (strlen(h) >= ACCEPTENC_MAX) {
        memcpy(h + strlen(h), ",br", 4);
        acceptenc_parse(h, &again);
        if (memcmp(&ae, &again, sizeof(ae)))
            abort();
    }
    if (etag_matches(h, "\"0123abc-br\"") && !strchr(h, '*') && !strstr(h, "0123abc-br"))
        abort();
    free(h);
    return 0;
}
