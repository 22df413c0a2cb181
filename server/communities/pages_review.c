/*
 * pages_review: the review queue. A member with fewer published posts than
 * the setting forum_review_posts has their first posts, and any post with
 * a link, held for a moderator (forum_review_waits); moderators list the
 * waiting posts and approve or reject each (GUARD_MODERATOR in the route
 * table), audited with who and why. docs/communities.md "The review queue".
 */
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/kepttable.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* body links somewhere: a Markdown link or autolink, or an address typed
 * bare (not linked, but an invitation all the same). */
static int has_link(struct req *r, const char *body)
{
    return strstr(body, "://") || strstr(body, "www.") || strstr(body, "WWW.") ||
           strstr(forum_post_html(r->arena, body, strlen(body)), "<a ");
}

int forum_review_waits(struct req *r, const char *body, enum db_rc *rc)
{
    int limit = r->app->cfg->forum_review_posts, published = 0, waiting = 0;

    *rc = DB_OK;
    if (limit == 0 || (r->user->roles & (ROLE_MODERATOR | ROLE_ADMIN)))
        return 0;
    *rc = forum_store_review_counts(r->db, r->user->id, limit, &published, &waiting);
    if (*rc != DB_OK)
        return -1;
    if (published >= limit)
        return 0;
    return published + waiting < limit || has_link(r, body);
}

/* A failed approval or rejection: the post whose form it was, the problem's
 * catalogue key and what was typed, shown beside that post's form. */
struct review_problem {
    long long post_id;
    const char *field; /* "note" (approve) or "reason" (reject) */
    const char *msg_key, *typed;
};

static json_t *waiting_vm(struct req *r, const struct forum_waiting *w,
                          const struct review_problem *pb)
{
    int mine = pb && pb->post_id == w->post_id;
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s}", "post_id",
                  (json_int_t)w->post_id, "thread", w->thread_title, "thread_lang", w->thread_lang,
                  "new_thread", w->new_thread, "author", w->author, "post_lang", w->lang,
                  "body_html", forum_post_html(r->arena, w->body, strlen(w->body)), "when",
                  datefmt_date(r->arena, r->app->i18n, r->lang, w->created_at), "when_iso",
                  datefmt_iso(r->arena, w->created_at), "reason", "");

    json_object_set_new(o, "note", json_string(""));
    if (!w->new_thread)
        json_object_set_new(o, "thread_href",
                            json_string(arena_printf(r->arena, "/%s/threads/%lld",
                                                     lang_code(r->lang), w->thread_id)));
    if (mine) {
        json_object_set_new(o, pb->field, json_string(pb->typed));
        json_object_set_new(o, arena_printf(r->arena, "%s_error", pb->field),
                            json_string(req_t(r, pb->msg_key)));
    }
    return o;
}

/* The queue's data (the waiting posts, their count) with the problem of one
 * post's form (NULL: none), or NULL with *rc. */
static json_t *queue_vm(struct req *r, const struct review_problem *pb, enum db_rc *rc)
{
    struct forum_waiting *v;
    size_t n, i;
    int total = 0;
    json_t *list;

    *rc = forum_store_waiting(r->db, r->arena, &v, &n, &total);
    if (*rc != DB_OK)
        return NULL;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, waiting_vm(r, &v[i], pb));
    return json_pack(
        "{s:o, s:s}", "waiting", list, "count",
        i18n_pluralf(r->arena, r->app->i18n, r->lang, "communities.review.count", total));
}

/* The queue's view model with the problem of one post's form (NULL: none)
 * and its error summary: 0 with *vm (the caller's), or a status. */
static int review_vm(struct req *r, const struct review_problem *pb, json_t **vm)
{
    struct page_errors err = { .n = 0 };
    json_t *data;
    enum db_rc rc;

    data = queue_vm(r, pb, &rc);
    if (!data)
        return page_db_status(rc);
    *vm = page_vm(r, "communities.review.title");
    json_object_set_new(
        *vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/moderation", "communities.moderation.title", NULL },
                    1));
    json_object_update(*vm, data);
    json_decref(data);
    if (pb) {
        page_errors_add(&err, arena_printf(r->arena, "%s-%lld", pb->field, pb->post_id),
                        pb->msg_key);
        page_errors_vm(r, *vm, &err);
    }
    return 0;
}

/* The queue without a problem: a page_build_fn. */
static int build_review(struct req *r, json_t **vm, const char **name)
{
    *name = "communities/review";
    return review_vm(r, NULL, vm);
}

/* The queue without a problem rendered once for every moderator per
 * language, the csrf token of each form a hole (app/page_kept.h), read
 * again when the forums change (forumgen.h). */
static struct kept_table queues = PAGE_KEPT_SHARED_INIT(8);

/* The queue with a problem of one post's form, for its reader alone. */
static int review_render(struct req *r, const struct review_problem *pb)
{
    json_t *vm = NULL;
    int st = review_vm(r, pb, &vm);

    return st ? st : page_render(r, "communities/review", vm);
}

/* GET /{lang}/moderation/review — the waiting posts, oldest first. 200; 503. */
int forum_page_review(struct req *r)
{
    return page_kept_shared(r, &queues, 0, forum_gen_get(), build_review);
}

static int to_queue(struct req *r)
{
    rendercache_forget(); /* a published post reaches the shared pages at once */
    return resp_see_other(r, arena_printf(r->arena, "/%s/moderation/review", lang_code(r->lang)));
}

/* POST /{lang}/moderation/posts/{id}/approve — ?note (optional, at most
 * FORUM_REASON_MAX characters): published, 303 to the queue; 400 with the
 * queue for a note too long; 404 for no waiting post; 503. */
int forum_page_approve(struct req *r)
{
    struct forum_reviewed done;
    long long id = page_id(r, "id");
    const char *note = req_form(r, "note");
    enum db_rc rc;

    if (!id)
        return 404;
    if (!note)
        note = "";
    if (utf8_count(note, strlen(note)) > FORUM_REASON_MAX)
        return review_render(
            r, &(struct review_problem){ id, "note", "communities.errors.reason_long", note });
    rc = forum_store_approve(r->db, r->arena, r->app->fold, id, r->user->id, r->client_ip, note,
                             &done);
    if (rc != DB_OK)
        return page_status(rc);
    forum_mentions_write(r, id, done.community_id, done.author_id, done.body);
    return to_queue(r);
}

/* POST /{lang}/moderation/posts/{id}/reject — ?reason (required, shown to
 * the author): 303 to the queue; 400 with the queue, the problem and what
 * was typed; 404 for no waiting post; 503. */
int forum_page_reject(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct forum_reviewed done;
    long long id = page_id(r, "id");
    const char *why = forum_mod_reason(r, "reason", &err);
    enum db_rc rc;

    if (!id)
        return 404;
    if (!why) {
        const char *typed = req_form(r, "reason");

        return review_render(
            r, &(struct review_problem){ id, "reason", err.items[0].msg_key, typed ? typed : "" });
    }
    rc = forum_store_reject(r->db, r->arena, id, r->user->id, r->client_ip, why, &done);
    return rc == DB_OK ? to_queue(r) : page_status(rc);
}
