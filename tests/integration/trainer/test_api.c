/*
 * The cohort progress API with a personal API token (issue 20, docs/api.md
 * "Authentication", "Cohort progress"): tokens made on the account page
 * (shown once, stored hashed, at most ten live, made only after the
 * password was confirmed lately), the bearer header as the only way in (no
 * token, a bad one, a cookie: 401 with WWW-Authenticate), the same figures
 * as the cohort's page, trainer isolation (another trainer's cohort, a
 * made-up id, a learner's token: 404), revoking, and an owner demoted or
 * disabled losing access at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TOKEN_LEN 53                   /* "dysgu_pat_" + 43 */
#define SHOWN     "value=\"dysgu_pat_" /* the new token's field (the page names the prefix too) */

static struct server srv;
static struct fx_session mine, other, learner, gone, stale;
static long long course, cohort, theirs, e_ahead, e_idle;
static char slug[96], progress[128];

static int start(void)
{
    long long t, o;

    if (fx_init())
        return -1;
    course = fx_course("api", "API", "API", "blended", 4, slug);
    cohort = course ? fx_cohort(course, 30, 50, "both") : 0;
    theirs = course ? fx_cohort(course, 40, 50, "both") : 0;
    t = fx_user(fx_name("Trainer"), "trainer");
    o = fx_user(fx_name("Other"), "trainer");
    if (!cohort || !theirs || !t || !o || fx_sign_in(t, &mine) || fx_sign_in(o, &other) ||
        fx_sign_in(fx_user(fx_name("Learner"), "learner"), &learner) ||
        fx_sign_in(fx_user(fx_name("Demoted"), "trainer"), &gone) ||
        fx_sign_in(fx_user(fx_name("Stale"), "trainer"), &stale))
        return -1;
    if (fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", t), cohort) != 1 ||
        fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", o), theirs) != 1 ||
        fx_exec_sl("INSERT INTO cohort_trainers (user_id, cohort_id) SELECT u.id, c.id FROM users "
                   "u, cohorts c WHERE u.id = CAST(? AS UNSIGNED) AND c.id = ?",
                   arena_printf(&fx_mem, "%lld", gone.user_id), cohort) != 1)
        return -1;
    e_ahead = fx_enrol(fx_user(fx_name("Ahead Alys"), "learner"), course, cohort, FX_ENROLLED, 3);
    e_idle = fx_enrol(fx_user(fx_name("Idle Ifan"), "learner"), course, cohort, FX_ENROLLED, 0);
    snprintf(progress, sizeof(progress), "/api/v1/cohorts/%lld/progress", cohort);
    return e_ahead && e_idle ? server_start(&srv, NULL) : -1;
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A token made on the tokens page by s, named name: malloc'd (NULL when the
 * page did not show one; the test fails). */
static char *make_token(const struct fx_session *s, const char *name)
{
    struct http_resp r = http_post_as(&srv, "/en/account/tokens", s,
                                      arena_printf(&fx_mem, "name=%s", http_enc(name)));
    long at = http_pos(&r, SHOWN);
    char *tok = NULL;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Cache-Control", "no-store"));
    if (at >= 0 && r.body_len >= (size_t)at + 7 + TOKEN_LEN) {
        tok = strndup(r.body + at + 7, TOKEN_LEN);
        /* shown once, in full: the next character ends the value */
        CU_ASSERT_EQUAL(r.body[at + 7 + TOKEN_LEN], '"');
    }
    CU_ASSERT_PTR_NOT_NULL(tok);
    http_resp_free(&r);
    return tok;
}

/* GET path with header (a whole line, or NULL); the body as JSON. */
static json_t *get_with(const char *path, const char *header, struct http_resp *r)
{
    memset(r, 0, sizeof(*r));
    if (http_get(&srv, path, header, r))
        return NULL;
    return json_loadb(r->body ? r->body : "", r->body_len, 0, NULL);
}

static json_t *get_as(const char *tok, const char *path, struct http_resp *r)
{
    return get_with(path, arena_printf(&fx_mem, "Authorization: Bearer %s\r\n", tok), r);
}

/* The answer is a JSON error with status (and for 401 the challenge). */
static void is_error(const struct http_resp *r, json_t *doc, int status)
{
    CU_ASSERT_EQUAL(r->status, status);
    CU_ASSERT(http_header_is(r, "Content-Type", "application/json"));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(doc, "error"), "status")),
                    status);
    if (status == 401)
        CU_ASSERT(http_header_is(r, "WWW-Authenticate", "Bearer realm=\"dysgu\""));
}

static int status_as(const char *tok, const char *path)
{
    struct http_resp r;
    json_t *doc = get_as(tok, path, &r);
    int st = r.status;

    if (st != 200)
        is_error(&r, doc, st);
    json_decref(doc);
    http_resp_free(&r);
    return st;
}

