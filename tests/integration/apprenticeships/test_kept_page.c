/*
 * A record's page rendered once and kept (issue 22; pages_record.c,
 * app/page_kept.h page_kept_shared()), with the session cache on: one copy
 * of the admin's record for every admin, the trainer's for all their
 * sessions, the apprentice's own for all theirs. Each reader still gets
 * their own csrf token in every form and their own header, and their own
 * audit row (a kept page still writes a new viewer's); nobody else reads a
 * kept copy (another apprentice, another trainer, someone who is no
 * apprentice); ?done='s message is never kept; and every change shows on
 * the next page at once:
 * the apprentice's own (hours, a review signed off), another person's (a
 * unit the trainer records, a review and a mentor the admin adds, a status
 * change, the trainer's new name, a new trainer: the old one's page is 404).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures_appr.h"
#include "harness.h"

static struct server srv;
static struct fx_session cai, cai2, ben, trainer, other_trainer, one, two, nobody;
static long long rec, scheme;
static char admin_path[96], trainer_path[96];

#define ME       "/en/me/apprenticeship"
#define ADMIN_RT "/admin/apprenticeships/{id}"
#define TRAIN_RT "/trainer/apprentices/{id}"
#define ME_RT    "/me/apprenticeship"

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", NULL };

    if (fx_init())
        return -1;
    scheme = fx_appr_scheme("software-developer-3", "Cynllun tudalen", "Page scheme", 12, 400);
    if (scheme <= 0 || fx_sign_in(fx_user(fx_name("Cai Tudalen"), "learner"), &cai) ||
        fx_sign_in(cai.user_id, &cai2) ||
        fx_sign_in(fx_user(fx_name("Page Trainer"), "learner,trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Other Page Trainer"), "learner,trainer"), &other_trainer) ||
        fx_sign_in(fx_user(fx_name("Page Admin One"), "learner,admin"), &one) ||
        fx_sign_in(fx_user(fx_name("Page Admin Two"), "learner,admin"), &two) ||
        fx_sign_in(fx_user(fx_name("Page Nobody"), "learner"), &nobody) ||
        fx_sign_in(fx_user(fx_name("Ben Tudalen"), "learner"), &ben))
        return -1;
    rec = fx_apprentice(scheme, cai.user_id, trainer.user_id, 30, 20);
    if (rec <= 0 || fx_apprentice(scheme, ben.user_id, trainer.user_id, 60, 10) <= 0)
        return -1;
    snprintf(admin_path, sizeof(admin_path), "/en/admin/apprenticeships/%lld", rec);
    snprintf(trainer_path, sizeof(trainer_path), "/en/trainer/apprentices/%lld", rec);
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static int shows(const char *path, const struct fx_session *s, const char *needle)
{
    return shows_as(&srv, s, path, needle);
}

/* How many times needle is in r's body. */
static int count(const struct http_resp *r, const char *needle)
{
    const char *p = r->body;
    int n = 0;

    while (p && (p = strstr(p, needle))) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* GET path as s: a 200 whose every form carries s's own csrf token (at
 * least forms of them), and no other reader's (other's). */
static void own_csrf(const char *path, const struct fx_session *s, const struct fx_session *other,
                     int forms)
{
    char mine[96], theirs[96];
    struct http_resp r = http_get_as(&srv, path, s);

    snprintf(mine, sizeof(mine), "name=\"csrf\" value=\"%s\"", s->csrf);
    snprintf(theirs, sizeof(theirs), "value=\"%s\"", other->csrf);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(count(&r, "name=\"csrf\"") >= forms);
    CU_ASSERT_EQUAL(count(&r, mine), count(&r, "name=\"csrf\""));
    CU_ASSERT_EQUAL(count(&r, theirs), 0);
    http_resp_free(&r);
}

