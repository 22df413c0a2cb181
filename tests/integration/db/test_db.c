/*
 * db/db.c and db/stmt.c against the real private MariaDB named by DYSGU_DB:
 * every signature type both ways, strict-mode rejections, error mapping, the
 * statement cache, transactions, lost connections and the url parser.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/stmt.h"
#include "harness.h"

static struct arena mem;
static struct db *db;
static int have_table;

/* SQL naming the scratch table: built once, never changed (cached by pointer). */
static char sql_create[512], sql_drop[128], sql_insert[256], sql_by_k[256], sql_count[128],
    sql_keys[128], sql_update_i[128], sql_insert_k[128], sql_insert_k_copy[128],
    sql_insert_k_i[128], sql_big_then_short[128];

static void build_sql(void)
{
    char t[64];

    snprintf(t, sizeof(t), "dysgu_db_test_%ld", (long)getpid());
    snprintf(sql_create, sizeof(sql_create),
             "CREATE TABLE %s (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
             " k VARCHAR(32) NOT NULL, i INT NULL, l BIGINT NULL, u BIGINT UNSIGNED NULL,"
             " s VARCHAR(64) NULL, big MEDIUMTEXT NULL, b TINYINT(1) NULL, t DATETIME NULL,"
             " UNIQUE KEY uk (k))"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci",
             t);
    snprintf(sql_drop, sizeof(sql_drop), "DROP TABLE IF EXISTS %s", t);
    snprintf(sql_insert, sizeof(sql_insert),
             "INSERT INTO %s (k, i, l, u, s, big, b, t) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", t);
    snprintf(sql_by_k, sizeof(sql_by_k),
             "SELECT id, i, l, u, s, big, b, t, DATE_FORMAT(t, '%%Y-%%m-%%d %%H:%%i:%%s')"
             " FROM %s WHERE k = ?",
             t);
    snprintf(sql_count, sizeof(sql_count), "SELECT COUNT(*) FROM %s", t);
    snprintf(sql_keys, sizeof(sql_keys), "SELECT k FROM %s ORDER BY id", t);
    snprintf(sql_update_i, sizeof(sql_update_i), "UPDATE %s SET i = ? WHERE k = ?", t);
    snprintf(sql_insert_k, sizeof(sql_insert_k), "INSERT INTO %s (k) VALUES (?)", t);
    memcpy(sql_insert_k_copy, sql_insert_k, sizeof(sql_insert_k));
    snprintf(sql_big_then_short, sizeof(sql_big_then_short),
             "SELECT big FROM %s WHERE k = ? UNION ALL SELECT 'short'", t);
    snprintf(sql_insert_k_i, sizeof(sql_insert_k_i), "INSERT INTO %s (k, i) VALUES (?, ?)", t);
}

static struct db *open_db(void)
{
    struct db *d = fx_db_open(&mem, NULL);

    if (!d)
        CU_FAIL("DYSGU_DB is not set (ops/db start DIR; export DYSGU_DB=$(ops/db url DIR))");
    return d;
}

/* The shared connection with the scratch table, created on first use. */
static struct db *scratch(void)
{
    if (!db) {
        build_sql();
        db = open_db();
        if (!db)
            return NULL;
    }
    if (!have_table) {
        if (db_exec_script(db, sql_drop, strlen(sql_drop)) != DB_OK ||
            db_exec_script(db, sql_create, strlen(sql_create)) != DB_OK)
            return NULL;
        have_table = 1;
    }
    return db;
}

static long long count_rows(struct db *d)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_count, ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "l", &n), DB_OK);
    db_done(st);
    return n;
}

static enum db_rc insert_key(struct db *d, const char *k)
{
    return db_exec(d, sql_insert_k, "s", k);
}

