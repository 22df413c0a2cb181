#include "ratelimit.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"

enum ratelimit_sql {
    SQL_RATELIMIT_HIT,
    SQL_RATELIMIT_HITS,
    SQL_RATELIMIT_PURGE,
    SQL_RATELIMIT_FORGET,
    SQL_RATELIMIT__MAX,
};

static const char *const sql[SQL_RATELIMIT__MAX] = {
    [SQL_RATELIMIT_HIT] = "INSERT INTO rate_limits (k, window_start, hits) VALUES (?, ?, 1) "
                          "ON DUPLICATE KEY UPDATE hits = hits + 1 RETURNING hits",
    [SQL_RATELIMIT_HITS] = "SELECT hits FROM rate_limits WHERE k = ? AND window_start = ?",
    [SQL_RATELIMIT_PURGE] = "DELETE FROM rate_limits "
                            "WHERE window_start < UTC_TIMESTAMP() - INTERVAL 1 DAY LIMIT 1000",
    /* every window of a key: its rows are "key/60", "key/3600" ..., the keys
     * from "key/" up to "key0" ('0' follows '/' in ASCII; ascii_bin) */
    [SQL_RATELIMIT_FORGET] = "DELETE FROM rate_limits WHERE k >= ? AND k < ?",
};

#define WINDOW_MAX (24 * 3600) /* older windows are purged */

time_t ratelimit_window_start(time_t now, int window_s)
{
    time_t r;

    if (window_s <= 0)
        return now;
    r = now % window_s;
    if (r < 0)
        r += window_s;
    return now - r;
}

/* 1 if key is 1..128 printable ASCII characters (the column is ascii_bin). */
static int key_ok(const char *key)
{
    size_t i;

    if (!key || !*key)
        return 0;
    for (i = 0; key[i]; i++)
        if (i >= RATELIMIT_KEY_MAX || key[i] < 0x21 || key[i] > 0x7e)
            return 0;
    return 1;
}

/* The row of key's window of window_s seconds: "key/window_s". One key
 * counted over two windows that start at the same second (an hour and a day
 * at midnight UTC) keeps two counts (migration 0025 made room in the column). */
#define ROW_KEY_MAX (RATELIMIT_KEY_MAX + 8)

static const char *row_key(char *buf, const char *key, int window_s)
{
    snprintf(buf, ROW_KEY_MAX, "%s/%d", key, window_s);
    return buf;
}

static enum db_rc read_hits(struct db *db, const char *key, time_t start, long long *hits)
{
    struct db_stmt *st = NULL;
    enum db_rc rc;

    *hits = 0;
    rc = db_query(db, &st, sql[SQL_RATELIMIT_HITS], "st", key, start);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", hits);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc ratelimit_hit(struct db *db, const char *key, int limit, int window_s, int *limited,
                         int *retry_after)
{
    time_t now = time(NULL), start;
    long long hits = 0;
    char row[ROW_KEY_MAX];
    struct db_stmt *st = NULL;
    enum db_rc rc;

    *limited = 0;
    *retry_after = 0;
    if (!key_ok(key) || window_s <= 0 || window_s > WINDOW_MAX || limit < 0) {
        log_error("ratelimit_hit: bad key or window");
        return DB_ERROR;
    }
    start = ratelimit_window_start(now, window_s);
    key = row_key(row, key, window_s);

    /* one round trip: the count as this hit left it (RETURNING gives the
     * row as updated, or as inserted when the window is new) */
    rc = db_query(db, &st, sql[SQL_RATELIMIT_HIT], "st", key, start);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &hits);
    db_done(st);
    if (rc != DB_OK)
        return rc == DB_NOT_FOUND ? DB_ERROR : rc;
    if (hits > limit) {
        *limited = 1;
        *retry_after = (int)(start + window_s - now);
        if (*retry_after < 1)
            *retry_after = 1;
    }

    /* forget windows older than a day now and then; a failure here is harmless */
    if (randombytes_uniform(100) == 0 && db_exec(db, sql[SQL_RATELIMIT_PURGE], "") != DB_OK)
        log_warn("cannot purge old rate-limit windows");
    return DB_OK;
}

enum db_rc ratelimit_peek(struct db *db, const char *key, int window_s, int *hits)
{
    long long n = 0;
    char row[ROW_KEY_MAX];
    enum db_rc rc;

    *hits = 0;
    if (!key_ok(key) || window_s <= 0 || window_s > WINDOW_MAX) {
        log_error("ratelimit_peek: bad key or window");
        return DB_ERROR;
    }
    rc = read_hits(db, row_key(row, key, window_s), ratelimit_window_start(time(NULL), window_s),
                   &n);
    if (rc == DB_OK)
        *hits = n > 0x7fffffff ? 0x7fffffff : (int)n;
    return rc;
}

enum db_rc ratelimit_over(struct db *db, const char *key, int limit, int window_s, int *retry_after)
{
    time_t now = time(NULL), start = ratelimit_window_start(now, window_s);
    int hits = 0;
    enum db_rc rc = ratelimit_peek(db, key, window_s, &hits);

    *retry_after = 0;
    if (rc == DB_OK && hits >= limit) {
        *retry_after = (int)(start + window_s - now);
        if (*retry_after < 1)
            *retry_after = 1;
    }
    return rc;
}

enum db_rc ratelimit_forget(struct db *db, const char *key)
{
    char from[ROW_KEY_MAX], to[ROW_KEY_MAX];

    if (!key_ok(key)) {
        log_error("ratelimit_forget: bad key");
        return DB_ERROR;
    }
    snprintf(from, sizeof(from), "%s/", key);
    snprintf(to, sizeof(to), "%s0", key);
    return db_exec(db, sql[SQL_RATELIMIT_FORGET], "ss", from, to);
}

int ratelimit_budget(struct req *r, const char *what, int per_minute, int per_hour, enum db_rc *rc)
{
    const struct {
        char window;
        int limit, seconds;
    } budgets[] = { { 'm', per_minute, 60 }, { 'h', per_hour, 3600 } };

    int limited = 0, retry = 0, worst = 0;
    size_t i;

    *rc = DB_OK;
    for (i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
        *rc = ratelimit_hit(
            r->db, arena_printf(r->arena, "%s-%c:%s", what, budgets[i].window, req_client_key(r)),
            budgets[i].limit, budgets[i].seconds, &limited, &retry);
        if (*rc != DB_OK)
            return 0;
        if (limited && retry > worst)
            worst = retry;
    }
    return worst ? ratelimit_reply(r, worst) : 0;
}

int ratelimit_reply(struct req *r, int retry_after)
{
    char v[16];

    if (retry_after < 1)
        retry_after = 1;
    snprintf(v, sizeof(v), "%d", retry_after);
    resp_header(r, "Retry-After", v);
    r->retry_after = retry_after;
    log_warn_r(r, "rate limited: %s %s, retry after %d s", r->method_name ? r->method_name : "",
               req_log_path(r, r->rpath), retry_after);
    return 429; /* the funnel renders the localised page */
}
