/*
 * markdown: CommonMark to HTML with cmark, safe for {{{x_html}}} in a page.
 *
 * Raw HTML is never passed through (cmark's default safe mode: a block or
 * inline of HTML becomes an HTML comment saying it was omitted). On top of
 * cmark's own dangerous-URL check, a link or image whose destination has a
 * scheme other than http, https or mailto, or that says javascript: or
 * vbscript: anywhere, is taken out and its text kept, so javascript:,
 * vbscript:, data: and whatever a browser invents next never reach an href
 * or src, however they are spelt (entities, case, whitespace).
 *
 * The HTML goes under the page's own h1 (a lesson's title, a post's
 * heading): when the text uses level-1 headings, every heading moves down one
 * level (h1 -> h2 ... h6 stays h6), so the outline stays whole.
 *
 * Smart punctuation is on: straight quotes become curly ones and "--" an en
 * dash. Welsh text is full of elisions (mae'n, i'r, o'r) whose apostrophe is
 * typographically a right single quote; authors type the straight one.
 *
 * A phrase in the other language is marked "[user research]{lang=en}" (or
 * {lang=cy}) and becomes <span lang="en">user research</span> (WCAG 3.1.2:
 * a screen reader switches voice). That fixed tag is the only markup added to
 * cmark's: any other "{...}" after "]", or a "]" with no "[" in the same
 * place (paragraph, heading, emphasis or link text), stays text as written.
 */
#pragma once

#include <stddef.h>

struct arena;

/*
 * md[0..len) (any bytes: invalid UTF-8 becomes U+FFFD, NUL too) as HTML,
 * allocated in a and valid until it is reset; "" for empty input. Never NULL.
 * Time is linear except for cmark 0.30.2's known worst case (nested "![["
 * runs are quadratic, fixed upstream in 0.30.3): about 1 s for 200 KB, so
 * callers bound len (lesson files are at most 200 KB, posts far less).
 */
char *markdown_html(struct arena *a, const char *md, size_t len);

/*
 * md[0..len) as the plain text a reader sees, for a snippet or a summary:
 * the words of its text, code and language spans, one space between blocks
 * and lines, no markup and no raw HTML. Allocated in a; "" for empty input.
 */
char *markdown_text(struct arena *a, const char *md, size_t len);

/*
 * The renderer's identity into buf ("cmark 0.30.2; dysgu-markdown 2"): HTML
 * stored by another one is stale. The number goes up with any change to
 * markdown_html()'s output.
 */
void markdown_version(char *buf, size_t cap);