/* s's record's ULI as the page shows it (fixtures_appr.h: "A<user id>"). */
static const char *uli(const struct fx_session *s)
{
    static char buf[2][48];
    static int n;
    char *b = buf[n++ % 2];

    snprintf(b, sizeof(buf[0]), ">A%lld</dd>", s->user_id);
    return b;
}

static long views(const struct fx_session *s)
{
    return fx_audit_count("apprentice_viewed", s->user_id, cai.user_id, NULL);
}

/* One admin's page serves the other: no round trip but the other's audit
 * row, written once; each has their own token in every form (the status
 * form, the units form, the sign-out) and their own name in the header. */
static void kept_page__one_copy_for_every_admin(void)
{
    long first;
    struct http_resp r;

    CU_ASSERT_EQUAL(trips_kept_as(&srv, &one, admin_path, ADMIN_RT, 3), 0);
    CU_ASSERT_EQUAL(views(&two), 0);
    first = trips_as(&srv, &two, admin_path, ADMIN_RT);
    CU_ASSERT(first > 0); /* the audit row, and nothing else read */
    CU_ASSERT(first <= 2);
    CU_ASSERT_EQUAL(views(&two), 1);
    CU_ASSERT_EQUAL(trips_as(&srv, &two, admin_path, ADMIN_RT), 0);
    CU_ASSERT_EQUAL(views(&two), 1);
    CU_ASSERT_EQUAL(views(&one), 1);
    own_csrf(admin_path, &two, &one, 3);
    own_csrf(admin_path, &one, &two, 3);
    r = http_get_as(&srv, admin_path, &two);
    CU_ASSERT(http_body_has(&r, fx_name("Page Admin Two")));
    CU_ASSERT(!http_body_has(&r, fx_name("Page Admin One")));
    http_resp_free(&r);
}

/* z (a compressed answer) decoded, malloc'd: byte for byte plain's body (the
 * same session's plain GET), s's token in every form of it, and other's
 * nowhere; NULL (a failed assertion) when it does not decode. */
static char *decodes_to_plain(const struct http_resp *z, const struct http_resp *plain,
                              const struct fx_session *s, const struct fx_session *other)
{
    char mine[96], theirs[96];
    char *body = http_decoded(z);
    const char *at;
    int k;

    snprintf(mine, sizeof(mine), "name=\"csrf\" value=\"%s\"", s->csrf);
    snprintf(theirs, sizeof(theirs), "value=\"%s\"", other->csrf);
    CU_ASSERT_PTR_NOT_NULL(body);
    if (!body)
        return NULL;
    CU_ASSERT_EQUAL(strlen(body), plain->body_len);
    CU_ASSERT_STRING_EQUAL(body, plain->body);
    CU_ASSERT(strstr(body, theirs) == NULL);
    for (k = 0, at = body; (at = strstr(at, mine)) != NULL; k++)
        at += strlen(mine);
    CU_ASSERT(k >= 2);
    CU_ASSERT_EQUAL(k, count(plain, "name=\"csrf\""));
    return body;
}

/* A reader of a page kept for every admin who takes gzip or brotli gets it
 * joined from the pieces compressed once (app/page_kept.c): one valid
 * stream whose text is byte for byte the page a plain GET of the same
 * session gets, with the reader's own token in every form and their own
 * name, for each of two admins, however often they ask. A browser, liking
 * both alike, gets the smaller. One person's own page, compressed for the
 * response, decodes to the plain page too. */
