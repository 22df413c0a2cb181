/*
 * fuzz_post: any bytes through forum_post_html() (communities/vm.c: a
 * forum post's Markdown) must give HTML that html_check.h finds safe (no
 * script, no on* attribute, no unsafe link, language spans only as
 * <span lang="cy|en">), and every link must carry rel="nofollow ugc
 * noopener".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"
#include "html_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every "<a " opens with the rel the forums promise. */
static const char *links_check(const char *html)
{
    const char *p;

    for (p = html; (p = strstr(p, "<a ")); p += 3)
        if (strncmp(p, "<a rel=\"nofollow ugc noopener\" href=\"", 37))
            return "a link without rel=\"nofollow ugc noopener\"";
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    const char *html, *why;

    if (size > FORUM_BODY_MAX)
        return 0;
    arena_init(&a, 0);
    html = forum_post_html(&a, (const char *)data, size);
    why = html_check(html);
    if (!why)
        why = links_check(html);
    if (why) {
        fprintf(stderr, "unsafe post HTML (%s):\n%s\n", why, html);
        abort();
    }
    arena_release(&a);
    return 0;
}
