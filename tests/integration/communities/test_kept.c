/*
 * A thread's page for signed-in readers from the render cache (issue 22,
 * server/communities/pages_thread.c forum_page_thread_mine): kept once per
 * variant (member or not; moderator; admin) with each reader's watch
 * button and CSRF fields in holes. Two members reading the same thread in
 * turn each get their own token and watch button, never the other's; a
 * member's own post has its edit link and delete button on their page
 * alone, a new member's waiting reply on theirs alone; a reader who is not
 * a member is asked to join; a moderator gets the hide forms, others never.
 * Every post's button belongs to the page's one form (#thread-actions): a
 * report and a hide sent from it, with the post's own reason-{id} /
 * why-{id} field, are kept. The community page is kept for members and for
 * others the same way; a person's page once, each signed-in reader with
 * their own header.
 *
 * No assertion depends on timing: a hit, a refill and a page rendered
 * before its address is kept all give the answers asserted here.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures_forum.h"
#include "harness.h"
#include "http/rendercache.h"

static struct server srv;
static struct fx_session ann, bob, cai, mod, dai;
static long long community, thread, first;
static char path[96], slug[96];

static int start(void)
{
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", NULL };
    long long author;

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "cadw-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) "
                "VALUES (?, 'Cadw', 'Kept', 'Cymuned prawf', 'A test community')",
                "s", slug) != DB_OK)
        return -1;
    community = (long long)db_insert_id(fx_dbh);
    author = fx_user(fx_name("Awdur"), "learner");
    if (!author || fx_forum_member(community, author, 20) ||
        fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(fx_name("Bob"), "learner"), &bob) ||
        fx_sign_in(fx_user(fx_name("Cai"), "learner"), &cai) ||
        fx_sign_in(fx_user(fx_name("Mod"), "learner,moderator"), &mod) ||
        fx_sign_in(fx_user(fx_name("Dai"), "learner"), &dai) ||
        fx_forum_member(community, dai.user_id, 0) || fx_forum_member(community, ann.user_id, 20) ||
        fx_forum_member(community, bob.user_id, 20))
        return -1;
    thread = fx_forum_thread_row(community, author, fx_name("Edefyn cadw"), "Y neges gyntaf");
    first = fx_forum_first_post(thread);
    snprintf(path, sizeof(path), "/cy/threads/%lld", thread);
    return thread && first ? server_start(&srv, env) : -1;
}

static int stop(void)
{
    return harness_stop(&srv);
}

static struct http_resp get_at(const char *at, const struct fx_session *s)
{
    struct http_resp r = http_get_as(&srv, at, s);

    CU_ASSERT_EQUAL(r.status, 200);
    return r;
}

static struct http_resp get(const struct fx_session *s)
{
    return get_at(path, s);
}

/* Ask anonymously one time fewer than the doorkeeper's
 * RENDERCACHE_ADMIT_ASKS, so the next ask fills the cache (as
 * tests/integration/http/test_splice.c warm()). */
static void warm_at(const char *at)
{
    struct http_resp r;
    int i;

    for (i = 0; i < RENDERCACHE_ADMIT_ASKS - 1; i++) {
        r = get_at(at, NULL);
        http_resp_free(&r);
    }
}

static void warm(void)
{
    warm_at(path);
}

static int has_token(const struct http_resp *r, const struct fx_session *s)
{
    char want[128];

    snprintf(want, sizeof(want), "name=\"csrf\" value=\"%s\"", s->csrf);
    return http_body_has(r, want);
}

/* r's watch button is the one to stop watching (1) or to start (0). */
static int watching(const struct http_resp *r)
{
    char stop[96];

    snprintf(stop, sizeof(stop), "action=\"/cy/threads/%lld/unwatch\"", thread);
    return http_body_has(r, stop);
}

static void post(const char *to, const struct fx_session *s, const char *body, int want)
{
    struct http_resp r = http_post_as(&srv, to, s, body);

    CU_ASSERT_EQUAL(r.status, want);
    http_resp_free(&r);
}