/* 1 when a and b are both NULL or the same string. */
static int same_or_null(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static void db__params_parse_table(void)
{
    static const struct {
        const char *url;
        const char *user, *password, *host;
        unsigned port;
        const char *name, *socket;
        int ssl;
        const char *ssl_ca, *ssl_cert, *ssl_key;
    } good[] = {
        { "mysql://u:p@h:3307/d?ssl=0", "u", "p", "h", 3307, "d", NULL, 0, NULL, NULL, NULL },
        { "mysql://dysgu:s%40cr%2Ft%3a%25@localhost/dysgu?socket=/tmp/my%20db.sock", "dysgu",
          "s@cr/t:%", "localhost", 0, "dysgu", "/tmp/my db.sock", 0, NULL, NULL, NULL },
        { "mysql://u@localhost/d", "u", NULL, "localhost", 0, "d", NULL, 0, NULL, NULL, NULL },
        { "mysql://u:@[::1]:3306/d", "u", "", "::1", 3306, "d", NULL, 0, NULL, NULL, NULL },
        { "mariadb://u:p@127.0.0.1/d_x", "u", "p", "127.0.0.1", 0, "d_x", NULL, 0, NULL, NULL,
          NULL },
        { "mysql://u:p@w@localhost/d", "u", "p@w", "localhost", 0, "d", NULL, 0, NULL, NULL, NULL },
        /* TLS: ssl=1 alone trusts the system's CAs; a private CA and a client certificate */
        { "mysql://u:p@db.example/d?ssl=1", "u", "p", "db.example", 0, "d", NULL, 1, NULL, NULL,
          NULL },
        { "mysql://u:p@10.0.0.5:3306/d?ssl=1&ssl-ca=/etc/dysgu/ca%20file.pem", "u", "p", "10.0.0.5",
          3306, "d", NULL, 1, "/etc/dysgu/ca file.pem", NULL, NULL },
        { "mysql://u:p@db/d?ssl-ca=/c.pem&ssl-cert=/me.pem&ssl-key=/me.key&ssl=1", "u", "p", "db",
          0, "d", NULL, 1, "/c.pem", "/me.pem", "/me.key" },
        { "mysql://u:p@localhost/d?ssl=1", "u", "p", "localhost", 0, "d", NULL, 1, NULL, NULL,
          NULL },
        { "mysql://u:p@[2001:db8::1]/d?ssl=0", "u", "p", "2001:db8::1", 0, "d", NULL, 0, NULL, NULL,
          NULL },
    };

    static const char *const bad[] = {
        "postgres://u:p@h/d",
        "mysql:/u:p@h/d",
        "",
        "mysql://u:p@h",
        "mysql://u:p@h/",
        "mysql://u:p@h/?socket=/x",
        "mysql://h/d",
        "mysql://:p@h/d",
        "mysql://u:p@/d",
        "mysql://u:p@h:0/d",
        "mysql://u:p@h:65536/d",
        "mysql://u:p@h:12a/d",
        "mysql://u:p@h:/d",
        "mysql://u:p@[::1/d",
        "mysql://u:p%zz@h/d",
        "mysql://u:p%2@h/d",
        "mysql://u:p%00@h/d",
        "mysql://u:p@localhost/d?socket=rel.sock",
        "mysql://u:p@h/d?socket=/x.sock",
        "mysql://u:p@localhost/d?sll=1",
        "mysql://u:p@localhost/d?ssl",
        /* another machine without ssl= written out: refused, not plain text */
        "mysql://u:p@h/d",
        "mysql://u:p@db.example:3306/d",
        "mysql://u:p@10.0.0.5/d",
        "mysql://u:p@[2001:db8::1]/d",
        "mysql://u:p@127.0.0.2/d",
        "mysql://u:p@db/d?ssl-ca=/c.pem",
        /* bad TLS options */
        "mysql://u:p@db/d?ssl=2",
        "mysql://u:p@db/d?ssl=yes",
        "mysql://u:p@db/d?ssl=",
        "mysql://u:p@db/d?ssl=1&ssl=0",
        "mysql://u:p@db/d?ssl=0&ssl-ca=/c.pem",
        "mysql://u:p@db/d?ssl=1&ssl-ca=c.pem",
        "mysql://u:p@db/d?ssl=1&ssl-ca=",
        "mysql://u:p@db/d?ssl=1&ssl-ca=/a.pem&ssl-ca=/b.pem",
        "mysql://u:p@db/d?ssl=1&ssl-cert=/me.pem",
        "mysql://u:p@db/d?ssl=1&ssl-key=/me.key",
        "mysql://u:p@db/d?ssl=1&ssl-ca=/c%2",
    };
    struct db_params p;
    char err[400];
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        err[0] = '\0';
        if (db_params_parse(&mem, good[i].url, &p, err, sizeof(err))) {
            fprintf(stderr, "\n  url %s: %s\n", good[i].url, err);
            CU_FAIL("a good url was refused");
            continue;
        }
        CU_ASSERT_STRING_EQUAL(p.user, good[i].user);
        CU_ASSERT(same_or_null(p.password, good[i].password));
        CU_ASSERT_STRING_EQUAL(p.host, good[i].host);
        CU_ASSERT_EQUAL(p.port, good[i].port);
        CU_ASSERT_STRING_EQUAL(p.name, good[i].name);
        CU_ASSERT(same_or_null(p.socket, good[i].socket));
        CU_ASSERT_EQUAL(p.ssl, good[i].ssl);
        CU_ASSERT(same_or_null(p.ssl_ca, good[i].ssl_ca));
        CU_ASSERT(same_or_null(p.ssl_cert, good[i].ssl_cert));
        CU_ASSERT(same_or_null(p.ssl_key, good[i].ssl_key));
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = '\0';
        if (db_params_parse(&mem, bad[i], &p, err, sizeof(err)) == 0) {
            fprintf(stderr, "\n  url %s: accepted\n", bad[i]);
            CU_FAIL("a bad url was accepted");
            continue;
        }
        CU_ASSERT(strncmp(err, "bad database url: ", 18) == 0);
        CU_ASSERT_PTR_NULL(p.user);
        CU_ASSERT_PTR_NULL(p.ssl_ca);
    }
}

