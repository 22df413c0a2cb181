/*
 * The roster: every apprentice's place in the admin list (academic year
 * newest first, then name), cell (scheme, status, academic year, overdue,
 * behind; the scheme gives the employer and lead provider) and what the
 * lists show of them (name, ULI, next review, entries waiting), kept in
 * memory by core/kept. The list's counts are sums over the cells and its
 * page is the rows the filters keep, both worked out in C: the list, the
 * due list, the reports and the schemes' page run no statement of their
 * own (issue 22). Only the CSV export reads its rows' other columns, by
 * primary key (store.c).
 *
 * Why a copy in memory and not a table of counters: overdue and behind move
 * with the calendar (UTC_DATE() against the next review and the weeks in
 * learning), so counters would be wrong from midnight until something
 * recounted them; and the list's order is by the person's name, which lives
 * in users. Reading the roster costs about 30 ms at 5,000 apprentices
 * (docs/benchmarks.md) and holds about 100 bytes an apprentice.
 *
 * A committed change of the feature (appr_commit) moves the generation, so
 * the copy is read again at once in this process; otherwise it is checked
 * every ROSTER_TTL_MS, so a change on another server, from the command line,
 * a renamed account or the turn of the day shows within that time. The
 * check is a mark of everything the roster reads (SQL_ROSTER_MARK, read in
 * the same snapshot as the roster): when the database's mark is the kept
 * one's, the copy is kept without reading it again (core/kept.h .same), a
 * third of the cost; it is read whole at least every ROSTER_READ_MS all the
 * same. One request checks or reads it at a time (kept's single flight);
 * the others keep the old copy meanwhile, never one older than
 * ROSTER_STALE_MS and never one a change here made stale.
 *
 * Each read has a serial (roster_impl.h appr_roster_serial()): the staff
 * lists that show nothing but the roster are rendered once and kept at it
 * (apprenticeships_impl.h appr_page_roster_kept()). A read that holds just
 * what the last one did (its digest the same) keeps the last one's serial,
 * so those pages are rendered again when what they show changed, not once
 * a second: every reader of a page waits for its render when its serial
 * moves (25-220 ms under load, the reports' p99).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "apprenticeships/apprenticeships.h"
#include "apprenticeships/roster_impl.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/kept.h"

#define ROSTER_TTL_MS   1000
#define ROSTER_STALE_MS 2000
#define ROSTER_READ_MS  60000 /* read whole at least this often, the mark aside */

/* the due list's window (APPR_DUE_DAYS) in the SQL text */
#define APPR_DUE_DAYS_SQL "14"
_Static_assert(APPR_DUE_DAYS == 14, "APPR_DUE_DAYS_SQL is APPR_DUE_DAYS");

enum { SQL_ROSTER_MARK, SQL_ROSTER_SCHEMES, SQL_ROSTER_ROWS, SQL_ROSTER__MAX };

/* What the roster reads, as a mark that any change to it moves: every
 * column the two statements below read (a scheme's with its employer's and
 * framework's, an apprentice's with the person's name), as the count, XOR
 * and sum of each row's CRC32, and today's date (overdue, behind and due
 * move with it). Some 4-12 ms at 5,000 apprentices against 30 ms for the
 * statements (docs/benchmarks.md). */
#define MARK_ROW(...) "CRC32(CONCAT_WS('|', " __VA_ARGS__ "))"
#define MARK_OF(rows) "CONCAT_WS(' ', COUNT(*), BIT_XOR(c), SUM(c)) FROM (" rows ") k"
#define MARK_SCHEME_COLUMNS                                                                        \
    "s.id, s.employer_id, s.framework_id, s.name_cy, s.name_en, IFNULL(s.provider, ''), "          \
    "s.review_weeks, s.planned_otj_hours, s.intake_start, o.name_cy, o.name_en, f.name_cy, "       \
    "f.name_en, f.level"
