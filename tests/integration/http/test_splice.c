/*
 * Signed-in readers of a shared page (ROUTE_SHARED_SIGNED) get the kept copy
 * with their own header spliced in (http/rendercache.h
 * rendercache_serve_personal()): their name, a sign-out form with a CSRF
 * token that works, and never another reader's; the rest of the page the
 * same bytes an anonymous reader gets. The course page is kept per variant
 * of the reader's state, with their own panel in a hole of its body (app/router.h
 * route_mines), and the JSON API is the same with or without a session cookie.
 *
 * No assertion depends on timing: a hit, a refill and a page rendered
 * before its address is kept all give the answers asserted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http/rendercache.h"

static struct server srv;
static char slug[96], webinar[96];

static int start(void)
{
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", NULL };

    if (fx_init())
        return -1;
    if (!fx_course_elearning("sbleis", 2, slug))
        return -1;
    snprintf(webinar, sizeof(webinar), "gweminar-sbleis-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO webinars (slug, title_cy, title_en, summary_cy, summary_en, speaker, "
                "starts_at, capacity) VALUES (?, 'Gweminar sbleis', 'Splice webinar', '', '', "
                "'Non', UTC_TIMESTAMP() + INTERVAL 10 DAY, 5)",
                "s", webinar) != DB_OK)
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A signed-in learner called *name (made unique). */
static void reader(const char *what, const char **name, struct fx_session *s)
{
    *name = fx_name(what);
    CU_ASSERT_FATAL(fx_sign_in(fx_user(*name, "learner"), s) == 0);
}

static struct http_resp get(const char *path, const struct fx_session *s)
{
    struct http_resp r = http_get_as(&srv, path, s);

    CU_ASSERT_EQUAL(r.status, 200);
    return r;
}

/* Ask for path anonymously one time fewer than the doorkeeper's
 * RENDERCACHE_ADMIT_ASKS (http/rendercache.c asked_often(): the address is
 * kept at its RENDERCACHE_ADMIT_ASKS-th ask, anonymous or signed in), so the
 * next ask is the one that fills the cache: a signed-in reader's is rendered
 * as for anyone and sent with their own header, and the readers after it are
 * served the kept copy. (Asks spread over more than RENDERCACHE_ADMIT_MS
 * start the count again: the page is then rendered per person, with the
 * same answers.) */
static void warm(const char *path)
{
    struct http_resp r;
    int i;

    for (i = 0; i < RENDERCACHE_ADMIT_ASKS - 1; i++) {
        r = get(path, NULL);
        http_resp_free(&r);
    }
}

static void own(const struct http_resp *r, const char *name, const struct fx_session *s)
{
    char want[128];

    CU_ASSERT(http_body_has(r, name));
    snprintf(want, sizeof(want), "name=\"csrf\" value=\"%s\"", s->csrf);
    CU_ASSERT(http_body_has(r, want));
    if (!http_body_has(r, name) || !http_body_has(r, want))
        fprintf(stderr, "page lacks %s's header\n", name);
}

static void splice__each_reader_their_own_header(void)
{
    struct fx_session a, b;
    const char *na, *nb;
    struct http_resp r;
    int i;

    reader("Splice Ann", &na, &a);
    reader("Splice Bryn", &nb, &b);
    warm("/cy/courses");
    for (i = 0; i < 6; i++) { /* alternately, from the same kept copy */
        const struct fx_session *s = i % 2 ? &b : &a;
        const char *mine = i % 2 ? nb : na, *theirs = i % 2 ? na : nb;

        r = get("/cy/courses", s);
        own(&r, mine, s);
        CU_ASSERT(!http_body_has(&r, theirs));
        CU_ASSERT(!http_body_has(&r, i % 2 ? a.csrf : b.csrf));
        CU_ASSERT(http_body_has(&r, loc_text("cy", "common.sign_out")));
        CU_ASSERT(!http_body_has(&r, loc_text("cy", "common.sign_in")));
        http_resp_free(&r);
    }
    /* and an anonymous reader of it sees neither */
    r = get("/cy/courses", NULL);
    CU_ASSERT(!http_body_has(&r, na) && !http_body_has(&r, nb));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "common.sign_in")));
    http_resp_free(&r);
}

