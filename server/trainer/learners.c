/*
 * A cohort's learners, kept in memory per cohort (issue 22), filtered,
 * sorted and paged in C for the cohort's page, its CSV and the API.
 *
 * Reading them was the cohort page's cost: every learner's name (1,000 user
 * rows of a big cohort) read and sorted by its collation key to show 50.
 * They are read once (one statement, in name order, with each organisation's
 * place in both languages' order) and kept under a key the cohort's own
 * statement reads anyway (trainer_cohort_row): how many learners, the XOR of
 * their enrolment ids, the sum of their lessons_done and figures_crc, a hash
 * of every enrolment's kept figures (status, lessons, sessions, activity).
 * A lesson completed, attendance marked, a learner joining or leaving change
 * the key, and the next view reads them again: never older than the
 * cohort's figures beside them. Names and organisations are not in the key
 * (they are the users'): a change shows within TRAINER_LEARNERS_TTL_MS.
 *
 * The at-risk rule is applied here at each view (the clock moves), as
 * store.c's RISK does in SQL for the figures; both are the rule of
 * docs/trainer.md.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/kepttable.h"
#include "core/sbuf.h"
#include "http/req.h"
#include "trainer/trainer_impl.h"
#include "view/welshfold.h"

/* one learner as kept */
struct kl {
    long long enrolment_id, org_id; /* 0: none (or another, typed) */
    char *name, *fold, *org[LANG__COUNT];
    long long org_rank[LANG__COUNT];
    int completed, lessons_done, attended, missed, apologies;
    time_t last_activity, since; /* since: the last activity, or the enrolment */
};

#define KEY_N 6 /* cohort, lessons, learners, ids' XOR, lessons' sum, figures' CRC */

struct kept_learners {
    size_t n;
    struct kl *v; /* in name order (then enrolment) */
};

/* Every learner still learning, by name then enrolment: the order's
 * tie-break for every sort is the place in this list. */
static const char sql_learners[] =
    "SELECT e.id, COALESCE(o.id, 0), u.name, COALESCE(o.name_cy, u.org_other, ''), "
    "COALESCE(o.name_en, u.org_other, ''), "
    "DENSE_RANK() OVER (ORDER BY COALESCE(o.name_cy, u.org_other, '')), "
    "DENSE_RANK() OVER (ORDER BY COALESCE(o.name_en, u.org_other, '')), "
    "e.status = 'completed', e.lessons_done, e.sessions_attended, e.sessions_missed, "
    "e.sessions_apologies, e.last_activity_at, COALESCE(e.last_activity_at, e.enrolled_at) "
    "FROM enrolments e JOIN users u ON u.id = e.user_id "
    "LEFT JOIN organisations o ON o.id = u.org_id "
    "WHERE e.cohort_id = ? AND e.status IN ('enrolled', 'completed') "
    "ORDER BY u.name, e.id LIMIT ?";

#define FOLD_MAX     4096 /* bytes of a folded name or query */
#define LEARNERS_MAX ((long long)TRAINER_PAGE_MAX * TRAINER_PAGE_SIZE)

static enum db_rc learner_row(struct db_stmt *st, struct arena *a, struct kl *l)
{
    long long done = 0, att = 0, mis = 0, apo = 0;
    enum db_rc rc = db_row_next(st, a, "llsssllblllltt", &l->enrolment_id, &l->org_id, &l->name,
                                &l->org[LANG_CY], &l->org[LANG_EN], &l->org_rank[LANG_CY],
                                &l->org_rank[LANG_EN], &l->completed, &done, &att, &mis, &apo,
                                &l->last_activity, &l->since);
    struct sbuf b;

    if (rc != DB_OK)
        return rc;
    l->lessons_done = (int)done;
    l->attended = (int)att;
    l->missed = (int)mis;
    l->apologies = (int)apo;
    if (!l->name)
        l->name = "";
    sbuf_init(&b, a, FOLD_MAX);
    welshfold_letters(l->name, strlen(l->name), &b);
    l->fold = sbuf_failed(&b) ? "" : b.buf;
    return DB_OK;
}