#define MARK_APPRENTICE_COLUMNS                                                                    \
    "a.id, a.user_id, a.scheme_id, a.status, a.starts_on, IFNULL(a.planned_end_on, ''), "          \
    "IFNULL(a.actual_end_on, ''), IFNULL(a.trainer_id, ''), a.otj_hours_approved, "                \
    "a.otj_weekly_target, IFNULL(a.next_review_on, ''), a.otj_pending, IFNULL(a.uli, ''), u.name"
#define MARK_SCHEMES_FROM                                                                          \
    " c FROM appr_schemes s JOIN organisations o ON o.id = s.employer_id JOIN appr_frameworks f "  \
    "ON f.id = s.framework_id"
#define MARK_APPRENTICES_FROM " c FROM apprentices a JOIN users u ON u.id = a.user_id"
#define MARK_SCHEMES          "SELECT " MARK_ROW(MARK_SCHEME_COLUMNS) MARK_SCHEMES_FROM
#define MARK_APPRENTICES      "SELECT " MARK_ROW(MARK_APPRENTICE_COLUMNS) MARK_APPRENTICES_FROM

#define DUE_SOON_SQL "a.next_review_on <= UTC_DATE() + INTERVAL " APPR_DUE_DAYS_SQL " DAY"
static const char *const sql[SQL_ROSTER__MAX] = {
    [SQL_ROSTER_MARK] = "SELECT CONCAT_WS(' ', (SELECT " MARK_OF(
        MARK_SCHEMES) "), (SELECT " MARK_OF(MARK_APPRENTICES) "), UTC_DATE())",
    [SQL_ROSTER_SCHEMES] =
        "SELECT s.id, o.id, s.name_cy, s.name_en, o.name_cy, o.name_en, s.provider, f.name_cy, "
        "f.name_en, f.level, s.review_weeks, s.planned_otj_hours, f.id, ROW_NUMBER() OVER (ORDER "
        "BY f.level, f.name_en, o.name_en, s.provider, s.id) FROM appr_schemes s JOIN "
        "organisations o ON o.id = s.employer_id JOIN appr_frameworks f ON f.id = s.framework_id "
        "ORDER BY s.intake_start DESC, s.id",
    [SQL_ROSTER_ROWS] = "SELECT a.id, a.scheme_id, a.status + 0 - 1, " APPR_YEAR_SQL(
        "a.starts_on") ", " APPR_OVERDUE_SQL ", " APPR_BEHIND_SQL
                       ", COALESCE(" APPR_YEAR_SQL(
                           "a.actual_end_on") ", 0), COALESCE(a.trainer_id, 0), " APPR_APPROVED_SQL
                                              ", " APPR_EXPECTED_SQL ", "
                                              "COALESCE(TO_DAYS(a.next_review_on), 0), a.status = "
                                              "'in_learning' AND (" DUE_SOON_SQL " OR "
                                              "a.otj_pending > 0), ROW_NUMBER() OVER (ORDER BY "
                                              "u.name, a.id), u.name, a.uli, "
                                              "DATE_FORMAT(a.next_review_on, '%Y-%m-%d'), "
                                              "COALESCE(" DUE_SOON_SQL ", 0), a.otj_pending "
                                              "FROM apprentices a JOIN users u "
                                              "ON u.id = a.user_id "
                                              "ORDER BY 4 DESC, u.name, a.id",
};

static atomic_ullong generation; /* moved on by every change appr_commit makes */
static atomic_ullong reads;      /* the roster's reads: the last one's serial */

static int load_roster(struct arena *a, void *db, const void **value, size_t *size);

static int roster_same(void *db, const void *value, size_t size);

static struct kept roster_kept = KEPT_INIT(load_roster, ROSTER_TTL_MS, .stale_ms = ROSTER_STALE_MS,
                                           .background = 1, .same = roster_same);

enum db_rc appr_commit(struct db *db)
{
    enum db_rc rc = db_commit(db);

