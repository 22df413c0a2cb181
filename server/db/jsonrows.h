/*
 * Lists that one statement returns as a column of JSON, so a person's page
 * reads all its lists in one round trip (issue 22, docs/decisions.md "One
 * statement for a person's page"): the statement aggregates each list as
 * JSON_ARRAYAGG(JSON_ARRAY(col, ...)), DATETIME columns as they are
 * (JSON_ARRAY writes them as text, UTC like every time in the database;
 * not UNIX_TIMESTAMP, which is NULL after 2038 in MariaDB 10.11), and the
 * page reads the rows back with the letters of db_row_next.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

#include "db/db.h"

struct arena;

/* The rows in text, a JSON array of arrays (NULL: SQL NULL, no rows): a new
 * array (empty for none) into *out, or DB_ERROR when text is not one (a list
 * cut short by group_concat_max_len, say), *out NULL. */
enum db_rc db_json_rows(const char *text, json_t **out);

/*
 * Row i of rows into pointers described by sig, one per element, as
 * db_row_next: 'i' int *, 'l' long long *, 'b' int * (0 or 1; JSON true and
 * false, or a number), 's' char ** (copied into a; NULL for null), 't' time_t *
 * (a DATETIME's text "YYYY-MM-DD HH:MM:SS[.f]" read as UTC, or a number of
 * seconds since 1970). null stores 0 in a number or time. DB_OK; DB_NOT_FOUND
 * past the last row; DB_ERROR when an element is not of its letter's type or
 * the row's length is not sig's.
 */
enum db_rc db_json_row(const json_t *rows, size_t i, struct arena *a, const char *sig, ...);

/* ids[0..n) as a JSON array ("[1,2,3]") in a, for a statement that reads
 * rows by id with JSON_TABLE(?, '$[*]' ...); NULL when it does not fit. */
const char *db_ids_json(struct arena *a, const long long *ids, size_t n);
