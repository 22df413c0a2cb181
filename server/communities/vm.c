/*
 * vm: the forums' view models from loaded rows (no store call), and a
 * post's HTML.
 */
#include <string.h>
#include <time.h>

#include "app/page_field.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "communities/mention.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"
#include "view/markdown.h"

#define LINK_OPEN "<a href=\""
#define LINK_SAFE "<a rel=\"nofollow ugc noopener\" href=\""

const char *forum_post_html(struct arena *a, const char *md, size_t len)
{
    const char *html = markdown_html(a, md, len), *p, *at;
    size_t n = 0, cap;
    char *out, *w;

    for (p = html; (at = strstr(p, LINK_OPEN)); p = at + strlen(LINK_OPEN))
        n++;
    cap = strlen(html) + n * (strlen(LINK_SAFE) - strlen(LINK_OPEN)) + 1;
    out = w = arena_alloc(a, cap);
    for (p = html; (at = strstr(p, LINK_OPEN)); p = at + strlen(LINK_OPEN)) {
        memcpy(w, p, (size_t)(at - p));
        w += at - p;
        memcpy(w, LINK_SAFE, strlen(LINK_SAFE));
        w += strlen(LINK_SAFE);
    }
    memcpy(w, p, strlen(p) + 1);
    return out;
}

json_t *forum_vm_threads(struct req *r, const struct forum_thread *v, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack(
                "{s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "title", v[i].title, "lang", v[i].lang,
                "href", arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), v[i].id),
                "author", v[i].author, "pinned", v[i].pinned, "locked", v[i].locked, "replies",
                i18n_pluralf(r->arena, r->app->i18n, r->lang, "communities.posts_count",
                             v[i].post_count),
                "last_post", datefmt_date(r->arena, r->app->i18n, r->lang, v[i].last_post_at)));
    return list;
}

/* The post as a reader sees it, not its Markdown source; "…" when the store
 * cut it short. */
static const char *snippet(struct req *r, const struct forum_hit *h)
{
    const char *text = markdown_text(r->arena, h->snippet, strlen(h->snippet));

    return h->cut ? arena_printf(r->arena, "%s…", text) : text;
}

json_t *forum_vm_hits(struct req *r, const struct forum_hit *v, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title", v[i].thread_title, "lang",
                v[i].thread_lang, "href",
                arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld", lang_code(r->lang),
                             v[i].thread_id, v[i].post_id + 1, v[i].post_id),
                "community", v[i].community_name[r->lang], "community_href",
                arena_printf(r->arena, "/%s/communities/%s", lang_code(r->lang),
                             v[i].community_slug),
                "snippet", snippet(r, &v[i]), "meta",
                arena_printf(r->arena, "%s · %s", v[i].author,
                             datefmt_date(r->arena, r->app->i18n, r->lang, v[i].created_at))));
    return list;
}

/* A post's HTML with its mentions linked: each to the person's page. */
static const char *post_html(struct req *r, const struct forum_post *p)
{
    const char *html = forum_post_html(r->arena, p->body, strlen(p->body));
    const char **handles, **hrefs;
    size_t i;

    if (!p->n_mentions)
        return html;
    handles = arena_alloc(r->arena, p->n_mentions * sizeof(*handles));
    hrefs = arena_alloc(r->arena, p->n_mentions * sizeof(*hrefs));
    for (i = 0; i < p->n_mentions; i++) {
        handles[i] = p->mentions[i].handle;
        hrefs[i] =
            arena_printf(r->arena, "/%s/people/%lld", lang_code(r->lang), p->mentions[i].user_id);
    }
    return mention_link(r->arena, html, handles, hrefs, p->n_mentions);
}

/* The edit, quote and history links and "edited ..." of post p (shown);
 * a deleted post's history is for admins alone, like its text. */
