/*
 * WEBINARS through the real server and its sweeper (issue 18):
 *
 *   - the list and a webinar's page, 404 for an unknown one;
 *   - 64 people register at once for the last seat: one seat, 63 in the
 *     queue numbered 1..63, taken never past the capacity;
 *   - the queue position as a Welsh and an English ordinal on the page;
 *   - cancelling offers the seat to the first person waiting (an e-mail in
 *     their language); accepting confirms it; declining passes it on;
 *   - an offer left unanswered lapses (time moved back in the database) and
 *     the server's sweeper passes the seat on and tells the person.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "webinars/webinars.h"

#define RACERS 64

static struct server srv;
static char slug[96];
static long long webinar_id;

struct racer {
    struct fx_session s;
    pthread_barrier_t *start;
    int status;
    char *location;
};

static struct racer racers[RACERS];

static int start(void)
{
    static const char *const q =
        "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, speaker, "
        "starts_at, capacity) VALUES (?, 'Gweminar y sedd olaf ŵ ŷ', 'The last seat webinar', '', "
        "'', 'Non Prydderch', UTC_TIMESTAMP() + INTERVAL 10 DAY, 1)";
    /* a connection for every racer: the test is about seats, not the pool's size */
    const char *const env[] = { "DYSGU_THREADS=64", "DYSGU_DB_POOL=64", NULL };

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "sedd-olaf-%s", fx_tag);
    if (db_exec(fx_dbh, q, "s", slug) != DB_OK)
        return -1;
    webinar_id = (long long)db_insert_id(fx_dbh);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static const char *path(const char *lang, const char *rest)
{
    return arena_printf(&fx_mem, "/%s/webinars/%s%s", lang, slug, rest);
}

static long long status_of(int i)
{
    return fx_num_ll("SELECT COALESCE((SELECT status + 0 FROM webinar_registrations WHERE "
                     "user_id = ? AND webinar_id = ?), 0)",
                     racers[i].s.user_id, webinar_id);
}

static long long count_in(const char *status)
{
    return fx_num_ls("SELECT COUNT(*) FROM webinar_registrations WHERE webinar_id = ? AND "
                     "status = ?",
                     webinar_id, status);
}

static long long taken(void)
{
    return fx_num_l("SELECT taken FROM webinars WHERE id = ?", webinar_id);
}

/* The racer at place n of the queue (1 = first), or -1. */
static int waiter(int n)
{
    static const char *const q =
        "SELECT user_id FROM webinar_registrations WHERE webinar_id = ? AND status = 'waitlisted' "
        "ORDER BY waitlisted_at, id LIMIT 1 OFFSET ?";
    long long uid = fx_num_ll(q, webinar_id, n - 1);
    int i;

    for (i = 0; i < RACERS; i++)
        if (racers[i].s.user_id == uid)
            return i;
    return -1;
}

static int holder(const char *status)
{
    int i;
    long long want = !strcmp(status, "registered") ? 1 : 3;

    for (i = 0; i < RACERS; i++)
        if (status_of(i) == want)
            return i;
    return -1;
}

/* POST /{action} as racer i: the ?done= it answered, in fx_mem. */
static const char *act(int i, const char *action)
{
    struct http_resp r =
        http_post_as(&srv, path("en", arena_printf(&fx_mem, "/%s", action)), &racers[i].s, "");
    const char *done = strstr(r.head, "?done=");
    char *out = NULL;

    CU_ASSERT_EQUAL(r.status, 303);
    if (done)
        out = arena_strndup(&fx_mem, done + 6, strcspn(done + 6, "\r\n"));
    http_resp_free(&r);
    return out ? out : "";
}

static void *race(void *arg)
{
    struct racer *me = arg;
    struct http_resp r;
    char body[96];
    const char *p = path("en", "/register");
    int n = snprintf(body, sizeof(body), "csrf=%s", me->s.csrf);

    pthread_barrier_wait(me->start);
    if (http_post(&srv, p, body, (size_t)n, me->s.cookie, &r) == 0) {
        me->status = r.status;
        me->location = http_header(&r, "Location");
    }
    http_resp_free(&r);
    return NULL;
}

