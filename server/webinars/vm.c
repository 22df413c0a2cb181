/*
 * View models of the webinar pages, from loaded rows (no store call). The
 * shared part (webinar_vm_card) holds nothing personal, so a render cache
 * can keep it; the viewer's part (webinar_vm_mine) is separate, under "mine".
 */
#include <string.h>

#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *webinar_vm_card(struct req *r, const struct webinar *w)
{
    const struct i18n *t = r->app->i18n;
    enum lang l = r->lang;
    int left = w->capacity > w->taken ? w->capacity - w->taken : 0;
    const char *when = i18n_format(r->arena, req_t(r, "webinars.when"), "date",
                                   datefmt_weekday_date(r->arena, t, l, w->starts_at), "time",
                                   datefmt_time(r->arena, w->starts_at), NULL);

    return json_pack(
        "{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:b, s:b, s:s, s:o, s:o, s:o}", "slug",
        w->slug, "title", w->title[l], "summary", str_or_null(w->summary[l]), "href",
        arena_printf(r->arena, "/%s/webinars/%s", lang_code(l), w->slug), "when", when,
        "starts_iso", datefmt_iso(r->arena, w->starts_at), "speaker", str_or_null(w->speaker),
        "community", str_or_null(w->community[l]), "duration",
        datefmt_duration(r->arena, t, l, w->duration_min), "language",
        json_string(req_t_of(r, "webinars.language.", w->language)), "interpretation",
        w->interpretation, "members_only", w->members_only, "seats",
        left ? i18n_pluralf(r->arena, t, l, "webinars.seats_left", left)
             : req_t(r, "webinars.full"),
        "recording", str_or_null(w->recording_url), "slides", str_or_null(w->slides_url),
        "audience",
        w->audience && strcmp(w->audience, "all")
            ? json_string(req_t_of(r, "webinars.audience.", w->audience))
            : json_null());
}

/* "3ydd yn y ciw" / "3rd in the queue" (Welsh past 99: "rhif 103 yn y ciw"). */
static const char *queue_text(struct req *r, int position)
{
    const char *ord = webinar_ordinal(r->arena, r->lang, position);
    char n[16];

    snprintf(n, sizeof(n), "%d", position);
    return ord ? i18n_format(r->arena, req_t(r, "webinars.queue_position"), "ordinal", ord, NULL)
               : i18n_format(r->arena, req_t(r, "webinars.queue_number"), "n", n, NULL);
}

/* The seat kept for the viewer, as partials/offer shows it. */
static json_t *offered_vm(struct req *r, const struct webinar *w, const struct webinar_mine *m)
{
    const char *href = arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), w->slug);
    const char *deadline = i18n_format(
        r->arena, req_t(r, "webinars.at_time"), "date",
        datefmt_weekday_date_in_text(r->arena, r->app->i18n, r->lang, m->offer_expires_at), "time",
        datefmt_time(r->arena, m->offer_expires_at), NULL);

    return json_pack(
        "{s:s, s:s, s:s, s:s}", "heading_id", "register-heading", "body",
        i18n_format(r->arena, req_t(r, "webinars.offered_body"), "deadline", deadline, NULL),
        "accept_action", arena_printf(r->arena, "%s/accept", href), "decline_action",
        arena_printf(r->arena, "%s/decline", href));
}

json_t *webinar_vm_mine(struct req *r, const struct webinar *w, const struct webinar_mine *m)
{
    static const char *const state[] = {
        [WEBINAR_REG_NONE] = "none",
        [WEBINAR_REG_REGISTERED] = "registered",
        [WEBINAR_REG_WAITLISTED] = "waitlisted",
        [WEBINAR_REG_OFFERED] = "offered",
        [WEBINAR_REG_CANCELLED] = "none",
    };
    const char *done = req_query(r, "done");
    json_t *mine = json_object();
    int open = !w->cancelled && w->starts_at > time(NULL);

    json_object_set_new(mine, state[m->status], json_true());
    json_object_set_new(
        mine, "href",
        json_string(arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), w->slug)));
    json_object_set_new(mine, "can_register",
                        json_boolean(open && (m->status == WEBINAR_REG_NONE ||
                                              m->status == WEBINAR_REG_CANCELLED)));
    json_object_set_new(mine, "queue",
                        m->status == WEBINAR_REG_WAITLISTED && m->position
                            ? json_string(queue_text(r, m->position))
                            : json_null());
    if (m->status == WEBINAR_REG_OFFERED)
        json_object_set_new(mine, "offered", offered_vm(r, w, m));
    if (done && (!strcmp(done, "registered") || !strcmp(done, "waitlisted") ||
                 !strcmp(done, "cancelled") || !strcmp(done, "accepted") ||
                 !strcmp(done, "declined") || !strcmp(done, "gone") || !strcmp(done, "closed")))
        json_object_set_new(mine, "done",
                            json_pack("{s:s}", "title", req_t_of(r, "webinars.done.", done)));
    else
        json_object_set_new(mine, "done", json_null());
    return mine;
}

/* text's paragraphs (separated by blank lines), trimmed, as a JSON array. */
static json_t *paragraphs(const char *text)
{
    json_t *out = json_array();
    const char *p = text, *start = NULL, *end = NULL;

    while (*p) {
        const char *eol = p + strcspn(p, "\n"), *s = p + strspn(p, " \t\r");

        if (s >= eol && start) {
            json_array_append_new(out, json_stringn(start, (size_t)(end - start)));
            start = NULL;
        } else if (s < eol) {
            start = start ? start : s;
            end = eol;
            while (end > start && strchr(" \t\r", end[-1]))
                end--;
        }
        p = *eol ? eol + 1 : eol;
    }
    if (start)
        json_array_append_new(out, json_stringn(start, (size_t)(end - start)));
    return out;
}

/* v[l], or else v[other] with its language code in *lang_out (NULL: none). */
static const char *in_lang(const char *const *v, enum lang l, const char **lang_out)
{
    enum lang other = l == LANG_CY ? LANG_EN : LANG_CY;

    *lang_out = NULL;
    if (v[l] && *v[l])
        return v[l];
    if (v[other] && *v[other])
        *lang_out = lang_code(other);
    return *lang_out ? v[other] : "";
}

json_t *webinar_vm_speakers(struct req *r, const struct webinar_speaker *s, size_t n)
{
    json_t *items;
    size_t i;

    if (!n)
        return json_null();
    items = json_array();
    for (i = 0; i < n; i++) {
        const char *role_lang, *bio_lang;
        const char *role = in_lang(s[i].role, r->lang, &role_lang);
        const char *bio = in_lang(s[i].bio, r->lang, &bio_lang);

        json_array_append_new(
            items, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "name", s[i].name, "role",
                             str_or_null(role), "role_lang", str_or_null(role_lang), "organisation",
                             str_or_null(s[i].organisation), "bio", paragraphs(bio), "bio_lang",
                             str_or_null(bio_lang), "bio_note",
                             bio_lang ? json_string(req_t(r, "webinars.speakers.only_other"))
                                      : json_null()));
    }
    return json_pack("{s:o}", "items", items);
}
