/*
 * MANAGING WEBINARS through the real server (GUARD_TRAINER rows): a trainer
 * creates a webinar from the form (London time stored as UTC), bad input
 * comes back with its messages and what was typed, nothing created; another
 * trainer cannot touch it; a capacity below the seats taken is refused;
 * cancelling bumps the calendar SEQUENCE and e-mails everyone on it in
 * their language; the people page lists them.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "webinars/webinars.h"

static struct server srv;
static struct fx_session trainer, other, learner;
static char slug[96];

static int start(void)
{
    if (fx_init() || fx_sign_in(fx_user(fx_name("Hyfforddwr"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Arall"), "learner,trainer"), &other))
        return -1;
    snprintf(slug, sizeof(slug), "gweminar-%s", fx_tag);
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static long long webinar_num(const char *column_sql)
{
    return fx_num_s(column_sql, slug);
}

static const char *form(const char *capacity, const char *time)
{
    return arena_printf(
        &fx_mem,
        "slug=%s&title_cy=Gweminar+%%C5%%B5&title_en=A+webinar&summary_cy=&"
        "summary_en=&speaker-1-name=Non+Prydderch&language=both&date=2027-07-01&time=%s&"
        "duration=60&capacity=%s",
        slug, time, capacity);
}

/* The SEQUENCE of user_id's newest e-mail's invitation when its method is
 * method and its UID the webinar's, else -1. */
static int invitation(long long user_id, const char *method)
{
    struct webinar_ics_read back;
    char *m = NULL, *calendar = NULL;
    long long id = 0;
    const char *uid = arena_printf(&fx_mem, "webinar-%lld@",
                                   webinar_num("SELECT id FROM webinars WHERE slug = ?"));

    if (fx_mail_calendar(fx_email_of(user_id), &id, &m, &calendar) || !calendar ||
        webinar_ics_parse(calendar, &back) || strcmp(m, method) || strcmp(back.method, method) ||
        strncmp(back.uid, uid, strlen(uid)))
        return -1;
    return back.sequence;
}

static void manage__guards(void)
{
    fx_learner("Dysgwr", "cy", &learner);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/manage/webinars/new", &trainer), 200);
    CU_ASSERT_NOT_EQUAL(http_status(&srv, "/en/manage/webinars/new", &learner), 200);
    CU_ASSERT_NOT_EQUAL(http_status(&srv, "/en/manage/webinars/new", NULL), 200);
}

static void manage__bad_input_keeps_what_was_typed(void)
{
    struct http_resp r =
        http_post_as(&srv, "/en/manage/webinars/new", &trainer, form("0", "25%3A00"));

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.errors.capacity_invalid")));
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.errors.when_invalid")));
    CU_ASSERT(http_body_has(&r, "value=\"Non Prydderch\""));
    http_resp_free(&r);
    /* an hour that never happens in London (the clocks go forward) */
    r = http_post_as(&srv, "/en/manage/webinars/new", &trainer,
                     arena_printf(&fx_mem, "%s", form("5", "10%3A00")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT COUNT(*) FROM webinars WHERE slug = ? "
                                "AND starts_at = '2027-07-01 09:00:00'"),
                    1);
}

