/*
 * The roster: every apprentice's place in the admin list (academic year
 * newest first, then name) and cell (scheme, status, academic year,
 * overdue, behind; the scheme gives the employer and lead provider), kept
 * in memory. The list's counts are sums over the cells and its page is the
 * ids the filters keep, both worked out in C (appr_roster_page); only the
 * page's 25 rows are then read, by primary key (store.c).
 *
 * Why a copy in memory and not a table of counters: overdue and behind move
 * with the calendar (UTC_DATE() against the next review and the weeks in
 * learning), so counters would be wrong from midnight until something
 * recounted them; and the list's order is by the person's name, which lives
 * in users. Reading the roster costs about 30 ms at 5,000 apprentices
 * (docs/benchmarks.md) and holds 16 bytes an apprentice.
 *
 * A committed change of the feature (appr_commit) drops the copy at once in
 * this process; otherwise it is kept ROSTER_TTL_MS, so a change on another
 * server, from the command line, a renamed account or the turn of the day
 * shows within that time. One request reads it again at a time; the others
 * keep the old copy meanwhile, never one older than ROSTER_STALE_MS and
 * never one a change here dropped. Each copy is counted (refs) so a reader
 * never holds the lock while it works.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "core/arena.h"
#include "core/clock.h"

#define ROSTER_TTL_MS   1000
#define ROSTER_STALE_MS 2000

enum { SQL_ROSTER_SCHEMES, SQL_ROSTER_ROWS, SQL_ROSTER__MAX };

static const char *const sql[SQL_ROSTER__MAX] = {
    [SQL_ROSTER_SCHEMES] = "SELECT id, employer_id, provider FROM appr_schemes",
    [SQL_ROSTER_ROWS] = "SELECT a.id, a.scheme_id, a.status + 0 - 1, " APPR_YEAR_SQL(
        "a.starts_on") ", " APPR_OVERDUE_SQL ", " APPR_BEHIND_SQL " FROM apprentices a "
                       "JOIN users u ON u.id = a.user_id ORDER BY 4 DESC, u.name, a.id",
};

struct cell {
    long long scheme, employer, n;
    int status, year, overdue, behind;
    const char *provider;
};

struct row {
    long long id;
    size_t cell;
};

struct roster {
    int refs;
    struct arena arena;
    struct cell *cells;
    size_t n_cells;
    struct row *rows;
    size_t n_rows;
    long long read_ms, generation;
};

static atomic_llong generation; /* moved on by every change appr_commit makes */

static struct {
    pthread_mutex_t lock;
    struct roster *r; /* NULL until first read */
    int refreshing;
} kept = { .lock = PTHREAD_MUTEX_INITIALIZER };

enum db_rc appr_commit(struct db *db)
{
    enum db_rc rc = db_commit(db);

    if (rc == DB_OK)
        atomic_fetch_add(&generation, 1);
    return rc;
}

/* Call with kept.lock held. */
static void put_locked(struct roster *r)
{
    if (r && --r->refs == 0) {
        arena_release(&r->arena);
        free(r);
    }
}

static void put(struct roster *r)
{
    pthread_mutex_lock(&kept.lock);
    put_locked(r);
    pthread_mutex_unlock(&kept.lock);
}

/* The kept roster (one more reference) when it will do; NULL: the caller
 * reads it and calls keep(). */
static struct roster *cached(void)
{
    struct roster *r = NULL;
    long long age;

    pthread_mutex_lock(&kept.lock);
    if (kept.r && kept.r->generation == atomic_load(&generation)) {
        age = clock_ms() - kept.r->read_ms;
        if (age < ROSTER_TTL_MS || (kept.refreshing && age < ROSTER_STALE_MS))
            r = kept.r;
    }
    if (r)
        r->refs++;
    else
        kept.refreshing = 1;
    pthread_mutex_unlock(&kept.lock);
    return r;
}

/* Keep r (read when no change had been committed since r->generation)
 * unless a change came since. */
static void keep(struct roster *r)
{
    pthread_mutex_lock(&kept.lock);
    if (r && r->generation == atomic_load(&generation)) {
        put_locked(kept.r);
        kept.r = r;
        r->refs++;
    }
    kept.refreshing = 0;
    pthread_mutex_unlock(&kept.lock);
}

