/*
 * The organisers' pages rendered once for all the managers of a webinar
 * (issue 22, webinars/pages_manage.c, app/page_kept.h page_kept_shared()),
 * with the session cache on as in production:
 *
 *   - the new form, the edit form and the people page cost no database
 *     round trip when asked for again, and another manager's read is served
 *     the same rendered page (a row changed behind the server's back is not
 *     on it until the kept page is PERSON_KEPT_TTL_MS old);
 *   - each reader's own CSRF token is in its forms, and a form posted from
 *     the kept page works (the edit form, the attendance form);
 *   - a manager who may not see the webinar gets 404 though it is kept;
 *   - an edit (the organiser's own, or an admin's) shows at once on the edit
 *     form and the people page; a registration at once on the people page;
 *   - a form with problems and the ?saved= flash are the reader's alone;
 *   - the attendance boxes are on the people page from the webinar's start.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct server srv;
static struct fx_session trainer, again, admin, other, learner;
static char slug[96], past[96];
static const char *edit, *people, *past_people;
static long long past_reg;

/* A webinar of the trainer's starting hours from now: its id, or 0. */
static long long add(char *out, const char *name, const char *title, int hours)
{
    snprintf(out, 96, "%s-%s", name, fx_tag);
    return db_exec(fx_dbh,
                   "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, "
                   "language, audience, starts_at, capacity, created_by) VALUES (?, ?, 'Kept "
                   "pages', '', '', 'both', 'all', UTC_TIMESTAMP() + INTERVAL ? HOUR, 10, ?)",
                   "ssil", out, title, hours, trainer.user_id) == DB_OK
               ? (long long)db_insert_id(fx_dbh)
               : 0;
}

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };
    long long id, past_id;

    if (fx_init())
        return -1;
    id = fx_user(fx_name("Trefnydd y tudalennau"), "learner,trainer");
    if (!id || fx_sign_in(id, &trainer) || fx_sign_in(id, &again) ||
        fx_sign_in(fx_user(fx_name("Gweinyddwr y tudalennau"), "learner,admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Trefnydd arall"), "learner,trainer"), &other))
        return -1;
    fx_learner("Dysgwr y tudalennau", "cy", &learner);
    past_id = add(past, "tudalennau-bu", "Gweminar a fu", -2);
    if (!add(slug, "tudalennau", "Gweminar y tudalennau", 24 * 90) || !past_id ||
        db_exec(fx_dbh,
                "INSERT INTO webinar_registrations (webinar_id, user_id, status, registered_at) "
                "VALUES (?, ?, 'registered', UTC_TIMESTAMP())",
                "ll", past_id, learner.user_id) != DB_OK)
        return -1;
    past_reg = (long long)db_insert_id(fx_dbh);
    edit = arena_printf(&fx_mem, "/cy/manage/webinars/%s/edit", slug);
    people = arena_printf(&fx_mem, "/cy/manage/webinars/%s/people", slug);
    past_people = arena_printf(&fx_mem, "/cy/manage/webinars/%s/people", past);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The edit form's fields with title_cy and capacity (encoded already). */
static const char *fields(const char *title_cy, const char *capacity)
{
    return arena_printf(&fx_mem,
                        "title_cy=%s&title_en=Kept+pages&summary_cy=&summary_en=&"
                        "speaker-1-name=Non&language=both&audience=all&date=2027-05-04&"
                        "time=10%%3A00&duration=60&capacity=%s",
                        title_cy, capacity);
}

/* How many times needle is in r's body. */
static int count_of(const struct http_resp *r, const char *needle)
{
    const char *p;
    int n = 0;

    for (p = r->body ? strstr(r->body, needle) : NULL; p; p = strstr(p + strlen(needle), needle))
        n++;
    return n;
}

/* GET path as s: the first form's CSRF token on it (fx_mem), "" when none
 * or not a 200. */
