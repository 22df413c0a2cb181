/*
 * A person's own webinar pages kept in memory (issue 22, webinars/kept.c and
 * feed.c), with the session cache and the render cache on:
 *
 *   - a signed-in reader's webinar page (its registration box), the
 *     organiser's edit form and people page, and the private calendar feed
 *     cost no database round trip when asked for again;
 *   - registering shows at once on the reader's page and in their feed, and
 *     on the organiser's people page (someone else's change);
 *   - the organiser moving the webinar shows at once in the registrant's
 *     feed and on their webinar page;
 *   - a seat given back by one person and offered to the next in the queue
 *     shows at once on the next one's page and in their feed.
 */
#include <stdio.h>
#include <string.h>

#include "auth/token.h"
#include "harness.h"
#include "http/rendercache.h"
#include "webinars/webinars.h"

static struct server srv;
static struct fx_session learner, trainer, holder;
static char slug[128], small[128];
static const char *page, *edit, *people, *feed;
static long long webinar_id, small_id;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", "DYSGU_RENDER_CACHE=true",
                                       NULL };
    long long id;

    if (fx_init())
        return -1;
    id = fx_user(fx_name("Trefnydd y cof"), "learner,trainer");
    if (!id || fx_sign_in(id, &trainer))
        return -1;
    fx_learner("Dysgwr y cof", "cy", &learner);
    snprintf(slug, sizeof(slug), "cof-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, "
                "language, audience, starts_at, capacity, created_by) VALUES (?, 'Gweminar y cof', "
                "'Kept webinar', '', '', 'both', 'all', '2027-03-01 10:00:00', 10, ?)",
                "sl", slug, id) != DB_OK)
        return -1;
    webinar_id = (long long)db_insert_id(fx_dbh);
    fx_learner("Deiliad y sedd", "cy", &holder);
    snprintf(small, sizeof(small), "cof-bach-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, "
                "language, audience, starts_at, capacity, created_by) VALUES (?, 'Gweminar fach', "
                "'Small webinar', '', '', 'both', 'all', '2027-04-01 10:00:00', 1, ?)",
                "sl", small, id) != DB_OK)
        return -1;
    small_id = (long long)db_insert_id(fx_dbh);
    page = arena_printf(&fx_mem, "/cy/webinars/%s", slug);
    edit = arena_printf(&fx_mem, "/cy/manage/webinars/%s/edit", slug);
    people = arena_printf(&fx_mem, "/cy/manage/webinars/%s/people", slug);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The learner's calendar, parsed: 1 when it holds the webinar (*back its
 * entry), 0 when not, -1 when it did not answer 200. */
static int in_feed(struct webinar_ics_read *back)
{
    struct http_resp r = http_get_as(&srv, feed, NULL);
    const char *uid = arena_printf(&fx_mem, "UID:webinar-%lld@", webinar_id);
    int found = -1;

    if (r.status == 200 && r.body) {
        const char *text = arena_strndup(&fx_mem, r.body, r.body_len);

        found = strstr(text, uid) != NULL;
        if (found)
            CU_ASSERT(webinar_ics_parse(text, back) == 0);
    }
    http_resp_free(&r);
    return found;
}

static void kept__a_repeated_get_costs_no_round_trip(void)
{
    struct http_resp r = http_post_as(&srv, "/cy/me/calendar", &learner, "");
    const char *at = r.body ? strstr(r.body, "/calendar/") : NULL;
    struct webinar_ics_read back;
    int i;

    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    feed = arena_strndup(&fx_mem, at, 10 + TOKEN_TEXT_LEN + 4);
    http_resp_free(&r);
    /* a change within 0.5 s (the address just made) is never kept */
    test_sleep_ms(600);
    for (i = 0; i <= RENDERCACHE_ADMIT_ASKS + 1; i++) /* the shared page kept, statements ready */
        CU_ASSERT(shows_as(&srv, &learner, page, loc_text("cy", "webinars.register_button")));
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &learner, page, "/webinars/{slug}", 5), 0);
    CU_ASSERT_EQUAL(in_feed(&back), 0);
    CU_ASSERT_EQUAL(in_feed(&back), 0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, NULL, feed, "/calendar/{token}", 5), 0);
    CU_ASSERT(shows_as(&srv, &trainer, edit, "Gweminar y cof"));
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &trainer, edit, "/manage/webinars/{slug}/edit", 5), 0);
    CU_ASSERT(shows_as(&srv, &trainer, people, "Gweminar y cof"));
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &trainer, people, "/manage/webinars/{slug}/people", 5), 0);
}

