/*
 * pages_list: the communities, one community's threads, joining, starting
 * a thread. The shared part of a community page (its threads) is built
 * apart from the personal part ("me": membership, the new-thread form).
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "app/page_list.h"
#include "auth/session.h"
#include "catalogue/catalogue.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"
#include "webinars/webinars.h"

int communities_by_route(struct req *r, struct community *c)
{
    const char *slug = page_slug(r, "slug");

    if (!slug)
        return 404;
    return page_status(community_store_by_slug(r->db, r->arena, slug, c));
}

/* GET /{lang}/communities — every open community. 200; 503 without the database. */
int community_page_list(struct req *r)
{
    struct community *v;
    size_t n, i;
    json_t *vm, *list = json_array();
    enum db_rc rc = community_store_list(r->db, r->arena, &v, &n);

    if (rc != DB_OK) {
        json_decref(list);
        return page_db_status(rc);
    }
    vm = page_vm(r, "communities.page_title");
    json_object_set_new(vm, "nav_communities", json_true());
    for (i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "name", v[i].name[r->lang],
                                              "summary", v[i].summary[r->lang], "href",
                                              arena_printf(r->arena, "/%s/communities/%s",
                                                           lang_code(r->lang), v[i].slug)));
    json_object_set_new(vm, "communities", list);
    json_object_set_new(vm, "unread", forum_vm_unread(r)); /* personal */
    return page_render(r, "communities/index", vm);
}

/* ?before= "last_post_at.id" of the last thread shown: 0, or -1 when malformed. */
static int thread_cursor(struct req *r, time_t *t, long long *id)
{
    const char *s = req_query(r, "before");
    long long v[2] = { 0, 0 };

    if (s && (page_cursor_parse(s, v, 2) || v[1] == 0))
        return -1;
    *t = (time_t)v[0];
    *id = v[1];
    return 0;
}

static json_t *threads_pages(struct req *r, const struct community *c, const struct forum_thread *v,
                             size_t n, int more, long long before)
{
    const struct page_list l = { arena_printf(r->arena, "/communities/%s", c->slug), NULL, 0,
                                 "communities.pagination_label" };
    long long last[2] = { n ? (long long)v[n - 1].last_post_at : 0, n ? v[n - 1].id : 0 };
    const struct page_keyset k = {
        .next = more ? page_cursor(r->arena, last, 2) : NULL,
        .first = before > 0,
        .next_key = "communities.older_threads",
        .first_key = "communities.newest_threads",
    };

    return page_keyset_vm(r, &l, &k);
}

/* The reader's own parts in the holes (personal/forum-watch): the watch
 * button. */
static json_t *mine_vm(struct req *r, const struct community *c, const struct forum_reader *me)
{
    return json_pack("{s:o}", "watch",
                     forum_vm_watch(r, arena_printf(r->arena, "/communities/%s", c->slug),
                                    me->watching, "communities.watch.watching_community"));
}

/* The signed-in reader's part kept per variant (joined or not: the join
 * button or the form to start a thread), never one reader's own. */
static json_t *me_vm(struct req *r, json_t *vm, const struct forum_reader *reader,
                     const struct page_errors *err, const char *title, const char *body,
                     const char *lang)
{
    struct page_form form;
    const char *muted = NULL;
    enum db_rc rc = DB_OK;
    json_t *me;

    if (!r->user)
        return json_null();
    if (reader->muted_until && !r->cache.anonymous)
        muted = forum_muted_text(r, &rc);
    me = json_pack("{s:b, s:s?}", "member", reader->member, "muted", muted);
    page_form_init(&form, r, err);
    forum_vm_post_fields(&form, title, body, lang);
    page_form_vm(&form, vm); /* the form at the top, where the error summary is read */
    return me;
}

