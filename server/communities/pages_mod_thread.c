/*
 * pages_mod_thread: a thread's moderation page (GUARD_MODERATOR): pin or
 * unpin it, move it to another community. Every action asks why, is
 * audited with who and why, and on a problem comes back with the page, its
 * error summary and what was typed.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_kept.h"
#include "app/page_nav.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/utf8.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"

const char *forum_mod_reason(struct req *r, const char *field, struct page_errors *err)
{
    const char *s = req_form(r, field);

    if (!s || !s[strspn(s, " \t\r\n")]) {
        page_errors_add(err, field, "communities.errors.reason_missing");
        return NULL;
    }
    if (utf8_count(s, strlen(s)) > FORUM_REASON_MAX) {
        page_errors_add(err, field, "communities.errors.reason_long");
        return NULL;
    }
    return s;
}

/* The move form's choice of community: every open one but the thread's own. */
static json_t *community_options(struct req *r, const struct forum_thread *t, const char *to,
                                 enum db_rc *rc)
{
    const struct community *v;
    size_t n, i;
    json_t *list = json_array();

    *rc = forum_store_move_choices(r->db, r->arena, &v, &n);
    for (i = 0; *rc == DB_OK && i < n; i++)
        if (v[i].id != t->community_id)
            json_array_append_new(
                list, page_option(v[i].slug, v[i].name[r->lang], to && !strcmp(to, v[i].slug)));
    return list;
}

static void reason_field(struct page_form *form, const char *id, const char *value)
{
    json_t *f = page_field_input(form, id, "text", "communities.moderation.reason", value);

    page_field_set(f, "maxlength", "500");
}

/* The page's data for t (breadcrumbs, thread, the move form's options with
 * to chosen): NULL with *rc when the choices cannot be read. */
static json_t *thread_data(struct req *r, const struct forum_thread *t, const char *to,
                           enum db_rc *rc)
{
    json_t *options = community_options(r, t, to, rc);
    const char *href = arena_printf(r->arena, "/threads/%lld", t->id);

    if (*rc != DB_OK) {
        json_decref(options);
        return NULL;
    }
    return json_pack("{s:o, s:o, s:o}", "breadcrumbs",
                     page_crumbs(r,
                                 (struct page_crumb[]){
                                     { "/communities", "nav.communities", NULL },
                                     { href, NULL, t->title },
                                 },
                                 2),
                     "thread",
                     json_pack("{s:I, s:s, s:s, s:b, s:s}", "id", (json_int_t)t->id, "title",
                               t->title, "lang", t->lang, "pinned", t->pinned, "href",
                               arena_printf(r->arena, "/%s%s", lang_code(r->lang), href)),
                     "options", options);
}

/* The data of the thread of id (hidden ones too) with no choice made, or
 * NULL with *rc. */
static json_t *thread_vm(struct req *r, long long id, enum db_rc *rc)
{
    struct forum_thread t;

    *rc = forum_store_thread(r->db, r->arena, id, &t);
    return *rc == DB_OK ? thread_data(r, &t, NULL, rc) : NULL;
}

/* The page's view model of data (thread_data(); NULL: answer rc's status)
 * with err (NULL: none) and what was typed (NULL: nothing): 0 with *vm (the
 * caller's), or a status. */
static int mod_thread_vm(struct req *r, json_t *data, enum db_rc rc, const struct page_errors *err,
                         const char *pin_why, const char *move_why, json_t **vm)
{
    struct page_form form;
    json_t *options;

    if (!data)
        return page_status(rc);
    options = json_incref(json_object_get(data, "options"));
    json_object_del(data, "options");
    *vm = page_vm(r, "communities.moderate.title");
    json_object_set_new(*vm, "nav_communities", json_true());
    json_object_update(*vm, data);
    json_decref(data);
    page_form_init(&form, r, err);
    reason_field(&form, "pin_reason", pin_why ? pin_why : "");
    page_field_select(&form, "move_to", "communities.moderate.move_to",
                      "communities.moderate.move_choose", options ? options : json_array());
    reason_field(&form, "move_reason", move_why ? move_why : "");
    page_form_vm(&form, *vm);
    return 0;
}