static void db__plain_text_off_host_is_said(void)
{
    struct db_params p;
    char err[400] = "";

    CU_ASSERT_EQUAL(db_params_parse(&mem, "mysql://u:hunter2@db.example/d", &p, err, sizeof(err)),
                    -1);
    CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "ssl=1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "ssl=0"));
}

static void db__parse_error_hides_password(void)
{
    struct db_params p;
    char err[200] = "";

    CU_ASSERT_EQUAL(
        db_params_parse(&mem, "mysql://u:hunter2@h:99999/d?ssl=0", &p, err, sizeof(err)), -1);
    CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "port"));
}

static void db__ping_and_session_settings(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    char *mode = NULL, *tz = NULL, *coll = NULL;
    time_t now = 0;
    int ai = -1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(db_ping(d), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st,
                                   "SELECT @@SESSION.sql_mode, @@SESSION.time_zone,"
                                   " @@collation_connection, NOW(), 'wyn' = 'ŵyn'",
                                   ""),
                          DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "ssstb", &mode, &tz, &coll, &now, &ai), DB_OK);
    db_done(st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mode);
    CU_ASSERT_PTR_NOT_NULL(strstr(mode, "STRICT_TRANS_TABLES"));
    CU_ASSERT_PTR_NOT_NULL(strstr(mode, "NO_ZERO_DATE"));
    CU_ASSERT_STRING_EQUAL(tz, "+00:00");
    CU_ASSERT_STRING_EQUAL(coll, "utf8mb4_uca1400_ai_ci");
    /* NOW() is UTC, so read as UTC it is the current time */
    CU_ASSERT(now > time(NULL) - 5 && now < time(NULL) + 5);
    CU_ASSERT_EQUAL(ai, 1);
}

static void db__round_trip_every_type(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    const char *welsh = "Ŵyn ŷd";
    const char *cut = "abcdefgh";
    time_t when = 1700000000; /* 2023-11-14 22:13:20 UTC */
    unsigned long long id = 0, u = 0;
    long long l = 0;
    int i = 0, b = -1;
    char *s = NULL, *big = NULL, *text_t = NULL;
    time_t t = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_insert, "siluSsbt", "types", INT_MIN, LLONG_MIN,
                                  ULLONG_MAX, cut, (size_t)3, welsh, 7, when),
                          DB_OK);
    CU_ASSERT(db_insert_id(d) > 0);
    CU_ASSERT_EQUAL(db_affected_rows(d), 1);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_by_k, "s", "types"), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "uilussbts", &id, &i, &l, &u, &s, &big, &b, &t, &text_t),
                    DB_OK);
    CU_ASSERT_EQUAL(id, db_insert_id(d));
    CU_ASSERT_EQUAL(i, INT_MIN);
    CU_ASSERT_EQUAL(l, LLONG_MIN);
    CU_ASSERT_EQUAL(u, ULLONG_MAX);
    CU_ASSERT_STRING_EQUAL(s, "abc");
    CU_ASSERT_STRING_EQUAL(big, welsh);
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_EQUAL(t, when);
    /* stored as UTC wall time, not shifted by any local zone */
    CU_ASSERT_STRING_EQUAL(text_t, "2023-11-14 22:13:20");
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "uilussbts", &id, &i, &l, &u, &s, &big, &b, &t, &text_t),
                    DB_NOT_FOUND);
    db_done(st);
}