static void post_links(struct req *r, json_t *o, const struct forum_post *p, int mine,
                       int moderator, int admin, time_t now)
{
    const char *l = lang_code(r->lang);

    if (p->edited_at) {
        json_object_set_new(
            o, "edited",
            json_string(i18n_format(r->arena, req_t(r, "communities.thread.edited"), "when",
                                    datefmt_ago(r->arena, r->app->i18n, r->lang, p->edited_at, now),
                                    NULL)));
        json_object_set_new(o, "edited_iso", json_string(datefmt_iso(r->arena, p->edited_at)));
        if (moderator && (!p->deleted || admin))
            json_object_set_new(
                o, "history_href",
                json_string(arena_printf(r->arena, "/%s/posts/%lld/history", l, p->id)));
    }
    if (mine && p->review == FORUM_PUBLISHED)
        json_object_set_new(o, "edit_href",
                            json_string(arena_printf(r->arena, "/%s/posts/%lld/edit", l, p->id)));
    if (r->user && !p->hidden && !p->deleted && p->review == FORUM_PUBLISHED)
        json_object_set_new(o, "quote_href",
                            json_string(arena_printf(r->arena, "/%s/threads/%lld?quote=%lld#body",
                                                     l, p->thread_id, p->id)));
}

/* The author's own unpublished post: "waiting" or "rejected" (with why). */
static void post_review(struct req *r, json_t *o, const struct forum_post *p)
{
    if (p->review == FORUM_WAITING)
        json_object_set_new(o, "waiting", json_true());
    else if (p->review == FORUM_REJECTED)
        json_object_set_new(
            o, "rejected",
            json_string(i18n_format(r->arena, req_t(r, "communities.review.rejected_yours"),
                                    "reason", p->review_reason ? p->review_reason : "", NULL)));
    json_object_set_new(o, "published", json_boolean(p->review == FORUM_PUBLISHED));
}

/* The text of v: shown to all when visible; a hidden post's to moderators;
 * a deleted post's to admins alone (everyone else sees the tombstone). */
static int text_shown(const struct forum_post *v, int moderator, int admin)
{
    if (v->deleted)
        return admin;
    return !v->hidden || moderator;
}

json_t *forum_vm_posts(struct req *r, const struct forum_post *v, size_t n, long long viewer,
                       int moderator)
{
    json_t *list = json_array(), *o;
    time_t now = time(NULL);
    int admin = r->user && (r->user->roles & ROLE_ADMIN);
    size_t i;

    for (i = 0; i < n; i++) {
        int shown = !v[i].hidden && !v[i].deleted;

        o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)v[i].id,
                      "author", v[i].author, "post_lang", v[i].lang, "when",
                      datefmt_ago(r->arena, r->app->i18n, r->lang, v[i].created_at, now),
                      "when_iso", datefmt_iso(r->arena, v[i].created_at), "when_date",
                      datefmt_date(r->arena, r->app->i18n, r->lang, v[i].created_at), "hidden",
                      v[i].hidden, "deleted", v[i].deleted);
        json_object_set_new(o, "author_href",
                            json_string(arena_printf(r->arena, "/%s/people/%lld",
                                                     lang_code(r->lang), v[i].author_id)));
        /* a moderator's link to mute the author (the post's own lang is not the page's) */
        json_object_set_new(o, "mute_href",
                            json_string(arena_printf(r->arena, "/%s/moderation/members/%lld",
                                                     lang_code(r->lang), v[i].author_id)));
        /* personal: the reader's own post (viewer 0: none, as in a kept copy) */
        json_object_set_new(o, "mine", json_boolean(shown && viewer && viewer == v[i].author_id));
        json_object_set_new(o, "body_html",
                            text_shown(&v[i], moderator, admin) ? json_string(post_html(r, &v[i]))
                                                                : json_null());
        post_review(r, o, &v[i]);
        post_links(r, o, &v[i], shown && viewer && viewer == v[i].author_id, moderator, admin, now);
        json_array_append_new(list, o);
    }
    return list;
}

void forum_vm_post_fields(struct page_form *form, const char *title, const char *body,
                          const char *lang)
{
    static const char *const langs[] = { "cy", "en" };
    const char *chosen = lang ? lang : lang_code(form->r->lang);

    if (title || !body) /* a new thread (the community page) asks for a title */
        page_field_input(form, "title", "text", "communities.fields.title", title ? title : "");
    page_field_textarea(form, "body", "communities.fields.body", body ? body : "");
    page_field_select(form, "lang", "communities.fields.lang", NULL,
                      page_options(form->r, "communities.lang.", langs, 2, NULL, chosen));
}
