/*
 * qlist: the weighted lists of the Accept-* request headers (RFC 9110
 * section 12.4.2): elements separated by ',', each a name with an optional
 * ";q=" weight. Shared by acceptlang (Accept-Language) and acceptenc
 * (Accept-Encoding), which judge the names themselves.
 *
 * Pure and bounded: reads only the bytes it is given, allocates nothing.
 */
#pragma once

#include <stddef.h>

/* One element: its name (trimmed, not NUL-terminated, may be empty) and its
 * weight in thousandths (0..1000), or -1 when the weight is malformed. */
struct qlist_item {
    const char *name;
    size_t name_len;
    int q;
};

/*
 * How much of header to read when at most max bytes may be: its length, or,
 * when longer, max cut back to the last ',' so that an element cut by the
 * limit ("cy-GB" cut to "cy-G", "gzip;q=0" cut to "gzip") is dropped whole
 * (kept when the limit falls just before a ','). 0 for NULL.
 */
size_t qlist_bound(const char *header, size_t max);

/*
 * The next element of list[0..len), starting at *pos (0 for the first):
 * 1 with *it filled and *pos moved past it, or 0 when the list is done.
 * Every element between commas is returned, empty ones too. The weight
 * "" is 1000; ";q=x" (OWS allowed around ';', 'q' in either case) with
 * qvalue = "0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]; anything else is -1.
 */
int qlist_next(const char *list, size_t len, size_t *pos, struct qlist_item *it);
