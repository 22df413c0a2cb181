/*
 * The admin course pages over HTTP: the list in each language's order with
 * search and status filters, one course's enrolments by status, organisation
 * and cohort, publishing and unpublishing (audited, and the catalogue's
 * published flag really changes), and the refusals: a learner gets 403, a
 * POST without the CSRF token changes nothing, an unknown slug is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session admin, learner;
static long long course_id, org_id;
static char slug[96];

/* An enrolment in state status for a new user of organisation org (0: none). */
static void enrol(const char *who, long long org, enum fx_enrol_status status)
{
    static const char *const set_org = "UPDATE users SET org_id = ? WHERE id = ?";
    long long uid = fx_user(who, "learner");

    CU_ASSERT_FATAL(uid > 0);
    if (org)
        CU_ASSERT_FATAL(db_exec(fx_dbh, set_org, "ll", org, uid) == DB_OK);
    CU_ASSERT_FATAL(fx_enrol(uid, course_id, 0, status, 0) > 0);
}

static int start(void)
{
    if (fx_init())
        return -1;
    if (fx_sign_in(fx_user(fx_name("Courses Admin"), "learner,admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Courses Learner"), "learner"), &learner))
        return -1;
    course_id =
        fx_course("gweinyddu", "Gweinyddu cyrsiau", "Administering courses", "classroom", 3, slug);
    org_id = fx_org("GWN");
    if (!course_id || org_id <= 0 || !fx_cohort(course_id, 10, 12, "cy"))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void list__search_finds_the_course_in_both_languages(void)
{
    char path[256];
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/admin/courses?q=%s", fx_tag);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Gweinyddu cyrsiau"));
    CU_ASSERT(http_body_has(&r, "1 cwrs")); /* a plural form: literal */
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/courses?q=%s&status=published", fx_tag);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Administering courses"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/admin/courses?q=%s&status=unpublished", fx_tag);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT(http_body_has(&r, "0 courses")); /* a plural form: literal */
    http_resp_free(&r);
    /* the catalogue's folded search: a mutated form of a word of the title */
    snprintf(path, sizeof(path), "/cy/admin/courses?q=weinyddu+%s", fx_tag);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT(http_body_has(&r, "Gweinyddu cyrsiau"));
    CU_ASSERT(http_body_has(&r, "1 cwrs")); /* a plural form: literal */
    http_resp_free(&r);
    /* and the slug, exactly */
    snprintf(path, sizeof(path), "/en/admin/courses?q=%s", slug);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT(http_body_has(&r, "Administering courses"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/admin/courses?status=maybe", &admin);
    CU_ASSERT_EQUAL(r.status, 400);
    http_resp_free(&r);
}

static void course__enrolments_by_status_and_organisation(void)
{
    char path[256], who[96];
    struct http_resp r;
    int i;

    for (i = 0; i < 3; i++) {
        snprintf(who, sizeof(who), "Gwynedd learner %d %s", i, fx_tag);
        enrol(who, org_id, i == 2 ? FX_COMPLETED : FX_ENROLLED);
    }
    snprintf(who, sizeof(who), "Waiting learner %s", fx_tag);
    enrol(who, 0, FX_WAITLISTED);
    snprintf(path, sizeof(path), "/en/admin/courses/%s", slug);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Gwynedd Council"));
    CU_ASSERT(http_body_has(&r, "<td class=\"table__num\">2</td>"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "admin.courses.no_org")));
    CU_ASSERT(http_body_has(&r, "0 / 12"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/admin/courses/%s", slug);
    r = http_get_as(&srv, path, &admin);
    CU_ASSERT(http_body_has(&r, "Cyngor Sir Gwynedd"));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "admin.courses.no_org")));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/admin/enrolments", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Cyngor Sir Gwynedd"));
    http_resp_free(&r);
}

static long long published(void)
{
    return fx_num_l("SELECT published FROM courses WHERE id = ?", course_id);
}

static void publish__unpublish_and_back_audited(void)
{
    char path[256], *loc;
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/admin/courses/%s/unpublish", slug);
    r = http_post_without_csrf(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(published(), 1);

    r = http_post_as(&srv, path, &learner, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(published(), 1);

    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_starts(&r, "/en/admin/courses/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(published(), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM audit_log WHERE event = 'course_unpublished' "
                             "AND actor_id = ?",
                             admin.user_id),
                    1);

    /* twice is no change and no second audit row */
    r = http_post_as(&srv, path, &admin, "");
    loc = http_header(&r, "Location");
    CU_ASSERT(loc && strstr(loc, "?done=unchanged"));
    free(loc);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM audit_log WHERE event = 'course_unpublished' "
                             "AND actor_id = ?",
                             admin.user_id),
                    1);

    snprintf(path, sizeof(path), "/cy/admin/courses/%s/publish", slug);
    r = http_post_as(&srv, path, &admin, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(published(), 1);
}

static void refusals__learner_and_unknown(void)
{
    struct http_resp r = http_get_as(&srv, "/en/admin/courses", &learner);

    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/admin/courses/no-such-course-at-all", &admin);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_post_as(&srv, "/en/admin/courses/no-such-course-at-all/publish", &admin, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "list__search_finds_the_course_in_both_languages",
          list__search_finds_the_course_in_both_languages },
        { "course__enrolments_by_status_and_organisation",
          course__enrolments_by_status_and_organisation },
        { "publish__unpublish_and_back_audited", publish__unpublish_and_back_audited },
        { "refusals__learner_and_unknown", refusals__learner_and_unknown },
        { NULL, NULL },
    };

    test_add_suite_with("admin_courses", cases, start, stop);
}
