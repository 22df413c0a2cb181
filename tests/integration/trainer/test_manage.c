/*
 * Managing cohorts (issue 20): an admin makes a cohort for a course and
 * assigns and removes its trainers; a trainer of the cohort (or an admin)
 * adds, changes and cancels its sessions. Every form: bad input is 400 with
 * what was typed kept and nothing changed; every change is audited; who may
 * do what is the route's guard (admin pages) or the cohort's trainers
 * (another trainer: 404). A message to the cohort queues one e-mail per
 * learner, in their own language, with the record on the cohort's page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin, mine, other, learner;
static long long course, mine_id, other_id, learner_id;
static char slug[96], new_path[160];

static int start(void)
{
    if (fx_init())
        return -1;
    course = fx_course("rheoli", "Rheoli", "Manage", "blended", 4, slug);
    mine_id = fx_user(fx_name("Mine Trainer"), "trainer");
    other_id = fx_user(fx_name("Other Trainer"), "trainer");
    learner_id = fx_user(fx_name("Lone Learner"), "learner");
    if (!course || fx_sign_in(fx_user(fx_name("Admin"), "admin"), &admin) ||
        fx_sign_in(mine_id, &mine) || fx_sign_in(other_id, &other) ||
        fx_sign_in(learner_id, &learner))
        return -1;
    snprintf(new_path, sizeof(new_path), "/en/admin/courses/%s/cohorts/new", slug);
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void has(const struct http_resp *r, const char *needle, int want)
{
    CU_ASSERT_EQUAL(http_body_has(r, needle) != 0, want);
    if ((http_body_has(r, needle) != 0) != want)
        fprintf(stderr, "page %s: %s\n", want ? "lacks" : "has", needle);
}

/* How many audit rows by actor say "event detail". */
static long long audits(const char *event, long long actor, const char *detail)
{
    return fx_num_ls("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND "
                     "CONCAT(event, ' ', detail) = ?",
                     actor, arena_printf(&fx_mem, "%s %s", event, detail));
}

static long long cohorts_named(const char *name)
{
    return fx_num_s("SELECT COUNT(*) FROM cohorts WHERE name_en = ?", name);
}

/* A cohort made through the form; its id (fails the test otherwise). */
static long long make_cohort(const char *name_en)
{
    char body[512], *enc = http_url_encode_new(name_en, strlen(name_en));
    struct http_resp r;
    long long id;

    snprintf(body, sizeof(body),
             "name_cy=Carfan&name_en=%s&starts_on=2027-01-10&ends_on=2027-03-20&capacity=24"
             "&lang=both",
             enc);
    free(enc);
    r = http_post_as(&srv, new_path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/en/admin/cohorts/"));
    CU_ASSERT(http_location_has(&r, "?done=created"));
    http_resp_free(&r);
    id = fx_num_s("SELECT MAX(id) FROM cohorts WHERE name_en = ?", name_en);
    CU_ASSERT_FATAL(id > 0);
    return id;
}

static void cohort__admin_creates_one(void)
{
    const char *name = fx_name("Spring");
    char body[512], *enc = http_url_encode_new(name, strlen(name));
    struct http_resp r = http_get_as(&srv, new_path, &admin);
    long long id;

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "name=\"capacity\"", 1);
    has(&r, "name=\"csrf\"", 1);
    http_resp_free(&r);
    /* every problem at once, what was typed kept, nothing made */
    snprintf(body, sizeof(body),
             "name_cy=&name_en=%s&starts_on=2027-02-30&ends_on=2027-01-01&capacity=lots", enc);
    r = http_post_as(&srv, new_path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "href=\"#starts_on\"", 1);
    has(&r, "href=\"#capacity\"", 1);
    has(&r, "href=\"#lang\"", 1);
    has(&r, "value=\"lots\"", 1);
    has(&r, name, 1);
    http_resp_free(&r);
    snprintf(body, sizeof(body),
             "name_en=%s&starts_on=2027-03-01&ends_on=2027-02-01&capacity=10&lang=cy", enc);
    r = http_post_as(&srv, new_path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "href=\"#ends_on\"", 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(cohorts_named(name), 0);
    free(enc);
    id = make_cohort(name);
    CU_ASSERT_EQUAL(fx_num_l("SELECT capacity FROM cohorts WHERE id = ?", id), 24);
    CU_ASSERT_EQUAL(
        fx_num_ll("SELECT COUNT(*) FROM cohorts WHERE id = ? AND course_id = ?", id, course), 1);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT lang = 'both' AND name_cy = 'Carfan' AND taken = 0 AND cancelled = 0 "
                 "AND starts_at = '2027-01-10 00:00:00' FROM cohorts WHERE id = ?",
                 id),
        1);
    CU_ASSERT_EQUAL(
        audits("cohort_created", admin.user_id, arena_printf(&fx_mem, "cohort %lld", id)), 1);
    /* the admin's page of it */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/admin/cohorts/%lld?done=created", id), &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("cy", "trainer.admin.done_created"), 1);
    has(&r, loc_text("cy", "trainer.admin.no_trainers"), 1);
    http_resp_free(&r);
    /* the course's admin page links to the form, and lists the cohort in the
     * cohort table the trainer's list uses, linking to its admin page */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/en/admin/courses/%s", slug), &admin);
    has(&r, arena_printf(&fx_mem, "href=\"/en/admin/courses/%s/cohorts/new\"", slug), 1);
    has(&r, arena_printf(&fx_mem, "href=\"/en/admin/cohorts/%lld\"", id), 1);
    has(&r, loc_text("en", "trainer.cohorts.col_at_risk"), 1);
    has(&r, "0 / 24", 1);
    http_resp_free(&r);
}

