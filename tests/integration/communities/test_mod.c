/*
 * The moderators' tools over HTTP (docs/communities.md "Moderators' tools"):
 * a pinned thread comes first on the community's first page and on no
 * other, with at most FORUM_PINNED_MAX pinned; moving a thread moves its
 * authors' post counts between the two communities; a muted member cannot
 * start a thread, reply or report, and the form says until when; lifting
 * the mute lets them post again; each action audited with who and why;
 * the guards (a member gets 403, a forged form 403, an unknown thread 404).
 *
 * The two communities are this run's own (archived, so no list shows them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "view/datefmt.h"

static struct server srv;
static struct fx_session member, moderator;
static char slug_a[64], slug_b[64];
static long long community_a, community_b;

static long long add_community(char *slug, size_t cap, const char *name)
{
    snprintf(slug, cap, "mod-%s-%s", name, fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en, "
                "archived) VALUES (?, ?, ?, '', '', 1)",
                "sss", slug, slug, slug) != DB_OK)
        return 0;
    return fx_num_s("SELECT id FROM communities WHERE slug = ?", slug);
}

static int start(void)
{
    if (fx_init())
        return -1;
    community_a = add_community(slug_a, sizeof(slug_a), "a");
    community_b = add_community(slug_b, sizeof(slug_b), "b");
    if (community_a <= 0 || community_b <= 0)
        return -1;
    if (fx_sign_in(fx_user(fx_name("Aelod"), "learner"), &member) ||
        fx_sign_in(fx_user(fx_name("Cymedrolwr"), "learner,moderator"), &moderator))
        return -1;
    if (fx_forum_member(community_a, member.user_id, 20) ||
        fx_forum_member(community_b, member.user_id, 20))
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* A thread in community by the member, its last post hours_ago, with posts
 * posts by them; its id. */
static long long add_thread(long long community, const char *title, int hours_ago, int posts)
{
    long long id;
    int i;

    if (db_exec(fx_dbh,
                "INSERT INTO forum_threads (community_id, author_id, title, lang, post_count, "
                "last_post_at) VALUES (?, ?, ?, 'cy', ?, UTC_TIMESTAMP() - INTERVAL ? HOUR)",
                "llsii", community, member.user_id, title, posts, hours_ago) != DB_OK)
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    for (i = 0; i < posts; i++)
        if (db_exec(fx_dbh,
                    "INSERT INTO forum_posts (thread_id, author_id, body, lang) "
                    "VALUES (?, ?, 'Neges', 'cy')",
                    "ll", id, member.user_id) != DB_OK)
            return 0;
    return id;
}

static const char *title_of(int i)
{
    return arena_printf(&fx_mem, "Edefyn %02d %s", i, fx_tag);
}

static int post_status(const char *path, const struct fx_session *s, const char *form)
{
    struct http_resp r = http_post_as(&srv, path, s, form);
    int status = r.status;

    http_resp_free(&r);
    return status;
}

/* The ?before= cursor of the page's "older" link, or NULL. */
static const char *older_cursor(const struct http_resp *r)
{
    const char *at = r->body ? strstr(r->body, "?before=") : NULL;
    size_t n;

    if (!at)
        return NULL;
    at += strlen("?before=");
    n = strspn(at, "0123456789.");
    return arena_strndup(&fx_mem, at, n);
}