static const char *token_on(const struct fx_session *s, const char *path)
{
    struct http_resp r = http_get_as(&srv, path, s);
    const char *t = arena_strdup(&fx_mem, r.status == 200 ? http_form_csrf(&r) : "");

    http_resp_free(&r);
    return t;
}

/* POST fields with the token as s's browser would from a page it read. */
static int post_with(const struct fx_session *s, const char *path, const char *token,
                     const char *body)
{
    const char *all = arena_printf(&fx_mem, "csrf=%s&%s", http_enc(token), body);
    struct http_resp r;
    int status = -1;

    if (http_post(&srv, path, all, strlen(all), s->cookie, &r) == 0)
        status = r.status;
    http_resp_free(&r);
    return status;
}

static void kept_pages__repeated_gets_cost_no_round_trip(void)
{
    static const char *const pattern[] = { "/manage/webinars/new", "/manage/webinars/{slug}/edit",
                                           "/manage/webinars/{slug}/people" };
    const char *path[] = { "/cy/manage/webinars/new", edit, people };
    size_t i;

    test_sleep_ms(600); /* nothing settling from the set-up */
    for (i = 0; i < 3; i++) {
        CU_ASSERT(shows_as(&srv, &trainer, path[i], "name=\"csrf\""));
        CU_ASSERT_EQUAL(trips_kept_as(&srv, &trainer, path[i], pattern[i], 5), 0);
        CU_ASSERT_EQUAL(trips_kept_as(&srv, &admin, path[i], pattern[i], 5), 0);
    }
}

/* One rendering for every manager: a row changed behind the server's back
 * (as another server would) is not on the page another manager reads at
 * once, though their own data of it is read afresh; it is once the kept
 * page is older than PERSON_KEPT_TTL_MS. */
static void kept_pages__other_managers_read_the_same_page(void)
{
    int shared = 0, i;

    for (i = 0; i < 3 && !shared; i++) {
        CU_ASSERT_FATAL(db_exec(fx_dbh,
                                "UPDATE webinars SET title_en = 'Kept pages' WHERE slug = ?", "s",
                                slug) == DB_OK);
        test_sleep_ms(2100); /* everything kept of it is gone */
        CU_ASSERT_FATAL(shows_as(&srv, &trainer, edit, "value=\"Kept pages\""));
        CU_ASSERT_FATAL(db_exec(fx_dbh,
                                "UPDATE webinars SET title_en = 'Behind its back' WHERE slug = ?",
                                "s", slug) == DB_OK);
        /* the admin's first read of it since: their data is new, the page not */
        shared = shows_as(&srv, &admin, edit, "value=\"Kept pages\"");
    }
    CU_ASSERT(shared);
    test_sleep_ms(2100);
    CU_ASSERT(shows_as(&srv, &admin, edit, "value=\"Behind its back\""));
}

/* Each reader's own token, in every form of the page, whoever read it first. */
static void kept_pages__each_reader_has_their_own_token(void)
{
    const char *path[] = { "/cy/manage/webinars/new", edit, people };
    const struct fx_session *who[] = { &trainer, &again, &admin };
    struct http_resp r;
    size_t i, k;

    for (i = 0; i < 3; i++)
        for (k = 0; k < 3; k++) {
            r = http_get_as(&srv, path[i], who[k]);
            CU_ASSERT_EQUAL(r.status, 200);
            CU_ASSERT_STRING_EQUAL(http_form_csrf(&r), who[k]->csrf);
            CU_ASSERT(!http_body_has(&r, who[(k + 1) % 3]->csrf));
            http_resp_free(&r);
        }
    /* every form of a page has it: the past webinar's attendance and cancel forms */
    r = http_get_as(&srv, past_people, &trainer);
    http_resp_free(&r);
    r = http_get_as(&srv, past_people, &admin);
    CU_ASSERT(count_of(&r, "name=\"csrf\"") >= 3);
    CU_ASSERT_EQUAL(count_of(&r, arena_printf(&fx_mem, "name=\"csrf\" value=\"%s\"", admin.csrf)),
                    count_of(&r, "name=\"csrf\""));
    http_resp_free(&r);
}

