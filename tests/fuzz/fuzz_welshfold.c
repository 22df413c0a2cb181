/*
 * fuzz_welshfold: welshfold_text() and welshfold_query() on any bytes
 * (invalid UTF-8, NULs, long words, empty), with the built word list.
 * Oracles: the folded text is valid UTF-8 of terms separated by single
 * spaces, each term once; folding it again changes nothing (idempotence); the
 * query holds only "+(", ")", "* ", letters and digits, and says 0 words
 * exactly when it is empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/utf8.h"
#include "view/welshfold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct welshfold *wf;

static void check_terms(const struct sbuf *b)
{
    size_t i;

    if (!utf8_valid(b->buf, b->len) || (b->len && (b->buf[0] == ' ' || b->buf[b->len - 1] == ' ')))
        abort();
    for (i = 0; i + 1 < b->len; i++)
        if (b->buf[i] == ' ' && b->buf[i + 1] == ' ')
            abort();
}

static void check_query(const struct sbuf *q, size_t words)
{
    size_t i;

    if ((words == 0) != (q->len == 0))
        abort();
    for (i = 0; i < q->len; i++) {
        unsigned char c = (unsigned char)q->buf[i];

        if (c == '"' || c == '-' || c == '~' || c == '<' || c == '>' || c == '@' || c == '\\')
            abort();
        if (c == '+' && q->buf[i + 1] != '(')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sbuf once = SBUF_INIT, twice = SBUF_INIT, q = SBUF_INIT;
    size_t words;

    if (!wf)
        wf = welshfold_load(DYSGU_WELSH_WORDS);
    welshfold_text(wf, (const char *)data, size, &once);
    check_terms(&once);
    welshfold_text(wf, once.buf, once.len, &twice);
    if (once.len != twice.len || memcmp(once.buf, twice.buf, once.len))
        abort();
    words = welshfold_query(wf, (const char *)data, size, &q);
    check_query(&q, words);
    if (words > WELSHFOLD_QUERY_WORDS)
        abort();
    sbuf_release(&once);
    sbuf_release(&twice);
    sbuf_release(&q);
    return 0;
}
