/*
 * What the trainer folder adds to the learner's dashboard (/me, learn/'s
 * page): the upcoming sessions of the cohorts the reader is on, read by
 * learn/'s one statement (TRAINER_ME_SESSIONS_SQL in trainer.h).
 */
#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "trainer/trainer.h"
#include "view/datefmt.h"

json_t *trainer_me_sessions(struct req *r, const struct trainer_upcoming *v, size_t n)
{
    json_t *items = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                             r->lang == LANG_CY ? v[i].name_cy : v[i].name_en, "date",
                             datefmt_weekday_date(r->arena, r->app->i18n, r->lang, v[i].starts_at),
                             "iso", datefmt_iso(r->arena, v[i].starts_at), "time",
                             datefmt_time(r->arena, v[i].starts_at), "length",
                             datefmt_duration(r->arena, r->app->i18n, r->lang, v[i].minutes),
                             "place", v[i].place, "online", v[i].online_url, "language",
                             req_t_of(r, "trainer.lang.", v[i].lang)));
    return items;
}
