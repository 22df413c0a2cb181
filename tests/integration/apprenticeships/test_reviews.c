/*
 * Progress reviews over HTTP against the real database: the due and overdue
 * list (a trainer sees only their own apprentices, an admin everyone's; the
 * database's clock decides, stored dates moved back); a review recorded by
 * the apprentice's trainer or an admin sets the next review date to the date
 * held plus the scheme's review_weeks, in one audited transaction; bad input
 * answered in the reader's language with nothing written; another trainer's
 * apprentice is 404; the apprentice signs a review off, once, and only
 * their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apprenticeships/apprenticeships.h"
#include "harness.h"

static struct server srv;
static struct fx_session ann, ben, trainer, other_trainer, paged_trainer, admin;
static long long scheme, rec_ann, rec_ben;
static char scheme_code[48];

static long long add_apprentice(long long user, long long trainer_id, int review_in_days)
{
    if (db_exec(fx_dbh,
                "INSERT INTO apprentices (user_id, scheme_id, uli, weekly_hours, starts_on, "
                "planned_end_on, trainer_id, next_review_on) VALUES (?, ?, CONCAT('R', ?), 30, "
                "UTC_DATE() - INTERVAL 100 DAY, UTC_DATE() + INTERVAL 600 DAY, ?, "
                "UTC_DATE() + INTERVAL ? DAY)",
                "lllli", user, scheme, user, trainer_id, review_in_days) != DB_OK)
        return 0;
    return fx_num_l("SELECT id FROM apprentices WHERE user_id = ?", user);
}

static int start(void)
{
    int i;

    if (fx_init())
        return -1;
    snprintf(scheme_code, sizeof(scheme_code), "rev-%ld-%d", (long)getpid(), fx_next_serial());
    if (db_exec(fx_dbh,
                "INSERT INTO appr_schemes (code, framework_id, employer_id, provider, name_cy, "
                "name_en, intake_start, review_weeks) SELECT ?, f.id, o.id, 'Coleg Prawf', "
                "'Cynllun adolygu', 'Review scheme', UTC_DATE(), 10 FROM appr_frameworks f, "
                "organisations o WHERE f.code = 'it-infrastructure-3' AND o.code = 'CRF'",
                "s", scheme_code) != DB_OK)
        return -1;
    scheme = fx_num_s("SELECT id FROM appr_schemes WHERE code = ?", scheme_code);
    if (fx_sign_in(fx_user(fx_name("Ann Adolygu"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Ben Adolygu"), "learner"), &ben) ||
        fx_sign_in(fx_user(fx_name("Review Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Review Admin"), "admin"), &admin) ||
        fx_sign_in(fx_user(fx_name("Paged Trainer"), "learner,trainer"), &paged_trainer))
        return -1;
    /* a page and one more for the paged trainer: "Tudalen 00" due in 6
     * days, ... "Tudalen 50" in 13 (after every other suite's overdue and
     * due-soon rows on the admins' list) */
    for (i = 0; i <= APPR_DUE_PAGE; i++)
        if (!add_apprentice(fx_user(arena_printf(&fx_mem, "Tudalen %02d", i), "learner"),
                            paged_trainer.user_id, 6 + i * 7 / APPR_DUE_PAGE))
            return -1;
    rec_ann = add_apprentice(ann.user_id, trainer.user_id, -3);      /* overdue */
    rec_ben = add_apprentice(ben.user_id, other_trainer.user_id, 5); /* due soon */
    if (scheme <= 0 || rec_ann <= 0 || rec_ben <= 0)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static const char *day(char *buf, size_t cap, long long n)
{
    char *s = fx_str_l("SELECT DATE_FORMAT(UTC_DATE() + INTERVAL ? DAY, '%Y-%m-%d')", n);

    snprintf(buf, cap, "%s", s ? s : "");
    return buf;
}

static long long reviews(long long id)
{
    return fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE apprentice_id = ?", id);
}

/* Where needle first shows on the admins' due list, walking its pages: the
 * page number times a million plus the place on the page; 0 when nowhere. */