static void kept_page__compressed_joined_from_pieces(void)
{
    static const char *const ae[] = { "gzip", "br", "gzip, deflate, br" };
    const struct fx_session *reader[2] = { &one, &two }, *s;
    char hdr[256];
    struct http_resp z, plain;
    const char *path;
    char *body;
    int i;

    for (i = 0; i < 8; i++) {
        s = i < 6 ? reader[i % 2] : &cai;
        path = i < 6 ? admin_path : ME;
        snprintf(hdr, sizeof(hdr), "%sAccept-Encoding: %s\r\n", s->cookie, ae[i % 3]);
        CU_ASSERT_FATAL(http_get(&srv, path, hdr, &z) == 0);
        CU_ASSERT_EQUAL(z.status, 200);
        CU_ASSERT(http_header_is(&z, "Content-Encoding", i % 3 == 1 ? "br" : "gzip") ||
                  (i % 3 == 2 && http_header_is(&z, "Content-Encoding", "br")));
        /* joined (http/gzsplice.c writes OS "unknown", 255), not compressed
         * for this response (zlib's gzip wrapper writes 3, Unix); a person's
         * own page is compressed for each response (app/page_kept.h) */
        if (http_header_is(&z, "Content-Encoding", "gzip"))
            CU_ASSERT(z.body_len > 10 && (unsigned char)z.body[9] == (i < 6 ? 0xff : 3));
        plain = http_get_as(&srv, path, s);
        body = decodes_to_plain(&z, &plain, s, reader[(i + 1) % 2]);
        if (body && i < 6)
            CU_ASSERT(strstr(body, fx_name(i % 2 ? "Page Admin Two" : "Page Admin One")) != NULL);
        free(body);
        http_resp_free(&plain);
        http_resp_free(&z);
    }
}

/* The apprentice's own page, compressed for a reader once and sent again
 * while it is kept (app/page_kept.c, send_packed()): two sessions of the
 * same person asking in turn, in brotli and in gzip, each get the page of
 * their own session, byte for byte the plain page with their own token in
 * every form and never the other's, though the first session's response
 * is packed for the next read; /metrics counts what is packed. */
static void kept_page__a_persons_page_packed_for_its_session(void)
{
    static const char *const ae[] = { "br", "gzip" };
    char hdr[256];
    struct http_resp z, plain;
    int i;

    for (i = 0; i < 8; i++) {
        const struct fx_session *s = i % 2 ? &cai2 : &cai, *other = i % 2 ? &cai : &cai2;

        snprintf(hdr, sizeof(hdr), "%sAccept-Encoding: %s\r\n", s->cookie, ae[(i / 2) % 2]);
        CU_ASSERT_FATAL(http_get(&srv, ME, hdr, &z) == 0);
        CU_ASSERT_EQUAL(z.status, 200);
        CU_ASSERT(http_header_is(&z, "Content-Encoding", ae[(i / 2) % 2]));
        plain = http_get_as(&srv, ME, s);
        free(decodes_to_plain(&z, &plain, s, other));
        http_resp_free(&plain);
        http_resp_free(&z);
    }
    CU_ASSERT(http_metric(&srv, "dysgu_cache_entries{cache=\"kept_packed\"}") >= 1);
}

/* The apprentice's page in two sessions: each session's own token in the
 * hours form; the trainer's in theirs; nobody else reads either. */
static void kept_page__a_persons_page_is_theirs_alone(void)
{
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &cai, ME, ME_RT, 3), 0);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &cai2, ME, ME_RT, 3), 0); /* its first: the session */
    own_csrf(ME, &cai2, &cai, 2);
    own_csrf(ME, &cai, &cai2, 2);
    CU_ASSERT_EQUAL(trips_kept_as(&srv, &trainer, trainer_path, TRAIN_RT, 3), 0);
    own_csrf(trainer_path, &trainer, &one, 2);
    /* someone else asking for the same paths: never the kept copy (another
     * apprentice gets their own record, someone who is none a 404) */
    CU_ASSERT(shows(ME, &cai, uli(&cai)));
    CU_ASSERT(shows(ME, &ben, uli(&ben)));
    CU_ASSERT(!shows(ME, &ben, uli(&cai)));
    CU_ASSERT(!shows(ME, &cai, uli(&ben)));
    own_csrf(ME, &ben, &cai, 2);
    CU_ASSERT_EQUAL(http_status(&srv, trainer_path, &other_trainer), 404);
    CU_ASSERT_EQUAL(http_status(&srv, ME, &nobody), 404);
    CU_ASSERT_EQUAL(http_status(&srv, admin_path, &trainer), 403);
    CU_ASSERT_EQUAL(views(&other_trainer), 0);
    CU_ASSERT_EQUAL(views(&nobody), 0);
}

