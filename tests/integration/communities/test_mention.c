/*
 * @mentions over HTTP: "@Name_With_Underscores" names a member of the
 * community; it links to them and notifies them once (however often the
 * post names them, and not again when they are told of the reply anyway or
 * the post is edited); inside code, a quotation, an e-mail address or a
 * link it does nothing; a name nobody (or two people) has, or someone
 * outside the community, stays plain text; hostile text stays inert; names
 * with an apostrophe or accents are mentioned.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, bob, cai;
static char *bob_h, *cai_h, *twin_h, *out_h;

/* "Bob zq1x2" -> "Bob_zq1x2", malloc'd */
static char *handle(const char *name)
{
    char *h = strdup(name), *u;

    for (u = h; (u = strchr(u, ' ')); u++)
        *u = '_';
    return h;
}

static int start(void)
{
    const char *bob_name, *cai_name, *twin = NULL;
    long long community, outsider, t1, t2;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    bob_name = fx_name("Bob");
    cai_name = fx_name("Cai");
    twin = fx_name("Efell");
    bob_h = handle(bob_name);
    cai_h = handle(cai_name);
    twin_h = handle(twin);
    out_h = handle(fx_name("Allan"));
    t1 = fx_user(twin, "learner");
    t2 = fx_user(twin, "learner");
    outsider = fx_user(fx_name("Allan"), "learner");
    if (community <= 0 || t1 <= 0 || t2 <= 0 || outsider <= 0 ||
        fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(bob_name, "learner"), &bob) ||
        fx_sign_in(fx_user(cai_name, "learner"), &cai) ||
        db_exec(fx_dbh,
                "INSERT INTO community_members (community_id, user_id, post_count) "
                "VALUES (?, ?, 20), (?, ?, 20), (?, ?, 20), (?, ?, 0), (?, ?, 0)",
                "llllllllll", community, ann.user_id, community, bob.user_id, community,
                cai.user_id, community, t1, community, t2) != DB_OK)
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    free(bob_h);
    free(cai_h);
    free(twin_h);
    free(out_h);
    return harness_stop(&srv);
}

static long long notes(const struct fx_session *s)
{
    return fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", s->user_id);
}

static long long unread(const struct fx_session *s)
{
    return fx_num_l("SELECT COALESCE(MAX(unread), 0) FROM forum_unread WHERE user_id = ?",
                    s->user_id);
}

/* A new thread by s with body; its id. */
static long long new_thread(const struct fx_session *s, const char *body)
{
    return fx_forum_thread(&srv, s, "content-design", fx_name("Sôn"), body, "cy");
}

static void reply(const struct fx_session *s, long long thread, const char *body)
{
    char path[64], form[2048];
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=cy", http_enc(body));
    r = http_post_as(&srv, path, s, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
}

static struct http_resp thread_page(long long thread)
{
    char path[64];

    snprintf(path, sizeof(path), "/en/threads/%lld", thread);
    return http_get_as(&srv, path, &ann);
}

static void mention__notifies_once_and_links(void)
{
    char body[512], link[256];
    long long thread, before = notes(&bob), unread_before = unread(&bob), post;
    struct http_resp r;

    snprintf(body, sizeof(body), "Beth wyt ti'n feddwl, @%s? A ti eto, @%s.", bob_h, bob_h);
    thread = new_thread(&ann, body);
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(notes(&bob), before + 1);
    CU_ASSERT_EQUAL(unread(&bob), unread_before + 1);
    CU_ASSERT_EQUAL(notes(&ann), 0); /* never oneself */
    post = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT mention FROM forum_notifications WHERE user_id = ? AND "
                              "post_id = ?",
                              bob.user_id, post),
                    1);
    r = thread_page(thread);
    snprintf(link, sizeof(link),
             "<a rel=\"nofollow ugc noopener\" href=\"/en/people/%lld\">@%s</a>", bob.user_id,
             bob_h); /* the person's page */
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);

    /* Bob answers; Ann names him again in a reply: one notification of it,
     * though he would be told of the reply anyway */
    reply(&bob, thread, "Ateb Bob");
    before = notes(&bob);
    snprintf(body, sizeof(body), "Diolch @%s", bob_h);
    reply(&ann, thread, body);
    CU_ASSERT_EQUAL(notes(&bob), before + 1);

    /* the notifications page says who mentioned him */
    r = http_get_as(&srv, "/en/notifications", &bob);
    CU_ASSERT(http_body_has(
        &r, loc_textf("en", "communities.notifications.mentioned", "name", fx_name("Ann"), NULL)));
    http_resp_free(&r);

    /* an edit that still names him does not notify again; one that names Cai does */
    snprintf(body, sizeof(body), "/cy/posts/%lld/edit", post);
    before = notes(&bob);
    {
        char form[512], text[256];

        snprintf(text, sizeof(text), "@%s a @%s", bob_h, cai_h);
        snprintf(form, sizeof(form), "body=%s&lang=cy", http_enc(text));
        r = http_post_as(&srv, body, &ann, form);
        CU_ASSERT_EQUAL(r.status, 303);
        http_resp_free(&r);
    }
    CU_ASSERT_EQUAL(notes(&bob), before);
    CU_ASSERT_EQUAL(notes(&cai), 1);
}

