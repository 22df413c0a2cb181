/*
 * etag: conditional requests on entity tags (RFC 9110 sections 8.8.3 and
 * 13.1.2). Pure: reads the header it is given, allocates nothing.
 */
#pragma once

/*
 * 1 when an If-None-Match header (NULL when absent) matches etag, a strong
 * tag with its quotes ("\"abc\""): the header is "*", or a list of entity
 * tags one of which equals etag by the weak comparison (W/"abc" matches
 * "abc"). Elements are separated by ',' with optional whitespace; the list
 * is read up to the first malformed element.
 */
int etag_matches(const char *if_none_match, const char *etag);
