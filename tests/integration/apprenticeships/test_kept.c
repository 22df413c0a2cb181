/*
 * A record kept in memory (issue 22; server/apprenticeships/record_kept.c):
 * with the session cache on, a repeated GET of the admin's, the trainer's
 * and the apprentice's own record and of an employer's sign-off link costs
 * no round trip; and a change by any of the people who see a record shows
 * at once to every one of them on this server: hours the apprentice logs
 * (on the admin's and the trainer's record), the trainer's decision and an
 * admin's status change (on the apprentice's own page), the employer's
 * answer to a sign-off link (on the apprentice's page and the link's), the
 * apprentice's new name (on the admin's record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session cai, trainer, other_trainer, admin;
static long long rec, scheme;
static char admin_path[96], trainer_path[96];

#define ME       "/en/me/apprenticeship"
#define ADMIN_RT "/admin/apprenticeships/{id}"
#define TRAIN_RT "/trainer/apprentices/{id}"
#define ME_RT    "/me/apprenticeship"
#define LINK_RT  "/employer-review/{token}"

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=5000", NULL };

    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun cadw", "Kept scheme", 12, 400);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Cai Cadw"), "learner"), &cai) ||
        fx_sign_in(fx_user(fx_name("Kept Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Kept Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Kept Admin"), "admin"), &admin))
        return -1;
    rec = fx_apprentice(scheme, cai.user_id, trainer.user_id, 30, 20);
    if (rec <= 0)
        return -1;
    snprintf(admin_path, sizeof(admin_path), "/en/admin/apprenticeships/%lld", rec);
    snprintf(trainer_path, sizeof(trainer_path), "/en/trainer/apprentices/%lld", rec);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET path as s (NULL: no account): its status, and whether the body has
 * needle (NULL: not asked) in *has. */
static int get_has(const char *path, const struct fx_session *s, const char *needle, int *has)
{
    struct http_resp r = http_get_as(&srv, path, s);
    int st = r.status;

    if (has)
        *has = needle && http_body_has(&r, needle);
    http_resp_free(&r);
    return st;
}

/* Whether path as s answers 200 with needle in its body. */
static int shows(const char *path, const struct fx_session *s, const char *needle)
{
    int has = 0;

    return get_has(path, s, needle, &has) == 200 && has;
}

/* The round trips of a GET of path as s (route pattern), asserting a 200. */
static long trips(const char *path, const struct fx_session *s, const char *pattern)
{
    long before = http_round_trips(&srv, pattern);

    CU_ASSERT_EQUAL(get_has(path, s, NULL, NULL), 200);
    return http_round_trips(&srv, pattern) - before;
}

static void kept__repeated_get_costs_no_round_trip(void)
{
    trips(admin_path, &admin, ADMIN_RT); /* the first view: the record, its lists, the audit */
    CU_ASSERT_EQUAL(trips(admin_path, &admin, ADMIN_RT), 0);
    trips(trainer_path, &trainer, TRAIN_RT);
    CU_ASSERT_EQUAL(trips(trainer_path, &trainer, TRAIN_RT), 0);
    trips(ME, &cai, ME_RT);
    CU_ASSERT_EQUAL(trips(ME, &cai, ME_RT), 0);
    CU_ASSERT_EQUAL(trips("/cy/me/apprenticeship", &cai, ME_RT), 0);
    /* the trainer's kept value is theirs alone: another trainer's is 404 */
    CU_ASSERT_EQUAL(get_has(trainer_path, &other_trainer, NULL, NULL), 404);
    CU_ASSERT_EQUAL(get_has(trainer_path, &other_trainer, NULL, NULL), 404);
}

