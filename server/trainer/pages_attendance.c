/*
 * trainer attendance: one form for a whole session (a radio group per
 * learner: present, absent, apologies), saved in one POST and one
 * transaction with the counters (trainer_store_mark).
 */
#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
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

static const char *const marks[] = { "present", "absent", "apologies" };

static const char *mark_known(const char *s)
{
    size_t i;

    for (i = 0; s && i < 3; i++)
        if (!strcmp(s, marks[i]))
            return marks[i];
    return NULL;
}

/* The form: one radio group per learner, showing typed (a POST that came
 * back) or else the saved mark. */
static int render(struct req *r, const struct trainer_cohort *c, const struct trainer_session *s,
                  const struct trainer_mark *m, size_t n, const struct page_errors *err)
{
    const char *cohort_path = arena_printf(r->arena, "/trainer/cohorts/%lld", c->id);
    const struct page_crumb crumbs[2] = { { "/trainer/cohorts", "trainer.cohorts.title", NULL },
                                          { cohort_path, NULL, trainer_cohort_name(r, c) } };
    struct page_form form;
    json_t *vm = page_vm(r, "trainer.attendance.title"), *rows = json_array(), *one;
    size_t i;

    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, 2));
    json_object_set_new(vm, "cohort", trainer_vm_cohort(r, c));
    one = trainer_vm_sessions(r, c->id, s, 1);
    json_object_set(vm, "session", json_array_get(one, 0));
    json_decref(one);
    page_form_init(&form, r, err);
    for (i = 0; i < n; i++) {
        const char *id = arena_printf(r->arena, "mark-%lld", m[i].enrolment_id);
        const char *typed = r->method == HTTP_POST ? req_form(r, id) : m[i].mark;
        json_t *f = page_field_choices(&form, id, "radio", "trainer.attendance.legend",
                                       page_options(r, "trainer.mark.", marks, 3, NULL, typed));

        page_field_set(f, "label", m[i].name);
        json_array_append(rows, f);
    }
    page_form_vm(&form, vm);
    json_object_set_new(vm, "marks", rows);
    json_object_set_new(vm, "has_learners", json_boolean(n > 0));
    json_object_set_new(vm, "action",
                        json_string(arena_printf(r->arena, "/%s/trainer/cohorts/%lld/sessions/%lld",
                                                 lang_code(r->lang), c->id, s->id)));
    json_object_set_new(vm, "saved", json_boolean(req_query(r, "saved") != NULL));
    return page_render(r, "trainer/attendance", vm);
}

/* The cohort, the session and its marks for {id} and {session}: 0 or 404/503. */
static int load(struct req *r, struct trainer_cohort *c, struct trainer_session *s,
                struct trainer_mark **m, size_t *n)
{
    long long sid = page_id(r, "session");
    int st = trainer_cohort_head_for(r, c);

    if (st)
        return st;
    if (!sid)
        return 404;
    return page_status(trainer_store_marks(r->db, r->arena, c->id, sid, s, m, n));
}

/*
 * GET /{lang}/trainer/cohorts/{id}/sessions/{session} — the attendance form
 * for every learner of the cohort. 200; 404 for a cohort the reader does not
 * run or a session not of it; 503.
 */
int trainer_page_attendance(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_session s;
    struct trainer_mark *m;
    size_t n;
    int st = load(r, &c, &s, &m, &n);

    if (st)
        return st;
    if (audit_write(r->db, "cohort_viewed", r->user->id, 0, r->client_ip,
                    arena_printf(r->arena, "cohort %lld session %lld", c.id, s.id)) != DB_OK)
        return 503;
    return render(r, &c, &s, m, n, NULL);
}

/*
 * POST /{lang}/trainer/cohorts/{id}/sessions/{session} — mark-{enrolment}=
 * present|absent|apologies for each learner (left out: unchanged). 303 to the
 * form with ?saved=1; 400 with the form and its problems for a value not
 * understood (nothing saved); 404 as the form; 503.
 */
int trainer_page_attendance_submit(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_session s;
    struct trainer_mark *m;
    struct page_errors err = { .n = 0 };
    size_t n, i, k = 0;
    long long *ids;
    const char **set;
    int st = load(r, &c, &s, &m, &n);
    enum db_rc rc;

    if (st)
        return st;
    ids = arena_calloc(r->arena, (n ? n : 1) * sizeof(*ids));
    set = arena_calloc(r->arena, (n ? n : 1) * sizeof(*set));
    for (i = 0; i < n; i++) {
        const char *id = arena_printf(r->arena, "mark-%lld", m[i].enrolment_id);
        const char *v = req_form(r, id);

        if (!v || !*v)
            continue;
        if (!(set[k] = mark_known(v))) {
            page_errors_add(&err, id, "trainer.attendance.error_mark");
            continue;
        }
        ids[k++] = m[i].enrolment_id;
    }
    if (page_errors_any(&err))
        return render(r, &c, &s, m, n, &err);
    rc = trainer_store_mark(r->db, c.id, s.id, r->user->id, ids, set, k);
    if (rc == DB_OK)
        rc = audit_write(r->db, "attendance_marked", r->user->id, 0, r->client_ip,
                         arena_printf(r->arena, "cohort %lld session %lld: %zu", c.id, s.id, k));
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r,
                          arena_printf(r->arena, "/%s/trainer/cohorts/%lld/sessions/%lld?saved=1",
                                       lang_code(r->lang), c.id, s.id));
}
