/*
 * The admin pages' kept counts (migration 0049, docs/admin.md "Counts") over
 * HTTP: the enrolments page's row for an organisation follows enrolling,
 * completing, cancelling, a learner moving organisation, a learner deleted
 * and an enrolment deleted; the accounts counters follow disabling and
 * enabling through the admin's own forms, the courses' follow unpublishing and
 * publishing (and the list's count with them). After each step every kept count
 * equals a fresh count of the rows (one statement: one snapshot, so other
 * suites writing at the same time cannot make it differ).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin;
static long long course_id, org_a, org_b;
static char slug[96], name_a[96], name_b[96];

/* How many kept counts differ from a fresh count: 0 when all agree. */
static long long drift(void)
{
    static const char *const sql =
        "SELECT ((SELECT COALESCE(SUM(n), 0) FROM counters WHERE k IN ('members', "
        "'users_disabled')) <> (SELECT COUNT(*) FROM users)) + ((SELECT n FROM counters "
        "WHERE k = 'users_disabled') <> (SELECT COUNT(*) FROM users WHERE disabled <> 0)) + "
        "(SELECT COUNT(*) FROM (SELECT COALESCE(u.org_id, 0) AS o, e.status AS s, COUNT(*) AS k "
        "FROM enrolments e JOIN users u ON u.id = e.user_id GROUP BY 1, 2) x LEFT JOIN "
        "enrol_org_counts c ON c.org_id = x.o AND c.status = x.s WHERE c.n IS NULL OR c.n <> x.k) "
        "+ (SELECT COUNT(*) FROM enrol_org_counts c WHERE c.n <> 0 AND NOT EXISTS (SELECT 1 FROM "
        "enrolments e JOIN users u ON u.id = e.user_id WHERE COALESCE(u.org_id, 0) = c.org_id "
        "AND e.status = c.status)) + ((SELECT n FROM counters WHERE k = 'courses_published') <> "
        "(SELECT COUNT(*) FROM courses WHERE published <> 0)) + ((SELECT n FROM counters WHERE "
        "k = 'courses_unpublished') <> (SELECT COUNT(*) FROM courses WHERE published = 0)) + ?";

    return fx_num_l(sql, 0);
}

/* A new organisation "<what> <tag>" in both languages into name; its id. */
static long long new_org(char letter, const char *what, char *name, size_t size)
{
    size_t len = strlen(fx_tag);
    char code[17];

    snprintf(code, sizeof(code), "%c%s", letter, fx_tag + (len > 15 ? len - 15 : 0));
    snprintf(name, size, "%s %s", what, fx_tag);
    if (db_exec(
            fx_dbh,
            "INSERT INTO organisations (code, kind, name_cy, name_en) VALUES (?, 'other', ?, ?)",
            "sss", code, name, name) != DB_OK)
        return 0;
    return fx_num_s("SELECT id FROM organisations WHERE code = ?", code);
}

/* A learner of organisation org enrolled on the course with status; their id. */
static long long learner(const char *who, long long org, enum fx_enrol_status status)
{
    long long uid = fx_user(fx_name(who), "learner");

    CU_ASSERT_FATAL(uid > 0);
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE users SET org_id = ? WHERE id = ?", "ll", org, uid) ==
                    DB_OK);
    CU_ASSERT_FATAL(fx_enrol(uid, course_id, 0, status, 0) > 0);
    return uid;
}

static int start(void)
{
    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Counters Admin"), "learner,admin"), &admin))
        return -1;
    course_id = fx_course("cyfrif", "Cyfrif cyrsiau", "Counting courses", "classroom", 2, slug);
    org_a = new_org('A', "Sefydliad Cyntaf", name_a, sizeof(name_a));
    org_b = new_org('B', "Ail Sefydliad", name_b, sizeof(name_b));
    if (!course_id || org_a <= 0 || org_b <= 0)
        return -1;
    return server_start(&srv, NULL);
}

/* The two organisations go again (test_orgs counts the seeded ones): their
 * learners move out first, which the triggers count as a move. */
static int stop(void)
{
    static const char *const sql[] = {
        "UPDATE users SET org_id = NULL WHERE org_id IN (?, ?)",
        "DELETE FROM enrol_org_counts WHERE org_id IN (?, ?)",
        "DELETE FROM organisations WHERE id IN (?, ?)",
    };
    size_t i;

    for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        if (org_a > 0 && org_b > 0)
            db_exec(fx_dbh, sql[i], "ll", org_a, org_b);
    return harness_stop(&srv);
}

/* The enrolments page's row for name as "enrolled completed waitlisted
 * cancelled", or "none" when the page has no row for it. */
