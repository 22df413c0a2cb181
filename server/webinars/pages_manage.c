/*
 * Managing webinars (GUARD_TRAINER rows: trainers and admins): create, edit
 * and cancel (the people registered or waiting: pages_people.c). A trainer
 * manages the webinars they created, an admin any (webinar_store_get_owned,
 * in SQL). The forms and the people page, shown without problems or a flash,
 * are rendered once for every manager of the webinar (webinar_manage_render()): each
 * reader's right to the page is checked against its kept data (kept.c)
 * first, and the page is kept under the webinars' generation, which every
 * change to a webinar or its people in this process moves (writes.c).
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_form.h"
#include "app/page_kept.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "webinars/webinars_impl.h"

int webinar_manager_is_admin(const struct req *r)
{
    return (r->user->roles & ROLE_ADMIN) != 0;
}

/* The speaker fieldsets, each {legend, name, role_cy, ...}: the form's own
 * field objects (f keeps them too, for the error summary and release). */
static json_t *speaker_fieldsets(struct req *r, struct page_form *f, const struct webinar_input *in)
{
    static const char *const parts[] = { "name", "role_cy", "role_en", "organisation" };
    json_t *sets = json_array();
    size_t i, k;

    for (i = 0; i < WEBINAR_SPEAKERS_MAX; i++) {
        const struct webinar_speaker *s = &in->speakers[i];
        const char *const value[] = { s->name, s->role[LANG_CY], s->role[LANG_EN],
                                      s->organisation };
        json_t *o = json_pack("{s:s}", "legend",
                              i18n_format(r->arena, req_t(r, "webinars.form.speaker_legend"), "n",
                                          arena_printf(r->arena, "%zu", i + 1), NULL));

        for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
            json_object_set(
                o, parts[k],
                page_field_input(f, arena_printf(r->arena, "speaker-%zu-%s", i + 1, parts[k]),
                                 "text",
                                 arena_printf(r->arena, "webinars.form.speaker_%s", parts[k]),
                                 value[k] ? value[k] : ""));
        json_object_set(o, "bio_cy",
                        page_field_textarea(f, arena_printf(r->arena, "speaker-%zu-bio_cy", i + 1),
                                            "webinars.form.speaker_bio_cy",
                                            s->bio[LANG_CY] ? s->bio[LANG_CY] : ""));
        json_object_set(o, "bio_en",
                        page_field_textarea(f, arena_printf(r->arena, "speaker-%zu-bio_en", i + 1),
                                            "webinars.form.speaker_bio_en",
                                            s->bio[LANG_EN] ? s->bio[LANG_EN] : ""));
        json_array_append_new(sets, o);
    }
    return sets;
}

/* The form's view model, filled with in, problems in err (NULL: none). */
static json_t *form_vm(struct req *r, const struct webinar_input *in, const struct page_errors *err,
                       const char *action, const char *title_key)
{
    static const char *const langs[] = { "both", "cy", "en" };
    static const char *const audiences[] = { "all", "leaders", "members" };
    struct page_form f;
    json_t *vm = page_vm(r, title_key), *field;

    page_form_init(&f, r, err);
    if (in->slug)
        page_field_input(&f, "slug", "text", "webinars.form.slug", in->slug);
    page_field_input(&f, "title_cy", "text", "webinars.form.title_cy", in->title[LANG_CY]);
    page_field_input(&f, "title_en", "text", "webinars.form.title_en", in->title[LANG_EN]);
    page_field_textarea(&f, "summary_cy", "webinars.form.summary_cy", in->summary[LANG_CY]);
    page_field_textarea(&f, "summary_en", "webinars.form.summary_en", in->summary[LANG_EN]);
    json_object_set_new(vm, "speakers", speaker_fieldsets(r, &f, in));
    page_field_select(&f, "language", "webinars.form.language", NULL,
                      page_options(r, "webinars.language.", langs, 3, NULL, in->language));
    page_field_select(&f, "audience", "webinars.form.audience", NULL,
                      page_options(r, "webinars.audience.", audiences, 3, NULL, in->audience));
    field = page_field_input(&f, "date", "date", "webinars.form.date", in->date);
    page_field_hint(&f, field, "webinars.form.date_hint");
    page_field_input(&f, "time", "time", "webinars.form.time", in->time);
    page_field_input(&f, "duration", "number", "webinars.form.duration", in->duration);
    page_field_input(&f, "capacity", "number", "webinars.form.capacity", in->capacity);
    field = page_field_input(&f, "recording_url", "url", "webinars.form.recording_url",
                             in->recording_url ? in->recording_url : "");
    page_field_hint(&f, field, "webinars.form.link_hint");
    field = page_field_input(&f, "slides_url", "url", "webinars.form.slides_url",
                             in->slides_url ? in->slides_url : "");
    page_field_hint(&f, field, "webinars.form.link_hint");
    page_form_vm(&f, vm);
    json_object_set_new(vm, "action", json_string(action));
    return vm;
}

