/*
 * Watching and e-mail of notifications over HTTP, in a community of the
 * test's own: a new post notifies each watcher of its thread or community
 * exactly once (watching both, or mentioned too), never its author;
 * "Stop watching" stops it and is kept when one replies again; e-mail goes
 * "at once" (after two minutes' grace) in the reader's language, or as one
 * daily digest (time moved in the database, as test_reminders does); a
 * post deleted in the meantime is not mailed, its text in no
 * notification or mail; the forms need CSRF; hostile text stays inert and
 * out of the mail's headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session ann, bob, cai, dai, eve;
static char slug[96], *cai_h;
static const char *bob_name;
static long long community;

/* "Cai zq1x2" -> "Cai_zq1x2", malloc'd */
static char *handle(const char *name)
{
    char *h = strdup(name), *u;

    for (u = h; (u = strchr(u, ' ')); u++)
        *u = '_';
    return h;
}

static int member(const struct fx_session *s)
{
    return fx_forum_member(community, s->user_id, 20);
}

static int start(void)
{
    const char *cai_name;

    if (fx_init())
        return -1;
    snprintf(slug, sizeof(slug), "gwylio-%s", fx_tag);
    if (db_exec(fx_dbh,
                "INSERT INTO communities (slug, name_cy, name_en, summary_cy, summary_en) "
                "VALUES (?, 'Gwylio', 'Watching', 'Cymuned prawf', 'A test community')",
                "s", slug) != DB_OK)
        return -1;
    community = (long long)db_insert_id(fx_dbh);
    cai_name = fx_name("Cai");
    cai_h = handle(cai_name);
    if (fx_sign_in(fx_user(fx_name("Ann"), "learner"), &ann) ||
        fx_sign_in(fx_user(bob_name = fx_name("Bob"), "learner"), &bob) ||
        fx_sign_in(fx_user(cai_name, "learner"), &cai) ||
        fx_sign_in(fx_user(fx_name("Dai"), "learner"), &dai) ||
        fx_sign_in(fx_user(fx_name("Eve"), "learner"), &eve) || member(&ann) || member(&bob) ||
        member(&cai) || member(&dai))
        return -1;
    fx_set_lang(eve.user_id, "en");
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    free(cai_h);
    return harness_stop(&srv);
}

static int post(const struct fx_session *s, const char *path, const char *form)
{
    struct http_resp r = http_post_as(&srv, path, s, form);
    int st = r.status;

    http_resp_free(&r);
    return st;
}

/* A new thread by s in the test's community; its id. */
static long long new_thread(const struct fx_session *s, const char *title, const char *body)
{
    return fx_forum_thread(&srv, s, slug, title, body, "cy");
}

/* A reply by s; the new post's id. */
static long long reply(const struct fx_session *s, long long thread, const char *body)
{
    char path[64], form[2048];
    struct http_resp r;
    long long id;

    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=cy", http_enc(body));
    r = http_post_as(&srv, path, s, form);
    CU_ASSERT_EQUAL(r.status, 303);
    id = http_location_id(&r, "#post-");
    http_resp_free(&r);
    return id;
}

static int watch(const struct fx_session *s, const char *what, long long id, int on)
{
    char path[160];

    if (id)
        snprintf(path, sizeof(path), "/cy/threads/%lld/%s", id, on ? "watch" : "unwatch");
    else
        snprintf(path, sizeof(path), "/cy/communities/%s/%s", what, on ? "watch" : "unwatch");
    return post(s, path, "");
}

static long long notes_of(const struct fx_session *s, long long post_id)
{
    return fx_num_ll("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? AND post_id = ?",
                     s->user_id, post_id);
}

static long long unread(const struct fx_session *s)
{
    return fx_num_l("SELECT COALESCE(MAX(unread), 0) FROM forum_unread WHERE user_id = ?",
                    s->user_id);
}

static long long mails(const struct fx_session *s)
{
    return fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ?", s->user_id);
}

