/*
 * The e-mail to a person given a seat from the waiting list: always in the
 * language they chose (users.lang), never the language of the page whose
 * cancellation freed the seat (DESIGN.md "Bilingual rules").
 */
#include <string.h>

#include "core/arena.h"
#include "enrol/enrol.h"
#include "http/app.h"
#include "http/req.h"
#include "mail/mail.h"
#include "view/i18n.h"

enum db_rc enrol_notify_promoted(void *ctx, const struct enrol_promotion *p)
{
    struct req *r = ctx;
    const struct i18n *t = r->app->i18n;
    const char *base = r->app->cfg->base_url;
    enum lang l = p->lang;
    const char *title = p->title[l];
    const char *subject, *body;

    subject = i18n_format(r->arena, i18n_text(t, l, "enrol.mail.promoted.subject"), "course", title,
                          NULL);
    if (strlen(subject) > MAIL_SUBJECT_MAX) /* a very long title: the subject goes without it */
        subject = i18n_text(t, l, "enrol.mail.promoted.subject_short");
    body = arena_printf(r->arena, "%s\n\n-- \n%s\n", i18n_text(t, l, "enrol.mail.promoted.body"),
                        i18n_text(t, l, "mail.signature"));
    /* one pass: what a person typed (name, title) is inserted, never scanned */
    body = i18n_format(r->arena, body, "name", p->name, "course", title, "cohort",
                       enrol_cohort_text(r->arena, t, l, p->starts_at, p->ends_at, p->location[l]),
                       "course_url",
                       arena_printf(r->arena, "%s/%s/courses/%s", base, lang_code(l), p->slug),
                       "site_url", arena_printf(r->arena, "%s/%s/", base, lang_code(l)), NULL);
    return mail_enqueue(r->db, p->user_id, p->email, l, subject, body);
}
