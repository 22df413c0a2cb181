#include "db/jsonrows.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "db/stmt.h"

enum db_rc db_json_rows(const char *text, json_t **out)
{
    json_t *v;

    *out = NULL;
    if (!text) {
        *out = json_array();
        return DB_OK;
    }
    v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_array(v)) {
        json_decref(v);
        return DB_ERROR;
    }
    *out = v;
    return DB_OK;
}

/* A JSON number (or true, false) as a long long into *n; -1 for another type. */
static int number(const json_t *v, long long *n)
{
    if (json_is_integer(v))
        *n = json_integer_value(v);
    else if (json_is_real(v))
        *n = (long long)json_real_value(v); /* UNIX_TIMESTAMP of a fractional time */
    else if (json_is_boolean(v))
        *n = json_is_true(v);
    else if (json_is_null(v))
        *n = 0;
    else
        return -1;
    return 0;
}

/* A DATETIME as JSON_ARRAY writes it, "YYYY-MM-DD HH:MM:SS[.ffffff]", read
 * as UTC into *t; -1 when s is not one. */
static int datetime(const char *s, time_t *t)
{
    MYSQL_TIME m;
    unsigned y, mo, d, h, mi, sec;
    int used = 0;

    if (sscanf(s, "%4u-%2u-%2u %2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
        (s[used] && s[used] != '.') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 59)
        return -1;
    memset(&m, 0, sizeof(m));
    m.year = y;
    m.month = mo;
    m.day = d;
    m.hour = h;
    m.minute = mi;
    m.second = sec;
    *t = stmt_time_from_mysql(&m);
    return 0;
}

/* Element v into the pointer of letter type; -1 when it is not of that type. */
static int store(const json_t *v, struct arena *a, char type, va_list *args)
{
    long long n = 0;

    if (type == 's') {
        char **s = va_arg(*args, char **);

        if (json_is_null(v))
            *s = NULL;
        else if (json_is_string(v))
            *s = arena_strndup(a, json_string_value(v), json_string_length(v));
        else
            return -1;
        return 0;
    }
    if (type == 't' && json_is_string(v))
        return datetime(json_string_value(v), va_arg(*args, time_t *));
    if (number(v, &n))
        return -1;
    switch (type) {
    case 'i':
        *va_arg(*args, int *) = (int)n;
        return 0;
    case 'l':
        *va_arg(*args, long long *) = n;
        return 0;
    case 'b':
        *va_arg(*args, int *) = n != 0;
        return 0;
    case 't':
        *va_arg(*args, time_t *) = (time_t)n;
        return 0;
    default:
        return -1;
    }
}

enum db_rc db_json_row(const json_t *rows, size_t i, struct arena *a, const char *sig, ...)
{
    const json_t *row = json_array_get(rows, i);
    size_t k, n = strlen(sig);
    va_list args;
    enum db_rc rc = DB_OK;

    if (!row)
        return DB_NOT_FOUND;
    if (!json_is_array(row) || json_array_size(row) != n)
        return DB_ERROR;
    va_start(args, sig);
    for (k = 0; k < n && rc == DB_OK; k++)
        if (store(json_array_get(row, k), a, sig[k], &args))
            rc = DB_ERROR;
    va_end(args);
    return rc;
}

const char *db_ids_json(struct arena *a, const long long *ids, size_t n)
{
    struct sbuf json;
    size_t i;

    sbuf_init(&json, a, 24 * (n + 1));
    sbuf_addc(&json, '[');
    for (i = 0; i < n; i++)
        sbuf_addf(&json, i ? ",%lld" : "%lld", ids[i]);
    sbuf_addc(&json, ']');
    return sbuf_failed(&json) ? NULL : json.buf;
}