static void webinars__list_and_page(void)
{
    /* from just before it (the list's cursor): other tests' webinars may fill
     * the first page */
    long long at = fx_num_l("SELECT TIMESTAMPDIFF(SECOND, '1970-01-01', starts_at) - 1 FROM "
                            "webinars WHERE id = ?",
                            webinar_id);
    struct http_resp r =
        http_get_as(&srv, arena_printf(&fx_mem, "/cy/webinars?after=%lld.1", at), NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Gweminar y sedd olaf ŵ ŷ"));
    http_resp_free(&r);
    r = http_get_as(&srv, path("en", ""), NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "The last seat webinar"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.sign_in")));
    CU_ASSERT(http_body_has(&r, loc_plural("en", "webinars.seats_left", 1, NULL)));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars/no-such-webinar", NULL), 404);
}

/* A community's page lists its next webinars, and only its own. */
static void webinars__on_their_community_page(void)
{
    static const char *const ins =
        "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) "
        "VALUES (?, 'Cymuned prawf', 'Test community', '', '')";
    char community[96], page[128];
    long long wid = fx_num_s("SELECT id FROM webinars WHERE slug = ?", slug);
    struct http_resp r;

    snprintf(community, sizeof(community), "prawf-%s", fx_tag);
    CU_ASSERT_FATAL(fx_exec_s(ins, community) == 1);
    snprintf(page, sizeof(page), "/cy/communities/%s", community);
    /* none yet: no heading */
    r = http_get_as(&srv, page, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, loc_text("cy", "communities.webinars_heading")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_exec_sl("UPDATE webinars SET community_id = (SELECT id FROM communities "
                               "WHERE slug = ?) WHERE id = ?",
                               community, wid),
                    1);
    /* in the other language: a page the render cache has not kept (an anonymous
     * reader may see a shared page up to 1.5 s old) */
    page[1] = 'e', page[2] = 'n';
    r = http_get_as(&srv, page, NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.webinars_heading")));
    CU_ASSERT(http_body_has(&r, "The last seat webinar"));
    CU_ASSERT(http_body_has(&r, "<h3 class=\"card__title\">"));
    http_resp_free(&r);
}

static void webinars__64_at_once_one_seat(void)
{
    pthread_t th[RACERS];
    pthread_barrier_t barrier;
    int i, n_303 = 0, n_seat = 0, n_queue = 0;
    char name[64];

    for (i = 0; i < RACERS; i++) {
        snprintf(name, sizeof(name), "Gweminarwr %d", i);
        fx_learner(name, i % 2 ? "cy" : "en", &racers[i].s);
    }
    pthread_barrier_init(&barrier, NULL, RACERS);
    for (i = 0; i < RACERS; i++) {
        racers[i].start = &barrier;
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, race, &racers[i]) == 0);
    }
    for (i = 0; i < RACERS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    for (i = 0; i < RACERS; i++) {
        const char *loc = racers[i].location ? racers[i].location : "";

        n_303 += racers[i].status == 303;
        if (racers[i].status != 303)
            fprintf(stderr, "racer %d: status %d\n", i, racers[i].status);
        n_seat += strstr(loc, "?done=registered") != NULL;
        n_queue += strstr(loc, "?done=waitlisted") != NULL;
    }
    CU_ASSERT_EQUAL(n_303, RACERS);
    CU_ASSERT_EQUAL(n_seat, 1);
    CU_ASSERT_EQUAL(n_queue, RACERS - 1);
    CU_ASSERT_EQUAL(count_in("registered"), 1);
    CU_ASSERT_EQUAL(count_in("waitlisted"), RACERS - 1);
    CU_ASSERT_EQUAL(taken(), 1);
    /* a second click changes nothing */
    CU_ASSERT_STRING_EQUAL(act(holder("registered"), "register"), "registered");
    CU_ASSERT_EQUAL(count_in("registered"), 1);
}

static void webinars__queue_place_as_ordinal(void)
{
    int first = waiter(1), third = waiter(3);
    struct http_resp r;

    CU_ASSERT_FATAL(first >= 0 && third >= 0);
    r = http_get_as(&srv, path("cy", ""), &racers[third].s);
    CU_ASSERT(http_body_has(&r, "Eich lle: 3ydd yn y ciw."));
    http_resp_free(&r);
    r = http_get_as(&srv, path("en", ""), &racers[third].s);
    CU_ASSERT(http_body_has(&r, "Your place: 3rd in the queue."));
    http_resp_free(&r);
    /* their dashboard lists it, waiting */
    r = http_get_as(&srv, "/en/me", &racers[third].s);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.me.booked")));
    CU_ASSERT(http_body_has(&r, "The last seat webinar"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.status.waitlisted")));
    http_resp_free(&r);
    r = http_get_as(&srv, path("cy", ""), &racers[first].s);
    CU_ASSERT(http_body_has(&r, "1af yn y ciw"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "webinars.leave_button")));
    http_resp_free(&r);
}

/* Wait (at most 20 s: the machine may be busy) until racer i's status is want. */
static int wait_status(int i, long long want)
{
    int n;

    for (n = 0; n < 200; n++) {
        if (status_of(i) == want)
            return 1;
        test_sleep_ms(100);
    }
    return 0;
}

static void webinars__cancel_offer_accept_decline_lapse(void)
{
    int seat = holder("registered"), first = waiter(1), second = waiter(2), third = waiter(3);
    char *lang = NULL, *subject = NULL, *body = NULL;
    const char *addr;
    struct http_resp r;

    CU_ASSERT_FATAL(seat >= 0 && first >= 0 && second >= 0 && third >= 0);
    /* the holder cancels: the first waiter is offered the seat, and told */
    CU_ASSERT_STRING_EQUAL(act(seat, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(first), 3);
    CU_ASSERT_EQUAL(taken(), 1);
    addr = fx_email_of(racers[first].s.user_id);
    CU_ASSERT_FATAL(fx_mail(addr, &lang, &subject, &body) == 0);
    CU_ASSERT_STRING_EQUAL(lang, first % 2 ? "cy" : "en");
    CU_ASSERT(strstr(body, first % 2 ? "Atebwch erbyn" : "Please answer by") != NULL);
    CU_ASSERT(strstr(body, path(first % 2 ? "cy" : "en", "")) != NULL);
    r = http_get_as(&srv, path("en", ""), &racers[first].s);
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.accept_button")));
    http_resp_free(&r);
    /* accepts: registered */
    CU_ASSERT_STRING_EQUAL(act(first, "accept"), "accepted");
    CU_ASSERT_EQUAL(status_of(first), 1);
    CU_ASSERT_STRING_EQUAL(act(first, "accept"), "gone");
    /* cancels again: offered to the next, who declines: offered to the third */
    CU_ASSERT_STRING_EQUAL(act(first, "cancel"), "cancelled");
    CU_ASSERT_EQUAL(status_of(second), 3);
    CU_ASSERT_STRING_EQUAL(act(second, "decline"), "declined");
    CU_ASSERT_EQUAL(status_of(second), 4);
    CU_ASSERT_EQUAL(status_of(third), 3);
    CU_ASSERT_EQUAL(taken(), 1);
    /* the third lets it run out: the sweeper lapses it and offers it on */
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE webinar_registrations SET offer_expires_at = "
                              "UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE status = 'offered' "
                              "AND webinar_id = ?",
                              webinar_id),
                    1);
    CU_ASSERT(wait_status(third, 4));
    CU_ASSERT_EQUAL(count_in("offered"), 1);
    CU_ASSERT_EQUAL(taken(), 1);
    addr = fx_email_of(racers[third].s.user_id);
    CU_ASSERT_FATAL(fx_mail(addr, &lang, &subject, &body) == 0);
    CU_ASSERT(strstr(subject, third % 2 ? "wedi dod i ben" : "has ended") != NULL);
    CU_ASSERT_STRING_EQUAL(act(third, "accept"), "gone");
}

/* The feed and one webinar's entry, parsed back by libical, with a stable
 * UID and the SEQUENCE that moves the entry when the webinar changes. */
static void webinars__calendars(void)
{
    struct http_resp r = http_get_as(&srv, "/cy/webinars.ics", NULL);
    struct fx_session late;
    char uid[96];

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Content-Type", "text/calendar; charset=utf-8"));
    CU_ASSERT(webinar_ics_count(r.body) >= 1);
    CU_ASSERT(http_body_has(&r, "SUMMARY:Gweminar y sedd olaf ŵ ŷ"));
    http_resp_free(&r);
    snprintf(uid, sizeof(uid), "UID:webinar-%lld@", webinar_id);
    r = http_get_as(&srv, path("en", ".ics"), NULL);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_EQUAL(webinar_ics_count(r.body), 1);
    CU_ASSERT(http_body_has(&r, uid));
    CU_ASSERT(http_body_has(&r, "SEQUENCE:0"));
    CU_ASSERT(http_body_has(&r, "STATUS:CONFIRMED"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE webinars SET sequence = sequence + 1, cancelled = 1 "
                              "WHERE id = ?",
                              webinar_id),
                    1);
    /* the Welsh calendar: one the render cache has not kept (an anonymous
     * reader may be served a shared page up to 1.5 s old) */
    r = http_get_as(&srv, path("cy", ".ics"), NULL);
    CU_ASSERT(http_body_has(&r, uid));
    CU_ASSERT(http_body_has(&r, "SEQUENCE:1"));
    CU_ASSERT(http_body_has(&r, "STATUS:CANCELLED"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars/no-such-webinar.ics", NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/webinars/Bad_Slug.ics", NULL), 404);
    /* a cancelled webinar takes nobody */
    fx_learner("Hwyr", "en", &late);
    r = http_post_as(&srv, path("en", "/register"), &late, "");
    CU_ASSERT(http_location_has(&r, "?done=closed"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM webinar_registrations WHERE user_id = ?", late.user_id), 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "the list and a webinar's page", webinars__list_and_page },
        { "on their community's page", webinars__on_their_community_page },
        { "64 at once for the last seat", webinars__64_at_once_one_seat },
        { "the queue place as an ordinal", webinars__queue_place_as_ordinal },
        { "cancel, offer, accept, decline, lapse", webinars__cancel_offer_accept_decline_lapse },
        { "calendars", webinars__calendars },
        { NULL, NULL },
    };
    test_add_suite_with("webinars", cases, start, stop);
}