/* Wait (up to 10 s) until s has n mails in the outbox; how many there are. */
static long long wait_mails(const struct fx_session *s, long long n)
{
    int i;

    for (i = 0; i < 100 && mails(s) < n; i++)
        test_sleep_ms(100);
    return mails(s);
}

static long long pending(const struct fx_session *s)
{
    return fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? AND "
                    "mail_after IS NOT NULL",
                    s->user_id);
}

/* Time passes for s's notifications waiting to be mailed: a day (past the
 * grace of "at once" and the digest's wait). How many there were. */
static long long time_passes(const struct fx_session *s)
{
    return fx_exec_l("UPDATE forum_notifications SET mail_after = mail_after - INTERVAL 1 DAY "
                     "WHERE user_id = ? AND mail_after IS NOT NULL",
                     s->user_id);
}

static void set_mail(const struct fx_session *s, const char *mail)
{
    char form[32];
    struct http_resp r;

    snprintf(form, sizeof(form), "mail=%s", mail);
    r = http_post_as(&srv, "/cy/notifications/settings", s, form);
    CU_ASSERT(http_see_other(&r, "/cy/notifications/settings?saved=1"));
    http_resp_free(&r);
}

static void watch__one_notification_per_post_per_watcher(void)
{
    char body[256];
    long long thread, p1, p2, ann_unread, cai_unread;
    struct http_resp r;

    thread = new_thread(&ann, fx_name("Gwylio"), "Cwestiwn cyntaf");
    CU_ASSERT_FATAL(thread > 0);
    /* Cai watches the community and the thread; Dai the community only */
    CU_ASSERT_EQUAL(watch(&cai, slug, 0, 1), 303);
    CU_ASSERT_EQUAL(watch(&cai, NULL, thread, 1), 303);
    CU_ASSERT_EQUAL(watch(&cai, NULL, thread, 1), 303); /* again: still one row */
    CU_ASSERT_EQUAL(watch(&dai, slug, 0, 1), 303);
    ann_unread = unread(&ann);
    cai_unread = unread(&cai);

    /* Bob replies naming Cai too: one notification each, none for Bob */
    snprintf(body, sizeof(body), "Ateb, @%s", cai_h);
    p1 = reply(&bob, thread, body);
    CU_ASSERT_FATAL(p1 > 0);
    CU_ASSERT_EQUAL(notes_of(&ann, p1), 1); /* started it: watches it */
    CU_ASSERT_EQUAL(notes_of(&cai, p1), 1); /* thread, community and mention: once */
    CU_ASSERT_EQUAL(notes_of(&dai, p1), 1);
    CU_ASSERT_EQUAL(notes_of(&bob, p1), 0); /* never the author */
    CU_ASSERT_EQUAL(unread(&ann), ann_unread + 1);
    CU_ASSERT_EQUAL(unread(&cai), cai_unread + 1);
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_thread_watches WHERE user_id = ? AND "
                              "thread_id = ? AND watching = 1",
                              bob.user_id, thread),
                    1); /* replying watches it */

    /* Ann answers: Bob hears of it now, Ann does not */
    p2 = reply(&ann, thread, "Diolch");
    CU_ASSERT_EQUAL(notes_of(&bob, p2), 1);
    CU_ASSERT_EQUAL(notes_of(&ann, p2), 0);
    CU_ASSERT_EQUAL(notes_of(&cai, p2), 1);

    /* a new thread: the community's watchers hear of it, its author not */
    thread = new_thread(&bob, fx_name("Newydd"), "Trafodaeth newydd");
    p1 = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);
    CU_ASSERT_EQUAL(notes_of(&cai, p1), 1);
    CU_ASSERT_EQUAL(notes_of(&dai, p1), 1);
    CU_ASSERT_EQUAL(notes_of(&bob, p1), 0);
    CU_ASSERT_EQUAL(notes_of(&ann, p1), 0);
    r = http_get_as(&srv, "/en/notifications", &dai);
    CU_ASSERT(http_body_has(
        &r, loc_textf("en", "communities.notifications.started", "name", bob_name, NULL)));
    http_resp_free(&r);
}