static void pin__pinned_first_on_page_one_only(void)
{
    long long ids[25], pinned;
    const char *path = arena_printf(&fx_mem, "/cy/communities/%s", slug_a), *cursor;
    struct http_resp p1, p2;
    int i, seen;

    for (i = 0; i < 25; i++) {
        ids[i] = add_thread(community_a, title_of(i), i + 1, 1); /* 0 newest */
        CU_ASSERT_FATAL(ids[i] > 0);
    }
    pinned = ids[24]; /* the oldest */
    /* no reason: the page again with the problem, nothing changed */
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/threads/%lld/pin", pinned),
                                &moderator, "pin_reason="),
                    400);
    CU_ASSERT_EQUAL(fx_num_l("SELECT pinned FROM forum_threads WHERE id = ?", pinned), 0);
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/threads/%lld/pin", pinned),
                                &moderator, "pin_reason=Pwysig"),
                    303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT pinned FROM forum_threads WHERE id = ?", pinned), 1);
    CU_ASSERT_EQUAL(fx_audit_count("forum_thread_pinned", moderator.user_id, member.user_id,
                                   arena_printf(&fx_mem, "thread %lld: Pwysig", pinned)),
                    1);

    p1 = http_get_as(&srv, path, NULL);
    CU_ASSERT_EQUAL(p1.status, 200);
    CU_ASSERT(http_pos(&p1, title_of(24)) >= 0);
    CU_ASSERT(http_pos(&p1, title_of(24)) < http_pos(&p1, title_of(0)));
    CU_ASSERT(http_body_has(&p1, loc_text("cy", "communities.pinned")));
    cursor = older_cursor(&p1);
    CU_ASSERT_FATAL(cursor != NULL);
    p2 = http_get_as(&srv, arena_printf(&fx_mem, "%s?before=%s", path, cursor), NULL);
    CU_ASSERT_EQUAL(p2.status, 200);
    CU_ASSERT(!http_body_has(&p2, title_of(24)));
    /* every thread exactly once over the two pages: 1 pinned + 19, then 5 */
    for (i = 0; i < 25; i++) {
        seen = http_body_has(&p1, title_of(i)) + http_body_has(&p2, title_of(i));
        CU_ASSERT_EQUAL(seen, 1);
    }
    CU_ASSERT(http_body_has(&p1, title_of(18)));
    CU_ASSERT(http_body_has(&p2, title_of(19)));
    http_resp_free(&p1);
    http_resp_free(&p2);

    /* FORUM_PINNED_MAX (5): the sixth is refused with the page saying so */
    for (i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(
            post_status(arena_printf(&fx_mem, "/cy/moderation/threads/%lld/pin", ids[i]),
                        &moderator, "pin_reason=Pwysig"),
            303);
    p1 = http_post_as(&srv, arena_printf(&fx_mem, "/en/moderation/threads/%lld/pin", ids[10]),
                      &moderator, "pin_reason=Too%20many");
    CU_ASSERT_EQUAL(p1.status, 400);
    CU_ASSERT(http_body_has(&p1, loc_text("en", "communities.errors.pinned_full")));
    CU_ASSERT(http_body_has(&p1, "value=\"Too many\""));
    http_resp_free(&p1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT pinned FROM forum_threads WHERE id = ?", ids[10]), 0);

    /* unpinned: back in its place by latest post */
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/threads/%lld/unpin", pinned),
                                &moderator, "pin_reason=Dim%20mwy"),
                    303);
    CU_ASSERT_EQUAL(
        fx_audit_count("forum_thread_unpinned", moderator.user_id, member.user_id, NULL), 1);
    p1 = http_get_as(&srv, path, NULL);
    CU_ASSERT(!http_body_has(&p1, title_of(24)));
    http_resp_free(&p1);
    for (i = 0; i < 4; i++)
        fx_exec_l("UPDATE forum_threads SET pinned = 0 WHERE id = ?", ids[i]);
}

static void move__counters_in_both_communities(void)
{
    const char *title = fx_name("Symud");
    long long id = add_thread(community_a, title, 0, 3);
    const char *move = arena_printf(&fx_mem, "/cy/moderation/threads/%lld/move", id);
    const char *sql = "SELECT post_count FROM community_members WHERE community_id = ? AND "
                      "user_id = ?";
    long long before_a = fx_num_ll(sql, community_a, member.user_id);
    long long before_b = fx_num_ll(sql, community_b, member.user_id);
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    /* the form lists the open communities, not the thread's own */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/moderation/threads/%lld", id), &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, "value=\"content-design\""));
    http_resp_free(&r);
    /* the same community, or no reason: the page with the problems and what was typed */
    r = http_post_as(&srv, move, &moderator,
                     arena_printf(&fx_mem, "move_to=%s&move_reason=Lle%%20gwell", slug_a));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.move_to")));
    CU_ASSERT(http_body_has(&r, "value=\"Lle gwell\""));
    http_resp_free(&r);
    r = http_post_as(&srv, move, &moderator,
                     arena_printf(&fx_mem, "move_to=%s&move_reason=", slug_b));
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.reason_missing")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT community_id FROM forum_threads WHERE id = ?", id),
                    community_a);

    r = http_post_as(&srv, move, &moderator,
                     arena_printf(&fx_mem, "move_to=%s&move_reason=Lle%%20gwell", slug_b));
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT community_id FROM forum_threads WHERE id = ?", id),
                    community_b);
    CU_ASSERT_EQUAL(fx_num_ll(sql, community_a, member.user_id), before_a - 3);
    CU_ASSERT_EQUAL(fx_num_ll(sql, community_b, member.user_id), before_b + 3);
    CU_ASSERT_EQUAL(fx_audit_count("forum_thread_moved", moderator.user_id, member.user_id, NULL),
                    1);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/communities/%s", slug_a), NULL);
    CU_ASSERT(!http_body_has(&r, title));
    http_resp_free(&r);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/communities/%s", slug_b), NULL);
    CU_ASSERT(http_body_has(&r, title));
    http_resp_free(&r);
}