struct scheme_key {
    long long id, employer;
    const char *provider;
};

static size_t cell_of(struct roster *r, size_t *cap, const struct cell *k)
{
    size_t i;

    for (i = r->n_cells; i-- > 0;)
        if (r->cells[i].scheme == k->scheme && r->cells[i].status == k->status &&
            r->cells[i].year == k->year && r->cells[i].overdue == k->overdue &&
            r->cells[i].behind == k->behind)
            return i;
    arena_push(&r->arena, r->cells, r->n_cells, *cap, *k);
    return r->n_cells - 1;
}

static enum db_rc read_rows(struct db *db, struct roster *r)
{
    struct db_stmt *st = NULL;
    struct scheme_key s, *sk = NULL;
    struct cell k;
    struct row w;
    size_t n_s = 0, cap_s = 0, cap_c = 0, cap_r = 0, i, j;
    enum db_rc rc = db_query(db, &st, sql[SQL_ROSTER_SCHEMES], "");

    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, &r->arena, "lls", &s.id, &s.employer, &s.provider)) == DB_OK)
        arena_push(&r->arena, sk, n_s, cap_s, s);
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    rc = db_query(db, &st, sql[SQL_ROSTER_ROWS], "");
    if (rc != DB_OK)
        return rc;
    memset(&k, 0, sizeof(k));
    k.provider = "";
    while ((rc = db_row_next(st, NULL, "lliibb", &w.id, &k.scheme, &k.status, &k.year, &k.overdue,
                             &k.behind)) == DB_OK) {
        w.cell = cell_of(r, &cap_c, &k);
        r->cells[w.cell].n++;
        arena_push(&r->arena, r->rows, r->n_rows, cap_r, w);
    }
    db_done(st);
    if (rc != DB_NOT_FOUND)
        return rc;
    for (i = 0; i < r->n_cells; i++)
        for (j = 0; j < n_s; j++)
            if (sk[j].id == r->cells[i].scheme) {
                r->cells[i].employer = sk[j].employer;
                r->cells[i].provider = sk[j].provider;
            }
    return DB_OK;
}

/* The roster to read from, one reference the caller puts back; NULL with
 * *rc when it cannot be read. */
static struct roster *get(struct db *db, enum db_rc *rc)
{
    struct roster *r = cached();

    *rc = DB_OK;
    if (r)
        return r;
    r = calloc(1, sizeof(*r));
    if (!r) {
        keep(NULL);
        *rc = DB_ERROR;
        return NULL;
    }
    r->refs = 1;
    r->generation = atomic_load(&generation);
    r->read_ms = clock_ms();
    arena_init(&r->arena, 16 * 1024);
    *rc = read_rows(db, r);
    if (*rc != DB_OK) {
        keep(NULL);
        put(r);
        return NULL;
    }
    keep(r);
    return r;
}

/* The index of key among keys[0..*n), added when new and there is room;
 * max when there is none. */
static size_t slot_id(long long *keys, size_t *n, size_t max, long long key)
{
    size_t i;

    for (i = 0; i < *n && keys[i] != key; i++)
        ;
    if (i == *n && i < max)
        keys[(*n)++] = key;
    return i < *n ? i : max;
}

static size_t slot_year(int *keys, size_t *n, size_t max, int key)
{
    size_t i;

    for (i = 0; i < *n && keys[i] != key; i++)
        ;
    if (i == *n && i < max)
        keys[(*n)++] = key;
    return i < *n ? i : max;
}

static size_t slot_name(const char **keys, size_t *n, size_t max, const char *key)
{
    size_t i;

    for (i = 0; i < *n && strcmp(keys[i], key); i++)
        ;
    if (i == *n && i < max)
        keys[(*n)++] = key;
    return i < *n ? i : max;
}

/* Add one cell to the counts. Each filter's options are counted with every
 * other filter applied (a cell the filters keep, or one only that filter
 * drops), the total with all of them; the scheme filter applies to all.
 * 1 when the filters keep the cell. */