static void watch__stop_watching_stops_it(void)
{
    long long thread = new_thread(&ann, fx_name("Stopio"), "Cwestiwn"), p;

    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(watch(&dai, slug, 0, 1), 303);
    reply(&bob, thread, "Ateb cyntaf");
    CU_ASSERT_EQUAL(watch(&ann, NULL, thread, 0), 303);
    p = reply(&bob, thread, "Ateb arall");
    CU_ASSERT_EQUAL(notes_of(&ann, p), 0);
    /* Ann replies again: her choice is kept */
    reply(&ann, thread, "Un peth arall");
    p = reply(&bob, thread, "Ateb eto");
    CU_ASSERT_EQUAL(notes_of(&ann, p), 0);
    CU_ASSERT_EQUAL(notes_of(&dai, p), 1);
    /* a thread one stops watching stays quiet though its community is watched */
    CU_ASSERT_EQUAL(watch(&dai, NULL, thread, 0), 303);
    p = reply(&bob, thread, "Ateb olaf");
    CU_ASSERT_EQUAL(notes_of(&dai, p), 0);
    /* and the community: nothing from a new thread */
    CU_ASSERT_EQUAL(watch(&dai, slug, 0, 0), 303);
    thread = new_thread(&bob, fx_name("Tawel"), "Neb yn gwylio");
    p = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);
    CU_ASSERT_EQUAL(notes_of(&dai, p), 0);
    /* Ann starts watching again from the button */
    CU_ASSERT_EQUAL(watch(&ann, NULL, thread, 1), 303);
    p = reply(&bob, thread, "Nawr mae rhywun");
    CU_ASSERT_EQUAL(notes_of(&ann, p), 1);
}

