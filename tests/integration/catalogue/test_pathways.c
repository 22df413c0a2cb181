/*
 * Learning pathways over HTTP: the list with each pathway's published
 * courses counted; one pathway with its courses in order; for a signed-in
 * learner each course's standing from their own enrolments (not started,
 * in progress N%, completed, waiting list) and "N of M courses complete";
 * nobody else's enrolments shown; unpublished or unknown pathways are 404.
 * Counts ("3 chwrs", "1 of 3 courses complete") are CLDR plural forms: the
 * behaviour, so literal; the rest of the text comes from locale keys.
 */
#include <stdlib.h>

#include "harness.h"

static struct server srv;
static char pathway[96], hidden_pathway[96];
static long long course_id[4];
static struct fx_session learner, other;

static int start(void)
{
    static const char *const titles[4][2] = {
        { "Cam cyntaf", "First step" },
        { "Ail gam", "Second step" },
        { "Trydydd cam", "Third step" },
        { "Cam cudd", "Hidden step" },
    };
    char slug[96];
    long long p, hp;
    int i;

    if (fx_init())
        return -1;
    for (i = 0; i < 4; i++) {
        char s[16];

        snprintf(s, sizeof(s), "llwybr-%d", i);
        course_id[i] = fx_course(s, titles[i][0], titles[i][1], "e-learning", 4, slug);
        if (!course_id[i])
            return -1;
    }
    p = fx_pathway("llwybr", "Llwybr prawf", "Test pathway", 1, pathway);
    hp = fx_pathway("llwybr-cudd", "Llwybr cudd", "Hidden pathway", 0, hidden_pathway);
    /* the order on the page is the pathway's, not the titles' */
    if (!p || !hp || fx_pathway_step(p, 1, course_id[2]) || fx_pathway_step(p, 2, course_id[0]) ||
        fx_pathway_step(p, 3, course_id[3]) || fx_pathway_step(p, 4, course_id[1]) ||
        fx_pathway_step(hp, 1, course_id[0]))
        return -1;
    if (fx_exec_l("UPDATE courses SET published = 0 WHERE id = ?", course_id[3]) != 1)
        return -1;
    if (fx_sign_in(fx_user(fx_name("Dysgwr llwybr"), "learner"), &learner) ||
        fx_sign_in(fx_user(fx_name("Dysgwr arall"), "learner"), &other))
        return -1;
    /* the learner: third step done, first step 1 of 4 lessons; the other
     * learner has finished everything (and must not show through) */
    if (!fx_enrol(learner.user_id, course_id[2], 0, FX_COMPLETED, 4) ||
        !fx_enrol(learner.user_id, course_id[0], 0, FX_ENROLLED, 1) ||
        !fx_enrol(other.user_id, course_id[0], 0, FX_COMPLETED, 4) ||
        !fx_enrol(other.user_id, course_id[1], 0, FX_COMPLETED, 4) ||
        !fx_enrol(other.user_id, course_id[2], 0, FX_WAITLISTED, 0))
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void pathways__list_counts_published_courses(void)
{
    char want[160], href[160];
    const char *card;
    struct http_resp r = http_get_as(&srv, "/cy/pathways", NULL);

    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "Llwybr prawf %s", fx_tag);
    CU_ASSERT(http_body_has(&r, want));
    snprintf(href, sizeof(href), "href=\"/cy/pathways/%s\"", pathway);
    CU_ASSERT(http_body_has(&r, href));
    /* three published courses of four: "3 chwrs", in the pathway's own card */
    CU_ASSERT_FATAL(http_pos(&r, want) > 0);
    card = strstr(r.body + http_pos(&r, want), "card__meta");
    CU_ASSERT(card && !strncmp(card, "card__meta\">3 chwrs<", strlen("card__meta\">3 chwrs<")));
    snprintf(want, sizeof(want), "Llwybr cudd %s", fx_tag);
    CU_ASSERT(!http_body_has(&r, want));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/pathways", NULL);
    snprintf(want, sizeof(want), "Test pathway %s", fx_tag);
    CU_ASSERT(r.status == 200 && http_body_has(&r, want));
    CU_ASSERT(http_body_has(&r, "3 courses"));
    http_resp_free(&r);
    /* the catalogue links to the pathways */
    r = http_get_as(&srv, "/cy/courses", NULL);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/pathways\""));
    http_resp_free(&r);
}