static void api__no_or_bad_token_is_401(void)
{
    static const char *const bad[] = {
        "Authorization: Bearer nonsense\r\n",
        "Authorization: Bearer dysgu_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
        "Authorization: Bearer dysgu_pat_!!!!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
        "Authorization: Basic dHJhaW5lcjpwYXNz\r\n",
        "Authorization: Bearer\r\n",
    };
    struct http_resp r;
    json_t *doc = get_with(progress, NULL, &r);
    size_t i;

    is_error(&r, doc, 401);
    json_decref(doc);
    http_resp_free(&r);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        doc = get_with(progress, bad[i], &r);
        is_error(&r, doc, 401);
        json_decref(doc);
        http_resp_free(&r);
    }
    /* a signed-in trainer's cookie is not a token */
    doc = get_with(progress, mine.cookie, &r);
    is_error(&r, doc, 401);
    json_decref(doc);
    http_resp_free(&r);
}

static json_t *learner_of(json_t *doc, long long enrolment)
{
    json_t *l;
    size_t i;

    json_array_foreach(json_object_get(doc, "learners"), i,
                       l) if (json_integer_value(json_object_get(l, "enrolment_id")) ==
                              enrolment) return l;
    return NULL;
}

/* The audit rows of mine reading the cohort through the API. */
static long long exports(void)
{
    return fx_num_ls("SELECT COUNT(*) FROM audit_log WHERE event = 'cohort_exported' AND "
                     "actor_id = ? AND detail = ?",
                     mine.user_id, arena_printf(&fx_mem, "cohort %lld (API)", cohort));
}

static void api__own_cohort_has_the_figures(void)
{
    char *tok = make_token(&mine, "Adroddiad ŵ");
    struct http_resp r;
    json_t *doc, *a, *i;
    long long audited = exports();

    CU_ASSERT_FATAL(tok != NULL);
    doc = get_as(tok, progress, &r);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_header_is(&r, "Cache-Control", "private, no-store"));
    {
        char *sid = http_set_cookie(&r, "sid"); /* no session is made or touched */

        CU_ASSERT_PTR_NULL(sid);
        free(sid);
    }
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(doc, "cohort"), "id")),
                    cohort);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 2);
    a = learner_of(doc, e_ahead);
    i = learner_of(doc, e_idle);
    CU_ASSERT_FATAL(a && i);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(a, "lessons_done")), 3);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(a, "progress")), 75);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(i, "lessons_done")), 0);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(i, "progress")), 0);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(a, "name")), fx_name("Ahead Alys"));
    json_decref(doc);
    http_resp_free(&r);
    /* the cohort page's filters apply, and one not understood is a JSON 400 */
    doc = get_as(tok, arena_printf(&fx_mem, "%s?progress=75-100", progress), &r);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(doc, "total")), 1);
    json_decref(doc);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_as(tok, arena_printf(&fx_mem, "%s?sort=shoe", progress)), 400);
    /* audited like the CSV; used: last_used_at set; stored only as a hash */
    CU_ASSERT_EQUAL(exports(), audited + 2);
    CU_ASSERT_EQUAL(fx_num_ls("SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND name = ? AND "
                              "last_used_at IS NOT NULL AND revoked_at IS NULL",
                              mine.user_id, "Adroddiad ŵ"),
                    1);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", tok), 0);
    CU_ASSERT_EQUAL(fx_num_s("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", tok + 10), 0);
    CU_ASSERT_EQUAL(
        fx_num_s("SELECT COUNT(*) FROM audit_log WHERE LOCATE(CAST(? AS CHAR), detail)", tok + 10),
        0);
    CU_ASSERT_EQUAL(fx_audit_count("api_token_created", mine.user_id, mine.user_id, NULL), 1);
    free(tok);
}

static void api__isolation_is_404(void)
{
    char *tok = make_token(&mine, "isolation");
    char *lt = make_token(&other, "a learner's, later");

    CU_ASSERT_FATAL(tok && lt);
    CU_ASSERT_EQUAL(status_as(tok, arena_printf(&fx_mem, "/api/v1/cohorts/%lld/progress", theirs)),
                    404);
    CU_ASSERT_EQUAL(status_as(tok, "/api/v1/cohorts/999999999/progress"), 404);
    CU_ASSERT_EQUAL(status_as(lt, progress), 404); /* other runs another cohort */
    /* a learner's token (no trainer role): the same 404, not a 403 */
    CU_ASSERT_EQUAL(fx_exec_sl("UPDATE api_tokens SET user_id = CAST(? AS UNSIGNED) WHERE name = "
                               "'a learner''s, later' AND user_id = ?",
                               arena_printf(&fx_mem, "%lld", learner.user_id), other.user_id),
                    1);
    CU_ASSERT_EQUAL(status_as(lt, progress), 404);
    CU_ASSERT_EQUAL(status_as(lt, arena_printf(&fx_mem, "/api/v1/cohorts/%lld/progress", theirs)),
                    404);
    free(tok);
    free(lt);
}

