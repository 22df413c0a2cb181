/*
 * audit/audit.c against the real MariaDB: a row per event, 0 ids as NULL,
 * control characters stripped, detail cut to 255 bytes on a character
 * boundary, and unknown events refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/utf8.h"
#include "harness.h"

static struct arena mem;
static struct db *db;
static char ip[46];

static int suite_init(void)
{
    if (db_library_init() || !(db = fx_db_open(&mem, NULL)))
        return 1;
    /* this run's rows are the ones from this made-up address (pid and time) */
    snprintf(ip, sizeof(ip), "fd00::%lx:%lx", (unsigned long)getpid() & 0xffff,
             (unsigned long)time(NULL) & 0xffff);
    return db_ping(db) != DB_OK;
}

static int suite_clean(void)
{
    if (db_exec(db, "DELETE FROM audit_log WHERE ip = ?", "s", ip) != DB_OK)
        fprintf(stderr, "cannot clean up audit_log\n");
    db_free(db);
    db_thread_end();
    db_library_end();
    arena_release(&mem);
    return 0;
}

struct row {
    char *event, *detail, *ip;
    long long actor, subject;
    int actor_null, subject_null;
};

static int last_row(struct row *r)
{
    struct db_stmt *st = NULL;
    enum db_rc rc;

    memset(r, 0, sizeof(*r));
    if (db_query(db, &st,
                 "SELECT event, actor_id, actor_id IS NULL, subject_id, subject_id IS NULL, ip,"
                 " detail FROM audit_log WHERE ip = ? ORDER BY id DESC LIMIT 1",
                 "s", ip) != DB_OK)
        return -1;
    rc = db_row_next(st, &mem, "slblbss", &r->event, &r->actor, &r->actor_null, &r->subject,
                     &r->subject_null, &r->ip, &r->detail);
    db_done(st);
    return rc == DB_OK ? 0 : -1;
}

static void audit__writes_a_row(void)
{
    struct row r;

    CU_ASSERT_EQUAL_FATAL(audit_write(db, "role_changed", 7, 42, ip, "+trainer"), DB_OK);
    CU_ASSERT_EQUAL_FATAL(last_row(&r), 0);
    CU_ASSERT_STRING_EQUAL(r.event, "role_changed");
    CU_ASSERT_EQUAL(r.actor, 7);
    CU_ASSERT_EQUAL(r.subject, 42);
    CU_ASSERT_EQUAL(r.actor_null, 0);
    CU_ASSERT_STRING_EQUAL(r.ip, ip);
    CU_ASSERT_STRING_EQUAL(r.detail, "+trainer");

    CU_ASSERT_EQUAL_FATAL(audit_write(db, "login_failed", 0, 0, ip, NULL), DB_OK);
    CU_ASSERT_EQUAL_FATAL(last_row(&r), 0);
    CU_ASSERT_EQUAL(r.actor_null, 1);
    CU_ASSERT_EQUAL(r.subject_null, 1);
    CU_ASSERT_STRING_EQUAL(r.detail, "");
}

static void audit__detail_is_cleaned(void)
{
    char big[400];
    struct row r;
    size_t i;

    CU_ASSERT_EQUAL_FATAL(
        audit_write(db, "login", 1, 1, ip,
                    "ok\r\n{\"level\":\"error\"}\x1b[31m\x7f tab\there \xc2\x85nel"
                    " d\xc5\xb5r \xff end"),
        DB_OK);
    CU_ASSERT_EQUAL_FATAL(last_row(&r), 0);
    CU_ASSERT_STRING_EQUAL(r.detail, "ok{\"level\":\"error\"}[31m tabhere nel d\xc5\xb5r ? end");

    /* 'a' then ŵ (2 bytes) repeated: the cut falls inside a character */
    big[0] = 'a';
    for (i = 1; i + 1 < sizeof(big) - 1; i += 2) {
        big[i] = '\xc5';
        big[i + 1] = '\xb5';
    }
    big[i] = '\0';
    CU_ASSERT_EQUAL_FATAL(audit_write(db, "locked", 0, 3, ip, big), DB_OK);
    CU_ASSERT_EQUAL_FATAL(last_row(&r), 0);
    CU_ASSERT_EQUAL(strlen(r.detail), 255);
    CU_ASSERT(utf8_valid(r.detail, strlen(r.detail)));
}

static void audit__refuses_unknown_events_and_bad_ips(void)
{
    struct row r;

    CU_ASSERT_EQUAL(audit_write(db, "password=hunter2", 1, 1, ip, NULL), DB_ERROR);
    CU_ASSERT_EQUAL(audit_write(db, "", 1, 1, ip, NULL), DB_ERROR);
    CU_ASSERT_EQUAL(audit_write(db, NULL, 1, 1, ip, NULL), DB_ERROR);
    /* an address that is not one is stored as none */
    CU_ASSERT_EQUAL(audit_write(db, "logout", 5, 5, "1.2.3.4\r\nx", "marker-ip"), DB_OK);
    CU_ASSERT_EQUAL(
        db_exec(db, "UPDATE audit_log SET ip = ? WHERE ip = '' AND detail = 'marker-ip'", "s", ip),
        DB_OK);
    CU_ASSERT_EQUAL(db_affected_rows(db), 1);
    CU_ASSERT_EQUAL_FATAL(last_row(&r), 0);
    CU_ASSERT_STRING_EQUAL(r.event, "logout");
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "audit__writes_a_row", audit__writes_a_row },
        { "audit__detail_is_cleaned", audit__detail_is_cleaned },
        { "audit__refuses_unknown_events_and_bad_ips", audit__refuses_unknown_events_and_bad_ips },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    test_add_suite_with("audit", cases, suite_init, suite_clean);
}
