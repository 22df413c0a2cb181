/*
 * page_api: the JSON answers of the public API (/api/v1/..., ROUTE_PLAIN
 * rows), shared by every feature that has one (docs/api.md "Conventions"):
 * a 200 may be cached for a minute, anything else is "no-store", and an
 * answer to a bearer token's owner (r->user set) is "private, no-store"; an error
 * is {"error": {"status": N, "message": "..."}} (English, for developers);
 * a text in both languages is {"cy": ..., "en": ...}.
 */
#pragma once

#include <jansson.h>

#include "db/db.h"

struct req;

/* Send doc (stolen) as JSON with status; a 503 adds Retry-After. Returns
 * the status sent. */
int page_api_send(struct req *r, int status, json_t *doc);

/* {"error": {"status": status, "message": message}} with status. */
int page_api_error(struct req *r, int status, const char *message);

/* The error a failed store call answers: 503 (the database is away) or 500. */
int page_api_db_error(struct req *r, enum db_rc rc);

/* {"cy": cy, "en": en}; a NULL text becomes null. */
json_t *page_api_both(const char *cy, const char *en);
