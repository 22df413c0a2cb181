/*
 * Reading and checking the form trainers and admins fill in to create or
 * edit a webinar: every problem at the id of its input, with a message key
 * in webinars.errors; what was typed kept, for the form shown again.
 */
#include <string.h>

#include "app/page_form.h"
#include "core/strparse.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "webinars/webinars_impl.h"

/* The form value of name, trimmed of nothing: "" when absent. */
static const char *value(struct req *r, const char *name)
{
    const char *v = req_form(r, name);

    return v ? v : "";
}

/* An integer of digits only within [min, max]; -1 otherwise. */
static int number(const char *s, int min, int max)
{
    uint32_t v;

    if (!*s || parse_u32(s, strlen(s), (uint32_t)max, &v) || (int)v < min)
        return -1;
    return (int)v;
}

static void text(struct req *r, const char *name, const char **out, size_t max, int required,
                 struct page_errors *err)
{
    *out = value(r, name);
    if (required && !**out)
        page_errors_add(err, name, arena_printf(r->arena, "webinars.errors.%s_missing", name));
    else if (strlen(*out) > max)
        page_errors_add(err, name, "webinars.errors.too_long");
}

/* The id (and name) of fieldset i's input part: "speaker-1-name". */
static const char *speaker_id(struct req *r, size_t i, const char *part)
{
    return arena_printf(r->arena, "speaker-%zu-%s", i + 1, part);
}

/* The speaker fieldsets: a blank one is ignored, one with anything typed
 * needs a name, and all blank is refused (at the first one's name). */
static void speakers(struct req *r, struct webinar_input *in, struct page_errors *err)
{
    size_t i, typed = 0;

    for (i = 0; i < WEBINAR_SPEAKERS_MAX; i++) {
        struct webinar_speaker *s = &in->speakers[i];
        const char *name_id = speaker_id(r, i, "name");

        text(r, name_id, &s->name, 200, 0, err);
        text(r, speaker_id(r, i, "role_cy"), &s->role[LANG_CY], 200, 0, err);
        text(r, speaker_id(r, i, "role_en"), &s->role[LANG_EN], 200, 0, err);
        text(r, speaker_id(r, i, "organisation"), &s->organisation, 200, 0, err);
        text(r, speaker_id(r, i, "bio_cy"), &s->bio[LANG_CY], 5000, 0, err);
        text(r, speaker_id(r, i, "bio_en"), &s->bio[LANG_EN], 5000, 0, err);
        typed += !webinar_speaker_blank(s);
        if (!*s->name && !webinar_speaker_blank(s))
            page_errors_add(err, name_id, "webinars.errors.speaker_name_missing");
    }
    if (!typed)
        page_errors_add(err, "speaker-1-name", "webinars.errors.speakers_missing");
}

void webinar_form_read(struct req *r, struct webinar_input *in, struct page_errors *err,
                       int with_slug)
{
    memset(in, 0, sizeof(*in));
    if (with_slug) {
        in->slug = value(r, "slug");
        if (!parse_slug(in->slug, strlen(in->slug)))
            page_errors_add(err, "slug", "webinars.errors.slug_invalid");
    }
    text(r, "title_cy", &in->title[LANG_CY], 200, 1, err);
    text(r, "title_en", &in->title[LANG_EN], 200, 1, err);
    text(r, "summary_cy", &in->summary[LANG_CY], 5000, 0, err);
    text(r, "summary_en", &in->summary[LANG_EN], 5000, 0, err);
    speakers(r, in, err);
    in->language = value(r, "language");
    if (strcmp(in->language, "cy") && strcmp(in->language, "en") && strcmp(in->language, "both"))
        page_errors_add(err, "language", "webinars.errors.language_invalid");
    in->audience = *value(r, "audience") ? value(r, "audience") : "all";
    if (strcmp(in->audience, "all") && strcmp(in->audience, "leaders") &&
        strcmp(in->audience, "members"))
        page_errors_add(err, "audience", "webinars.errors.audience_invalid");
    in->recording_url = value(r, "recording_url");
    if (*in->recording_url && !parse_http_url(in->recording_url, strlen(in->recording_url), 500))
        page_errors_add(err, "recording_url", "webinars.errors.link_invalid");
    in->slides_url = value(r, "slides_url");
    if (*in->slides_url && !parse_http_url(in->slides_url, strlen(in->slides_url), 500))
        page_errors_add(err, "slides_url", "webinars.errors.link_invalid");
    in->date = value(r, "date");
    in->time = value(r, "time");
    if (datefmt_parse_london(in->date, in->time, &in->starts_at))
        page_errors_add(err, "date", "webinars.errors.when_invalid");
    in->duration = value(r, "duration");
    if ((in->duration_min = number(in->duration, 15, 480)) < 0)
        page_errors_add(err, "duration", "webinars.errors.duration_invalid");
    in->capacity = value(r, "capacity");
    if ((in->capacity_n = number(in->capacity, 1, 10000)) < 0)
        page_errors_add(err, "capacity", "webinars.errors.capacity_invalid");
}