static void kept_pages__not_theirs_is_404_though_kept(void)
{
    CU_ASSERT(shows_as(&srv, &trainer, edit, "Gweminar y tudalennau"));
    CU_ASSERT(shows_as(&srv, &trainer, people, "Gweminar y tudalennau"));
    CU_ASSERT_EQUAL(http_status(&srv, edit, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, people, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, edit, &learner), 403);
}

/* The admin posts the edit form from the page kept for everyone: their
 * token on it works, and the trainer sees the change on both pages at once. */
static void kept_pages__an_admins_edit_shows_at_once(void)
{
    const char *token;

    CU_ASSERT(shows_as(&srv, &trainer, edit, "value=\"Gweminar y tudalennau\""));
    CU_ASSERT(shows_as(&srv, &trainer, people, "Gweminar y tudalennau"));
    token = token_on(&admin, edit);
    CU_ASSERT_STRING_EQUAL(token, admin.csrf);
    CU_ASSERT_EQUAL(post_with(&admin, edit, token, fields("Gweminar+wedi+newid", "10")), 303);
    CU_ASSERT(shows_as(&srv, &trainer, edit, "value=\"Gweminar wedi newid\""));
    CU_ASSERT(shows_as(&srv, &trainer, people, "Gweminar wedi newid"));
    CU_ASSERT(shows_as(&srv, &admin, edit, "value=\"Gweminar wedi newid\""));
}

/* The trainer's own edit, from their other session's kept page. */
static void kept_pages__their_own_edit_shows_at_once(void)
{
    const char *token = token_on(&again, edit);

    CU_ASSERT_STRING_EQUAL(token, again.csrf);
    CU_ASSERT_EQUAL(post_with(&again, edit, token, fields("Gweminar+y+trefnydd", "10")), 303);
    CU_ASSERT(shows_as(&srv, &trainer, edit, "value=\"Gweminar y trefnydd\""));
    CU_ASSERT(shows_as(&srv, &again, people, "Gweminar y trefnydd"));
    CU_ASSERT(shows_as(&srv, &admin, people, "Gweminar y trefnydd"));
}

static void kept_pages__a_registration_shows_at_once(void)
{
    const char *name = fx_str_l("SELECT name FROM users WHERE id = ?", learner.user_id);
    struct http_resp r;

    CU_ASSERT(!shows_as(&srv, &trainer, people, name));
    CU_ASSERT(!shows_as(&srv, &admin, people, name));
    r = http_post_as(&srv, arena_printf(&fx_mem, "/cy/webinars/%s/register", slug), &learner, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows_as(&srv, &trainer, people, name));
    CU_ASSERT(shows_as(&srv, &admin, people, name));
}

/* A form with problems is rendered for its reader alone: the next GET is
 * the kept form, without them. */
static void kept_pages__a_form_with_problems_is_not_kept(void)
{
    struct http_resp r = http_post_as(&srv, edit, &trainer, fields("Gweminar+y+trefnydd", "lots"));

    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "error-summary"));
    http_resp_free(&r);
    r = http_get_as(&srv, edit, &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "error-summary"));
    CU_ASSERT(http_body_has(&r, "value=\"Gweminar y trefnydd\""));
    http_resp_free(&r);
}

/* Attendance, posted from the past webinar's kept people page: its flash is
 * on the reader's ?saved= page only, the mark on everyone's at once. */
