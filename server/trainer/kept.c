/*
 * What a trainer's pages keep (issue 22, core/kepttable.h): of the reader's
 * own, the ids of the cohorts they run and that they run a cohort (under
 * their generation, core/persongen.h, and the cohorts'); the admins' list of
 * every cohort, once for them all; of a cohort, the same for
 * all its trainers and read only once one of them is known to run it (or
 * an admin), its head, its figures and its page's sessions and messages sent
 * (under the cohort's generation). The data are the same in both
 * languages, so one value serves both.
 *
 * A value is read again when its generation moves: the reader's with their
 * own writes, the cohort's with trainer_cohort_changed()
 * after every commit that changes a cohort, its trainers, sessions,
 * attendance, messages or learners (this folder's stores, enrol/ for a
 * learner joining or leaving, learn/ for a lesson done). Anything no code
 * here is told of (another server, a name changed) shows within
 * PERSON_KEPT_TTL_MS.
 */
#include <stdatomic.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "core/fnv.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"

#define COHORT_GEN_SLOTS 1024 /* cohorts sharing a counter cost each other reloads */
#define KEPT_SLOTS       1024

static atomic_ullong cohort_gen[COHORT_GEN_SLOTS];
static atomic_ullong any_gen; /* moves with every cohort's: the lists of them */

static atomic_ullong *gen_of(long long cohort_id)
{
    return &cohort_gen[fnv1a(FNV1A_START, &cohort_id, sizeof(cohort_id)) % COHORT_GEN_SLOTS];
}

void trainer_cohort_changed(long long cohort_id)
{
    atomic_fetch_add(gen_of(cohort_id), 1);
    atomic_fetch_add(&any_gen, 1);
}

void trainer_cohort_touch(struct db *db, long long cohort_id)
{
    trainer_cohort_changed(cohort_id);
    /* not knowing who is in it, nobody's page is kept from before */
    if (trainer_store_touch_members(db, cohort_id) != DB_OK)
        persongen_touch_all();
}

int trainer_is_admin(const struct req *r)
{
    return (r->user->roles & ROLE_ADMIN) != 0;
}

/* The reader's generation combined with what else the value shows. */
static unsigned long long reader_gen(const struct req *r, unsigned long long other)
{
    return persongen_get(r->user->id) * 1000003ULL + other;
}

/* What a loader is given: the reader (0 for a cohort's own values, which
 * every one of its trainers reads) and the cohort. */
struct kept_arg {
    struct db *db;
    long long user_id, id;
};

/* The admins' list: every cohort with its figures (v); a trainer's: the ids
 * of theirs (ids), each cohort's figures kept as the cohort's. */
struct kept_cohorts {
    struct trainer_cohort *v;
    long long *ids;
    size_t n;
};

static int load_cohorts(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *in = arg;
    struct kept_cohorts *k = arena_calloc(a, sizeof(*k));
    enum db_rc rc = in->id ? trainer_store_cohorts(in->db, a, in->user_id, 1, &k->v, &k->n)
                           : trainer_store_cohort_ids(in->db, a, in->user_id, &k->ids, &k->n);

    if (rc != DB_OK)
        return rc;
    *value = k;
    *size = sizeof(*k) + k->n * (k->v ? sizeof(*k->v) + 160 : sizeof(*k->ids));
    return 0;
}

/* A value that says the reader runs the cohort (never kept when not). */
static int load_runs(struct arena *a, void *arg, const void **value, size_t *size)
{
    static const int yes = 1;
    const struct kept_arg *in = arg;
    enum db_rc rc = trainer_store_runs(in->db, in->user_id, in->id);

    (void)a;
    if (rc != DB_OK)
        return rc;
    *value = &yes;
    *size = sizeof(yes);
    return 0;
}

static int load_cohort(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *in = arg;
    struct trainer_cohort *c = arena_calloc(a, sizeof(*c));
    enum db_rc rc = trainer_store_cohort(in->db, a, 0, 1, in->id, c);

    if (rc != DB_OK)
        return rc;
    *value = c;
    *size = sizeof(*c) + 160;
    return 0;
}

static int load_head(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *in = arg;
    struct trainer_cohort *c = arena_calloc(a, sizeof(*c));
    enum db_rc rc = trainer_store_cohort_head(in->db, a, 0, 1, in->id, c);

    if (rc != DB_OK)
        return rc;
    *value = c;
    *size = sizeof(*c) + 160;
    return 0;
}

static int load_page(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *in = arg;
    struct trainer_cohort_page *p = arena_calloc(a, sizeof(*p));
    enum db_rc rc = trainer_store_cohort_page(in->db, a, 0, 1, in->id, p);

    if (rc != DB_OK)
        return rc;
    *value = p;
    *size = sizeof(*p) + p->n_sessions * (sizeof(*p->sessions) + 64) +
            p->n_sent * (sizeof(*p->sent) + 160);
    return 0;
}

/* the reader's own: by reader */
static struct kept_table cohorts_kept =
    KEPT_TABLE_INIT(load_cohorts, PERSON_KEPT_TTL_MS, KEPT_SLOTS);
