/*
 * stmt: the private half of db/ (callers include db/db.h only). It holds the
 * per-connection statement cache keyed by the SQL pointer, and turns signature
 * strings into MYSQL_BIND arrays for parameters and for result rows (lwan
 * database.c). Nothing here talks to the server except through a MYSQL_STMT that
 * db.c prepared; error classification and logging stay in db.c.
 */
#pragma once

#include <stdarg.h>

#include <mysql.h>

struct arena;
struct db;

#define STMT_MAX_PARAMS  64
#define STMT_MAX_COLUMNS 64
#define STMT_CACHE_SIZE  1024 /* a power of two; entries are never removed */
/* Statements kept prepared on one connection: each costs ~9 KB of Connector/C
 * memory (its MYSQL_STMT and three preallocated blocks, the result block 4 KB)
 * for as long as it stays prepared (docs/decisions.md, "Memory under 64 MB"). */
#define STMT_PREPARED_MAX 64

/* One cached statement. The struct lives as long as its db; st is NULL until
 * the statement is prepared on the current connection (and after it is lost
 * or closed to make room). */
struct db_stmt {
    const char *sql; /* NULL: free slot */
    struct db *db;
    MYSQL_STMT *st;
    int has_result;          /* a stored result is waiting for db_row_next/db_done */
    unsigned long long used; /* the cache's tick at its last stmt_cache_get */
};

struct stmt_cache {
    struct db_stmt *slots; /* STMT_CACHE_SIZE entries, owned by the cache */
    unsigned n_used;
    unsigned n_prepared;     /* entries with st */
    unsigned max_prepared;   /* more are closed, least recently used first */
    unsigned long long tick; /* counts stmt_cache_get calls */
    unsigned long n_closed;  /* statements closed to make room */
};

/* A DATETIME read as UTC, as seconds since 1970 (any year 1000-9999;
 * db_row_next's 't', and db_json_row's). */
time_t stmt_time_from_mysql(const MYSQL_TIME *t);

/* An empty cache that keeps at most max_prepared statements prepared (at least 1). */
void stmt_cache_init(struct stmt_cache *c, unsigned max_prepared);

/* The entry for sql (claimed for db on first use), or NULL when the cache is full. */
struct db_stmt *stmt_cache_get(struct stmt_cache *c, struct db *db, const char *sql);

/* The least recently used prepared entry that holds no result (a caller may be
 * reading that one), other than keep; NULL if there is none. */
struct db_stmt *stmt_cache_victim(struct stmt_cache *c, const struct db_stmt *keep);

/* Prepare-side bookkeeping: e gets a new MYSQL_STMT on m (NULL if Connector/C
 * has no memory), after closing the least recently used statement when the
 * cache holds max_prepared. e must have none. */
MYSQL_STMT *stmt_open(struct stmt_cache *c, struct db_stmt *e, MYSQL *m);

/* mysql_stmt_close e's statement, if it has one (the entry stays, unprepared). */
void stmt_close(struct stmt_cache *c, struct db_stmt *e);

/* mysql_stmt_close every prepared statement (the entries stay, unprepared). */
void stmt_cache_close_all(struct stmt_cache *c);

/* Close everything and free the table. */
void stmt_cache_release(struct stmt_cache *c);

union stmt_value {
    int i;
    long long l;
    unsigned long long u;
    signed char b;
    MYSQL_TIME t;
};

/* Parameters of one execution; bind[] points into val[]/len[] and the caller's
 * strings, so p must outlive mysql_stmt_execute. Up to STMT_PARAMS_INLINE of
 * them live in p itself (on the caller's stack), more in one heap block: a
 * worker's stack keeps every page it ever touched, and 64 bindings are 10 KB. */
#define STMT_PARAMS_INLINE 16

struct stmt_params {
    MYSQL_BIND *bind;
    union stmt_value *val;
    unsigned long *len;
    unsigned n;
    void *heap; /* more than STMT_PARAMS_INLINE: the block bind, val and len are in */
    MYSQL_BIND bind_in[STMT_PARAMS_INLINE];
    union stmt_value val_in[STMT_PARAMS_INLINE];
    unsigned long len_in[STMT_PARAMS_INLINE];
};

/* Take the arguments described by sig (see db_query) from ap into p. 0, or -1 with
 * a static reason in *why (unknown signature character, too many, bad time). ap is
 * copied, not consumed. Either way stmt_params_release(p) after. */
int stmt_params_collect(struct stmt_params *p, const char *sig, va_list ap, const char **why);

/* Free what stmt_params_collect took from the heap for p. */
void stmt_params_release(struct stmt_params *p);

enum stmt_fetch_rc {
    STMT_ROW,    /* a row was stored through the pointers */
    STMT_END,    /* no more rows */
    STMT_BAD,    /* misuse or truncation: *why says which */
    STMT_DRIVER, /* the driver failed: see mysql_stmt_errno(st) */
};

/* Fetch the next row of st's stored result into the pointers described by sig
 * (see db_row_next); strings are allocated in a. */
enum stmt_fetch_rc stmt_row_fetch(MYSQL_STMT *st, struct arena *a, const char *sig, va_list ap,
                                  const char **why);