static void cohort__only_admins_make_them(void)
{
    const char *name = arena_printf(&fx_mem, "Nope%s", fx_tag);
    char body[256];
    struct http_resp r;

    snprintf(body, sizeof(body),
             "name_en=%s&starts_on=2027-01-10&ends_on=2027-03-20&capacity=5&lang=cy", name);
    r = http_post_as(&srv, new_path, &mine, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, new_path, &learner, body);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, new_path, &mine), 403);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/courses/no-such-course-x/cohorts/new", &admin),
                    404);
    CU_ASSERT_EQUAL(cohorts_named(name), 0);
}

static struct http_resp add_trainer(long long cohort, const char *email)
{
    char *enc = http_url_encode_new(email, strlen(email));
    struct http_resp r =
        http_post_as(&srv, arena_printf(&fx_mem, "/en/admin/cohorts/%lld/trainers", cohort), &admin,
                     arena_printf(&fx_mem, "email=%s", enc));

    free(enc);
    return r;
}

static long long trainers_of(long long cohort)
{
    return fx_num_l("SELECT COUNT(*) FROM cohort_trainers WHERE cohort_id = ?", cohort);
}

static void trainers__assigned_and_removed(void)
{
    long long id = make_cohort(fx_name("Trainers"));
    const char *mine_email = fx_email_of(mine_id);
    struct http_resp r;
    char remove[160];

    r = add_trainer(id, "not an address");
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "value=\"not an address\"", 1);
    has(&r, loc_text("en", "trainer.admin.error_email"), 1);
    http_resp_free(&r);
    r = add_trainer(id, fx_email_of(learner_id)); /* not a trainer */
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, loc_text("en", "trainer.admin.error_no_trainer"), 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(trainers_of(id), 0);
    /* the address as typed, in capitals: found by its normalised form */
    r = add_trainer(id, arena_printf(&fx_mem, " %s", mine_email));
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=added"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM cohort_trainers WHERE cohort_id = ? AND "
                              "user_id = ?",
                              id, mine_id),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("cohort_trainer_added", admin.user_id, mine_id, NULL), 1);
    r = add_trainer(id, mine_email);
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, loc_text("en", "trainer.admin.error_already"), 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(trainers_of(id), 1);
    /* the trainer now runs it; the other does not */
    CU_ASSERT_EQUAL(http_status(&srv, arena_printf(&fx_mem, "/cy/trainer/cohorts/%lld", id), &mine),
                    200);
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "/cy/trainer/cohorts/%lld", id), &other), 404);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/en/admin/cohorts/%lld", id), &admin);
    has(&r, mine_email, 1);
    http_resp_free(&r);
    /* a trainer may not assign trainers */
    r = http_post_as(&srv, arena_printf(&fx_mem, "/en/admin/cohorts/%lld/trainers", id), &mine,
                     arena_printf(&fx_mem, "email=%s", fx_email_of(other_id)));
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(remove, sizeof(remove), "/en/admin/cohorts/%lld/trainers/%lld/remove", id, mine_id);
    r = http_post_as(&srv, remove, &mine, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_as(&srv, remove, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(trainers_of(id), 0);
    CU_ASSERT_EQUAL(fx_audit_count("cohort_trainer_removed", admin.user_id, mine_id, NULL), 1);
    r = http_post_as(&srv, remove, &admin, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/cohorts/999999999", &admin), 404);
}

/* A cohort that `mine` runs. */
static long long my_cohort(void)
{
    long long id = make_cohort(fx_name("Sessions"));
    struct http_resp r = add_trainer(id, fx_email_of(mine_id));

    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    return id;
}

static long long sessions_of(long long cohort)
{
    return fx_num_l("SELECT COUNT(*) FROM cohort_sessions WHERE cohort_id = ?", cohort);
}

static void sessions__added_changed_cancelled(void)
{
    long long id = my_cohort(), sid;
    const char *base = arena_printf(&fx_mem, "/en/trainer/cohorts/%lld", id);
    const char *add = arena_printf(&fx_mem, "%s/new-session", base);
    struct http_resp r = http_get_as(&srv, add, &mine);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "name=\"online\"", 1);
    http_resp_free(&r);
    /* neither a place nor a link; a time that is not one */
    r = http_post_as(&srv, add, &mine,
                     "date=2027-07-15&time=25:00&minutes=90&place=&online=&lang=en");
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "href=\"#time\"", 1);
    has(&r, "href=\"#place\"", 1);
    has(&r, "value=\"25:00\"", 1);
    http_resp_free(&r);
    r = http_post_as(&srv, add, &mine,
                     "date=2027-07-15&time=10:00&minutes=0&place=Aber&online=javascript:alert(1)"
                     "&lang=xx");
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "href=\"#minutes\"", 1);
    has(&r, "href=\"#online\"", 1);
    has(&r, "href=\"#lang\"", 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(sessions_of(id), 0);
    /* 10:00 in July is 09:00 UTC (BST) */
    r = http_post_as(&srv, add, &mine,
                     "date=2027-07-15&time=10:00&minutes=90&place=Neuadd+y+Dref%2C+Dinbych&online="
                     "https%3A%2F%2Fmeet.example%2Fabc&lang=cy");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=added"));
    http_resp_free(&r);
    sid = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", id);
    CU_ASSERT_FATAL(sid > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT starts_at = '2027-07-15 09:00:00' AND minutes = 90 AND "
                             "place = 'Neuadd y Dref, Dinbych' AND online_url = "
                             "'https://meet.example/abc' AND lang = 'cy' FROM cohort_sessions "
                             "WHERE id = ?",
                             sid),
                    1);
    CU_ASSERT_EQUAL(audits("session_added", mine.user_id,
                           arena_printf(&fx_mem, "cohort %lld session %lld", id, sid)),
                    1);
    /* the edit form shows it as stored, in London time */
    r = http_get_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/edit", base, sid), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "value=\"2027-07-15\"", 1);
    has(&r, "value=\"10:00\"", 1);
    has(&r, "value=\"Neuadd y Dref, Dinbych\"", 1);
    http_resp_free(&r);
    /* online only, in January (GMT) */
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/edit", base, sid), &mine,
                     "date=2027-01-20&time=14:30&minutes=60&place=&online=https%3A%2F%2Fmeet."
                     "example%2Fxyz&lang=both");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT starts_at = '2027-01-20 14:30:00' AND place = '' AND lang = "
                             "'both' FROM cohort_sessions WHERE id = ?",
                             sid),
                    1);
    CU_ASSERT_EQUAL(sessions_of(id), 1);
    /* another trainer: 404 everywhere, nothing changed */
    CU_ASSERT_EQUAL(http_status(&srv, add, &other), 404);
    r = http_post_as(&srv, add, &other, "date=2027-01-20&time=14:30&minutes=60&place=X&lang=cy");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/cancel", base, sid), &other, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/edit", base, sid), &other), 404);
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "%s/sessions/999999999/edit", base), &mine), 404);
    CU_ASSERT_EQUAL(sessions_of(id), 1);
    /* cancelled: kept, shown so */
    r = http_post_as(&srv, arena_printf(&fx_mem, "%s/sessions/%lld/cancel", base, sid), &mine, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=cancelled"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT cancelled FROM cohort_sessions WHERE id = ?", sid), 1);
    CU_ASSERT_EQUAL(audits("session_cancelled", mine.user_id,
                           arena_printf(&fx_mem, "cohort %lld session %lld", id, sid)),
                    1);
    r = http_get_as(&srv, arena_printf(&fx_mem, "%s?done=cancelled", base), &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, loc_text("en", "trainer.sessions.done_cancelled"), 1);
    has(&r, loc_text("en", "trainer.sessions.cancelled"), 1);
    http_resp_free(&r);
    /* an admin may change any cohort's sessions */
    CU_ASSERT_EQUAL(http_status(&srv, add, &admin), 200);
}