/* The London "HH:MM" at which user's running mute ends. */
static const char *mute_end(long long user)
{
    time_t until = (time_t)fx_num_l("SELECT UNIX_TIMESTAMP(until) FROM forum_mutes WHERE "
                                    "user_id = ? AND lifted_at IS NULL",
                                    user);

    return datefmt_time(&fx_mem, until);
}

static void mute__blocks_posting_and_says_until_when(void)
{
    long long thread = add_thread(community_a, fx_name("Distewi"), 0, 1), post;
    const char *mute = arena_printf(&fx_mem, "/cy/moderation/members/%lld/mute", member.user_id);
    const char *new_thread = arena_printf(&fx_mem, "/cy/communities/%s/threads", slug_a);
    const char *reply = arena_printf(&fx_mem, "/cy/threads/%lld/posts", thread);
    const char *muted;
    struct http_resp r;

    CU_ASSERT_FATAL(thread > 0);
    post = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);
    /* bad choices: refused with the page */
    CU_ASSERT_EQUAL(post_status(mute, &moderator, "days=5&mute_reason=Sbam"), 400);
    CU_ASSERT_EQUAL(post_status(mute, &moderator, "days=7&mute_reason="), 400);
    CU_ASSERT_EQUAL(
        post_status(arena_printf(&fx_mem, "/cy/moderation/members/%lld/mute", moderator.user_id),
                    &moderator, "days=1&mute_reason=Prawf"),
        400);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_mutes WHERE user_id = ?", member.user_id),
                    0);
    r = http_post_as(&srv, mute, &moderator, "days=7&mute_reason=Sbam%20eto");
    CU_ASSERT(http_see_other(&r, "/cy/moderation"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_audit_count("forum_member_muted", moderator.user_id, member.user_id, "7 days: Sbam eto"),
        1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT DATEDIFF(until, UTC_TIMESTAMP()) FROM forum_mutes WHERE "
                             "user_id = ? AND lifted_at IS NULL",
                             member.user_id),
                    7);
    muted =
        arena_printf(&fx_mem, "%s%s, ", loc_prefix("cy", "communities.mute.you_are_muted", NULL),
                     mute_end(member.user_id));

    /* a new thread: the page says until when, keeps what was typed, writes nothing */
    r = http_post_as(&srv, new_thread, &member, "title=Helo&body=Testun%20cadw&lang=cy");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.errors.muted")));
    CU_ASSERT(http_body_has(&r, muted));
    CU_ASSERT(http_body_has(&r, "Testun cadw"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_threads WHERE community_id = ? AND "
                              "author_id = ? AND title = 'Helo'",
                              community_a, member.user_id),
                    0);
    r = http_post_as(&srv, reply, &member, "body=Ateb&lang=cy");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, muted));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        post_status(arena_printf(&fx_mem, "/cy/posts/%lld/report", post), &member, "reason=x"),
        403);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ?", thread), 1);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_reports WHERE reporter_id = ?", member.user_id), 0);
    /* the forms say so before anything is typed, in English too */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/en/threads/%lld", thread), &member);
    CU_ASSERT(http_body_has(&r, loc_prefix("en", "communities.mute.you_are_muted", NULL)));
    http_resp_free(&r);

    /* the member's page offers to lift it (its one statement reads the running mute) */
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/moderation/members/%lld", member.user_id),
                    &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(
        &r, arena_printf(&fx_mem, "/cy/moderation/members/%lld/unmute", member.user_id)));
    http_resp_free(&r);

    /* the moderation page lists the mute, with the button to lift it */
    r = http_get_as(&srv, "/cy/moderation", &moderator);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(
        &r, arena_printf(&fx_mem, "/cy/moderation/members/%lld/unmute", member.user_id)));
    CU_ASSERT(http_body_has(&r, "Sbam eto"));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        post_status(arena_printf(&fx_mem, "/cy/moderation/members/%lld/unmute", member.user_id),
                    &moderator, "unmute_reason=Camgymeriad"),
        303);
    CU_ASSERT_EQUAL(
        fx_audit_count("forum_member_unmuted", moderator.user_id, member.user_id, "Camgymeriad"),
        1);
    CU_ASSERT_EQUAL(post_status(reply, &member, "body=Ateb%20nawr&lang=cy"), 303);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/moderation/members/%lld", member.user_id),
                    &moderator);
    CU_ASSERT(r.status == 200 &&
              !http_body_has(
                  &r, arena_printf(&fx_mem, "/cy/moderation/members/%lld/unmute", member.user_id)));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ?", thread), 2);
}

