/*
 * utf8: validation of untrusted UTF-8 (Unicode 15, Table 3-7).
 *
 * A well-formed string here has no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, and no NUL byte: a NUL would
 * truncate the value the moment it becomes a C string, so it is rejected
 * along with the rest (security.md section 1.4).
 *
 * The functions are pure and bounded: they read exactly len bytes of s and
 * never allocate. s may be NULL only when len is 0.
 */
#pragma once

#include <stddef.h>

/* 1 if s[0..len) is well-formed UTF-8 without a NUL byte, else 0. */
int utf8_valid(const char *s, size_t len);

/*
 * 1 if utf8_valid() holds and s has no C0 control other than \t \n \r and
 * no DEL (0x7f): the rule for free text fields. Else 0.
 */
int utf8_valid_text(const char *s, size_t len);

/*
 * Number of code points in s, which must already be valid (utf8_valid());
 * on an invalid string the result is a count of non-continuation bytes.
 */
size_t utf8_count(const char *s, size_t len);

/*
 * Length in bytes of the well-formed sequence starting at s[0] (1..4), or 0
 * if s[0..len) does not start with one (or len is 0). NUL counts as valid
 * here (length 1); callers that refuse NUL check for it themselves.
 */
size_t utf8_seq_len(const char *s, size_t len);