    if (rc == DB_OK)
        atomic_fetch_add(&generation, 1);
    return rc;
}

unsigned long long appr_generation(void)
{
    return atomic_load(&generation);
}

static size_t cell_of(struct arena *a, struct roster *r, size_t *cap, const struct roster_cell *k)
{
    size_t i;

    for (i = r->n_cells; i-- > 0;)
        if (r->cells[i].scheme == k->scheme && r->cells[i].status == k->status &&
            r->cells[i].year == k->year && r->cells[i].end_year == k->end_year &&
            r->cells[i].overdue == k->overdue && r->cells[i].behind == k->behind)
            return i;
    arena_push(a, r->cells, r->n_cells, *cap, *k);
    return r->n_cells - 1;
}

static enum db_rc read_schemes(struct db *db, struct arena *a, struct roster *r)
{
    struct db_stmt *st = NULL;
    struct roster_scheme k;
    struct appr_scheme *s = &k.s;
    size_t cap = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_ROSTER_SCHEMES], "");

    if (rc != DB_OK)
        return rc;
    memset(&k, 0, sizeof(k));
    while ((rc = db_row_next(st, a, "llsssssssiiill", &s->id, &s->employer_id, &s->name[0],
                             &s->name[1], &s->employer[0], &s->employer[1], &s->provider,
                             &s->framework[0], &s->framework[1], &s->level, &s->review_weeks,
                             &s->planned_otj_hours, &k.framework_id, &k.report_rank)) == DB_OK) {
        if (!s->provider)
            s->provider = "";
        arena_push(a, r->schemes, r->n_schemes, cap, k);
    }
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static const struct roster_scheme *scheme_of(const struct roster *r, long long id)
{
    size_t i;

    for (i = 0; i < r->n_schemes; i++)
        if (r->schemes[i].s.id == id)
            return &r->schemes[i];
    return NULL;
}

static enum db_rc read_rows(struct db *db, struct arena *a, struct roster *r)
{
    struct db_stmt *st = NULL;
    struct roster_cell k, key;
    struct roster_row w;
    long long scheme = 0, last = 0;
    size_t cap_c = 0, cap_r = 0;
    enum db_rc rc = read_schemes(db, a, r);

    if (rc != DB_OK)
        return rc;
    rc = db_query(db, &st, sql[SQL_ROSTER_ROWS], "");
    if (rc != DB_OK)
        return rc;
    memset(&k, 0, sizeof(k));
    memset(&w, 0, sizeof(w));
    while ((rc = db_row_next(st, a, "lliibbillliblsssbi", &w.id, &scheme, &k.status, &k.year,
                             &k.overdue, &k.behind, &k.end_year, &w.trainer_id, &k.approved_tenths,
                             &k.expected_tenths, &w.review_day, &w.due, &w.name_rank, &w.name,
                             &w.uli, &w.next_review_on, &w.due_soon, &w.pending)) == DB_OK) {
        if (!k.scheme || scheme != last)
            k.scheme = scheme_of(r, scheme);
        last = scheme;
        if (!k.scheme) /* a scheme made since its list was read: next time */
            continue;
        w.approved_tenths = (int)k.approved_tenths;
        w.expected_tenths = (int)k.expected_tenths;
        key = k;
        key.approved_tenths = key.expected_tenths = 0;
        w.cell = cell_of(a, r, &cap_c, &key);
        r->cells[w.cell].n++;
        r->cells[w.cell].approved_tenths += k.approved_tenths;
        r->cells[w.cell].expected_tenths += k.expected_tenths;
        arena_push(a, r->rows, r->n_rows, cap_r, w);
    }
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* The serial of a roster read with digest d: the last one's when nothing it
 * holds changed, so that the pages kept at it stay kept. */
static unsigned long long serial_of(const unsigned char d[APPR_ROSTER_DIGEST])
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static unsigned char last[APPR_ROSTER_DIGEST];
    static unsigned long long serial;
    unsigned long long s;

