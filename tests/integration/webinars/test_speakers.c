/*
 * WEBINAR SPEAKERS through the real server: the manage form's speaker
 * fieldsets become webinar_speakers rows, in order, blank fieldsets left
 * out, in the webinar's transaction; webinars.speaker follows their names.
 * The page shows each (role in the page's language, organisation, bio as
 * paragraphs), the API lists them, the calendar names them. An edit that
 * leaves a speaker out removes them. Bad input comes back with its message
 * and what was typed, nothing saved; hostile text is escaped on the page and
 * in the .ics.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "webinars/webinars.h"

static struct server srv;
static struct fx_session trainer;
static char slug[96], hostile_slug[96];

static int start(void)
{
    if (fx_init() || fx_sign_in(fx_user(fx_name("Hyfforddwr"), "learner,trainer"), &trainer))
        return -1;
    snprintf(slug, sizeof(slug), "siaradwyr-%s", fx_tag);
    snprintf(hostile_slug, sizeof(hostile_slug), "siaradwyr-cas-%s", fx_tag);
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The form's fields other than the speakers, for slug s (NULL: an edit). */
static const char *base(const char *s)
{
    return arena_printf(&fx_mem,
                        "%s%stitle_cy=Gweminar+siaradwyr&title_en=Speakers+webinar&summary_cy="
                        "Crynodeb&summary_en=Summary&language=both&date=2027-08-02&time=10%%3A00&"
                        "duration=60&capacity=40",
                        s ? "slug=" : "", s ? arena_printf(&fx_mem, "%s&", s) : "");
}

/* Fieldset n's six fields (name, roles, organisation, bios), URL-encoded. */
static const char *speaker(int n, const char *name, const char *role_cy, const char *role_en,
                           const char *org, const char *bio_cy, const char *bio_en)
{
    return arena_printf(&fx_mem,
                        "&speaker-%d-name=%s&speaker-%d-role_cy=%s&speaker-%d-role_en=%s"
                        "&speaker-%d-organisation=%s&speaker-%d-bio_cy=%s&speaker-%d-bio_en=%s",
                        n, http_enc(name), n, http_enc(role_cy), n, http_enc(role_en), n,
                        http_enc(org), n, http_enc(bio_cy), n, http_enc(bio_en));
}

static long long speakers_of(const char *s)
{
    return fx_num_s("SELECT COUNT(*) FROM webinar_speakers p JOIN webinars w ON w.id = "
                    "p.webinar_id WHERE w.slug = ?",
                    s);
}

static struct http_resp page(const char *lang, const char *s, const char *ext)
{
    return http_get_as(&srv, arena_printf(&fx_mem, "/%s/webinars/%s%s", lang, s, ext), NULL);
}

/* Fieldsets 1 and 3 filled, 2 left blank: two speakers, in that order. */
static void speakers__create_with_two(void)
{
    const char *body = arena_printf(
        &fx_mem, "%s%s%s%s", base(slug),
        speaker(1, "Non Prydderch", "Pennaeth dylunio cynnwys", "Head of content design",
                "Cyngor Sir Glanyrafon", "Paragraff cyntaf.\r\n\r\nAil baragraff.",
                "First paragraph.\r\n\r\nSecond paragraph."),
        speaker(2, "", "", "", "", "", ""),
        speaker(3, "Iwan Caradog", "Dylunydd gwasanaethau", "Service designer", "", "", ""));
    struct http_resp r = http_post_as(&srv, "/en/manage/webinars/new", &trainer, body);

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(speakers_of(slug), 2);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM webinar_speakers p JOIN webinars w ON w.id = "
                             "p.webinar_id WHERE w.slug = ? AND ((p.position = 1 AND p.name = "
                             "'Non Prydderch' AND p.organisation = 'Cyngor Sir Glanyrafon') OR "
                             "(p.position = 2 AND p.name = 'Iwan Caradog'))",
                             slug),
                    2);
    CU_ASSERT_STRING_EQUAL(fx_str_s("SELECT speaker FROM webinars WHERE slug = ?", slug),
                           "Non Prydderch, Iwan Caradog");
    /* the Welsh page: Welsh roles, the bio as two paragraphs, in order */
    r = page("cy", slug, "");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "webinars.speakers_heading")));
    CU_ASSERT(http_body_has(&r, ">Pennaeth dylunio cynnwys</p>"));
    CU_ASSERT(http_body_has(&r, ">Paragraff cyntaf.</p>"));
    CU_ASSERT(http_body_has(&r, ">Ail baragraff.</p>"));
    CU_ASSERT(!http_body_has(&r, "Head of content design"));
    CU_ASSERT(http_pos(&r, "Non Prydderch") < http_pos(&r, "Iwan Caradog"));
    http_resp_free(&r);
    r = page("en", slug, "");
    CU_ASSERT(http_body_has(&r, ">Head of content design</p>"));
    CU_ASSERT(http_body_has(&r, ">Second paragraph.</p>"));
    CU_ASSERT(http_body_has(&r, "Cyngor Sir Glanyrafon"));
    http_resp_free(&r);
}

