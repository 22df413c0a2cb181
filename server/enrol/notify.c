/*
 * The e-mails about a place on a cohort (a seat given from the waiting list,
 * offered, or an offer run out): always in the language the person chose
 * (users.lang), never the language of the page whose action freed the seat
 * (DESIGN.md "Bilingual rules"). Queued in the transaction that changed the
 * place, so the e-mail goes if and only if the change stays.
 */
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "enrol/enrol.h"
#include "http/app.h"
#include "mail/mail.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* The catalogue keys of each e-mail: enrol.mail.<name>.subject ... */
static const char *const mail_name[] = {
    [ENROL_NEWS_PROMOTED] = "promoted",
    [ENROL_NEWS_OFFERED] = "offered",
    [ENROL_NEWS_LAPSED] = "lapsed",
};

/* "dydd Mawrth 3 Chwefror 2027 am 10:00": when an offer ends, in l, inside a
 * sentence ("Atebwch erbyn …"). */
const char *enrol_offer_deadline(struct arena *a, const struct i18n *t, enum lang l, time_t when)
{
    return i18n_format(a, i18n_text(t, l, "enrol.offer_deadline"), "date",
                       datefmt_weekday_date_in_text(a, t, l, when), "time", datefmt_time(a, when),
                       NULL);
}

enum db_rc enrol_notify(void *ctx, struct db *db, const struct enrol_promotion *p)
{
    const struct enrol_mailer *m = ctx;
    const struct i18n *t = m->app->i18n;
    const char *base = m->app->cfg->base_url, *name = mail_name[p->news];
    struct arena *a = m->arena;
    enum lang l = p->lang;
    const char *title = p->title[l];
    const char *subject, *body;

    subject = i18n_format(a, i18n_text(t, l, arena_printf(a, "enrol.mail.%s.subject", name)),
                          "course", title, NULL);
    if (strlen(subject) > MAIL_SUBJECT_MAX) /* a very long title: the subject goes without it */
        subject = i18n_text(t, l, arena_printf(a, "enrol.mail.%s.subject_short", name));
    body = arena_printf(a, "%s\n\n-- \n%s\n",
                        i18n_text(t, l, arena_printf(a, "enrol.mail.%s.body", name)),
                        i18n_text(t, l, "mail.signature"));
    /* one pass: what a person typed (name, title) is inserted, never scanned */
    body = i18n_format(
        a, body, "name", p->name, "course", title, "cohort",
        enrol_cohort_text(a, t, l, p->starts_at, p->ends_at, p->location[l]), "deadline",
        p->offer_expires_at ? enrol_offer_deadline(a, t, l, p->offer_expires_at) : "", "course_url",
        arena_printf(a, "%s/%s/courses/%s", base, lang_code(l), p->slug), "site_url",
        arena_printf(a, "%s/%s/", base, lang_code(l)), NULL);
    return mail_enqueue(db, p->user_id, p->email, l, subject, body);
}

void enrol_sweep(const struct app *app, struct db *db)
{
    struct arena a;
    struct enrol_mailer m = { app, &a };
    int n = 0;
    enum db_rc rc;

    arena_init(&a, 0);
    rc = enrol_store_expire_offers(db, ENROL_SWEEP_BATCH, enrol_notify, &m, &n);
    /* the database layer has said so already when it is away */
    if (rc != DB_OK && rc != DB_UNAVAILABLE)
        log_warn("expiring the offers of places: %s", db_rc_name(rc));
    arena_release(&a);
}