    pthread_mutex_lock(&lock);
    if (!serial || memcmp(last, d, APPR_ROSTER_DIGEST)) {
        serial = atomic_fetch_add(&reads, 1) + 1;
        memcpy(last, d, APPR_ROSTER_DIGEST);
    }
    s = serial;
    pthread_mutex_unlock(&lock);
    return s;
}

/* SQL_ROSTER_MARK's answer into *mark (allocated in a). */
static enum db_rc read_mark(struct db *db, struct arena *a, char **mark)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ROSTER_MARK], "");

    *mark = NULL;
    if (rc == DB_OK)
        rc = db_row_next(st, a, "s", mark);
    db_done(st);
    return rc == DB_OK && !*mark ? DB_ERROR : rc;
}

/* The mark and the roster from one snapshot (REPEATABLE READ), so that the
 * mark says exactly what the roster holds; inside the reader's transaction
 * when it has one. */
static enum db_rc read_roster(struct db *db, struct arena *a, struct roster *r)
{
    int own = !db_in_transaction(db);
    char *mark;
    enum db_rc rc = own ? db_begin(db) : DB_OK;

    if (rc != DB_OK)
        return rc;
    r->read_ms = clock_ms();
    rc = read_mark(db, a, &mark);
    if (rc == DB_OK)
        rc = read_rows(db, a, r);
    r->mark = mark;
    if (own)
        db_rollback(db); /* read only */
    return rc;
}

/* core/kept's check: the roster kept is what the database holds when its
 * mark is the database's now (and it is not older than ROSTER_READ_MS). */
static int roster_same(void *db, const void *value, size_t size)
{
    const struct roster *r = value;
    struct arena a;
    char *mark;
    int same;

    (void)size;
    if (clock_ms() - r->read_ms >= ROSTER_READ_MS)
        return 0;
    arena_init(&a, 256);
    same = read_mark(db, &a, &mark) == DB_OK && !strcmp(mark, r->mark);
    arena_release(&a);
    return same;
}

/* core/kept's loader: the roster into a, through the reader's connection. */
static int load_roster(struct arena *a, void *db, const void **value, size_t *size)
{
    struct roster *r = arena_calloc(a, sizeof(*r));
    unsigned char d[APPR_ROSTER_DIGEST];
    enum db_rc rc = read_roster(db, a, r);

    if (rc != DB_OK)
        return rc;
    appr_roster_digest(r, d);
    r->serial = serial_of(d);
    *value = r;
    *size = sizeof(*r);
    return DB_OK;
}

const struct roster *appr_roster_get(struct db *db, struct arena *a, enum db_rc *rc)
{
    const void *value = NULL;
    size_t size = 0;
    int got = kept_get(a, &roster_kept, appr_generation(), db, &value, &size);

    *rc = got == 0 ? DB_OK : (enum db_rc)got;
    return got == 0 ? value : NULL;
}

enum db_rc appr_roster_serial(struct db *db, struct arena *a, unsigned long long *serial)
{
    enum db_rc rc;
    const struct roster *r = appr_roster_get(db, a, &rc);

    *serial = r ? r->serial : 0;
    return r ? DB_OK : rc;
}

void appr_roster_apprentice(const struct roster *r, const struct roster_row *w,
                            struct apprentice *p)
{
    const struct roster_cell *c = &r->cells[w->cell];
    const struct appr_scheme *s = &c->scheme->s;
    int i;