static void api__revoked_token_is_401(void)
{
    char *tok = make_token(&mine, "to revoke");
    long long id = fx_num_ls("SELECT id FROM api_tokens WHERE user_id = ? AND name = ?",
                             mine.user_id, "to revoke");
    const char *path = arena_printf(&fx_mem, "/en/account/tokens/%lld/revoke", id);
    struct http_resp r;

    CU_ASSERT_FATAL(tok != NULL && id > 0);
    CU_ASSERT_EQUAL(status_as(tok, progress), 200);
    /* someone else's token is "no such token" */
    r = http_post_as(&srv, path, &other, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_as(tok, progress), 200);
    r = http_post_as(&srv, path, &mine, "");
    CU_ASSERT(http_see_other(&r, "/en/account/tokens?saved=revoked"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(status_as(tok, progress), 401);
    r = http_post_as(&srv, path, &mine, "");
    CU_ASSERT_EQUAL(r.status, 404); /* revoked already */
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_audit_count("api_token_revoked", mine.user_id, mine.user_id,
                                   arena_printf(&fx_mem, "token %lld: to revoke", id)),
                    1);
    free(tok);
}

static void api__demoted_or_disabled_owner_loses_access(void)
{
    char *tok = make_token(&gone, "demoted");

    CU_ASSERT_FATAL(tok != NULL);
    CU_ASSERT_EQUAL(status_as(tok, progress), 200);
    fx_exec_l("DELETE FROM user_roles WHERE user_id = ? AND role = 'trainer'", gone.user_id);
    CU_ASSERT_EQUAL(status_as(tok, progress), 404);
    fx_exec_l("INSERT INTO user_roles (user_id, role) VALUES (?, 'trainer')", gone.user_id);
    CU_ASSERT_EQUAL(status_as(tok, progress), 200);
    fx_exec_l("UPDATE users SET disabled = 1 WHERE id = ?", gone.user_id);
    CU_ASSERT_EQUAL(status_as(tok, progress), 401);
    free(tok);
}

static void tokens__page_limits_and_bad_input(void)
{
    struct http_resp r;
    long long before;
    int i;

    r = http_get_as(&srv, "/cy/account/tokens", &mine);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Adroddiad ŵ"));
    CU_ASSERT(!http_body_has(&r, SHOWN)); /* never shown again */
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/account", &mine);
    CU_ASSERT(http_body_has(&r, "href=\"/cy/account/tokens\""));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/account", &learner);
    CU_ASSERT(!http_body_has(&r, "href=\"/cy/account/tokens\""));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/account/tokens", &learner), 403);
    /* no name, a name too long: 400, what was typed kept, nothing made */
    before = fx_num_l("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", mine.user_id);
    r = http_post_as(&srv, "/en/account/tokens", &mine, "name=+");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "accounts.tokens.errors.name_missing")));
    http_resp_free(&r);
    {
        char body[400] = "name=";

        memset(body + 5, 'x', 101);
        r = http_post_as(&srv, "/en/account/tokens", &mine, body);
        CU_ASSERT_EQUAL(r.status, 400);
        CU_ASSERT(http_body_has(&r, body + 5));
        CU_ASSERT(!http_body_has(&r, SHOWN));
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", mine.user_id),
                    before);
    /* at most ten live: the eleventh is refused with the form */
    for (i = (int)fx_num_l("SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS "
                           "NULL",
                           mine.user_id);
         i < 10; i++)
        free(make_token(&mine, arena_printf(&fx_mem, "filler %d", i)));
    r = http_post_as(&srv, "/cy/account/tokens", &mine, "name=un+gormod");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "un gormod"));
    CU_ASSERT(!http_body_has(&r, SHOWN));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS "
                             "NULL",
                             mine.user_id),
                    10);
}

static void tokens__making_one_needs_the_password_lately(void)
{
    struct http_resp r;

    fx_exec_l("UPDATE sessions SET reauth_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE user_id = ?",
              stale.user_id);
    r = http_post_as(&srv, "/en/account/tokens", &stale, "name=later");
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_starts(&r, "/en/account/confirm"));
    CU_ASSERT(!http_body_has(&r, SHOWN));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM api_tokens WHERE user_id = ?", stale.user_id),
                    0);
    /* the list itself needs no confirmation */
    CU_ASSERT_EQUAL(http_status(&srv, "/en/account/tokens", &stale), 200);
}

static void api__log_is_clean(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "api__no_or_bad_token_is_401", api__no_or_bad_token_is_401 },
        { "api__own_cohort_has_the_figures", api__own_cohort_has_the_figures },
        { "api__isolation_is_404", api__isolation_is_404 },
        { "api__revoked_token_is_401", api__revoked_token_is_401 },
        { "api__demoted_or_disabled_owner_loses_access",
          api__demoted_or_disabled_owner_loses_access },
        { "tokens__page_limits_and_bad_input", tokens__page_limits_and_bad_input },
        { "tokens__making_one_needs_the_password_lately",
          tokens__making_one_needs_the_password_lately },
        { "api__log_is_clean", api__log_is_clean },
        { NULL, NULL },
    };
    test_add_suite_with("integration/trainer/api", cases, start, stop);
}