static void watch__buttons_and_settings_page(void)
{
    const char *title = fx_name("Botwm");
    long long thread = new_thread(&ann, title, "Cwestiwn");
    char path[192], action[224];
    struct http_resp r;

    CU_ASSERT_FATAL(thread > 0);
    snprintf(path, sizeof(path), "/en/threads/%lld", thread);
    r = http_get_as(&srv, path, &ann);
    snprintf(action, sizeof(action), "action=\"/en/threads/%lld/unwatch\"", thread);
    CU_ASSERT(http_body_has(&r, action));
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.watch.stop")));
    http_resp_free(&r);
    r = http_get_as(&srv, path, &dai);
    snprintf(action, sizeof(action), "action=\"/en/threads/%lld/watch\"", thread);
    CU_ASSERT(http_body_has(&r, action));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(http_get(&srv, path, NULL, &r), 0); /* signed out: no button */
    CU_ASSERT(!http_body_has(&r, "/watch\""));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/communities/%s", slug);
    r = http_get_as(&srv, path, &eve);
    snprintf(action, sizeof(action), "action=\"/cy/communities/%s/watch\"", slug);
    CU_ASSERT(http_body_has(&r, action));
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.watch.start")));
    http_resp_free(&r);

    /* the settings page lists what Ann watches, each with a stop button */
    CU_ASSERT_EQUAL(watch(&ann, slug, 0, 1), 303);
    r = http_get_as(&srv, "/cy/notifications/settings", &ann);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(http_body_has(&r, title));
    snprintf(action, sizeof(action), "action=\"/cy/communities/%s/unwatch\"", slug);
    CU_ASSERT(http_body_has(&r, action));
    CU_ASSERT(http_body_has(&r, "name=\"back\" value=\"settings\""));
    CU_ASSERT(!http_body_has(&r, "lang=\"\"")); /* a community: the page's language */
    CU_ASSERT(http_body_has(&r, "value=\"now\" checked"));
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/communities/%s/unwatch", slug);
    r = http_post_as(&srv, path, &ann, "back=settings");
    CU_ASSERT(http_see_other(&r, "/cy/notifications/settings"));
    http_resp_free(&r);
    /* any other back: to the community, never elsewhere */
    r = http_post_as(&srv, path, &ann, "back=%2F%2Fevil.example");
    CU_ASSERT(http_location_starts(&r, "/cy/communities/"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/notifications", &ann);
    CU_ASSERT(http_body_has(&r, "href=\"/en/notifications/settings\""));
    http_resp_free(&r);

    /* the e-mail choice: a bad value is refused, nothing changed */
    r = http_post_as(&srv, "/en/notifications/settings", &ann, "mail=weekly");
    CU_ASSERT_EQUAL(r.status, 400);
    CU_ASSERT(http_body_has(&r, loc_text("en", "communities.watch.mail_missing")));
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_mail_settings WHERE user_id = ?", ann.user_id), 0);
    set_mail(&ann, "off");
    r = http_get_as(&srv, "/cy/notifications/settings?saved=1", &ann);
    CU_ASSERT(http_body_has(&r, loc_text("cy", "communities.watch.saved")));
    CU_ASSERT(http_body_has(&r, "value=\"off\" checked"));
    http_resp_free(&r);
    set_mail(&ann, "now");
}

static void watch__csrf_and_guards(void)
{
    long long thread = new_thread(&ann, fx_name("CSRF"), "Cwestiwn");
    char path[160];
    struct http_resp r;

    snprintf(path, sizeof(path), "/cy/threads/%lld/watch", thread);
    r = http_post_without_csrf(&srv, path, &eve, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    snprintf(path, sizeof(path), "/cy/communities/%s/watch", slug);
    r = http_post_without_csrf(&srv, path, &eve, "");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    r = http_post_without_csrf(&srv, "/cy/notifications/settings", &eve, "mail=off");
    CU_ASSERT_EQUAL(r.status, 403);
    http_resp_free(&r);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_thread_watches WHERE user_id = ?", eve.user_id), 0);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_community_watches WHERE user_id = ?", eve.user_id), 0);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_mail_settings WHERE user_id = ?", eve.user_id), 0);
    /* signed out: to sign in; no such thread or community: 404 */
    CU_ASSERT(http_status(&srv, "/cy/notifications/settings", NULL) / 100 == 3);
    CU_ASSERT_EQUAL(watch(&eve, NULL, 999999999999LL, 1), 404);
    CU_ASSERT_EQUAL(watch(&eve, "dim-cymuned-o-gwbl", 0, 1), 404);
}

static void mail__at_once_in_the_readers_language(void)
{
    const char *title = fx_name("Saesneg");
    long long thread = new_thread(&ann, title, "Cwestiwn"), before = mails(&eve), p;
    char *subject, *body;

    CU_ASSERT_EQUAL(watch(&eve, NULL, thread, 1), 303);
    p = reply(&bob, thread, "Ateb i Eve: *pwysig*");
    test_sleep_ms(1200); /* rounds of the worker: within the grace, nothing yet */
    CU_ASSERT_EQUAL(mails(&eve), before);
    CU_ASSERT_EQUAL(time_passes(&eve), 1);
    CU_ASSERT_EQUAL_FATAL(wait_mails(&eve, before + 1), before + 1);
    subject = fx_str_l("SELECT subject FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                       eve.user_id);
    body = fx_str_l("SELECT body_text FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                    eve.user_id);
    CU_ASSERT_FATAL(subject && body);
    CU_ASSERT(strstr(subject, title) && strstr(subject, " wrote in "));
    CU_ASSERT(strstr(body, "Ateb i Eve: *pwysig*") != NULL);
    CU_ASSERT(strstr(body, arena_printf(&fx_mem, "/en/threads/%lld?before=%lld#post-%lld", thread,
                                        p + 1, p)) != NULL);
    CU_ASSERT(strstr(body, "/en/notifications/settings") != NULL);
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND lang = 'en'", eve.user_id),
        mails(&eve));
    CU_ASSERT_EQUAL(pending(&eve), 0);
    test_sleep_ms(1200); /* more rounds of the worker: still one */
    CU_ASSERT_EQUAL(mails(&eve), before + 1);
    /* the author is not mailed of their own post */
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND body_text LIKE "
                             "'%Ateb i Eve%'",
                             bob.user_id),
                    0);
    /* "off": notified on the site, never mailed */
    set_mail(&eve, "off");
    p = reply(&bob, thread, "Dim e-bost");
    CU_ASSERT_EQUAL(notes_of(&eve, p), 1);
    CU_ASSERT_EQUAL(pending(&eve), 0);
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(&eve), before + 1);
}

