/*
 * Who may use the admin pages, proven over HTTP for every row of the real
 * route table whose pattern starts with /admin, in both languages, so a new
 * admin route is covered the day it is added: anonymous visitors are sent to
 * sign in (GET) or refused (POST); learners, trainers and moderators get 403
 * on every route, GET and POST, even with a valid CSRF token, and nothing
 * changes; an admin gets through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/router.h"
#include "harness.h"
#include "http/req.h"

static struct server srv;
static long long target;
static char course_slug[96]; /* what {slug} stands for */
static struct fx_session learner, trainer, moderator, admin;
static long long apprentice; /* what {id} stands for under /admin/apprenticeships */
static long long cohort;     /* ... and under /admin/cohorts */
static long long entry;      /* what {entry} stands for: an hours entry of that apprentice */

/* An apprentice record for target on a scheme of its own: its id, or 0. */
static long long make_apprentice(void)
{
    char code[48];

    snprintf(code, sizeof(code), "guard-%lld", target);
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start) SELECT ?, f.id, o.id, 'P', 'C', 'S', '2026-01-05' FROM "
                "appr_frameworks f, organisations o WHERE f.code = 'it-infrastructure-3' AND "
                "o.code = 'CRF'",
                "s", code) != DB_OK ||
        db_exec(fx_dbh,
                "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                "planned_end_on) SELECT ?, id, CONCAT('G', ?), 37, '2026-01-05', '2028-01-05' "
                "FROM appr_schemes WHERE code = ?",
                "lls", target, target, code) != DB_OK)
        return 0;
    return fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", target);
}

