/*
 * E-mail to account holders, always in the language they chose (the Welsh
 * Language Standards treat e-mail as correspondence: DESIGN.md "Bilingual
 * rules"), never in the language of the page that caused it.
 */
#include <stdarg.h>

#include "accounts/accounts.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "mail/mail.h"
#include "view/i18n.h"

static enum db_rc vnotify(struct req *r, const struct account *a, int secret, const char *kind,
                          va_list ap)
{
    const struct i18n *t = r->app->i18n;
    const char *site = arena_printf(r->arena, "%s/%s/", r->app->cfg->base_url, lang_code(a->lang));
    const char *subject, *body;

    subject = i18n_text(t, a->lang, arena_printf(r->arena, "mail.%s.subject", kind));
    body = i18n_vformat(r->arena,
                        i18n_text(t, a->lang, arena_printf(r->arena, "mail.%s.body", kind)), ap);
    body = arena_printf(r->arena, "%s\n\n-- \n%s\n", body, i18n_text(t, a->lang, "mail.signature"));
    body = i18n_format(r->arena, body, "site_url", site, NULL);
    /* the name last: what a person typed is inserted, never scanned for placeholders */
    body = i18n_format(r->arena, body, "name", a->name, NULL);
    return (secret ? mail_enqueue_secret : mail_enqueue)(r->db, a->id, a->email, a->lang, subject,
                                                         body);
}

enum db_rc account_notify(struct req *r, const struct account *a, const char *kind, ...)
{
    va_list ap;
    enum db_rc rc;

    va_start(ap, kind);
    rc = vnotify(r, a, 0, kind, ap);
    va_end(ap);
    return rc;
}

enum db_rc account_notify_secret(struct req *r, const struct account *a, const char *kind, ...)
{
    va_list ap;
    enum db_rc rc;

    va_start(ap, kind);
    rc = vnotify(r, a, 1, kind, ap);
    va_end(ap);
    return rc;
}