static void kept__hours_logged_show_at_once_to_all(void)
{
    char body[256], entry_path[128], d[16];
    long long entry;

    /* everyone's view kept first */
    CU_ASSERT(!shows(admin_path, &admin, "Kept workshop ŵ"));
    CU_ASSERT(!shows(trainer_path, &trainer, "Kept workshop ŵ"));
    CU_ASSERT(!shows(ME, &cai, "Kept workshop ŵ"));
    snprintf(body, sizeof(body),
             "worked_on=%s&hours=2&category=taught&activity=Kept+workshop+%%C5%%B5",
             fx_appr_day(d, -1));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/me/apprenticeship/hours", &cai, body), 303);
    /* the apprentice's own next page, and at once the trainer's and the admin's */
    CU_ASSERT(shows(ME, &cai, "Kept workshop ŵ"));
    CU_ASSERT(shows(trainer_path, &trainer, "Kept workshop ŵ"));
    CU_ASSERT(shows(admin_path, &admin, "Kept workshop ŵ"));
    CU_ASSERT(shows(ME, &cai, "(waiting for approval: 1)"));

    /* the trainer approves: the apprentice sees it at once */
    entry = fx_num_l("SELECT MAX(id) FROM appr_otj_entries WHERE apprentice_id = ?", rec);
    snprintf(entry_path, sizeof(entry_path), "%s/hours/%lld", trainer_path, entry);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, entry_path, &trainer, "decision=approve&comment=Da"),
                    303);
    CU_ASSERT(!shows(ME, &cai, "(waiting for approval: 1)"));
    CU_ASSERT(shows(admin_path, &admin, "Da"));
}

static void kept__status_change_shows_at_once(void)
{
    char path[128], body[256], d[16], back[16];

    CU_ASSERT(shows(ME, &cai, "In learning"));
    snprintf(path, sizeof(path), "%s/status", admin_path);
    snprintf(body, sizeof(body), "status=on_break&on=%s&return_on=%s&reason=Kept+break",
             fx_appr_day(d, 0), fx_appr_day(back, 30));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &admin, body), 303);
    CU_ASSERT(shows(ME, &cai, "Kept break"));
    CU_ASSERT(shows(trainer_path, &trainer, "Kept break"));
    snprintf(body, sizeof(body), "status=in_learning&on=%s&reason=Back+kept", d);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &admin, body), 303);
    CU_ASSERT(shows(ME, &cai, "Back kept"));
}

static void kept__employer_answer_shows_at_once(void)
{
    const char *email = fx_email("employer-kept");
    char path[128], body[512], d[16], *link;
    struct browser b;
    struct http_resp r;

    snprintf(path, sizeof(path), "%s/review", admin_path);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=green&notes=Kept+review&actions=&employer_name=Sian+Kept&"
             "employer_email=%s",
             fx_appr_day(d, -1), http_enc(email));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &admin, body), 303);
    /* the new review shows at once to the apprentice, waiting for the employer */
    CU_ASSERT(shows(ME, &cai, "Kept review"));
    CU_ASSERT(shows(ME, &cai, "Waiting</span> Sian Kept"));
    link = mailbox_link(&srv, email, "/employer-review/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(link);
    browser_init(&b, &srv, 3);
    r = browser_get(&b, link);
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    /* the link's page is kept (the review), its form is this request's */
    CU_ASSERT_EQUAL(trips(link, NULL, LINK_RT), 0);
    r = browser_submit(&b, link, link, "answer=agree&reason=");
    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    /* at once: the apprentice's page, the admin's, and the link is spent */
    CU_ASSERT(shows(ME, &cai, "Agreed</span> Sian Kept"));
    CU_ASSERT(shows(admin_path, &admin, "Agreed</span> Sian Kept"));
    CU_ASSERT_EQUAL(get_has(link, NULL, NULL, NULL), 410);
    free(link);
}

static void kept__apprentice_renamed_shows_at_once(void)
{
    char fields[256], name[128];

    CU_ASSERT(shows(admin_path, &admin, fx_name("Cai Cadw")));
    snprintf(name, sizeof(name), "%s", fx_name("Cai Newydd"));
    snprintf(fields, sizeof(fields), "name=%s&organisation=%lld&lang=en", http_enc(name),
             fx_org("WG"));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/account/details", &cai, fields), 303);
    CU_ASSERT(shows(admin_path, &admin, name));
    CU_ASSERT(shows(ME, &cai, name));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__repeated_get_costs_no_round_trip", kept__repeated_get_costs_no_round_trip },
        { "kept__hours_logged_show_at_once_to_all", kept__hours_logged_show_at_once_to_all },
        { "kept__status_change_shows_at_once", kept__status_change_shows_at_once },
        { "kept__employer_answer_shows_at_once", kept__employer_answer_shows_at_once },
        { "kept__apprentice_renamed_shows_at_once", kept__apprentice_renamed_shows_at_once },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/kept", cases, start, stop);
}
