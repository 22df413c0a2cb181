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
 * and the weeks shown (core/kepttable.h: the key is the generation), and
 * read again when any of them differs: never a figure older than the
 * counters beside it, no clock to wait for.
 */
#include <string.h>

#include "core/kepttable.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"

#define KEY_N 6 /* cohort, start, weeks, learners, lessons' sum, ids' XOR */

struct kept_weeks {
    long long per_week[TRAINER_WEEKS_MAX];
};

/* What the loader is given. */
struct weeks_arg {
    struct db *db;
    long long cohort_id;
    size_t weeks;
};

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct weeks_arg *in = arg;
    struct kept_weeks *w = arena_calloc(a, sizeof(*w));
    enum db_rc rc = trainer_store_weeks(in->db, in->cohort_id, w->per_week, in->weeks);

    if (rc != DB_OK)
        return rc;
    *value = w;
    *size = sizeof(*w);
    return 0;
}

/* no age limit: the key says when it is stale */
static struct kept_table weeks_kept = KEPT_TABLE_INIT(load, 0, 256, .chunk = 1024);

enum db_rc trainer_weeks(struct req *r, const struct trainer_cohort *c, long long *per_week,
                         size_t weeks)
{
    const long long key[KEY_N] = { c->id,       (long long)c->starts_at, (long long)weeks,
                                   c->learners, c->lessons_sum,          c->learners_xor };
    struct weeks_arg arg = { r->db, c->id, weeks < TRAINER_WEEKS_MAX ? weeks : TRAINER_WEEKS_MAX };
    const void *v = NULL;
    size_t size = 0;
    enum db_rc rc =
        (enum db_rc)kept_table_get(r->arena, &weeks_kept, key, sizeof(key), 0, &arg, &v, &size);

    if (rc == DB_OK)
        memcpy(per_week, ((const struct kept_weeks *)v)->per_week, arg.weeks * sizeof(*per_week));
    return rc;
}
