/*
 * forum_kept: what the forums keep in memory for a signed-in reader (issue
 * 22): the forum generation every write to the forums moves after its
 * commit, and the scope of a moderator's page kept rendered.
 */
#include <stdatomic.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "communities/communities_impl.h"
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
