/*
 * The e-mails about a webinar registration: registered, on the waiting list,
 * a seat offered, an offer run out, a seat confirmed, a registration
 * cancelled. Always in the language the person chose (users.lang), queued in
 * the transaction that made the change, so the e-mail goes if and only if
 * the change stays. The sweeper that expires offers is here too.
 */
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "http/app.h"
#include "mail/mail.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars.h"

static const char *const mail_name[] = {
    [WEBINAR_NEWS_REGISTERED] = "registered",
    [WEBINAR_NEWS_WAITLISTED] = "waitlisted",
    [WEBINAR_NEWS_OFFERED] = "offered",
    [WEBINAR_NEWS_LAPSED] = "lapsed",
    [WEBINAR_NEWS_ACCEPTED] = "accepted",
    [WEBINAR_NEWS_CANCELLED] = "cancelled",
    [WEBINAR_NEWS_WEBINAR_CANCELLED] = "webinar_cancelled",
    [WEBINAR_NEWS_REMINDER] = "reminder",
};

static const char *const sql_who =
    "SELECT u.id, u.name, u.email, u.lang, w.slug, w.title_cy, w.title_en, w.starts_at, "
    "r.offer_expires_at FROM webinar_registrations r JOIN users u ON u.id = r.user_id "
    "JOIN webinars w ON w.id = r.webinar_id WHERE r.id = ?";

struct who {
    long long user_id;
    char *name, *email, *lang, *slug, *title[LANG__COUNT];
    time_t starts_at, offer_expires_at;
};

/* "dydd Mawrth 3 Chwefror 2027 am 10:00": a moment inside a sentence. */
static const char *when_in_text(struct arena *a, const struct i18n *t, enum lang l, time_t when)
{
    return i18n_format(a, i18n_text(t, l, "webinars.at_time"), "date",
                       datefmt_weekday_date_in_text(a, t, l, when), "time", datefmt_time(a, when),
                       NULL);
}

enum db_rc webinar_notify(struct db *db, const struct webinar_mailer *m, long long reg_id,
                          enum webinar_news news)
{
    const struct i18n *t = m->app->i18n;
    struct arena *a = m->arena;
    const char *name = mail_name[news], *subject, *body;
    struct db_stmt *st = NULL;
    struct who w;
    enum lang l;
    enum db_rc rc = db_query(db, &st, sql_who, "l", reg_id);

    memset(&w, 0, sizeof(w));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lssssssst", &w.user_id, &w.name, &w.email, &w.lang, &w.slug,
                     &w.title[LANG_CY], &w.title[LANG_EN], &w.starts_at, &w.offer_expires_at);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    l = w.lang && !strcmp(w.lang, "en") ? LANG_EN : LANG_CY;
    subject = i18n_format(a, i18n_text(t, l, arena_printf(a, "webinars.mail.%s.subject", name)),
                          "webinar", w.title[l], NULL);
    if (strlen(subject) > MAIL_SUBJECT_MAX) /* a very long title: the subject goes without it */
        subject = i18n_text(t, l, arena_printf(a, "webinars.mail.%s.subject_short", name));
    body = arena_printf(a, "%s\n\n-- \n%s\n",
                        i18n_text(t, l, arena_printf(a, "webinars.mail.%s.body", name)),
                        i18n_text(t, l, "mail.signature"));
    /* one pass: what a person typed (name, title) is inserted, never scanned */
    body = i18n_format(
        a, body, "name", w.name, "webinar", w.title[l], "when", when_in_text(a, t, l, w.starts_at),
        "deadline", w.offer_expires_at ? when_in_text(a, t, l, w.offer_expires_at) : "", "url",
        arena_printf(a, "%s/%s/webinars/%s", m->app->cfg->base_url, lang_code(l), w.slug), NULL);
    return mail_enqueue(db, w.user_id, w.email, l, subject, body);
}

void webinar_sweep(const struct app *app, struct db *db)
{
    struct arena a;
    struct webinar_mailer m = { app, &a };
    int n = 0;
    enum db_rc rc;

    arena_init(&a, 0);
    rc = webinar_store_expire(db, &m, WEBINAR_SWEEP_BATCH, &n);
    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("expiring the offers of webinar seats: %s", db_rc_name(rc));
    if (rc == DB_OK)
        rc = webinar_store_remind(db, &m, WEBINAR_SWEEP_BATCH, &n);
    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("queueing webinar reminders: %s", db_rc_name(rc));
    arena_release(&a);
}
