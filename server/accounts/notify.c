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

enum db_rc account_notify(struct req *r, const struct account *a, const char *kind, ...)
{
    const struct i18n *t = r->app->i18n;
    const char *site = arena_printf(r->arena, "%s/%s/", r->app->cfg->base_url, lang_code(a->lang));
    const char *subject, *body;
    va_list ap;

    subject = i18n_text(t, a->lang, arena_printf(r->arena, "mail.%s.subject", kind));
    va_start(ap, kind);
    body = i18n_vformat(r->arena,
                        i18n_text(t, a->lang, arena_printf(r->arena, "mail.%s.body", kind)), ap);
    va_end(ap);
    body = arena_printf(r->arena, "%s\n\n-- \n%s\n", body, i18n_text(t, a->lang, "mail.signature"));
    body = i18n_format(r->arena, body, "site_url", site, NULL);
    /* the name last: what a person typed is inserted, never scanned for placeholders */
    body = i18n_format(r->arena, body, "name", a->name, NULL);
    return mail_enqueue(r->db, a->id, a->email, a->lang, subject, body);
}
