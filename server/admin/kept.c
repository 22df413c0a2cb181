#include "admin/kept.h"

#include <stdatomic.h>
#include <string.h>

#include "admin/admin.h"
#include "core/clock.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/req.h"

#define UNSETTLED (1ULL << 63) /* generations handed out while a touch settles */

static atomic_ullong gen = 1;
static atomic_llong touched_ms = -ADMIN_KEPT_SETTLE_MS;
static atomic_ullong unsettled;

void admin_kept_touch(void)
{
    atomic_fetch_add(&gen, 1);
    atomic_store(&touched_ms, clock_ms());
}

unsigned long long admin_kept_gen(void)
{
    /* a touch from inside a transaction comes before its commit: until it
     * settles every reader loads afresh and keeps nothing anyone reuses */
    if (clock_ms() - atomic_load(&touched_ms) < ADMIN_KEPT_SETTLE_MS)
        return UNSETTLED | atomic_fetch_add(&unsettled, 1);
    return atomic_load(&gen) & ~UNSETTLED;
}

/* What a load needs: kept_table_get()'s arg. */
struct load_arg {
    admin_kept_fill_fn *fill;
    struct req *r;
    const void *query;
};

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    struct load_arg *l = arg;
    enum db_rc rc = l->fill(a, l->r, l->query, value);

    *size = rc == DB_OK ? sizeof(void *) : 0;
    return (int)rc;
}

/* One table for the five pages (a page of users is some 15 KB). */
static struct kept_table pages = KEPT_TABLE_INIT(load, PERSON_KEPT_TTL_MS, 512, .chunk = 16384);

static size_t key_len(const struct admin_key *k)
{
    return offsetof(struct admin_key, s) + strlen(k->s);
}

void admin_key_init(struct admin_key *k, enum admin_kept_page page, enum lang l)
{
    memset(k, 0, sizeof(*k));
    k->page = (int)page;
    k->lang = (int)l;
}

void admin_key_text(struct admin_key *k, const char *s)
{
    size_t len = strlen(s);

    /* longer texts are not keys: the caller's filters bound them */
    if (len >= sizeof(k->s))
        len = sizeof(k->s) - 1;
    memcpy(k->s, s, len);
    k->s[len] = '\0';
    k->cut = len < strlen(s);
}

enum db_rc admin_kept_get(struct req *r, const struct admin_key *k, admin_kept_fill_fn *fill,
                          const void *query, const void **value)
{
    struct load_arg arg = { fill, r, query };
    size_t size;

    if (k->cut) /* never served to another query that shares its first bytes */
        return fill(r->arena, r, query, value);
    return (enum db_rc)kept_table_get(r->arena, &pages, k, key_len(k), admin_kept_gen(), &arg,
                                      value, &size);
}

void admin_kept_drop(const struct admin_key *k)
{
    if (!k->cut)
        kept_table_forget(&pages, k, key_len(k));
}