static void db__null_and_empty_values(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    unsigned long long id, u = 1;
    long long l = 1;
    int i = 1, b = 1;
    char *s = (char *)"x", *big = (char *)"x", *text_t = (char *)"x";
    time_t t = 1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_insert, "sninlnuSsnbnt", "nulls", (int *)NULL,
                                  (long long *)NULL, (unsigned long long *)NULL, (const char *)NULL,
                                  (size_t)0, (const char *)NULL, (int *)NULL, (time_t *)NULL),
                          DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_update_i, "is", 5, "nulls"), DB_OK);
    CU_ASSERT_EQUAL_FATAL(
        db_query(d, &st, "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, ''", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "ilubtsss", &i, &l, &u, &b, &t, &s, &big, &text_t),
                    DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(i, 0);
    CU_ASSERT_EQUAL(l, 0);
    CU_ASSERT_EQUAL(u, 0);
    CU_ASSERT_EQUAL(b, 0);
    CU_ASSERT_EQUAL(t, 0);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(big);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text_t);
    CU_ASSERT_STRING_EQUAL(text_t, "");
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_by_k, "s", "nulls"), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "uilussbts", &id, &i, &l, &u, &s, &big, &b, &t, &text_t),
                    DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(i, 5);
    CU_ASSERT_EQUAL(l, 0);
    CU_ASSERT_EQUAL(t, 0);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(big);
    CU_ASSERT_PTR_NULL(text_t);
}

static void db__nullable_parameters_with_values(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    int i_in = -7, b_in = 1, i = 0, b = 0;
    long long l_in = 1LL << 40, l = 0;
    unsigned long long u_in = 42, u = 0, id = 0;
    time_t t_in = 86400 * 365, t = 0;
    char *s = NULL, *big = NULL, *text_t = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_insert, "sninlnuSsnbnt", "nullable", &i_in, &l_in, &u_in,
                                  "s", (size_t)1, "big", &b_in, &t_in),
                          DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_by_k, "s", "nullable"), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "uilussbts", &id, &i, &l, &u, &s, &big, &b, &t, &text_t),
                    DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(i, -7);
    CU_ASSERT_EQUAL(l, 1LL << 40);
    CU_ASSERT_EQUAL(u, 42);
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_EQUAL(t, 86400 * 365);
    CU_ASSERT_STRING_EQUAL(text_t, "1971-01-01 00:00:00");
    /* 'n' only before a number or time */
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, "ns", "x"), DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, "n"), DB_ERROR);
}

static void db__strings_of_any_length(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    size_t n = 100 * 1024, i;
    char *in = malloc(n + 1);
    char *out = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    /* "ŵ" (2 bytes) then ASCII, so a cut in the middle of a character would show */
    for (i = 0; i + 2 <= n; i += 2) {
        if ((i / 2) % 3 == 0) {
            in[i] = (char)0xC5;
            in[i + 1] = (char)0xB5;
        } else {
            in[i] = 'a' + (char)(i % 26);
            in[i + 1] = 'Z';
        }
    }
    in[n] = '\0';
    CU_ASSERT_EQUAL_FATAL(
        db_exec(d, sql_insert, "siluSsbt", "big", 0, 0LL, 0ULL, "s", (size_t)1, in, 0, (time_t)0),
        DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_big_then_short, "s", "big"), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "s", &out), DB_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(strlen(out), n);
    CU_ASSERT(memcmp(out, in, n) == 0);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "s", &out), DB_OK);
    CU_ASSERT_STRING_EQUAL(out, "short");
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "s", &out), DB_NOT_FOUND);
    db_done(st);
    free(in);
}

static void db__not_found_at_end_of_rows(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    char *k;
    int n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(insert_key(d, "end-1"), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_keys, ""), DB_OK);
    while (db_row_next(st, &mem, "s", &k) == DB_OK)
        n++;
    CU_ASSERT(n >= 1);
    CU_ASSERT_EQUAL(db_affected_rows(d), (unsigned long long)n);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "s", &k), DB_NOT_FOUND);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "s", &k), DB_NOT_FOUND);
    db_done(st);
    db_done(st);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, sql_by_k, "s", "no such key"), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(d), 0);
    CU_ASSERT_EQUAL(
        db_row_next(st, &mem, "uilussbts", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        DB_NOT_FOUND);
    db_done(st);
}

