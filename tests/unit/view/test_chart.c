#include <string.h>

#include "core/sbuf.h"
#include "testing.h"
#include "view/chart.h"

static const char *const days[] = { "Llun", "Mawrth", "Mercher <&>" };
static const double done[] = { 10, 55.55, -1 };
static const double present[] = { 80, 100, 120 };
static const struct chart_series two[] = { { "Cwblhau", done }, { "Presennol", present } };

static struct chart sample(enum chart_kind kind)
{
    struct chart c = {
        .kind = kind,
        .id = "progress",
        .title = "Cynnydd y garfan <b>",
        .desc = "Canran & dyddiad",
        .x_labels = days,
        .n_x = 3,
        .series = two,
        .n_series = 2,
        .y_max = 100,
        .y_suffix = "%",
    };
    return c;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
        n++;
    return n;
}

/* The text of a table's cell (chart_table()'s view model). */
static const char *cell(json_t *t, size_t row, size_t col)
{
    json_t *r = json_array_get(json_object_get(t, "rows"), row);

    return json_string_value(json_array_get(json_object_get(r, "cells"), col));
}

/* Tags open and close in order (the SVG is well-formed XML for what it uses:
 * elements, quoted attributes, escaped text). 1 if so. */
static int well_formed(const char *s)
{
    char stack[32][16];
    int depth = 0;

    while ((s = strchr(s, '<'))) {
        const char *end = strchr(s, '>'), *name = s + 1 + (s[1] == '/');
        size_t len = strcspn(name, " />");

        if (!end || len == 0 || len >= 16)
            return 0;
        if (s[1] == '/') {
            if (depth == 0 || strncmp(stack[depth - 1], name, len) || stack[depth - 1][len])
                return 0;
            depth--;
        } else if (end[-1] != '/') {
            if (depth == 32)
                return 0;
            memcpy(stack[depth], name, len);
            stack[depth++][len] = '\0';
        }
        s = end + 1;
    }
    return depth == 0;
}

static void chart__svg_is_labelled_and_escaped(void)
{
    struct chart c = sample(CHART_BARS);
    struct sbuf b;

    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT(well_formed(b.buf));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, "role=\"img\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, "aria-labelledby=\"progress-title progress-desc\""));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(b.buf, "<title id=\"progress-title\">Cynnydd y garfan &lt;b&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, "<desc id=\"progress-desc\">Canran &amp; dyddiad"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, "Mercher &lt;&amp;&gt;"));
    CU_ASSERT_PTR_NULL(strstr(b.buf, "style="));
    sbuf_release(&b);
}

static void chart__bars_one_rect_per_value(void)
{
    struct chart c = sample(CHART_BARS);
    struct sbuf b;

    c.n_series = 1;
    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    /* two values (the third is "no data"), no legend for one series */
    CU_ASSERT_EQUAL(count(b.buf, "<rect"), 2);
    sbuf_release(&b);
}

static void chart__lines_mark_series_apart(void)
{
    struct chart c = sample(CHART_LINES);
    struct sbuf b;

    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT(well_formed(b.buf));
    CU_ASSERT_EQUAL(count(b.buf, "<polyline"), 2);
    CU_ASSERT_EQUAL(count(b.buf, "<circle"), 2);   /* series 1: circles */
    CU_ASSERT_EQUAL(count(b.buf, "<rect"), 3 + 2); /* series 2: squares, plus 2 legend keys */
    sbuf_release(&b);
}

static void chart__table_holds_the_same_numbers(void)
{
    struct chart c = sample(CHART_BARS);
    json_t *t = chart_table(&c, "Diwrnod");
    json_t *rows = json_object_get(t, "rows");

    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(t, "caption")),
                           "Cynnydd y garfan <b>");
    CU_ASSERT_EQUAL(json_array_size(json_object_get(t, "head")), 3);
    CU_ASSERT_EQUAL(json_array_size(rows), 3);
    CU_ASSERT_STRING_EQUAL(cell(t, 0, 0), "10%");
    CU_ASSERT_STRING_EQUAL(cell(t, 1, 0), "55.6%");
    CU_ASSERT_STRING_EQUAL(cell(t, 2, 0), "–");
    /* values above the scale are clamped in the drawing, never in the table */
    CU_ASSERT_STRING_EQUAL(cell(t, 2, 1), "120%");
    json_decref(t);
}