/* What the loader is given. */
struct learners_arg {
    struct db *db;
    long long cohort_id;
};

static int load(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct learners_arg *in = arg;
    struct kept_learners *k = arena_calloc(a, sizeof(*k));
    struct db_stmt *st = NULL;
    size_t cap;
    enum db_rc rc = db_query(in->db, &st, sql_learners, "ll", in->cohort_id, LEARNERS_MAX);

    if (rc != DB_OK)
        return rc;
    cap = (size_t)db_affected_rows(in->db);
    k->v = arena_calloc(a, (cap ? cap : 1) * sizeof(*k->v));
    while (k->n < cap && (rc = learner_row(st, a, &k->v[k->n])) == DB_OK)
        k->n++;
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    *value = k;
    *size = sizeof(*k) + cap * (sizeof(*k->v) + 96); /* the names, roughly */
    return 0;
}

/* one value per cohort (the slot is its key's), its arena's first chunk
 * the size of a big cohort's */
static struct kept_table learners_kept =
    KEPT_TABLE_INIT(load, TRAINER_LEARNERS_TTL_MS, 256, .chunk = ARENA_DEFAULT_CHUNK);

/* Cohort c's learners as kept under its key (its figures: no generation). */
static enum db_rc kept_of(struct req *r, const struct trainer_cohort *c,
                          const struct kept_learners **k)
{
    const long long key[KEY_N] = { c->id,           c->lessons,     c->learners,
                                   c->learners_xor, c->lessons_sum, c->figures_crc };
    struct learners_arg arg = { r->db, c->id };
    const void *v = NULL;
    size_t size = 0;
    enum db_rc rc =
        (enum db_rc)kept_table_get(r->arena, &learners_kept, key, sizeof(key), 0, &arg, &v, &size);

    *k = v;
    return rc;
}

/* enum trainer_risk bits of l in cohort c at now (docs/trainer.md) */
static unsigned risk_of(const struct kl *l, const struct trainer_cohort *c, time_t now)
{
    long long span = (long long)(c->ends_at - c->starts_at), gone = (long long)(now - c->starts_at);
    unsigned risk = 0;

    if (span < 1)
        span = 1;
    gone = gone < 0 ? 0 : gone > span ? span : gone;
    /* lessons_done < floor(lessons x gone / span), in integers */
    if (!l->completed && (l->lessons_done + 1LL) * span <= (long long)c->lessons * gone)
        risk |= TRAINER_RISK_BEHIND;
    if (l->missed >= TRAINER_MISSED_RISK)
        risk |= TRAINER_RISK_MISSED;
    if (!l->completed && c->starts_at <= now && l->since < now - TRAINER_IDLE_DAYS * 86400LL)
        risk |= TRAINER_RISK_IDLE;
    return risk;
}

static int progress_of(const struct kl *l, const struct trainer_cohort *c)
{
    long long p;

    if (l->completed)
        return 100;
    if (c->lessons <= 0)
        return 0;
    p = 100LL * l->lessons_done / c->lessons;
    return p > 100 ? 100 : (int)p;
}

/* a learner matched, with what it sorts by */
struct hit {
    long long by;
    size_t i; /* its place in name order: every sort's tie-break */
    int progress;
    unsigned risk;
};

