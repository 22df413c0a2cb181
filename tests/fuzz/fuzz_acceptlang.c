/*
 * fuzz_acceptlang: acceptlang_pick() on hostile Accept-Language headers
 * (security.md section 5.4, target 9). Oracles: the answer is LANG_CY,
 * LANG_EN or -1; it is -1 unless "cy" or "en" occurs (in any case) within
 * the first ACCEPTLANG_MAX bytes; and bytes past ACCEPTLANG_MAX never matter.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "http/acceptlang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int names_a_language(const char *h)
{
    size_t i, n = strnlen(h, ACCEPTLANG_MAX);

    for (i = 0; i + 1 < n; i++) {
        char a = (char)(h[i] | 0x20), b = (char)(h[i + 1] | 0x20);

        if ((a == 'c' && b == 'y') || (a == 'e' && b == 'n'))
            return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = malloc(size + ACCEPTLANG_MAX + 2);
    int pick, again;

    if (!h)
        return 0;
    memcpy(h, data, size);
    h[size] = '\0';
    pick = acceptlang_pick(h);
    if (pick != -1 && pick != LANG_CY && pick != LANG_EN)
        abort();
    if (pick != -1 && !names_a_language(h))
        abort();
    /* appending a Welsh range beyond the limit must change nothing */
    if (strlen(h) >= ACCEPTLANG_MAX) {
        size_t n = strlen(h);

        memcpy(h + n, ",cy", 4);
        again = acceptlang_pick(h);
        if (again != pick)
            abort();
    }
    free(h);
    return 0;
}
