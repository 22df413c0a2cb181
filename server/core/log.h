/*
 * log: one JSON object per line on stderr, for operators (English).
 *
 * log_error() and log_error_id() print and return -1, so a failure path is
 * one line: return log_error("cannot open '%s'", path). Values are escaped by
 * jansson, so CR, LF and control characters in them cannot forge lines.
 * Never pass a password, token or session id to these functions.
 */
#pragma once

#include <jansson.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below this level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);

int log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same, tagged with a request id (NULL: none). */
int log_error_id(const char *req_id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_warn_id(const char *req_id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write obj (plus "ts" in UTC ISO 8601) as one line; steals the reference. */
void log_json(json_t *obj);
