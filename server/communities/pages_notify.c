/*
 * pages_notify: the signed-in reader's notifications of replies to threads
 * they watch, mentions, and what moderators did with their own posts. Reading the page marks them
 * read (the unread count kept in forum_unread goes back to 0). Personal: never shared.
 */
#include <time.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* What a notification says: who wrote, or what a moderator did with the
 * reader's own post (and why not). */
static const char *notice_text(struct req *r, const struct forum_notice *v)
{
    if (v->review == FORUM_NOTICE_PUBLISHED)
        return req_t(r, "communities.reviewed.notice_published");
    if (v->review == FORUM_NOTICE_REJECTED)
        return i18n_format(r->arena, req_t(r, "communities.reviewed.notice_rejected"), "reason",
                           v->reason ? v->reason : "", NULL);
    return i18n_format(r->arena,
                       req_t(r, v->mention ? "communities.notifications.mentioned"
                                : v->first ? "communities.notifications.started"
                                           : "communities.notifications.replied"),
                       "name", v->author, NULL);
}

/* The page's view model: 0 with *out, or a status. Marks them read. */
static int notifications_vm(struct req *r, json_t **out)
{
    struct forum_notice *v;
    size_t n, i;
    time_t now = time(NULL);
    json_t *vm, *list;
    enum db_rc rc =
        forum_store_notifications(r->db, r->arena, r->user->id, r->user->unread, &v, &n);

    if (rc != DB_OK)
        return page_db_status(rc);
    r->user->unread = 0; /* all read now: the header says so on this page too */
    vm = page_vm(r, "communities.notifications.title");
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "title", v[i].thread_title, "lang",
                            v[i].thread_lang, "href",
                            arena_printf(r->arena, "/%s/threads/%lld?before=%lld#post-%lld",
                                         lang_code(r->lang), v[i].thread_id, v[i].post_id + 1,
                                         v[i].post_id),
                            "text", notice_text(r, &v[i]), "when",
                            datefmt_ago(r->arena, r->app->i18n, r->lang, v[i].created_at, now),
                            "unread", v[i].unread));
    json_object_set_new(vm, "notifications", list);
    *out = vm;
    return 0;
}

static int build_kept(struct req *r, json_t **vm, const char **name)
{
    *name = "communities/notifications";
    return notifications_vm(r, vm);
}

/*
 * GET /{lang}/notifications — the newest FORUM_NOTICES_MAX, the unread
 * ones marked, then all marked read. 200; 503. With none unread it is kept
 * for the reader's session (app/page_kept.h): a new notification bumps
 * their unread count and forgets their session (store_notify.c, through
 * auth/sessioncache.h), which moves their generation; the page that marks
 * them read is never kept, and moves it again.
 */
int forum_page_notifications(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_TABLE_INIT(1024);
    json_t *vm = NULL;
    int status;

    if (r->user->unread == 0)
        return page_kept_get(r, &kept, persongen_get(r->user->id), build_kept);
    status = notifications_vm(r, &vm);
    return status ? status : page_render(r, "communities/notifications", vm);
}

/* The reader's unread count for a page's personal part: a link with the
 * count, or null when signed out (a failed read shows no count). */
json_t *forum_vm_unread(struct req *r)
{
    int unread = 0;

    if (!r->user || forum_store_unread(r->db, r->user->id, &unread) != DB_OK)
        return json_null();
    return json_pack(
        "{s:s, s:s, s:i}", "href", arena_printf(r->arena, "/%s/notifications", lang_code(r->lang)),
        "text",
        i18n_pluralf(r->arena, r->app->i18n, r->lang, "communities.notifications.unread", unread),
        "count", unread);
}
