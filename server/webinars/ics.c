/*
 * Calendars (RFC 5545) of webinars, built with libical and parsed back with
 * it before they leave: the only file that includes <libical/ical.h>
 * (ops/checksrc keeps it inside server/webinars/, like cmark in view/).
 *
 * Each webinar is one VEVENT whose UID never changes
 * ("webinar-<id>@<host>") and whose SEQUENCE is the webinar's sequence
 * column, bumped on every change a calendar shows, so a calendar that
 * already has the entry moves it; a cancelled webinar has STATUS:CANCELLED.
 */
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "webinars/webinars.h"

/* The host of base_url ("https://dysgu.example:8080/x" -> "dysgu.example:8080"). */
static const char *host_of(struct arena *a, const char *base_url)
{
    const char *s = strstr(base_url, "://");

    s = s ? s + 3 : base_url;
    return arena_strndup(a, s, strcspn(s, "/"));
}

static icalcomponent *event(struct arena *a, const struct webinar_ics *c, const struct webinar *w)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    icalcomponent *ev = icalcomponent_new_vevent();
    const char *url =
        arena_printf(a, "%s/%s/webinars/%s", c->base_url, lang_code(c->lang), w->slug);

    icalcomponent_add_property(ev, icalproperty_new_uid(arena_printf(a, "webinar-%lld@%s", w->id,
                                                                     host_of(a, c->base_url))));
    icalcomponent_add_property(ev, icalproperty_new_sequence(w->sequence));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(c->now, 0, utc)));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstart(icaltime_from_timet_with_zone(w->starts_at, 0, utc)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(icaltime_from_timet_with_zone(
                                       w->starts_at + (time_t)w->duration_min * 60, 0, utc)));
    icalcomponent_add_property(ev, icalproperty_new_summary(w->title[c->lang]));
    if (w->summary[c->lang] && *w->summary[c->lang])
        icalcomponent_add_property(ev, icalproperty_new_description(w->summary[c->lang]));
    icalcomponent_add_property(ev, icalproperty_new_url(url));
    icalcomponent_add_property(
        ev, icalproperty_new_status(w->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    return ev;
}

size_t webinar_ics_count(const char *text)
{
    icalcomponent *cal = text ? icalparser_parse_string(text) : NULL;
    size_t n = 0;

    if (cal && icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT)
        n = (size_t)icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
    if (cal)
        icalcomponent_free(cal);
    return n;
}

const char *webinar_ics(struct arena *a, const struct webinar_ics *c, const struct webinar *v,
                        size_t n)
{
    icalcomponent *cal = icalcomponent_new_vcalendar();
    char *text;
    const char *out = NULL;
    size_t i;

    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Dysgu//Webinars//CY-EN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    for (i = 0; i < n; i++)
        icalcomponent_add_component(cal, event(a, c, &v[i]));
    text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    /* parsed back before it leaves: what we send is what a calendar reads */
    if (text && webinar_ics_count(text) == n)
        out = arena_strdup(a, text);
    free(text);
    return out;
}
