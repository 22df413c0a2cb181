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
 * and the weeks shown, and read again when any of them differs: never a
 * figure older than the counters beside it, no clock to wait for.
 *
 * A small direct-mapped table (by cohort id), per process; a slot holds the
 * last cohort that fell in it.
 */
#include <pthread.h>
#include <string.h>

#include "http/req.h"
#include "trainer/trainer_impl.h"

#define SLOTS 256

struct slot {
    long long cohort_id; /* 0: empty */
    time_t starts_at;
    size_t weeks;
    long long learners, lessons_sum, learners_xor;
    long long per_week[TRAINER_WEEKS_MAX];
};

static struct {
    pthread_mutex_t lock;
    struct slot slots[SLOTS];
} kept = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int same(const struct slot *s, const struct trainer_cohort *c, size_t weeks)
{
    return s->cohort_id == c->id && s->starts_at == c->starts_at && s->weeks == weeks &&
           s->learners == c->learners && s->lessons_sum == c->lessons_sum &&
           s->learners_xor == c->learners_xor;
}

enum db_rc trainer_weeks(struct req *r, const struct trainer_cohort *c, long long *per_week,
                         size_t weeks)
{
    struct slot *s = &kept.slots[(unsigned long long)c->id % SLOTS];
    enum db_rc rc;
    int hit;

    pthread_mutex_lock(&kept.lock);
    hit = same(s, c, weeks);
    if (hit)
        memcpy(per_week, s->per_week, weeks * sizeof(*per_week));
    pthread_mutex_unlock(&kept.lock);
    if (hit)
        return DB_OK;
    rc = trainer_store_weeks(r->db, c->id, per_week, weeks);
    if (rc != DB_OK)
        return rc;
    pthread_mutex_lock(&kept.lock);
    *s = (struct slot){ c->id,          c->starts_at,    weeks, c->learners,
                        c->lessons_sum, c->learners_xor, { 0 } };
    memcpy(s->per_week, per_week, weeks * sizeof(*per_week));
    pthread_mutex_unlock(&kept.lock);
    return DB_OK;
}