/* ?done='s message is this request's: the page without it stays clean. */
static void kept_page__a_saved_message_is_never_kept(void)
{
    char path[128], body[256], d[16], done[160];
    struct http_resp r;

    CU_ASSERT(!shows(admin_path, &one, "The status has been saved"));
    snprintf(path, sizeof(path), "%s/status", admin_path);
    snprintf(body, sizeof(body), "status=on_break&on=%s&return_on=%s&reason=Page+break",
             fx_appr_day(d, 0), fx_appr_day(done, 30));
    r = http_post_as(&srv, path, &one, body);
    CU_ASSERT_EQUAL(r.status, 303);
    CU_ASSERT(http_location_has(&r, "?done=status"));
    http_resp_free(&r);
    snprintf(done, sizeof(done), "%s?done=status", admin_path);
    CU_ASSERT(shows(done, &one, "The status has been saved"));
    CU_ASSERT(shows(done, &one, "Page break"));
    /* the other admin, the trainer and the apprentice see it at once */
    CU_ASSERT(shows(admin_path, &two, "Page break"));
    CU_ASSERT(!shows(admin_path, &two, "The status has been saved"));
    CU_ASSERT(!shows(admin_path, &one, "The status has been saved"));
    CU_ASSERT(shows(trainer_path, &trainer, "Page break"));
    CU_ASSERT(shows(ME, &cai2, "Page break"));
    snprintf(body, sizeof(body), "status=in_learning&on=%s&reason=Page+back", d);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &one, body), 303);
    CU_ASSERT(shows(ME, &cai, "Page back"));
    CU_ASSERT(shows(admin_path, &two, "Page back"));
}

/* Another person's change on every kept page at once: a unit the trainer
 * records, a review and a mentor the admin adds, the trainer's new name. */
static void kept_page__others_changes_show_at_once(void)
{
    char path[128], body[512], d[16], name[128];

    CU_ASSERT(shows(ME, &cai, "No units recorded yet."));
    CU_ASSERT(shows(admin_path, &two, "No units recorded yet."));
    snprintf(path, sizeof(path), "%s/units", trainer_path);
    snprintf(body, sizeof(body),
             "unit_qual=&unit_title=Uned+tudalen+%%C5%%B5&unit_credits=5&unit_on=%s",
             fx_appr_day(d, -2));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &trainer, body), 303);
    CU_ASSERT(shows(ME, &cai, "Uned tudalen ŵ"));
    CU_ASSERT(shows(ME, &cai2, "Uned tudalen ŵ"));
    CU_ASSERT(shows(admin_path, &two, "Uned tudalen ŵ"));
    CU_ASSERT(shows(trainer_path, &trainer, "Uned tudalen ŵ"));

    snprintf(path, sizeof(path), "%s/review", admin_path);
    snprintf(body, sizeof(body),
             "held_on=%s&rating=amber&notes=Adolygiad+tudalen&actions=&employer_name=&"
             "employer_email=",
             fx_appr_day(d, -1));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &one, body), 303);
    CU_ASSERT(shows(ME, &cai2, "Adolygiad tudalen"));
    CU_ASSERT(shows(trainer_path, &trainer, "Adolygiad tudalen"));

    snprintf(path, sizeof(path), "%s/trainer", admin_path);
    snprintf(body, sizeof(body), "trainer=%lld&mentor=Mentor+Tudalen", trainer.user_id);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &two, body), 303);
    CU_ASSERT(shows(ME, &cai, "Mentor Tudalen"));
    CU_ASSERT(shows(admin_path, &one, "Mentor Tudalen"));

    /* the trainer's new name, from their account, on the admin's and the
     * apprentice's kept pages */
    snprintf(name, sizeof(name), "%s", fx_name("Page Trainer Newydd"));
    CU_ASSERT(!shows(admin_path, &one, name));
    snprintf(body, sizeof(body), "name=%s&organisation=%lld&lang=en", http_enc(name), fx_org("WG"));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/account/details", &trainer, body), 303);
    CU_ASSERT(shows(admin_path, &one, name));
    CU_ASSERT(shows(ME, &cai2, name));
}

