/*
 * forum_kept: what the forums keep in memory for a signed-in reader (issue
 * 22): the forum generation every write to the forums moves after its
 * commit, and the data part of a moderator's page kept as compact JSON.
 */
#include <stdatomic.h>
#include <string.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/req.h"

static atomic_ullong forum_generation = 1;

unsigned long long forum_gen_get(void)
{
    return atomic_load(&forum_generation);
}

void forum_gen_bump(void)
{
    atomic_fetch_add(&forum_generation, 1);
}

enum db_rc forum_gen_after(enum db_rc rc)
{
    if (rc == DB_OK)
        forum_gen_bump();
    return rc;
}

unsigned long long forum_kept_gen(long long person_id, unsigned long long forum_gen)
{
    return persongen_get(person_id) * 1000003ull + forum_gen;
}

long long forum_mod_scope(const struct req *r)
{
    return (r->user->roles & ROLE_ADMIN) ? FORUM_SCOPE_ADMINS : 0;
}

/* forum_kept_vm()'s loader's argument: the request, its builder and the
 * builder's argument. */
struct vm_load {
    struct req *r;
    forum_vm_build_fn *build;
    const void *arg;
};

/* The builder's JSON, dumped compact into a (one value, its bytes). */
int forum_kept_vm_load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct vm_load *l = arg;
    enum db_rc rc = DB_OK;
    json_t *vm = l->build(l->r, l->arg, &rc);
    size_t n;
    char *buf;

    if (!vm)
        return rc != DB_OK ? (int)rc : (int)DB_ERROR;
    n = json_dumpb(vm, NULL, 0, JSON_COMPACT);
    buf = arena_alloc(a, n ? n : 1);
    if (!n || json_dumpb(vm, buf, n, JSON_COMPACT) != n) {
        json_decref(vm);
        return DB_ERROR;
    }
    json_decref(vm);
    *value = buf;
    *size = n;
    return 0;
}

json_t *forum_kept_vm(struct req *r, struct kept_table *t, long long id, forum_vm_build_fn *build,
                      const void *arg, enum db_rc *rc)
{
    struct vm_load l = { r, build, arg };
    /* what the data depends on of the reader: an admin sees more (a deleted
     * post's text); the page's language and what it shows */
    long long key[3] = { (r->user->roles & ROLE_ADMIN) != 0, (long long)r->lang, id };
    const void *value;
    size_t size;
    json_t *vm;
    int ret;

    *rc = DB_OK;
    ret = kept_table_get(r->arena, t, key, sizeof(key), forum_gen_get(), &l, &value, &size);
    if (ret != 0) {
        *rc = (enum db_rc)ret;
        return NULL;
    }
    vm = json_loadb(value, size, 0, NULL);
    if (!vm)
        *rc = DB_ERROR;
    return vm;
}
