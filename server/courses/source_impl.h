/*
 * source_impl: helpers shared by the parsers of course.json, lesson files
 * and pathways.json (source_*.c). Not for use outside server/courses/.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

#include "courses/source.h"

/* 1 if s[0..len) (valid UTF-8) is in Unicode Normalization Form C. */
int src_is_nfc(const char *s, size_t len);

/*
 * Check text s[0..len) (valid UTF-8, no NUL) for field: not blank, at most
 * max code points, no control characters (one_line: no tab or newline
 * either), NFC. 0, or -1 after adding the error.
 */
int src_text_check(struct src_errors *e, const char *file, const char *field, const char *s,
                   size_t len, size_t max, int one_line);

/* The JSON string v checked as above and copied into a; NULL after adding an
 * error (v NULL: "missing"). */
const char *src_string(struct arena *a, struct src_errors *e, const char *file, const char *field,
                       json_t *v, size_t max, int one_line);

/* obj[key] as {"cy": "...", "en": "..."} into out; errors name the field
 * PREFIXkey.cy and so on. 0, or -1 after errors. */
int src_bilingual(struct arena *a, struct src_errors *e, const char *file, const char *prefix,
                  const char *key, json_t *obj, size_t max, int one_line,
                  const char *out[LANG__COUNT]);

/* An error for every key of obj not in the NULL-terminated known list
 * (field "PREFIXkey"). 0, or -1 when there was one. */
int src_unknown_fields(struct src_errors *e, const char *file, const char *prefix, json_t *obj,
                       const char *const *known);

/* Parse text as JSON (duplicate keys refused); NULL after adding an error
 * naming the line and column. The caller json_decref()s the result. */
json_t *src_json_load(struct src_errors *e, const char *file, const char *text, size_t len);