    memset(p, 0, sizeof(*p));
    p->id = w->id;
    p->trainer_id = w->trainer_id;
    p->name = w->name ? w->name : "";
    p->uli = w->uli ? w->uli : "";
    p->next_review_on = w->next_review_on;
    for (i = 0; i < 2; i++) {
        p->scheme[i] = s->name[i];
        p->employer[i] = s->employer[i];
        p->framework[i] = s->framework[i];
    }
    p->provider = s->provider;
    p->level = s->level;
    p->status = c->status;
    p->year = c->year;
    p->overdue = c->overdue;
    p->due_soon = w->due_soon;
    p->otj_pending = w->pending;
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
static int count_cell(const struct appr_filter *f, struct appr_counts *c,
                      const struct roster_cell *k)
{
    enum { STATUS, EMPLOYER, YEAR, PROVIDER, OVERDUE_F, BEHIND_F, N_FILTERS };

    int ok[N_FILTERS], missed = 0, drops = -1, x;
    size_t i;

    if (f->scheme_id && f->scheme_id != k->scheme->s.id)
        return 0;
    ok[STATUS] = f->status < 0 || f->status == k->status;
    ok[EMPLOYER] = !f->employer_id || f->employer_id == k->scheme->s.employer_id;
    ok[YEAR] = !f->year || f->year == k->year;
    ok[PROVIDER] = !*f->provider || !strcmp(f->provider, k->scheme->s.provider);
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
                                             k->scheme->s.employer_id)) < APPR_EMPLOYERS_MAX)
        c->employer[i] += k->n;
    if (COUNTS_FOR(YEAR) &&
        (i = slot_year(c->year_of, &c->n_years, APPR_YEARS_MAX, k->year)) < APPR_YEARS_MAX)
        c->year[i] += k->n;
    if (COUNTS_FOR(PROVIDER) && (i = slot_name(c->provider_of, &c->n_providers, APPR_PROVIDERS_MAX,
                                               k->scheme->s.provider)) < APPR_PROVIDERS_MAX)
        c->provider[i] += k->n;
#undef COUNTS_FOR
    return !missed;
}

enum db_rc appr_roster_page(struct db *db, struct arena *a, const struct appr_filter *f,
                            struct appr_counts *c, struct apprentice **out, size_t *n)
{
    enum db_rc rc;
    const struct roster *r = appr_roster_get(db, a, &rc);
    unsigned char *keeps;
    size_t i, skip = f->offset > 0 ? (size_t)f->offset : 0;
    size_t want = f->limit > 0 ? (size_t)f->limit : 0, left;

    memset(c, 0, sizeof(*c));
    *out = NULL;
    *n = 0;
    if (!r)
        return rc;
    keeps = arena_calloc(a, r->n_cells + 1);
    for (i = 0; i < r->n_cells; i++)
        keeps[i] = (unsigned char)count_cell(f, c, &r->cells[i]);
    left = skip < (size_t)c->total ? (size_t)c->total - skip : 0;
    if (want > left)
        want = left;
    *out = arena_alloc(a, (want ? want : 1) * sizeof(**out));
    for (i = 0; i < r->n_rows && *n < want; i++) {
        if (!keeps[r->rows[i].cell])
            continue;
        if (skip)
            skip--;
        else
            appr_roster_apprentice(r, &r->rows[i], &(*out)[(*n)++]);
    }
    return DB_OK;
}

enum db_rc appr_roster_schemes(struct db *db, struct arena *a, size_t offset, size_t limit,
                               struct appr_scheme **out, size_t *n, size_t *total)
{
    enum db_rc rc;
    const struct roster *r = appr_roster_get(db, a, &rc);
    size_t i, j;

    *out = NULL;
    *n = *total = 0;
    if (!r)
        return rc;
    *total = r->n_schemes;
    if (offset < r->n_schemes)
        *n = r->n_schemes - offset < limit ? r->n_schemes - offset : limit;
    *out = arena_calloc(a, (*n ? *n : 1) * sizeof(**out));
    for (j = 0; j < *n; j++) {
        const struct roster_scheme *from = &r->schemes[offset + j];
        struct appr_scheme *s = &(*out)[j];

        *s = from->s;
        s->apprentices = 0;
        for (i = 0; i < r->n_cells; i++)
            if (r->cells[i].scheme == from)
                s->apprentices += r->cells[i].n;
    }
    return DB_OK;
}
