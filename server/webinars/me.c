/*
 * The webinars section of the learner dashboard (/{lang}/me, which belongs
 * to learn/): the webinars the person is booked on or waiting for, and the
 * ones they had a place on that have happened. One query.
 */
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

#define ME_MAX 40 /* webinars the section lists */

static const char *const sql_mine =
    "SELECT w.slug, w.title_cy, w.title_en, w.starts_at, r.status + 0, w.cancelled, "
    "w.starts_at > UTC_TIMESTAMP() FROM webinar_registrations r JOIN webinars w ON w.id = "
    "r.webinar_id WHERE r.user_id = ? AND (r.status IN ('registered', 'waitlisted', 'offered') "
    "AND w.starts_at > UTC_TIMESTAMP() OR r.status = 'registered') ORDER BY w.starts_at DESC "
    "LIMIT ?";

enum db_rc webinar_me_vm(struct req *r, json_t *vm)
{
    struct db_stmt *st = NULL;
    json_t *booked = json_array(), *past = json_array();
    char *slug, *title[LANG__COUNT];
    time_t starts;
    int status, cancelled, upcoming;
    enum db_rc rc = db_query(r->db, &st, sql_mine, "li", r->user->id, ME_MAX);

    while (rc == DB_OK &&
           (rc = db_row_next(st, r->arena, "ssstibb", &slug, &title[LANG_CY], &title[LANG_EN],
                             &starts, &status, &cancelled, &upcoming)) == DB_OK) {
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
    db_done(st);
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
    return webinar_me_calendar(r, vm);
}