static int count_cell(const struct appr_filter *f, struct appr_counts *c, const struct cell *k)
{
    enum { STATUS, EMPLOYER, YEAR, PROVIDER, OVERDUE_F, BEHIND_F, N_FILTERS };

    int ok[N_FILTERS], missed = 0, drops = -1, x;
    size_t i;

    if (f->scheme_id && f->scheme_id != k->scheme)
        return 0;
    ok[STATUS] = f->status < 0 || f->status == k->status;
    ok[EMPLOYER] = !f->employer_id || f->employer_id == k->employer;
    ok[YEAR] = !f->year || f->year == k->year;
    ok[PROVIDER] = !*f->provider || !strcmp(f->provider, k->provider);
    ok[OVERDUE_F] = !f->overdue || k->overdue;
    ok[BEHIND_F] = !f->behind || k->behind;
    for (x = 0; x < N_FILTERS; x++)
        if (!ok[x]) {
            missed++;
            drops = x;
        }
    if (missed > 1)
        return 0;
    if (!missed)
        c->total += k->n;
#define COUNTS_FOR(x) (!missed || drops == (x))
    if (COUNTS_FOR(STATUS) && k->status >= 0 && k->status < APPR_STATUS__N)
        c->status[k->status] += k->n;
    if (COUNTS_FOR(OVERDUE_F) && k->overdue)
        c->overdue += k->n;
    if (COUNTS_FOR(BEHIND_F) && k->behind)
        c->behind += k->n;
    if (COUNTS_FOR(EMPLOYER) && (i = slot_id(c->employer_id, &c->n_employers, APPR_EMPLOYERS_MAX,
                                             k->employer)) < APPR_EMPLOYERS_MAX)
        c->employer[i] += k->n;
    if (COUNTS_FOR(YEAR) &&
        (i = slot_year(c->year_of, &c->n_years, APPR_YEARS_MAX, k->year)) < APPR_YEARS_MAX)
        c->year[i] += k->n;
    if (COUNTS_FOR(PROVIDER) && (i = slot_name(c->provider_of, &c->n_providers, APPR_PROVIDERS_MAX,
                                               k->provider)) < APPR_PROVIDERS_MAX)
        c->provider[i] += k->n;
#undef COUNTS_FOR
    return !missed;
}

enum db_rc appr_roster_page(struct db *db, struct arena *a, const struct appr_filter *f,
                            struct appr_counts *c, long long **ids, size_t *n)
{
    enum db_rc rc;
    struct roster *r = get(db, &rc);
    unsigned char *keeps;
    size_t i, skip = f->offset > 0 ? (size_t)f->offset : 0;
    size_t want = f->limit > 0 ? (size_t)f->limit : 0;

    memset(c, 0, sizeof(*c));
    *ids = NULL;
    *n = 0;
    if (!r)
        return rc;
    keeps = arena_calloc(a, r->n_cells + 1);
    *ids = arena_alloc(a, (want ? want : 1) * sizeof(**ids));
    for (i = 0; i < r->n_cells; i++)
        keeps[i] = (unsigned char)count_cell(f, c, &r->cells[i]);
    for (i = 0; i < r->n_rows && *n < want; i++) {
        if (!keeps[r->rows[i].cell])
            continue;
        if (skip)
            skip--;
        else
            (*ids)[(*n)++] = r->rows[i].id;
    }
    for (i = 0; i < c->n_providers; i++) /* the roster may go once it is put back */
        c->provider_of[i] = arena_strdup(a, c->provider_of[i]);
    put(r);
    return DB_OK;
}

enum db_rc appr_roster_schemes(struct db *db, struct appr_scheme *s, size_t ns)
{
    enum db_rc rc;
    struct roster *r = get(db, &rc);
    size_t i, j;

    for (j = 0; j < ns; j++)
        s[j].apprentices = 0;
    if (!r)
        return rc;
    for (i = 0; i < r->n_cells; i++)
        for (j = 0; j < ns; j++)
            if (s[j].id == r->cells[i].scheme)
                s[j].apprentices += r->cells[i].n;
    put(r);
    return DB_OK;
}

void appr_roster_usage(size_t *bytes, size_t *entries)
{
    pthread_mutex_lock(&kept.lock);
    *bytes = kept.r ? sizeof(*kept.r) + arena_footprint(&kept.r->arena) : 0;
    *entries = kept.r ? kept.r->n_rows : 0;
    pthread_mutex_unlock(&kept.lock);
}
