/*
 * trainer message: an e-mail to every learner of a cohort, or only to those
 * at risk, each in their own language (the trainer writes both versions, or
 * marks one language as the only one), queued through the outbox in the
 * same transaction as the record shown on the cohort's page. Audited:
 * cohort_messaged (detail "cohort N: K").
 */
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer_impl.h"
#include "view/i18n.h"

/* The form page's view model, as typed in. */
static json_t *form_vm(struct req *r, const struct trainer_cohort *c,
                       const struct trainer_message_form *in, const struct page_errors *err)
{
    const char *cohort_path = arena_printf(r->arena, "/trainer/cohorts/%lld", c->id);
    const struct page_crumb crumbs[2] = { { "/trainer/cohorts", "trainer.cohorts.title", NULL },
                                          { cohort_path, NULL, trainer_cohort_name(r, c) } };
    struct page_form form;
    json_t *vm = page_vm(r, "trainer.message.title");

    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 2));
    json_object_set_new(vm, "cohort", trainer_vm_cohort(r, c));
    json_object_set_new(
        vm, "action",
        json_string(arena_printf(r->arena, "/%s%s/message", lang_code(r->lang), cohort_path)));
    page_form_init(&form, r, err);
    trainer_vm_message_form(&form, in, c);
    page_form_vm(&form, vm);
    return vm;
}

static int form_page(struct req *r, const struct trainer_cohort *c,
                     const struct trainer_message_form *in, const struct page_errors *err)
{
    return page_render(r, "trainer/message", form_vm(r, c, in, err));
}

/* page_kept_shared()'s build: the blank form (its audiences counted), the
 * same for every trainer of the cohort and every admin. */
static int build_blank(struct req *r, json_t **vm, const char **name)
{
    static const struct trainer_message_form blank = { "all", "both", { "", "" }, { "", "" } };
    struct trainer_cohort c;
    int st = trainer_cohort_known(r, 0, &c);

    *name = "trainer/message";
    if (!st)
        *vm = form_vm(r, &c, &blank, NULL);
    return st;
}

/* GET /{lang}/trainer/cohorts/{id}/message — the form, rendered once for
 * all who may see it (trainer_page_cohort_kept()). 200; 404 for a cohort
 * the reader does not run; 503. */
int trainer_page_message(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64);

    return trainer_page_cohort_kept(r, &kept, build_blank);
}

/* The e-mail's body in l: the text as typed, then the signature (the typed
 * text is never scanned for placeholders). */
static const char *mail_body(struct req *r, enum lang l, const char *text)
{
    const struct i18n *t = r->app->i18n;
    const char *site = arena_printf(r->arena, "%s/%s/", r->app->cfg->base_url, lang_code(l));
    const char *sig =
        i18n_format(r->arena, i18n_text(t, l, "mail.signature"), "site_url", site, NULL);

    return arena_printf(r->arena, "%s\n\n-- \n%s\n", text, sig);
}

/*
 * POST /{lang}/trainer/cohorts/{id}/message — audience (all, at_risk), only
 * (both, cy, en), subject_cy, body_cy, subject_en, body_en. 303 to the
 * cohort (?done=messaged); 400 with the form, what was typed and its
 * problems (nobody to send it to is one), nothing sent; 404; 503.
 */
int trainer_page_message_send(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct trainer_message_form in;
    struct trainer_message m;
    struct trainer_cohort c;
    long long sent = 0;
    int st = trainer_cohort_for(r, &c), l;
    enum db_rc rc;

    if (st)
        return st;
    trainer_form_message(r, &in, &m, &err);
    if (page_errors_any(&err))
        return form_page(r, &c, &in, &err);
    for (l = 0; l < 2; l++)
        m.mail[l] = m.subject[l] ? mail_body(r, (enum lang)l, m.body[l]) : NULL;
    rc = trainer_store_message(r->db, c.id, r->user->id, &m, &sent);
    if (rc == DB_NOT_FOUND) {
        page_errors_add(&err, "audience", "trainer.message.error_nobody");
        return form_page(r, &c, &in, &err);
    }
    if (rc == DB_OK)
        rc = audit_write(r->db, "cohort_messaged", r->user->id, 0, r->client_ip,
                         arena_printf(r->arena, "cohort %lld: %lld", c.id, sent));
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, arena_printf(r->arena, "/%s/trainer/cohorts/%lld?done=messaged",
                                          lang_code(r->lang), c.id));
}
