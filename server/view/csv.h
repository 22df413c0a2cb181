/*
 * csv: exports that spreadsheets open correctly (RFC 4180), shared by every
 * feature that offers a download (webinar registrations, cohort progress and
 * attendance, apprenticeship reports).
 *
 * The file starts with a UTF-8 byte-order mark, so Excel reads "ŵ" and "ŷ"
 * as UTF-8; rows end in CRLF; a field holding a comma, a quote, CR or LF is
 * quoted with its quotes doubled. A text field that a spreadsheet would run
 * as a formula (first character = + - @, tab or CR) gets a leading single
 * quote (OWASP "CSV injection"); numbers written with csv_int never do.
 *
 * Appends go to the caller's sbuf and share its sticky error: check
 * sbuf_failed() once at the end.
 */
#pragma once

#include <stddef.h>

struct arena;
struct sbuf;

struct csv {
    struct sbuf *out;
    unsigned col; /* fields written in the current row */
};

/* Start a file in out: the byte-order mark. */
void csv_init(struct csv *c, struct sbuf *out);

/* One text field (NULL: an empty field). */
void csv_field(struct csv *c, const char *s);

/* One number field. */
void csv_int(struct csv *c, long long n);

/* End the current row (CRLF). */
void csv_end_row(struct csv *c);

/* The Content-Disposition value for a download named filename (ASCII
 * letters, digits, '-', '_' and '.' kept; anything else becomes '-'),
 * allocated in a: attachment; filename="...". */
const char *csv_disposition(struct arena *a, const char *filename);

/* The content type of every CSV download. */
#define CSV_CONTENT_TYPE "text/csv; charset=utf-8"
