/*
 * form: application/x-www-form-urlencoded bodies and query strings, parsed
 * by us rather than civetweb (security.md section 0.1: mg_handle_form_request
 * spins forever on a NUL byte, CVE-2025-9648).
 *
 * The parser is pure and bounded: it reads exactly len bytes, takes time
 * linear in len (plus max_fields^2 key comparisons for the duplicate check),
 * and allocates only from the arena. Values are percent-decoded exactly once,
 * here, before any validation (ASVS 1.1.1), so handlers never decode again.
 *
 * Ownership: every string and the items array live in the arena given to
 * form_parse() and stay valid until that arena is reset.
 */
#pragma once

#include <stddef.h>

struct arena;

/* Longest key form_parse() accepts, in decoded bytes. */
#define FORM_KEY_MAX 64

/* One decoded field: key and val are NUL-terminated; val_len == strlen(val). */
struct kv {
    const char *key;
    const char *val;
    size_t val_len;
};

/* Fields in the order they arrived; items is NULL when n is 0. */
struct kvlist {
    struct kv *items;
    size_t n;
};

enum form_flags { FORM_ALLOW_DUPLICATES = 1 << 0 };

enum form_rc { FORM_OK = 0, FORM_BAD = -1, FORM_TOO_MANY = -2 };

/*
 * Parse data[0..len) (data may be NULL when len is 0) into *out.
 *
 * Decoding: '+' becomes a space and %XX (hex digits in either case) the byte
 * XX. Pairs are split on '&' and then on the first '='; empty pairs ("a=1&&b=2",
 * a trailing '&') are skipped and a pair without '=' has the value "".
 *
 * FORM_BAD on: a malformed % escape; a raw or decoded NUL byte; invalid UTF-8
 * in a key or value; a C0 control other than \t \r \n, or DEL, in a value;
 * any control (C0, DEL, C1) in a key; an empty key ("=x"); a key longer than
 * FORM_KEY_MAX bytes; a repeated key unless flags has FORM_ALLOW_DUPLICATES.
 * FORM_TOO_MANY when there are more than max_fields non-empty pairs (checked
 * before anything is decoded). On any failure *out is {NULL, 0}.
 */
enum form_rc form_parse(struct arena *a, const char *data, size_t len, size_t max_fields,
                        unsigned flags, struct kvlist *out);

/* The first value for key, or NULL. Valid as long as the list. */
const char *kv_get(const struct kvlist *l, const char *key);

/* How many fields are named key. */
size_t kv_count(const struct kvlist *l, const char *key);