static void mail__daily_digest_gathers_them(void)
{
    struct fx_session fay;
    const char *title = fx_name("Crynodeb");
    long long thread, before, p[3];
    char *subject, *body;
    int i;

    fx_learner("Fay", "cy", &fay);
    thread = new_thread(&ann, title, "Cwestiwn");
    CU_ASSERT_EQUAL(watch(&fay, NULL, thread, 1), 303);
    set_mail(&fay, "daily");
    before = mails(&fay);
    for (i = 0; i < 3; i++)
        p[i] = reply(&bob, thread, arena_printf(&fx_mem, "Neges rhif %d", i + 1));
    CU_ASSERT_EQUAL(pending(&fay), 3);
    /* due at the next digest hour: 07:00 in London (06:00 or 07:00 UTC) */
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? AND "
                             "mail_after > UTC_TIMESTAMP() AND mail_after <= UTC_TIMESTAMP() + "
                             "INTERVAL 1 DAY AND HOUR(mail_after) IN (6, 7) AND "
                             "MINUTE(mail_after) = 0 AND SECOND(mail_after) = 0",
                             fay.user_id),
                    3);
    test_sleep_ms(1200); /* rounds of the worker: not the hour yet */
    CU_ASSERT_EQUAL(mails(&fay), before);
    CU_ASSERT_EQUAL(time_passes(&fay), 3);
    CU_ASSERT_EQUAL_FATAL(wait_mails(&fay, before + 1), before + 1);
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(&fay), before + 1); /* one mail for the three */
    CU_ASSERT_EQUAL(pending(&fay), 0);
    subject = fx_str_l("SELECT subject FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                       fay.user_id);
    body = fx_str_l("SELECT body_text FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                    fay.user_id);
    CU_ASSERT_FATAL(subject && body);
    CU_ASSERT_STRING_EQUAL(subject, loc_plural("cy", "communities.mail.digest_subject", 3, NULL));
    for (i = 0; i < 3; i++)
        CU_ASSERT(strstr(body, arena_printf(&fx_mem, "/cy/threads/%lld?before=%lld#post-%lld",
                                            thread, p[i] + 1, p[i])) != NULL);
    CU_ASSERT(strstr(body, title) != NULL);
    CU_ASSERT(strstr(body, loc_plain("cy", "communities.mail.digest_intro")) != NULL);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_digests WHERE user_id = ? AND "
                             "last_at > UTC_TIMESTAMP() - INTERVAL 1 MINUTE",
                             fay.user_id),
                    1);
    /* a new one waits for the next day; due sooner (a clock wound on, two
     * servers...), it still waits: one digest a day, whatever restarts */
    reply(&bob, thread, "Neges rhif 4");
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(&fay), before + 1);
    CU_ASSERT_EQUAL(pending(&fay), 1);
    CU_ASSERT_EQUAL(time_passes(&fay), 1);
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(&fay), before + 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? AND "
                             "mail_after > UTC_TIMESTAMP()",
                             fay.user_id),
                    1);
    set_mail(&fay, "now"); /* what waits goes at once */
    CU_ASSERT_EQUAL(wait_mails(&fay, before + 2), before + 2);
    CU_ASSERT_EQUAL(pending(&fay), 0);
}

