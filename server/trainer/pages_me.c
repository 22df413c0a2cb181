/*
 * What the trainer folder adds to the learner's dashboard (/me, learn/'s
 * page): the upcoming sessions of the cohorts the reader is on.
 */
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "trainer/trainer.h"
#include "view/datefmt.h"

#define ME_SESSIONS_MAX 10

json_t *trainer_me_sessions(struct req *r, enum db_rc *rc)
{
    struct trainer_upcoming *v;
    size_t n, i;
    json_t *items = json_array();

    *rc = trainer_store_sessions_for_user(r->db, r->arena, r->user->id, ME_SESSIONS_MAX, &v, &n);
    for (i = 0; *rc == DB_OK && i < n; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                             r->lang == LANG_CY ? v[i].name_cy : v[i].name_en, "date",
                             datefmt_weekday_date(r->arena, r->app->i18n, r->lang, v[i].starts_at),
                             "iso", datefmt_iso(r->arena, v[i].starts_at), "time",
                             datefmt_time(r->arena, v[i].starts_at), "length",
                             datefmt_duration(r->arena, r->app->i18n, r->lang, v[i].minutes),
                             "place", v[i].place, "online", v[i].online_url, "language",
                             req_t(r, arena_printf(r->arena, "trainer.lang.%s", v[i].lang))));
    return items;
}