static long admin_due_place(const char *needle)
{
    char path[96];
    long place = 0;
    int page;

    for (page = 1; page <= 40 && !place; page++) {
        struct http_resp r;

        snprintf(path, sizeof(path), "/cy/admin/apprentice-reviews?page=%d", page);
        r = http_get_as(&srv, path, &admin);
        if (r.status != 200) {
            http_resp_free(&r);
            break;
        }
        if (http_body_has(&r, needle))
            place = page * 1000000L + (long)http_pos(&r, needle);
        http_resp_free(&r);
    }
    return place;
}

static void reviews__due_list(void)
{
    struct http_resp r;

    r = http_get_as(&srv, "/en/trainer/apprentice-reviews", &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Ann Adolygu"));
    CU_ASSERT(http_body_has(&r, "Overdue"));
    CU_ASSERT(!http_body_has(&r, "Ben Adolygu")); /* another trainer's apprentice */
    http_resp_free(&r);
    /* the admins' list has every suite's apprentices, APPR_DUE_PAGE a
     * page: Ann before Ben (soonest first), on whichever pages they are */
    CU_ASSERT(admin_due_place("Ann Adolygu") > 0);
    CU_ASSERT(admin_due_place("Ann Adolygu") < admin_due_place("Ben Adolygu"));
    r = http_get_as(&srv, "/cy/admin/apprentice-reviews", &admin);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "Adolygiadau sy&#39;n ddyledus ac oriau i&#39;w cymeradwyo"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/apprentice-reviews", &ann), 403);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/admin/apprentice-reviews", &trainer), 403);
}

/* APPR_DUE_PAGE a page, soonest first, with how many in all and the
 * links between pages; a page past the last is 404, one not understood 400. */
static void reviews__due_list_in_pages(void)
{
    const char *due = "/en/trainer/apprentice-reviews";
    struct http_resp r = http_get_as(&srv, due, &paged_trainer);
    int i;

    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "<p>51 apprentices</p>"));
    CU_ASSERT(http_body_has(&r, "Page 1 of 2"));
    CU_ASSERT(http_body_has(&r, "href=\"/en/trainer/apprentice-reviews?page=2\""));
    for (i = 0; i < APPR_DUE_PAGE; i++)
        CU_ASSERT(http_body_has(&r, arena_printf(&fx_mem, ">Tudalen %02d</a>", i)));
    CU_ASSERT(!http_body_has(&r, ">Tudalen 50</a>"));
    CU_ASSERT(http_pos(&r, ">Tudalen 00<") < http_pos(&r, ">Tudalen 49<"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/cy/trainer/apprentice-reviews?page=2", &paged_trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, ">Tudalen 50</a>"));
    CU_ASSERT(!http_body_has(&r, ">Tudalen 49</a>"));
    CU_ASSERT(http_body_has(&r, "<p>51 o brentisiaid</p>"));
    CU_ASSERT(http_body_has(&r, "Tudalen 2 o 2"));
    CU_ASSERT(http_body_has(&r, "(tudalen 2 o 2)"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/apprentice-reviews?page=3", &paged_trainer),
                    404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/trainer/apprentice-reviews?page=x", &paged_trainer),
                    400);
    /* another trainer's list is one page */
    r = http_get_as(&srv, due, &trainer);
    CU_ASSERT(!http_body_has(&r, "Tudalen 00"));
    CU_ASSERT(!http_body_has(&r, "Page 1 of"));
    http_resp_free(&r);
}

static void reviews__record_sets_next_date(void)
{
    char path[128], body[512], d[16], other[128];
    struct http_resp r;

    snprintf(path, sizeof(path), "/en/trainer/apprentices/%lld/review", rec_ann);
    r = http_get_as(&srv, path, &trainer);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "name=\"rating\""));
    http_resp_free(&r);
    /* bad input: nothing written, what was typed kept, in Welsh */
    snprintf(path, sizeof(path), "/cy/trainer/apprentices/%lld/review", rec_ann);
    r = http_post_as(&srv, path, &trainer, "held_on=2026-13-01&rating=purple&notes=&actions=Dim");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Dewiswch sgôr cynnydd"));
    CU_ASSERT(http_body_has(&r, "Rhowch y nodiadau"));
    CU_ASSERT(http_body_has(&r, ">Dim</textarea>"));
    http_resp_free(&r);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=green&notes=Good&actions=", day(d, sizeof(d), 2));
    r = http_post_as(&srv, path, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "Rhowch ddyddiad nad yw yn y dyfodol"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(rec_ann), 0);
    /* another trainer: 404, nothing written */
    snprintf(other, sizeof(other), "/en/trainer/apprentices/%lld/review", rec_ann);
    CU_ASSERT_EQUAL(http_status(&srv, other, &other_trainer), 404);
    r = http_post_as(&srv, other, &other_trainer, body);
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(rec_ann), 0);
    /* held yesterday: the next review 10 weeks (the scheme's setting) later */
    snprintf(body, sizeof(body),
             "held_on=%s&rating=amber&notes=Needs+more+practice%%2C+%%22Linux%%22+%%C5%%B5&"
             "actions=Shadow+the+service+desk",
             day(d, sizeof(d), -1));
    r = http_post_as(&srv, path, &trainer, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "/cy/trainer/apprentices/"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(rec_ann), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM apprentices a JOIN appr_reviews r ON "
                             "r.apprentice_id = a.id WHERE a.id = ? AND a.next_review_on = "
                             "UTC_DATE() - INTERVAL 1 DAY + INTERVAL 10 WEEK AND r.next_review_on "
                             "= a.next_review_on AND r.rating = 'amber' AND r.notes = 'Needs more "
                             "practice, \"Linux\" ŵ'",
                             rec_ann),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_reviewed", trainer.user_id, ann.user_id, NULL), 1);
    /* no longer overdue or due: off the trainer's list */
    r = http_get_as(&srv, "/en/trainer/apprentice-reviews", &trainer);
    CU_ASSERT(!http_body_has(&r, "Ann Adolygu"));
    http_resp_free(&r);
    /* an admin records one for Ben */
    snprintf(path, sizeof(path), "/en/admin/apprenticeships/%lld/review", rec_ben);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=red&notes=Absent&actions=", day(d, sizeof(d), 0));
    r = http_post_as(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(rec_ben), 1);
    /* an apprenticeship that has ended takes no review */
    CU_ASSERT_EQUAL(fx_exec_l("UPDATE apprentices SET status = 'completed' WHERE id = ?", rec_ben),
                    1);
    r = http_post_as(&srv, path, &admin, body);
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, "after the apprenticeship has ended"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(reviews(rec_ben), 1);
}

