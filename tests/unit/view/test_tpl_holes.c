/* view/tpl tpl_render_holes(): where the personal/ partials of a layout go
 * in its output, so a kept page can be spliced for another reader. */
#include <string.h>

#include "core/sbuf.h"
#include "core/splice.h"
#include "testing.h"
#include "view/tpl.h"

static struct tpl_set *set_of(const char *const *pairs)
{
    struct tpl_set *s = tpl_set_new();
    char err[256];

    for (; pairs[0]; pairs += 2)
        CU_ASSERT_FATAL(tpl_set_add(s, pairs[0], pairs[1], strlen(pairs[1]), err, sizeof(err)) ==
                        0);
    CU_ASSERT_FATAL(tpl_set_link(s, err, sizeof(err)) == 0);
    return s;
}

static void tpl_holes__recorded_where_personal_partials_render(void)
{
    static const char *const pairs[] = {
        "layout",
        "<h>{{>partials/head}}</h><main>{{>personal/verify}}{{{content_html}}}</main>",
        "partials/head",
        "Dysgu {{>personal/account}}|{{>personal/nav}}",
        "personal/account",
        "{{#user}}<b>{{user}}</b> {{>personal/inner}}{{/user}}{{^user}}in{{/user}}",
        "personal/inner",
        "<i>{{csrf}}</i>",
        "personal/nav",
        "{{#user}}me{{/user}}",
        "personal/verify",
        "",
        NULL,
    };
    struct tpl_set *s = set_of(pairs);
    json_t *g = json_pack("{s:s, s:s}", "user", "Siân", "csrf", "tok");
    json_t *vm = json_pack("{s:s}", "content_html", "<p>x</p>");
    struct sbuf out = SBUF_INIT, part = SBUF_INIT;
    struct splice h;

    memset(&h, 0, sizeof(h));
    CU_ASSERT_EQUAL(tpl_render_holes(s, "layout", vm, g, &out, &h), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<h>Dysgu <b>Siân</b> <i>tok</i>|me</h><main><p>x</p></main>");
    CU_ASSERT(!h.broken);
    CU_ASSERT_EQUAL_FATAL(h.n, 3); /* the nested personal/inner is inside account's hole */
    CU_ASSERT_STRING_EQUAL(h.hole[0].name, "personal/account");
    CU_ASSERT_STRING_EQUAL(h.hole[1].name, "personal/nav");
    CU_ASSERT_STRING_EQUAL(h.hole[2].name, "personal/verify");
    sbuf_add(&part, out.buf + h.hole[0].start, h.hole[0].end - h.hole[0].start);
    CU_ASSERT_STRING_EQUAL(part.buf, "<b>Siân</b> <i>tok</i>");
    sbuf_reset(&part);
    sbuf_add(&part, out.buf + h.hole[1].start, h.hole[1].end - h.hole[1].start);
    CU_ASSERT_STRING_EQUAL(part.buf, "me");
    CU_ASSERT_EQUAL(h.hole[2].start, h.hole[2].end);
    CU_ASSERT(!strncmp(out.buf + h.hole[2].start, "<p>x</p>", 8));
    CU_ASSERT(splice_ok(&h, out.len));

    /* the same without holes asked for renders the same bytes */
    sbuf_reset(&part);
    CU_ASSERT_EQUAL(tpl_render(s, "layout", vm, g, &part), 0);
    CU_ASSERT_STRING_EQUAL(part.buf, out.buf);
    json_decref(g);
    json_decref(vm);
    sbuf_release(&out);
    sbuf_release(&part);
    tpl_set_free(s);
}

static void tpl_holes__one_per_loop_item_and_too_many_break(void)
{
    static const char *const pairs[] = {
        "list", "{{#items}}<{{>personal/x}}>{{/items}}", "personal/x", "{{.}}", NULL,
    };
    struct tpl_set *s = set_of(pairs);
    json_t *few = json_pack("{s:[s,s]}", "items", "a", "b");
    json_t *many = json_pack("{s:[i,i,i,i,i,i,i,i,i]}", "items", 1, 2, 3, 4, 5, 6, 7, 8, 9);
    struct sbuf out = SBUF_INIT;
    struct splice h;

    memset(&h, 0, sizeof(h));
    CU_ASSERT_EQUAL(tpl_render_holes(s, "list", few, NULL, &out, &h), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<a><b>");
    CU_ASSERT_EQUAL(h.n, 2);
    CU_ASSERT(h.hole[1].start == 4 && h.hole[1].end == 5);
    sbuf_reset(&out);
    memset(&h, 0, sizeof(h));
    CU_ASSERT_EQUAL(tpl_render_holes(s, "list", many, NULL, &out, &h), 0);
    CU_ASSERT(h.broken); /* more than SPLICE_MAX_HOLES: never spliced */
    CU_ASSERT(!splice_ok(&h, out.len));
    json_decref(few);
    json_decref(many);
    sbuf_release(&out);
    tpl_set_free(s);
}

/* A body rendered first with its own holes, put in raw by the layout: its
 * holes are noted where the body went, in order among the layout's. */
static void tpl_holes__body_holes_moved_into_the_layout(void)
{
    static const char *const pairs[] = {
        "layout",
        "<h>{{>personal/nav}}</h>{{{content_html}}}<f>{{>personal/nav}}</f>",
        "personal/nav",
        "[{{csrf}}]",
        "page",
        "<p>{{>personal/mine}}</p>",
        "personal/mine",
        "{{#mine}}{{n}}{{/mine}}",
        NULL,
    };
    struct tpl_set *s = set_of(pairs);
    json_t *g = json_pack("{s:s}", "csrf", "tok");
    json_t *vm = json_pack("{s:{s:i}}", "mine", "n", 7);
    struct sbuf body = SBUF_INIT, out = SBUF_INIT;
    struct splice inner, h;

    memset(&inner, 0, sizeof(inner));
    memset(&h, 0, sizeof(h));
    CU_ASSERT_EQUAL(tpl_render_holes(s, "page", vm, g, &body, &inner), 0);
    CU_ASSERT_EQUAL_FATAL(inner.n, 1);
    json_object_set_new(vm, "content_html", json_string(body.buf));
    CU_ASSERT_EQUAL(tpl_render_holes_in(s, "layout", vm, g, &out, &h, "content_html", &inner), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<h>[tok]</h><p>7</p><f>[tok]</f>");
    CU_ASSERT_EQUAL_FATAL(h.n, 3);
    CU_ASSERT_STRING_EQUAL(h.hole[1].name, "personal/mine");
    CU_ASSERT_EQUAL(h.hole[1].start, strlen("<h>[tok]</h><p>"));
    CU_ASSERT_EQUAL(h.hole[1].end, strlen("<h>[tok]</h><p>7"));
    CU_ASSERT_STRING_EQUAL(h.hole[2].name, "personal/nav");
    CU_ASSERT(splice_ok(&h, out.len));
    json_decref(g);
    json_decref(vm);
    sbuf_release(&body);
    sbuf_release(&out);
    tpl_set_free(s);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "tpl_holes__recorded_where_personal_partials_render",
          tpl_holes__recorded_where_personal_partials_render },
        { "tpl_holes__one_per_loop_item_and_too_many_break",
          tpl_holes__one_per_loop_item_and_too_many_break },
        { "tpl_holes__body_holes_moved_into_the_layout",
          tpl_holes__body_holes_moved_into_the_layout },
        { NULL, NULL },
    };
    test_add_suite("view/tpl_holes", cases);
}
