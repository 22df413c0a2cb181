#include "view/markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "core/arena.h"
#include "core/xalloc.h"

/*
 * CMARK_OPT_UNSAFE is never set: raw HTML is omitted and cmark blanks
 * javascript:/vbscript:/file:/data: destinations. CMARK_OPT_SAFE is the
 * default since 0.29 and says so for older builds.
 */
#define MARKDOWN_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8)

/* Nodes to take out after the walk (the tree must not change under an iterator). */
struct node_list {
    cmark_node **v;
    size_t n;
    size_t alloc;
};

/* 1 if s holds word, in any case. */
static int has_nocase(const char *s, const char *word)
{
    size_t n = strlen(word);

    for (; *s; s++)
        if (!strncasecmp(s, word, n))
            return 1;
    return 0;
}

/*
 * 1 for a destination without a scheme (relative, #fragment, a network path
 * "//host/...") or with http, https or mailto. A scheme is whatever comes before the first ':' that
 * precedes any '/', '?' or '#' (RFC 3986 section 3), so "java\tscript:" or
 * " javascript:" (which browsers would still run) count as unknown schemes.
 * A destination that says "javascript:" or "vbscript:" anywhere goes too:
 * harmless in a path or query, but never worth the doubt.
 */
static int url_allowed(const char *url)
{
    size_t n;

    if (!url)
        return 1;
    if (has_nocase(url, "javascript:") || has_nocase(url, "vbscript:"))
        return 0;
    n = strcspn(url, ":/?#");
    if (url[n] != ':')
        return 1;
    return (n == 4 && !strncasecmp(url, "http", 4)) || (n == 5 && !strncasecmp(url, "https", 5)) ||
           (n == 6 && !strncasecmp(url, "mailto", 6));
}

static void list_push(struct node_list *l, cmark_node *node)
{
    if (l->n == l->alloc) {
        l->alloc = l->alloc ? l->alloc * 2 : 16;
        l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
    }
    l->v[l->n++] = node;
}

/* Replace node by its children: the link text (or an image's alt text) stays. */
static void unwrap(cmark_node *node)
{
    cmark_node *child;

    while ((child = cmark_node_first_child(node)) != NULL)
        cmark_node_insert_before(node, child);
    cmark_node_free(node);
}

/* The smallest heading level in doc (7 when there is none); bad links into l. */
static int survey(cmark_node *doc, struct node_list *l)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int min_level = 7;

    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);

        if (ev != CMARK_EVENT_ENTER)
            continue;
        if ((type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) &&
            !url_allowed(cmark_node_get_url(node)))
            list_push(l, node);
        else if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) < min_level)
            min_level = cmark_node_get_heading_level(node);
    }
    cmark_iter_free(it);
    return min_level;
}

/* Every heading one level down (h6 stays h6): the page's h1 is above them. */
static void demote_headings(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;

    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        int level;

        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_HEADING)
            continue;
        level = cmark_node_get_heading_level(node);
        if (level < 6)
            cmark_node_set_heading_level(node, level + 1);
    }
    cmark_iter_free(it);
}

char *markdown_html(struct arena *a, const char *md, size_t len)
{
    struct node_list bad = { NULL, 0, 0 };
    cmark_node *doc;
    char *html, *out;
    size_t i;

    if (len == 0)
        return arena_strdup(a, "");
    doc = cmark_parse_document(md, len, MARKDOWN_OPTIONS);
    if (!doc)
        return arena_strdup(a, "");
    if (survey(doc, &bad) == 1)
        demote_headings(doc);
    for (i = 0; i < bad.n; i++)
        unwrap(bad.v[i]);
    free(bad.v);
    html = cmark_render_html(doc, MARKDOWN_OPTIONS);
    cmark_node_free(doc);
    out = arena_strdup(a, html ? html : "");
    free(html);
    return out;
}

void markdown_version(char *buf, size_t cap)
{
    snprintf(buf, cap, "cmark %s; dysgu-markdown 1", cmark_version_string());
}
