/*
 * A stylesheet made smaller for the wire, once, when the static files load
 * (http/static.c): comments out, runs of white space to one space, and no
 * space next to "{", "}", ";", "," or after ":", and no ";" before "}".
 * Strings ("…", '…') and url(…) are copied as they are; a space that may
 * matter (a descendant selector, calc(1rem + 2px)) is kept. The browser
 * reads the result as it read the original (tests/unit/http/test_cssmin.c).
 */
#pragma once

#include <stddef.h>

/* Minify css[0..len) in place; returns the new length (never more than len). */
size_t css_minify(char *css, size_t len);
