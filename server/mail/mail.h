/*
 * mail: the outbox. Requests never talk to a mail server: they queue a
 * message in the outbox table (in their own transaction, so a rolled-back
 * change sends nothing) and a background worker delivers it.
 *
 * Delivery goes to files when no SMTP server is configured (development and
 * tests read cfg->mail_dir, DYSGU_MAIL_DIR) and through libcurl's SMTP client
 * otherwise (DYSGU_SMTP_URL, e.g. "smtps://user:pass@mail.example:465").
 *
 * Every server on one database shares its outbox, and any of their workers
 * may deliver a message. Integration tests therefore find a message by its
 * (unique) To: address in a mail_dir that every test server shares (the
 * default var/mail, relative to ctest's working directory), never by it being
 * the only file in a folder of their own.
 */
#pragma once

#include "core/config.h"
#include "core/lang.h"
#include "db/db.h"

struct app;
struct arena;

/* mail_enqueue for a message that carries a one-time secret (a reset or
 * unlock link): its body is emptied in the outbox as soon as it is sent, so
 * the secret lives only in the recipient's mailbox (security.md R-LOG-1). */
enum db_rc mail_enqueue_secret(struct db *db, long long user_id, const char *to, enum lang lang,
                               const char *subject, const char *body);

/* 1 if s is an address mail_enqueue accepts: the one rule for every form
 * that takes an e-mail address (printable ASCII, one '@', ...). */
int mail_addr_valid(const char *s);

/*
 * Split from (the mail_from setting, "Name <addr>" or "addr") into a display name (may be "") and
 * an address, both allocated in a. 0, or -1 when it is not of that form or the address is not plain
 * (mail_addr_ok).
 */
int mail_parse_from(struct arena *a, const char *from, const char **name, const char **addr);

/* Limits on what is queued (bytes); longer values are DB_ERROR, never cut. */
#define MAIL_TO_MAX      254
#define MAIL_SUBJECT_MAX 255
#define MAIL_BODY_MAX    65535

/*
 * Queue an e-mail (already rendered in the recipient's language; plain text,
 * UTF-8, lines ending in \n) in the outbox table, in the caller's transaction
 * if one is open. user_id 0 = none. A to that is not a single plain address
 * (no CR, LF, '<', '>', ',', or spaces) or a subject with control characters
 * is DB_ERROR: header injection is impossible.
 */
enum db_rc mail_enqueue(struct db *db, long long user_id, const char *to, enum lang lang,
                        const char *subject, const char *body);

#define MAIL_UNSUBSCRIBE_MAX 300 /* bytes of a List-Unsubscribe URL (outbox.list_unsubscribe) */

/*
 * mail_enqueue for a mail someone may stop with one click (RFC 8058): it
 * carries "List-Unsubscribe: <unsubscribe>" and "List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click". unsubscribe is an https URL (or http, for a
 * development server; printable ASCII
 * without spaces, brackets, quotes or commas, at most MAIL_UNSUBSCRIBE_MAX
 * bytes; else DB_ERROR) that takes a POST without a CSRF token.
 */
enum db_rc mail_enqueue_list(struct db *db, long long user_id, const char *to, enum lang lang,
                             const char *subject, const char *body, const char *unsubscribe);

/*
 * mail_enqueue with a calendar invitation: calendar (an iCalendar object,
 * UTF-8, CRLF lines, at most MAIL_BODY_MAX bytes) goes beside the text as a
 * "text/calendar; method=<method>" part of a multipart/alternative message,
 * so mail programs offer to add, move or remove the entry. method is the
 * iTIP method the calendar's METHOD says: "REQUEST" or "CANCEL" (anything
 * else is DB_ERROR).
 */
enum db_rc mail_enqueue_calendar(struct db *db, long long user_id, const char *to, enum lang lang,
                                 const char *subject, const char *body, const char *method,
                                 const char *calendar);

/*
 * Deliver up to n pending messages (oldest first; a message that failed 10
 * times is left alone, its last_error kept): when cfg->smtp_url is empty,
 * write each as an RFC 5322 .eml file (From: cfg->mail_from, To, Subject
 * RFC 2047-encoded UTF-8, Date, Message-ID, MIME-Version, Content-Type:
 * text/plain; charset=utf-8, Content-Transfer-Encoding: 8bit (quoted-printable
 * only when a line is longer than 998 bytes) -- or, with a calendar,
 * multipart/alternative of that text and the text/calendar part -- Content-Language: cy|en, CRLF
 * line ends) into cfg->mail_dir as "<id>.eml" (mkdir -p; written to a hidden
 * temporary name then renamed, so a reader never sees half a file); with
 * smtp_url set, send via libcurl SMTP (TLS required unless the host is
 * localhost). Each message is claimed in its own transaction (FOR UPDATE SKIP
 * LOCKED): servers sharing the database never send one twice at once; delivery
 * is at least once. Marks sent_at; on failure attempts++ and last_error.
 * Returns the number delivered, or -1 when the database failed before any was.
 * db must not be in a transaction.
 */
int mail_deliver_pending(struct db *db, const struct config *cfg, int n);

/* Other work the worker does each round, before it delivers (main.c names
 * it: expiring the offers of places, ...): called with the worker's own db,
 * never in a transaction, so mail it queues goes out in the same round. */
typedef void (*mail_task_fn)(const struct app *app, struct db *db);

/*
 * A background thread in `dysgu serve` that runs tasks (NULL-terminated, may
 * be NULL) and delivers every 500 ms (less often while delivery fails) with
 * its own db connection (db_new with the app's params; db_thread_end at
 * exit). app and tasks must outlive mail_worker_stop(). 0, or -1 if the
 * thread could not start (or one is already running).
 */
int mail_worker_start_with(const struct app *app, const mail_task_fn *tasks);

/* mail_worker_start_with(app, NULL): delivery alone. */
int mail_worker_start(const struct app *app);

/* Stop the worker cleanly (finishing the message in hand) and wait for it;
 * a no-op when none runs. */
void mail_worker_stop(void);
