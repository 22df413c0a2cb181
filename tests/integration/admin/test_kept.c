/*
 * The admin pages' data kept in memory (admin/kept.h, issue 22), with the
 * session cache on as in production: a repeated GET of the home, users,
 * courses, enrolments and audit pages costs no database round trip, and yet
 * every change this server makes shows on the very next page, to every
 * admin: a person registering (users list, audit log), a person signing in
 * (audit log: any audited event, whoever makes it), a role change and a
 * disabling by one admin seen by another and by themself, and a learner
 * enrolling (the course's count, the enrolments by organisation). The pages
 * are rendered once (app/page_kept.h page_kept_shared()): the home, lists
 * and log for every admin, a person's page for each admin who reads it,
 * with every reader's own csrf token in each of its forms; a page with
 * problems is never kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session one, two; /* two admins */
static char two_name[96];

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };

    if (harness_start(&srv, env)) /* fx_init() too */
        return -1;
    snprintf(two_name, sizeof(two_name), "%s", fx_name("Kept Admin Two"));
    return fx_sign_in(fx_user(fx_name("Kept Admin One"), "learner,admin"), &one) ||
                   fx_sign_in(fx_user(two_name, "learner,admin"), &two)
               ? -1
               : 0;
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* Read path as s once nothing has changed for 0.5 s (admin/kept.h: a touch
 * settles), so that the page is kept: then it costs no round trip. */
static void keep(const struct fx_session *s, const char *path, const char *pattern)
{
    test_sleep_ms(600);
    trips_as(&srv, s, path, pattern);
    CU_ASSERT_EQUAL(trips_least_as(&srv, s, path, pattern), 0);
}

static void kept__repeated_gets_cost_no_round_trip(void)
{
    static const char *const pages[][2] = {
        { "/cy/admin", "/admin" },
        { "/cy/admin/users", "/admin/users" },
        { "/cy/admin/users?q=kept&role=admin&status=active&page=1", "/admin/users" },
        { "/cy/admin/courses", "/admin/courses" },
        { "/cy/admin/courses?status=published", "/admin/courses" },
        { "/cy/admin/enrolments", "/admin/enrolments" },
        { "/cy/admin/audit", "/admin/audit" },
        { "/cy/admin/audit?event=login", "/admin/audit" },
    };
    size_t i;

    for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        keep(&one, pages[i][0], pages[i][1]);
        /* one copy for every admin: the other's first read is kept too */
        CU_ASSERT_EQUAL(trips_least_as(&srv, &two, pages[i][0], pages[i][1]), 0);
    }
    /* in the other language it is another page */
    CU_ASSERT(trips_as(&srv, &one, "/en/admin/enrolments", "/admin/enrolments") > 0);
}

/* The per-request parts are the reader's: each admin's own name in the
 * header, and their own CSRF token in the sign-out form, on a kept page. */
static void kept__the_header_is_the_readers_own(void)
{
    struct http_resp r;

    keep(&one, "/en/admin/users", "/admin/users");
    r = http_get_as(&srv, "/en/admin/users", &two);
    CU_ASSERT(r.status == 200);
    CU_ASSERT(http_body_has(&r, two_name));
    CU_ASSERT(http_body_has(&r, two.csrf));
    CU_ASSERT(!http_body_has(&r, one.csrf));
    http_resp_free(&r);
}

static void kept__a_registration_shows_at_once(void)
{
    struct browser b;
    const char *name = fx_name("Cofrestru Kept");
    char users[256], row[128];

    snprintf(users, sizeof(users), "/en/admin/users?q=%s", http_enc(name));
    snprintf(row, sizeof(row), ">%s</a>", name); /* a row, not the search box */
    keep(&one, users, "/admin/users");
    keep(&one, "/en/admin/audit?event=registered", "/admin/audit");
    CU_ASSERT(!shows_as(&srv, &one, users, row));
    browser_init(&b, &srv, 1);
    CU_ASSERT_FATAL(browser_register(&b, "en", name, fx_email("kept-register"), TEST_PASSWORD));
    /* on the very next page, the users list and the audit log */
    CU_ASSERT(shows_as(&srv, &one, users, row));
    CU_ASSERT(shows_as(&srv, &one, "/en/admin/audit?event=registered", name));
}

/* An audited event made by anyone (here a sign-in) is in the log at once:
 * every audit_write moves the admin pages' generation. */
static void kept__a_sign_in_is_in_the_audit_log_at_once(void)
{
    struct browser b, again;
    const char *name = fx_name("Mewngofnodi Kept");
    const char *email = fx_email("kept-signin");
    struct http_resp r;

    browser_init(&b, &srv, 2);
    CU_ASSERT_FATAL(browser_register(&b, "en", name, email, TEST_PASSWORD));
    keep(&one, "/en/admin/audit?event=login", "/admin/audit");
    CU_ASSERT(!shows_as(&srv, &one, "/en/admin/audit?event=login", name));
    browser_init(&again, &srv, 3);
    r = browser_sign_in(&again, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_as(&srv, &one, "/en/admin/audit?event=login", name));
}