static void pathway__anonymous_sees_the_courses_in_order(void)
{
    char path[160], t[3][96], login[256];
    struct http_resp r;
    int i;
    static const char *const en[] = { "Third step", "First step", "Second step" };

    snprintf(path, sizeof(path), "/en/pathways/%s", pathway);
    r = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    for (i = 0; i < 3; i++)
        snprintf(t[i], sizeof(t[i]), ">%s %s<", en[i], fx_tag);
    CU_ASSERT(http_pos(&r, t[0]) > 0 && http_pos(&r, t[0]) < http_pos(&r, t[1]));
    CU_ASSERT(http_pos(&r, t[1]) < http_pos(&r, t[2]));
    CU_ASSERT(!http_body_has(&r, "Hidden step"));
    CU_ASSERT(http_body_has(&r, "Pathway summary") && http_body_has(&r, "Content designers"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "courses.level.awareness")));
    CU_ASSERT(http_body_has(&r, "1 hour")); /* a duration's plural form: literal */
    /* no standing without signing in, and a way to sign in that comes back */
    CU_ASSERT(!http_body_has(&r, loc_text("en", "pathways.status.not_started")));
    CU_ASSERT(!http_body_has(&r, "pathway-progress"));
    snprintf(login, sizeof(login), "href=\"/en/login?next=%%2Fen%%2Fpathways%%2F%s\"", pathway);
    CU_ASSERT(http_body_has(&r, login));
    http_resp_free(&r);
}

static void pathway__signed_in_learner_sees_their_progress(void)
{
    char path[160];
    long done, going;
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/pathways/%s", pathway);
    r = http_get_as(&srv, path, &learner);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    /* the count is a plural form with its mutation (3 chwrs): literal */
    CU_ASSERT(http_body_has(&r, "Rydych wedi cwblhau 1 o&#39;r 3 chwrs"));
    /* in the pathway's order: completed, 25 %, not started */
    done = http_pos(&r, loc_text("cy", "pathways.status.completed"));
    going = http_pos(&r, loc_textf("cy", "pathways.status.in_progress", "percent", "25", NULL));
    CU_ASSERT(done > 0 && done < going);
    CU_ASSERT(going < http_pos(&r, loc_text("cy", "pathways.status.not_started")));
    CU_ASSERT(http_body_has(&r, "<progress max=\"3\" value=\"1\""));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/en/pathways/%s", pathway);
    r = http_get_as(&srv, path, &learner);
    CU_ASSERT(http_body_has(&r, "1 of 3 courses complete"));
    CU_ASSERT(
        http_body_has(&r, loc_textf("en", "pathways.status.in_progress", "percent", "25", NULL)));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "pathways.status.waitlisted")));
    http_resp_free(&r);
}

static void pathway__shows_only_the_readers_own_enrolments(void)
{
    char path[160];
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/pathways/%s", pathway);
    r = http_get_as(&srv, path, &other);
    CU_ASSERT_EQUAL_FATAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "2 of 3 courses complete"));
    CU_ASSERT(http_body_has(&r, loc_text("en", "pathways.status.waitlisted")));
    CU_ASSERT(!http_body_has(&r, loc_prefix("en", "pathways.status.in_progress", NULL)));
    http_resp_free(&r);
}

static void pathway__unknown_or_unpublished_is_404(void)
{
    char path[160];
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/pathways/%s", hidden_pathway);
    r = http_get_as(&srv, path, &learner);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/pathways/dim-llwybr-fel-hyn", NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/pathways/Not_A_Slug", NULL);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
}

static void pathways__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
    CU_ASSERT(!server_log_has(&srv, learner.token));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "pathways__list_counts_published_courses", pathways__list_counts_published_courses },
        { "pathway__anonymous_sees_the_courses_in_order",
          pathway__anonymous_sees_the_courses_in_order },
        { "pathway__signed_in_learner_sees_their_progress",
          pathway__signed_in_learner_sees_their_progress },
        { "pathway__shows_only_the_readers_own_enrolments",
          pathway__shows_only_the_readers_own_enrolments },
        { "pathway__unknown_or_unpublished_is_404", pathway__unknown_or_unpublished_is_404 },
        { "pathways__log_has_no_errors", pathways__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/catalogue/pathways", cases, start, stop);
}