static void db__duplicate_key_is_conflict(void)
{
    struct db *d = scratch();
    long long before;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(insert_key(d, "dup"), DB_OK);
    before = count_rows(d);
    CU_ASSERT_EQUAL(insert_key(d, "dup"), DB_CONFLICT);
    /* the ai_ci collation makes these the same key too */
    CU_ASSERT_EQUAL(insert_key(d, "DÛP"), DB_CONFLICT);
    CU_ASSERT_EQUAL(count_rows(d), before);
}

static void db__strict_mode_rejects_bad_values(void)
{
    struct db *d = scratch();
    unsigned long errors = db_error_count();
    long long before;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    before = count_rows(d);
    /* invalid UTF-8 is an error (1366), never a silent '?' */
    CU_ASSERT_EQUAL(db_exec(d, sql_insert, "siluSsbt", "bad-utf8", 0, 0LL, 0ULL, "ab\xff\xfe",
                            (size_t)4, "x", 0, (time_t)0),
                    DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, "S", "k\xc5", (size_t)2), DB_ERROR);
    /* too long for VARCHAR(64) is an error (1406), never a silent cut */
    CU_ASSERT_EQUAL(db_exec(d, sql_insert, "siluSsbt", "too-long", 0, 0LL, 0ULL,
                            "0123456789012345678901234567890123456789012345678901234567890123456",
                            (size_t)67, "x", 0, (time_t)0),
                    DB_ERROR);
    CU_ASSERT_EQUAL(count_rows(d), before);
    CU_ASSERT(db_error_count() >= errors + 3);
}

static void db__misuse_is_error_not_crash(void)
{
    struct db *d = scratch();
    struct db_stmt *st = NULL;
    int i = 0;
    unsigned long long u = 0;
    char *s = NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    /* parameter count does not match the placeholders */
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, ""), DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, "ss", "a", "b"), DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, sql_insert_k, "x", 1), DB_ERROR);
    CU_ASSERT_EQUAL(db_exec(d, "SELEC nonsense", ""), DB_ERROR);
    /* row signature mismatch and a value too big for 'i' */
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT 1, 2", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "i", &i), DB_ERROR);
    db_done(st);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT 3000000000", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "i", &i), DB_ERROR);
    db_done(st);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT -1", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "u", &u), DB_ERROR);
    db_done(st);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT 'x'", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "s", &s), DB_ERROR);
    db_done(st);
    CU_ASSERT_EQUAL(db_row_next(NULL, &mem, "i", &i), DB_ERROR);
    /* the connection is still fine */
    CU_ASSERT_EQUAL(db_ping(d), DB_OK);
}

static void db__statement_cache_by_pointer(void)
{
    struct db *d = scratch();
    struct db_stmt *a = NULL, *b = NULL, *c = NULL;
    long long n1 = 0, n2 = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &a, sql_count, ""), DB_OK);
    /* a second statement runs while the first result is still being read */
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_insert_k_copy, "s", "cache"), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(a, NULL, "l", &n1), DB_OK);
    db_done(a);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &b, sql_count, ""), DB_OK);
    CU_ASSERT_PTR_EQUAL(a, b);
    CU_ASSERT_EQUAL(db_row_next(b, NULL, "l", &n2), DB_OK);
    CU_ASSERT_EQUAL(n2, n1 + 1);
    db_done(b);
    /* the same text at another address is another statement */
    CU_ASSERT_EQUAL_FATAL(db_query(d, &c, sql_insert_k, "s", "cache-2"), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &b, sql_insert_k_copy, "s", "cache-3"), DB_OK);
    CU_ASSERT_PTR_NOT_EQUAL(c, b);
    CU_ASSERT_PTR_NOT_EQUAL(c, a);
}

