/*
 * One apprentice's record (the row and its five lists) kept in memory for
 * the admin's, the trainer's and the apprentice's own page, and the review
 * an employer's sign-off link shows (issue 22; core/kepttable.h). Who may see it stays the store's
 * WHERE: the value is kept under the reader's kind, and for the trainer and the apprentice under
 * their id, so one reader's value is never another's; a record not found (404) is not kept.
 *
 * It is read again when, in this process, anything of the feature changes
 * (appr_generation(): every appr_commit, whoever writes: the apprentice's
 * hours, the employer's sign-off, the trainer's review, the admin's status),
 * when the reader changes something of theirs (persongen_get() of the
 * trainer or the apprentice reading), and when the apprentice or the
 * trainer the record names changes something of theirs (their name, from
 * their account: persongen, checked after the read). A sign-off link's
 * review is kept under the token's hash and read again with the feature's
 * generation (its answer commits through appr_commit). Anything else (a
 * change on another server, the command line, a reviewer's new name, a link
 * expiring) shows within PERSON_KEPT_TTL_MS. The record's page, rendered
 * once from the value (pages_record.c), is kept under appr_record_kept_gen():
 * the same generations, so it is rendered again whenever the value is read
 * again.
 */
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/apprenticeships_impl.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"

struct load_arg {
    struct db *db;
    enum appr_record_kind kind;
    long long viewer, id;
};

/* The generations of the people the record names, read after the record
 * (their change after this read moves them: the next reader reads again). */
static void named_gens(const struct appr_kept_record *v, unsigned long long gen[2])
{
    gen[0] = persongen_get(v->p.user_id);
    gen[1] = v->p.trainer_id > 0 ? persongen_get(v->p.trainer_id) : 0;
}

static int load_record(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct load_arg *k = arg;
    struct appr_kept_record *v = arena_calloc(a, sizeof(*v));
    enum db_rc rc =
        k->kind == APPR_RECORD_MINE
            ? appr_store_mine(k->db, a, k->viewer, &v->p)
            : appr_store_get(k->db, a, k->id, k->viewer, k->kind == APPR_RECORD_ADMIN, &v->p);

    if (rc != DB_OK)
        return rc;
    named_gens(v, v->named_gen);
    rc = appr_store_lists(k->db, a, v->p.id, &v->l);
    if (rc != DB_OK)
        return rc;
    *value = v;
    *size = sizeof(*v);
    return DB_OK;
}

static struct kept_table records =
    KEPT_TABLE_INIT(load_record, PERSON_KEPT_TTL_MS, 1024, .chunk = 16384);

/* The generation a kind of reader's value is read under. */
static unsigned long long reader_gen(enum appr_record_kind kind, long long viewer)
{
    unsigned long long gen = appr_generation();

    if (kind != APPR_RECORD_ADMIN)
        gen += persongen_get(viewer) * 1000003ULL;
    return gen;
}

enum db_rc appr_record_kept(struct db *db, struct arena *a, enum appr_record_kind kind,
                            long long viewer, long long id, const struct appr_kept_record **out)
{
    struct load_arg arg = { db, kind, viewer, id };
    /* every admin reads the same record: one value for all of them */
    long long key[3] = { kind, kind == APPR_RECORD_ADMIN ? 0 : viewer,
                         kind == APPR_RECORD_MINE ? 0 : id };
    unsigned long long gen = reader_gen(kind, viewer), now[2];
    const void *value = NULL;
    size_t size = 0;
    int rc;

    rc = kept_table_get(a, &records, key, sizeof(key), gen, &arg, &value, &size);
    if (rc == 0) {
        named_gens(value, now);
        if (memcmp(now, ((const struct appr_kept_record *)value)->named_gen, sizeof(now))) {
            /* someone it names changed something since: read it again (once:
             * for PERSONGEN_SETTLE_MS after a touch their generation is new
             * on every read) */
            kept_table_forget(&records, key, sizeof(key));
            rc = kept_table_get(a, &records, key, sizeof(key), gen, &arg, &value, &size);
        }
    }
    *out = rc == 0 ? value : NULL;
    return (enum db_rc)rc;
}

unsigned long long appr_record_kept_gen(enum appr_record_kind kind, long long viewer,
                                        const struct appr_kept_record *k)
{
    unsigned long long named[2];

    named_gens(k, named);
    return (reader_gen(kind, viewer) * 1000003ULL + named[0]) * 1000003ULL + named[1];
}

struct signoff_arg {
    struct db *db;
    const char *hash;
};

static int load_signoff(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct signoff_arg *k = arg;
    struct appr_signoff *s = arena_calloc(a, sizeof(*s));
    enum db_rc rc = appr_store_signoff_get(k->db, a, k->hash, s);

    if (rc != DB_OK)
        return rc;
    *value = s;
    *size = sizeof(*s);
    return DB_OK;
}

static struct kept_table signoffs = KEPT_TABLE_INIT(load_signoff, PERSON_KEPT_TTL_MS, 256);

enum db_rc appr_signoff_kept(struct db *db, struct arena *a, const char *hash,
                             const struct appr_signoff **out)
{
    struct signoff_arg arg = { db, hash };
    const void *value = NULL;
    size_t size = 0;
    int rc =
        kept_table_get(a, &signoffs, hash, strlen(hash), appr_generation(), &arg, &value, &size);

    *out = rc == 0 ? value : NULL;
    return (enum db_rc)rc;
}