/* The form rendered for this reader alone: status 200, or 400 with problems. */
static int render_form(struct req *r, const struct webinar_input *in, const struct page_errors *err,
                       const char *action, const char *title_key)
{
    return page_render(r, "webinars/form", form_vm(r, in, err, action, title_key));
}

const char *webinar_manage_path(struct req *r, const char *slug, const char *rest)
{
    return arena_printf(r->arena, "/%s/manage/webinars%s%s%s", lang_code(r->lang), slug ? "/" : "",
                        slug ? slug : "", rest);
}

int webinar_manage_render(struct req *r, struct kept_table *t, unsigned long long gen,
                          page_build_fn *build)
{
    const char *name = NULL;
    json_t *vm = NULL;
    int st;

    if (!r->query_raw || !*r->query_raw)
        return page_kept_shared(r, t, 0, gen, build);
    st = build(r, &vm, &name);
    return st ? st : page_render(r, name, vm);
}

/* page_kept_shared()'s build of the empty form: the same for everyone. */
static int build_new(struct req *r, json_t **vm, const char **name)
{
    static const struct webinar_input in = {
        .slug = "",
        .language = "both",
        .audience = "all",
        .duration = "60",
        .capacity = "100",
        .time = "10:00",
    };

    *name = "webinars/form";
    *vm = form_vm(r, &in, NULL, webinar_manage_path(r, NULL, "/new"), "webinars.form.new_title");
    return 0;
}

/* GET /{lang}/manage/webinars/new — the empty form, rendered once for every
 * manager (nothing on it ever changes: one generation). 200. */
int webinar_page_new(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(8);

    return webinar_manage_render(r, &kept, 1, build_new);
}

/* POST /{lang}/manage/webinars/new — 303 to the new webinar; 400 with the
 * form and its problems (a slug taken among them), nothing created. */
int webinar_page_create(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct webinar_input in;
    long long id = 0;
    enum db_rc rc;

    webinar_form_read(r, &in, &err, 1);
    if (page_errors_any(&err))
        return render_form(r, &in, &err, webinar_manage_path(r, NULL, "/new"),
                           "webinars.form.new_title");
    rc = webinar_store_create(r->db, &in, r->user->id, &id);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "slug", "webinars.errors.slug_taken");
        return render_form(r, &in, &err, webinar_manage_path(r, NULL, "/new"),
                           "webinars.form.new_title");
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    webinar_writes_touch(r->db, NULL, id);
    rendercache_forget(); /* the list shows it at once */
    return resp_see_other(r,
                          arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), in.slug));
}

int webinar_manage_load(struct req *r, struct webinar *w)
{
    const char *slug = page_slug(r, "slug");

    return slug ? page_status(webinar_store_get_owned(r->db, r->arena, slug, r->user->id,
                                                      webinar_manager_is_admin(r), w))
                : 404;
}

int webinar_manage_load_kept(struct req *r, int with_people, const struct webinar_owned **o)
{
    const char *slug = page_slug(r, "slug");

    return slug ? page_status(webinar_kept_owned(r, slug, with_people, o)) : 404;
}

