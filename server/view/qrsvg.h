/*
 * qrsvg: a QR code (libqrencode, error correction M) drawn as an inline SVG
 * that needs no script and no image request: one path of dark modules on a
 * white square with the four-module quiet zone, role="img" and its text
 * alternative. For the set-up secret of two-step sign-in (issue 23 finding
 * 4), which the page also shows as text for those who cannot scan it.
 */
#pragma once

#include <stddef.h>

struct arena;

#define QRSVG_MAX_INPUT 512 /* bytes: an otpauth:// URI is about 150 */

/* The SVG for text (at most QRSVG_MAX_INPUT bytes) labelled label (escaped
 * here), in a; NULL when text is empty, too long or cannot be encoded. */
char *qrsvg_render(struct arena *a, const char *text, size_t len, const char *label);
