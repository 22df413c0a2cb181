/*
 * The employer's sign-off of a progress review (migration 0044). Employers
 * have no accounts: the reviewer names the employer's contact on the review
 * form, and saving e-mails them a link holding a 256-bit token (auth/token.h;
 * only its hash is kept, on the review) that works once for
 * APPR_SIGNOFF_DAYS. The mail goes in the apprentice's language of learning
 * (both: Welsh, then English, in one mail) as a secret (the outbox forgets its
 * body once sent). The answer, the review's state and the audit entry are one
 * transaction with the review locked FOR UPDATE.
 */
#define _DEFAULT_SOURCE /* timegm */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "auth/token.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/app.h"
#include "mail/mail.h"
#include "view/datefmt.h"
#include "view/i18n.h"

const char *const appr_employer_states[APPR_EMPLOYER__N] = { "none", "waiting", "signed",
                                                             "disputed" };

enum appr_signoff_sql {
    SQL_SO_MAIL,
    SQL_SO_LINK,
    SQL_SO_GET,
    SQL_SO_LOCK,
    SQL_SO_ANSWER,
    SQL_SO__MAX,
};

static const char *const sql[SQL_SO__MAX] = {
    [SQL_SO_MAIL] = "SELECT u.name, a.lang, v.name, DATE_FORMAT(r.held_on, '%Y-%m-%d'), "
                    "r.employer_name, r.employer_email, a.user_id FROM appr_reviews r "
                    "JOIN apprentices a ON a.id = r.apprentice_id JOIN users u ON u.id = a.user_id "
                    "JOIN users v ON v.id = r.reviewer_id WHERE r.id = ?",
    [SQL_SO_LINK] = "UPDATE appr_reviews SET employer_state = 'waiting', employer_token_hash = ?, "
                    "employer_expires_at = UTC_TIMESTAMP() + INTERVAL ? DAY WHERE id = ?",
    [SQL_SO_GET] = "SELECT r.id, u.name, s.name_cy, s.name_en, o.name_cy, o.name_en, "
                   "DATE_FORMAT(r.held_on, '%Y-%m-%d'), v.name, r.notes, r.actions, "
                   "DATE_FORMAT(r.next_review_on, '%Y-%m-%d'), r.employer_name, "
                   "DATE_FORMAT(r.employer_answered_at, '%Y-%m-%d'), r.employer_reason, "
                   "r.rating + 0 - 1, r.employer_state + 0 - 1, "
                   "r.employer_expires_at <= UTC_TIMESTAMP() FROM appr_reviews r "
                   "JOIN apprentices a ON a.id = r.apprentice_id JOIN users u ON u.id = a.user_id "
                   "JOIN appr_schemes s ON s.id = a.scheme_id "
                   "JOIN organisations o ON o.id = s.employer_id "
                   "JOIN users v ON v.id = r.reviewer_id WHERE r.employer_token_hash = ?",
    [SQL_SO_LOCK] = "SELECT r.id, a.user_id, r.employer_state = 'waiting' AND "
                    "r.employer_expires_at > UTC_TIMESTAMP() FROM appr_reviews r "
                    "JOIN apprentices a ON a.id = r.apprentice_id "
                    "WHERE r.employer_token_hash = ? FOR UPDATE",
    [SQL_SO_ANSWER] = "UPDATE appr_reviews SET employer_state = ?, employer_reason = ?, "
                      "employer_answered_at = UTC_TIMESTAMP() WHERE id = ? "
                      "AND employer_state = 'waiting'",
};

