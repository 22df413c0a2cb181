/*
 * The forums' API (docs/api.md "Communities"): GET /api/v1/communities,
 * /api/v1/communities/{slug}/threads and /api/v1/threads/{id}, in the
 * courses API's conventions (app/page_api.h): community texts as
 * {"cy", "en"}, a thread's title and each post in the one language it was
 * written in (with its lang), times in ISO 8601 UTC, absolute links, errors
 * as JSON. Pages are keysets like the pages': `next` is the cursor of the
 * following page, null on the last. Hidden threads and hidden posts never
 * appear; a deleted post is a tombstone {id, deleted: true} without text.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_api.h"
#include "app/page_list.h"
#include "communities/communities.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"

/* {"cy": base/cy<path>, "en": base/en<path>} */
static json_t *links(struct req *r, const char *path)
{
    const char *base = r->app->cfg->base_url;

    return page_api_both(arena_printf(r->arena, "%s/cy%s", base, path),
                         arena_printf(r->arena, "%s/en%s", base, path));
}

static json_t *community_json(struct req *r, const struct community *c)
{
    return json_pack(
        "{s:s, s:o, s:o, s:o, s:s}", "slug", c->slug, "name",
        page_api_both(c->name[LANG_CY], c->name[LANG_EN]), "summary",
        page_api_both(c->summary[LANG_CY], c->summary[LANG_EN]), "url",
        links(r, arena_printf(r->arena, "/communities/%s", c->slug)), "threads",
        arena_printf(r->arena, "%s/api/v1/communities/%s/threads", r->app->cfg->base_url, c->slug));
}

static json_t *thread_json(struct req *r, const struct forum_thread *t)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:i, s:b, s:b, s:s, s:s, s:o, s:s}", "id", (json_int_t)t->id, "title",
        t->title, "lang", t->lang, "author", t->author, "post_count", t->post_count, "pinned",
        t->pinned, "locked", t->locked, "created_at", datefmt_iso(r->arena, t->created_at),
        "last_post_at", datefmt_iso(r->arena, t->last_post_at), "url",
        links(r, arena_printf(r->arena, "/threads/%lld", t->id)), "api",
        arena_printf(r->arena, "%s/api/v1/threads/%lld", r->app->cfg->base_url, t->id));
}

/* A visible post in full, a deleted one as a tombstone; NULL for a hidden one. */
static json_t *post_json(struct req *r, const struct forum_post *p)
{
    if (p->hidden)
        return NULL;
    if (p->deleted)
        return json_pack("{s:I, s:b, s:s}", "id", (json_int_t)p->id, "deleted", 1, "created_at",
                         datefmt_iso(r->arena, p->created_at));
    return json_pack("{s:I, s:b, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id, "deleted", 0,
                     "author", p->author, "lang", p->lang, "created_at",
                     datefmt_iso(r->arena, p->created_at), "body", p->body, "body_html",
                     forum_post_html(r->arena, p->body, strlen(p->body)));
}

/* GET /api/v1/communities — every open community, in their order. 200; 503. */
int forum_api_communities(struct req *r)
{
    struct community *v;
    size_t n, i;
    json_t *items;
    enum db_rc rc = community_store_list(r->db, r->arena, &v, &n);

    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, community_json(r, &v[i]));
    return page_api_send(r, 200, json_pack("{s:o}", "items", items));
}

/*
 * GET /api/v1/communities/{slug}/threads — FORUM_PAGE_SIZE threads a page,
 * as the community's page: pinned ones first on the first page, then by
 * latest post; ?before= the `next` of the page before. 200; 400 for a
 * malformed cursor; 404 for no such community; 503.
 */
int forum_api_threads(struct req *r)
{
    const char *slug = page_slug(r, "slug"), *before = req_query(r, "before");
    long long cur[2] = { 0, 0 };
    struct community c;
    struct forum_thread *v;
    size_t n, i;
    int more;
    json_t *items;
    enum db_rc rc;

    if (!slug)
        return page_api_error(r, 404, "no such community");
    if (before && (page_cursor_parse(before, cur, 2) || cur[1] == 0))
        return page_api_error(r, 400, "before: a next cursor from the page before");
    rc = community_store_by_slug(r->db, r->arena, slug, &c);
    if (rc == DB_NOT_FOUND)
        return page_api_error(r, 404, "no such community");
    if (rc == DB_OK)
        rc = forum_store_threads(r->db, r->arena, c.id, (time_t)cur[0], cur[1], &v, &n, &more);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, thread_json(r, &v[i]));
    cur[0] = n ? (long long)v[n - 1].last_post_at : 0;
    cur[1] = n ? v[n - 1].id : 0;
    return page_api_send(
        r, 200,
        json_pack("{s:o, s:o, s:o}", "community", community_json(r, &c), "items", items, "next",
                  more ? json_string(page_cursor(r->arena, cur, 2)) : json_null()));
}

/* The community of id as {slug, name}, or null (none: it cannot be, by the key). */
static json_t *community_of(struct req *r, int id, enum db_rc *rc)
{
    struct community c = { .slug = NULL };

    *rc = community_store_by_id(r->db, r->arena, id, &c);
    if (*rc == DB_NOT_FOUND)
        *rc = DB_OK;
    if (*rc != DB_OK || !c.slug)
        return json_null();
    return json_pack("{s:s, s:o}", "slug", c.slug, "name",
                     page_api_both(c.name[LANG_CY], c.name[LANG_EN]));
}

/*
 * GET /api/v1/threads/{id} — the thread and FORUM_PAGE_SIZE of its posts,
 * oldest first; ?after= the `next` of the page before. 200; 400 for a
 * malformed cursor; 404 for no such (or a hidden) thread; 503.
 */
int forum_api_thread(struct req *r)
{
    long long id = page_id(r, "id"), after = 0;
    const char *cursor = req_query(r, "after");
    struct forum_thread t;
    struct forum_post *v;
    size_t n, i;
    int more;
    json_t *thread, *posts, *p;
    enum db_rc rc;

    if (!id)
        return page_api_error(r, 404, "no such thread");
    if (cursor && (page_cursor_parse(cursor, &after, 1) || after == 0))
        return page_api_error(r, 400, "after: a next cursor from the page before");
    rc = forum_store_thread(r->db, r->arena, id, &t);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && (t.hidden || t.review != FORUM_PUBLISHED)))
        return page_api_error(r, 404, "no such thread");
    if (rc == DB_OK)
        rc = forum_store_posts(r->db, r->arena, id, 0, after, 0, &v, &n, &more);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    thread = thread_json(r, &t);
    json_object_set_new(thread, "community", community_of(r, t.community_id, &rc));
    if (rc != DB_OK) {
        json_decref(thread);
        return page_api_db_error(r, rc);
    }
    posts = json_array();
    for (i = 0; i < n; i++) {
        p = post_json(r, &v[i]);
        if (p)
            json_array_append_new(posts, p);
    }
    after = n ? v[n - 1].id : 0;
    return page_api_send(
        r, 200,
        json_pack("{s:o, s:o, s:o}", "thread", thread, "posts", posts, "next",
                  more ? json_string(page_cursor(r->arena, &after, 1)) : json_null()));
}
