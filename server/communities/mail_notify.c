/*
 * mail_notify: e-mail of the forums' notifications, made by the outbox's
 * worker (server/main.c's tasks), never in a request. Each mail is in the
 * reader's language (users.lang) and made when it is queued, from the post
 * as it is then: a post hidden or deleted by then (or in a hidden thread)
 * is left out, its text never copied. "At once": a mail for each
 * notification, with the thread's title, who wrote, the start of the post
 * and a link (or, for the reader's own post from the review queue, that it
 * was published or not and the moderator's reason). "Daily": one mail
 * naming the notifications gathered since the last, at the digest hour
 * (digest.c). Each carries its one-click unsubscribe link (a new token).
 * The claim and the queued mail are one transaction.
 */
#include <string.h>

#include "communities/communities.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "http/app.h"
#include "mail/mail.h"
#include "view/i18n.h"

#define EXCERPT_MAX 1000 /* bytes of a post an e-mail quotes */

struct mailer {
    const struct app *app;
    struct arena *a;
    long long user_id;
};

/* The start of body as plain text: at most EXCERPT_MAX bytes, whole
 * characters, no CR or other control characters but LF and tab, "…" when
 * cut. */
static const char *excerpt(struct arena *a, const char *body)
{
    struct sbuf b;
    size_t len = strlen(body), i = 0, k;

    sbuf_init(&b, a, EXCERPT_MAX + 8);
    while (i < len && b.len < EXCERPT_MAX) {
        k = utf8_seq_len(body + i, len - i);
        if (!k) { /* not UTF-8: stop here */
            break;
        } else if (k > 1) {
            sbuf_add(&b, body + i, k);
        } else if ((unsigned char)body[i] >= 0x20 && body[i] != 0x7f) {
            sbuf_addc(&b, body[i]);
        } else if (body[i] == '\n' || body[i] == '\t') {
            sbuf_addc(&b, body[i]);
        }
        i += k;
    }
    while (b.len && (b.buf[b.len - 1] == '\n' || b.buf[b.len - 1] == ' '))
        b.len--;
    if (i < len)
        sbuf_adds(&b, "…");
    sbuf_addc(&b, '\0');
    return sbuf_failed(&b) ? "" : b.buf;
}

static const char *post_url(const struct mailer *m, enum lang l, const struct forum_mail_item *it)
{
    return arena_printf(m->a, "%s/%s/threads/%lld?before=%lld#post-%lld", m->app->cfg->base_url,
                        lang_code(l), it->thread_id, it->post_id + 1, it->post_id);
}

/* The key of what an item says: who wrote, or what became of the reader's
 * own post (its placeholders {name} and {thread}). */
static const char *item_key(const struct forum_mail_item *it)
{
    if (it->review == FORUM_NOTICE_PUBLISHED)
        return "communities.reviewed.mail_published";
    if (it->review == FORUM_NOTICE_REJECTED)
        return "communities.reviewed.mail_rejected";
    return it->mention ? "communities.mail.mentioned" : "communities.mail.wrote";
}

/* The body's end: why this mail came (why_key), where to choose, the
 * signature. */
static const char *footer(const struct mailer *m, enum lang l, const char *why_key)
{
    const struct i18n *t = m->app->i18n;
    const char *base = m->app->cfg->base_url;

    return i18n_format(m->a,
                       arena_printf(m->a, "%s\n\n-- \n%s\n", i18n_text(t, l, why_key),
                                    i18n_text(t, l, "mail.signature")),
                       "url",
                       arena_printf(m->a, "%s/%s/notifications/settings", base, lang_code(l)),
                       "site_url", arena_printf(m->a, "%s/%s/", base, lang_code(l)), NULL);
}

/* Queue a mail to the reader with its one-click unsubscribe link (a new
 * token, in the same transaction). */
static enum db_rc queue(struct db *db, const struct mailer *m, const struct forum_mail_reader *rd,
                        enum lang l, const char *subject, const char *body)
{
    char token[FORUM_UNSUB_TOKEN_LEN + 1];
    enum db_rc rc = forum_store_unsub_token(db, rd->id, token);

    if (rc != DB_OK)
        return rc;
    rc = mail_enqueue_list(db, rd->id, rd->email, l, subject, body,
                           arena_printf(m->a, "%s/%s/notifications/unsubscribe/%s",
                                        m->app->cfg->base_url, lang_code(l), token));

    if (rc == DB_ERROR) { /* refused (the address): the notification stays on the site */
        log_warn("forum e-mail to user %lld not queued", rd->id);
        rc = DB_OK;
    }
    return rc;
}

