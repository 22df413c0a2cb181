/*
 * REMINDERS 24 h before, queued by the sweeper in `dysgu serve` exactly once:
 * a registration whose webinar comes within 24 hours (time moved in the
 * database) gets one reminder in its language, however many rounds pass.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static char slug[96];
static long long webinar_id;

static int start(void)
{
    static const char *const q =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, starts_at, "
        "capacity) VALUES (?, 'Atgoffa ŵ', 'Remind me', '', '', UTC_TIMESTAMP() + INTERVAL 10 "
        "DAY, 10)";

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "atgoffa-%s", fx_tag);
    if (db_exec(fx_dbh, q, "s", slug) != DB_OK)
        return -1;
    webinar_id = (long long)db_insert_id(fx_dbh);
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static long long reminders(long long user_id)
{
    return fx_num_ll("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND subject LIKE "
                     "CONCAT('%', (SELECT title_cy FROM webinars WHERE id = ?), '%') "
                     "AND subject LIKE 'Atgoffa%'",
                     user_id, webinar_id);
}

static void reminders__once(void)
{
    struct fx_session s;
    struct http_resp r;
    int i;

    fx_learner("Atgoffa", "cy", &s);
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/register", slug), &s, "");
    CU_ASSERT(http_location_has(&r, "?done=registered"));
    http_resp_free(&r);
    test_sleep_ms(1500); /* rounds of the sweeper: nothing yet, it is 10 days away */
    CU_ASSERT_EQUAL(reminders(s.user_id), 0);
    /* time passes: registered days ago, the webinar two hours away */
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE webinar_registrations SET registered_at = registered_at - "
                              "INTERVAL 9 DAY WHERE webinar_id = ?",
                              webinar_id),
                    1);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE webinars SET starts_at = UTC_TIMESTAMP() + INTERVAL 2 HOUR "
                              "WHERE id = ?",
                              webinar_id),
                    1);
    for (i = 0; i < 200 && reminders(s.user_id) == 0; i++)
        test_sleep_ms(100);
    CU_ASSERT_EQUAL(reminders(s.user_id), 1);
    test_sleep_ms(1500); /* more rounds: still one */
    CU_ASSERT_EQUAL(reminders(s.user_id), 1);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "a reminder once", reminders__once },
        { NULL, NULL },
    };
    test_add_suite_with("webinars: reminders", cases, start, stop);
}
