/*
 * pages_mod: the moderators' report queue, hiding and restoring posts,
 * locking threads. GUARD_MODERATOR in the route table; every action asks
 * why and is audited with who and why.
 */
#include <string.h>

#include "app/page.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"

/* GET /{lang}/moderation — open reports, oldest first, and the running
 * mutes. 200; 503. */
int forum_page_reports(struct req *r)
{
    struct forum_report *v;
    size_t n, i;
    json_t *vm, *list;
    enum db_rc rc = forum_store_reports(r->db, r->arena, &v, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "communities.moderation.title");
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack(
                "{s:I, s:s, s:s, s:s, s:s, s:b, s:s}", "post_id", (json_int_t)v[i].post_id,
                "thread", v[i].thread_title, "thread_href",
                arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), v[i].thread_id),
                "reporter", v[i].reporter, "reason", v[i].reason, "hidden", v[i].post_hidden,
                "body_html", forum_post_html(r->arena, v[i].post_body, strlen(v[i].post_body))));
    json_object_set_new(vm, "reports", list);
    json_object_set_new(vm, "mutes", forum_vm_mutes(r, &rc));
    if (rc != DB_OK) {
        json_decref(vm);
        return page_db_status(rc);
    }
    return page_render(r, "communities/moderation", vm);
}

/* The moderator's reason: NULL when missing or too long (400). */
static const char *reason_of(struct req *r)
{
    struct page_errors err = { .n = 0 };

    return forum_mod_reason(r, "reason", &err);
}

static int moderate_post(struct req *r, int hide)
{
    long long id = page_id(r, "id"), thread_id = 0;
    const char *why = reason_of(r);
    enum db_rc rc;

    if (!id)
        return 404;
    if (!why)
        return 400;
    rc = forum_store_moderate_post(r->db, id, hide, r->user->id, r->client_ip, why, &thread_id);
    if (rc != DB_OK)
        return page_status(rc);
    rendercache_forget(); /* a hidden post leaves the shared thread page at once */
    return resp_see_other(
        r, arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), thread_id));
}

/* POST /{lang}/moderation/posts/{id}/hide and .../restore — ?reason
 * (required): 303 to the thread; 400 without a reason; 404; 503. */
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
