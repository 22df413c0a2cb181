/*
 * The webinars section of the learner dashboard (/{lang}/me, which belongs
 * to learn/): the webinars the person is booked on or waiting for, and the
 * ones they had a place on that have happened, from the column learn/'s one
 * statement for the page read with WEBINAR_ME_SQL (webinars.h).
 */
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "core/arena.h"
#include "db/jsonrows.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

/* The calendar part of /me: {made: date} when the person has an address,
 * else {made: null}. */
static json_t *calendar_vm(struct req *r, time_t made)
{
    return json_pack("{s:o}", "made",
                     made ? json_string(datefmt_date(r->arena, r->app->i18n, r->lang, made))
                          : json_null());
}

enum db_rc webinar_me_vm(struct req *r, json_t *vm, const char *rows, time_t feed_made)
{
    json_t *booked = json_array(), *past = json_array(), *all = NULL;
    char *slug, *title[LANG__COUNT];
    time_t starts;
    int status, cancelled, upcoming;
    enum db_rc rc = db_json_rows(rows, &all);
    size_t i;

    for (i = 0; rc == DB_OK && (rc = db_json_row(all, i, r->arena, "ssstibb", &slug,
                                                 &title[LANG_CY], &title[LANG_EN], &starts, &status,
                                                 &cancelled, &upcoming)) == DB_OK;
         i++) {
        json_t *item =
            json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "title", title[r->lang], "href",
                      arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), slug), "when",
                      i18n_format(r->arena, req_t(r, "webinars.when"), "date",
                                  datefmt_weekday_date(r->arena, r->app->i18n, r->lang, starts),
                                  "time", datefmt_time(r->arena, starts), NULL),
                      "iso", datefmt_iso(r->arena, starts), "cancelled", cancelled, "status",
                      status == WEBINAR_REG_REGISTERED
                          ? json_null()
                          : json_string(req_t(r, status == WEBINAR_REG_OFFERED
                                                     ? "webinars.status.offered"
                                                     : "webinars.status.waitlisted")));

        if (upcoming) /* soonest first */
            json_array_insert_new(booked, 0, item);
        else /* most recent first */
            json_array_append_new(past, item);
    }
    json_decref(all);
    if (rc != DB_NOT_FOUND) {
        json_decref(booked);
        json_decref(past);
        return rc;
    }
    json_object_set_new(vm, "webinars_booked",
                        json_array_size(booked) ? json_pack("{s:o}", "items", booked)
                                                : json_null());
    json_object_set_new(vm, "webinars_past",
                        json_array_size(past) ? json_pack("{s:o}", "items", past) : json_null());
    if (!json_array_size(booked))
        json_decref(booked);
    if (!json_array_size(past))
        json_decref(past);
    json_object_set_new(vm, "calendar_feed", calendar_vm(r, feed_made));
    return DB_OK;
}
