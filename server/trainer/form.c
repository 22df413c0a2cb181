/* trainer form: the learner list's filter and order, read from the query. */
#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "app/page_list.h"
#include "app/page_nav.h"
#include "core/arena.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"

#define Q_MAX 100

static const char *const sorts[TRAINER_SORT__MAX] = { "name",   "org",      "progress", "attended",
                                                      "missed", "activity", "risk" };
static const char *const bands[] = { "0-24", "25-49", "50-74", "75-100" };
static const int band_lo[] = { 0, 25, 50, 75 }, band_hi[] = { 24, 49, 74, 100 };

static int pick(const char *s, const char *const *v, size_t n)
{
    size_t i;

    for (i = 0; s && i < n; i++)
        if (!strcmp(s, v[i]))
            return (int)i;
    return -1;
}

static const char *arg(struct req *r, const char *name)
{
    const char *s = req_query(r, name);

    return s && *s ? s : NULL;
}

int trainer_form_filter(struct req *r, struct trainer_filter *f)
{
    static const char *const missed[] = { "0", "1", "2" }, *const risk[] = { "no", "yes" },
                             *const dirs[] = { "asc", "desc" };
    const char *s;
    struct page_pager pg;
    int i;

    memset(f, 0, sizeof(*f));
    f->q = req_query(r, "q");
    if (!f->q)
        f->q = "";
    if (strlen(f->q) > Q_MAX)
        return 400;
    f->progress_lo = f->progress_hi = f->missed = f->risk = -1;
    f->sort = TRAINER_SORT_RISK;
    f->desc = 1;
    if ((s = arg(r, "org")) && page_id_parse(s, &f->org_id))
        return 400;
    if ((s = arg(r, "progress"))) {
        if ((i = pick(s, bands, 4)) < 0)
            return 400;
        f->progress_lo = band_lo[i];
        f->progress_hi = band_hi[i];
    }
    if ((s = arg(r, "missed")) && (f->missed = pick(s, missed, 3)) < 0)
        return 400;
    if ((s = arg(r, "risk")) && (f->risk = pick(s, risk, 2)) < 0)
        return 400;
    if ((s = arg(r, "sort"))) {
        if ((i = pick(s, sorts, TRAINER_SORT__MAX)) < 0)
            return 400;
        f->sort = (enum trainer_sort)i;
        f->desc = 0;
    }
    if ((s = arg(r, "dir")) && (f->desc = pick(s, dirs, 2)) < 0)
        return 400;
    if (page_pager_parse(r, TRAINER_PAGE_SIZE, TRAINER_PAGE_MAX, &pg))
        return 400;
    f->page = pg.page;
    return 0;
}

const char *trainer_sort_name(enum trainer_sort s)
{
    return sorts[s];
}

const char *trainer_band_name(const struct trainer_filter *f)
{
    int i;

    for (i = 0; i < 4; i++)
        if (f->progress_lo == band_lo[i])
            return bands[i];
    return NULL;
}

const char *const *trainer_bands(size_t *n)
{
    *n = 4;
    return bands;
}

size_t trainer_filter_params(struct req *r, const struct trainer_filter *f, struct page_param *out)
{
    static const char *const missed[] = { "0", "1", "2" }, *const risk[] = { "no", "yes" };
    size_t n = 0;

    if (*f->q)
        out[n++] = (struct page_param){ "q", f->q };
    if (f->org_id)
        out[n++] = (struct page_param){ "org", arena_printf(r->arena, "%lld", f->org_id) };
    if (f->progress_lo >= 0)
        out[n++] = (struct page_param){ "progress", trainer_band_name(f) };
    if (f->missed >= 0)
        out[n++] = (struct page_param){ "missed", missed[f->missed] };
    if (f->risk >= 0)
        out[n++] = (struct page_param){ "risk", risk[f->risk] };
    return n;
}