/* A cancelled session is not among a learner's upcoming sessions. */
static void sessions__cancelled_leaves_the_learners_list(void)
{
    long long id = my_cohort(), sid, u = fx_user(fx_name("Upcoming Learner"), "learner");
    struct fx_session s;
    struct http_resp r;

    CU_ASSERT_FATAL(fx_enrol(u, course, id, FX_ENROLLED, 0) > 0);
    CU_ASSERT_FATAL(fx_sign_in(u, &s) == 0);
    fx_exec_l("INSERT INTO cohort_sessions (cohort_id, starts_at, minutes, place, lang) VALUES "
              "(?, UTC_TIMESTAMP() + INTERVAL 2 DAY, 60, 'Llanymddyfri', 'cy')",
              id);
    sid = fx_num_l("SELECT MAX(id) FROM cohort_sessions WHERE cohort_id = ?", id);
    r = http_get_as(&srv, "/cy/me", &s);
    has(&r, "Llanymddyfri", 1);
    http_resp_free(&r);
    r = http_post_as(
        &srv, arena_printf(&fx_mem, "/cy/trainer/cohorts/%lld/sessions/%lld/cancel", id, sid),
        &mine, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/me", &s);
    has(&r, "Llanymddyfri", 0);
    http_resp_free(&r);
}

/* What an admin types comes back escaped. */
static void cohort__names_escaped(void)
{
    long long id = make_cohort(fx_name("<b>Bold</b>"));
    struct http_resp r =
        http_get_as(&srv, arena_printf(&fx_mem, "/en/admin/cohorts/%lld", id), &admin);

    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "<b>Bold</b>", 0);
    has(&r, "&lt;b&gt;Bold&lt;/b&gt;", 1);
    http_resp_free(&r);
}