/* The learning pathway that follows c's discipline as {title, href}, or null. */
static json_t *pathway_vm(struct req *r, const struct community *c, enum db_rc *rc)
{
    struct catalogue_pathway p;

    *rc = catalogue_store_pathway_of_community(r->db, r->arena, c->slug, &p);
    if (*rc != DB_OK) {
        if (*rc == DB_NOT_FOUND)
            *rc = DB_OK;
        return json_null();
    }
    return json_pack("{s:s, s:s}", "title", p.title[r->lang], "href",
                     arena_printf(r->arena, "/%s/pathways/%s", lang_code(r->lang), p.slug));
}

int community_page_render(struct req *r, const struct community *c, const struct forum_reader *me,
                          const struct page_errors *err, const char *title, const char *body,
                          const char *lang)
{
    struct forum_thread *v;
    time_t before_t;
    long long before;
    size_t n;
    int more;
    json_t *vm, *webinars;
    enum db_rc rc;

    if (thread_cursor(r, &before_t, &before))
        return 400;
    rc = forum_store_threads(r->db, r->arena, c->id, before_t, before, &v, &n, &more);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "communities.page_title");
    json_object_set_new(vm, "page_title", json_string(c->name[r->lang]));
    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/communities", "nav.communities", NULL }, 1));
    json_object_set_new(
        vm, "community",
        json_pack("{s:s, s:s, s:s, s:s}", "name", c->name[r->lang], "summary", c->summary[r->lang],
                  "href", arena_printf(r->arena, "/%s/communities/%s", lang_code(r->lang), c->slug),
                  "search_href",
                  arena_printf(r->arena, "/%s/search/communities?community=%s", lang_code(r->lang),
                               c->slug)));
    json_object_set_new(vm, "pathway", pathway_vm(r, c, &rc));
    if (rc != DB_OK) {
        json_decref(vm);
        return page_db_status(rc);
    }
    json_object_set_new(vm, "threads", forum_vm_threads(r, v, n));
    json_object_set_new(vm, "pagination", threads_pages(r, c, v, n, more, before));
    rc = webinar_community_cards(r, c->id, &webinars);
    if (rc != DB_OK) {
        json_decref(vm);
        return page_db_status(rc);
    }
    json_object_set_new(vm, "has_webinars", json_boolean(json_array_size(webinars) > 0));
    json_object_set_new(vm, "webinars", webinars);
    json_object_set_new(vm, "card_heading", json_string("h3"));
    json_object_set_new(vm, "me", me_vm(r, vm, me, err, title, body, lang));
    /* a signed-in reader's refill of a kept copy: their own parts only in the holes */
    json_object_set_new(vm, "mine",
                        r->user && !r->cache.anonymous ? mine_vm(r, c, me) : json_null());
    return page_render(r, "communities/show", vm);
}

/* The community of the route's {slug} and what the signed-in reader is to
 * it (one statement): 0, or the status. */
struct community_loaded {
    struct community c;
    struct forum_reader me;
};

/* reader_load()'s argument: the community and its reader. */
struct reader_arg {
    struct db *db;
    const char *slug;
    long long user_id;
};

/* The community and what the reader is to it, into a (a struct
 * community_loaded). */
static int reader_load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct reader_arg *ra = arg;
    struct community_loaded *l = arena_alloc(a, sizeof(*l));
    enum db_rc rc;

    memset(l, 0, sizeof(*l));
    rc = community_store_reader(ra->db, a, ra->slug, ra->user_id, &l->c, &l->me);
    if (rc != DB_OK)
        return rc;
    *value = l;
    *size = sizeof(*l);
    return 0;
}

/* A signed-in reader's community_loaded per (reader, community), read again
 * when they write anything or the forums change (forum_kept.c). */
static struct kept_table readers =
    KEPT_TABLE_INIT(reader_load, PERSON_KEPT_TTL_MS, 2048, .chunk = 1024);

