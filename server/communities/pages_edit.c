/*
 * pages_edit: editing one's own post (every earlier version kept), the
 * earlier versions for moderators, and what a post's writing sets going:
 * its @mentions. Personal pages: never shared.
 */
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/ratelimit.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "communities/mention.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/log.h"
#include "core/persongen.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/datefmt.h"

void forum_mentions_write(struct req *r, long long post_id, int community_id, long long author_id,
                          const char *body)
{
    struct mention_span spans[MENTIONS_MAX * 4];
    struct forum_mention_ask ask[MENTIONS_MAX];
    const char *html = forum_post_html(r->arena, body, strlen(body));
    size_t found = mention_scan(html, spans, sizeof(spans) / sizeof(spans[0])), n = 0, i, j;
    enum db_rc rc;

    for (i = 0; i < found && n < MENTIONS_MAX; i++) {
        const char *h = arena_strndup(r->arena, html + spans[i].at + 1, spans[i].len);

        for (j = 0; j < n && strcmp(ask[j].handle, h); j++)
            ;
        if (j < n) { /* again: notifies unless every mention of it is quoted */
            ask[j].quoted &= spans[i].quoted;
            continue;
        }
        ask[n++] = (struct forum_mention_ask){ h, mention_name(r->arena, h, spans[i].len),
                                               mention_name_curly(r->arena, h, spans[i].len),
                                               spans[i].quoted };
    }
    rc = forum_store_mentions_set(r->db, post_id, community_id, author_id, ask, n);
    if (rc != DB_OK) /* the post is saved: its mentions are what is lost */
        log_error_id(r->id, "cannot set the mentions of post %lld: %s", post_id, db_rc_name(rc));
}

/* The reader's own post of the route's {id} and its thread: 0, or 404 (no
 * such post, deleted, hidden or not published, or its thread hidden) or 403
 * (someone else's). */
static int own_post(struct req *r, struct forum_post *p, struct forum_thread *t)
{
    long long id = page_id(r, "id");
    int st;

    if (!id)
        return 404;
    st = page_status(forum_store_post(r->db, r->arena, id, p));
    if (!st && (p->deleted || p->hidden || p->review != FORUM_PUBLISHED))
        st = 404;
    if (!st && p->author_id != r->user->id)
        st = 403;
    if (!st)
        st = page_status(forum_store_thread(r->db, r->arena, p->thread_id, t));
    return !st && t->hidden ? 404 : st;
}

static const char *post_href(struct req *r, const struct forum_post *p)
{
    return arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld", lang_code(r->lang),
                        p->thread_id, p->id + 1, p->id);
}

/* The edit page with err and what was typed; status (0: 200, or 400 with
 * problems) answers a refusal other than bad input (429). */
static int edit_render(struct req *r, const struct forum_post *p, const struct forum_thread *t,
                       const struct page_errors *err, const char *body, const char *lang,
                       int status)
{
    struct page_form form;
    json_t *vm = page_vm(r, "communities.edit.title");

    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "thread",
        json_pack("{s:s, s:s, s:s}", "title", t->title, "lang", t->lang, "href", post_href(r, p)));
    json_object_set_new(
        vm, "action",
        json_string(arena_printf(r->arena, "/%s/posts/%lld/edit", lang_code(r->lang), p->id)));
    page_form_init(&form, r, err);
    forum_vm_post_fields(&form, NULL, body, lang);
    page_form_vm(&form, vm);
    if (status)
        r->status = status;
    return page_render(r, "communities/edit", vm);
}

/* GET /{lang}/posts/{id}/edit — the reader's own post in its form. 200;
 * 403 for someone else's or in a locked thread; 404; 503. */
int forum_page_edit(struct req *r)
{
    struct forum_post p;
    struct forum_thread t;
    int st = own_post(r, &p, &t);

    if (st)
        return st;
    if (t.locked)
        return 403;
    return edit_render(r, &p, &t, NULL, p.body, p.lang, 0);
}

/* Count an edit against the editing limit (as posting's: tighter for a
 * member with few posts): 0, or the status to answer; past the limit 429
 * with Retry-After and the problem in err for the page that keeps the text. */
static int edit_rate(struct req *r, const struct forum_thread *t, struct page_errors *err)
{
    int posts = 0, retry = 0, st;
    enum db_rc rc = forum_store_member(r->db, t->community_id, r->user->id, &posts);

    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    st = forum_rate_hit(r, "forum-edit", posts, &retry);
    if (st == 429) {
        ratelimit_reply(r, retry);
        page_errors_add(err, "body", "communities.errors.edit_rate");
    }
    return st;
}

