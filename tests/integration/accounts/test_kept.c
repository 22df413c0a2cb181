/*
 * A person's own account and notification pages kept in memory (issue 22,
 * app/page_kept.h) with the session cache on: a repeated GET of the account
 * page, the tokens page, the notifications and their settings costs no
 * database round trip; the person's own change (their name, a new session
 * signed in elsewhere, a session ended, a token made, used or revoked, an
 * e-mail choice) is on their very next page; a reply by someone else is in
 * their notifications at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session trainer, ann, bob;
static const char *bob_name;
static char slug[96];
static long long community;

static int start(void)
{
    static const char *const env[] = { "DYSGU_SESSION_CACHE_MS=2000", "DYSGU_FORUM_REVIEW_POSTS=0",
                                       NULL };

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "cadw-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) "
                "VALUES (?, 'Cadw', 'Kept', 'Cymuned prawf', 'A test community')",
                "s", slug) != DB_OK)
        return -1;
    community = (long long)db_insert_id(fx_dbh);
    if (fx_sign_in(fx_user(fx_name("Trainer"), "trainer"), &trainer) ||
        fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(bob_name = fx_name("Bob"), "learner"), &bob) ||
        fx_forum_member(community, ann.user_id, 20) || fx_forum_member(community, bob.user_id, 20))
        return -1;
    fx_set_lang(ann.user_id, "en");
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

static void kept__a_repeated_get_costs_no_round_trip(void)
{
    static const char *const pages[][2] = {
        { "/cy/account", "/account" },
        { "/cy/account/tokens", "/account/tokens" },
        { "/cy/notifications", "/notifications" },
        { "/cy/notifications/settings", "/notifications/settings" },
    };
    size_t i;

    test_sleep_ms(600); /* past the session cache's and the generations' settling */
    for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        trips_as(&srv, &trainer, pages[i][0], pages[i][1]);
        CU_ASSERT_EQUAL(trips_as(&srv, &trainer, pages[i][0], pages[i][1]), 0);
        CU_ASSERT_EQUAL(trips_as(&srv, &trainer, pages[i][0], pages[i][1]), 0);
    }
    /* a page with a message is the request's own: read, never kept */
    CU_ASSERT(trips_as(&srv, &trainer, "/cy/account?saved=details", "/account") > 0);
}

static void kept__own_changes_show_on_the_next_page(void)
{
    struct browser b, other;
    const char *email = browser_new_account(&b, &srv, 3, "keptown");
    char fields[256];
    struct http_resp r;

    test_sleep_ms(600);
    trips_browser(&srv, &b, "/en/account", "/account");
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/account", "/account"), 0);
    /* a new name */
    snprintf(fields, sizeof(fields), "name=%s&organisation=%lld&org_other=x&lang=en",
             http_enc("Gwenllian Gadwedig"), fx_org("OTHER"));
    r = browser_submit(&b, "/en/account", "/en/account/details", fields);
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_browser(&b, "/en/account", "Gwenllian Gadwedig"));
    test_sleep_ms(600); /* the session cache's forget settles (core/persongen.h) */
    trips_browser(&srv, &b, "/en/account", "/account");
    CU_ASSERT_EQUAL(trips_browser(&srv, &b, "/en/account", "/account"), 0);
    /* signed in on another device: its session is on the list at once */
    CU_ASSERT(!shows_browser(&b, "/en/account", "dysgu-test/4"));
    browser_init(&other, &srv, 4);
    r = browser_sign_in(&other, "en", email, TEST_PASSWORD);
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(shows_browser(&b, "/en/account", "dysgu-test/4"));
    /* and gone at once when this one ends the others */
    r = browser_submit(&b, "/en/account", "/en/account/sessions/end-others", "x=1");
    CU_ASSERT(r.status == 303);
    http_resp_free(&r);
    CU_ASSERT(!shows_browser(&b, "/en/account", "dysgu-test/4"));
    CU_ASSERT(!browser_signed_in(&other));
}

static void kept__tokens_made_used_and_revoked_show_at_once(void)
{
    const char *name = fx_name("Kept token");
    const char *never = loc_text("cy", "accounts.tokens.never_used");
    struct http_resp r;
    char tok[128] = "", path[96];
    long long id;
    const char *at;

    test_sleep_ms(600);
    trips_as(&srv, &trainer, "/cy/account/tokens", "/account/tokens");
    CU_ASSERT_EQUAL(trips_as(&srv, &trainer, "/cy/account/tokens", "/account/tokens"), 0);
    CU_ASSERT(!shows_as(&srv, &trainer, "/cy/account/tokens", name));
    r = http_post_as(&srv, "/cy/account/tokens", &trainer,
                     arena_printf(&fx_mem, "name=%s", http_enc(name)));
    CU_ASSERT_EQUAL(r.status, 200);
    at = r.body ? strstr(r.body, "dysgu_pat_") : NULL;
    if (at)
        snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(at, "\"<"), at);
    http_resp_free(&r);
    CU_ASSERT_FATAL(tok[0] != '\0');
    CU_ASSERT(shows_as(&srv, &trainer, "/cy/account/tokens", name));
    CU_ASSERT(shows_as(&srv, &trainer, "/cy/account/tokens", never));
    CU_ASSERT_EQUAL(trips_as(&srv, &trainer, "/cy/account/tokens", "/account/tokens"), 0);
    /* used: its last use is on the page at once (no cohort of theirs: a 404,
     * but the token is read and its use written) */
    memset(&r, 0, sizeof(r));
    CU_ASSERT(http_get(&srv, "/api/v1/cohorts/999999999/progress",
                       arena_printf(&fx_mem, "Authorization: Bearer %s\r\n", tok), &r) == 0);
    CU_ASSERT(r.status == 404 || r.status == 403);
    http_resp_free(&r);
    CU_ASSERT(!shows_as(&srv, &trainer, "/cy/account/tokens", never));
    /* revoked: gone from the page */
    id = fx_num_ls("SELECT id FROM api_tokens WHERE user_id = ? AND name = ?", trainer.user_id,
                   name);
    snprintf(path, sizeof(path), "/cy/account/tokens/%lld/revoke", id);
    r = http_post_as(&srv, path, &trainer, "x=1");
    CU_ASSERT(http_see_other(&r, "/cy/account/tokens?saved=revoked"));
    http_resp_free(&r);
    CU_ASSERT(!shows_as(&srv, &trainer, "/cy/account/tokens", name));
}