/* The time passing is the mute's until moved into the past (no clock to wind). */
static void mute__ends_when_its_time_passes(void)
{
    long long thread = add_thread(community_a, fx_name("Amser"), 0, 1);
    const char *reply = arena_printf(&fx_mem, "/cy/threads/%lld/posts", thread);

    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(
        post_status(arena_printf(&fx_mem, "/cy/moderation/members/%lld/mute", member.user_id),
                    &moderator, "days=1&mute_reason=Oeri"),
        303);
    CU_ASSERT_EQUAL(post_status(reply, &member, "body=Rhy%20gynnar&lang=cy"), 400);
    fx_exec_l("UPDATE forum_mutes SET until = UTC_TIMESTAMP() - INTERVAL 1 SECOND "
              "WHERE user_id = ? AND lifted_at IS NULL",
              member.user_id);
    CU_ASSERT_EQUAL(post_status(reply, &member, "body=Nawr&lang=cy"), 303);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ?", thread), 2);
}

static void guards__moderators_only_with_csrf(void)
{
    long long id = add_thread(community_a, fx_name("Gwarchod"), 0, 1);
    const char *pin = arena_printf(&fx_mem, "/cy/moderation/threads/%lld/pin", id);
    const char *mute = arena_printf(&fx_mem, "/cy/moderation/members/%lld/mute", member.user_id);
    struct http_resp r;

    CU_ASSERT_FATAL(id > 0);
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "/cy/moderation/threads/%lld", id), &member), 403);
    CU_ASSERT_EQUAL(
        http_status(&srv, arena_printf(&fx_mem, "/cy/moderation/members/%lld", member.user_id),
                    &member),
        403);
    CU_ASSERT_EQUAL(post_status(pin, &member, "pin_reason=x"), 403);
    CU_ASSERT_EQUAL(post_status(mute, &member, "days=1&mute_reason=x"), 403);
    CU_ASSERT_EQUAL(post_status(arena_printf(&fx_mem, "/cy/moderation/threads/%lld/move", id),
                                &member, arena_printf(&fx_mem, "move_to=%s&move_reason=x", slug_b)),
                    403);
    r = http_post_without_csrf(&srv, pin, &moderator, "pin_reason=x");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, mute, &moderator, "days=1&mute_reason=x");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(fx_num_l("SELECT pinned FROM forum_threads WHERE id = ?", id), 0);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_mutes WHERE user_id = ? AND "
                             "lifted_at IS NULL AND until > UTC_TIMESTAMP()",
                             member.user_id),
                    0);
    CU_ASSERT_EQUAL(
        post_status("/cy/moderation/threads/999999999999/pin", &moderator, "pin_reason=x"), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/cy/moderation/members/999999999999", &moderator), 404);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/moderation/threads/%lld", id), NULL);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
}

static void mod__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "pin__pinned_first_on_page_one_only", pin__pinned_first_on_page_one_only },
        { "move__counters_in_both_communities", move__counters_in_both_communities },
        { "mute__blocks_posting_and_says_until_when", mute__blocks_posting_and_says_until_when },
        { "mute__ends_when_its_time_passes", mute__ends_when_its_time_passes },
        { "guards__moderators_only_with_csrf", guards__moderators_only_with_csrf },
        { "mod__log_has_no_errors", mod__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/mod", cases, start, stop);
}
