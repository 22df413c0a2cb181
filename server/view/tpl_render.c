#include <assert.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/splice.h"
#include "escape.h"
#include "tpl_impl.h"

/* One tpl_render() call: everything lives on the caller's stack. */
struct render {
    const struct tpl_set *set;
    json_t *globals;
    struct sbuf *out;
    json_t *stack[TPL_MAX_DEPTH + 1]; /* context stack, top at n_stack - 1 */
    size_t n_stack;
    unsigned depth;       /* sections and partials entered */
    unsigned long steps;  /* nodes visited, against TPL_MAX_STEPS */
    struct splice *holes; /* tpl_render_holes(): where personal/ partials went */
    int in_hole;
    const char *inner_name;     /* tpl_render_holes_in(): the raw value that is */
    const struct splice *inner; /* a body rendered before, with its own holes */
};

static json_t *lookup_first(const struct render *r, const struct tpl_seg *seg)
{
    json_t *v;
    size_t i;

    for (i = r->n_stack; i > 0; i--) {
        v = json_object_getn(r->stack[i - 1], seg->s, seg->len);
        if (v)
            return v;
    }
    return json_object_getn(r->globals, seg->s, seg->len);
}

/*
 * The value a name refers to, or NULL. json_object_getn() returns NULL for
 * anything that is not an object, so non-object frames are passed over.
 */
static json_t *resolve(const struct render *r, const struct tpl *t, const struct tpl_node *n)
{
    const struct tpl_seg *seg;
    json_t *v;
    size_t i;

    if (n->n_segs == 0)
        return r->n_stack ? r->stack[r->n_stack - 1] : NULL;
    seg = t->segs + n->first_seg;
    v = lookup_first(r, seg);
    for (i = 1; v && i < n->n_segs; i++)
        v = json_object_getn(v, seg[i].s, seg[i].len);
    return v;
}

static int truthy(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
    case JSON_TRUE:
        return 1;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    default:
        return 0;
    }
}

static void put_value(struct render *r, const json_t *v, int raw)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (raw)
            sbuf_add(r->out, json_string_value(v), json_string_length(v));
        else
            escape_html(r->out, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        sbuf_addf(r->out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        /* %g of a double yields only digits, sign, '.', 'e', "inf", "nan" */
        sbuf_addf(r->out, "%g", json_real_value(v));
        break;
    default:
        break;
    }
}

static int render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to);

/* n is {{{inner_name}}} (tpl_render_holes_in()) */
static int is_inner(const struct render *r, const struct tpl *t, const struct tpl_node *n)
{
    const struct tpl_seg *seg = t->segs + n->first_seg;

    return n->n_segs == 1 && seg->len == strlen(r->inner_name) &&
           !memcmp(seg->s, r->inner_name, seg->len);
}

/* The rendered body, its holes noted where they now are (once: a layout
 * that put it twice could not be spliced). */
static void put_inner(struct render *r, const json_t *v)
{
    size_t at = r->out->len, i;

    put_value(r, v, 1);
    if (r->in_hole || !r->holes)
        return;
    if (r->inner->broken)
        r->holes->broken = 1;
    for (i = 0; i < r->inner->n; i++)
        splice_add(r->holes, at + r->inner->hole[i].start, at + r->inner->hole[i].end,
                   r->inner->hole[i].name);
    r->inner = NULL;
}

/* Render the body of section node i once, with frame (or nothing) pushed. */
static int render_body(struct render *r, const struct tpl *t, size_t i, json_t *frame)
{
    int ret;

    if (r->depth == TPL_MAX_DEPTH)
        return -1;
    r->depth++;
    if (frame)
        r->stack[r->n_stack++] = frame;
    ret = render_nodes(r, t, i + 1, t->nodes[i].end);
    if (frame)
        r->n_stack--;
    r->depth--;
    return ret;
}

static int render_section(struct render *r, const struct tpl *t, size_t i)
{
    json_t *v = resolve(r, t, &t->nodes[i]);
    size_t k;

    if (!v || !truthy(v))
        return 0;
    if (json_is_array(v)) {
        for (k = 0; k < json_array_size(v); k++)
            if (render_body(r, t, i, json_array_get(v, k)) < 0)
                return -1;
        return 0;
    }
    return render_body(r, t, i, json_is_object(v) ? v : NULL);
}

static int render_partial(struct render *r, const struct tpl_node *n)
{
    const struct tpl *p = n->partial;
    int ret;

    /* an unlinked set still renders, at the cost of a lookup */
    if (!p)
        p = tpl_set_find(r->set, n->text, n->len);
    if (!p || r->depth == TPL_MAX_DEPTH)
        return -1;
    r->depth++;
    if (r->holes && !r->in_hole && !strncmp(p->name, TPL_PERSONAL, strlen(TPL_PERSONAL))) {
        size_t start = r->out->len;

        r->in_hole = 1;
        ret = render_nodes(r, p, 0, p->n_nodes);
        r->in_hole = 0;
        splice_add(r->holes, start, r->out->len, p->name);
    } else {
        ret = render_nodes(r, p, 0, p->n_nodes);
    }
    r->depth--;
    return ret;
}

static int render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to)
{
    const struct tpl_node *n;
    json_t *v;
    size_t i;

    for (i = from; i < to; i++) {
        /* a full buffer makes later output moot: stop doing the work */
        if (sbuf_failed(r->out))
            return 0;
        if (++r->steps > TPL_MAX_STEPS)
            return -1;
        n = &t->nodes[i];
        switch (n->op) {
        case TPL_TEXT:
            sbuf_add(r->out, n->text, n->len);
            break;
        case TPL_VAR:
        case TPL_RAW:
            v = resolve(r, t, n);
            if (v && n->op == TPL_RAW && r->inner && is_inner(r, t, n))
                put_inner(r, v);
            else if (v)
                put_value(r, v, n->op == TPL_RAW);
            break;
        case TPL_SECTION:
            if (render_section(r, t, i) < 0)
                return -1;
            i = n->end - 1;
            break;
        case TPL_INVERTED:
            v = resolve(r, t, n);
            if ((!v || !truthy(v)) && render_body(r, t, i, NULL) < 0)
                return -1;
            i = n->end - 1;
            break;
        case TPL_PARTIAL:
            if (render_partial(r, n) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

int tpl_render(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
               struct sbuf *out)
{
    return tpl_render_holes(s, name, ctx, globals, out, NULL);
}

int tpl_render_holes(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
                     struct sbuf *out, struct splice *holes)
{
    return tpl_render_holes_in(s, name, ctx, globals, out, holes, NULL, NULL);
}

int tpl_render_holes_in(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
                        struct sbuf *out, struct splice *holes, const char *inner_name,
                        const struct splice *inner)
{
    struct render r;
    const struct tpl *t;

    assert(s && name && out);
    t = tpl_set_find(s, name, strlen(name));
    if (!t)
        return -1;
    memset(&r, 0, sizeof(r));
    r.set = s;
    r.globals = globals;
    r.out = out;
    r.holes = holes;
    r.inner_name = inner_name;
    r.inner = inner_name ? inner : NULL;
    if (ctx)
        r.stack[r.n_stack++] = ctx;
    return render_nodes(&r, t, 0, t->n_nodes);
}