/* This session's count of a statement command (Com_stmt_prepare, Com_stmt_close). */
static long long session_count(struct db *d, const char *name)
{
    static const char sql[] = "SELECT CAST(VARIABLE_VALUE AS SIGNED) FROM"
                              " information_schema.SESSION_STATUS WHERE VARIABLE_NAME = ?";
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(d, &st, sql, "s", name) == DB_OK && db_row_next(st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(st);
    return n;
}

/* On a connection of its own, so that its session counters are this test's. */
static void db__prepared_statements_bounded(void)
{
    enum { N = STMT_PREPARED_MAX + 16 };

    static char sql[N][32];
    static const char two_rows[] = "SELECT 1 UNION ALL SELECT 2";
    struct db *d = open_db();
    struct db_stmt *held = NULL, *st = NULL;
    long long n = 0, prepared, closed;
    int k, ok = 1;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (k = 0; k < N; k++)
        snprintf(sql[k], sizeof(sql[k]), "SELECT %d", k);
    /* a result still being read is never closed to make room */
    CU_ASSERT_EQUAL_FATAL(db_query(d, &held, two_rows, ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(held, NULL, "l", &n), DB_OK);
    /* twice round: the first ones were closed, and run again prepared anew */
    for (k = 0; k < 2 * N; k++) {
        ok &= db_query(d, &st, sql[k % N], "") == DB_OK &&
              db_row_next(st, NULL, "l", &n) == DB_OK && n == k % N;
        db_done(st);
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(db_row_next(held, NULL, "l", &n), DB_OK);
    CU_ASSERT_EQUAL(n, 2);
    db_done(held);
    prepared = session_count(d, "COM_STMT_PREPARE");
    closed = session_count(d, "COM_STMT_CLOSE");
    /* what stays prepared on this connection, by the server's own count */
    CU_ASSERT(prepared > 2 * N);
    CU_ASSERT(prepared - closed <= STMT_PREPARED_MAX);
    CU_ASSERT(closed >= 2 * N - STMT_PREPARED_MAX);
    db_free(d);
}

/* A statement whose result had more than DB_BIG_RESULT_ROWS rows is closed
 * by db_done (Connector/C keeps such a result's memory while it stays
 * prepared) and prepared again when run again; a small one stays prepared. */
static void db__big_results_close_their_statement(void)
{
    static const char big[] = "SELECT seq FROM seq_1_to_501",
                      small[] = "SELECT seq FROM seq_1_to_500";
    struct db *d = open_db();
    struct db_stmt *st = NULL;
    long long n = 0, last = 0, before;
    int k;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(DB_BIG_RESULT_ROWS, 500);
    before = session_count(d, "COM_STMT_PREPARE");
    for (k = 0; k < 3; k++) {
        CU_ASSERT_EQUAL_FATAL(db_query(d, &st, big, ""), DB_OK);
        while (db_row_next(st, NULL, "l", &n) == DB_OK)
            last = n;
        CU_ASSERT_EQUAL(last, 501);
        db_done(st);
        CU_ASSERT_EQUAL_FATAL(db_query(d, &st, small, ""), DB_OK);
        CU_ASSERT_EQUAL(db_row_next(st, NULL, "l", &n), DB_OK); /* not read to the end */
        db_done(st);
    }
    /* the big one three times, the small one once (session_count's own was before) */
    CU_ASSERT_EQUAL(session_count(d, "COM_STMT_PREPARE") - before, 3 + 1);
    db_free(d);
}

static void db__transactions_commit_and_roll_back(void)
{
    struct db *d = scratch();
    long long before;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    before = count_rows(d);
    CU_ASSERT_EQUAL_FATAL(db_begin(d), DB_OK);
    CU_ASSERT_EQUAL(db_begin(d), DB_ERROR);
    CU_ASSERT_EQUAL(insert_key(d, "tx-1"), DB_OK);
    CU_ASSERT_EQUAL(insert_key(d, "tx-2"), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 2);
    CU_ASSERT_EQUAL(db_rollback(d), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before);
    CU_ASSERT_EQUAL(db_rollback(d), DB_OK);
    CU_ASSERT_EQUAL(db_commit(d), DB_ERROR);

    CU_ASSERT_EQUAL_FATAL(db_begin(d), DB_OK);
    CU_ASSERT_EQUAL(insert_key(d, "tx-3"), DB_OK);
    CU_ASSERT_EQUAL(db_commit(d), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 1);
}

static void db__lock_wait_timeout_is_stale(void)
{
    struct db *d = scratch();
    struct db *other = open_db();

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(other);
    CU_ASSERT_EQUAL_FATAL(db_exec(d, sql_insert_k_i, "si", "locked", 1), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_exec(other, "SET SESSION innodb_lock_wait_timeout = 1", ""), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_begin(d), DB_OK);
    CU_ASSERT_EQUAL(db_exec(d, sql_update_i, "is", 2, "locked"), DB_OK);
    CU_ASSERT_EQUAL(db_exec(other, sql_update_i, "is", 3, "locked"), DB_STALE);
    CU_ASSERT_EQUAL(db_rollback(d), DB_OK);
    CU_ASSERT_EQUAL(db_exec(other, sql_update_i, "is", 3, "locked"), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(other), 1);
    /* matched rows, not changed rows (CLIENT_FOUND_ROWS) */
    CU_ASSERT_EQUAL(db_exec(other, sql_update_i, "is", 3, "locked"), DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(other), 1);
    db_free(other);
}

/* Kill d's session from another connection, as a server restart would. */
static void kill_session(struct db *d, struct db *killer)
{
    struct db_stmt *st = NULL;
    long long id = 0;
    char sql[64];

    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT CONNECTION_ID()", ""), DB_OK);
    CU_ASSERT_EQUAL_FATAL(db_row_next(st, NULL, "l", &id), DB_OK);
    db_done(st);
    snprintf(sql, sizeof(sql), "KILL CONNECTION %lld", id);
    CU_ASSERT_EQUAL_FATAL(db_exec_script(killer, sql, strlen(sql)), DB_OK);
}

static void db__lost_connection_recovers(void)
{
    struct db *d = scratch();
    struct db *killer = open_db();
    unsigned long errors;
    long long before;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(killer);
    before = count_rows(d);

    /* a read is retried once on a new connection: the caller sees nothing */
    kill_session(d, killer);
    CU_ASSERT_EQUAL(count_rows(d), before);

    /* a write that failed before it was sent (here: at prepare) is retried */
    kill_session(d, killer);
    CU_ASSERT_EQUAL(insert_key(d, "lost-0"), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 1);

    /* a write that may have reached the server is never sent twice */
    kill_session(d, killer);
    errors = db_error_count();
    CU_ASSERT_EQUAL(insert_key(d, "lost-1"), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_error_count(), errors + 1);
    CU_ASSERT_EQUAL(insert_key(d, "lost-2"), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 2);

    /* inside a transaction: no reconnect until the caller ends it */
    CU_ASSERT_EQUAL_FATAL(db_begin(d), DB_OK);
    CU_ASSERT_EQUAL(insert_key(d, "lost-3"), DB_OK);
    kill_session(d, killer);
    CU_ASSERT_EQUAL(insert_key(d, "lost-4"), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(insert_key(d, "lost-5"), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_ping(d), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_commit(d), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_ping(d), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 2);

    /* a transaction begun on a dead connection starts on a new one */
    kill_session(d, killer);
    CU_ASSERT_EQUAL_FATAL(db_begin(d), DB_OK);
    CU_ASSERT_EQUAL(insert_key(d, "lost-6"), DB_OK);
    CU_ASSERT_EQUAL(db_commit(d), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 3);
    db_free(killer);
}

static void db__unreachable_is_unavailable_with_backoff(void)
{
    struct db_params p = {
        .host = "localhost",
        .user = "dysgu",
        .password = "x",
        .name = "dysgu",
        .socket = "/nonexistent/dysgu-test.sock",
    };
    struct db *d = db_new(&p);
    unsigned long errors = db_error_count();
    struct timespec t0, t1;
    long ms;

    CU_ASSERT_EQUAL(db_ping(d), DB_UNAVAILABLE);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CU_ASSERT_EQUAL(db_exec(d, "SELECT 1", ""), DB_UNAVAILABLE);
    CU_ASSERT_EQUAL(db_begin(d), DB_UNAVAILABLE);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CU_ASSERT(ms < 100);
    CU_ASSERT_EQUAL(db_error_count(), errors + 3);
    CU_ASSERT_EQUAL(db_rollback(d), DB_OK);
    db_free(d);
}

static void db__script_runs_until_first_error(void)
{
    struct db *d = scratch();
    char script[1024];
    long long before;
    int n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    before = count_rows(d);
    n = snprintf(script, sizeof(script),
                 "INSERT INTO dysgu_db_test_%ld (k) VALUES ('script-1');\n"
                 "SELECT 1; INSERT INTO dysgu_db_test_%ld (k) VALUES ('script-2')",
                 (long)getpid(), (long)getpid());
    CU_ASSERT_EQUAL(db_exec_script(d, script, (size_t)n), DB_OK);
    CU_ASSERT_EQUAL(count_rows(d), before + 2);
    n = snprintf(script, sizeof(script),
                 "INSERT INTO dysgu_db_test_%ld (k) VALUES ('script-3');\n"
                 "INSERT INTO no_such_table_at_all VALUES (1);\n"
                 "INSERT INTO dysgu_db_test_%ld (k) VALUES ('script-4')",
                 (long)getpid(), (long)getpid());
    CU_ASSERT_EQUAL(db_exec_script(d, script, (size_t)n), DB_ERROR);
    CU_ASSERT_EQUAL(count_rows(d), before + 3);
    /* the prepared path never takes two statements in one text */
    CU_ASSERT_EQUAL(db_exec(d, "SELECT 1; SELECT 2", ""), DB_ERROR);
    CU_ASSERT_EQUAL(db_ping(d), DB_OK);
}

static void db__rc_names(void)
{
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_OK), "ok");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_NOT_FOUND), "not found");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_CONFLICT), "conflict");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_STALE), "stale");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_UNAVAILABLE), "unavailable");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_ERROR), "error");
    CU_ASSERT_STRING_EQUAL(db_rc_name(DB_TIMEOUT), "timeout");
}

