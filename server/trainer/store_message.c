/*
 * trainer store, messages to a cohort: the e-mails go into the outbox
 * (mail/) in the same transaction as the record of what was sent, so a
 * record exists if and only if its e-mails were queued.
 */
#include <string.h>

#include "core/arena.h"
#include "mail/mail.h"
#include "trainer/trainer_impl.h"

static const char sql_record[] =
    "INSERT INTO cohort_messages (cohort_id, sent_by, audience, subject_cy, subject_en, body_cy, "
    "body_en, recipients, sent_at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";

struct message_unit {
    long long cohort_id, by;
    const struct trainer_message *m;
    long long *sent;
};

struct person {
    long long id;
    char *email, *lang;
};

/* The language of the e-mail to someone who reads lang. */
static enum lang pick(const struct trainer_message *m, const char *lang)
{
    enum lang l = lang && !strcmp(lang, "en") ? LANG_EN : LANG_CY;

    return m->subject[l] ? l : (enum lang)(1 - l);
}

/* Every recipient (read before any other statement runs); DB_NOT_FOUND for
 * none. */
static enum db_rc people(struct db *db, struct arena *a, const struct message_unit *u,
                         struct person **out, size_t *n)
{
    struct db_stmt *st = NULL;
    size_t cap;
    enum db_rc rc =
        db_query(db, &st, trainer_sql_recipients, "li", u->cohort_id, u->m->at_risk_only ? 1 : 0);

    *n = 0;
    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(db);
    *out = arena_calloc(a, (cap ? cap : 1) * sizeof(**out));
    while (*n < cap && (rc = db_row_next(st, a, "lss", &(*out)[*n].id, &(*out)[*n].email,
                                         &(*out)[*n].lang)) == DB_OK)
        (*n)++;
    db_done(st);
    if (rc == DB_OK || rc == DB_NOT_FOUND)
        rc = *n ? DB_OK : DB_NOT_FOUND;
    return rc;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static enum db_rc message_once(struct db *db, void *arg)
{
    const struct message_unit *u = arg;
    const struct trainer_message *m = u->m;
    struct person *v = NULL;
    struct arena a;
    size_t n = 0, i;
    enum db_rc rc = db_begin(db);

    *u->sent = 0;
    if (rc != DB_OK)
        return rc;
    arena_init(&a, 0);
    rc = people(db, &a, u, &v, &n);
    for (i = 0; rc == DB_OK && i < n; i++) {
        enum lang l = pick(m, v[i].lang);

        rc = mail_enqueue(db, v[i].id, v[i].email, l, m->subject[l], m->mail[l]);
    }
    if (rc == DB_OK)
        rc = db_exec(db, sql_record, "llsssssl", u->cohort_id, u->by,
                     m->at_risk_only ? "at_risk" : "all", or_empty(m->subject[LANG_CY]),
                     or_empty(m->subject[LANG_EN]), or_empty(m->body[LANG_CY]),
                     or_empty(m->body[LANG_EN]), (long long)n);
    arena_release(&a);
    if (rc == DB_OK) {
        *u->sent = (long long)n;
        return db_commit(db);
    }
    db_rollback(db);
    return rc;
}

enum db_rc trainer_store_message(struct db *db, long long cohort_id, long long by,
                                 const struct trainer_message *m, long long *sent)
{
    struct message_unit u = { cohort_id, by, m, sent };
    enum db_rc rc = db_retry(db, message_once, &u);

    if (rc == DB_OK)
        trainer_cohort_changed(cohort_id); /* the messages sent, on its page */
    return rc;
}