static void kept__a_reply_by_someone_else_shows_at_once(void)
{
    const char *title = fx_name("Edefyn cadw");
    const char *replied =
        loc_textf("en", "communities.notifications.replied", "name", bob_name, NULL);
    long long thread = fx_forum_thread(&srv, &ann, slug, title, "Cwestiwn cyntaf", "cy");
    char path[64], form[256];
    struct http_resp r;

    CU_ASSERT_FATAL(thread > 0);
    test_sleep_ms(600);
    trips_as(&srv, &ann, "/en/notifications", "/notifications");
    CU_ASSERT_EQUAL(trips_as(&srv, &ann, "/en/notifications", "/notifications"), 0);
    CU_ASSERT(!shows_as(&srv, &ann, "/en/notifications", replied));
    /* bob replies to ann's thread, which she watches as its author */
    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=cy", http_enc("Ateb gan Bob"));
    r = http_post_as(&srv, path, &bob, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(shows_as(&srv, &ann, "/en/notifications", replied));
    /* read now, and kept again once read */
    CU_ASSERT(shows_as(&srv, &ann, "/en/notifications", replied));
    test_sleep_ms(600);
    trips_as(&srv, &ann, "/en/notifications", "/notifications");
    CU_ASSERT_EQUAL(trips_as(&srv, &ann, "/en/notifications", "/notifications"), 0);
    /* the thread she watches is on her settings page; unwatched, it goes */
    CU_ASSERT(shows_as(&srv, &ann, "/en/notifications/settings", title));
    snprintf(path, sizeof(path), "/en/threads/%lld/unwatch", thread);
    r = http_post_as(&srv, path, &ann, "back=settings");
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    CU_ASSERT(!shows_as(&srv, &ann, "/en/notifications/settings", title));
}

/* 1 when s's settings page shows the e-mail choice value chosen. */
static int mail_is(const struct fx_session *s, const char *value)
{
    struct http_resp r = http_get_as(&srv, "/en/notifications/settings", s);
    const char *at = r.body ? strstr(r.body, arena_printf(&fx_mem, "value=\"%s\"", value)) : NULL;
    const char *end = at ? strchr(at, '>') : NULL;
    int ok = r.status == 200 && end &&
             strstr(arena_strndup(&fx_mem, at, (size_t)(end - at)), " checked");

    http_resp_free(&r);
    return ok;
}

/* The e-mail choice: this page's own form, and an e-mailed link (no
 * session: the store moves the person's generation). */
static void kept__mail_choice_shows_at_once(void)
{
    struct http_resp r;

    test_sleep_ms(600);
    r = http_post_as(&srv, "/en/notifications/settings", &ann, "mail=daily");
    CU_ASSERT(http_see_other(&r, "/en/notifications/settings?saved=1"));
    http_resp_free(&r);
    CU_ASSERT(mail_is(&ann, "daily"));
    CU_ASSERT_EQUAL(trips_as(&srv, &ann, "/en/notifications/settings", "/notifications/settings"),
                    0);
    CU_ASSERT(fx_exec_l("UPDATE forum_mail_settings SET mail = 'off' WHERE user_id = ?",
                        ann.user_id) == 1);
    /* a change behind the server's back: at most PERSON_KEPT_TTL_MS old */
    test_sleep_ms(2100);
    CU_ASSERT(mail_is(&ann, "off"));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "kept__a_repeated_get_costs_no_round_trip", kept__a_repeated_get_costs_no_round_trip },
        { "kept__own_changes_show_on_the_next_page", kept__own_changes_show_on_the_next_page },
        { "kept__tokens_made_used_and_revoked_show_at_once",
          kept__tokens_made_used_and_revoked_show_at_once },
        { "kept__a_reply_by_someone_else_shows_at_once",
          kept__a_reply_by_someone_else_shows_at_once },
        { "kept__mail_choice_shows_at_once", kept__mail_choice_shows_at_once },
        { NULL, NULL },
    };
    test_add_suite_with("accounts/kept", cases, start, stop);
}