static void mention__code_quote_email_and_case(void)
{
    char body[1024];
    long long cai_before = notes(&cai), bob_before = notes(&bob), thread;
    struct http_resp r;

    snprintf(body, sizeof(body),
             "Cod: `@%s`\n\n```\n@%s\n```\n\n    @%s\n\n> @%s\n\ne-bost: post@%s\n\n"
             "[@%s](https://example.org)",
             cai_h, cai_h, cai_h, cai_h, cai_h, cai_h);
    thread = new_thread(&ann, body);
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(notes(&cai), cai_before);
    r = thread_page(thread);
    snprintf(body, sizeof(body), "<code>@%s</code>", cai_h);
    CU_ASSERT(http_body_has(&r, body)); /* code stays code */
    snprintf(body, sizeof(body), "post@%s", cai_h);
    CU_ASSERT(http_body_has(&r, body)); /* an address stays text */
    http_resp_free(&r);

    /* the handle in another case (and a trailing full stop) still names him */
    {
        char lower[256];
        size_t i;

        for (i = 0; bob_h[i] && i < sizeof(lower) - 1; i++)
            lower[i] = (char)(bob_h[i] >= 'A' && bob_h[i] <= 'Z' ? bob_h[i] + 32 : bob_h[i]);
        lower[i] = 0;
        snprintf(body, sizeof(body), "Helo @%s.", lower);
    }
    new_thread(&ann, body);
    CU_ASSERT_EQUAL(notes(&bob), bob_before + 1);
}

static void mention__unknown_ambiguous_and_outsiders_are_text(void)
{
    char body[1024], text[256];
    long long thread, rows = fx_num_l("SELECT COUNT(*) FROM forum_mentions WHERE user_id > ?", 0);
    struct http_resp r;

    snprintf(body, sizeof(body), "@Neb_%s, @%s ac @%s", bob_h, twin_h, out_h);
    thread = new_thread(&ann, body);
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_mentions WHERE user_id > ?", 0), rows);
    r = thread_page(thread);
    snprintf(text, sizeof(text), "@%s ac @%s", twin_h, out_h);
    CU_ASSERT(http_body_has(&r, text));
    http_resp_free(&r);
}

static void mention__hostile_text_is_inert(void)
{
    char body[1024];
    long long thread;
    struct http_resp r;

    snprintf(body, sizeof(body),
             "@%s<script>alert(1)</script> [@%s](javascript:alert(1)) "
             "<a href=\"javascript:x\">@%s</a> @%s\"onmouseover=\"alert(1) "
             "@<img src=x onerror=alert(1)> @@%s @%s%%22%%3E",
             bob_h, bob_h, bob_h, bob_h, bob_h, bob_h);
    thread = new_thread(&ann, body);
    CU_ASSERT_FATAL(thread > 0);
    r = thread_page(thread);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, "<script>alert"));
    CU_ASSERT(!http_body_has(&r, "javascript:"));
    CU_ASSERT(!http_body_has(&r, "onerror=alert"));
    CU_ASSERT(!http_body_has(&r, "\"onmouseover"));
    http_resp_free(&r);
}

/* Names with an apostrophe (stored ' or ’, typed either way, a possessive
 * "'s" after the handle) and accents are mentioned; addresses are not. */
static void mention__apostrophes_and_accents(void)
{
    long long community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    const char *obrien = fx_name("O'Brien"), *darcy = fx_name("Siân D’Arcy");
    long long o = fx_user(obrien, "learner"), d = fx_user(darcy, "learner"), thread;
    char *oh = handle(obrien), *dh = handle(fx_name("siân D'arcy")), body[1024], link[512];
    struct http_resp r;

    CU_ASSERT_FATAL(o > 0 && d > 0);
    CU_ASSERT_FATAL(db_exec(fx_dbh,
                            "INSERT INTO community_members (community_id, user_id, post_count) "
                            "VALUES (?, ?, 0), (?, ?, 0)",
                            "llll", community, o, community, d) == DB_OK);
    snprintf(body, sizeof(body), "Syniad @%s's yn dda, @%s. Nid: x%s@example.org", oh, dh, oh);
    thread = new_thread(&ann, body);
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", o), 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ?", d), 1);
    r = thread_page(thread);
    snprintf(link, sizeof(link), "href=\"/en/people/%lld\">@O’Brien_%s</a>’s", o,
             strchr(obrien, ' ') + 1);
    CU_ASSERT(http_body_has(&r, link));
    snprintf(link, sizeof(link), "href=\"/en/people/%lld\">@", d);
    CU_ASSERT(http_body_has(&r, link));
    http_resp_free(&r);
    free(oh);
    free(dh);
}

static void mention__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "mention__notifies_once_and_links", mention__notifies_once_and_links },
        { "mention__code_quote_email_and_case", mention__code_quote_email_and_case },
        { "mention__unknown_ambiguous_and_outsiders_are_text",
          mention__unknown_ambiguous_and_outsiders_are_text },
        { "mention__hostile_text_is_inert", mention__hostile_text_is_inert },
        { "mention__apostrophes_and_accents", mention__apostrophes_and_accents },
        { "mention__log_has_no_errors", mention__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/mention", cases, start, stop);
}
