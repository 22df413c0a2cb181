#include <assert.h>
#include <string.h>

#include "app/page_nav.h"
#include "catalogue/catalogue.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* characters of a summary in a list: keeps 20 results well under the page budget */
#define EXCERPT_CHARS 220

json_t *catalogue_vm_course(struct req *r, const struct course *c)
{
    enum lang l = r->lang;
    const char *delivery = c->in_lang[LANG_CY] && c->in_lang[LANG_EN] ? "courses.delivery.both"
                           : c->in_lang[LANG_CY]                      ? "courses.delivery.cy"
                                                                      : "courses.delivery.en";
    json_t *o = json_object();

    json_object_set_new(
        o, "href", json_string(arena_printf(r->arena, "/%s/courses/%s", lang_code(l), c->slug)));
    json_object_set_new(o, "title", json_string(c->title[l]));
    json_object_set_new(o, "summary",
                        json_string(catalogue_excerpt(r->arena, c->summary[l], EXCERPT_CHARS)));
    json_object_set_new(o, "level", json_string(req_t_of(r, "courses.level.", c->level)));
    json_object_set_new(o, "format", json_string(req_t_of(r, "courses.format.", c->format)));
    json_object_set_new(
        o, "duration",
        json_string(datefmt_duration(r->arena, r->app->i18n, r->lang, c->duration_minutes)));
    json_object_set_new(o, "lessons", json_integer(c->lesson_count));
    json_object_set_new(o, "languages", json_string(req_t(r, delivery)));
    json_object_set_new(o, "other_only", json_boolean(!c->in_lang[l]));
    return o;
}

json_t *catalogue_vm_new(struct req *r, const char *title, int depth)
{
    static const struct page_crumb crumbs[] = {
        { "/courses", "courses.page_title", NULL },
        { "/pathways", "pathways.page_title", NULL },
    };
    json_t *vm = json_object();

    json_object_set_new(vm, "page_title", json_string(title));
    json_object_set_new(vm, "nav_courses", json_true());
    assert(depth >= 0 && depth <= 2);
    json_object_set_new(vm, "breadcrumbs", page_crumbs(r, crumbs, (size_t)depth));
    return vm;
}
