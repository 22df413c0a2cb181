#include "db/stmt.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/xalloc.h"

void stmt_cache_init(struct stmt_cache *c, unsigned max_prepared)
{
    memset(c, 0, sizeof(*c));
    c->slots = xcalloc(STMT_CACHE_SIZE, sizeof(*c->slots));
    c->max_prepared = max_prepared ? max_prepared : 1;
}

/* Fibonacci hashing of the pointer; the low bits are alignment, so drop them. */
static unsigned slot_of(const char *sql)
{
    uint64_t h = ((uint64_t)(uintptr_t)sql >> 3) * UINT64_C(0x9E3779B97F4A7C15);

    return (unsigned)(h >> 32) & (STMT_CACHE_SIZE - 1);
}

struct db_stmt *stmt_cache_get(struct stmt_cache *c, struct db *db, const char *sql)
{
    unsigned i = slot_of(sql);
    unsigned n;

    assert(c->slots);
    assert(sql);
    for (n = 0; n < STMT_CACHE_SIZE; n++, i = (i + 1) & (STMT_CACHE_SIZE - 1)) {
        struct db_stmt *e = &c->slots[i];

        if (e->sql == sql) {
            e->used = ++c->tick;
            return e;
        }
        if (!e->sql) {
            /* keep one slot free so a miss always ends at an empty slot */
            if (c->n_used + 1 >= STMT_CACHE_SIZE)
                return NULL;
            e->sql = sql;
            e->db = db;
            e->used = ++c->tick;
            c->n_used++;
            return e;
        }
    }
    return NULL;
}

/* A scan of the table, only when a statement is prepared with the cache full:
 * a microsecond beside the round trip of the prepare. */
struct db_stmt *stmt_cache_victim(struct stmt_cache *c, const struct db_stmt *keep)
{
    struct db_stmt *best = NULL;
    unsigned i;

    for (i = 0; i < STMT_CACHE_SIZE; i++) {
        struct db_stmt *e = &c->slots[i];

        if (e->st && !e->has_result && e != keep && (!best || e->used < best->used))
            best = e;
    }
    return best;
}

void stmt_close(struct stmt_cache *c, struct db_stmt *e)
{
    if (!e->st)
        return;
    /* COM_STMT_CLOSE has no answer: no round trip */
    mysql_stmt_close(e->st);
    e->st = NULL;
    e->has_result = 0;
    assert(c->n_prepared > 0);
    c->n_prepared--;
}

MYSQL_STMT *stmt_open(struct stmt_cache *c, struct db_stmt *e, MYSQL *m)
{
    assert(!e->st);
    while (c->n_prepared >= c->max_prepared) {
        struct db_stmt *old = stmt_cache_victim(c, e);

        if (!old)
            break; /* every one holds a result being read: go over for now */
        stmt_close(c, old);
        c->n_closed++;
    }
    e->st = mysql_stmt_init(m);
    if (e->st)
        c->n_prepared++;
    return e->st;
}

void stmt_cache_close_all(struct stmt_cache *c)
{
    unsigned i;

    if (!c->slots)
        return;
    for (i = 0; i < STMT_CACHE_SIZE; i++)
        stmt_close(c, &c->slots[i]);
}

void stmt_cache_release(struct stmt_cache *c)
{
    stmt_cache_close_all(c);
    free(c->slots);
    c->slots = NULL;
    c->n_used = 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm);
 * timegm() is not POSIX. */
