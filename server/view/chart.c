#include "view/chart.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/utf8.h"
#include "view/escape.h"

/* The drawing area inside a 640 x 320 view box. */
#define W      640.0
#define H      320.0
#define LEFT   56.0
#define RIGHT  16.0
#define TOP    16.0
#define BOTTOM 56.0
#define TICKS  4

static void text(struct sbuf *out, const char *s)
{
    if (s)
        escape_html(out, s, strlen(s));
}

/* A value as the table and the axis write it: "72", "72.5", "72%", and with
 * grouped set, thousands apart as both languages write them: "3,004". */
static void number(char *buf, size_t len, double v, const char *suffix, int grouped)
{
    long long t = llround(v * 10.0), whole = (t < 0 ? -t : t) / 10, tenths = (t < 0 ? -t : t) % 10;
    char digits[32], out[48];
    size_t n, i, o = 0;

    n = (size_t)snprintf(digits, sizeof(digits), "%lld", whole);
    if (t < 0)
        out[o++] = '-';
    for (i = 0; i < n; i++) {
        if (grouped && i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    if (tenths)
        snprintf(buf, len, "%s.%lld%s", out, tenths, suffix ? suffix : "");
    else
        snprintf(buf, len, "%s%s", out, suffix ? suffix : "");
}

/* The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least x
 * (2.5 only where the values are not all whole: a count's axis stays whole). */
static double nice_step(double x, int whole)
{
    static const double m[] = { 1, 2, 2.5, 5, 10 };
    double p = 1;
    size_t i;

    while (p * 10 <= x)
        p *= 10;
    while (p > x && p > 1e-6)
        p /= 10;
    for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        if (m[i] * p >= x && !(whole && m[i] == 2.5 && p < 10))
            return m[i] * p;
    return 10 * p;
}

/* The top of the scale: y_max, else the largest value rounded up so that the
 * TICKS steps are round numbers (3,004 apprentices: 0, 1,000 ... 4,000). */
static double scale_max(const struct chart *c, size_t n_x, size_t n_series)
{
    double top = c->y_max, step;
    size_t s, i;
    int whole = 1;

    if (top > 0)
        return top;
    for (s = 0; s < n_series; s++)
        for (i = 0; i < n_x; i++) {
            double v = c->series[s].values[i];

            if (v > top)
                top = v;
            if (v != (double)(long long)v)
                whole = 0;
        }
    if (top <= 0)
        return TICKS;
    step = nice_step(top / TICKS, whole);
    if (whole && step < 1)
        step = 1;
    return step * TICKS;
}

static double y_of(double v, double top)
{
    if (v < 0)
        v = 0;
    if (v > top)
        v = top;
    return TOP + (H - TOP - BOTTOM) * (1.0 - v / top);
}

static void axes(struct sbuf *out, const struct chart *c, double top)
{
    char label[48];
    int t;

    for (t = 0; t <= TICKS; t++) {
        double v = top * t / TICKS, y = y_of(v, top);

        number(label, sizeof(label), v, c->y_suffix, 1);
        sbuf_addf(out,
                  "<line class=\"chart__grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                  "<text class=\"chart__tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                  LEFT, y, W - RIGHT, y, LEFT - 6, y + 4);
        text(out, label);
        sbuf_adds(out, "</text>");
    }
    sbuf_addf(out, "<line class=\"chart__axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
              LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
}

/* Bytes of s that hold at most n characters (s is UTF-8). */
static size_t chars_prefix(const char *s, size_t len, size_t n)
{
    size_t at = 0;

    while (at < len && n-- > 0)
        at += utf8_seq_len(s + at, len - at);
    return at;
}

/* One line of an x label, centred on x. */
static void label_line(struct sbuf *out, double x, double y, const char *s, size_t len, int cut)
{
    sbuf_addf(out, "<text class=\"chart__label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x,
              y);
    escape_html(out, s, len);
    if (cut)
        sbuf_adds(out, "\u2026");
    sbuf_adds(out, "</text>");
}

/* Where a line of at most fit characters of s[0..len) ends: at the last
 * space within it (the space not taken), else after fit characters. */
static size_t line_end(const char *s, size_t len, size_t fit)
{
    size_t end = chars_prefix(s, len, fit), i;

    if (end == len)
        return len;
    for (i = end; i > 0 && s[i] != ' '; i--)
        ;
    return i > 0 ? i : end;
}

/* An x label in at most two lines of at most fit characters each, broken
 * between words ("Wedi trosglwyddo / i nod newydd"), the rest cut with an
 * ellipsis: the labels never run into each other, and the table beside the
 * chart holds every label whole. */
static void x_label(struct sbuf *out, double x, const char *label, size_t fit)
{
    size_t len = strlen(label), first = line_end(label, len, fit), rest_at, rest_len, keep;

    label_line(out, x, H - BOTTOM + 18, label, first, 0);
    if (first == len)
        return;
    rest_at = first + (label[first] == ' ');
    rest_len = len - rest_at;
    /* a second line that does not fit leaves room for the ellipsis */
    keep = utf8_count(label + rest_at, rest_len) <= fit
               ? rest_len
               : line_end(label + rest_at, rest_len, fit - 1);
    label_line(out, x, H - BOTTOM + 32, label + rest_at, keep, keep < rest_len);
}

/* The x labels, thinned so that they do not overlap (about 10 at most). */
static void x_labels(struct sbuf *out, const struct chart *c, size_t n_x)
{
    double step = (W - LEFT - RIGHT) / (double)n_x;
    size_t every = n_x > 10 ? (n_x + 9) / 10 : 1, i;
    /* 12 px text is about 6.5 units a character */
    size_t fit = (size_t)(step * (double)every * 0.92 / 6.5);

    for (i = 0; i < n_x; i += every)
        if (c->x_labels[i])
            x_label(out, LEFT + step * ((double)i + 0.5), c->x_labels[i], fit > 3 ? fit : 3);
}

static void bars(struct sbuf *out, const struct chart *c, size_t n_x, size_t n_series, double top)
{
    double step = (W - LEFT - RIGHT) / (double)n_x;
    double width = step * 0.8 / (double)n_series;
    size_t s, i;

    for (s = 0; s < n_series; s++) {
        sbuf_addf(out, "<g class=\"chart__series chart__series--%zu\">", s + 1);
        for (i = 0; i < n_x; i++) {
            double v = c->series[s].values[i], y;

            if (v < 0)
                continue;
            y = y_of(v, top);
            sbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                      LEFT + step * (double)i + step * 0.1 + width * (double)s, y, width,
                      H - BOTTOM - y);
        }
        sbuf_adds(out, "</g>");
    }
}

static void lines(struct sbuf *out, const struct chart *c, size_t n_x, size_t n_series, double top)
{
    double step = (W - LEFT - RIGHT) / (double)n_x;
    size_t s, i;

    for (s = 0; s < n_series; s++) {
        int open = 0;

        sbuf_addf(out, "<g class=\"chart__series chart__series--%zu\">", s + 1);
        for (i = 0; i < n_x; i++) {
            double v = c->series[s].values[i];

            if (v < 0) {
                if (open)
                    sbuf_adds(out, "\"/>");
                open = 0;
                continue;
            }
            sbuf_addf(out, "%s%.1f,%.1f", open ? " " : "<polyline fill=\"none\" points=\"",
                      LEFT + step * ((double)i + 0.5), y_of(v, top));
            open = 1;
        }
        if (open)
            sbuf_adds(out, "\"/>");
        for (i = 0; i < n_x; i++) {
            double v = c->series[s].values[i], x = LEFT + step * ((double)i + 0.5), y;

            if (v < 0)
                continue;
            y = y_of(v, top);
            /* a different marker per series: colour is never the only cue */
            if (s % 2)
                sbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\"/>", x - 4,
                          y - 4);
            else
                sbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", x, y);
        }
        sbuf_adds(out, "</g>");
    }
}

static void legend(struct sbuf *out, const struct chart *c, size_t n_series)
{
    size_t s;

    if (n_series < 2)
        return;
    for (s = 0; s < n_series; s++) {
        double x = LEFT + 150.0 * (double)s;

        sbuf_addf(out,
                  "<g class=\"chart__series chart__series--%zu\"><rect x=\"%.1f\" y=\"%.1f\" "
                  "width=\"10\" height=\"10\"/></g><text class=\"chart__label\" x=\"%.1f\" "
                  "y=\"%.1f\">",
                  s + 1, x, H - 20, x + 14, H - 11);
        text(out, c->series[s].label);
        sbuf_adds(out, "</text>");
    }
}

void chart_svg(struct sbuf *out, const struct chart *c)
{
    size_t n_x = c->n_x < CHART_MAX_X ? c->n_x : CHART_MAX_X;
    size_t n_series = c->n_series < CHART_MAX_SERIES ? c->n_series : CHART_MAX_SERIES;
    double top = scale_max(c, n_x, n_series);

    assert(c->id && (c->n_x == 0 || c->x_labels));
    sbuf_addf(out,
              "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
              "role=\"img\" aria-labelledby=\"",
              W, H);
    text(out, c->id);
    sbuf_adds(out, "-title ");
    text(out, c->id);
    sbuf_adds(out, "-desc\"><title id=\"");
    text(out, c->id);
    sbuf_adds(out, "-title\">");
    text(out, c->title);
    sbuf_adds(out, "</title><desc id=\"");
    text(out, c->id);
    sbuf_adds(out, "-desc\">");
    text(out, c->desc);
    sbuf_adds(out, "</desc>");
    axes(out, c, top);
    if (n_x && n_series) {
        x_labels(out, c, n_x);
        if (c->kind == CHART_BARS)
            bars(out, c, n_x, n_series, top);
        else
            lines(out, c, n_x, n_series, top);
        legend(out, c, n_series);
    }
    sbuf_adds(out, "</svg>");
}

static json_t *table(const struct chart *c, const char *x_heading, int grouped)
{
    json_t *head = json_array(), *rows = json_array();
    char cell[48];
    size_t s, i;

    json_array_append_new(head, json_string(x_heading ? x_heading : ""));
    for (s = 0; s < c->n_series; s++)
        json_array_append_new(head, json_string(c->series[s].label ? c->series[s].label : ""));
    for (i = 0; i < c->n_x; i++) {
        json_t *cells = json_array();

        for (s = 0; s < c->n_series; s++) {
            double v = c->series[s].values[i];

            if (v < 0)
                snprintf(cell, sizeof(cell), "–");
            else
                number(cell, sizeof(cell), v, c->y_suffix, grouped);
            json_array_append_new(cells, json_string(cell));
        }
        json_array_append_new(
            rows,
            json_pack("{s:s, s:o}", "label", c->x_labels[i] ? c->x_labels[i] : "", "cells", cells));
    }
    return json_pack("{s:s, s:o, s:o}", "caption", c->title ? c->title : "", "head", head, "rows",
                     rows);
}

json_t *chart_table(const struct chart *c, const char *x_heading)
{
    return table(c, x_heading, 1);
}

json_t *chart_table_plain(const struct chart *c, const char *x_heading)
{
    return table(c, x_heading, 0);
}
