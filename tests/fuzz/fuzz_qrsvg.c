/*
 * fuzz_qrsvg: view/qrsvg.c on arbitrary text and labels ("text\nlabel").
 * Oracles: NULL only for empty, too long or NUL-holding text (or what
 * libqrencode refuses); otherwise one <svg ...>...</svg> whose label never
 * carries a raw '<', '>' or '"' (the escaping holds) and whose path holds
 * only M, h, v, z, digits, spaces and '-'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "view/qrsvg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *nl = memchr(s, '\n', size), *p, *q;
    size_t tlen = nl ? (size_t)(nl - s) : size;
    struct arena a;
    char *label, *svg;

    arena_init(&a, 0);
    label = nl ? arena_strndup(&a, nl + 1, size - tlen - 1) : arena_strdup(&a, "");
    svg = qrsvg_render(&a, s, tlen, label);
    if (svg) {
        if (!tlen || tlen > QRSVG_MAX_INPUT || memchr(s, '\0', tlen))
            abort();
        if (strncmp(svg, "<svg ", 5) || strcmp(svg + strlen(svg) - 6, "</svg>"))
            abort();
        p = strstr(svg, "aria-label=\"");
        q = p ? strstr(p + 12, "\" shape-rendering") : NULL;
        if (!p || !q)
            abort();
        for (p += 12; p < q; p++)
            if (*p == '<' || *p == '>' || *p == '"')
                abort();
        p = strstr(q, "<path fill=\"#000\" d=\"");
        if (!p)
            abort();
        for (p += 21; *p != '"'; p++)
            if (!strchr("Mhvz-0123456789 ", *p))
                abort();
    }
    arena_release(&a);
    return 0;
}