/* The API lists them in order with both languages. */
static void speakers__api(void)
{
    struct http_resp r;
    json_t *doc = api_get(&srv, arena_printf(&fx_mem, "/api/v1/webinars/%s", slug), &r);
    json_t *list = doc ? json_object_get(doc, "speakers") : NULL;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT_FATAL(json_is_array(list) && json_array_size(list) == 2);
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(list, 0), "name", NULL), "Non Prydderch");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(list, 0), "role", "cy"),
                           "Pennaeth dylunio cynnwys");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(list, 0), "bio", "en"),
                           "First paragraph.\r\n\r\nSecond paragraph.");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(list, 1), "name", NULL), "Iwan Caradog");
    CU_ASSERT_STRING_EQUAL(api_str(json_array_get(list, 1), "organisation", NULL), "");
    json_decref(doc);
    http_resp_free(&r);
}

/* The calendar part of user_id's newest e-mail, unfolded (RFC 5545 3.1);
 * "" when there is none. */
static const char *invitation_of(long long user_id)
{
    char *method = NULL, *calendar = NULL, *p;
    long long id = 0;

    if (fx_mail_calendar(fx_email_of(user_id), &id, &method, &calendar) || !calendar)
        return "";
    while ((p = strstr(calendar, "\r\n ")))
        memmove(p, p + 3, strlen(p + 3) + 1);
    return calendar;
}

/* The edit form shows both; saving with only the second removes the first,
 * and the invitation the edit e-mails names only the one left. */
static void speakers__edit_removes_one(void)
{
    const char *edit = arena_printf(&fx_mem, "/en/manage/webinars/%s/edit", slug);
    struct fx_session learner;
    struct http_resp r;

    fx_learner("Dysgwr", "cy", &learner);
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/register", slug), &learner, "");
    CU_ASSERT(http_location_has(&r, "?done=registered"));
    http_resp_free(&r);
    CU_ASSERT(strstr(invitation_of(learner.user_id),
                     "Pwy sy'n siarad: Non Prydderch\\, Iwan Caradog") != NULL);
    r = http_get_as(&srv, edit, &trainer);

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "name=\"speaker-1-name\""));
    CU_ASSERT(http_body_has(&r, "value=\"Non Prydderch\""));
    CU_ASSERT(http_body_has(&r, "value=\"Iwan Caradog\""));
    CU_ASSERT(http_body_has(&r, "name=\"speaker-4-bio_en\""));
    CU_ASSERT(http_pos(&r, "value=\"Non Prydderch\"") < http_pos(&r, "value=\"Iwan Caradog\""));
    http_resp_free(&r);
    r = http_post_as(
        &srv, edit, &trainer,
        arena_printf(&fx_mem, "%s%s", base(NULL),
                     speaker(2, "Iwan Caradog", "Dylunydd gwasanaethau", "Service designer",
                             "Cyngor Sir Glanyrafon", "", "Iwan designs services.")));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(speakers_of(slug), 1);
    CU_ASSERT_STRING_EQUAL(fx_str_s("SELECT speaker FROM webinars WHERE slug = ?", slug),
                           "Iwan Caradog");
    CU_ASSERT_EQUAL(fx_num_s("SELECT p.position FROM webinar_speakers p JOIN webinars w ON w.id = "
                             "p.webinar_id WHERE w.slug = ?",
                             slug),
                    1);
    /* the Welsh page has no Welsh bio: the English one, marked, with a note */
    r = page("cy", slug, "");
    CU_ASSERT(!http_body_has(&r, "Non Prydderch"));
    CU_ASSERT(http_body_has(&r, "lang=\"en\">Iwan designs services.</p>"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "webinars.speakers.only_other")));
    http_resp_free(&r);
    CU_ASSERT(strstr(invitation_of(learner.user_id), "Non Prydderch") == NULL);
    CU_ASSERT(strstr(invitation_of(learner.user_id), "Pwy sy'n siarad: Iwan Caradog") != NULL);
    /* the calendar names the speaker */
    r = page("en", slug, ".ics");
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Iwan Caradog"));
    CU_ASSERT(!http_body_has(&r, "Non Prydderch"));
    http_resp_free(&r);
}