static void row_of(const char *name, char *out, size_t size)
{
    struct http_resp r = http_get_as(&srv, "/en/admin/enrolments", &admin);
    const char *at = r.status == 200 && r.body ? strstr(r.body, name) : NULL;
    size_t len = 0;
    int cells = 0;

    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(out, size, "none");
    /* the four numeric cells after the name's, digits kept, one space between */
    while (at && *at && cells < 4 && len + 2 < size) {
        at = strstr(at, "table__num\">");
        if (!at)
            break;
        at += strlen("table__num\">");
        if (cells++)
            out[len++] = ' ';
        while (isdigit((unsigned char)*at) && len + 1 < size)
            out[len++] = *at++;
        out[len] = '\0';
    }
    http_resp_free(&r);
}

#define ROW_IS(name, want)                                                                         \
    do {                                                                                           \
        char got_[64];                                                                             \
        row_of(name, got_, sizeof(got_));                                                          \
        CU_ASSERT_STRING_EQUAL(got_, want);                                                        \
        CU_ASSERT_EQUAL(drift(), 0);                                                               \
    } while (0)

static void enrolments__row_follows_every_change(void)
{
    long long u1 = learner("Cyfrif Un", org_a, FX_ENROLLED);
    long long u2 = learner("Cyfrif Dau", org_a, FX_ENROLLED);
    long long u3 = learner("Cyfrif Tri", org_a, FX_COMPLETED);

    learner("Cyfrif Pedwar", org_b, FX_WAITLISTED);
    ROW_IS(name_a, "2 1 0 0"); /* enrolled completed waitlisted cancelled */
    ROW_IS(name_b, "0 0 1 0");
    CU_ASSERT(fx_exec_l("UPDATE enrolments SET status = 'cancelled' WHERE user_id = ?", u1) == 1);
    ROW_IS(name_a, "1 1 0 1");
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE users SET org_id = ? WHERE id = ?", "ll", org_b, u2) ==
                    DB_OK);
    ROW_IS(name_a, "0 1 0 1");
    ROW_IS(name_b, "1 0 1 0");
    /* a deleted learner's enrolments go by ON DELETE CASCADE (no trigger) */
    CU_ASSERT(fx_exec_l("DELETE FROM users WHERE id = ?", u3) == 1);
    ROW_IS(name_a, "0 0 0 1");
    CU_ASSERT(fx_exec_l("DELETE FROM enrolments WHERE user_id = ?", u1) == 1);
    ROW_IS(name_a, "none"); /* nobody of it is enrolled on anything any more */
}

static void accounts__disable_and_enable_are_counted(void)
{
    long long uid = fx_user(fx_name("Cyfrif Cyfrif"), "learner");
    char path[128];
    struct http_resp r;

    CU_ASSERT_FATAL(uid > 0);
    CU_ASSERT_EQUAL(drift(), 0);
    snprintf(path, sizeof(path), "/cy/admin/users/%lld/disable", uid);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_disabled(uid), 1);
    CU_ASSERT_EQUAL(drift(), 0);
    r = http_get_as(&srv, "/cy/admin", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/admin/users/%lld/enable", uid);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_disabled(uid), 0);
    CU_ASSERT_EQUAL(drift(), 0);
    /* made disabled, then removed */
    CU_ASSERT(fx_exec_l("UPDATE users SET disabled = 1 WHERE id = ?", uid) == 1);
    CU_ASSERT_EQUAL(drift(), 0);
    CU_ASSERT(fx_exec_l("DELETE FROM users WHERE id = ?", uid) == 1);
    CU_ASSERT_EQUAL(drift(), 0);
}

/* The admin's course list's count line for ?status=unpublished in English. */
static int unpublished_shown(const char *count)
{
    struct http_resp r = http_get_as(&srv, "/en/admin/courses?status=unpublished", &admin);
    int ok = r.status == 200 && http_body_has(&r, count);

    http_resp_free(&r);
    return ok;
}

static void courses__unpublish_and_publish_are_counted(void)
{
    long long before = fx_num_l("SELECT COUNT(*) FROM courses WHERE published = 0 AND id <> ?", 0);
    char path[256], count[64];
    struct http_resp r;

    CU_ASSERT_EQUAL(drift(), 0);
    snprintf(path, sizeof(path), "/en/admin/courses/%s/unpublish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(drift(), 0);
    snprintf(count, sizeof(count), "%lld course", before + 1); /* "1 course", "2 courses" */
    CU_ASSERT(unpublished_shown(count));
    snprintf(path, sizeof(path), "/en/admin/courses/%s/publish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(drift(), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "enrolments__row_follows_every_change", enrolments__row_follows_every_change },
        { "accounts__disable_and_enable_are_counted", accounts__disable_and_enable_are_counted },
        { "courses__unpublish_and_publish_are_counted",
          courses__unpublish_and_publish_are_counted },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/counters", cases, start, stop);
}
