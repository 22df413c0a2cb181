/*
 * api: the public JSON API's answers read back (api_), for the tests of
 * every /api/v1 endpoint (docs/api.md "Conventions").
 */
#pragma once

#include <jansson.h>

#include "client.h"

struct server;

/* GET path anonymously into *r; the body parsed as JSON (NULL if it is not):
 * json_decref it, and http_resp_free *r. */
json_t *api_get(const struct server *srv, const char *path, struct http_resp *r);

/* The string at o.a (b NULL) or o.a.b; NULL when absent or not a string. */
const char *api_str(json_t *o, const char *a, const char *b);

/* The status of GET path, asserting (CUnit) that the answer is an API error:
 * JSON, Cache-Control no-store, {"error":{"status":N,"message":"..."}} with
 * N the status and a message. */
int api_error_status(const struct server *srv, const char *path);