static int by_asc(const void *pa, const void *pb)
{
    const struct hit *a = pa, *b = pb;

    if (a->by != b->by)
        return a->by < b->by ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static long long sort_value(const struct kl *l, const struct hit *h, enum trainer_sort s,
                            enum lang lang)
{
    switch (s) {
    case TRAINER_SORT_ORG:
        return l->org_rank[lang];
    case TRAINER_SORT_PROGRESS:
        return h->progress;
    case TRAINER_SORT_ATTENDED:
        return l->attended;
    case TRAINER_SORT_MISSED:
        return l->missed;
    case TRAINER_SORT_ACTIVITY:
        return (long long)l->last_activity;
    case TRAINER_SORT_RISK:
        return h->risk;
    default:
        return 0; /* by name: the place alone */
    }
}

static int matches(const struct kl *l, const struct hit *h, const struct trainer_filter *f,
                   const char *q)
{
    int missed = l->missed < 2 ? l->missed : 2;

    return (!*q || strstr(l->fold, q)) && (!f->org_id || l->org_id == f->org_id) &&
           (f->progress_lo < 0 ||
            (h->progress >= f->progress_lo && h->progress <= f->progress_hi)) &&
           (f->missed < 0 || missed == f->missed) && (f->risk < 0 || (h->risk > 0) == f->risk);
}

enum db_rc trainer_learners(struct req *r, const struct trainer_cohort *c, enum lang lang,
                            const struct trainer_filter *f, long per_page,
                            struct trainer_learner **out, size_t *n, long long *total)
{
    const struct kept_learners *k = NULL;
    enum db_rc rc = kept_of(r, c, &k);
    struct hit *hits;
    struct sbuf q;
    size_t i, m = 0, from, to;
    time_t now = time(NULL);

    *out = NULL;
    *n = 0;
    *total = 0;
    if (rc != DB_OK)
        return rc;
    sbuf_init(&q, r->arena, FOLD_MAX);
    welshfold_letters(f->q ? f->q : "", f->q ? strlen(f->q) : 0, &q);
    hits = arena_calloc(r->arena, (k->n ? k->n : 1) * sizeof(*hits));
    for (i = 0; i < k->n; i++) {
        struct hit *h = &hits[m];

        h->i = i;
        h->progress = progress_of(&k->v[i], c);
        h->risk = risk_of(&k->v[i], c, now);
        if (!matches(&k->v[i], h, f, sbuf_failed(&q) ? "" : q.buf))
            continue;
        h->by = sort_value(&k->v[i], h, f->sort, lang);
        m++;
    }
    qsort(hits, m, sizeof(*hits), by_asc);
    *total = (long long)m;
    from = per_page > 0 ? (size_t)(f->page - 1) * (size_t)per_page : 0;
    to = per_page > 0 ? from + (size_t)per_page : m;
    if (from > m)
        from = m;
    if (to > m)
        to = m;
    *out = arena_calloc(r->arena, (to > from ? to - from : 1) * sizeof(**out));
    for (i = from; i < to; i++) {
        /* descending: the whole order reversed, ties too (as ORDER BY x DESC, name DESC) */
        const struct hit *h = &hits[f->desc ? m - 1 - i : i];
        const struct kl *l = &k->v[h->i];

        (*out)[(*n)++] = (struct trainer_learner){
            l->enrolment_id, l->name,   (char *)l->org[lang], l->lessons_done,  h->progress,
            l->attended,     l->missed, l->apologies,         l->last_activity, h->risk,
        };
    }
    return DB_OK;
}

static int by_id(const void *pa, const void *pb)
{
    const struct trainer_org *a = pa, *b = pb;

    return a->id < b->id ? -1 : a->id > b->id;
}

enum db_rc trainer_learner_orgs(struct req *r, const struct trainer_cohort *c,
                                struct trainer_org **out, size_t *n)
{
    const struct kept_learners *k = NULL;
    enum db_rc rc = kept_of(r, c, &k);
    struct trainer_org *v;
    size_t i, m = 0, j;

    *out = NULL;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    v = arena_calloc(r->arena, (k->n ? k->n : 1) * sizeof(*v));
    for (i = 0; i < k->n; i++)
        if (k->v[i].org_id)
            v[m++] = (struct trainer_org){ k->v[i].org_id, k->v[i].org[LANG_CY],
                                           k->v[i].org[LANG_EN], 1 };
    qsort(v, m, sizeof(*v), by_id);
    for (i = 0, j = 0; i < m; i++) {
        if (j && v[j - 1].id == v[i].id)
            v[j - 1].n++;
        else
            v[j++] = v[i];
    }
    *out = v;
    *n = j;
    return DB_OK;
}