static void reviews__apprentice_signs_off(void)
{
    long long mine = fx_num_l("SELECT MAX(id) FROM appr_reviews WHERE apprentice_id = ?", rec_ann);
    long long bens = fx_num_l("SELECT MAX(id) FROM appr_reviews WHERE apprentice_id = ?", rec_ben);
    char path[128];
    struct http_resp r;

    r = http_get_as(&srv, "/en/me/apprenticeship", &ann);
    CU_ASSERT(http_body_has(&r, "Amber: some concerns"));
    CU_ASSERT(http_body_has(&r, "Shadow the service desk"));
    CU_ASSERT(http_body_has(&r, "Sign off this review"));
    http_resp_free(&r);
    /* Ben's review is not Ann's to sign */
    snprintf(path, sizeof(path), "/en/me/apprenticeship/reviews/%lld/sign", bens);
    r = http_post_as(&srv, path, &ann, "");
    CU_ASSERT_EQUAL(r.status, 404);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE id = ? AND "
                             "apprentice_signed_at IS NULL",
                             bens),
                    1);
    snprintf(path, sizeof(path), "/cy/me/apprenticeship/reviews/%lld/sign", mine);
    r = http_post_as(&srv, path, &ann, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_post_as(&srv, path, &ann, ""); /* twice: nothing more */
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM appr_reviews WHERE id = ? AND "
                             "apprentice_signed_at IS NOT NULL",
                             mine),
                    1);
    CU_ASSERT_EQUAL(fx_audit_count("apprentice_review_signed", ann.user_id, ann.user_id, NULL), 1);
    r = http_get_as(&srv, "/en/me/apprenticeship?done=signed", &ann);
    CU_ASSERT(http_body_has(&r, "You have signed off the review"));
    CU_ASSERT(!http_body_has(&r, "Sign off this review"));
    http_resp_free(&r);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "reviews__due_list", reviews__due_list },
        { "reviews__due_list_in_pages", reviews__due_list_in_pages },
        { "reviews__record_sets_next_date", reviews__record_sets_next_date },
        { "reviews__apprentice_signs_off", reviews__apprentice_signs_off },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships_reviews", cases, start, stop);
}
