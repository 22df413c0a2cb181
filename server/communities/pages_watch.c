/*
 * pages_watch: watching a thread or a community (the buttons on their
 * pages, plain forms), and the notification settings page: how often the
 * reader is e-mailed, and what they watch, each with "Stop watching".
 * Personal pages: never shared.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"

/* Back to the settings page when the form came from it (back=settings),
 * else to path (under /{lang}). */
static int back(struct req *r, const char *path)
{
    const char *from = req_form(r, "back");

    if (from && !strcmp(from, "settings"))
        path = "/notifications/settings";
    return resp_see_other(r, arena_printf(r->arena, "/%s%s", lang_code(r->lang), path));
}

static int watch_thread(struct req *r, int on)
{
    struct forum_thread t;
    long long id = page_id(r, "id");
    enum db_rc rc;

    if (!id)
        return 404;
    rc = forum_store_thread(r->db, r->arena, id, &t);
    if (rc == DB_OK && t.hidden)
        rc = DB_NOT_FOUND;
    if (rc == DB_OK)
        rc = forum_store_watch_thread(r->db, r->user->id, id, on);
    if (rc != DB_OK)
        return page_status(rc);
    return back(r, arena_printf(r->arena, "/threads/%lld", id));
}

/* POST /{lang}/threads/{id}/watch — 303 to the thread (or the settings
 * page); 404 for no such visible thread; 503. */
int forum_page_watch_thread(struct req *r)
{
    return watch_thread(r, 1);
}

/* POST /{lang}/threads/{id}/unwatch — as watching; the choice is kept, so
 * replying again does not start it again. */
int forum_page_unwatch_thread(struct req *r)
{
    return watch_thread(r, 0);
}

static int watch_community(struct req *r, int on)
{
    struct community c;
    int st = communities_by_route(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    rc = forum_store_watch_community(r->db, r->user->id, c.id, on);
    if (rc != DB_OK)
        return page_db_status(rc);
    return back(r, arena_printf(r->arena, "/communities/%s", c.slug));
}

/* POST /{lang}/communities/{slug}/watch — every new thread and reply in it
 * notifies the reader: 303 to the community (or the settings page); 404; 503. */
int community_page_watch(struct req *r)
{
    return watch_community(r, 1);
}

/* POST /{lang}/communities/{slug}/unwatch — as watching. */
int community_page_unwatch(struct req *r)
{
    return watch_community(r, 0);
}

json_t *forum_vm_watch(struct req *r, const char *path, int watching, const char *note_key)
{
    return json_pack("{s:s, s:b, s:s}", "action",
                     arena_printf(r->arena, "/%s%s/%s", lang_code(r->lang), path,
                                  watching ? "unwatch" : "watch"),
                     "watching", watching, "note", req_t(r, note_key));
}

static json_t *watched_vm(struct req *r, enum forum_mail *m, enum db_rc *rc)
{
    struct forum_watched *t;
    struct community *c;
    size_t nt, nc, i;
    json_t *threads = json_array(), *communities = json_array();

    *rc = forum_store_watched(r->db, r->arena, r->user->id, m, &t, &nt, &c, &nc);
    for (i = 0; *rc == DB_OK && i < nt; i++)
        json_array_append_new(threads, json_pack("{s:s, s:s, s:s, s:s}", "title", t[i].title,
                                                 "lang", t[i].lang, "href",
                                                 arena_printf(r->arena, "/%s/threads/%lld",
                                                              lang_code(r->lang), t[i].thread_id),
                                                 "action",
                                                 arena_printf(r->arena, "/%s/threads/%lld/unwatch",
                                                              lang_code(r->lang), t[i].thread_id)));
    for (i = 0; *rc == DB_OK && i < nc; i++)
        json_array_append_new(
            communities,
            json_pack("{s:s, s:s, s:s}", "title", c[i].name[r->lang], "href",
                      arena_printf(r->arena, "/%s/communities/%s", lang_code(r->lang), c[i].slug),
                      "action",
                      arena_printf(r->arena, "/%s/communities/%s/unwatch", lang_code(r->lang),
                                   c[i].slug)));
    return json_pack("{s:b, s:o, s:b, s:o}", "any_threads", json_array_size(threads) > 0, "threads",
                     threads, "any_communities", json_array_size(communities) > 0, "communities",
                     communities);
}

/* The settings page's view model with err's problems and chosen (NULL:
 * what is stored): 0 with *out, or a status. */
static int settings_vm(struct req *r, const struct page_errors *err, const char *chosen,
                       json_t **out)
{
    struct page_form form;
    enum forum_mail m;
    json_t *vm, *watched, *f;
    enum db_rc rc;

    watched = watched_vm(r, &m, &rc);
    if (rc != DB_OK) {
        json_decref(watched);
        return page_db_status(rc);
    }
    vm = page_vm(r, "communities.watch.title");
    json_object_set_new(vm, "watched", watched);
    json_object_set_new(vm, "saved", json_boolean(!err && req_query(r, "saved")));
    page_form_init(&form, r, err);
    f = page_field_choices(&form, "mail", "radio", "communities.watch.mail_legend",
                           page_options(r, "communities.watch.mail_", forum_mail_codes,
                                        FORUM_MAIL__COUNT, NULL,
                                        chosen ? chosen : forum_mail_codes[m]));
    page_field_hint(&form, f, "communities.watch.mail_hint");
    page_form_vm(&form, vm);
    *out = vm;
    return 0;
}

static int settings_render(struct req *r, const struct page_errors *err, const char *chosen)
{
    json_t *vm = NULL;
    int status = settings_vm(r, err, chosen, &vm);

    return status ? status : page_render(r, "communities/watching", vm);
}

static int build_kept(struct req *r, json_t **vm, const char **name)
{
    *name = "communities/watching";
    return settings_vm(r, NULL, NULL, vm);
}

/*
 * GET /{lang}/notifications/settings — the e-mail choice and what the
 * reader watches. 200; 503. Kept for the reader's session
 * (app/page_kept.h): what they watch and how they are e-mailed change by
 * their own posts (watching, replying, this page's form), or by an
 * e-mailed unsubscribe link, which moves their generation
 * (pages_unsub.c). A page with ?saved= is not kept.
 */
int forum_page_watch_settings(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_TABLE_INIT(1024);

    if (r->query_raw && *r->query_raw)
        return settings_render(r, NULL, NULL);
    return page_kept_get(r, &kept, persongen_get(r->user->id), build_kept);
}

/* POST /{lang}/notifications/settings — mail=off|now|daily: 303 to the
 * page saying it is saved; 400 with the page and the problem; 503. */
int forum_page_mail_setting(struct req *r)
{
    struct page_errors err = { .n = 0 };
    const char *mail = req_form(r, "mail");
    int i;
    enum db_rc rc;

    for (i = 0; mail && i < FORUM_MAIL__COUNT; i++)
        if (!strcmp(mail, forum_mail_codes[i]))
            break;
    if (!mail || i == FORUM_MAIL__COUNT) {
        page_errors_add(&err, "mail", "communities.watch.mail_missing");
        return settings_render(r, &err, NULL);
    }
    rc = forum_store_mail_set(r->db, r->user->id, (enum forum_mail)i);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/notifications/settings?saved=1", lang_code(r->lang)));
}