static struct kept_table runs_kept = KEPT_TABLE_INIT(load_runs, PERSON_KEPT_TTL_MS, KEPT_SLOTS);
/* the cohort's, the same for all its trainers: by cohort */
static struct kept_table cohort_kept = KEPT_TABLE_INIT(load_cohort, PERSON_KEPT_TTL_MS, KEPT_SLOTS);
static struct kept_table head_kept = KEPT_TABLE_INIT(load_head, PERSON_KEPT_TTL_MS, KEPT_SLOTS);
static struct kept_table page_kept = KEPT_TABLE_INIT(load_page, PERSON_KEPT_TTL_MS, KEPT_SLOTS);

static enum db_rc figures_of(struct req *r, long long id, struct trainer_cohort *c);

enum db_rc trainer_kept_cohorts(struct req *r, const struct trainer_cohort **v, size_t *n)
{
    int admin = trainer_is_admin(r);
    /* every cohort, the same for every admin (kept once for them all); a
     * trainer's own */
    struct kept_arg arg = { r->db, admin ? 0 : r->user->id, admin };
    const long long key[2] = { arg.user_id, admin };
    unsigned long long gen = admin ? atomic_load(&any_gen) : reader_gen(r, atomic_load(&any_gen));
    const struct kept_cohorts *k = NULL;
    struct trainer_cohort *mine;
    size_t size = 0, i;
    enum db_rc rc = (enum db_rc)kept_table_get(r->arena, &cohorts_kept, key, sizeof(key), gen, &arg,
                                               (const void **)&k, &size);

    *v = NULL;
    *n = 0;
    if (rc != DB_OK || k->v) {
        *v = rc == DB_OK ? k->v : NULL;
        *n = rc == DB_OK ? k->n : 0;
        return rc;
    }
    mine = arena_calloc(r->arena, (k->n ? k->n : 1) * sizeof(*mine));
    for (i = 0; rc == DB_OK && i < k->n; i++) {
        rc = figures_of(r, k->ids[i], &mine[*n]);
        if (rc == DB_OK)
            (*n)++;
        else if (rc == DB_NOT_FOUND) /* gone since */
            rc = DB_OK;
    }
    *v = mine;
    return rc;
}

/* DB_OK when the reader may see cohort id (its trainer, or an admin), else
 * DB_NOT_FOUND (or why it cannot be told). */
static enum db_rc runs(struct req *r, long long id)
{
    struct kept_arg arg = { r->db, r->user->id, id };
    const long long key[2] = { r->user->id, id };
    const void *v = NULL;
    size_t size = 0;

    if (trainer_is_admin(r))
        return DB_OK;
    return (enum db_rc)kept_table_get(r->arena, &runs_kept, key, sizeof(key),
                                      reader_gen(r, atomic_load(gen_of(id))), &arg, &v, &size);
}

enum db_rc trainer_kept_runs(struct req *r, long long id)
{
    return runs(r, id);
}

unsigned long long trainer_cohort_gen(long long id)
{
    return atomic_load(gen_of(id));
}

/* t's value of cohort id, whoever reads it. */
static enum db_rc cohort_kept_value(struct req *r, struct kept_table *t, long long id,
                                    const void **value)
{
    struct kept_arg arg = { r->db, 0, id };
    size_t size = 0;

    return (enum db_rc)kept_table_get(r->arena, t, &id, sizeof(id), atomic_load(gen_of(id)), &arg,
                                      value, &size);
}

/* t's value of cohort id, for a reader who may see it. */
static enum db_rc cohort_value(struct req *r, struct kept_table *t, long long id,
                               const void **value)
{
    enum db_rc rc = runs(r, id);

    return rc == DB_OK ? cohort_kept_value(r, t, id, value) : rc;
}

/* Cohort id with its figures, for a list already known to be the reader's. */
static enum db_rc figures_of(struct req *r, long long id, struct trainer_cohort *c)
{
    const void *k = NULL;
    enum db_rc rc = cohort_kept_value(r, &cohort_kept, id, &k);

    if (rc == DB_OK)
        *c = *(const struct trainer_cohort *)k;
    return rc;
}

enum db_rc trainer_kept_cohort(struct req *r, long long id, int head, struct trainer_cohort *c)
{
    const void *k = NULL;
    enum db_rc rc = cohort_value(r, head ? &head_kept : &cohort_kept, id, &k);

    if (rc == DB_OK)
        *c = *(const struct trainer_cohort *)k;
    return rc;
}

enum db_rc trainer_kept_cohort_known(struct req *r, long long id, int head,
                                     struct trainer_cohort *c)
{
    const void *k = NULL;
    enum db_rc rc = cohort_kept_value(r, head ? &head_kept : &cohort_kept, id, &k);

    if (rc == DB_OK)
        *c = *(const struct trainer_cohort *)k;
    return rc;
}

enum db_rc trainer_kept_cohort_page(struct req *r, long long id, struct trainer_cohort_page *p)
{
    const void *k = NULL;
    enum db_rc rc = cohort_kept_value(r, &page_kept, id, &k);

    if (rc == DB_OK)
        *p = *(const struct trainer_cohort_page *)k;
    return rc;
}
