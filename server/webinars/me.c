/*
 * The webinars section of the learner dashboard (/{lang}/me, which belongs
 * to learn/): the webinars the person is booked on or waiting for, and the
 * ones they had a place on that have happened, read by learn/'s one
 * statement for the page with WEBINAR_ME_SQL (webinars.h).
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

/* The calendar part of /me: {made: date} when the person has an address,
 * else {made: null}. */
static json_t *calendar_vm(struct req *r, time_t made)
{
    return json_pack("{s:o}", "made",
                     made ? json_string(datefmt_date(r->arena, r->app->i18n, r->lang, made))
                          : json_null());
}

void webinar_me_vm(struct req *r, json_t *vm, const struct webinar_on_me *v, size_t n,
                   time_t feed_made)
{
    json_t *booked = json_array(), *past = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        time_t starts = v[i].starts_at;
        int status = v[i].status;
        json_t *item = json_pack(
            "{s:s, s:s, s:s, s:s, s:b, s:o}", "title", v[i].title[r->lang], "href",
            arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), v[i].slug), "when",
            i18n_format(r->arena, req_t(r, "webinars.when"), "date",
                        datefmt_weekday_date(r->arena, r->app->i18n, r->lang, starts), "time",
                        datefmt_time(r->arena, starts), NULL),
            "iso", datefmt_iso(r->arena, starts), "cancelled", v[i].cancelled, "status",
            status == WEBINAR_REG_REGISTERED
                ? json_null()
                : json_string(req_t(r, status == WEBINAR_REG_OFFERED
                                           ? "webinars.status.offered"
                                           : "webinars.status.waitlisted")));

        if (v[i].upcoming) /* soonest first */
            json_array_insert_new(booked, 0, item);
        else /* most recent first */
            json_array_append_new(past, item);
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
}
