/*
 * fuzz_markdown: any bytes through markdown_html() (view/markdown.c) must
 * give HTML that html_check.h finds safe: only CommonMark's tags, no <script>,
 * no on* attribute, no javascript:/vbscript:/data: in an href or src, and
 * the language spans ("[...]{lang=en}") only ever as <span lang="cy"> or
 * <span lang="en">, balanced, with no other attribute and no lang elsewhere.
 * markdown_text() (search snippets) runs on the same bytes: it must not
 * crash, read out of bounds or leave a trailing space.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "html_check.h"
#include "view/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    const char *html, *why, *text;

    arena_init(&a, 0);
    html = markdown_html(&a, (const char *)data, size);
    why = html_check(html);
    if (why) {
        fprintf(stderr, "unsafe HTML (%s):\n%s\n", why, html);
        abort();
    }
    text = markdown_text(&a, (const char *)data, size);
    if (*text && text[strlen(text) - 1] == ' ')
        abort();
    arena_release(&a);
    return 0;
}
