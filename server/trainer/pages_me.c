/*
 * What the trainer folder adds to the learner's dashboard (/me, learn/'s
 * page): the upcoming sessions of the cohorts the reader is on, read by
 * learn/'s one statement (TRAINER_ME_SESSIONS_SQL in trainer.h).
 */
#include "auth/session.h"
#include "core/arena.h"
#include "db/jsonrows.h"
#include "http/app.h"
#include "http/req.h"
#include "trainer/trainer.h"
#include "view/datefmt.h"

/* Row i of rows into s. */
static enum db_rc upcoming_row(struct req *r, const json_t *rows, size_t i,
                               struct trainer_upcoming *s)
{
    return db_json_row(rows, i, r->arena, "sstisss", &s->name_cy, &s->name_en, &s->starts_at,
                       &s->minutes, &s->place, &s->online_url, &s->lang);
}

json_t *trainer_me_sessions(struct req *r, const char *rows, enum db_rc *rc)
{
    struct trainer_upcoming v;
    json_t *items = json_array(), *all = NULL;
    size_t i;

    *rc = db_json_rows(rows, &all);
    for (i = 0; *rc == DB_OK && (*rc = upcoming_row(r, all, i, &v)) == DB_OK; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                             r->lang == LANG_CY ? v.name_cy : v.name_en, "date",
                             datefmt_weekday_date(r->arena, r->app->i18n, r->lang, v.starts_at),
                             "iso", datefmt_iso(r->arena, v.starts_at), "time",
                             datefmt_time(r->arena, v.starts_at), "length",
                             datefmt_duration(r->arena, r->app->i18n, r->lang, v.minutes), "place",
                             v.place, "online", v.online_url, "language",
                             req_t(r, arena_printf(r->arena, "trainer.lang.%s", v.lang))));
    if (*rc == DB_NOT_FOUND)
        *rc = DB_OK;
    json_decref(all);
    return items;
}