static long long days_from_civil(long long y, int m, int d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

time_t stmt_time_from_mysql(const MYSQL_TIME *t)
{
    long long days = days_from_civil(t->year, (int)t->month, (int)t->day);

    return (time_t)(days * 86400 + t->hour * 3600LL + t->minute * 60LL + t->second);
}

static int time_to_mysql(time_t when, MYSQL_TIME *t)
{
    struct tm tm;

    if (!gmtime_r(&when, &tm) || tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999)
        return -1;
    memset(t, 0, sizeof(*t));
    t->year = (unsigned)tm.tm_year + 1900;
    t->month = (unsigned)tm.tm_mon + 1;
    t->day = (unsigned)tm.tm_mday;
    t->hour = (unsigned)tm.tm_hour;
    t->minute = (unsigned)tm.tm_min;
    t->second = (unsigned)tm.tm_sec;
    t->time_type = MYSQL_TIMESTAMP_DATETIME;
    return 0;
}

/* Bind a caller string. The driver only reads parameter buffers; MYSQL_BIND has
 * no const member, hence the cast through uintptr_t. */
static void bind_string(MYSQL_BIND *b, unsigned long *len, const char *s, size_t n)
{
    if (!s) {
        b->buffer_type = MYSQL_TYPE_NULL;
        return;
    }
    *len = (unsigned long)n;
    b->buffer_type = MYSQL_TYPE_STRING;
    b->buffer = (void *)(uintptr_t)s;
    b->buffer_length = (unsigned long)n;
    b->length = len;
}

/* One parameter of type (nullable: the argument is a pointer, NULL for SQL NULL). */
static int collect_one(struct stmt_params *p, unsigned k, char type, int nullable, va_list *ap,
                       const char **why)
{
    MYSQL_BIND *b = &p->bind[k];
    union stmt_value *v = &p->val[k];
    const void *ptr = NULL;
    const char *s;
    size_t len;
    time_t when;

    memset(b, 0, sizeof(*b));
    if (nullable) {
        if (!type || !strchr("ilubt", type)) {
            *why = "'n' must come before i, l, u, b or t";
            return -1;
        }
        ptr = va_arg(*ap, const void *);
        if (!ptr) {
            b->buffer_type = MYSQL_TYPE_NULL;
            return 0;
        }
    }
    switch (type) {
    case 'i':
        v->i = ptr ? *(const int *)ptr : va_arg(*ap, int);
        b->buffer_type = MYSQL_TYPE_LONG;
        b->buffer = &v->i;
        return 0;
    case 'l':
        v->l = ptr ? *(const long long *)ptr : va_arg(*ap, long long);
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = &v->l;
        return 0;
    case 'u':
        v->u = ptr ? *(const unsigned long long *)ptr : va_arg(*ap, unsigned long long);
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = &v->u;
        b->is_unsigned = 1;
        return 0;
    case 'b':
        v->b = (ptr ? *(const int *)ptr : va_arg(*ap, int)) != 0;
        b->buffer_type = MYSQL_TYPE_TINY;
        b->buffer = &v->b;
        return 0;
    case 's':
        s = va_arg(*ap, const char *);
        bind_string(b, &p->len[k], s, s ? strlen(s) : 0);
        return 0;
    case 'S':
        s = va_arg(*ap, const char *);
        len = va_arg(*ap, size_t);
        if (len > ULONG_MAX) {
            *why = "string parameter too long";
            return -1;
        }
        bind_string(b, &p->len[k], s, len);
        return 0;
    case 't':
        when = ptr ? *(const time_t *)ptr : va_arg(*ap, time_t);
        if (time_to_mysql(when, &v->t)) {
            *why = "time parameter outside the years 1000-9999";
            return -1;
        }
        b->buffer_type = MYSQL_TYPE_DATETIME;
        b->buffer = &v->t;
        b->buffer_length = sizeof(v->t);
        return 0;
    default:
        *why = "unknown parameter signature character";
        return -1;
    }
}

/* Point p's arrays at room for n parameters. */
static void params_room(struct stmt_params *p, size_t n)
{
    char *b;

    if (n <= STMT_PARAMS_INLINE) {
        p->bind = p->bind_in;
        p->val = p->val_in;
        p->len = p->len_in;
        return;
    }
    b = p->heap = xcalloc(n, sizeof(*p->bind) + sizeof(*p->val) + sizeof(*p->len));
    p->bind = (MYSQL_BIND *)(void *)b;
    p->val = (union stmt_value *)(void *)(b + n * sizeof(*p->bind));
    p->len = (unsigned long *)(void *)(b + n * (sizeof(*p->bind) + sizeof(*p->val)));
}

void stmt_params_release(struct stmt_params *p)
{
    free(p->heap);
    p->heap = NULL;
}

int stmt_params_collect(struct stmt_params *p, const char *sig, va_list ap, const char **why)
{
    va_list args;
    unsigned k = 0;
    size_t n = strlen(sig); /* at least the parameters ('n' marks the next one nullable) */
    int ret = -1;

    p->n = 0;
    p->heap = NULL;
    params_room(p, n > STMT_MAX_PARAMS ? STMT_MAX_PARAMS : n);
    /* a copy, because a va_list parameter may be an array that decayed to a pointer */
    va_copy(args, ap);
    for (; *sig; sig++, k++) {
        int nullable = *sig == 'n';

        if (k == STMT_MAX_PARAMS) {
            *why = "too many parameters";
            goto out;
        }
        sig += nullable;
        if (collect_one(p, k, *sig, nullable, &args, why))
            goto out;
    }
    p->n = k;
    ret = 0;
out:
    va_end(args);
    return ret;
}

/* Result binding for one column; strings get no buffer: the fetch only reports
 * their length, and fetch_string() then copies them whole. */
static int bind_column(MYSQL_BIND *b, union stmt_value *v, char type)
{
    switch (type) {
    case 'i':
        b->buffer_type = MYSQL_TYPE_LONG;
        b->buffer = &v->i;
        return 0;
    case 'l':
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = &v->l;
        return 0;
    case 'u':
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = &v->u;
        b->is_unsigned = 1;
        return 0;
    case 'b':
        b->buffer_type = MYSQL_TYPE_TINY;
        b->buffer = &v->b;
        return 0;
    case 't':
        b->buffer_type = MYSQL_TYPE_DATETIME;
        b->buffer = &v->t;
        b->buffer_length = sizeof(v->t);
        return 0;
    case 's':
        b->buffer_type = MYSQL_TYPE_STRING;
        b->buffer = NULL;
        b->buffer_length = 0;
        return 0;
    default:
        return -1;
    }
}

/* Copy column col (len bytes) of the current row into a. NULL on a driver error. */
static char *fetch_string(MYSQL_STMT *st, struct arena *a, unsigned col, unsigned long len)
{
    MYSQL_BIND b;
    unsigned long got = 0;
    my_bool is_null = 0, error = 0;
    char *buf = arena_alloc(a, (size_t)len + 1);

    buf[0] = '\0';
    if (len == 0)
        return buf;
    memset(&b, 0, sizeof(b));
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = buf;
    b.buffer_length = len + 1;
    b.length = &got;
    b.is_null = &is_null;
    b.error = &error;
    if (mysql_stmt_fetch_column(st, &b, col, 0) || error || got != len)
        return NULL;
    buf[len] = '\0';
    return buf;
}

/* Store column i (already fetched into v) through the next pointer of ap. */
static int store_column(MYSQL_STMT *st, struct arena *a, char type, unsigned i,
                        const union stmt_value *v, my_bool is_null, unsigned long len, va_list *ap)
{
    char *s;

    switch (type) {
    case 'i':
        *va_arg(*ap, int *) = is_null ? 0 : v->i;
        return 0;
    case 'l':
        *va_arg(*ap, long long *) = is_null ? 0 : v->l;
        return 0;
    case 'u':
        *va_arg(*ap, unsigned long long *) = is_null ? 0 : v->u;
        return 0;
    case 'b':
        *va_arg(*ap, int *) = is_null ? 0 : v->b != 0;
        return 0;
    case 't':
        *va_arg(*ap, time_t *) = is_null ? 0 : stmt_time_from_mysql(&v->t);
        return 0;
    default:
        s = is_null ? NULL : fetch_string(st, a, i, len);
        *va_arg(*ap, char **) = s;
        return is_null || s ? 0 : -1;
    }
}

/* A row's bindings: on the stack for up to STMT_INLINE columns, else one
 * heap block (a worker's stack keeps every page it ever touched, ~9 KB of
 * bindings for 64 columns in each of 256 workers). */
struct row_binds {
    MYSQL_BIND *bind;
    union stmt_value *val;
    unsigned long *len;
    my_bool *is_null, *error;
    void *heap;
};

#define STMT_INLINE 16

static void row_binds_make(struct row_binds *r, size_t n, MYSQL_BIND *bind, union stmt_value *val,
                           unsigned long *len, my_bool *is_null, my_bool *error)
{
    char *p;

    r->heap = NULL;
    if (n <= STMT_INLINE) {
        *r = (struct row_binds){ bind, val, len, is_null, error, NULL };
    } else {
        p = r->heap = xcalloc(n, sizeof(*bind) + sizeof(*val) + sizeof(*len) + 2 * sizeof(my_bool));
        r->bind = (MYSQL_BIND *)(void *)p;
        r->val = (union stmt_value *)(void *)(p += n * sizeof(*bind));
        r->len = (unsigned long *)(void *)(p += n * sizeof(*val));
        r->is_null = (my_bool *)(p += n * sizeof(*len));
        r->error = p + n * sizeof(my_bool);
    }
    memset(r->bind, 0, n * sizeof(*bind));
    /* the driver leaves these alone for NULL columns */
    memset(r->len, 0, n * sizeof(*len));
    memset(r->is_null, 0, n * sizeof(my_bool));
    memset(r->error, 0, n * sizeof(my_bool));
}

static enum stmt_fetch_rc row_fetch(MYSQL_STMT *st, struct arena *a, const char *sig, size_t n,
                                    struct row_binds *r, va_list ap, const char **why)
{
    unsigned i;
    int rc;
    int bad = 0;
    va_list out;

    for (i = 0; i < n; i++) {
        r->bind[i].is_null = &r->is_null[i];
        r->bind[i].length = &r->len[i];
        r->bind[i].error = &r->error[i];
        if (bind_column(&r->bind[i], &r->val[i], sig[i])) {
            *why = "unknown row signature character";
            return STMT_BAD;
        }
    }
    if (n && mysql_stmt_bind_result(st, r->bind))
        return STMT_DRIVER;
    rc = mysql_stmt_fetch(st);
    if (rc == MYSQL_NO_DATA)
        return STMT_END;
    if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
        return STMT_DRIVER;
    /* a string probe always "truncates"; any other column must fit exactly */
    for (i = 0; i < n; i++)
        if (sig[i] != 's' && r->error[i]) {
            *why = "a column value does not fit its row signature type (truncated)";
            return STMT_BAD;
        }
    /* a copy, because a va_list parameter may be an array that decayed to a pointer */
    va_copy(out, ap);
    for (i = 0; i < n; i++)
        if (store_column(st, a, sig[i], i, &r->val[i], r->is_null[i], r->len[i], &out))
            bad = 1;
    va_end(out);
    return bad ? STMT_DRIVER : STMT_ROW;
}

enum stmt_fetch_rc stmt_row_fetch(MYSQL_STMT *st, struct arena *a, const char *sig, va_list ap,
                                  const char **why)
{
    MYSQL_BIND bind[STMT_INLINE];
    union stmt_value val[STMT_INLINE];
    unsigned long len[STMT_INLINE];
    my_bool is_null[STMT_INLINE], error[STMT_INLINE];
    struct row_binds r;
    size_t n = strlen(sig);
    enum stmt_fetch_rc rc;

    if (n != mysql_stmt_field_count(st) || n > STMT_MAX_COLUMNS) {
        *why = "row signature does not match the columns";
        return STMT_BAD;
    }
    if (!a && strchr(sig, 's')) {
        *why = "string column fetched without an arena";
        return STMT_BAD;
    }
    row_binds_make(&r, n, bind, val, len, is_null, error);
    rc = row_fetch(st, a, sig, n, &r, ap, why);
    free(r.heap);
    return rc;
}
