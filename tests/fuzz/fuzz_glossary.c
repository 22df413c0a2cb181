/*
 * fuzz_glossary: glossary_query() on any bytes (invalid UTF-8, NULs, long
 * words, glossary terms mixed with operators), with the built word list and
 * data/glossary.txt. Oracles: the query says 0 words exactly when it is
 * empty; it holds no boolean operator but "+(" and its parentheses, which
 * balance; at most WELSHFOLD_QUERY_WORDS words and GLOSSARY_QUERY_TOKENS
 * groups.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/sbuf.h"
#include "view/glossary.h"
#include "view/welshfold.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct welshfold *wf;
static struct glossary *g;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sbuf q = SBUF_INIT;
    size_t words, i;
    long depth = 0;

    if (!wf) {
        wf = welshfold_load(DYSGU_WELSH_WORDS);
        g = glossary_load(DYSGU_SOURCE_DIR "/data/glossary.txt");
    }
    words = glossary_query(g, wf, (const char *)data, size, &q);
    if ((words == 0) != (q.len == 0) || words > WELSHFOLD_QUERY_WORDS + GLOSSARY_QUERY_TOKENS)
        abort();
    for (i = 0; i < q.len; i++) {
        unsigned char c = (unsigned char)q.buf[i];

        if (c == '"' || c == '-' || c == '~' || c == '<' || c == '>' || c == '@' || c == '\\')
            abort();
        if (c == '+' && q.buf[i + 1] != '(')
            abort();
        depth += c == '(';
        depth -= c == ')';
        if (depth < 0)
            abort();
    }
    if (depth)
        abort();
    sbuf_release(&q);
    return 0;
}
