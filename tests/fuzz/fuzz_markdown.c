/*
 * fuzz_markdown: any bytes through markdown_html() (view/markdown.c) must
 * give HTML that html_check.h finds safe: only CommonMark's tags, no <script>,
 * no on* attribute, no javascript:/vbscript:/data: in an href or src, and
 * the language spans ("[...]{lang=en}") only ever as <span lang="cy"> or
 * <span lang="en">, balanced, with no other attribute and no lang elsewhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "html_check.h"
#include "view/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    const char *html, *why;

    arena_init(&a, 0);
    html = markdown_html(&a, (const char *)data, size);
    why = html_check(html);
    if (why) {
        fprintf(stderr, "unsafe HTML (%s):\n%s\n", why, html);
        abort();
    }
    arena_release(&a);
    return 0;
}