/* page_kept_shared()'s build of the edit form: the webinar's values
 * (London time) and its speakers, the same for every manager of it. */
static int build_edit(struct req *r, json_t **vm, const char **name)
{
    const struct webinar_owned *o = NULL;
    struct webinar w;
    struct webinar_input in;
    int st = webinar_manage_load_kept(r, 0, &o);

    if (st)
        return st;
    w = o->w;
    in = (struct webinar_input){
        .title = { w.title[LANG_CY], w.title[LANG_EN] },
        .summary = { w.summary[LANG_CY], w.summary[LANG_EN] },
        .language = w.language,
        .audience = w.audience,
        .recording_url = w.recording_url,
        .slides_url = w.slides_url,
        .date = datefmt_form_date(r->arena, w.starts_at),
        .time = datefmt_time(r->arena, w.starts_at),
        .duration = arena_printf(r->arena, "%d", w.duration_min),
        .capacity = arena_printf(r->arena, "%d", w.capacity),
    };
    memcpy(in.speakers, o->speakers, sizeof(in.speakers));
    *name = "webinars/form";
    *vm =
        form_vm(r, &in, NULL, webinar_manage_path(r, w.slug, "/edit"), "webinars.form.edit_title");
    return 0;
}

/* GET /{lang}/manage/webinars/{slug}/edit — the form with the webinar's
 * values, rendered once for all its managers under the webinars' generation
 * (every change to a webinar moves it: writes.c). 200; 404 unknown or not
 * theirs. */
int webinar_page_edit(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(256);
    const struct webinar_owned *o = NULL;
    unsigned long long gen = webinar_gen(); /* read before what the page shows */
    int st = webinar_manage_load_kept(r, 0, &o);

    return st ? st : webinar_manage_render(r, &kept, gen, build_edit);
}

/* POST /{lang}/manage/webinars/{slug}/edit — 303 to the webinar; 400 with
 * the form and its problems (a capacity below the seats taken among them),
 * nothing changed; 404 unknown or not theirs. */
int webinar_page_update(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct webinar_mailer m = { .app = r->app, .arena = r->arena };
    struct webinar w;
    struct webinar_input in;
    enum db_rc rc;
    int st = webinar_manage_load(r, &w);

    if (st)
        return st;
    webinar_form_read(r, &in, &err, 0);
    if (!page_errors_any(&err)) {
        rc = webinar_store_update(r->db, &m, w.id, &in, r->user->id, webinar_manager_is_admin(r));
        if (rc != DB_CONFLICT) /* the edit may have committed without the seats' fill */
            webinar_writes_touch(r->db, &m, w.id); /* its people's pages and feeds */
        if (rc == DB_OK) {
            rendercache_forget(); /* the list, its page and calendars show it at once */
            return resp_see_other(
                r, arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), w.slug));
        }
        if (rc != DB_CONFLICT)
            return page_db_status(rc);
        page_errors_add(&err, "capacity", "webinars.errors.capacity_below");
    }
    return render_form(r, &in, &err, webinar_manage_path(r, w.slug, "/edit"),
                       "webinars.form.edit_title");
}

/* POST /{lang}/manage/webinars/{slug}/cancel — the webinar is cancelled and
 * everyone on it told; 303 to its page. 404 unknown, not theirs, or
 * cancelled already. */
int webinar_page_cancel_webinar(struct req *r)
{
    struct webinar_mailer m = { .app = r->app, .arena = r->arena };
    struct webinar w;
    int st = webinar_manage_load(r, &w);

    if (!st)
        st = page_status(webinar_store_cancel_webinar(r->db, &m, w.id, r->user->id,
                                                      webinar_manager_is_admin(r)));
    if (st)
        return st;
    webinar_writes_touch(r->db, &m, w.id);
    rendercache_forget();
    return resp_see_other(r, arena_printf(r->arena, "/%s/webinars/%s", lang_code(r->lang), w.slug));
}