/* A statement past its own max_statement_time (1969) is DB_TIMEOUT, not an
 * error, and the connection goes on: the next statement runs on it. */
static void db__statement_time_limit_is_timeout(void)
{
    struct db *d = open_db();
    struct db_stmt *st = NULL;
    unsigned long errors = db_error_count(), timeouts = db_timeout_count();
    long long id = 0, again = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT CONNECTION_ID()", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "l", &id), DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(db_query(d, &st,
                             "SET STATEMENT max_statement_time=0.05 FOR "
                             "SELECT SUM(seq % 7) FROM seq_1_to_100000000000",
                             ""),
                    DB_TIMEOUT);
    CU_ASSERT_EQUAL(db_timeout_count(), timeouts + 1);
    CU_ASSERT_EQUAL(db_error_count(), errors);
    CU_ASSERT_EQUAL_FATAL(db_query(d, &st, "SELECT CONNECTION_ID()", ""), DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "l", &again), DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(again, id);
    db_free(d);
}

static void db__drop_scratch_table(void)
{
    if (db) {
        CU_ASSERT_EQUAL(db_exec_script(db, sql_drop, strlen(sql_drop)), DB_OK);
        db_free(db);
        db = NULL;
    }
    have_table = 0;
    arena_release(&mem);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "db__params_parse_table", db__params_parse_table },
        { "db__parse_error_hides_password", db__parse_error_hides_password },
        { "db__plain_text_off_host_is_said", db__plain_text_off_host_is_said },
        { "db__rc_names", db__rc_names },
        { "db__statement_time_limit_is_timeout", db__statement_time_limit_is_timeout },
        { "db__ping_and_session_settings", db__ping_and_session_settings },
        { "db__round_trip_every_type", db__round_trip_every_type },
        { "db__null_and_empty_values", db__null_and_empty_values },
        { "db__nullable_parameters_with_values", db__nullable_parameters_with_values },
        { "db__strings_of_any_length", db__strings_of_any_length },
        { "db__not_found_at_end_of_rows", db__not_found_at_end_of_rows },
        { "db__duplicate_key_is_conflict", db__duplicate_key_is_conflict },
        { "db__strict_mode_rejects_bad_values", db__strict_mode_rejects_bad_values },
        { "db__misuse_is_error_not_crash", db__misuse_is_error_not_crash },
        { "db__statement_cache_by_pointer", db__statement_cache_by_pointer },
        { "db__prepared_statements_bounded", db__prepared_statements_bounded },
        { "db__big_results_close_their_statement", db__big_results_close_their_statement },
        { "db__transactions_commit_and_roll_back", db__transactions_commit_and_roll_back },
        { "db__lock_wait_timeout_is_stale", db__lock_wait_timeout_is_stale },
        { "db__lost_connection_recovers", db__lost_connection_recovers },
        { "db__unreachable_is_unavailable_with_backoff",
          db__unreachable_is_unavailable_with_backoff },
        { "db__script_runs_until_first_error", db__script_runs_until_first_error },
        { "db__drop_scratch_table", db__drop_scratch_table },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    if (db_library_init())
        exit(2);
    test_add_suite("db", cases);
}