/* gen: forum_gen_get(), read before; a GET reads the kept copy under it. */
static int community_load(struct req *r, struct community_loaded *l, unsigned long long gen)
{
    const char *slug = page_slug(r, "slug"), *key;
    struct reader_arg ra = { r->db, slug, r->user ? r->user->id : 0 };
    const void *v;
    size_t n;
    int st;

    memset(l, 0, sizeof(*l));
    if (!slug)
        return 404;
    if (!r->user)
        return page_status(community_store_by_slug(r->db, r->arena, slug, &l->c));
    if (r->method != HTTP_GET && r->method != HTTP_HEAD)
        return page_status(
            community_store_reader(r->db, r->arena, slug, r->user->id, &l->c, &l->me));
    key = arena_printf(r->arena, "%lld/%s", ra.user_id, slug);
    st = page_status((enum db_rc)kept_table_get(r->arena, &readers, key, strlen(key),
                                                forum_kept_gen(ra.user_id, gen), &ra, &v, &n));
    if (!st)
        *l = *(const struct community_loaded *)v; /* its strings: kept until r's arena resets */
    return st;
}

/* GET /{lang}/communities/{slug} — the community and its threads (keyset by
 * ?before=). 200; 400 for a malformed cursor; 404; 503. */
int community_page_show(struct req *r)
{
    const struct community_loaded *hook = r->cache.mine_loaded;
    struct community_loaded l;
    int st = hook ? 0 : community_load(r, &l, forum_gen_get());

    if (st)
        return st;
    if (hook)
        l = *hook;
    return community_page_render(r, &l.c, &l.me, NULL, NULL, NULL, NULL);
}

/*
 * The community page's mine hook (app/router.h): a signed-in reader gets
 * the copy kept for members or the one for everyone else (at the forum
 * generation), with their watch
 * button and the forms' CSRF fields in holes; a muted member's page is
 * rendered in full (it says until when).
 */
int community_page_show_mine(struct req *r, const char **variant)
{
    struct community_loaded *l = arena_alloc(r->arena, sizeof(*l));
    unsigned long long gen = forum_gen_get();

    if (!r->user)
        return 0;
    if (community_load(r, l, gen) || l->me.muted_until)
        return 1;
    /* the forum generation: a new thread or reply is seen at once */
    *variant = arena_printf(r->arena, "%s-%llu", l->me.member ? "member" : "reader", gen);
    page_mine(r, mine_vm(r, &l->c, &l->me));
    r->cache.mine_loaded = l;
    return 0;
}

/* POST /{lang}/communities/{slug}/join — 303 to the community; 404; 503. */
int community_page_join(struct req *r)
{
    struct community c;
    int st = communities_by_route(r, &c);
    enum db_rc rc;

    if (st)
        return st;
    rc = forum_store_join(r->db, c.id, r->user->id);
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r,
                          arena_printf(r->arena, "/%s/communities/%s", lang_code(r->lang), c.slug));
}

/* POST /{lang}/communities/{slug}/threads — a new thread: 303 to it (a new
 * member's waits for a moderator, seen by them alone meanwhile); 400
 * with the page, its problems and what was typed (also from a muted
 * member, the page saying until when); 403 for a non-member;
 * 404; 429 past the posting limit; 503. */
int community_page_new_thread(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct community_loaded l;
    const struct community *c = &l.c;
    const char *title, *body, *lang;
    long long id, post_id;
    int waits, st = community_load(r, &l, 0);
    enum db_rc rc;

    if (st)
        return st;
    if (!l.me.member)
        return 403;
    st = forum_mute_refuse(r, &err);
    if (st && st != 403)
        return st;
    forum_form_post(r, &title, &body, &lang, &err);
    if (page_errors_any(&err))
        return community_page_render(r, c, &l.me, &err, title, body, lang);
    st = forum_rate_check(r, l.me.posts);
    if (st)
        return st;
    waits = forum_review_waits(r, body, &rc);
    if (waits < 0)
        return page_db_status(rc);
    rc = forum_store_new_thread(r->db, r->app->fold, c->id, r->user->id, title, body, lang, waits,
                                &id);
    if (rc != DB_OK)
        return page_db_status(rc);
    if (!waits && forum_store_first_post(r->db, id, &post_id) == DB_OK)
        forum_mentions_write(r, post_id, c->id, r->user->id, body);
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), id));
}