/* "5 Rhagfyr 2026" from "2026-12-05": a date inside a sentence. */
static const char *date_text(const struct appr_mailer *m, enum lang l, const char *ymd)
{
    struct tm tm;
    int y, mo, d;

    if (!ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return "";
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    return datefmt_date(m->arena, m->app->i18n, l, timegm(&tm));
}

struct mail_facts {
    const char *apprentice, *lang, *reviewer, *held_on, *contact, *email, *token;
};

/* The mail's words in one language, the link under /{l}/. */
static const char *body_in(const struct appr_mailer *m, enum lang l, const struct mail_facts *f)
{
    const struct i18n *t = m->app->i18n;
    const char *link = arena_printf(m->arena, "%s/%s/employer-review/%s", m->app->cfg->base_url,
                                    lang_code(l), f->token);
    const char *days = arena_printf(m->arena, "%d", APPR_SIGNOFF_DAYS);
    const char *body =
        i18n_format(m->arena, i18n_text(t, l, "apprenticeships.signoff.mail_body"), "link", link,
                    "n", days, "date", date_text(m, l, f->held_on), "apprentice", f->apprentice,
                    "reviewer", f->reviewer, "name", f->contact, NULL);

    return arena_printf(
        m->arena, "%s\n\n-- \n%s", body,
        i18n_format(m->arena, i18n_text(t, l, "mail.signature"), "site_url",
                    arena_printf(m->arena, "%s/%s/", m->app->cfg->base_url, lang_code(l)), NULL));
}

static enum db_rc send_mail(struct db *db, const struct appr_mailer *m, const struct mail_facts *f)
{
    const struct i18n *t = m->app->i18n;
    const char *key = "apprenticeships.signoff.mail_subject";
    enum lang l = !strcmp(f->lang, "en") ? LANG_EN : LANG_CY;
    const char *subject = i18n_text(t, l, key), *body = body_in(m, l, f);

    if (!strcmp(f->lang, "both")) {
        subject = arena_printf(m->arena, "%s / %s", i18n_text(t, LANG_CY, key),
                               i18n_text(t, LANG_EN, key));
        body = arena_printf(m->arena, "%s\n\n%s\n\n%s",
                            i18n_text(t, LANG_CY, "apprenticeships.signoff.mail_english_below"),
                            body, body_in(m, LANG_EN, f));
    }
    return mail_enqueue_secret(db, 0, f->email, l, subject, body);
}

enum db_rc appr_signoff_send(struct db *db, const struct appr_mailer *m, long long review,
                             long long viewer, const char *ip)
{
    char tok[TOKEN_TEXT_LEN + 1], hash[TOKEN_HASH_HEX + 1], detail[96];
    struct db_stmt *st = NULL;
    struct mail_facts f;
    long long subject = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SO_MAIL], "l", review);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, m->arena, "ssssssl", &f.apprentice, &f.lang, &f.reviewer, &f.held_on,
                     &f.contact, &f.email, &subject);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    token_new(tok, hash);
    f.token = tok;
    rc = db_exec(db, sql[SQL_SO_LINK], "sil", hash, APPR_SIGNOFF_DAYS, review);
    if (rc == DB_OK)
        rc = send_mail(db, m, &f);
    sodium_memzero(tok, sizeof(tok));
    snprintf(detail, sizeof(detail), "review=%lld link to the employer's contact, %d days", review,
             APPR_SIGNOFF_DAYS);
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_review_employer_sent", viewer, subject, ip, detail);
    return rc;
}

enum db_rc appr_store_signoff_get(struct db *db, struct arena *a, const char *hash,
                                  struct appr_signoff *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_SO_GET], "s", hash);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lsssssssssssssiib", &out->review_id, &out->apprentice, &out->scheme[0],
                     &out->scheme[1], &out->employer[0], &out->employer[1], &out->held_on,
                     &out->reviewer, &out->notes, &out->actions, &out->next_on, &out->contact,
                     &out->answered_on, &out->reason, &out->rating, &out->state, &out->expired);
    db_done(st);
    return rc;
}

static enum db_rc answer(struct db *db, const char *hash, int agree, const char *reason,
                         const char *ip)
{
    struct db_stmt *st = NULL;
    char detail[64];
    long long review = 0, subject = 0;
    int open = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_SO_LOCK], "s", hash);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "llb", &review, &subject, &open);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    if (!open)
        return DB_CONFLICT;
    rc = db_exec(db, sql[SQL_SO_ANSWER], "ssl",
                 appr_employer_states[agree ? APPR_EMPLOYER_SIGNED : APPR_EMPLOYER_DISPUTED],
                 agree ? "" : reason, review);
    if (rc == DB_OK && db_affected_rows(db) != 1)
        rc = DB_CONFLICT;
    snprintf(detail, sizeof(detail), "review=%lld %s", review, agree ? "signed" : "disputed");
    if (rc == DB_OK)
        rc = audit_write(db, "apprentice_review_employer_answered", 0, subject, ip, detail);
    return rc;
}

enum db_rc appr_store_signoff_answer(struct db *db, const char *hash, int agree, const char *reason,
                                     const char *ip)
{
    enum db_rc rc = db_begin(db);

    if (rc == DB_OK)
        rc = answer(db, hash, agree, reason, ip);
    if (rc == DB_OK)
        return appr_commit(db);
    db_rollback(db);
    return rc;
}