static void mail__deleted_text_is_never_sent(void)
{
    struct fx_session gwen;
    const char *secret = fx_name("CYFRINACH");
    long long thread, gone, kept, before;
    char path[64], *body;
    struct http_resp r;

    fx_learner("Gwen", "cy", &gwen);
    thread = new_thread(&ann, fx_name("Dileu"), "Cwestiwn");
    CU_ASSERT_EQUAL(watch(&gwen, NULL, thread, 1), 303);
    before = mails(&gwen);
    gone = reply(&bob, thread, secret);
    kept = reply(&bob, thread, "Neges a gedwir");
    snprintf(path, sizeof(path), "/cy/posts/%lld/delete", gone);
    CU_ASSERT_EQUAL(post(&bob, path, ""), 303); /* within the grace */
    CU_ASSERT_EQUAL(time_passes(&gwen), 2);
    CU_ASSERT_EQUAL_FATAL(wait_mails(&gwen, before + 1), before + 1);
    test_sleep_ms(1200);
    CU_ASSERT_EQUAL(mails(&gwen), before + 1); /* the deleted one: no mail */
    body = fx_str_l("SELECT body_text FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 1",
                    gwen.user_id);
    CU_ASSERT(body && strstr(body, "Neges a gedwir"));
    CU_ASSERT(body && strstr(body, arena_printf(&fx_mem, "#post-%lld", kept)));
    CU_ASSERT_EQUAL(
        fx_num_ls("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND CONCAT(subject, ' ', "
                  "body_text) COLLATE utf8mb4_bin LIKE CONCAT('%', ?, '%')",
                  gwen.user_id, secret),
        0);
    r = http_get_as(&srv, "/cy/notifications", &gwen);
    CU_ASSERT_EQUAL(r.status, 200);
    CU_ASSERT(!http_body_has(&r, secret));
    http_resp_free(&r);
}

static void mail__hostile_text_stays_inert(void)
{
    const char *title = "<script>alert(1)</script>\r\nBcc: evil@example.com";
    long long thread, before = mails(&cai);
    char *subject = NULL, *body;
    struct http_resp r;
    int i;

    CU_ASSERT_EQUAL(watch(&cai, slug, 0, 1), 303);
    thread = new_thread(&bob, title, "<img src=x onerror=alert(1)> test");
    CU_ASSERT_FATAL(thread > 0);
    CU_ASSERT_EQUAL(watch(&cai, NULL, thread, 1), 303);
    CU_ASSERT(time_passes(&cai) >= 1);
    for (i = 0; i < 100 && !(subject = fx_str_l("SELECT subject FROM outbox WHERE user_id = ? "
                                                "AND body_text LIKE '%onerror%' LIMIT 1",
                                                cai.user_id));
         i++)
        test_sleep_ms(100);
    CU_ASSERT(mails(&cai) > before);
    body = fx_str_l("SELECT body_text FROM outbox WHERE user_id = ? AND body_text LIKE "
                    "'%onerror%' ORDER BY id DESC LIMIT 1",
                    cai.user_id);
    CU_ASSERT_FATAL(subject && body);
    CU_ASSERT(!strpbrk(subject, "\r\n"));
    r = http_get_as(&srv, "/en/notifications/settings", &cai);
    CU_ASSERT(!http_body_has(&r, "<script>alert"));
    CU_ASSERT(http_body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    http_resp_free(&r);
    r = http_get_as(&srv, "/en/notifications", &cai);
    CU_ASSERT(!http_body_has(&r, "<script>alert"));
    http_resp_free(&r);
}

static void watch__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "watch__one_notification_per_post_per_watcher",
          watch__one_notification_per_post_per_watcher },
        { "watch__stop_watching_stops_it", watch__stop_watching_stops_it },
        { "watch__buttons_and_settings_page", watch__buttons_and_settings_page },
        { "watch__csrf_and_guards", watch__csrf_and_guards },
        { "mail__at_once_in_the_readers_language", mail__at_once_in_the_readers_language },
        { "mail__daily_digest_gathers_them", mail__daily_digest_gathers_them },
        { "mail__deleted_text_is_never_sent", mail__deleted_text_is_never_sent },
        { "mail__hostile_text_stays_inert", mail__hostile_text_stays_inert },
        { "watch__log_has_no_errors", watch__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/watch", cases, start, stop);
}
