/*
 * The schemes' own list (GUARD_ADMIN): every scheme, APPR_SCHEMES_PAGE a
 * page (newest intake first), each linking to its form, from the roster
 * kept in memory (roster.c) — no statement. The apprentices' list shows only
 * how many there are and links here (issue 22: hundreds of schemes made that
 * page long).
 */
#include <string.h>

#include "app/page.h"
#include "app/page_list.h"
#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/i18n.h"

/* The saved panel after a scheme form (?done=scheme_created or
 * scheme_saved, a known word only). */
static void scheme_saved(struct req *r, json_t *vm)
{
    const char *d = req_query(r, "done");

    if (d && (!strcmp(d, "scheme_created") || !strcmp(d, "scheme_saved")))
        json_object_set_new(vm, "saved", json_string(req_t_of(r, "apprenticeships.saved.", d)));
}

static json_t *schemes_vm(struct req *r, const struct appr_scheme *s, size_t n)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:s, s:s}", "name", s[i].name[r->lang],
                      "employer", s[i].employer[r->lang], "provider", s[i].provider, "framework",
                      s[i].framework[r->lang], "level", s[i].level, "review_weeks",
                      s[i].review_weeks, "apprentices", (json_int_t)s[i].apprentices, "id",
                      arena_printf(r->arena, "scheme-%lld", s[i].id), "edit_href",
                      arena_printf(r->arena, "/%s/admin/apprenticeship-schemes/%lld/edit",
                                   lang_code(r->lang), s[i].id)));
    return list;
}

/* The page's view model into *out: 0, 400 for a malformed page, 404 past
 * the last page, or 503. */
static int schemes_page_vm(struct req *r, json_t **out)
{
    const struct page_list l = { "/admin/apprenticeship-schemes", NULL, 0,
                                 "apprenticeships.schemes.pagination_label" };
    struct appr_scheme *s;
    struct page_pager pg;
    size_t n, total;
    json_t *vm;
    int st = page_pager_parse(r, APPR_SCHEMES_PAGE, APPR_PAGE_MAX, &pg);

    if (st)
        return st;
    st = page_status(appr_roster_schemes(r->db, r->arena, (size_t)((pg.page - 1) * pg.per_page),
                                         (size_t)pg.per_page, &s, &n, &total));
    if (st)
        return st;
    st = page_pager_count(&pg, (long long)total);
    if (st)
        return st;
    vm = page_vm(r, "apprenticeships.schemes.title");
    json_object_set_new(
        vm, "page_title",
        json_string(page_pager_title(r, &pg, req_t(r, "apprenticeships.schemes.title"))));
    json_object_set_new(vm, "breadcrumbs", appr_crumbs(r, 1));
    scheme_saved(r, vm);
    json_object_set_new(vm, "schemes", schemes_vm(r, s, n));
    json_object_set_new(vm, "has_schemes", json_boolean(n > 0));
    json_object_set_new(vm, "count",
                        json_string(i18n_pluralf(r->arena, r->app->i18n, r->lang,
                                                 "apprenticeships.schemes.count", (long)total)));
    json_object_set_new(vm, "pagination", page_pager_vm(r, &l, &pg));
    *out = vm;
    return 0;
}

/* page_kept_shared()'s build: the same for every admin. */
static int build_schemes(struct req *r, json_t **vm, const char **name)
{
    *name = "apprenticeships/schemes";
    return schemes_page_vm(r, vm);
}

/*
 * GET /{lang}/admin/apprenticeship-schemes — ?page= (?done= after a form);
 * rendered once for every admin at the roster's serial
 * (appr_page_roster_kept()), but never with ?done= (the saved panel is one
 * request's). 200; 400 for a malformed page; 404 past the last page; 503
 * without the database.
 */
int appr_page_schemes(struct req *r)
{
    static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64);
    const char *done = req_query(r, "done");
    json_t *vm = NULL;
    int st;

    if (!done)
        return appr_page_roster_kept(r, &kept, 0, build_schemes);
    st = schemes_page_vm(r, &vm);
    return st ? st : page_render(r, "apprenticeships/schemes", vm);
}

const char *appr_schemes_href(struct req *r, long long id, const char *done)
{
    struct appr_scheme *s;
    size_t n, total, i;
    long page = 1;

    if (appr_roster_schemes(r->db, r->arena, 0, (size_t)-1, &s, &n, &total) == DB_OK)
        for (i = 0; i < n; i++)
            if (s[i].id == id)
                page = (long)(i / APPR_SCHEMES_PAGE) + 1;
    if (page > 1)
        return arena_printf(r->arena,
                            "/%s/admin/apprenticeship-schemes?page=%ld&done=%s#scheme-%lld",
                            lang_code(r->lang), page, done, id);
    return arena_printf(r->arena, "/%s/admin/apprenticeship-schemes?done=%s#scheme-%lld",
                        lang_code(r->lang), done, id);
}