static void splice__the_token_signs_out(void)
{
    struct fx_session s;
    const char *name;
    char body[96];
    struct http_resp r;

    reader("Splice Ceri", &name, &s);
    warm("/cy/courses");
    r = get("/cy/courses", &s);
    snprintf(body, sizeof(body), "csrf=%s", http_form_csrf(&r));
    http_resp_free(&r);
    CU_ASSERT_FATAL(http_post(&srv, "/cy/logout", body, strlen(body), s.cookie, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    /* signed out: the session is gone */
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/me", &s), 303);
}

/* The length of the longest common prefix and suffix of a and b. */
static void common(const struct http_resp *a, const struct http_resp *b, size_t *pre, size_t *suf)
{
    size_t n = a->body_len < b->body_len ? a->body_len : b->body_len;

    for (*pre = 0; *pre < n && a->body[*pre] == b->body[*pre]; (*pre)++)
        ;
    for (*suf = 0;
         *suf < n - *pre && a->body[a->body_len - 1 - *suf] == b->body[b->body_len - 1 - *suf];
         (*suf)++)
        ;
}

static void splice__body_as_anonymous_but_the_header(void)
{
    struct fx_session s;
    const char *name, *lang_link, *nav_end;
    struct http_resp anon, mine;
    size_t pre, suf;

    reader("Splice Dafydd", &name, &s);
    warm("/en/webinars");
    anon = get("/en/webinars", NULL);
    mine = get("/en/webinars", &s);
    own(&mine, name, &s);
    common(&anon, &mine, &pre, &suf);
    lang_link = strstr(anon.body, "class=\"header__lang\"");
    nav_end = strstr(anon.body, "</nav>");
    CU_ASSERT_FATAL(lang_link && nav_end);
    /* what differs lies between the language link and the end of the nav */
    CU_ASSERT(pre >= (size_t)(lang_link - anon.body));
    CU_ASSERT(anon.body_len - suf <= (size_t)(nav_end - anon.body));
    http_resp_free(&anon);
    http_resp_free(&mine);
}

static void splice__language_switch(void)
{
    struct fx_session s;
    const char *name;
    struct http_resp cy, en;

    reader("Splice Eluned", &name, &s);
    warm("/en/courses");
    warm("/cy/courses");
    en = get("/en/courses", &s);
    cy = get("/cy/courses", &s);
    own(&en, name, &s);
    own(&cy, name, &s);
    CU_ASSERT(http_body_has(&en, "action=\"/en/logout\""));
    CU_ASSERT(http_body_has(&en, loc_text("en", "common.sign_out")));
    CU_ASSERT(http_body_has(&en, "<html lang=\"en\""));
    CU_ASSERT(http_body_has(&cy, "action=\"/cy/logout\""));
    CU_ASSERT(http_body_has(&cy, loc_text("cy", "common.sign_out")));
    CU_ASSERT(http_body_has(&cy, "<html lang=\"cy\""));
    http_resp_free(&en);
    http_resp_free(&cy);
}

/* r is the course page as a reader enrolled with done of 2 lessons sees it
 * (1), or as one who may enrol (0), or neither (-1). */
static int course_state(const struct http_resp *r, const char *done)
{
    const char *progress = loc_plural("en", "enrol.progress", 2, "done", done, "percent",
                                      strcmp(done, "0") ? "50" : "0", NULL);

    if (http_body_has(r, loc_text("en", "enrol.enrolled_title")) && http_body_has(r, progress) &&
        !http_body_has(r, loc_text("en", "enrol.button")))
        return 1;
    if (http_body_has(r, loc_text("en", "enrol.button")) &&
        !http_body_has(r, loc_text("en", "enrol.enrolled_title")))
        return 0;
    return -1;
}

/* The course page is kept per variant (enrolled, may enrol, ...) with the
 * reader's own panel, CSRF fields and header in holes: each of three readers
 * asking in turn gets their own state, name and token, never another's. */
static void splice__course_page_each_reader_their_own(void)
{
    struct fx_session a, b, c;
    const char *na, *nb, *nc;
    char path[256];
    struct http_resp r;
    int i;

    reader("Splice Ffion", &na, &a);
    reader("Splice Gwyn", &nb, &b);
    reader("Splice Cai", &nc, &c);
    http_course_path(path, "en", slug, NULL);
    warm(path);
    r = http_course_post(&srv, "en", slug, "/enrol", &a, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = http_course_post(&srv, "en", slug, "/enrol", &c, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    for (i = 0; i < 18; i++) { /* in turn: kept copies of each variant, refilled */
        const struct fx_session *s = i % 3 == 0 ? &a : i % 3 == 1 ? &b : &c;
        const char *mine = i % 3 == 0 ? na : i % 3 == 1 ? nb : nc;

        r = get(path, s);
        own(&r, mine, s);
        CU_ASSERT_EQUAL(course_state(&r, "0"), i % 3 == 1 ? 0 : 1);
        CU_ASSERT(!http_body_has(&r, s == &a ? nb : na));
        CU_ASSERT(!http_body_has(&r, s == &c ? nb : nc));
        CU_ASSERT(s == &a || !http_body_has(&r, a.csrf));
        CU_ASSERT(s == &b || !http_body_has(&r, b.csrf));
        CU_ASSERT(s == &c || !http_body_has(&r, c.csrf));
        http_resp_free(&r);
    }
    /* a lesson done: on Ffion's next page at once, and not on Cai's */
    r = http_course_post(&srv, "en", slug, "/lessons/1/complete", &a, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = get(path, &a);
    CU_ASSERT_EQUAL(course_state(&r, "1"), 1);
    http_resp_free(&r);
    r = get(path, &c);
    CU_ASSERT_EQUAL(course_state(&r, "0"), 1);
    http_resp_free(&r);
    /* Gwyn enrols: her next page shows it at once */
    r = http_course_post(&srv, "en", slug, "/enrol", &b, "");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = get(path, &b);
    CU_ASSERT_EQUAL(course_state(&r, "0"), 1);
    own(&r, nb, &b);
    http_resp_free(&r);
    /* anonymous readers: as before, nobody's name, the sign-in panel */
    r = get(path, NULL);
    CU_ASSERT(!http_body_has(&r, na) && !http_body_has(&r, nb) && !http_body_has(&r, nc));
    CU_ASSERT(http_body_has(&r, loc_text("en", "enrol.sign_in")));
    CU_ASSERT(!http_body_has(&r, loc_text("en", "enrol.enrolled_title")));
    http_resp_free(&r);
}

/* One kept webinar page for everyone, the register panel and the ?done=
 * panel in holes: a registered reader and one who may register, in turn,
 * each see their own, and an anonymous reader the sign-in link. */
static void splice__webinar_page_each_reader_their_own(void)
{
    struct fx_session a, b;
    const char *na, *nb, *reg = loc_text("en", "webinars.registered_title");
    const char *can = loc_text("en", "webinars.register_button");
    char path[200], post[220], body[96];
    struct http_resp r;
    int i;

    reader("Splice Jac", &na, &a);
    reader("Splice Lowri", &nb, &b);
    snprintf(path, sizeof(path), "/en/webinars/%s", webinar);
    snprintf(post, sizeof(post), "%s/register", path);
    warm(path);
    snprintf(body, sizeof(body), "csrf=%s", a.csrf);
    CU_ASSERT_FATAL(http_post(&srv, post, body, strlen(body), a.cookie, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    for (i = 0; i < 12; i++) {
        const struct fx_session *s = i % 2 ? &b : &a;

        r = get(path, s);
        own(&r, i % 2 ? nb : na, s);
        CU_ASSERT(http_body_has(&r, i % 2 ? can : reg));
        CU_ASSERT(!http_body_has(&r, i % 2 ? reg : can));
        CU_ASSERT(!http_body_has(&r, i % 2 ? a.csrf : b.csrf));
        http_resp_free(&r);
    }
    /* Lowri registers: her next page says so at once */
    snprintf(body, sizeof(body), "csrf=%s", b.csrf);
    CU_ASSERT_FATAL(http_post(&srv, post, body, strlen(body), b.cookie, &r) == 0);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    r = get(path, &b);
    CU_ASSERT(http_body_has(&r, reg) && !http_body_has(&r, can));
    http_resp_free(&r);
    r = get(path, NULL);
    CU_ASSERT(http_body_has(&r, loc_text("en", "webinars.sign_in")));
    CU_ASSERT(!http_body_has(&r, reg) && !http_body_has(&r, na) && !http_body_has(&r, nb));
    http_resp_free(&r);
}

/* A signed-in reader who takes gzip, or brotli alone, gets the kept pieces
 * joined with their own header: each decodes to the page they get plain. */
static void splice__gzip_or_brotli_of_the_kept_pieces(void)
{
    static const char *const codings[] = { "gzip", "br" };
    struct fx_session s;
    const char *name;
    char hdr[256], want[128];
    struct http_resp r, plain;
    char *body;
    int i;

    reader("Splice Iolo", &name, &s);
    warm("/cy/courses");
    snprintf(want, sizeof(want), "name=\"csrf\" value=\"%s\"", s.csrf);
    for (i = 0; i < 6; i++) {
        snprintf(hdr, sizeof(hdr), "%sAccept-Encoding: %s\r\n", s.cookie, codings[i % 2]);
        CU_ASSERT_FATAL(http_get(&srv, "/cy/courses", hdr, &r) == 0);
        CU_ASSERT_EQUAL(r.status, 200);
        CU_ASSERT(http_header_is(&r, "Content-Encoding", codings[i % 2]));
        body = http_decoded(&r);
        CU_ASSERT_PTR_NOT_NULL(body);
        if (body) {
            plain = get("/cy/courses", &s);
            CU_ASSERT(strstr(body, name) && strstr(body, want));
            CU_ASSERT(strlen(body) == plain.body_len && !strcmp(body, plain.body));
            http_resp_free(&plain);
        }
        free(body);
        http_resp_free(&r);
    }
}

static void splice__api_same_with_a_session_cookie(void)
{
    struct fx_session s;
    const char *name;
    struct http_resp anon, with;

    reader("Splice Heledd", &name, &s);
    warm("/api/v1/courses");
    anon = get("/api/v1/courses", NULL);
    with = get("/api/v1/courses", &s);
    CU_ASSERT_EQUAL(anon.body_len, with.body_len);
    CU_ASSERT(anon.body_len == with.body_len && !memcmp(anon.body, with.body, anon.body_len));
    http_resp_free(&anon);
    http_resp_free(&with);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "splice__each_reader_their_own_header", splice__each_reader_their_own_header },
        { "splice__the_token_signs_out", splice__the_token_signs_out },
        { "splice__body_as_anonymous_but_the_header", splice__body_as_anonymous_but_the_header },
        { "splice__language_switch", splice__language_switch },
        { "splice__course_page_each_reader_their_own", splice__course_page_each_reader_their_own },
        { "splice__webinar_page_each_reader_their_own",
          splice__webinar_page_each_reader_their_own },
        { "splice__gzip_or_brotli_of_the_kept_pieces", splice__gzip_or_brotli_of_the_kept_pieces },
        { "splice__api_same_with_a_session_cookie", splice__api_same_with_a_session_cookie },
        { NULL, NULL },
    };

    test_add_suite_with("http/splice", cases, start, stop);
}
