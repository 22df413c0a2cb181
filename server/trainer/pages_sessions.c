/*
 * trainer session pages (GUARD_TRAINER; the cohort found for the reader, so
 * a trainer edits only their own cohorts' sessions, an admin any): add a
 * session, change one, cancel one. Audited: session_added, session_changed,
 * session_cancelled (detail "cohort N session M").
 */
#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "trainer/trainer_impl.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* The form page's view model: a new session (s NULL) or session s, as
 * typed in. */
static json_t *form_vm(struct req *r, const struct trainer_cohort *c,
                       const struct trainer_session *s, const struct trainer_session_form *in,
                       const struct page_errors *err)
{
    const char *cohort_path = arena_printf(r->arena, "/trainer/cohorts/%lld", c->id);
    const struct page_crumb crumbs[2] = { { "/trainer/cohorts", "trainer.cohorts.title", NULL },
                                          { cohort_path, NULL, trainer_cohort_name(r, c) } };
    const char *action =
        s ? arena_printf(r->arena, "/%s%s/sessions/%lld/edit", lang_code(r->lang), cohort_path,
                         s->id)
          : arena_printf(r->arena, "/%s%s/new-session", lang_code(r->lang), cohort_path);
    struct page_form form;
    json_t *vm = page_vm(r, s ? "trainer.sessions.edit_title" : "trainer.sessions.new_title");

    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 2));
    json_object_set_new(vm, "cohort", trainer_vm_cohort(r, c));
    json_object_set_new(vm, "action", json_string(action));
    json_object_set_new(vm, "editing", json_boolean(s != NULL));
    json_object_set_new(vm, "cancelled", json_boolean(s && s->cancelled));
    json_object_set_new(vm, "cancel_action",
                        s ? json_string(arena_printf(r->arena, "/%s%s/sessions/%lld/cancel",
                                                     lang_code(r->lang), cohort_path, s->id))
                          : json_null());
    page_form_init(&form, r, err);
    trainer_vm_session_form(&form, in);
    page_form_vm(&form, vm);
    return vm;
}

/* The form page: a new session (s NULL) or session s, as typed in. */
static int form_page(struct req *r, const struct trainer_cohort *c, const struct trainer_session *s,
                     const struct trainer_session_form *in, const struct page_errors *err)
{
    return page_render(r, "trainer/session-form", form_vm(r, c, s, in, err));
}

/* The cohort {id} and its session {session}: 0 or 404/503. */
static int load(struct req *r, struct trainer_cohort *c, struct trainer_session *s)
{
    long long sid = page_id(r, "session");
    int st = trainer_cohort_head_for(r, c);

    if (st)
        return st;
    return sid ? page_status(trainer_store_session(r->db, r->arena, c->id, sid, s)) : 404;
}

static enum db_rc audit(struct req *r, const char *event, long long cohort, long long session)
{
    return audit_write(r->db, event, r->user->id, 0, r->client_ip,
                       arena_printf(r->arena, "cohort %lld session %lld", cohort, session));
}

/* Save the form for session_id (0: a new one): 303 to the cohort, or the
 * form again with its problems. */
static int save(struct req *r, const struct trainer_cohort *c, const struct trainer_session *s)
{
    struct page_errors err = { .n = 0 };
    struct trainer_session_form in;
    struct trainer_session_in out;
    long long id;
    enum db_rc rc;

    trainer_form_session(r, &in, &out, &err);
    if (page_errors_any(&err))
        return form_page(r, c, s, &in, &err);
    rc = trainer_store_session_save(r->db, c->id, s ? s->id : 0, &out, &id);
    if (rc == DB_OK)
        rc = audit(r, s ? "session_changed" : "session_added", c->id, id);
    if (rc != DB_OK)
        return page_status(rc);
    return resp_see_other(r, arena_printf(r->arena, "/%s/trainer/cohorts/%lld?done=%s",
                                          lang_code(r->lang), c->id, s ? "changed" : "added"));
}

/* page_kept_shared()'s build: the blank form, the same for every trainer
 * of the cohort and every admin. */
static int build_new(struct req *r, json_t **vm, const char **name)
{
    static const struct trainer_session_form blank = { "", "", "", "", "", "" };
    struct trainer_cohort c;
    int st = trainer_cohort_known(r, 1, &c);

    *name = "trainer/session-form";
    if (!st)
        *vm = form_vm(r, &c, NULL, &blank, NULL);
    return st;
}

/* GET /{lang}/trainer/cohorts/{id}/new-session — the blank form, rendered
 * once for all who may see it (trainer_page_cohort_kept()). 200; 404 for a
 * cohort the reader does not run; 503. */
int trainer_page_session_new(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64);

    return trainer_page_cohort_kept(r, &kept, build_new);
}

/*
 * POST /{lang}/trainer/cohorts/{id}/new-session — date, time, minutes,
 * place, online, lang. 303 to the cohort (?done=added); 400 with the form,
 * what was typed and its problems (nothing saved); 404 as the form; 503.
 */
int trainer_page_session_create(struct req *r)
{
    struct trainer_cohort c;
    int st = trainer_cohort_head_for(r, &c);

    return st ? st : save(r, &c, NULL);
}

/* GET /{lang}/trainer/cohorts/{id}/sessions/{session}/edit — the form as
 * stored, with a button to cancel the session. 200; 404 for a cohort the
 * reader does not run or a session not of it; 503. */
int trainer_page_session_edit(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_session s;
    struct trainer_session_form in;
    int st = load(r, &c, &s);

    if (st)
        return st;
    in = (struct trainer_session_form){ datefmt_form_date(r->arena, s.starts_at),
                                        datefmt_time(r->arena, s.starts_at),
                                        arena_printf(r->arena, "%d", s.minutes),
                                        s.place,
                                        s.online_url,
                                        s.lang };
    return form_page(r, &c, &s, &in, NULL);
}

/* POST /{lang}/trainer/cohorts/{id}/sessions/{session}/edit — as the new
 * form; 303 to the cohort (?done=changed); 400; 404 as the form; 503. */
int trainer_page_session_update(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_session s;
    int st = load(r, &c, &s);

    return st ? st : save(r, &c, &s);
}

/* POST /{lang}/trainer/cohorts/{id}/sessions/{session}/cancel — the
 * session is cancelled (kept with its marks, shown as cancelled, no longer
 * in learners' upcoming sessions). 303 to the cohort (?done=cancelled); 404
 * as the form; 503. */
int trainer_page_session_cancel(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_session s;
    int st = load(r, &c, &s);
    enum db_rc rc;

    if (st)
        return st;
    rc = trainer_store_session_cancel(r->db, c.id, s.id);
    if (rc == DB_OK)
        rc = audit(r, "session_cancelled", c.id, s.id);
    if (rc != DB_OK)
        return page_status(rc);
    return resp_see_other(r, arena_printf(r->arena, "/%s/trainer/cohorts/%lld?done=cancelled",
                                          lang_code(r->lang), c.id));
}
