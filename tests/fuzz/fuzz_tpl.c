/*
 * fuzz_tpl: the template compiler and renderer (view/tpl.c).
 *
 * Properties checked on every input:
 *  1. fixed templates rendered with the input as every context value never
 *     emit '<', '>' or '"' (their text has none, so any would come from data);
 *  2. the input compiled as a template either fails cleanly or renders the
 *     same markup for values "<" and ">": both escape to four bytes, so the
 *     two outputs must hold exactly the same number of '<' (all from the
 *     template's own text, none from the values).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "view/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX (1024 * 1024)

static const char fixed_page[] = "[{{v}}|{{o.v}}|{{#list}}{{.}}/{{v}}{{/list}}|{{#o}}{{v}}{{>p}}"
                                 "{{/o}}|{{^none}}{{v}}{{/none}}|{{#v}}{{v}}{{/v}}|{{{x_html}}}]";
static const char fixed_partial[] = "({{v}}{{o.v}}{{#list}}{{.}}{{/list}})";

static struct tpl_set *fixed;

/* {"v": v, "o": {"v": v}, "list": [v, v], "x": v}, v taken as raw bytes. */
static json_t *make_ctx(const char *v, size_t len)
{
    json_t *ctx = json_object(), *o = json_object(), *list = json_array();

    json_object_set_new(ctx, "v", json_stringn_nocheck(v, len));
    json_object_set_new(o, "v", json_stringn_nocheck(v, len));
    json_object_set_new(ctx, "o", o);
    json_array_append_new(list, json_stringn_nocheck(v, len));
    json_array_append_new(list, json_stringn_nocheck(v, len));
    json_object_set_new(ctx, "list", list);
    json_object_set_new(ctx, "x", json_stringn_nocheck(v, len));
    return ctx;
}

static size_t count_lt(const struct sbuf *b)
{
    size_t i, n = 0;

    for (i = 0; i < b->len; i++)
        n += b->buf[i] == '<';
    return n;
}

static void fixed_templates(const uint8_t *data, size_t size)
{
    char err[256];
    struct sbuf out;
    json_t *ctx;

    if (!fixed) {
        fixed = tpl_set_new();
        if (tpl_set_add(fixed, "page", fixed_page, strlen(fixed_page), err, sizeof(err)) < 0 ||
            tpl_set_add(fixed, "p", fixed_partial, strlen(fixed_partial), err, sizeof(err)) < 0 ||
            tpl_set_link(fixed, err, sizeof(err)) < 0)
            abort();
    }
    sbuf_init(&out, NULL, OUT_MAX);
    ctx = make_ctx((const char *)data, size);
    if (tpl_render(fixed, "page", ctx, ctx, &out) < 0)
        abort();
    if (memchr(out.buf, '<', out.len) || memchr(out.buf, '>', out.len) ||
        memchr(out.buf, '"', out.len))
        abort();
    json_decref(ctx);
    sbuf_release(&out);
}

static void fuzzed_template(const uint8_t *data, size_t size)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf lt, gt;
    json_t *ctx_lt = make_ctx("<", 1), *ctx_gt = make_ctx(">", 1);
    char err[256];
    int rc_lt, rc_gt;

    sbuf_init(&lt, NULL, OUT_MAX);
    sbuf_init(&gt, NULL, OUT_MAX);
    if (tpl_set_add(s, "f", (const char *)data, size, err, sizeof(err)) < 0)
        goto out;
    if (tpl_set_add(s, "p", fixed_partial, strlen(fixed_partial), err, sizeof(err)) < 0)
        abort();
    (void)tpl_set_link(s, err, sizeof(err));
    rc_lt = tpl_render(s, "f", ctx_lt, ctx_lt, &lt);
    rc_gt = tpl_render(s, "f", ctx_gt, ctx_gt, &gt);
    if (rc_lt != rc_gt || lt.len != gt.len || count_lt(&lt) != count_lt(&gt))
        abort();
out:
    json_decref(ctx_lt);
    json_decref(ctx_gt);
    sbuf_release(&lt);
    sbuf_release(&gt);
    tpl_set_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fixed_templates(data, size);
    fuzzed_template(data, size);
    return 0;
}
