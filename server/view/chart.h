/*
 * chart: small charts drawn on the server as accessible SVG (WCAG 1.1.1,
 * 1.4.1), shared by the trainer's cohort pages and the apprenticeship
 * reports.
 *
 * The SVG has role="img", a <title> and a <desc> it is labelled by, draws
 * with classes only (the stylesheet colours them; no inline style, which the
 * Content-Security-Policy forbids), marks each series with a different shape
 * as well as a colour, and never carries data that is not also in the table
 * the page shows beside it: chart_table() builds that table's view model
 * from the same struct, so the two cannot disagree.
 *
 * Every text (title, labels) is HTML-escaped here, so the output may be put
 * in a template as a *_html value ({{{chart.svg_html}}}).
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

struct sbuf;

enum chart_kind {
    CHART_BARS, /* one group of bars per x label */
    CHART_LINES /* one line per series, a marker at each point */
};

struct chart_series {
    const char *label;
    const double *values; /* n_x of them; a negative value is "no data" */
};

struct chart {
    enum chart_kind kind;
    const char *id; /* unique on the page: the prefix of the title/desc ids */
    const char *title;
    const char *desc;
    const char *const *x_labels;
    size_t n_x;
    const struct chart_series *series;
    size_t n_series;
    double y_max;         /* the top of the scale; <= 0: the largest value */
    const char *y_suffix; /* after each value, e.g. "%" ("" or NULL: none) */
};

/* Append c as an <svg> element to out. Values are clamped to [0, y_max].
 * At most CHART_MAX_X points and CHART_MAX_SERIES series are drawn (the
 * table holds them all). */
void chart_svg(struct sbuf *out, const struct chart *c);

#define CHART_MAX_X      120
#define CHART_MAX_SERIES 6

/*
 * The data as a table view model: {caption, head: [x heading, series
 * labels...], rows: [{label, cells: ["72%", "1,168", ...]}]}, one row per x
 * label, numbers written with at most one decimal, thousands apart and
 * y_suffix. x_heading is the first column's heading. New reference; the
 * caller owns it.
 */
json_t *chart_table(const struct chart *c, const char *x_heading);

/* The same with numbers as a spreadsheet reads them ("1168"): for CSV. */
json_t *chart_table_plain(const struct chart *c, const char *x_heading);