/* No speaker, and a speaker without a name: 400, messages, typing kept. */
static void speakers__validation_keeps_what_was_typed(void)
{
    const char *other = arena_printf(&fx_mem, "nid-%s", fx_tag);
    struct http_resp r = http_post_as(
        &srv, "/cy/manage/webinars/new", &trainer,
        arena_printf(&fx_mem, "%s%s", base(other), speaker(1, "", "", "", "", "", "")));

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "webinars.errors.speakers_missing")));
    CU_ASSERT(http_body_has(&r, "value=\"Gweminar siaradwyr\""));
    http_resp_free(&r);
    r = http_post_as(&srv, "/en/manage/webinars/new", &trainer,
                     arena_printf(&fx_mem, "%s%s%s", base(other),
                                  speaker(1, "Elen Rhys", "", "", "", "", ""),
                                  speaker(2, "", "Ymchwilydd", "Researcher", "Cyngor ŵ", "", "")));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.errors.speaker_name_missing")));
    CU_ASSERT(http_body_has(&r, "href=\"#speaker-2-name\""));
    CU_ASSERT(http_body_has(&r, "value=\"Elen Rhys\""));
    CU_ASSERT(http_body_has(&r, "value=\"Researcher\""));
    CU_ASSERT(http_body_has(&r, "value=\"Cyngor ŵ\""));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM webinars WHERE slug = ?", other), 0);
}

/* Markup and calendar line breaks in every speaker field stay text. */
static void speakers__hostile_strings_escaped(void)
{
    static const char evil[] = "<script>alert(1)</script>\"'&";
    static const char crlf[] = "Ann\r\nATTENDEE:mailto:evil@example.com";
    struct http_resp r = http_post_as(&srv, "/en/manage/webinars/new", &trainer,
                                      arena_printf(&fx_mem, "%s%s%s", base(hostile_slug),
                                                   speaker(1, evil, evil, evil, evil, evil, evil),
                                                   speaker(2, crlf, crlf, crlf, crlf, crlf, crlf)));
    const char *const langs[] = { "cy", "en" };
    size_t i;

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(speakers_of(hostile_slug), 2);
    for (i = 0; i < 2; i++) {
        r = page(langs[i], hostile_slug, "");
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
        CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        http_resp_free(&r);
        r = page(langs[i], hostile_slug, ".ics");
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT_EQUAL(webinar_ics_count(r.body), 1);
        CU_ASSERT(!http_body_has(&r, "\r\nATTENDEE"));
        CU_ASSERT(http_body_has(&r, "alert(1)"));
        http_resp_free(&r);
    }
    r = http_get_as(&srv, arena_printf(&fx_mem, "/en/manage/webinars/%s/edit", hostile_slug),
                    &trainer);
    CU_ASSERT(!http_body_has(&r, "<script>alert(1)"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "create with two speakers", speakers__create_with_two },
        { "the API lists them", speakers__api },
        { "an edit removes one", speakers__edit_removes_one },
        { "validation keeps what was typed", speakers__validation_keeps_what_was_typed },
        { "hostile strings are escaped", speakers__hostile_strings_escaped },
        { NULL, NULL },
    };
    test_add_suite_with("webinars: speakers", cases, start, stop);
}