static void kept__registering_shows_at_once(void)
{
    struct http_resp r;
    struct webinar_ics_read back;
    const char *name = fx_str_l("SELECT name FROM users WHERE id = ?", learner.user_id);

    CU_ASSERT(!shows_as(&srv, &trainer, people, name));
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/register", page), &learner, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    /* their own change: the page and the feed */
    CU_ASSERT(shows_as(&srv, &learner, page, loc_text("cy", "webinars.registered_title")));
    CU_ASSERT_EQUAL(in_feed(&back), 1);
    /* someone else's: the organiser's people page */
    CU_ASSERT(shows_as(&srv, &trainer, people, name));
}

static void kept__a_moved_webinar_shows_at_once(void)
{
    struct webinar_ics_read before, after;
    struct http_resp r;

    /* kept again, as the registrant sees it */
    CU_ASSERT_FATAL(in_feed(&before) == 1);
    CU_ASSERT(shows_as(&srv, &learner, page, "2027-03-01T10:00:00Z"));
    CU_ASSERT(shows_as(&srv, &learner, page, loc_text("cy", "webinars.registered_title")));
    r = http_post_as(
        &srv, edit, &trainer,
        "title_cy=Gweminar+y+cof&title_en=Kept+webinar&summary_cy=&summary_en=&speaker-1-name=Non&"
        "language=both&audience=all&date=2027-03-02&time=10%3A00&duration=60&"
        "capacity=10");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_FATAL(in_feed(&after) == 1);
    CU_ASSERT_EQUAL(after.starts_at, before.starts_at + 86400);
    CU_ASSERT(after.sequence > before.sequence);
    CU_ASSERT(shows_as(&srv, &learner, page, "2027-03-02T10:00:00Z"));
    CU_ASSERT(shows_as(&srv, &learner, page, loc_text("cy", "webinars.registered_title")));
    CU_ASSERT(shows_as(&srv, &trainer, edit, "2027-03-02"));
}

/* POST /cy/webinars/{w}/{what} as s: 1 when it answered 303. */
static int act_on(const struct fx_session *s, const char *w, const char *what)
{
    struct http_resp r =
        http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/%s", w, what), s, "");
    int ok = r.status == 303;

    http_resp_free(&r);
    return ok;
}

/* The learner's feed holds the small webinar (an offered seat is in it). */
static int small_in_feed(void)
{
    struct http_resp r = http_get_as(&srv, feed, NULL);
    int in =
        r.status == 200 && http_body_has(&r, arena_printf(&fx_mem, "UID:webinar-%lld@", small_id));

    http_resp_free(&r);
    return in;
}

static void kept__a_seat_passed_on_shows_at_once(void)
{
    const char *small_page = arena_printf(&fx_mem, "/cy/webinars/%s", small);

    CU_ASSERT_FATAL(act_on(&holder, small, "register"));
    CU_ASSERT_FATAL(act_on(&learner, small, "register"));
    /* waiting: kept so, and not in the feed */
    CU_ASSERT(shows_as(&srv, &learner, small_page, loc_text("cy", "webinars.waitlisted_title")));
    CU_ASSERT(shows_as(&srv, &learner, small_page, loc_text("cy", "webinars.waitlisted_title")));
    CU_ASSERT(!small_in_feed());
    CU_ASSERT(!small_in_feed());
    /* the holder gives the seat back: it is offered to the learner */
    CU_ASSERT_FATAL(act_on(&holder, small, "cancel"));
    CU_ASSERT(shows_as(&srv, &learner, small_page, loc_text("cy", "enrol.offered_title")));
    CU_ASSERT(small_in_feed());
}

static void kept__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__a_repeated_get_costs_no_round_trip", kept__a_repeated_get_costs_no_round_trip },
        { "kept__registering_shows_at_once", kept__registering_shows_at_once },
        { "kept__a_moved_webinar_shows_at_once", kept__a_moved_webinar_shows_at_once },
        { "kept__a_seat_passed_on_shows_at_once", kept__a_seat_passed_on_shows_at_once },
        { "kept__log_has_no_errors", kept__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/kept", cases, start, stop);
}
