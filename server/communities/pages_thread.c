/*
 * pages_thread: one thread and its posts (keyset by post id), replying,
 * reporting a post. The posts are the shared part; "me" (may reply, the
 * reply form) is the personal part.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_list.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"

/* ?after= / ?before=: a post id (absent: 0); -1 when malformed. */
static int anchor(const char *s, long long *out)
{
    *out = 0;
    return s && (page_cursor_parse(s, out, 1) || *out == 0) ? -1 : 0;
}

static int is_moderator(const struct req *r)
{
    return r->user && (r->user->roles & (ROLE_MODERATOR | ROLE_ADMIN));
}

/* Earlier and later posts: the thread reads oldest first, so rel=prev is
 * the earlier page (?before= the first post shown) and rel=next the later
 * one (?after= the last). */
static json_t *posts_pages(struct req *r, const struct forum_thread *t, const struct forum_post *v,
                           size_t n, int more, long long after, long long before)
{
    const struct page_list l = { arena_printf(r->arena, "/threads/%lld", t->id), NULL, 0,
                                 "communities.thread.pagination_label" };
    int has_later = before > 0 ? 1 : more, has_earlier = before > 0 ? more : after > 0;
    long long first = n ? v[0].id : 0, last = n ? v[n - 1].id : 0;
    const struct page_keyset k = {
        .prev = n && has_earlier ? page_cursor(r->arena, &first, 1) : NULL,
        .next = n && has_later ? page_cursor(r->arena, &last, 1) : NULL,
        .ascending = 1,
        .first = after > 0 || before > 0,
        .prev_key = "communities.thread.earlier",
        .next_key = "communities.thread.later",
        .first_key = "communities.thread.first",
    };

    return page_keyset_vm(r, &l, &k);
}

static json_t *me_vm(struct req *r, json_t *vm, const struct forum_thread *t,
                     const struct page_errors *err, const char *body, const char *lang)
{
    struct page_form form;
    int posts, watching = 0, community;
    json_t *me;
    enum db_rc rc;

    if (!r->user)
        return json_null();
    rc = forum_store_watching(r->db, r->user->id, t->id, t->community_id, &watching, &community);
    me = json_pack("{s:b, s:b, s:b, s:s?, s:o}", "member",
                   forum_store_member(r->db, t->community_id, r->user->id, &posts) == DB_OK,
                   "moderator", is_moderator(r), "reply_open", !t->locked || page_errors_any(err),
                   "muted", forum_muted_text(r, &rc), "watch",
                   forum_vm_watch(r, arena_printf(r->arena, "/threads/%lld", t->id), watching,
                                  "communities.watch.watching_thread"));
    page_form_init(&form, r, err);
    forum_vm_post_fields(&form, NULL, body ? body : forum_quote(r, t), lang);
    page_form_vm(&form, vm); /* the form at the top, where the error summary is read */
    return me;
}

static int thread_render(struct req *r, const struct forum_thread *t, const struct page_errors *err,
                         const char *body, const char *lang)
{
    struct forum_post *v;
    long long after, before;
    size_t n;
    int more;
    json_t *vm;
    enum db_rc rc;

    if (anchor(req_query(r, "after"), &after) || anchor(req_query(r, "before"), &before))
        return 400;
    rc = forum_store_posts(r->db, r->arena, t->id, r->user ? r->user->id : 0, after, before, &v, &n,
                           &more);
    if (rc == DB_OK)
        rc = forum_store_mentions_page(r->db, r->arena, t->id, v, n);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "communities.page_title");
    json_object_set_new(vm, "page_title", json_string(t->title));
    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/communities", "nav.communities", NULL }, 1));
    json_object_set_new(
        vm, "thread",
        json_pack("{s:I, s:s, s:s, s:b, s:s}", "id", (json_int_t)t->id, "title", t->title, "lang",
                  t->lang, "locked", t->locked, "href",
                  arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), t->id)));
    json_object_set_new(vm, "posts", forum_vm_posts(r, v, n, is_moderator(r)));
    json_object_set_new(vm, "pagination", posts_pages(r, t, v, n, more, after, before));
    json_object_set_new(vm, "me", me_vm(r, vm, t, err, body, lang));
    return page_render(r, "communities/thread", vm);
}

