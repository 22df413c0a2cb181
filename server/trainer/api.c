/*
 * The trainer's API (docs/api.md "Cohort progress"): GET
 * /api/v1/cohorts/{id}/progress with a personal API token (auth/apitoken.h,
 * a ROUTE_BEARER row): the learners of a cohort the token's owner runs
 * (an admin: any), with the figures the cohort's page and its CSV show,
 * from the same store call. Audited like the CSV ("cohort N (API)").
 */
#include <string.h>

#include "app/page_api.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"
#include "view/datefmt.h"

static json_t *iso_or_null(struct req *r, time_t t)
{
    return t ? json_string(datefmt_iso(r->arena, t)) : json_null();
}

static json_t *reasons_json(unsigned risk)
{
    json_t *v = json_array();

    if (risk & TRAINER_RISK_BEHIND)
        json_array_append_new(v, json_string("behind"));
    if (risk & TRAINER_RISK_MISSED)
        json_array_append_new(v, json_string("missed"));
    if (risk & TRAINER_RISK_IDLE)
        json_array_append_new(v, json_string("idle"));
    return v;
}

static json_t *cohort_json(struct req *r, const struct trainer_cohort *c)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:i, s:I, s:I, s:i}", "id", (json_int_t)c->id,
                     "name", page_api_both(c->name_cy, c->name_en), "course",
                     page_api_both(c->title_cy, c->title_en), "language", c->lang, "starts_at",
                     iso_or_null(r, c->starts_at), "ends_at", iso_or_null(r, c->ends_at), "lessons",
                     c->lessons, "learners", (json_int_t)c->learners, "at_risk",
                     (json_int_t)c->at_risk, "average_progress", c->avg_progress);
}

/* l with its organisation's name in both languages (en: the same learner
 * from the English-named list, NULL when it has none). */
static json_t *learner_json(struct req *r, const struct trainer_learner *l,
                            const struct trainer_learner *en)
{
    json_t *org =
        l->org || (en && en->org) ? page_api_both(l->org, en ? en->org : NULL) : json_null();

    return json_pack("{s:I, s:s, s:o, s:i, s:i, s:i, s:i, s:i, s:o, s:b, s:o}", "enrolment_id",
                     (json_int_t)l->enrolment_id, "name", l->name, "organisation", org,
                     "lessons_done", l->lessons_done, "progress", l->progress, "sessions_attended",
                     l->attended, "sessions_missed", l->missed, "sessions_apologies", l->apologies,
                     "last_activity_at", iso_or_null(r, l->last_activity), "at_risk", l->risk != 0,
                     "risk_reasons", reasons_json(l->risk));
}

/* The learner of enrolment id in v (n of them), or NULL; hint: where to look first. */
static const struct trainer_learner *find(const struct trainer_learner *v, size_t n, size_t hint,
                                          long long id)
{
    size_t i;

    if (hint < n && v[hint].enrolment_id == id)
        return &v[hint];
    for (i = 0; i < n; i++)
        if (v[i].enrolment_id == id)
            return &v[i];
    return NULL;
}

/*
 * GET /api/v1/cohorts/{id}/progress — every learner of the cohort (the
 * cohort page's ?q= ?org= ?progress= ?missed= ?risk= ?sort= ?dir= apply),
 * with the cohort's figures. 200 (Cache-Control: private, no-store); 400 for
 * a filter not understood; 401 without a live token (the router); 404 for a
 * cohort the token's owner does not run, a made-up id, or an owner who is
 * not (or no longer) a trainer; 503. Errors are JSON (the router).
 */
int trainer_api_progress(struct req *r)
{
    struct trainer_cohort c;
    struct trainer_filter f;
    struct trainer_learner *v, *en;
    size_t n, n_en, i;
    long long total;
    json_t *rows;
    int st = trainer_cohort_for(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    if (trainer_form_filter(r, &f))
        return page_api_error(r, 400, "a filter or order not understood (docs/trainer.md)");
    rc = trainer_learners(r, &c, LANG_CY, &f, 0, &v, &n, &total);
    if (rc == DB_OK)
        rc = trainer_learners(r, &c, LANG_EN, &f, 0, &en, &n_en, &total);
    if (rc == DB_OK)
        rc = audit_write(r->db, "cohort_exported", r->user->id, 0, r->client_ip,
                         arena_printf(r->arena, "cohort %lld (API)", c.id));
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows, learner_json(r, &v[i], find(en, n_en, i, v[i].enrolment_id)));
    return page_api_send(r, 200,
                         json_pack("{s:o, s:o, s:I}", "cohort", cohort_json(r, &c), "learners",
                                   rows, "total", (json_int_t)n));
}
