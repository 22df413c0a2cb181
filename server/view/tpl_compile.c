#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "tpl_impl.h"

/* Parser state for one template. */
struct compiler {
    struct tpl *t;
    const char *src; /* t->src */
    size_t len, pos;
    unsigned line;
    size_t alloc_nodes, alloc_segs;
    size_t open[TPL_MAX_DEPTH]; /* node index of each open section */
    size_t n_open;
    char *err;
    size_t errlen;
};

static int fail(struct compiler *c, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct compiler *c, unsigned line, const char *fmt, ...)
{
    va_list ap;
    int n;

    n = snprintf(c->err, c->errlen, "%s:%u: ", c->t->name, line);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static struct tpl_node *add_node(struct compiler *c, enum tpl_op op, const char *text, size_t len)
{
    struct tpl_node *n;

    if (c->t->n_nodes == c->alloc_nodes) {
        c->alloc_nodes = c->alloc_nodes ? c->alloc_nodes * 2 : 16;
        c->t->nodes = xrealloc(c->t->nodes, c->alloc_nodes * sizeof(*c->t->nodes));
    }
    n = &c->t->nodes[c->t->n_nodes++];
    memset(n, 0, sizeof(*n));
    n->op = op;
    n->line = c->line;
    n->text = text;
    n->len = len;
    return n;
}

static void add_seg(struct compiler *c, const char *s, size_t len)
{
    if (c->t->n_segs == c->alloc_segs) {
        c->alloc_segs = c->alloc_segs ? c->alloc_segs * 2 : 16;
        c->t->segs = xrealloc(c->t->segs, c->alloc_segs * sizeof(*c->t->segs));
    }
    c->t->segs[c->t->n_segs].s = s;
    c->t->segs[c->t->n_segs].len = len;
    c->t->n_segs++;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_space((*s)[*len - 1]))
        (*len)--;
}

static int name_char(char ch, int partial)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '-' || (partial && ch == '/');
}

/*
 * Check a tag name: non-empty, only name characters, and (for values and
 * sections) no empty dotted segment except the lone "." for the current item.
 */
static int check_name(struct compiler *c, const char *s, size_t len, int partial)
{
    size_t i;
    unsigned char ch;

    if (len == 0)
        return fail(c, c->line, "empty tag name");
    for (i = 0; i < len; i++) {
        ch = (unsigned char)s[i];
        if (name_char((char)ch, partial))
            continue;
        if (ch > 0x20 && ch < 0x7f)
            return fail(c, c->line, "bad character '%c' in tag name", ch);
        return fail(c, c->line, "bad character 0x%02x in tag name", ch);
    }
    if (partial || (len == 1 && s[0] == '.'))
        return 0;
    for (i = 0; i < len; i++)
        if (s[i] == '.' && (i == 0 || i == len - 1 || s[i + 1] == '.'))
            return fail(c, c->line, "empty segment in name '%.*s'", (int)len, s);
    return 0;
}

/* Split a checked name into segments on '.'; "." alone has none. */
static void split_name(struct compiler *c, struct tpl_node *n, const char *s, size_t len)
{
    size_t start = 0, i;

    n->first_seg = c->t->n_segs;
    if (len == 1 && s[0] == '.')
        return;
    for (i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        add_seg(c, s + start, i - start);
        n->n_segs++;
        start = i + 1;
    }
}

static int add_value(struct compiler *c, enum tpl_op op, const char *s, size_t len)
{
    static const char suffix[] = "_html";
    size_t n = sizeof(suffix) - 1;
    struct tpl_node *node;

    if (check_name(c, s, len, 0) < 0)
        return -1;
    /* STYLE.md section 7: raw output only for values made safe upstream */
    if (op == TPL_RAW && (len < n || memcmp(s + len - n, suffix, n) != 0))
        return fail(c, c->line, "{{{%.*s}}} is raw output: only names ending in _html may be",
                    (int)len, s);
    node = add_node(c, op, s, len);
    split_name(c, node, s, len);
    return 0;
}