/* The thread of the route's {id}, hidden ones only for moderators, an
 * unpublished one (its first post waits or was rejected) only for its
 * author and moderators: 0 or the status. */
static int thread_by_route(struct req *r, struct forum_thread *t)
{
    long long id = page_id(r, "id");
    int st;

    if (!id)
        return 404;
    st = page_status(forum_store_thread(r->db, r->arena, id, t));
    if (!st && t->hidden && !is_moderator(r))
        return 404;
    if (!st && t->review != FORUM_PUBLISHED && !is_moderator(r) &&
        !(r->user && r->user->id == t->author_id))
        return 404;
    return st;
}

/* GET /{lang}/threads/{id} — the posts, FORUM_PAGE_SIZE a page (?after= /
 * ?before= a post id). 200; 400 for a malformed cursor; 404; 503. */
int forum_page_thread(struct req *r)
{
    struct forum_thread t;
    int st = thread_by_route(r, &t);

    return st ? st : thread_render(r, &t, NULL, NULL, NULL);
}

/* POST /{lang}/threads/{id}/posts — a reply: 303 to the thread's last page
 * (a new member's reply waits for a moderator, marked so for them alone);
 * 400 with the thread, the problems and what was typed (also from a muted
 * member, the page saying until when); 403 for a non-member; 404; 409 when the thread is locked;
 * 429; 503. */
int forum_page_reply(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct forum_thread t;
    const char *body, *lang;
    long long id;
    int posts, waits, st = thread_by_route(r, &t);
    enum db_rc rc;

    if (st)
        return st;
    rc = forum_store_member(r->db, t.community_id, r->user->id, &posts);
    if (rc != DB_OK)
        return rc == DB_NOT_FOUND ? 403 : page_db_status(rc);
    st = forum_mute_refuse(r, &err);
    if (st && st != 403)
        return st;
    forum_form_post(r, NULL, &body, &lang, &err);
    if (!page_errors_any(&err) && t.locked)
        page_errors_add(&err, "body", "communities.errors.locked");
    if (page_errors_any(&err))
        return thread_render(r, &t, &err, body, lang);
    st = forum_rate_check(r, posts);
    if (st)
        return st;
    waits = forum_review_waits(r, body, &rc);
    if (waits < 0)
        return page_db_status(rc);
    rc = forum_store_reply(r->db, r->app->fold, &t, r->user->id, body, lang, waits, &id);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "body", "communities.errors.locked");
        return thread_render(r, &t, &err, body, lang);
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!waits) /* a waiting post names people when it is approved */
        forum_mentions_write(r, id, t.community_id, r->user->id, body);
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld",
                                          lang_code(r->lang), t.id, id + 1, id));
}

/* POST /{lang}/posts/{id}/report — ?reason (at most FORUM_REASON_MAX
 * characters): 303 back to the thread with the report kept for the
 * moderators (again by the same person: nothing more); 400 for a reason too
 * long; 403 from a muted member; 404 for no such visible post; 503. */
int forum_page_report(struct req *r)
{
    long long id = page_id(r, "id"), thread_id = 0;
    const char *reason = req_form(r, "reason");
    int st;
    enum db_rc rc;

    if (!id)
        return 404;
    if (!reason)
        reason = "";
    if (utf8_count(reason, strlen(reason)) > FORUM_REASON_MAX)
        return 400;
    st = forum_mute_refuse(r, NULL);
    if (st)
        return st;
    rc = forum_store_report(r->db, id, r->user->id, reason, &thread_id);
    if (rc != DB_OK && rc != DB_CONFLICT)
        return page_status(rc);
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/threads/%lld?reported=1", lang_code(r->lang), thread_id));
}

/* POST /{lang}/posts/{id}/delete — the reader's own post becomes a
 * tombstone: 303 back to it; 404 when it is not theirs or gone; 503. */
int forum_page_delete(struct req *r)
{
    long long id = page_id(r, "id"), thread_id = 0;
    enum db_rc rc;

    if (!id)
        return 404;
    rc = forum_store_delete_own(r->db, id, r->user->id, &thread_id);
    if (rc != DB_OK)
        return page_status(rc);
    rendercache_forget(); /* a deleted post leaves the shared thread page at once */
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld",
                                          lang_code(r->lang), thread_id, id + 1, id));
}
