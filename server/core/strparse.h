/*
 * strparse: strict, bounded parsers for untrusted text (no atoi, no strtol
 * surprises: no whitespace, no sign games, no silent saturation).
 *
 * Every function reads exactly len bytes of s (s need not be NUL-terminated)
 * and never allocates. A NULL s is refused like any malformed input.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Longest slug parse_slug() accepts, in bytes. */
#define SLUG_MAX_LEN 80

/*
 * Parse an unsigned decimal: only ASCII digits, 1..10 of them, no sign, no
 * spaces, no leading zero unless the whole number is "0", value <= max.
 * Returns 0 and sets *out, or -1 and leaves *out untouched.
 */
int parse_u32(const char *s, size_t len, uint32_t max, uint32_t *out);

/* parse_u32() for 64-bit values: 1..20 digits, value <= max (no overflow). */
int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);

/*
 * Parse a signed decimal: an optional '-', then one or more ASCII digits
 * (leading zeros allowed), within INT64_MIN..INT64_MAX. No '+', no spaces.
 * Returns 0 and sets *out, or -1 (also on overflow) leaving *out untouched.
 */
int parse_i64(const char *s, size_t len, int64_t *out);

/* 1 if s is a slug: [a-z0-9]+(-[a-z0-9]+)* of at most SLUG_MAX_LEN bytes; else 0. */
int parse_slug(const char *s, size_t len);

/* 1 if s[0..len) is an http:// or https:// address with a host, at most max
 * bytes of printable ASCII without spaces, quotes or angle brackets (safe in
 * an href once escaped); else 0. */
int parse_http_url(const char *s, size_t len, size_t max);

/* Skip optional whitespace (SP, HTAB: RFC 9110 section 5.6.3) at both ends of
 * s[0..*len): returns the first byte kept and shortens *len. */
const char *parse_trim_ows(const char *s, size_t *len);
