/* The apprenticeships' links: trails, page links, the date check. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/page_nav.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "http/req.h"

json_t *appr_crumbs(struct req *r, int below_list)
{
    const struct page_crumb trail[] = {
        { "/admin", "admin.title", NULL },
        { "/admin/apprenticeships", "apprenticeships.admin.title", NULL },
    };

    return page_crumbs(r, trail, below_list ? 2 : 1);
}

/* The list's filters as link parameters (APPR_KEEP of them). */
#define APPR_KEEP 7

static void keep_filters(struct req *r, const struct appr_filter *f,
                         struct page_param keep[APPR_KEEP])
{
    keep[0] =
        (struct page_param){ "scheme",
                             f->scheme_id ? arena_printf(r->arena, "%lld", f->scheme_id) : NULL };
    keep[1] = (struct page_param){ "status", f->status >= 0 ? appr_status_codes[f->status] : NULL };
    keep[2] = (struct page_param){ "overdue", f->overdue ? "1" : NULL };
    keep[3] = (struct page_param){ "employer", f->employer_id
                                                   ? arena_printf(r->arena, "%lld", f->employer_id)
                                                   : NULL };
    keep[4] = (struct page_param){ "year", f->year ? arena_printf(r->arena, "%d", f->year) : NULL };
    keep[5] = (struct page_param){ "provider", *f->provider ? f->provider : NULL };
    keep[6] = (struct page_param){ "behind", f->behind ? "1" : NULL };
}

json_t *appr_pages(struct req *r, const struct appr_filter *f, const struct page_pager *pg)
{
    struct page_param keep[APPR_KEEP];
    const struct page_list l = { "/admin/apprenticeships", keep, APPR_KEEP,
                                 "apprenticeships.admin.pagination_label" };

    keep_filters(r, f, keep);
    return page_pager_vm(r, &l, pg);
}

const char *appr_export_href(struct req *r, const struct appr_filter *f)
{
    struct page_param keep[APPR_KEEP];

    keep_filters(r, f, keep);
    return page_url(r, "/admin/apprentices/export", keep, APPR_KEEP);
}

int appr_date_valid(const char *s)
{
    struct tm tm;
    int y, m, d, used = 0;

    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return 0;
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    timegm(&tm);
    return tm.tm_mday == d && tm.tm_mon == m - 1;
}

const char *appr_record_path(struct req *r, long long id, int is_admin)
{
    return arena_printf(
        r->arena, is_admin ? "/%s/admin/apprenticeships/%lld" : "/%s/trainer/apprentices/%lld",
        r->lang == LANG_CY ? "cy" : "en", id);
}

void appr_read_provider_behind(struct req *r, const char **provider, int *behind,
                               struct page_errors *err)
{
    const char *p = req_query(r, "provider"), *b = req_query(r, "behind");

    *provider = "";
    if (p && strlen(p) > APPR_PROVIDER_MAX)
        page_errors_add(err, "provider", "apprenticeships.errors.provider");
    else if (p)
        *provider = p;
    if (b && *b && strcmp(b, "1"))
        page_errors_add(err, "behind", "apprenticeships.errors.behind");
    *behind = b && !strcmp(b, "1");
}
