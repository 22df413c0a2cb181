#include "view/markdown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "core/arena.h"
#include "core/sbuf.h"
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

/*
 * Language spans: "[user research]{lang=en}" (Pandoc's bracketed span, with
 * only a lang attribute of cy or en) becomes <span lang="en">user
 * research</span>. The span's start and end tags are these fixed strings and
 * nothing else: what is inside is ordinary Markdown, rendered and escaped by
 * cmark. Any other "{...}" after "]" stays text as written.
 */
static const struct span_lang {
    const char *mark; /* what closes the span in the text */
    const char *open; /* the tag written for it */
} span_langs[] = {
    { "]{lang=cy}", "<span lang=\"cy\">" },
    { "]{lang=en}", "<span lang=\"en\">" },
};

#define SPAN_MARK_LEN 10 /* strlen("]{lang=cy}") */

/* The span_langs entry whose mark starts at s, or NULL. */
static const struct span_lang *span_mark_at(const char *s)
{
    size_t i;

    for (i = 0; i < sizeof(span_langs) / sizeof(span_langs[0]); i++)
        if (!strncmp(s, span_langs[i].mark, SPAN_MARK_LEN))
            return &span_langs[i];
    return NULL;
}

static cmark_node *text_node(const char *s, size_t len)
{
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    char *copy = xmalloc(len + 1);

    memcpy(copy, s, len);
    copy[len] = '\0';
    cmark_node_set_literal(t, copy);
    free(copy);
    return t;
}

/* The length of the bracket token at s: "[", "]" or "]{lang=xx}"; 0 for none. */
static size_t bracket_len(const char *s)
{
    if (*s == '[')
        return 1;
    if (*s == ']')
        return span_mark_at(s) ? SPAN_MARK_LEN : 1;
    return 0;
}

/*
 * Split text node t so that every "[", "]" and "]{lang=xx}" is a text node
 * of its own, in one pass over its text (linear time however many brackets):
 * t keeps the first piece, the others follow it.
 */
static void split_brackets(cmark_node *t)
{
    char *lit = xstrdup(cmark_node_get_literal(t));
    cmark_node *last = t;
    size_t i = 0, first_len = strcspn(lit, "[]");

    if (!lit[first_len]) {
        free(lit);
        return;
    }
    if (!first_len)
        first_len = bracket_len(lit);
    i = first_len;
    while (lit[i]) {
        size_t len = bracket_len(lit + i);
        cmark_node *n;

        if (!len)
            len = strcspn(lit + i, "[]");
        n = text_node(lit + i, len);
        cmark_node_insert_after(last, n);
        last = n;
        i += len;
    }
    lit[first_len] = '\0';
    cmark_node_set_literal(t, lit);
    free(lit);
}

/* 1 if text node n is exactly s. */
static int text_is(cmark_node *n, const char *s)
{
    const char *lit = cmark_node_get_literal(n);

    return lit && !strcmp(lit, s);
}

/*
 * The language spans among the direct children of one inline container:
 * brackets split out, then each "]{lang=xx}" closes the latest unmatched "["
 * (a plain "]" closes one too, as a pair of brackets, and makes no span), and
 * the nodes between them go into the span.
 */
static void spans_in(cmark_node *parent, struct node_list *opens)
{
    cmark_node *child, *next;

    for (child = cmark_node_first_child(parent); child; child = next) {
        next = cmark_node_next(child);
        if (cmark_node_get_type(child) == CMARK_NODE_TEXT)
            split_brackets(child);
    }
    opens->n = 0;
    for (child = cmark_node_first_child(parent); child; child = next) {
        const char *lit = cmark_node_get_literal(child);
        const struct span_lang *lang;
        cmark_node *open, *span, *n;

        next = cmark_node_next(child);
        if (cmark_node_get_type(child) != CMARK_NODE_TEXT || !lit || (*lit != '[' && *lit != ']'))
            continue;
        if (text_is(child, "[")) {
            list_push(opens, child);
            continue;
        }
        if (!opens->n)
            continue;
        open = opens->v[--opens->n];
        lang = strlen(lit) == SPAN_MARK_LEN ? span_mark_at(lit) : NULL;
        if (!lang)
            continue;
        span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
        cmark_node_set_on_enter(span, lang->open);
        cmark_node_set_on_exit(span, "</span>");
        cmark_node_insert_before(open, span);
        while ((n = cmark_node_next(open)) != child)
            cmark_node_append_child(span, n);
        cmark_node_free(open);
        cmark_node_free(child);
    }
}

static int holds_inlines(cmark_node_type type)
{
    return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_EMPH ||
           type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE;
}

/*
 * Every container of inlines, listed first (in document order, so a parent
 * before its children) and then scanned one level each: no recursion, so
 * deep nesting cannot exhaust the stack, and no iterator over a changing tree.
 */
static void mark_spans(cmark_node *doc)
{
    struct node_list containers = { NULL, 0, 0 }, opens = { NULL, 0, 0 };
    cmark_iter *it;
    cmark_event_type ev;
    size_t i;

    cmark_consolidate_text_nodes(doc);
    it = cmark_iter_new(doc);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER && holds_inlines(cmark_node_get_type(cmark_iter_get_node(it))))
            list_push(&containers, cmark_iter_get_node(it));
    cmark_iter_free(it);
    for (i = 0; i < containers.n; i++)
        spans_in(containers.v[i], &opens);
    free(containers.v);
    free(opens.v);
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
    mark_spans(doc);
    html = cmark_render_html(doc, MARKDOWN_OPTIONS);
    cmark_node_free(doc);
    out = arena_strdup(a, html ? html : "");
    free(html);
    return out;
}

/* One space between words from different blocks or lines, none doubled. */
static void text_space(struct sbuf *b)
{
    if (b->len && b->buf[b->len - 1] != ' ')
        sbuf_addc(b, ' ');
}

char *markdown_text(struct arena *a, const char *md, size_t len)
{
    cmark_node *doc;
    cmark_iter *it;
    cmark_event_type ev;
    struct sbuf b;

    if (len == 0)
        return arena_strdup(a, "");
    doc = cmark_parse_document(md, len, MARKDOWN_OPTIONS);
    if (!doc)
        return arena_strdup(a, "");
    mark_spans(doc);                /* "[x]{lang=en}" reads "x", as on the page */
    sbuf_init(&b, a, 3 * len + 16); /* smart quotes: ' (1 byte) becomes ’ (3) */
    it = cmark_iter_new(doc);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        const char *lit;

        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_CODE_BLOCK:
            if (ev == CMARK_EVENT_ENTER && (lit = cmark_node_get_literal(n)) != NULL)
                sbuf_adds(&b, lit);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            text_space(&b);
            break;
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_ITEM:
        case CMARK_NODE_BLOCK_QUOTE:
            if (ev == CMARK_EVENT_EXIT)
                text_space(&b);
            break;
        default: /* raw HTML is dropped, as on the page; the rest is markup */
            break;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    while (b.len && b.buf[b.len - 1] == ' ')
        b.buf[--b.len] = '\0';
    return sbuf_failed(&b) ? arena_strdup(a, "") : b.buf;
}

void markdown_version(char *buf, size_t cap)
{
    snprintf(buf, cap, "cmark %s; dysgu-markdown 2", cmark_version_string());
}
