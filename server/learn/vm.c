#include "app/page_nav.h"
#include "core/arena.h"
#include "http/app.h"
#include "http/req.h"
#include "learn/learn.h"
#include "view/datefmt.h"
#include "view/i18n.h"

const char *learn_pick(const struct req *r, const char *s_cy, const char *s_en)
{
    return r->lang == LANG_EN ? s_en : s_cy;
}

const char *learn_course_path(struct req *r, enum lang l, const char *slug, const char *rest)
{
    return arena_printf(r->arena, "/%s/courses/%s%s", lang_code(l), slug, rest);
}

const char *learn_date(struct req *r, enum lang l, time_t t)
{
    return datefmt_date(r->arena, r->app->i18n, l, t);
}

json_t *learn_vm_date(struct req *r, time_t t)
{
    return json_pack("{s:s, s:s}", "text", learn_date(r, r->lang, t), "iso",
                     datefmt_iso(r->arena, t));
}

json_t *learn_vm_progress(struct req *r, int done, int total)
{
    int percent = total > 0 ? (int)((long)done * 100 / total) : 0;
    const char *text;

    if (percent > 100)
        percent = 100;
    text = i18n_format(r->arena, req_t(r, "learn.progress.percent"), "percent",
                       arena_printf(r->arena, "%d", percent), NULL);
    return json_pack("{s:i, s:s}", "percent", percent, "text", text);
}

json_t *learn_vm_crumbs(struct req *r, const char *slug, const char *title)
{
    const struct page_crumb course = { arena_printf(r->arena, "/courses/%s", slug), NULL, title };

    return page_crumbs(r, &course, title ? 1 : 0);
}