static void chart__empty_chart_still_draws_axes(void)
{
    struct chart c = sample(CHART_LINES);
    struct sbuf b;

    c.n_x = 0;
    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT(well_formed(b.buf));
    CU_ASSERT_EQUAL(count(b.buf, "<polyline"), 0);
    sbuf_release(&b);
}

static const char *const groups[] = { "Cymraeg", "English" };
static const double many[] = { 3004, 1168.5 };
static const struct chart_series counts[] = { { "Prentisiaid", many } };

static struct chart big(void)
{
    return (struct chart){ .kind = CHART_BARS,
                           .id = "status",
                           .title = "Statws",
                           .x_labels = groups,
                           .n_x = 2,
                           .series = counts,
                           .n_series = 1 };
}

/* Thousands apart on the page, as a spreadsheet reads them in the CSV's table. */
static void chart__thousands_apart_on_the_page_only(void)
{
    struct chart c = big();
    json_t *t = chart_table(&c, "Iaith"), *plain = chart_table_plain(&c, "Iaith");

    CU_ASSERT_STRING_EQUAL(cell(t, 0, 0), "3,004");
    CU_ASSERT_STRING_EQUAL(cell(t, 1, 0), "1,168.5");
    CU_ASSERT_STRING_EQUAL(cell(plain, 0, 0), "3004");
    CU_ASSERT_STRING_EQUAL(cell(plain, 1, 0), "1168.5");
    json_decref(t);
    json_decref(plain);
}

/* Without a y_max the scale tops out at a round number and its ticks are round. */
static void chart__ticks_are_round_numbers(void)
{
    static const double small[] = { 3, 1 };
    static const struct chart_series few[] = { { "Prentisiaid", small } };
    struct chart c = big();
    struct sbuf b;

    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">1,000</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">4,000</text>"));
    CU_ASSERT_PTR_NULL(strstr(b.buf, ">751</text>"));
    CU_ASSERT_PTR_NULL(strstr(b.buf, ">3,004</text>")); /* the top is not the largest value */
    sbuf_release(&b);

    /* a count's axis stays whole: 0 1 2 3 4, never 0.8 */
    c.series = few;
    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">1</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">4</text>"));
    CU_ASSERT_PTR_NULL(strstr(b.buf, ".8</text>"));
    sbuf_release(&b);
}

/* A label wider than its bar breaks between words into two lines; what a
 * third line would hold is cut with an ellipsis (the table has it whole). */
static void chart__long_labels_break_between_words(void)
{
    static const char *const statuses[] = {
        "Yn dysgu", "Ar seibiant o ddysgu", "Wedi cwblhau", "Wedi tynnu'n ôl",
        "Wedi trosglwyddo i nod newydd ar ôl trafodaeth hir gyda'r cyflogwr a'r darparwr"
    };
    static const double v[] = { 3004, 502, 502, 501, 501 };
    static const struct chart_series one[] = { { "Prentisiaid", v } };
    struct chart c = { .kind = CHART_BARS,
                       .id = "status",
                       .title = "Statws",
                       .x_labels = statuses,
                       .n_x = 5,
                       .series = one,
                       .n_series = 1 };
    struct sbuf b;

    sbuf_init(&b, NULL, 1 << 16);
    chart_svg(&b, &c);
    CU_ASSERT(well_formed(b.buf));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">Yn dysgu</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">Wedi trosglwyddo</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">i nod newydd ar\u2026</text>"));
    CU_ASSERT_PTR_NULL(strstr(b.buf, "cyflogwr"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">Ar seibiant o</text>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.buf, ">ddysgu</text>"));
    sbuf_release(&b);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "chart__svg_is_labelled_and_escaped", chart__svg_is_labelled_and_escaped },
        { "chart__bars_one_rect_per_value", chart__bars_one_rect_per_value },
        { "chart__lines_mark_series_apart", chart__lines_mark_series_apart },
        { "chart__table_holds_the_same_numbers", chart__table_holds_the_same_numbers },
        { "chart__empty_chart_still_draws_axes", chart__empty_chart_still_draws_axes },
        { "chart__thousands_apart_on_the_page_only", chart__thousands_apart_on_the_page_only },
        { "chart__ticks_are_round_numbers", chart__ticks_are_round_numbers },
        { "chart__long_labels_break_between_words", chart__long_labels_break_between_words },
        { NULL, NULL },
    };

    test_add_suite("chart", cases);
}
