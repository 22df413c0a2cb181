/*
 * The whole off-the-job hours log over HTTP against the real database: the
 * record shows the newest APPR_ENTRIES_SHOWN (20) entries and links the rest;
 * the log's own pages, 50 entries each, for the apprentice, their trainer and
 * an admin, of all states or one (?state=), with the record's links to the
 * entries waiting (staff) and returned (the apprentice); a page or state not
 * understood is 400, past the last page 404, someone else's log 404; with
 * the session cache on (pages kept rendered), a page asked for again costs
 * no round trip and a new entry and a decision show on the next page at once;
 * every entry (or those of one state) as a CSV, a formula written as text,
 * each download audited and asking for the password when it was not given
 * lately.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session cai, trainer, other_trainer, admin, stranger;
static long long scheme, rec;
static long long waiting_id, returned_id; /* Entry 50, Entry 53 */

#define ENTRIES 55

/* Entry i (1..ENTRIES) worked i days ago, "Entry 07": 50 and 51 wait, 53
 * was returned, the rest approved; newest first, Entry 01 heads the log. */
static int add_entries(void)
{
    int i;

    if (fx_exec_l("SET @log_rec = ?", rec) < 0)
        return -1;
    for (i = 1; i <= ENTRIES; i++)
        if (fx_exec_l("INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, "
                      "activity, state) SELECT @log_rec, UTC_DATE() - INTERVAL d.i DAY, 10, "
                      "'online', CONCAT('Entry ', LPAD(d.i, 2, '0')), CASE WHEN d.i IN (50, 51) "
                      "THEN 'submitted' WHEN d.i = 53 THEN 'returned' ELSE 'approved' END "
                      "FROM (SELECT ? AS i) d",
                      i) != 1)
            return -1;
    waiting_id = fx_num_l("SELECT id FROM appr_otj_entries WHERE apprentice_id = ? AND "
                          "activity = 'Entry 50'",
                          rec);
    returned_id = fx_num_l("SELECT id FROM appr_otj_entries WHERE apprentice_id = ? AND "
                           "activity = 'Entry 53'",
                           rec);
    return waiting_id > 0 && returned_id > 0 ? 0 : -1;
}

static int start(void)
{
    /* kept pages on, as served: a change must show through them */
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };

    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun log", "Log scheme", 12, 300);
    if (fx_sign_in(fx_user(fx_name("Cai Log"), "learner"), &cai) ||
        fx_sign_in(fx_user(fx_name("Log Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Log Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Log Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Log Stranger"), "learner"), &stranger))
        return -1;
    rec = fx_apprentice(scheme, cai.user_id, trainer.user_id, 70, 30);
    if (scheme <= 0 || rec <= 0 || add_entries())
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET as who the path before, the record's id, after. */
static struct http_resp get_rec(const char *before, const char *after, const struct fx_session *who)
{
    char path[160];

    snprintf(path, sizeof(path), "%s%lld%s", before, rec, after);
    return http_get_as(&srv, path, who);
}

static int status_rec(const char *before, const char *after, const struct fx_session *who)
{
    struct http_resp r = get_rec(before, after, who);
    int st = r.status;

    http_resp_free(&r);
    return st;
}

static void log__record_shows_the_newest_and_links_the_rest(void)
{
    char link[160];
    struct http_resp r = http_get_as(&srv, "/en/me/apprenticeship", &cai);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Entry 01"));
    CU_ASSERT(http_body_has(&r, "Entry 20"));
    CU_ASSERT(!http_body_has(&r, "Entry 21"));
    CU_ASSERT(http_body_has(&r, "55 entries in all; the newest are shown here."));
    CU_ASSERT(http_body_has(&r, "href=\"/en/me/apprenticeship/hours\""));
    /* the entry returned to her is far down the log: the record links it */
    CU_ASSERT(http_body_has(&r, "href=\"/en/me/apprenticeship/hours?state=returned\">1 entry "
                                "returned to you to correct</a>"));
    http_resp_free(&r);

    r = get_rec("/cy/trainer/apprentices/", "", &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "55 o gofnodion i gyd; dangosir y rhai diweddaraf yma."));
    snprintf(link, sizeof(link),
             "href=\"/cy/trainer/apprentices/%lld/hours?state=submitted\">2 gofnod yn aros am "
             "benderfyniad</a>",
             rec);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);
}

