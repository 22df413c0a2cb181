/*
 * What the trainer's pages keep per cohort (the completion counts, weeks.c;
 * the learners, learners.c): a table of core/kept values, one slot per
 * cohort id modulo TRAINER_KEPT_SLOTS, each read under a generation made of
 * the cohort's key. A slot holds the last cohort that fell in it; the value
 * starts with its full key and a reader checks it.
 */
#include <string.h>

#include "core/fnv.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"

static struct kept *trainer_kept_slot(struct trainer_kept *t, long long cohort_id)
{
    size_t i;

    pthread_mutex_lock(&t->lock);
    if (!t->ready) {
        for (i = 0; i < TRAINER_KEPT_SLOTS; i++)
            kept_init(&t->slot[i], t->load, t->ttl_ms);
        t->ready = 1;
    }
    pthread_mutex_unlock(&t->lock);
    return &t->slot[(unsigned long long)cohort_id % TRAINER_KEPT_SLOTS];
}

static unsigned long long gen_of(const long long *key, size_t n)
{
    return fnv1a(FNV1A_START, key, n * sizeof(*key));
}

enum db_rc trainer_kept_get(struct req *r, struct trainer_kept *t, const long long *key, size_t n,
                            const void **value)
{
    struct kept *k = trainer_kept_slot(t, key[0]);
    struct trainer_kept_arg arg = { r->db, key, n };
    size_t size = 0;
    int i, rc;

    /* another cohort in the slot whose key made the same generation: read again */
    for (i = 0; i < 2; i++) {
        rc = kept_get(r->arena, k, gen_of(key, n), &arg, value, &size);
        if (rc != 0)
            return (enum db_rc)rc;
        if (!memcmp(*value, key, n * sizeof(*key)))
            return DB_OK;
        kept_forget(k);
    }
    *value = NULL;
    return DB_ERROR;
}