/* A POST's page again for t with err and what was typed. */
static int mod_thread_again(struct req *r, const struct forum_thread *t,
                            const struct page_errors *err, const char *pin_why, const char *to,
                            const char *move_why)
{
    enum db_rc rc;
    json_t *vm = NULL, *data = thread_data(r, t, to, &rc);
    int st = mod_thread_vm(r, data, rc, err, pin_why, move_why, &vm);

    return st ? st : page_render(r, "communities/moderate_thread", vm);
}

/* The thread of the route's {id} (hidden ones too): 0 or the status. */
static int thread_of(struct req *r, struct forum_thread *t)
{
    long long id = page_id(r, "id");

    return id ? page_status(forum_store_thread(r->db, r->arena, id, t)) : 404;
}

/* The page of the route's {id} with no choice made: a page_build_fn. */
static int build_thread(struct req *r, json_t **vm, const char **name)
{
    long long id = page_id(r, "id");
    enum db_rc rc;
    json_t *data;

    if (!id)
        return 404;
    data = thread_vm(r, id, &rc);
    *name = "communities/moderate_thread";
    return mod_thread_vm(r, data, rc, NULL, NULL, NULL, vm);
}

/* The page rendered once for every moderator per language and thread, the
 * csrf token of its forms a hole (app/page_kept.h), read again when the
 * forums change (forumgen.h). */
static struct kept_table pages = PAGE_KEPT_SHARED_INIT(64);

static int to_thread(struct req *r, const struct forum_thread *t)
{
    rendercache_forget(); /* the community pages and the API list threads in a new order */
    return resp_see_other(r, arena_printf(r->arena, "/%s/threads/%lld", lang_code(r->lang), t->id));
}

/* GET /{lang}/moderation/threads/{id} — the forms. 200; 404; 503. */
int forum_page_mod_thread(struct req *r)
{
    return page_kept_shared(r, &pages, 0, forum_gen_get(), build_thread);
}

static int pin_thread(struct req *r, int pin)
{
    struct page_errors err = { .n = 0 };
    struct forum_thread t;
    const char *why;
    enum db_rc rc;
    int st = thread_of(r, &t);

    if (st)
        return st;
    why = forum_mod_reason(r, "pin_reason", &err);
    if (!why)
        return mod_thread_again(r, &t, &err, req_form(r, "pin_reason"), NULL, NULL);
    rc = forum_store_pin(r->db, t.id, pin, r->user->id, r->client_ip, why);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "pin_reason", "communities.errors.pinned_full");
        return mod_thread_again(r, &t, &err, why, NULL, NULL);
    }
    st = page_status(rc);
    return st ? st : to_thread(r, &t);
}

/* POST /{lang}/moderation/threads/{id}/pin and .../unpin — ?pin_reason
 * (required): 303 to the thread; 400 with the page (no reason, or
 * FORUM_PINNED_MAX pinned already); 404; 503. */
int forum_page_pin(struct req *r)
{
    return pin_thread(r, 1);
}

int forum_page_unpin(struct req *r)
{
    return pin_thread(r, 0);
}

/* POST /{lang}/moderation/threads/{id}/move — ?move_to (a community's
 * slug, not the thread's own) and ?move_reason: 303 to the thread; 400 with
 * the page; 404; 503. */
int forum_page_move(struct req *r)
{
    struct page_errors err = { .n = 0 };
    struct forum_thread t;
    struct community c = { .id = 0 };
    const char *to = req_form(r, "move_to"), *why;
    enum db_rc rc = DB_NOT_FOUND;
    int st = thread_of(r, &t);

    if (st)
        return st;
    if (to && *to)
        rc = community_store_by_slug(r->db, r->arena, to, &c);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return page_db_status(rc);
    if (rc == DB_NOT_FOUND || c.id == t.community_id)
        page_errors_add(&err, "move_to", "communities.errors.move_to");
    why = forum_mod_reason(r, "move_reason", &err);
    if (page_errors_any(&err))
        return mod_thread_again(r, &t, &err, NULL, to, req_form(r, "move_reason"));
    rc = forum_store_move(r->db, t.id, c.id, r->user->id, r->client_ip, why);
    if (rc == DB_CONFLICT) {
        page_errors_add(&err, "move_to", "communities.errors.move_to");
        return mod_thread_again(r, &t, &err, NULL, to, why);
    }
    st = page_status(rc);
    return st ? st : to_thread(r, &t);
}
