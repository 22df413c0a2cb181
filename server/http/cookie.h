/*
 * cookie: the Cookie request header (RFC 6265 section 4.2, read leniently)
 * and Set-Cookie response lines (section 4.1, written strictly).
 *
 * Parsing never fails: a malformed pair is skipped and the rest are kept, as
 * browsers send whatever other sites on the domain set. Names are RFC 9110
 * tokens; values are cookie-octets (printable ASCII without ; , \ " and
 * space), optionally inside one pair of double quotes, which are removed.
 *
 * Ownership: parsed names, values and the items array live in the arena
 * given to cookie_parse() until it is reset.
 */
#pragma once

#include <stddef.h>

#include "http/form.h"

struct arena;
struct sbuf;

/* Most cookies cookie_parse() keeps; later ones are ignored. */
#define COOKIE_MAX 64

/*
 * Parse header[0..len) (NULL means no header) into *out, in header order.
 * Whitespace around ';' and '=' is ignored. A pair is skipped when it has no
 * '=', its name is not a token, or its value has a byte outside the
 * cookie-octet set. When a name repeats the FIRST one is kept: browsers send
 * the cookie with the most specific path first (RFC 6265 section 5.4).
 * At most COOKIE_MAX are kept. Returns out->n; never fails.
 */
int cookie_parse(struct arena *a, const char *header, size_t len, struct kvlist *out);

struct cookie_opts {
    const char *path;      /* "Path=" attribute, or NULL for none */
    long max_age;          /* <0: session cookie (no Max-Age); 0: delete now */
    int http_only;         /* add HttpOnly */
    int secure;            /* add Secure */
    const char *same_site; /* "Lax", "Strict" or NULL for none */
};

/*
 * Append one header line to out, attributes in this order:
 * "Set-Cookie: name=value; Path=/; Max-Age=N; HttpOnly; Secure; SameSite=Lax\r\n"
 * (o may be NULL: just "Set-Cookie: name=value\r\n"). value may be "".
 * Returns 0, or -1 with nothing appended when name is not a token, value has
 * a byte outside the cookie-octet set, path has a control byte or ';',
 * same_site is not "Lax" or "Strict", or a "__Secure-" / "__Host-" name lacks
 * what browsers require of it (Secure; and for __Host- also Path=/). Also -1,
 * with out cut back to its old length, if out fails (reaches its max).
 */
int cookie_format(struct sbuf *out, const char *name, const char *value,
                  const struct cookie_opts *o);

/* 1 if s[0..len) is a non-empty RFC 9110 token; else 0. */
int cookie_is_token(const char *s, size_t len);

/* 1 if every byte of s[0..len) is a cookie-octet (len may be 0); else 0. */
int cookie_is_value(const char *s, size_t len);