/* The apprentice's own change on their next page, in either session: hours
 * logged, a review signed off. */
static void kept_page__own_changes_show_next_page(void)
{
    char body[256], d[16], sign[128];
    long long review;

    CU_ASSERT(shows(ME, &cai, "Not yet"));
    snprintf(body, sizeof(body),
             "worked_on=%s&hours=3&category=taught&activity=Oriau+tudalen+%%C5%%B5",
             fx_appr_day(d, -1));
    CU_ASSERT_EQUAL(http_post_status_as(&srv, "/en/me/apprenticeship/hours", &cai, body), 303);
    CU_ASSERT(shows(ME, &cai, "Oriau tudalen ŵ"));
    CU_ASSERT(shows(ME, &cai2, "Oriau tudalen ŵ"));
    CU_ASSERT(shows(admin_path, &two, "Oriau tudalen ŵ"));

    review = fx_num_l("SELECT MAX(id) FROM appr_reviews WHERE apprentice_id = ?", rec);
    CU_ASSERT_FATAL(review > 0);
    snprintf(sign, sizeof(sign), "/en/me/apprenticeship/reviews/%lld/sign", review);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, sign, &cai2, ""), 303);
    CU_ASSERT(!shows(ME, &cai2, "Not yet"));
    CU_ASSERT(!shows(ME, &cai, "Not yet"));
    CU_ASSERT(!shows(admin_path, &one, "Not yet"));
}

/* A new trainer: the old one's kept page is gone at once (404), the new
 * one's shows the record. */
static void kept_page__a_new_trainer_takes_the_page(void)
{
    char path[128], body[256];

    CU_ASSERT_EQUAL(http_status(&srv, trainer_path, &trainer), 200);
    CU_ASSERT_EQUAL(http_status(&srv, trainer_path, &trainer), 200);
    snprintf(path, sizeof(path), "%s/trainer", admin_path);
    snprintf(body, sizeof(body), "trainer=%lld&mentor=", other_trainer.user_id);
    CU_ASSERT_EQUAL(http_post_status_as(&srv, path, &one, body), 303);
    CU_ASSERT_EQUAL(http_status(&srv, trainer_path, &trainer), 404);
    CU_ASSERT(shows(trainer_path, &other_trainer, "Oriau tudalen ŵ"));
    CU_ASSERT(shows(admin_path, &two, fx_name("Other Page Trainer")));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept_page__one_copy_for_every_admin", kept_page__one_copy_for_every_admin },
        { "kept_page__compressed_joined_from_pieces", kept_page__compressed_joined_from_pieces },
        { "kept_page__a_persons_page_packed_for_its_session",
          kept_page__a_persons_page_packed_for_its_session },
        { "kept_page__a_persons_page_is_theirs_alone", kept_page__a_persons_page_is_theirs_alone },
        { "kept_page__a_saved_message_is_never_kept", kept_page__a_saved_message_is_never_kept },
        { "kept_page__others_changes_show_at_once", kept_page__others_changes_show_at_once },
        { "kept_page__own_changes_show_next_page", kept_page__own_changes_show_next_page },
        { "kept_page__a_new_trainer_takes_the_page", kept_page__a_new_trainer_takes_the_page },
        { NULL, NULL },
    };
    test_add_suite_with("integration/apprenticeships/kept_page", cases, start, stop);
}