static void kept__one_admins_change_shows_to_the_other_at_once(void)
{
    struct fx_session l;
    char trainers[256], disabled[256], path[128], row[128];
    const char *name = fx_name("Hyfforddwr Kept");
    struct http_resp r;

    fx_sign_in(fx_user(name, "learner"), &l);
    snprintf(row, sizeof(row), ">%s</a>", name); /* a row, not the search box */
    snprintf(trainers, sizeof(trainers), "/en/admin/users?q=%s&role=trainer", http_enc(name));
    snprintf(disabled, sizeof(disabled), "/en/admin/users?q=%s&status=disabled", http_enc(name));
    keep(&two, trainers, "/admin/users");
    keep(&one, disabled, "/admin/users");
    keep(&two, "/en/admin/audit?event=role_changed", "/admin/audit");
    CU_ASSERT(!shows_as(&srv, &two, trainers, row));
    /* admin one makes them a trainer: admin two sees it on their next page */
    snprintf(path, sizeof(path), "/en/admin/users/%lld/roles", l.user_id);
    r = http_post_as(&srv, path, &one, "role_learner=1&role_trainer=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_as(&srv, &two, trainers, row));
    CU_ASSERT(shows_as(&srv, &two, "/en/admin/audit?event=role_changed", name));
    /* admin one disables them: their own next page says so */
    CU_ASSERT(!shows_as(&srv, &one, disabled, row));
    snprintf(path, sizeof(path), "/en/admin/users/%lld/disable", l.user_id);
    r = http_post_as(&srv, path, &one, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_as(&srv, &one, disabled, row));
}

static void kept__an_enrolment_shows_at_once(void)
{
    struct browser b;
    char slug[96], course[160], action[200], courses[200], want[64];
    struct http_resp r;
    long long id;

    browser_new_account(&b, &srv, 4, "kept-enrol");
    id = fx_course_elearning("keptenrol", 2, slug);
    CU_ASSERT_FATAL(id > 0);
    snprintf(courses, sizeof(courses), "/en/admin/courses?q=%s", slug);
    keep(&one, courses, "/admin/courses");
    keep(&one, "/en/admin/enrolments", "/admin/enrolments");
    CU_ASSERT(shows_as(&srv, &one, courses, "<td class=\"table__num\">0</td>"));
    snprintf(course, sizeof(course), "/en/courses/%s", slug);
    snprintf(action, sizeof(action), "%s/enrol", course);
    r = browser_submit(&b, course, action, "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_enrolled_count(id), 1);
    snprintf(want, sizeof(want), "<td class=\"table__num\">%d</td>", 1);
    CU_ASSERT(shows_as(&srv, &one, courses, want));
    /* the enrolments page was read again (not the kept copy) */
    CU_ASSERT(trips_as(&srv, &one, "/en/admin/enrolments", "/admin/enrolments") > 0);
}

/* A page with problems is rendered for its request alone, never kept: an
 * unknown event (400, its error summary each time), a page past the end
 * (404), a person who is not there (404). */
static void kept__errors_are_never_kept(void)
{
    static const char *const pages[][2] = {
        { "/en/admin/audit?event=no_such_event", "400" }, { "/en/admin/courses?page=99999", "404" },
        { "/en/admin/courses?status=neither", "400" },    { "/en/admin/users/999999999", "404" },
        { "/en/admin/audit?user=999999999", "404" },
    };
    struct http_resp r;
    size_t i;
    int n;

    for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
        for (n = 0; n < 2; n++) {
            r = http_get_as(&srv, pages[i][0], n ? &two : &one);
            CU_ASSERT_EQUAL(r.status, atoi(pages[i][1]));
            if (i == 0)
                CU_ASSERT(http_body_has(&r, "error-summary"));
            http_resp_free(&r);
        }
}

/* The csrf fields of a page: how many there are and how many carry token. */
static void csrf_fields(const struct http_resp *r, const char *token, int *all, int *mine)
{
    static const char field[] = "name=\"csrf\" value=\"";
    const char *p = r->body;
    size_t tl = strlen(token);

    *all = *mine = 0;
    while (p && (p = strstr(p, field))) {
        p += sizeof(field) - 1;
        (*all)++;
        if (!strncmp(p, token, tl) && p[tl] == '"')
            (*mine)++;
    }
}

/* GET path as s: 1 when every csrf field on the page (at least want of
 * them) is s's own token and no other's is there. */
static int every_csrf_is(const struct fx_session *s, const char *path, int want,
                         const struct fx_session *other)
{
    struct http_resp r = http_get_as(&srv, path, s);
    int all, mine, ok;

    csrf_fields(&r, s->csrf, &all, &mine);
    ok = r.status == 200 && all >= want && mine == all && !http_body_has(&r, other->csrf);
    http_resp_free(&r);
    return ok;
}

/* POST body to path as s with the csrf token of the form on path's page as
 * s reads it (not the fixture's): the status. */
static int post_from_page(const struct fx_session *s, const char *path, const char *action,
                          const char *body)
{
    struct http_resp page = http_get_as(&srv, path, s), r;
    char form[256];
    int status;

    snprintf(form, sizeof(form), "csrf=%s&%s", http_form_csrf(&page), body);
    http_resp_free(&page);
    r = http_post_without_csrf(&srv, action, s, form);
    status = r.status;
    http_resp_free(&r);
    return status;
}

/*
 * A person's page kept once for each admin (page_kept_shared(), scope the
 * reader) with four forms in it (roles, disable, sessions, the header's
 * sign-out): every csrf field carries the reader's own session's token, in
 * a second session of the same admin too (the same kept copy: no round
 * trip), and the forms post from it (303); a token from another admin's
 * page is refused (403). Both admins' changes show on the next page.
 */
static void kept__a_shared_page_has_each_readers_csrf_in_every_form(void)
{
    static const char one_session[] = "<dd class=\"summary-list__value\">1</dd>";
    static const char no_session[] = "<dd class=\"summary-list__value\">0</dd>";
    static const char trainer[] = "<span class=\"tag\">Trainer</span>";
    struct fx_session l, again;
    char path[128], sessions[160], roles[160], forged[128];
    long long id = fx_user(fx_name("Ffurflen Kept"), "learner");
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0 && !fx_sign_in(id, &l) && !fx_sign_in(one.user_id, &again));
    snprintf(path, sizeof(path), "/en/admin/users/%lld", id);
    snprintf(sessions, sizeof(sessions), "%s/sessions", path);
    snprintf(roles, sizeof(roles), "%s/roles", path);
    keep(&one, path, "/admin/users/{id}");
    CU_ASSERT(every_csrf_is(&one, path, 4, &two));
    /* the same admin in another browser: the copy is theirs, the tokens are not */
    CU_ASSERT_EQUAL(trips_least_as(&srv, &again, path, "/admin/users/{id}"), 0);
    CU_ASSERT(every_csrf_is(&again, path, 4, &one));
    CU_ASSERT(every_csrf_is(&one, path, 4, &again));
    /* another admin has a copy of their own ("this is you" is the reader's) */
    CU_ASSERT(trips_as(&srv, &two, path, "/admin/users/{id}") > 0);
    CU_ASSERT(every_csrf_is(&two, path, 4, &one));
    /* a token from one admin's page is no good in the other's session */
    r = http_get_as(&srv, path, &one);
    snprintf(forged, sizeof(forged), "csrf=%s&x=1", http_form_csrf(&r));
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, sessions, &two, forged);
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    /* the second browser's form ends the person's sessions: its next page says 0 */
    CU_ASSERT(shows_as(&srv, &again, path, one_session));
    CU_ASSERT_EQUAL(post_from_page(&again, path, sessions, "x=1"), 303);
    CU_ASSERT(shows_as(&srv, &again, path, no_session));
    CU_ASSERT(shows_as(&srv, &one, path, no_session));
    /* the other admin's roles form: the first admin sees the new role at once */
    keep(&one, path, "/admin/users/{id}");
    CU_ASSERT(!shows_as(&srv, &one, path, trainer));
    CU_ASSERT_EQUAL(post_from_page(&two, path, roles, "role_learner=1&role_trainer=1"), 303);
    CU_ASSERT(shows_as(&srv, &one, path, trainer));
    CU_ASSERT(every_csrf_is(&one, path, 4, &two));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__repeated_gets_cost_no_round_trip", kept__repeated_gets_cost_no_round_trip },
        { "kept__the_header_is_the_readers_own", kept__the_header_is_the_readers_own },
        { "kept__a_registration_shows_at_once", kept__a_registration_shows_at_once },
        { "kept__a_sign_in_is_in_the_audit_log_at_once",
          kept__a_sign_in_is_in_the_audit_log_at_once },
        { "kept__one_admins_change_shows_to_the_other_at_once",
          kept__one_admins_change_shows_to_the_other_at_once },
        { "kept__an_enrolment_shows_at_once", kept__an_enrolment_shows_at_once },
        { "kept__errors_are_never_kept", kept__errors_are_never_kept },
        { "kept__a_shared_page_has_each_readers_csrf_in_every_form",
          kept__a_shared_page_has_each_readers_csrf_in_every_form },
        { NULL, NULL },
    };
    test_add_suite_with("admin/kept", cases, start, stop);
}