static int open_section(struct compiler *c, enum tpl_op op, const char *s, size_t len)
{
    if (add_value(c, op, s, len) < 0)
        return -1;
    if (c->n_open == TPL_MAX_DEPTH)
        return fail(c, c->line, "sections nested more than %d deep", TPL_MAX_DEPTH);
    c->open[c->n_open++] = c->t->n_nodes - 1;
    return 0;
}

static int close_section(struct compiler *c, const char *s, size_t len)
{
    struct tpl_node *open;

    if (check_name(c, s, len, 0) < 0)
        return -1;
    if (c->n_open == 0)
        return fail(c, c->line, "{{/%.*s}} closes no open section", (int)len, s);
    open = &c->t->nodes[c->open[c->n_open - 1]];
    if (open->len != len || memcmp(open->text, s, len) != 0)
        return fail(c, c->line, "{{/%.*s}} does not match {{%c%.*s}} opened on line %u", (int)len,
                    s, open->op == TPL_INVERTED ? '^' : '#', (int)open->len, open->text,
                    open->line);
    c->n_open--;
    open->end = c->t->n_nodes;
    return 0;
}

/* Compile the tag whose trimmed content is s[0..len). */
static int compile_tag(struct compiler *c, const char *s, size_t len, int triple)
{
    char sigil;

    if (triple) {
        trim(&s, &len);
        return add_value(c, TPL_RAW, s, len);
    }
    trim(&s, &len);
    sigil = len ? s[0] : '\0';
    if (sigil == '!')
        return 0;
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '&' ||
        sigil == '=') {
        s++;
        len--;
        trim(&s, &len);
    }
    switch (sigil) {
    case '#':
        return open_section(c, TPL_SECTION, s, len);
    case '^':
        return open_section(c, TPL_INVERTED, s, len);
    case '/':
        return close_section(c, s, len);
    case '>':
        if (check_name(c, s, len, 1) < 0)
            return -1;
        add_node(c, TPL_PARTIAL, s, len);
        return 0;
    case '&':
        return fail(c, c->line, "{{&...}} is not supported: use {{{name_html}}}");
    case '=':
        return fail(c, c->line, "delimiter changes are not supported");
    default:
        return add_value(c, TPL_VAR, s, len);
    }
}

/* Position of the first occurrence of pat (plen bytes) at or after from, or len. */
static size_t find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
    const char *p;

    while (from + plen <= len) {
        p = memchr(s + from, pat[0], len - from - plen + 1);
        if (!p)
            break;
        if (memcmp(p, pat, plen) == 0)
            return (size_t)(p - s);
        from = (size_t)(p - s) + 1;
    }
    return len;
}

static void count_lines(struct compiler *c, size_t from, size_t to)
{
    const char *p = c->src + from, *end = c->src + to;

    while (p < end) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            break;
        c->line++;
        p++;
    }
}

int tpl_compile(struct tpl *t, const char *src, size_t len, char *err, size_t errlen)
{
    struct compiler c = { .t = t, .src = src, .len = len, .line = 1, .err = err, .errlen = errlen };
    size_t open, close, body;
    int triple;

    assert(t && t->name);
    assert(src || len == 0);
    while (c.pos < len) {
        open = find(src, len, c.pos, "{{", 2);
        if (open > c.pos) {
            add_node(&c, TPL_TEXT, src + c.pos, open - c.pos);
            count_lines(&c, c.pos, open);
        }
        if (open == len)
            break;
        triple = open + 2 < len && src[open + 2] == '{';
        body = open + (triple ? 3 : 2);
        close = find(src, len, body, triple ? "}}}" : "}}", triple ? 3 : 2);
        if (close == len)
            return fail(&c, c.line, "'%s' is never closed", triple ? "{{{" : "{{");
        if (compile_tag(&c, src + body, close - body, triple) < 0)
            return -1;
        count_lines(&c, open, close);
        c.pos = close + (triple ? 3 : 2);
    }
    if (c.n_open) {
        const struct tpl_node *n = &t->nodes[c.open[c.n_open - 1]];

        return fail(&c, n->line, "section {{%c%.*s}} is never closed",
                    n->op == TPL_INVERTED ? '^' : '#', (int)n->len, n->text);
    }
    return 0;
}