static int start(void)
{
    long long course;

    if (fx_init())
        return -1;
    target = fx_user(fx_name("Guard Target"), "learner");
    course = fx_course("guard", "Gwarchod", "Guard", "e-learning", 1, course_slug);
    if (!course || !(cohort = fx_cohort(course, 30, 10, "both")))
        return -1;
    if (!target || fx_sign_in(fx_user(fx_name("Guard Learner"), "learner"), &learner))
        return -1;
    apprentice = make_apprentice();
    if (!apprentice ||
        db_exec(fx_dbh,
                "INSERT INTO appr_otj_entries (apprentice_id, worked_on, tenths, category, "
                "activity) VALUES (?, '2026-02-02', 10, 'study', 'Darllen')",
                "l", apprentice) != DB_OK)
        return -1;
    entry = fx_num_l("SELECT MAX(id) FROM appr_otj_entries WHERE apprentice_id = ?", apprentice);
    if (fx_sign_in(fx_user(fx_name("Guard Trainer"), "learner,trainer"), &trainer))
        return -1;
    if (fx_sign_in(fx_user(fx_name("Guard Moderator"), "learner,moderator"), &moderator))
        return -1;
    if (fx_sign_in(fx_user(fx_name("Guard Admin"), "admin"), &admin))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The route's pattern under /{lang} with {slug} replaced by the test course's
 * slug, {entry} by the apprentice's hours entry and every other {param} by id. */
static void concrete(char *out, size_t size, const char *lang, const char *pattern, long long id)
{
    size_t n = (size_t)snprintf(out, size, "/%s", lang);

    if (!strncmp(pattern, "/admin/apprenticeships/", 23))
        id = apprentice;
    if (!strncmp(pattern, "/admin/cohorts/", 15))
        id = cohort;
    if (!strncmp(pattern, "/admin/apprenticeship-schemes/", 30))
        id = fx_num_l("SELECT scheme_id FROM apprentices WHERE id = ?", apprentice);

    while (*pattern && n + 100 < size) {
        if (!strncmp(pattern, "{slug}", 6)) {
            n += (size_t)snprintf(out + n, size - n, "%s", course_slug);
            pattern += 6;
        } else if (!strncmp(pattern, "{entry}", 7)) {
            n += (size_t)snprintf(out + n, size - n, "%lld", entry);
            pattern += 7;
        } else if (*pattern == '{') {
            n += (size_t)snprintf(out + n, size - n, "%lld", id);
            pattern = strchr(pattern, '}');
            pattern = pattern ? pattern + 1 : "";
        } else {
            out[n++] = *pattern++;
        }
    }
    out[n] = '\0';
}

/* Call f(method, path) for every admin row of the route table, in cy and en. */
static size_t each_admin_route(void (*f)(unsigned method, const char *path, const char *lang))
{
    static const char *const langs[] = { "cy", "en" };
    char path[256];
    size_t n = 0, i;

    ROUTE_FOREACH (rt, routes, n_routes) {
        if (strncmp(rt->pattern, "/admin", 6) || (rt->pattern[6] && rt->pattern[6] != '/'))
            continue;
        CU_ASSERT(rt->flags & ROUTE_LANG);
        for (i = 0; i < 2; i++) {
            concrete(path, sizeof(path), langs[i], rt->pattern, target);
            if (rt->methods & HTTP_GET)
                f(HTTP_GET, path, langs[i]);
            if (rt->methods & HTTP_POST)
                f(HTTP_POST, path, langs[i]);
            n++;
        }
    }
    return n;
}

static void anonymous_visit(unsigned method, const char *path, const char *lang)
{
    struct http_resp r;
    char login[32];

    if (method == HTTP_GET) {
        r = http_get_as(&srv, path, NULL);
        snprintf(login, sizeof(login), "/%s/login?next=", lang);
        if (r.status != 303 || !http_location_starts(&r, login)) {
            fprintf(stderr, "\n  anonymous GET %s: %d\n", path, r.status);
            CU_FAIL("anonymous GET of an admin page is not a 303 to sign in");
        }
    } else {
        r = http_post_as(&srv, path, NULL, "role_admin=1");
        if (r.status != 403) {
            fprintf(stderr, "\n  anonymous POST %s: %d\n", path, r.status);
            CU_FAIL("anonymous POST to an admin page is not a 403");
        }
    }
    http_resp_free(&r);
}

static const struct fx_session *visitor;

/* Not an admin: 403 for everything, with a valid CSRF token and a body that
 * would make the target an admin and disable them if it got through. */
static void staff_visit(unsigned method, const char *path, const char *lang)
{
    struct http_resp r;

    (void)lang;
    if (method == HTTP_GET)
        r = http_get_as(&srv, path, visitor);
    else
        r = http_post_as(&srv, path, visitor, "role_learner=1&role_admin=1");
    if (r.status != 403) {
        fprintf(stderr, "\n  %s %s as user %lld: %d\n", method == HTTP_GET ? "GET" : "POST", path,
                visitor->user_id, r.status);
        CU_FAIL("a signed-in non-admin was not refused with 403");
    }
    http_resp_free(&r);
}

static void admin_visit(unsigned method, const char *path, const char *lang)
{
    struct http_resp r;

    (void)lang;
    if (method != HTTP_GET)
        return; /* the POSTs change things; test_users.c covers them */
    r = http_get_as(&srv, path, &admin);
    if (r.status != 200) {
        fprintf(stderr, "\n  admin GET %s: %d\n", path, r.status);
        CU_FAIL("an admin cannot open an admin page");
    }
    http_resp_free(&r);
}

static void guards__anonymous_is_sent_to_sign_in(void)
{
    CU_ASSERT(each_admin_route(anonymous_visit) >= 2 * 8);
}

static void guards__learner_trainer_moderator_get_403_everywhere(void)
{
    const struct fx_session *who[] = { &learner, &trainer, &moderator };
    size_t i;

    for (i = 0; i < 3; i++) {
        visitor = who[i];
        CU_ASSERT(each_admin_route(staff_visit) > 0);
    }
    /* nothing got through */
    CU_ASSERT_EQUAL(fx_roles_of(target), ROLE_LEARNER);
    CU_ASSERT_EQUAL(fx_disabled(target), 0);
    CU_ASSERT_EQUAL(fx_audit_count("role_changed", 0, target, NULL), 0);
    CU_ASSERT_EQUAL(fx_audit_count("account_disabled", 0, target, NULL), 0);
    CU_ASSERT_EQUAL(fx_roles_of(learner.user_id), ROLE_LEARNER);
}

static void guards__learner_cannot_promote_themself(void)
{
    char path[96];
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/admin/users/%lld/roles", learner.user_id);
    r = http_post_as(&srv, path, &learner, "role_learner=1&role_admin=1");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_roles_of(learner.user_id), ROLE_LEARNER);
    r = http_get_as(&srv, "/en/admin", &learner);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
}

static void guards__admin_gets_every_page(void)
{
    CU_ASSERT(each_admin_route(admin_visit) > 0);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "guards__anonymous_is_sent_to_sign_in", guards__anonymous_is_sent_to_sign_in },
        { "guards__learner_trainer_moderator_get_403_everywhere",
          guards__learner_trainer_moderator_get_403_everywhere },
        { "guards__learner_cannot_promote_themself", guards__learner_cannot_promote_themself },
        { "guards__admin_gets_every_page", guards__admin_gets_every_page },
        { NULL, NULL },
    };
    test_add_suite_with("integration/admin/guards", cases, start, stop);
}
