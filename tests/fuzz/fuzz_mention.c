/*
 * fuzz_mention: any bytes as a post through forum_post_html() and then
 * communities/mention.h: every handle mention_scan() finds must lie in the
 * HTML's text (an "@" followed by handle bytes), and the HTML with every
 * handle linked by mention_link() must still be safe (html_check.h) with
 * every link carrying rel="nofollow ugc noopener" and no mention linked
 * inside another link.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communities/communities.h"
#include "communities/mention.h"
#include "core/arena.h"
#include "html_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SPANS 32

static void fail(const char *why, const char *html)
{
    fprintf(stderr, "mention: %s:\n%s\n", why, html);
    abort();
}

#define MENTION_HREF "/cy/search/communities?q=x"

/* Every "<a " opens with the forums' rel, and a mention's link is never
 * inside another link (cmark itself may nest an autolink in a link's text:
 * that is its own, and harmless). */
static const char *links_check(const char *html)
{
    static const char rel[] = "<a rel=\"nofollow ugc noopener\" href=\"";
    const char *p = html;
    int open = 0;

    for (; *p; p++) {
        if (!strncmp(p, "<a ", 3)) {
            if (strncmp(p, rel, strlen(rel)))
                return "a link without rel=\"nofollow ugc noopener\"";
            if (open++ && !strncmp(p + strlen(rel), MENTION_HREF "\"", strlen(MENTION_HREF) + 1))
                return "a mention linked inside a link";
        } else if (!strncmp(p, "</a>", 4) && open-- <= 0) {
            return "a </a> without its <a>";
        }
    }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mention_span spans[MAX_SPANS];
    const char *handles[MAX_SPANS], *hrefs[MAX_SPANS];
    struct arena a;
    const char *html, *linked, *why;
    size_t n, i;

    if (size > FORUM_BODY_MAX)
        return 0;
    arena_init(&a, 0);
    html = forum_post_html(&a, (const char *)data, size);
    n = mention_scan(html, spans, MAX_SPANS);
    for (i = 0; i < n; i++) {
        if (html[spans[i].at] != '@' || spans[i].len == 0 || spans[i].len > MENTION_HANDLE_MAX ||
            memchr(html + spans[i].at + 1, '<', spans[i].len) ||
            memchr(html + spans[i].at + 1, '&', spans[i].len) ||
            memchr(html + spans[i].at + 1, '"', spans[i].len))
            fail("a mention that is not a handle in the text", html);
        handles[i] = arena_strndup(&a, html + spans[i].at + 1, spans[i].len);
        hrefs[i] = MENTION_HREF;
    }
    linked = mention_link(&a, html, handles, hrefs, n);
    why = html_check(linked);
    if (!why)
        why = links_check(linked);
    if (why)
        fail(why, linked);
    arena_release(&a);
    return 0;
}
