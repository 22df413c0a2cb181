/*
 * pages_mod: the moderators' report queue, hiding and restoring posts,
 * locking threads. GUARD_MODERATOR in the route table; every action asks
 * why and is audited with who and why.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

/* One open report; a deleted post's text for admins alone (a tombstone
 * for moderators, as on the thread). */
static json_t *report_vm(struct req *r, const struct forum_report *p, int admin)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "post_id", (json_int_t)p->post_id,
                     "thread", p->thread_title, "thread_href",
                     arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), p->thread_id),
                     "reporter", p->reporter, "reason", p->reason, "hidden", p->post_hidden,
                     "deleted", p->post_deleted, "body_html",
                     !p->post_deleted || admin ? json_string(forum_post_html(r->arena, p->post_body,
                                                                             strlen(p->post_body)))
                                               : json_null());
}

/* The moderation page's data (reports, the review count, the mutes) as
 * r's scope sees it (forum_mod_scope()), or NULL with *rc. */
static json_t *queue_vm(struct req *r, enum db_rc *rc)
{
    int admin = forum_mod_scope(r) == FORUM_SCOPE_ADMINS;
    struct forum_queue q;
    size_t i;
    json_t *data, *list;

    *rc = forum_store_queue(r->db, r->arena, &q);
    if (*rc != DB_OK)
        return NULL;
    list = json_array();
    for (i = 0; i < q.n_reports; i++)
        json_array_append_new(list, report_vm(r, &q.reports[i], admin));
    data = json_pack("{s:o}", "reports", list);
    json_object_set_new(
        data, "review",
        json_pack(
            "{s:s, s:s}", "href",
            arena_printf(r->arena, "/%s/moderation/review", lang_code(r->lang)), "count",
            i18n_pluralf(r->arena, r->app->i18n, r->lang, "communities.review.count", q.waiting)));
    json_object_set_new(data, "mutes", forum_vm_mutes(r, q.mutes, q.n_mutes));
    return data;
}

/* The moderation page's view model for r: a page_build_fn. */
static int build_queue(struct req *r, json_t **vm, const char **name)
{
    json_t *data;
    enum db_rc rc;

    data = queue_vm(r, &rc);
    if (!data)
        return page_db_status(rc);
    *vm = page_vm(r, "communities.moderation.title");
    json_object_update(*vm, data);
    json_decref(data);
    *name = "communities/moderation";
    return 0;
}

/* The page rendered once for every moderator and once for every admin per
 * language, the csrf token of each form a hole (app/page_kept.h), read
 * again when the forums change (forumgen.h). */
static struct kept_table queues = PAGE_KEPT_SHARED_INIT(8);

/* GET /{lang}/moderation — open reports, oldest first, how many posts wait
 * for review (linked to the queue), and the running mutes. 200; 503. */
int forum_page_reports(struct req *r)
{
    return page_kept_shared(r, &queues, forum_mod_scope(r), forum_gen_get(), build_queue);
}

/* The moderator's reason: NULL when missing or too long (400). */
static const char *reason_of(struct req *r)
{
    struct page_errors err = { .n = 0 };

    return forum_mod_reason(r, "reason", &err);
}

static int moderate_post(struct req *r, int hide)
{
    struct page_errors err = { .n = 0 };
    long long id = page_id(r, "id"), thread_id = 0;
    const char *why;
    enum db_rc rc;

    if (!id)
        return 404;
    why = forum_mod_reason(r, forum_post_field(r, "why", id, "reason"), &err);
    if (!why)
        return 400;
    rc = forum_store_moderate_post(r->db, id, hide, r->user->id, r->client_ip, why, &thread_id);
    if (rc != DB_OK)
        return page_status(rc);
    rendercache_forget(); /* a hidden post leaves the shared thread page at once */
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), thread_id));
}

/* POST /{lang}/moderation/posts/{id}/hide and .../restore — ?why-{id}
 * (the thread page's one form) or ?reason (the moderation page), required:
 * 303 to the thread; 400 without a reason; 404; 503. */
int forum_page_hide(struct req *r)
{
    return moderate_post(r, 1);
}

int forum_page_restore(struct req *r)
{
    return moderate_post(r, 0);
}

static int lock_thread(struct req *r, int lock)
{
    long long id = page_id(r, "id");
    const char *why = reason_of(r);
    struct forum_thread t;
    int st;

    if (!id)
        return 404;
    st = page_status(forum_store_thread(r->db, r->arena, id, &t));
    if (st)
        return st;
    if (!why)
        return 400;
    st = page_status(forum_store_lock(r->db, id, lock, r->user->id, r->client_ip, why));
    if (st)
        return st;
    rendercache_forget();
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), id));
}

/* POST /{lang}/moderation/threads/{id}/lock and .../unlock — ?reason
 * (required): 303 to the thread; 400 without a reason; 404; 503. */
int forum_page_lock(struct req *r)
{
    return lock_thread(r, 1);
}

int forum_page_unlock(struct req *r)
{
    return lock_thread(r, 0);
}
