/*
 * The completion chart's weekly counts, kept in memory per cohort (issue 22).
 *
 * Counting them is a GROUP BY over lesson_progress of every learner of the
 * cohort (a 1,000-learner cohort: 5,000 primary-key probes, most of the
 * cohort page's cost), and the answer is the same for all its trainers until
 * a learner completes a lesson or the learners change. Both move what
 * trainer_store_cohort already reads with the page: the sum of the kept
 * lessons_done (learn's completion transaction and the import's recount set
 * it with the lesson_progress rows it counts) and the XOR of the learners'
 * enrolment ids. The counts are kept under that key, with the cohort's start
 * and the weeks shown (core/kept, one slot per cohort: cohort_kept.c), and
 * read again when any of them differs: never a figure older than the
 * counters beside it, no clock to wait for.
 */
#include <string.h>

#include "http/req.h"
#include "trainer/trainer_impl.h"

#define KEY_N 6 /* cohort, start, weeks, learners, lessons' sum, ids' XOR */

struct kept_weeks {
    long long key[KEY_N];
    long long per_week[TRAINER_WEEKS_MAX];
};

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct trainer_kept_arg *in = arg;
    struct kept_weeks *w = arena_calloc(a, sizeof(*w));
    size_t weeks = (size_t)in->key[2];
    enum db_rc rc = trainer_store_weeks(in->db, in->key[0], w->per_week,
                                        weeks < TRAINER_WEEKS_MAX ? weeks : TRAINER_WEEKS_MAX);

    if (rc != DB_OK)
        return rc;
    memcpy(w->key, in->key, sizeof(w->key));
    *value = w;
    *size = sizeof(*w);
    return 0;
}

static struct trainer_kept weeks_kept = TRAINER_KEPT_INIT(load, 0);

enum db_rc trainer_weeks(struct req *r, const struct trainer_cohort *c, long long *per_week,
                         size_t weeks)
{
    const long long key[KEY_N] = { c->id,       (long long)c->starts_at, (long long)weeks,
                                   c->learners, c->lessons_sum,          c->learners_xor };
    const void *v = NULL;
    enum db_rc rc = trainer_kept_get(r, &weeks_kept, key, KEY_N, &v);

    if (rc == DB_OK)
        memcpy(per_week, ((const struct kept_weeks *)v)->per_week,
               (weeks < TRAINER_WEEKS_MAX ? weeks : TRAINER_WEEKS_MAX) * sizeof(*per_week));
    return rc;
}
