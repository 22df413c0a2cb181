/*
 * pages_person: a person's page in the forums, for anyone: their name,
 * organisation, the communities they have joined and their recent posts
 * that anyone may read (never hidden or deleted ones). @mentions link here.
 * The page is the same for every reader (shared); hiding, deleting and
 * editing a post forget the render cache, so it never shows one after.
 */
#include "app/page.h"
#include "app/page_nav.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "http/req.h"

static json_t *communities_vm(struct req *r, const struct forum_person *p)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < p->n_communities; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "name", p->communities[i].name[r->lang], "href",
                            arena_printf(r->arena, "/%s/communities/%s", lang_code(r->lang),
                                         p->communities[i].slug)));
    return list;
}

/* GET /{lang}/people/{id} — 200; 404 for no such person, a disabled
 * account or someone who has joined no community; 503. */
int forum_page_person(struct req *r)
{
    struct forum_person p;
    struct forum_hit *v;
    size_t n;
    long long id = page_id(r, "id");
    json_t *vm;
    int st;

    if (!id)
        return 404;
    st = page_status(forum_store_person(r->db, r->arena, id, &p));
    if (st)
        return st;
    st = page_status(forum_store_person_posts(r->db, r->arena, id, &v, &n));
    if (st)
        return st;
    vm = page_vm(r, "communities.person.title");
    json_object_set_new(vm, "page_title", json_string(p.name));
    json_object_set_new(vm, "nav_communities", json_true());
    json_object_set_new(
        vm, "breadcrumbs",
        page_crumbs(r, &(struct page_crumb){ "/communities", "nav.communities", NULL }, 1));
    json_object_set_new(vm, "person",
                        json_pack("{s:s, s:s?}", "name", p.name, "org", p.org[r->lang]));
    json_object_set_new(vm, "communities", communities_vm(r, &p));
    json_object_set_new(vm, "hits", forum_vm_hits(r, v, n));
    json_object_set_new(vm, "has_posts", json_boolean(n > 0));
    return page_render(r, "communities/person", vm);
}
