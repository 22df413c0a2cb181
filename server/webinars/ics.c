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
#include <stdio.h>
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

static icalcomponent *event(struct arena *a, const struct webinar_ics *c,
                            const struct webinar_ics_event *e)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    icalcomponent *ev = icalcomponent_new_vevent();

    icalcomponent_add_property(ev, icalproperty_new_uid(arena_printf(
                                       a, "%s-%lld@%s", e->kind, e->id, host_of(a, c->base_url))));
    icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(c->now, 0, utc)));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstart(icaltime_from_timet_with_zone(e->starts_at, 0, utc)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(icaltime_from_timet_with_zone(
                                       e->starts_at + (time_t)e->minutes * 60, 0, utc)));
    icalcomponent_add_property(ev, icalproperty_new_summary(e->summary ? e->summary : ""));
    if (e->description && *e->description)
        icalcomponent_add_property(ev, icalproperty_new_description(e->description));
    if (e->location && *e->location)
        icalcomponent_add_property(ev, icalproperty_new_location(e->location));
    if (e->url && *e->url)
        icalcomponent_add_property(ev, icalproperty_new_url(e->url));
    icalcomponent_add_property(
        ev, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    return ev;
}

/* The summary in c's language, then "Speakers: A, B" when w has speakers. */
static const char *description(struct arena *a, const struct webinar_ics *c,
                               const struct webinar *w)
{
    const char *summary = w->summary[c->lang] ? w->summary[c->lang] : "";

    if (!w->speaker || !*w->speaker)
        return summary;
    return arena_printf(a, "%s%s%s%s%s", summary, *summary ? "\n\n" : "",
                        c->speakers_label ? c->speakers_label : "", c->speakers_label ? ": " : "",
                        w->speaker);
}

void webinar_ics_event_of(struct arena *a, const struct webinar_ics *c, const struct webinar *w,
                          struct webinar_ics_event *e)
{
    *e = (struct webinar_ics_event){
        .kind = "webinar",
        .id = w->id,
        .sequence = w->sequence,
        .minutes = w->duration_min,
        .cancelled = w->cancelled,
        .starts_at = w->starts_at,
        .summary = w->title[c->lang],
        .description = description(a, c, w),
        .url = arena_printf(a, "%s/%s/webinars/%s", c->base_url, lang_code(c->lang), w->slug),
    };
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

/* A VCALENDAR with method, for the events to go in. */
static icalcomponent *calendar(icalproperty_method method)
{
    icalcomponent *cal = icalcomponent_new_vcalendar();

    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Dysgu//Webinars//CY-EN"));
    icalcomponent_add_property(cal, icalproperty_new_method(method));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    return cal;
}

/* cal (freed) as text in a, if libical reads n VEVENTs back from it. */
static const char *finish(struct arena *a, icalcomponent *cal, size_t n)
{
    char *text = icalcomponent_as_ical_string_r(cal);
    const char *out = NULL;

    icalcomponent_free(cal);
    /* parsed back before it leaves: what we send is what a calendar reads */
    if (text && webinar_ics_count(text) == n)
        out = arena_strdup(a, text);
    free(text);
    return out;
}

const char *webinar_ics(struct arena *a, const struct webinar_ics *c, const struct webinar *v,
                        size_t n)
{
    icalcomponent *cal = calendar(ICAL_METHOD_PUBLISH);
    size_t i;

    struct webinar_ics_event e;

    for (i = 0; i < n; i++) {
        webinar_ics_event_of(a, c, &v[i], &e);
        icalcomponent_add_component(cal, event(a, c, &e));
    }
    return finish(a, cal, n);
}

const char *webinar_ics_events(struct arena *a, const struct webinar_ics *c,
                               const struct webinar_ics_event *v, size_t n)
{
    icalcomponent *cal = calendar(ICAL_METHOD_PUBLISH);
    size_t i;

    for (i = 0; i < n; i++)
        icalcomponent_add_component(cal, event(a, c, &v[i]));
    return finish(a, cal, n);
}

/* "mailto:addr" with CN=name (libical quotes a name that needs it). */
static icalproperty *person(struct arena *a, icalproperty *p, const char *name, const char *addr)
{
    icalproperty_set_value_from_string(p, arena_printf(a, "mailto:%s", addr), "CAL-ADDRESS");
    if (name && *name)
        icalproperty_add_parameter(p, icalparameter_new_cn(name));
    return p;
}

const char *webinar_ics_invite(struct arena *a, const struct webinar_ics *c,
                               const struct webinar *w, const struct webinar_invitee *who,
                               int sequence, int cancel)
{
    icalcomponent *cal = calendar(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST);
    struct webinar_ics_event e;
    icalcomponent *ev;
    icalproperty *att;

    webinar_ics_event_of(a, c, w, &e);
    e.sequence = sequence;
    e.cancelled = w->cancelled || cancel;
    ev = event(a, c, &e);
    icalcomponent_add_property(ev, person(a, icalproperty_new_organizer("mailto:x"),
                                          who->organizer_name, who->organizer_addr));
    att = person(a, icalproperty_new_attendee("mailto:x"), who->name, who->addr);
    icalproperty_add_parameter(att, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(att, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    icalproperty_add_parameter(att, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
    icalcomponent_add_property(ev, att);
    icalcomponent_add_component(cal, ev);
    return finish(a, cal, 1);
}

/* s into buf (cut to fit; "" for NULL). */
static void copy_to(char *buf, size_t cap, const char *s)
{
    snprintf(buf, cap, "%s", s ? s : "");
}

int webinar_ics_parse(const char *text, struct webinar_ics_read *out)
{
    icalcomponent *cal = text ? icalparser_parse_string(text) : NULL;
    icalcomponent *ev = cal ? icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT) : NULL;
    icalproperty *p;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    if (ev && icalcomponent_isa(cal) == ICAL_VCALENDAR_COMPONENT) {
        p = icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY);
        copy_to(out->method, sizeof(out->method),
                p ? icalproperty_method_to_string(icalproperty_get_method(p)) : NULL);
        copy_to(out->uid, sizeof(out->uid), icalcomponent_get_uid(ev));
        p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
        copy_to(out->status, sizeof(out->status),
                p ? icalproperty_status_to_string(icalproperty_get_status(p)) : NULL);
        p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
        copy_to(out->organizer, sizeof(out->organizer), p ? icalproperty_get_organizer(p) : NULL);
        p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
        copy_to(out->attendee, sizeof(out->attendee), p ? icalproperty_get_attendee(p) : NULL);
        out->sequence = icalcomponent_get_sequence(ev);
        out->starts_at = icaltime_as_timet(icalcomponent_get_dtstart(ev));
        rc = 0;
    }
    if (cal)
        icalcomponent_free(cal);
    return rc;
}