static void manage__others_cannot_and_capacity_holds(void)
{
    struct http_resp r;
    struct fx_session second;
    char path[200];
    long long id = webinar_num("SELECT id FROM webinars WHERE slug = ?");

    fx_learner("Ail", "en", &second);
    snprintf(path, sizeof(path), "/en/manage/webinars/%s/edit", slug);
    CU_ASSERT_EQUAL(http_status(&srv, path, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, path, &trainer), 200);
    r = http_post_as(&srv, path, &other, form("5", "11%3A00"));
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    /* the learner takes a seat; 0 places is refused, 1 is fine */
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/register", slug), &learner, "");
    CU_ASSERT(http_location_has(&r, "?done=registered"));
    http_resp_free(&r);
    r = http_post_as(&srv, arena_printf(&fx_mem, "/en/webinars/%s/register", slug), &second, "");
    CU_ASSERT(http_location_has(&r, "?done=registered"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT taken FROM webinars WHERE id = ?", id), 2);
    r = http_post_as(&srv, path, &trainer, form("1", "11%3A00"));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.errors.capacity_below")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT sequence FROM webinars WHERE slug = ?"), 0);
    r = http_post_as(&srv, path, &trainer, form("2", "11%3A00"));
    if (r.status != 303)
        fprintf(stderr, "%s\n", r.body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT sequence FROM webinars WHERE slug = ?"), 1);
    /* those registered get the moved calendar entry: same UID, SEQUENCE 1 */
    CU_ASSERT_EQUAL(invitation(learner.user_id, "REQUEST"), 1);
    CU_ASSERT_EQUAL(invitation(second.user_id, "REQUEST"), 1);
    CU_ASSERT_EQUAL(webinar_num("SELECT COUNT(*) FROM webinars WHERE slug = ? "
                                "AND starts_at = '2027-07-01 10:00:00' AND capacity = 2"),
                    1);
}

/* Recording and slides links: http(s) only, the rest kept; saved ones are
 * on the edit form and, once the webinar is past, on the list. */
static void manage__recording_links(void)
{
    const char *edit = arena_printf(&fx_mem, "/en/manage/webinars/%s/edit", slug);
    const char *base = arena_printf(&fx_mem, "%s&audience=leaders", form("50", "10%3A00"));
    struct http_resp r = http_post_as(
        &srv, edit, &trainer,
        arena_printf(&fx_mem,
                     "%s&recording_url=javascript%%3Aalert(1)&slides_url=https%%3A%%2F%%2F", base));

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.errors.link_invalid")));
    CU_ASSERT(http_body_has(&r, "value=\"javascript:alert(1)\""));
    CU_ASSERT(http_body_has(&r, "<option value=\"leaders\" selected>"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT COUNT(*) FROM webinars WHERE slug = ? AND "
                                "recording_url = ''"),
                    1);
    r = http_post_as(&srv, edit, &trainer,
                     arena_printf(&fx_mem,
                                  "%s&recording_url=https%%3A%%2F%%2Ffideo.example%%2Fw%%3Fa%%3D1"
                                  "&slides_url=",
                                  base));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT COUNT(*) FROM webinars WHERE slug = ? AND recording_url "
                                "= 'https://fideo.example/w?a=1' AND audience = 'leaders'"),
                    1);
    r = http_get_as(&srv, edit, &trainer);
    CU_ASSERT(http_body_has(&r, "value=\"https://fideo.example/w?a=1\""));
    http_resp_free(&r);
}

static void manage__cancel_tells_everyone(void)
{
    char *lang = NULL, *subject = NULL, *body = NULL;
    struct http_resp r;
    char path[200];

    snprintf(path, sizeof(path), "/en/manage/webinars/%s/people", slug);
    r = http_get_as(&srv, path, &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, fx_email_of(learner.user_id)));
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.status.registered")));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/manage/webinars/%s/cancel", slug);
    r = http_post_as(&srv, path, &other, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_post_as(&srv, path, &trainer, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(webinar_num("SELECT sequence FROM webinars WHERE slug = ? AND cancelled = 1"),
                    2);
    CU_ASSERT_FATAL(fx_mail(fx_email_of(learner.user_id), &lang, &subject, &body) == 0);
    CU_ASSERT_STRING_EQUAL(lang, "cy");
    CU_ASSERT(strstr(subject, "wedi'i chanslo") != NULL);
    CU_ASSERT(strstr(subject, "Gweminar ŵ") != NULL);
    CU_ASSERT_EQUAL(invitation(learner.user_id, "CANCEL"), 2);
    /* once only */
    r = http_post_as(&srv, path, &trainer, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "guards", manage__guards },
        { "bad input keeps what was typed", manage__bad_input_keeps_what_was_typed },
        { "others cannot; capacity holds", manage__others_cannot_and_capacity_holds },
        { "cancelling tells everyone", manage__cancel_tells_everyone },
        { "recording and slides links", manage__recording_links },
        { NULL, NULL },
    };
    test_add_suite_with("webinars: managing", cases, start, stop);
}