static void log__in_pages_for_each_reader(void)
{
    char link[160];
    struct http_resp r = http_get_as(&srv, "/cy/me/apprenticeship/hours", &cai);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<p>55 o gofnodion</p>"));
    CU_ASSERT(http_body_has(&r, "Entry 01"));
    CU_ASSERT(http_body_has(&r, "Entry 50"));
    CU_ASSERT(!http_body_has(&r, "Entry 51"));
    CU_ASSERT(http_body_has(&r, "Tudalen 1 o 2"));
    CU_ASSERT(http_body_has(&r, "href=\"/cy/me/apprenticeship/hours?page=2\""));
    CU_ASSERT(http_body_has(&r, "aria-current=\"page\">Y cyfan (55)</a>"));
    CU_ASSERT(http_body_has(&r, "href=\"/cy/me/apprenticeship\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/me/apprenticeship/hours?page=2", &cai);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Entry 51"));
    CU_ASSERT(http_body_has(&r, "Entry 55"));
    CU_ASSERT(!http_body_has(&r, "Entry 50"));
    CU_ASSERT(http_body_has(&r, "(tudalen 2 o 2)"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/me/apprenticeship/hours?page=3", &cai), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/me/apprenticeship/hours?page=x", &cai), 400);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours?state=lost", &cai), 400);

    /* her returned entry, with the link to correct it */
    r = http_get_as(&srv, "/en/me/apprenticeship/hours?state=returned", &cai);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Entry 53"));
    CU_ASSERT(!http_body_has(&r, "Entry 01"));
    CU_ASSERT(http_body_has(&r, "aria-current=\"page\">Returned (1)</a>"));
    snprintf(link, sizeof(link), "href=\"/en/me/apprenticeship/hours/%lld\"", returned_id);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);

    /* the trainer's waiting entries, each linked to its decision */
    r = get_rec("/en/trainer/apprentices/", "/hours?state=submitted", &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Cai Log"));
    CU_ASSERT(http_body_has(&r, "<p>2 entries</p>"));
    CU_ASSERT(http_body_has(&r, "Entry 50"));
    CU_ASSERT(http_body_has(&r, "Entry 51"));
    CU_ASSERT(!http_body_has(&r, "Entry 01"));
    snprintf(link, sizeof(link), "href=\"/en/trainer/apprentices/%lld/hours/%lld\"", rec,
             waiting_id);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);
    CU_ASSERT(fx_audit_count("apprentice_viewed", trainer.user_id, cai.user_id, NULL) >= 1);

    /* an admin's, the second page of the approved ones (52: 1-49, 52, 54, 55) */
    r = get_rec("/en/admin/apprenticeships/", "/hours?state=approved&page=2", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Entry 54"));
    CU_ASSERT(http_body_has(&r, "Entry 55"));
    CU_ASSERT(!http_body_has(&r, "Entry 52"));
    CU_ASSERT(!http_body_has(&r, "Entry 53"));
    snprintf(link, sizeof(link),
             "href=\"/en/admin/apprenticeships/%lld/hours?state=approved&amp;page=1\" rel=\"prev\"",
             rec);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);
}

/* The round trips of a GET of path as s (route pattern), asserting a 200. */
static long trips(const char *path, const struct fx_session *s, const char *pattern)
{
    long before = http_round_trips(&srv, pattern);

    CU_ASSERT_EQUAL(http_status(&srv, path, s), 200);
    return http_round_trips(&srv, pattern) - before;
}

static void log__a_repeated_page_costs_no_round_trip(void)
{
    trips("/en/me/apprenticeship/hours?page=2", &cai, "/me/apprenticeship/hours");
    CU_ASSERT_EQUAL(trips("/en/me/apprenticeship/hours?page=2", &cai, "/me/apprenticeship/hours"),
                    0);
}

/* The CSV lines of a response (its CRLFs). */
static int csv_lines(const struct http_resp *r)
{
    int n = 0;
    const char *p;

    for (p = r->body; p && (p = strstr(p, "\r\n")); p += 2)
        n++;
    return n;
}

/* Run after log__a_change_shows_on_the_next_page: 55 entries, its fresh
 * one (Entry 50 approved), and one more here. */
