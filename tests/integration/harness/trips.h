/*
 * trips: what a page costs the database and what it shows, for the tests of
 * what is kept in memory (issue 22: a repeated GET of a kept page costs no
 * round trip; a change shows on the next page). Round trips are /metrics'
 * count for the route pattern ("/me", "/courses/{slug}"), read before and
 * after one GET; every GET here asserts a 200.
 *
 * As a fixture session (s; NULL: anonymous) or as a browser (b).
 */
#pragma once

#include "browser.h"
#include "client.h"
#include "fixtures.h"

/* The round trips one GET of path cost. */
long trips_as(const struct server *srv, const struct fx_session *s, const char *path,
              const char *pattern);
long trips_browser(const struct server *srv, struct browser *b, const char *path,
                   const char *pattern);

/* The fewest round trips of a GET right after another, tried up to `tries`
 * times (stops at 0): on a loaded machine a GET may come more than the 2 s a
 * kept value (or the session's cached copy) lives after the one before it,
 * or while a touch settles, so one pair alone would fail for nothing. */
long trips_kept_as(const struct server *srv, const struct fx_session *s, const char *path,
                   const char *pattern, int tries);

/* The fewest round trips of up to three GETs of path, 0.6 s apart (stops at
 * 0): a page another reader's GET kept costs 0 on the first, but a read may
 * also load the session (its cached copy lives 2 s) or come while a touch
 * settles. */
long trips_least_as(const struct server *srv, const struct fx_session *s, const char *path,
                    const char *pattern);

/* 1 when GET path answers 200 with needle in the body. */
int shows_as(const struct server *srv, const struct fx_session *s, const char *path,
             const char *needle);
int shows_browser(struct browser *b, const char *path, const char *needle);
