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
#include "core/kepttable.h"
#include "core/persongen.h"
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

/* The thread of the route's {id} and, for a signed-in reader, what they are
 * to it (one statement). */
struct thread_loaded {
    struct forum_thread t;
    struct forum_reader me;
};

/* The reader's own parts in the holes (personal/forum-watch): the watch
 * button. */
static json_t *mine_vm(struct req *r, const struct thread_loaded *l)
{
    return json_pack("{s:o}", "watch",
                     forum_vm_watch(r, arena_printf(r->arena, "/threads/%lld", l->t.id),
                                    l->me.watching, "communities.watch.watching_thread"));
}

/* me: what the page shows a signed-in reader (kept per variant, so nothing
 * of one reader's own: that is mine), and the reply form. */
static json_t *me_vm(struct req *r, json_t *vm, const struct thread_loaded *l,
                     const struct page_errors *err, const char *body, const char *lang)
{
    struct page_form form;
    const char *muted = NULL;
    enum db_rc rc = DB_OK;
    json_t *me;

    if (!r->user)
        return json_null();
    if (l->me.muted_until && !r->cache.anonymous)
        muted = forum_muted_text(r, &rc);
    me = json_pack("{s:b, s:b, s:b, s:s?}", "member", l->me.member, "moderator", is_moderator(r),
                   "reply_open", !l->t.locked || page_errors_any(err), "muted", muted);
    page_form_init(&form, r, err);
    forum_vm_post_fields(&form, NULL, body ? body : forum_quote(r, &l->t), lang);
    page_form_vm(&form, vm); /* the form at the top, where the error summary is read */
    return me;
}

static int thread_render(struct req *r, const struct thread_loaded *l,
                         const struct page_errors *err, const char *body, const char *lang)
{
    const struct forum_thread *t = &l->t;
    /* a signed-in reader's refill of a kept copy: nothing of their own in it */
    long long viewer = r->user && !r->cache.anonymous ? r->user->id : 0;
    struct forum_post *v;
    long long after, before;
    size_t n;
    int more;
    json_t *vm;
    enum db_rc rc;

    if (anchor(req_query(r, "after"), &after) || anchor(req_query(r, "before"), &before))
        return 400;
    rc = forum_store_posts(r->db, r->arena, t->id, viewer, after, before, &v, &n, &more);
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
    json_object_set_new(vm, "posts", forum_vm_posts(r, v, n, viewer, is_moderator(r)));
    json_object_set_new(vm, "pagination", posts_pages(r, t, v, n, more, after, before));
    json_object_set_new(vm, "me", me_vm(r, vm, l, err, body, lang));
    json_object_set_new(vm, "mine", viewer ? mine_vm(r, l) : json_null());
    return page_render(r, "communities/thread", vm);
}

/* l->t hidden is for moderators alone; unpublished (its first post waits
 * or was rejected) for its author and moderators: 0 or 404. */
static int thread_visible(const struct req *r, const struct forum_thread *t)
{
    if (t->hidden && !is_moderator(r))
        return 404;
    if (t->review != FORUM_PUBLISHED && !is_moderator(r) &&
        !(r->user && r->user->id == t->author_id))
        return 404;
    return 0;
}

/* reader_load()'s argument: the thread and its reader. */
struct reader_arg {
    struct db *db;
    long long id, user_id;
};

/* The thread and what the reader is to it, into a (a struct thread_loaded). */
static int reader_load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct reader_arg *ra = arg;
    struct thread_loaded *l = arena_alloc(a, sizeof(*l));
    enum db_rc rc = forum_store_thread_reader(ra->db, a, ra->id, ra->user_id, &l->t, &l->me);

    if (rc != DB_OK)
        return rc;
    *value = l;
    *size = sizeof(*l);
    return 0;
}

/* A signed-in reader's thread_loaded per (reader, thread), read again when
 * they write anything or the forums change (forum_kept.c): a repeated GET
 * of the thread page costs no round trip. */
static struct kept_table readers =
    KEPT_TABLE_INIT(reader_load, PERSON_KEPT_TTL_MS, 4096, .chunk = 1024);

/* The thread of the route's {id} and the reader's part in it: 0 or the
 * status. A GET reads the kept copy under gen (forum_gen_get(), read
 * before). */