static long long outbox_to(long long user)
{
    return fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ?", user);
}

/* A message to the cohort: one e-mail per learner in their own language,
 * queued with the record shown on the page; only those at risk when asked;
 * one language only; bad input and nobody to send to change nothing. */
static void message__one_email_each_in_their_language(void)
{
    long long id = my_cohort(), cy = fx_user(fx_name("Welsh Reader"), "learner"),
              en = fx_user(fx_name("English Reader"), "learner"), msgs;
    const char *form = arena_printf(&fx_mem, "/en/trainer/cohorts/%lld/message", id);
    struct http_resp r;

    fx_set_lang(en, "en");
    CU_ASSERT_FATAL(fx_enrol(cy, course, id, FX_ENROLLED, 0) > 0);
    CU_ASSERT_FATAL(fx_enrol(en, course, id, FX_ENROLLED, 0) > 0);
    r = http_get_as(&srv, form, &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    has(&r, "name=\"body_cy\"", 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, form, &other), 404);
    CU_ASSERT_EQUAL(http_status(&srv, form, &learner), 404);
    /* both versions wanted, the English one missing: nothing sent */
    r = http_post_as(&srv, form, &mine,
                     "audience=all&only=both&subject_cy=Helo&body_cy=Neges+ŵ&subject_en=&body_en=");
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, "href=\"#subject_en\"", 1);
    has(&r, "href=\"#body_en\"", 1);
    has(&r, "Neges ŵ", 1);
    http_resp_free(&r);
    r = http_post_as(&srv, form, &other, "audience=all&only=cy&subject_cy=Helo&body_cy=Neges");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(outbox_to(cy) + outbox_to(en), 0);
    /* nobody at risk (the cohort has not started): nothing sent */
    r = http_post_as(&srv, form, &mine, "audience=at_risk&only=cy&subject_cy=Helo&body_cy=Neges");
    CU_ASSERT_EQUAL(r.status, 400);
    has(&r, loc_text("en", "trainer.message.error_nobody"), 1);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM cohort_messages WHERE cohort_id = ?", id), 0);
    r = http_post_as(&srv, form, &mine,
                     "audience=all&only=both&subject_cy=Sesiwn+nesaf&body_cy=Dewch+%C3%A2+"
                     "gliniadur.%0D%0ADiolch&subject_en=Next+session&body_en=Bring+a+laptop."
                     "%0D%0AThanks");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=messaged"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND lang = 'cy' AND "
                 "subject = 'Sesiwn nesaf' AND body_text LIKE 'Dewch â gliniadur.\nDiolch"
                 "\n\n-- \n%'",
                 cy),
        1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND lang = 'en' AND "
                             "subject = 'Next session' AND body_text LIKE 'Bring a laptop.%'",
                             en),
                    1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT recipients FROM cohort_messages WHERE cohort_id = ?", id), 2);
    CU_ASSERT_EQUAL(
        audits("cohort_messaged", mine.user_id, arena_printf(&fx_mem, "cohort %lld: 2", id)), 1);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/trainer/cohorts/%lld?done=messaged", id),
                    &mine);
    has(&r, loc_text("cy", "trainer.message.done"), 1);
    has(&r, "Sesiwn nesaf", 1);
    http_resp_free(&r);
    /* English only: the Welsh reader gets the English version */
    r = http_post_as(&srv, form, &mine, "audience=all&only=en&subject_en=Only+English&body_en=Hi");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND lang = 'en' AND "
                             "subject = 'Only English'",
                             cy),
                    1);
    /* at risk only: the cohort under way for ten days, one learner idle */
    fx_exec_l("UPDATE cohorts SET starts_at = UTC_TIMESTAMP() - INTERVAL 20 DAY, ends_at = "
              "UTC_TIMESTAMP() + INTERVAL 20 DAY WHERE id = ?",
              id);
    fx_exec_l("UPDATE enrolments SET lessons_done = 4, last_activity_at = UTC_TIMESTAMP() WHERE "
              "user_id = ?",
              en);
    fx_exec_l("UPDATE enrolments SET enrolled_at = UTC_TIMESTAMP() - INTERVAL 20 DAY WHERE "
              "user_id = ?",
              cy);
    msgs = outbox_to(en);
    r = http_post_as(&srv, form, &mine, "audience=at_risk&only=cy&subject_cy=Help+llaw&body_cy=Hi");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND subject = "
                             "'Help llaw'",
                             cy),
                    1);
    CU_ASSERT_EQUAL(outbox_to(en), msgs);
}

static void manage__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cohort__admin_creates_one", cohort__admin_creates_one },
        { "cohort__only_admins_make_them", cohort__only_admins_make_them },
        { "trainers__assigned_and_removed", trainers__assigned_and_removed },
        { "sessions__added_changed_cancelled", sessions__added_changed_cancelled },
        { "sessions__cancelled_leaves_the_learners_list",
          sessions__cancelled_leaves_the_learners_list },
        { "cohort__names_escaped", cohort__names_escaped },
        { "message__one_email_each_in_their_language", message__one_email_each_in_their_language },
        { "manage__log_is_clean", manage__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/trainer/manage", cases, start, stop);
}