/* POST /{lang}/posts/{id}/edit — body, lang: 303 to the post; 400 with
 * the problems and what was typed (the thread locked meanwhile too); 403;
 * 404; 429 past the editing limit, with the page and what was typed; 503. */
int forum_page_edit_save(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct forum_post p;
    struct forum_thread t;
    const char *body, *lang;
    int st = own_post(r, &p, &t);
    enum db_rc rc;

    if (st)
        return st;
    forum_form_post(r, NULL, &body, &lang, &err);
    if (!body)
        body = "";
    if (!page_errors_any(&err) && t.locked)
        page_errors_add(&err, "body", "communities.errors.locked");
    if (page_errors_any(&err))
        return edit_render(r, &p, &t, &err, body, lang, 0);
    st = edit_rate(r, &t, &err);
    if (st == 429)
        return edit_render(r, &p, &t, &err, body, lang, 429);
    if (st)
        return st;
    rc = forum_store_edit_own(r->db, r->arena, r->app->fold, p.id, r->user->id, body, lang);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "body", "communities.errors.locked");
        return edit_render(r, &p, &t, &err, body, lang, 0);
    }
    if (rc != DB_OK)
        return page_status(rc);
    forum_mentions_write(r, p.id, t.community_id, r->user->id, body);
    rendercache_forget(); /* the shared thread page shows the new text at once */
    return resp_see_other(r, post_href(r, &p));
}

static json_t *version_vm(struct req *r, const char *body, const char *lang, time_t written,
                          time_t now)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "lang", lang, "body_html",
                     forum_post_html(r->arena, body, strlen(body)), "when",
                     datefmt_ago(r->arena, r->app->i18n, r->lang, written, now), "when_iso",
                     datefmt_iso(r->arena, written), "when_date",
                     datefmt_date(r->arena, r->app->i18n, r->lang, written));
}

/* The history page's data of post id; NULL with DB_NOT_FOUND for a deleted
 * post, for anyone but an admin (deleted text is gone for all but admins). */
static json_t *history_vm(struct req *r, long long id, enum db_rc *rc)
{
    struct forum_history h;
    const struct forum_post *p = &h.post;
    time_t now = time(NULL);
    size_t i;
    json_t *data, *list;

    *rc = forum_store_history(r->db, r->arena, id, &h);
    if (*rc == DB_OK && p->deleted && !(r->user->roles & ROLE_ADMIN))
        *rc = DB_NOT_FOUND;
    if (*rc != DB_OK)
        return NULL;
    data = json_pack("{s:o, s:s, s:b}", "thread",
                     json_pack("{s:s, s:s, s:s}", "title", h.thread_title, "lang", h.thread_lang,
                               "href", post_href(r, p)),
                     "author", p->author, "deleted", p->deleted);
    json_object_set_new(
        data, "current",
        version_vm(r, p->body, p->lang, p->edited_at ? p->edited_at : p->created_at, now));
    list = json_array();
    for (i = 0; i < h.n_versions; i++)
        json_array_append_new(list, version_vm(r, h.versions[i].body, h.versions[i].lang,
                                               h.versions[i].written_at, now));
    json_object_set_new(data, "versions", list);
    return data;
}

/* page_kept_shared()'s build of post {id}'s history page. */
static int build_history(struct req *r, json_t **vm, const char **name)
{
    long long id = page_id(r, "id");
    enum db_rc rc = DB_OK;
    json_t *data = history_vm(r, id, &rc);

    if (!data)
        return page_status(rc);
    *vm = page_vm(r, "communities.history.title");
    json_object_set_new(*vm, "nav_communities", json_true());
    json_object_update(*vm, data);
    json_decref(data);
    *name = "communities/history";
    return 0;
}

/* GET /{lang}/posts/{id}/history — moderators (the route's guard): the post
 * as it is now, then each earlier version, newest first; rendered once per
 * language and post for every moderator (another for admins, who alone see
 * a deleted post's) and kept until the forums change (forumgen.h: an edit
 * is a write). 200; 404 (a deleted post, for anyone but an admin); 503. */
int forum_page_history(struct req *r)
{
    static struct kept_table pages = PAGE_KEPT_SHARED_INIT(256);

    if (page_id(r, "id") <= 0)
        return 404;
    return page_kept_shared(r, &pages, forum_mod_scope(r), forum_gen_get(), build_history);
}