static int thread_load(struct req *r, struct thread_loaded *l, unsigned long long gen)
{
    long long id = page_id(r, "id");
    struct reader_arg ra = { r->db, id, r->user ? r->user->id : 0 };
    long long key[2] = { ra.user_id, id };
    const void *v;
    size_t n;
    int st;

    memset(l, 0, sizeof(*l));
    if (!id)
        return 404;
    if (r->user && (r->method == HTTP_GET || r->method == HTTP_HEAD)) {
        st = page_status((enum db_rc)kept_table_get(r->arena, &readers, key, sizeof(key),
                                                    forum_kept_gen(ra.user_id, gen), &ra, &v, &n));
        if (!st)
            *l = *(const struct thread_loaded *)v; /* its strings: kept until r's arena resets */
    } else
        st = page_status(
            r->user ? forum_store_thread_reader(r->db, r->arena, id, r->user->id, &l->t, &l->me)
                    : forum_store_thread(r->db, r->arena, id, &l->t));
    return st ? st : thread_visible(r, &l->t);
}

/* GET /{lang}/threads/{id} — the posts, FORUM_PAGE_SIZE a page (?after= /
 * ?before= a post id). 200; 400 for a malformed cursor; 404; 503. */
int forum_page_thread(struct req *r)
{
    const struct thread_loaded *hook = r->cache.mine_loaded;
    struct thread_loaded l;
    int st = hook ? 0 : thread_load(r, &l, forum_gen_get());

    return st ? st : thread_render(r, hook ? hook : &l, NULL, NULL, NULL);
}

/*
 * The thread page's mine hook (app/router.h): a signed-in reader gets the
 * copy kept for their variant (admin, moderator or neither; member of the
 * community or not; the forum generation, so that any change to the forums
 * is seen at once) with their watch button and the forms' CSRF fields in
 * holes. Their own posts (edit and delete, a waiting post), a running mute,
 * and a thread not published to all are rendered in full.
 */
int forum_page_thread_mine(struct req *r, const char **variant)
{
    static const char *const variants[3][2] = { { "reader", "member" },
                                                { "mod", "mod-member" },
                                                { "admin", "admin-member" } };
    struct thread_loaded *l = arena_alloc(r->arena, sizeof(*l));
    unsigned long long gen = forum_gen_get();
    int role;

    if (!r->user)
        return 0;
    if (thread_load(r, l, gen) || l->t.hidden || l->t.review != FORUM_PUBLISHED ||
        l->me.own_posts || l->me.muted_until)
        return 1;
    role = r->user->roles & ROLE_ADMIN ? 2 : is_moderator(r);
    *variant = arena_printf(r->arena, "%s-%llu", variants[role][l->me.member != 0], gen);
    page_mine(r, mine_vm(r, l));
    r->cache.mine_loaded = l;
    return 0;
}

/* POST /{lang}/threads/{id}/posts — a reply: 303 to the thread's last page
 * (a new member's reply waits for a moderator, marked so for them alone);
 * 400 with the thread, the problems and what was typed (also from a muted
 * member, the page saying until when); 403 for a non-member; 404; 409 when the thread is locked;
 * 429; 503. */
int forum_page_reply(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct thread_loaded l;
    const char *body, *lang;
    long long id;
    int waits, st = thread_load(r, &l, 0);
    enum db_rc rc;

    if (st)
        return st;
    if (!l.me.member)
        return 403;
    st = forum_mute_refuse(r, &err);
    if (st && st != 403)
        return st;
    forum_form_post(r, NULL, &body, &lang, &err);
    if (!page_errors_any(&err) && l.t.locked)
        page_errors_add(&err, "body", "communities.errors.locked");
    if (page_errors_any(&err))
        return thread_render(r, &l, &err, body, lang);
    st = forum_rate_check(r, l.me.posts);
    if (st)
        return st;
    waits = forum_review_waits(r, body, &rc);
    if (waits < 0)
        return page_db_status(rc);
    rc = forum_store_reply(r->db, r->app->fold, &l.t, r->user->id, body, lang, waits, &id);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "body", "communities.errors.locked");
        return thread_render(r, &l, &err, body, lang);
    }
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!waits) /* a waiting post names people when it is approved */
        forum_mentions_write(r, id, l.t.community_id, r->user->id, body);
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld",
                                          lang_code(r->lang), l.t.id, id + 1, id));
}

/* POST /{lang}/posts/{id}/report — ?reason-{id} or ?reason (at most
 * FORUM_REASON_MAX characters; the thread page's one form for every post
 * sends each post's reason-{id}): 303 back to the thread with the report kept for the
 * moderators (again by the same person: nothing more); 400 for a reason too
 * long; 403 from a muted member; 404 for no such visible post; 503. */
int forum_page_report(struct req *r)
{
    long long id = page_id(r, "id"), thread_id = 0;
    const char *reason;
    int st;
    enum db_rc rc;

    if (!id)
        return 404;
    reason = req_form(r, forum_post_field(r, "reason", id, "reason"));
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
