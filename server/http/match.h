/*
 * match: route patterns such as "/courses/{slug}/lessons/{n}" matched against
 * request paths. We write our own because civetweb 1.15 has no mg_match.
 *
 * Patterns are trusted (they come from the route table in routes.c and are
 * checked by route_pattern_valid() in a unit test); paths are hostile, already
 * percent-decoded once by the funnel. Matching is pure, bounded by
 * ROUTE_MAX_PATH, and allocates from the arena only on success.
 *
 * Pattern syntax: segments separated by '/'. A literal segment matches itself
 * exactly (case-sensitive). "{name}" matches one segment; a final "{*name}"
 * matches the rest of the path, one or more segments. The pattern "/" matches
 * only the path "/".
 *
 * A path segment is non-empty, not "." or "..", and made of [A-Za-z0-9._~-]:
 * a path with "//", a trailing '/' (where the pattern has none), a dot
 * segment or any other byte never matches. So no parameter can carry a path
 * traversal, and a {name} value never contains '/'.
 */
#pragma once

#include <stddef.h>

struct arena;

#define ROUTE_MAX_PARAMS   4
#define ROUTE_MAX_PATH     2048 /* longer paths never match */
#define ROUTE_MAX_SEGMENTS 16   /* longest pattern route_pattern_valid() accepts */

/*
 * Parameters of a match, in pattern order. name[i] and value[i] are
 * NUL-terminated copies in the arena given to route_match(), valid until it
 * is reset. A {*name} value is the rest of the path without its leading '/'
 * ("css/site.css").
 */
struct route_params {
    size_t n;
    const char *name[ROUTE_MAX_PARAMS];
    const char *value[ROUTE_MAX_PARAMS];
};

/*
 * 1 if path matches pattern, with *p filled; 0 otherwise, with p->n == 0.
 * A NULL path never matches.
 */
int route_match(struct arena *a, const char *pattern, const char *path, struct route_params *p);

/*
 * 1 if some path could match both patterns: the same number of segments with
 * each pair equal literals or at least one a {param}, where a {*rest} stands
 * for one or more segments of anything. Used to prove the route table has no
 * overlapping rows. A malformed pattern (see route_pattern_valid()) is
 * reported as overlapping, so that proof fails closed.
 */
int route_overlap(const char *a, const char *b);

/*
 * 1 if pattern is well-formed: "/" alone, or '/'-separated non-empty
 * segments (at most ROUTE_MAX_SEGMENTS, at most ROUTE_MAX_PATH bytes), each
 * a literal of [A-Za-z0-9._~-] other than "." and "..", a "{name}" or, last
 * only, a "{*name}", where names are [a-z_]+ and distinct; at most
 * ROUTE_MAX_PARAMS parameters. 0 otherwise (also for NULL).
 */
int route_pattern_valid(const char *pattern);
