/*
 * acceptenc: which content coding a client accepts, from its Accept-Encoding
 * header (RFC 9110 section 12.5.3), and which one to send.
 *
 * Pure and bounded: reads at most ACCEPTENC_MAX bytes, allocates nothing.
 */
#pragma once

#include <stddef.h>

/* Bytes of the header considered; an element cut by this limit is dropped. */
#define ACCEPTENC_MAX 1024

/* The codings we can send, best first when the client likes them equally. */
enum coding {
    CODING_IDENTITY,
    CODING_GZIP,
    CODING_BR,
    CODING__MAX,
};

#define CODING_BIT(c) (1u << (c))

/* The client's weight of each coding, in thousandths (0 = not acceptable). */
struct acceptenc {
    short q[CODING__MAX];
};

/*
 * Read an Accept-Encoding header (NULL when the request has none) into *ae.
 *
 * No header, or an empty one: identity only (we never compress for a client
 * that did not ask). Otherwise elements are separated by ',', each a coding
 * name (case-insensitive; "x-gzip" is gzip) with an optional ";q=" weight of
 * 0..1 with up to 3 decimals; "*" weighs every coding the header does not
 * name. A coding named twice keeps its first weight. An element with a
 * malformed weight or any other parameter is ignored, and so are names we
 * do not send (deflate, zstd, ...). identity, unless named or covered by
 * "*", is acceptable at the lowest weight (q=0.001): it is refused only by
 * "identity;q=0" or "*;q=0" (RFC 9110 section 12.5.3).
 */
void acceptenc_parse(const char *header, struct acceptenc *ae);

/*
 * The coding to send among those available (a set of CODING_BIT()s; identity
 * is always available): the one with the highest weight, br before gzip
 * before identity on a tie. When the client refuses every available coding,
 * identity (RFC 9110 section 12.5.3: a response without content coding).
 */
enum coding acceptenc_choose(const struct acceptenc *ae, unsigned available);

/*
 * As acceptenc_choose(), but of the compressed codings the client weighs
 * alike (browsers: gzip and br at q=1) the one whose len[coding] is the
 * smallest (a kept page's pieces: http/brpieces.h).
 */
enum coding acceptenc_choose_smaller(const struct acceptenc *ae, unsigned available,
                                     const size_t *len);

/* The coding's token for Content-Encoding ("br", "gzip", "identity"). */
const char *acceptenc_name(enum coding c);