static void log__as_a_csv(void)
{
    char detail[96];
    struct http_resp r;

    /* a formula in what she did is written as text, not run */
    CU_ASSERT_EQUAL(fx_exec_l("INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, "
                              "category, activity, state) VALUES (?, UTC_DATE() - INTERVAL 60 "
                              "DAY, 5, 'study', '=HYPERLINK(\"http://x.example\")', 'approved')",
                              rec),
                    1);
    r = http_get_as(&srv, "/en/me/apprenticeship/hours.csv", &cai);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/csv; charset=utf-8"));
    CU_ASSERT(r.body_len > 3 && !memcmp(r.body, "\xEF\xBB\xBF", 3));
    CU_ASSERT(http_body_has(&r, "Date of the training,Hours,Kind of training,What was done,"
                                "Status,Comment,Decided by\r\n"));
    CU_ASSERT_EQUAL(csv_lines(&r), 1 + ENTRIES + 2); /* + the fresh entry, + the formula */
    CU_ASSERT(http_pos(&r, "Entry 01") < http_pos(&r, "Entry 02"));
    CU_ASSERT(http_body_has(&r, ",1.0,Online learning,Entry 53,Returned,"));
    CU_ASSERT(http_body_has(&r, "\"'=HYPERLINK(\"\"http://x.example\"\")\""));
    http_resp_free(&r);
    r = get_rec("/cy/trainer/apprentices/", "/hours.csv?state=submitted", &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Dyddiad yr hyfforddiant,Oriau,"));
    CU_ASSERT_EQUAL(csv_lines(&r), 1 + 2); /* Entry 50 was approved: Entry 51, the fresh one */
    CU_ASSERT(http_body_has(&r, "Entry 51") && http_body_has(&r, "Fresh entry"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_rec("/en/trainer/apprentices/", "/hours.csv", &other_trainer), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours.csv", &stranger), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours.csv?state=x", &cai), 400);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_hours_exported", cai.user_id, cai.user_id, NULL), 1);
    snprintf(detail, sizeof(detail), "apprentice=%lld state=submitted rows=2", rec);
    CU_ASSERT_EQUAL(
        fx_audit_count("apprentice_hours_exported", trainer.user_id, cai.user_id, detail), 1);
}

/* Last: an export, like every other, needs the password lately (ROUTE_REAUTH). */
static void log__csv_needs_the_password_lately(void)
{
    struct fx_session late;
    struct http_resp r;

    CU_ASSERT_FATAL(fx_sign_in(cai.user_id, &late) == 0);
    fx_exec_l("UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE user_id = ?",
              cai.user_id);
    r = http_get_as(&srv, "/en/me/apprenticeship/hours.csv", &late);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_starts(&r, "/en/account/confirm"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours", &late), 200);
}

static void log__someone_elses_is_404(void)
{
    CU_ASSERT_EQUAL(status_rec("/en/trainer/apprentices/", "/hours", &other_trainer), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours", &stranger), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprenticeships/999999999/hours", &admin), 404);
    CU_ASSERT_NOT_EQUAL(status_rec("/en/admin/apprenticeships/", "/hours", &cai), 200);
    CU_ASSERT_NOT_EQUAL(status_rec("/en/trainer/apprentices/", "/hours", &cai), 200);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/me/apprenticeship/hours", NULL), 303);
}

static void log__a_change_shows_on_the_next_page(void)
{
    char body[160], d[16], path[160];
    struct http_resp r = http_get_as(&srv, "/en/me/apprenticeship/hours", &cai);

    CU_ASSERT(http_body_has(&r, "<p>55 entries</p>"));
    http_resp_free(&r);
    r = get_rec("/en/trainer/apprentices/", "/hours?state=submitted", &trainer);
    CU_ASSERT(http_body_has(&r, "<p>2 entries</p>"));
    http_resp_free(&r);

    snprintf(body, sizeof(body), "worked_on=%s&hours=2&category=study&activity=Fresh+entry",
             fx_appr_day(d, 0));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/me/apprenticeship/hours", &cai, body), 303);
    r = http_get_as(&srv, "/en/me/apprenticeship/hours", &cai);
    CU_ASSERT(http_body_has(&r, "<p>56 entries</p>"));
    CU_ASSERT(http_body_has(&r, "Fresh entry"));
    http_resp_free(&r);
    r = get_rec("/en/trainer/apprentices/", "/hours?state=submitted", &trainer);
    CU_ASSERT(http_body_has(&r, "<p>3 entries</p>"));
    CU_ASSERT(http_body_has(&r, "Fresh entry"));
    http_resp_free(&r);

    /* the trainer approves Entry 50: one fewer waiting, at once */
    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/hours/%lld", rec, waiting_id);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &trainer, "decision=approve&comment="), 303);
    r = get_rec("/en/trainer/apprentices/", "/hours?state=submitted", &trainer);
    CU_ASSERT(http_body_has(&r, "<p>2 entries</p>"));
    CU_ASSERT(!http_body_has(&r, "Entry 50"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "log__record_shows_the_newest_and_links_the_rest",
          log__record_shows_the_newest_and_links_the_rest },
        { "log__in_pages_for_each_reader", log__in_pages_for_each_reader },
        { "log__a_repeated_page_costs_no_round_trip", log__a_repeated_page_costs_no_round_trip },
        { "log__someone_elses_is_404", log__someone_elses_is_404 },
        { "log__a_change_shows_on_the_next_page", log__a_change_shows_on_the_next_page },
        { "log__as_a_csv", log__as_a_csv },
        { "log__csv_needs_the_password_lately", log__csv_needs_the_password_lately },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_log", cases, start, stop);
}