static void kept_pages__attendance_from_a_kept_page(void)
{
    const char *saved = loc_text("cy", "webinars.people.saved");
    const char *box = arena_printf(&fx_mem, "id=\"attended-%lld\"", past_reg);
    const char *checked = arena_printf(&fx_mem, "value=\"1\" checked>");
    const char *token;

    CU_ASSERT(shows_as(&srv, &trainer, past_people, box));
    CU_ASSERT(!shows_as(&srv, &admin, past_people, checked));
    token = token_on(&admin, past_people);
    CU_ASSERT_STRING_EQUAL(token, admin.csrf);
    CU_ASSERT_EQUAL(post_with(&admin,
                              arena_printf(&fx_mem, "/cy/manage/webinars/%s/attendance", past),
                              token, arena_printf(&fx_mem, "attended-%lld=1", past_reg)),
                    303);
    CU_ASSERT(shows_as(&srv, &admin, arena_printf(&fx_mem, "%s?saved=1", past_people), saved));
    CU_ASSERT(shows_as(&srv, &trainer, past_people, checked));
    CU_ASSERT(!shows_as(&srv, &trainer, past_people, saved));
    CU_ASSERT(!shows_as(&srv, &admin, past_people, saved));
}

/* Whether attendance is marked moves with the clock, not a write: the
 * boxes are on the kept page from the start. */
static void kept_pages__the_start_shows_at_once(void)
{
    char soon[96];
    long long id = add(soon, "tudalennau-yn-awr", "Gweminar yn awr", 0), starts;
    const char *path = arena_printf(&fx_mem, "/cy/manage/webinars/%s/people", soon);
    const char *box;
    int late = 0, i;

    CU_ASSERT_FATAL(id != 0);
    CU_ASSERT_FATAL(db_exec(fx_dbh,
                            "UPDATE webinars SET starts_at = UTC_TIMESTAMP() + INTERVAL 3 SECOND "
                            "WHERE id = ?",
                            "l", id) == DB_OK);
    CU_ASSERT_FATAL(db_exec(fx_dbh,
                            "INSERT INTO webinar_registrations (webinar_id, user_id, status, "
                            "registered_at) VALUES (?, ?, 'registered', UTC_TIMESTAMP())",
                            "ll", id, learner.user_id) == DB_OK);
    box = arena_printf(&fx_mem, "id=\"attended-%lld\"", (long long)db_insert_id(fx_dbh));
    starts = fx_num_l("SELECT UNIX_TIMESTAMP(starts_at) FROM webinars WHERE id = ?", id);
    CU_ASSERT(!shows_as(&srv, &trainer, path, box));
    for (i = 0; i < 40 && late < 3; i++) { /* kept before the start, read after it */
        test_sleep_ms(200);
        if (time(NULL) > starts) {
            late++;
            CU_ASSERT(shows_as(&srv, &trainer, path, box));
        } else {
            shows_as(&srv, &trainer, path, box);
        }
    }
    CU_ASSERT(late > 0);
}

static void kept_pages__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept_pages__repeated_gets_cost_no_round_trip",
          kept_pages__repeated_gets_cost_no_round_trip },
        { "kept_pages__other_managers_read_the_same_page",
          kept_pages__other_managers_read_the_same_page },
        { "kept_pages__each_reader_has_their_own_token",
          kept_pages__each_reader_has_their_own_token },
        { "kept_pages__not_theirs_is_404_though_kept", kept_pages__not_theirs_is_404_though_kept },
        { "kept_pages__an_admins_edit_shows_at_once", kept_pages__an_admins_edit_shows_at_once },
        { "kept_pages__their_own_edit_shows_at_once", kept_pages__their_own_edit_shows_at_once },
        { "kept_pages__a_registration_shows_at_once", kept_pages__a_registration_shows_at_once },
        { "kept_pages__a_form_with_problems_is_not_kept",
          kept_pages__a_form_with_problems_is_not_kept },
        { "kept_pages__attendance_from_a_kept_page", kept_pages__attendance_from_a_kept_page },
        { "kept_pages__the_start_shows_at_once", kept_pages__the_start_shows_at_once },
        { "kept_pages__log_has_no_errors", kept_pages__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/webinars/kept_pages", cases, start, stop);
}
