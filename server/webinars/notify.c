/*
 * The e-mails about a webinar registration: registered, on the waiting list,
 * a seat offered, an offer run out, a seat confirmed, a registration
 * cancelled. Always in the language the person chose (users.lang), queued in
 * the transaction that made the change, so the e-mail goes if and only if
 * the change stays. The sweeper that expires offers is here too.
 */
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/app.h"
#include "mail/mail.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

static const char *const mail_name[] = {
    [WEBINAR_NEWS_REGISTERED] = "registered",
    [WEBINAR_NEWS_WAITLISTED] = "waitlisted",
    [WEBINAR_NEWS_OFFERED] = "offered",
    [WEBINAR_NEWS_LAPSED] = "lapsed",
    [WEBINAR_NEWS_ACCEPTED] = "accepted",
    [WEBINAR_NEWS_CANCELLED] = "cancelled",
    [WEBINAR_NEWS_WEBINAR_CANCELLED] = "webinar_cancelled",
    [WEBINAR_NEWS_REMINDER] = "reminder",
    [WEBINAR_NEWS_CHANGED] = "changed",
};

/* What calendar part each e-mail carries: 'R' REQUEST, 'C' CANCEL, 0 none. */
static const char invitation[] = {
    [WEBINAR_NEWS_REGISTERED] = 'R',        [WEBINAR_NEWS_ACCEPTED] = 'R',
    [WEBINAR_NEWS_CHANGED] = 'R',           [WEBINAR_NEWS_CANCELLED] = 'C',
    [WEBINAR_NEWS_WEBINAR_CANCELLED] = 'C',
};

static const char *const sql_who =
    "SELECT u.id, u.name, u.email, u.lang, w.id, w.slug, w.title_cy, w.title_en, w.summary_cy, "
    "w.summary_en, w.starts_at, w.duration_min, w.cancelled, w.sequence + r.ics_sequence, "
    "r.offer_expires_at, w.speaker FROM webinar_registrations r JOIN users u ON u.id = r.user_id "
    "JOIN webinars w ON w.id = r.webinar_id WHERE r.id = ?";

struct who {
    long long user_id;
    char *name, *email, *lang;
    struct webinar w; /* what its calendar entry shows */
    time_t offer_expires_at;
};

/* The invitation (or cancellation) of w for the person, or NULL (logged)
 * when it cannot be made. */
static const char *invite(const struct webinar_mailer *m, const struct who *w, enum lang l,
                          int cancel)
{
    const struct webinar_ics c = { m->app->cfg->base_url, l, time(NULL),
                                   i18n_text(m->app->i18n, l, "webinars.speakers_heading") };
    struct webinar_invitee who = { "", NULL, w->name, w->email };
    const char *text = NULL;

    if (mail_parse_from(m->arena, m->app->cfg->mail_from, &who.organizer_name,
                        &who.organizer_addr) == 0)
        text = webinar_ics_invite(m->arena, &c, &w->w, &who, w->w.sequence, cancel);
    if (!text)
        log_error("webinar %lld: cannot make the calendar invitation", w->w.id);
    return text;
}

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
    const char *name = mail_name[news], *subject, *body, *calendar;
    struct db_stmt *st = NULL;
    struct who w;
    enum lang l;
    enum db_rc rc = db_query(db, &st, sql_who, "l", reg_id);

    memset(&w, 0, sizeof(w));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lssslssssstibits", &w.user_id, &w.name, &w.email, &w.lang, &w.w.id,
                     &w.w.slug, &w.w.title[LANG_CY], &w.w.title[LANG_EN], &w.w.summary[LANG_CY],
                     &w.w.summary[LANG_EN], &w.w.starts_at, &w.w.duration_min, &w.w.cancelled,
                     &w.w.sequence, &w.offer_expires_at, &w.w.speaker);
    db_done(st);
    if (rc != DB_OK)
        return rc;
    l = w.lang && !strcmp(w.lang, "en") ? LANG_EN : LANG_CY;
    subject = i18n_format(a, i18n_text(t, l, arena_printf(a, "webinars.mail.%s.subject", name)),
                          "webinar", w.w.title[l], NULL);
    if (strlen(subject) > MAIL_SUBJECT_MAX) /* a very long title: the subject goes without it */
        subject = i18n_text(t, l, arena_printf(a, "webinars.mail.%s.subject_short", name));
    body = arena_printf(a, "%s\n\n-- \n%s\n",
                        i18n_text(t, l, arena_printf(a, "webinars.mail.%s.body", name)),
                        i18n_text(t, l, "mail.signature"));
    /* one pass: what a person typed (name, title) is inserted, never scanned */
    body = i18n_format(
        a, body, "name", w.name, "webinar", w.w.title[l], "when",
        when_in_text(a, t, l, w.w.starts_at), "deadline",
        w.offer_expires_at ? when_in_text(a, t, l, w.offer_expires_at) : "", "url",
        arena_printf(a, "%s/%s/webinars/%s", m->app->cfg->base_url, lang_code(l), w.w.slug), NULL);
    if (!invitation[news])
        return mail_enqueue(db, w.user_id, w.email, l, subject, body);
    calendar = invite(m, &w, l, invitation[news] == 'C');
    if (!calendar)
        return DB_ERROR;
    return mail_enqueue_calendar(db, w.user_id, w.email, l, subject, body,
                                 invitation[news] == 'C' ? "CANCEL" : "REQUEST", calendar);
}

void webinar_sweep(const struct app *app, struct db *db)
{
    struct arena a;
    struct webinar_mailer m = { .app = app, .arena = &a };
    int n = 0;
    enum db_rc rc;

    arena_init(&a, 0);
    rc = webinar_store_expire(db, &m, WEBINAR_SWEEP_BATCH, &n);
    /* offers lapsed and passed on: their people's pages; a round that moved
     * nothing leaves every kept webinar page be (the webinars' generation) */
    if (n || m.n_moved)
        webinar_writes_touch(db, &m, 0);
    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("expiring the offers of webinar seats: %s", db_rc_name(rc));
    if (rc == DB_OK)
        rc = webinar_store_remind(db, &m, WEBINAR_SWEEP_BATCH, &n);
    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("queueing webinar reminders: %s", db_rc_name(rc));
    arena_release(&a);
}