static void kept__two_members_each_their_own(void)
{
    const char *reply = loc_text("cy", "communities.thread.reply");
    char to[128], edit[128], del[128];
    struct http_resp r;
    long long own;
    int i;

    warm();
    snprintf(to, sizeof(to), "/cy/threads/%lld/watch", thread);
    post(to, &ann, "", 303);
    for (i = 0; i < 8; i++) { /* in turn: one kept copy, each their own holes */
        const struct fx_session *s = i % 2 ? &bob : &ann, *other = i % 2 ? &ann : &bob;

        r = get(s);
        CU_ASSERT(has_token(&r, s));
        CU_ASSERT(!has_token(&r, other));
        CU_ASSERT_EQUAL(watching(&r), s == &ann);
        CU_ASSERT(http_body_has(&r, reply));
        CU_ASSERT(http_body_has(&r, "form=\"thread-actions\""));
        http_resp_free(&r);
    }
    /* Ann replies: her post's edit link and delete button are hers alone */
    snprintf(to, sizeof(to), "/cy/threads/%lld/posts", thread);
    post(to, &ann, "body=Ateb+Ann&lang=cy", 303);
    own = fx_num_l("SELECT MAX(id) FROM forum_posts WHERE thread_id = ?", thread);
    snprintf(edit, sizeof(edit), "/cy/posts/%lld/edit", own);
    snprintf(del, sizeof(del), "formaction=\"/cy/posts/%lld/delete\"", own);
    r = get(&ann);
    CU_ASSERT(http_body_has(&r, "Ateb Ann") && http_body_has(&r, edit) && http_body_has(&r, del));
    CU_ASSERT(has_token(&r, &ann) && !has_token(&r, &bob));
    http_resp_free(&r);
    for (i = 0; i < 4; i++) {
        r = get(&bob);
        CU_ASSERT(!http_body_has(&r, edit) && !http_body_has(&r, del));
        CU_ASSERT(has_token(&r, &bob) && !has_token(&r, &ann) && !watching(&r));
        http_resp_free(&r);
    }
}

/* Dai, a new member, replies: it waits for a moderator, shown to him alone
 * (his page rendered in full), never in the copy the other members get. */
static void kept__a_waiting_post_is_its_authors_alone(void)
{
    const char *tag = loc_text("cy", "communities.review.waiting_tag");
    char to[128];
    struct http_resp r;
    int i;

    warm();
    snprintf(to, sizeof(to), "/cy/threads/%lld/posts", thread);
    post(to, &dai, "body=Ateb+yn+aros+Dai&lang=cy", 303);
    r = get(&dai);
    CU_ASSERT(http_body_has(&r, "Ateb yn aros Dai") && http_body_has(&r, tag));
    CU_ASSERT(has_token(&r, &dai));
    http_resp_free(&r);
    for (i = 0; i < 6; i++) {
        r = get(i % 2 ? &bob : &cai);
        CU_ASSERT(!http_body_has(&r, "Ateb yn aros Dai") && !http_body_has(&r, tag));
        CU_ASSERT(!has_token(&r, &dai));
        http_resp_free(&r);
    }
}

static void kept__not_a_member_nor_anonymous(void)
{
    struct http_resp r;
    int i;

    warm();
    for (i = 0; i < 4; i++) {
        r = get(i % 2 ? &cai : &bob);
        if (i % 2) { /* Cai is asked to join, gets no reply form, his own token */
            CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.thread.join_to_reply")));
            CU_ASSERT(!http_body_has(&r, loc_text("cy", "communities.thread.reply")));
            CU_ASSERT(has_token(&r, &cai) && !has_token(&r, &bob));
        } else {
            CU_ASSERT(!http_body_has(&r, loc_text("cy", "communities.thread.join_to_reply")));
            CU_ASSERT(has_token(&r, &bob) && !has_token(&r, &cai));
        }
        http_resp_free(&r);
    }
    r = get(NULL);
    CU_ASSERT(!http_body_has(&r, "thread-actions") && !has_token(&r, &bob) && !has_token(&r, &cai));
    CU_ASSERT(!http_body_has(&r, loc_text("cy", "communities.thread.report")));
    http_resp_free(&r);
}