static enum db_rc mail_now(struct db *db, const struct mailer *m,
                           const struct forum_mail_reader *rd, enum lang l,
                           const struct forum_mail_item *it)
{
    const struct i18n *t = m->app->i18n;
    const char *subject, *body;

    subject = i18n_format(m->a, i18n_text(t, l, item_key(it)), "name", it->author, "thread",
                          it->title, NULL);
    if (strlen(subject) > MAIL_SUBJECT_MAX || strpbrk(subject, "\r\n\t"))
        subject = i18n_text(t, l,
                            it->review ? "communities.reviewed.subject_short"
                                       : "communities.mail.subject_short");
    if (it->review == FORUM_NOTICE_REJECTED)
        body = arena_printf(m->a, "%s\n\n%s\n{reason}\n\n%s\n{url}\n\n%s",
                            i18n_text(t, l, item_key(it)),
                            i18n_text(t, l, "communities.reviewed.mail_reason"),
                            i18n_text(t, l, "communities.reviewed.mail_see"),
                            footer(m, l, "communities.reviewed.mail_why"));
    else if (it->review == FORUM_NOTICE_PUBLISHED)
        body = arena_printf(m->a, "%s\n\n%s\n{url}\n\n%s", i18n_text(t, l, item_key(it)),
                            i18n_text(t, l, "communities.reviewed.mail_see"),
                            footer(m, l, "communities.reviewed.mail_why"));
    else
        body = arena_printf(m->a, "%s\n\n%s\n\n%s\n%s\n\n%s", i18n_text(t, l, item_key(it)),
                            "{text}", i18n_text(t, l, "communities.mail.read"), "{url}",
                            footer(m, l, "communities.mail.why"));
    body = i18n_format(
        m->a, body, "name", it->author, "thread", it->title, "text", excerpt(m->a, it->body),
        "reason", excerpt(m->a, it->reason ? it->reason : ""), "url", post_url(m, l, it), NULL);
    return queue(db, m, rd, l, subject, body);
}

static enum db_rc mail_digest(struct db *db, const struct mailer *m,
                              const struct forum_mail_reader *rd, enum lang l,
                              const struct forum_mail_item *v, size_t n, long long more)
{
    const struct i18n *t = m->app->i18n;
    struct sbuf b;
    size_t i, shown = 0;

    sbuf_init(&b, m->a, MAIL_BODY_MAX);
    sbuf_adds(&b, i18n_text(t, l, "communities.mail.digest_intro"));
    sbuf_adds(&b, "\n");
    for (i = 0; i < n; i++) {
        if (!v[i].body)
            continue;
        sbuf_addf(&b, "\n- %s\n  %s\n",
                  i18n_format(m->a, i18n_text(t, l, item_key(&v[i])), "name", v[i].author, "thread",
                              v[i].title, NULL),
                  post_url(m, l, &v[i]));
        shown++;
    }
    if (!shown)
        return DB_OK; /* all hidden or deleted since */
    if (more > 0)
        sbuf_addf(&b, "\n%s\n%s/%s/notifications\n",
                  i18n_pluralf(m->a, t, l, "communities.mail.digest_more", (long)more),
                  m->app->cfg->base_url, lang_code(l));
    sbuf_addf(&b, "\n%s", footer(m, l, "communities.mail.why"));
    sbuf_addc(&b, '\0');
    if (sbuf_failed(&b))
        return DB_OK;
    return queue(
        db, m, rd, l,
        i18n_pluralf(m->a, t, l, "communities.mail.digest_subject", (long)(shown + (size_t)more)),
        b.buf);
}

/* One reader's round: claim and queue in one transaction (db_retry's unit). */
static enum db_rc mail_reader(struct db *db, void *ctx)
{
    const struct mailer *m = ctx;
    struct forum_mail_reader rd;
    struct forum_mail_item *v;
    long long more;
    size_t n, i;
    enum lang l;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = forum_store_mail_claim(db, m->a, m->user_id, &rd, &v, &n, &more);
    l = rc == DB_OK && rd.lang && !strcmp(rd.lang, "en") ? LANG_EN : LANG_CY;
    if (rc == DB_OK && rd.mail == FORUM_MAIL_DAILY)
        rc = mail_digest(db, m, &rd, l, v, n, more);
    for (i = 0; rc == DB_OK && rd.mail == FORUM_MAIL_NOW && i < n; i++)
        if (v[i].body)
            rc = mail_now(db, m, &rd, l, &v[i]);
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

void forum_mail_sweep(const struct app *app, struct db *db)
{
    long long users[FORUM_MAIL_BATCH];
    struct arena a;
    struct mailer m = { app, &a, 0 };
    size_t n, i;
    enum db_rc rc = forum_store_mail_due(db, users, FORUM_MAIL_BATCH, &n);

    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("reading the forums' notifications due by e-mail: %s", db_rc_name(rc));
    arena_init(&a, 0);
    for (i = 0; rc == DB_OK && i < n; i++) {
        m.user_id = users[i];
        rc = db_retry(db, mail_reader, &m);
        if (rc == DB_NOT_FOUND) /* nothing due any more, or another worker has it */
            rc = DB_OK;
        if (rc != DB_OK && rc != DB_UNAVAILABLE)
            log_warn("e-mailing forum notifications to user %lld: %s", users[i], db_rc_name(rc));
        arena_reset(&a);
    }
    arena_release(&a);
    if (rc == DB_OK && forum_store_unsub_purge(db) != DB_OK)
        log_warn("dropping old forum unsubscribe tokens failed");
}
