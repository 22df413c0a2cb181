/*
 * mail_impl: what mail.c and deliver.c share, and the pure formatting the
 * unit tests check. Not for other modules: they use mail.h.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include "core/config.h"
#include "db/db.h"

struct arena;
struct sbuf;

/* 1 if s[0..len) is one plain address: local@domain, printable ASCII without
 * spaces, quotes, brackets, commas or semicolons, at most MAIL_TO_MAX bytes. */
int mail_addr_ok(const char *s, size_t len);

/* mail_deliver_pending, also counting the messages that failed in *failures. */
int mail_deliver_pending_counted(struct db *db, const struct config *cfg, int n, int *failures);

struct mail_msg {
    long long id;
    const char *to;
    const char *lang; /* "cy" or "en" */
    const char *subject;
    const char *body;             /* UTF-8, lines ending in \n (or \r\n) */
    const char *calendar_method;  /* "REQUEST" or "CANCEL"; NULL: no calendar part */
    const char *calendar;         /* the iCalendar object of that part */
    const char *list_unsubscribe; /* an https URL for List-Unsubscribe (RFC 8058); NULL: none */
};

/* Append s as a header value: unchanged when it is printable ASCII without
 * "=?", else as RFC 2047 "=?UTF-8?B?...?=" words of at most 75 characters,
 * folded with CRLF SP, never splitting a UTF-8 sequence. */
void mail_add_encoded(struct sbuf *b, const char *s);

/*
 * The whole RFC 5322 message with CRLF line ends: From, To, Subject, Date
 * (from now), Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8,
 * Content-Transfer-Encoding (8bit, or quoted-printable when a line is longer
 * than 998 bytes), Content-Language, Auto-Submitted, with m->list_unsubscribe
 * List-Unsubscribe and List-Unsubscribe-Post (one click, RFC 8058), a blank
 * line and the body. With m->calendar, the Content-Type is multipart/alternative (a
 * boundary found in neither part) of the text part and a "text/calendar;
 * charset=utf-8; method=..." part. Allocated in a; NULL when from is not
 * usable.
 */
char *mail_format(struct arena *a, const char *from, const struct mail_msg *m, time_t now,
                  size_t *len);