static void kept__report_and_hide_from_the_one_form(void)
{
    char to[96], body[160], hide[96];
    struct http_resp r;
    int i;

    snprintf(hide, sizeof(hide), "/cy/moderation/posts/%lld/hide", first);
    warm();
    for (i = 0; i < 4; i++) { /* the moderator's copy and a member's: each their own */
        const struct fx_session *s = i % 2 ? &bob : &mod;

        r = get(s);
        CU_ASSERT(has_token(&r, s) && !has_token(&r, i % 2 ? &mod : &bob));
        CU_ASSERT_EQUAL(http_body_has(&r, hide), s == &mod);
        http_resp_free(&r);
    }
    /* Bob reports the first post: every post's reason is sent, its own is kept */
    snprintf(to, sizeof(to), "/cy/posts/%lld/report", first);
    snprintf(body, sizeof(body), "reason-%lld=Dim+yn+berthnasol&reason-%lld=", first, first + 1);
    post(to, &bob, body, 303);
    CU_ASSERT_EQUAL(fx_num_ls("SELECT COUNT(*) FROM forum_reports WHERE post_id = ? AND reason = ?",
                              first, "Dim yn berthnasol"),
                    1);
    /* the moderator hides it with its why-{id}; without one: 400 */
    snprintf(body, sizeof(body), "why-%lld=", first);
    post(hide, &mod, body, 400);
    snprintf(body, sizeof(body), "why-%lld=Oddi+ar+y+pwnc&why-%lld=", first, first + 1);
    post(hide, &mod, body, 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT hidden FROM forum_posts WHERE id = ?", first), 1);
    r = get(&bob);
    CU_ASSERT(!http_body_has(&r, "Y neges gyntaf"));
    http_resp_free(&r);
}

/* The community page is kept for members and for others: Ann and Bob (members)
 * get the new-thread form, Cai the join button, each their own token and
 * watch button (Ann watches the community). */
static void kept__community_members_and_others(void)
{
    char at[128], join[160], start[160], unwatch[160], to[160];
    struct http_resp r;
    int i;

    snprintf(at, sizeof(at), "/cy/communities/%s", slug);
    snprintf(join, sizeof(join), "action=\"%s/join\"", at);
    snprintf(start, sizeof(start), "action=\"%s/threads\"", at);
    snprintf(unwatch, sizeof(unwatch), "action=\"%s/unwatch\"", at);
    snprintf(to, sizeof(to), "%s/watch", at);
    warm_at(at);
    post(to, &ann, "", 303);
    for (i = 0; i < 9; i++) {
        const struct fx_session *s = i % 3 == 0 ? &ann : i % 3 == 1 ? &bob : &cai;

        r = get_at(at, s);
        CU_ASSERT(has_token(&r, s));
        CU_ASSERT((s == &ann || !has_token(&r, &ann)) && (s == &bob || !has_token(&r, &bob)) &&
                  (s == &cai || !has_token(&r, &cai)));
        CU_ASSERT_EQUAL(http_body_has(&r, join), s == &cai);
        CU_ASSERT_EQUAL(http_body_has(&r, start), s != &cai);
        CU_ASSERT_EQUAL(http_body_has(&r, unwatch), s == &ann);
        http_resp_free(&r);
    }
    /* Cai joins: his next page has the form at once */
    snprintf(to, sizeof(to), "%s/join", at);
    post(to, &cai, "", 303);
    r = get_at(at, &cai);
    CU_ASSERT(http_body_has(&r, start) && !http_body_has(&r, join) && has_token(&r, &cai));
    http_resp_free(&r);
    r = get_at(at, NULL);
    CU_ASSERT(!http_body_has(&r, join) && !http_body_has(&r, start) && !has_token(&r, &cai));
    http_resp_free(&r);
}

/* A person's page is the same for every reader (ROUTE_SHARED_SIGNED): each
 * signed-in reader gets it with their own header only. */
static void kept__person_page_each_their_own_header(void)
{
    char at[96];
    struct http_resp r;
    int i;

    snprintf(at, sizeof(at), "/cy/people/%lld", ann.user_id);
    warm_at(at);
    for (i = 0; i < 4; i++) {
        const struct fx_session *s = i % 2 ? &cai : &bob, *other = i % 2 ? &bob : &cai;

        r = get_at(at, s);
        CU_ASSERT(has_token(&r, s) && !has_token(&r, other));
        CU_ASSERT(http_body_has(&r, "Ateb Ann"));
        http_resp_free(&r);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__two_members_each_their_own", kept__two_members_each_their_own },
        { "kept__a_waiting_post_is_its_authors_alone", kept__a_waiting_post_is_its_authors_alone },
        { "kept__not_a_member_nor_anonymous", kept__not_a_member_nor_anonymous },
        { "kept__report_and_hide_from_the_one_form", kept__report_and_hide_from_the_one_form },
        { "kept__community_members_and_others", kept__community_members_and_others },
        { "kept__person_page_each_their_own_header", kept__person_page_each_their_own_header },
        { NULL, NULL },
    };

    test_add_suite_with("communities/kept", cases, start, stop);
}
