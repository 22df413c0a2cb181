/*
 * A person's page over HTTP (/{lang}/people/{id}): name, organisation and
 * communities in both languages; their visible posts only (never a hidden
 * or deleted one, nor one in a hidden thread); 404 for no such person, a
 * disabled account, someone of no community and a malformed id; a mention
 * links to the page.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session nia, gwyn;
static long long community, disabled, outsider;
static char *gwyn_h;

static int start(void)
{
    char *u;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    gwyn_h = strdup(fx_name("Gwyn"));
    for (u = gwyn_h; (u = strchr(u, ' ')); u++)
        *u = '_';
    disabled = fx_user(fx_name("Anabl"), "learner");
    outsider = fx_user(fx_name("Allanol"), "learner");
    if (community <= 0 || disabled <= 0 || outsider <= 0 ||
        fx_sign_in(fx_user(fx_name("Nia"), "learner"), &nia) ||
        fx_sign_in(fx_user(fx_name("Gwyn"), "learner"), &gwyn) ||
        db_exec(fx_dbh,
                "INSERT INTO community_members (community_id, user_id, post_count) "
                "VALUES (?, ?, 20), (?, ?, 20), (?, ?, 0)",
                "llllll", community, nia.user_id, community, gwyn.user_id, community,
                disabled) != DB_OK ||
        db_exec(fx_dbh,
                "UPDATE users SET org_id = (SELECT id FROM organisations WHERE code = 'CRF') "
                "WHERE id = ?",
                "l", nia.user_id) != DB_OK ||
        db_exec(fx_dbh, "UPDATE users SET disabled = 1 WHERE id = ?", "l", disabled) != DB_OK)
        return -1;
    return server_start(&srv, NULL);
}

static int stop(void)
{
    free(gwyn_h);
    return harness_stop(&srv);
}

/* A new thread by s with body: its id (0 on failure). */
static long long new_thread(struct fx_session *s, const char *title, const char *body)
{
    return fx_forum_thread(&srv, s, "content-design", title, body, "cy");
}

/* GET path as nobody: the status, and whether the body has each of want
 * (has[i]). */
static void page_has(const char *path, int status, const char *const *want, const int *has,
                     size_t n)
{
    struct http_resp r = http_get_as(&srv, path, NULL);
    size_t i;

    CU_ASSERT_EQUAL(r.status, status);
    for (i = 0; i < n; i++) {
        if (http_body_has(&r, want[i]) != has[i])
            fprintf(stderr, "\n  %s: %s \"%s\"\n", path, has[i] ? "lacks" : "has", want[i]);
        CU_ASSERT_EQUAL(http_body_has(&r, want[i]), has[i]);
    }
    http_resp_free(&r);
}

static void person__visible_posts_only_in_both_languages(void)
{
    const char *shown = arena_printf(&fx_mem, "Neges i bawb %s", fx_tag),
               *hidden = arena_printf(&fx_mem, "Neges gudd %s", fx_tag),
               *deleted = arena_printf(&fx_mem, "Neges wedi mynd %s", fx_tag),
               *in_hidden = arena_printf(&fx_mem, "Edefyn cudd %s", fx_tag);
    char path[64];
    long long t1, t2, t3, t4;

    t1 = new_thread(&nia, arena_printf(&fx_mem, "Teitl gweladwy %s", fx_tag), shown);
    t2 = new_thread(&nia, arena_printf(&fx_mem, "Teitl arall %s", fx_tag), hidden);
    t3 = new_thread(&nia, arena_printf(&fx_mem, "Trydydd %s", fx_tag), deleted);
    t4 = new_thread(&nia, arena_printf(&fx_mem, "Pedwerydd %s", fx_tag), in_hidden);
    CU_ASSERT_FATAL(t1 > 0 && t2 > 0 && t3 > 0 && t4 > 0);
    /* before the page is first read: it is shared, and only the app's own
     * hiding and deleting forget the render cache */
    CU_ASSERT_EQUAL(
        db_exec(fx_dbh, "UPDATE forum_posts SET hidden = 1 WHERE thread_id = ?", "l", t2), DB_OK);
    CU_ASSERT_EQUAL(
        db_exec(fx_dbh, "UPDATE forum_posts SET deleted = 1 WHERE thread_id = ?", "l", t3), DB_OK);
    CU_ASSERT_EQUAL(db_exec(fx_dbh, "UPDATE forum_threads SET hidden = 1 WHERE id = ?", "l", t4),
                    DB_OK);

    snprintf(path, sizeof(path), "/cy/people/%lld", nia.user_id);
    {
        const char *want[] = { fx_name("Nia"),
                               "Cyngor Caerdydd",
                               loc_text("cy", "communities.person.communities"),
                               "href=\"/cy/communities/content-design\"",
                               "Dylunio cynnwys",
                               loc_text("cy", "communities.person.posts"),
                               shown,
                               arena_printf(&fx_mem, "href=\"/cy/threads/%lld?before=", t1),
                               hidden,
                               deleted,
                               in_hidden };
        const int has[] = { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 };

        page_has(path, 200, want, has, sizeof(has) / sizeof(has[0]));
    }
    snprintf(path, sizeof(path), "/en/people/%lld", nia.user_id);
    {
        const char *want[] = { "Cardiff Council",
                               "Content design",
                               loc_text("en", "communities.person.posts"),
                               "href=\"/en/communities/content-design\"",
                               shown,
                               hidden,
                               deleted,
                               in_hidden };
        const int has[] = { 1, 1, 1, 1, 1, 0, 0, 0 };

        page_has(path, 200, want, has, sizeof(has) / sizeof(has[0]));
    }
    /* a member with nothing written yet: the page says so */
    snprintf(path, sizeof(path), "/en/people/%lld", gwyn.user_id);
    {
        const char *want[] = { loc_text("en", "communities.person.none") };
        const int has[] = { 1 };

        page_has(path, 200, want, has, 1);
    }
}

static void person__not_found(void)
{
    char path[64];

    CU_ASSERT_EQUAL(http_status(&srv, "/cy/people/999999999999", NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/people/0", NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/people/abc", NULL), 404);
    CU_ASSERT_EQUAL(http_status(&srv, "/en/people/-1", NULL), 404);
    snprintf(path, sizeof(path), "/cy/people/%lld", disabled);
    CU_ASSERT_EQUAL(http_status(&srv, path, NULL), 404);
    snprintf(path, sizeof(path), "/en/people/%lld", outsider); /* no community: no page */
    CU_ASSERT_EQUAL(http_status(&srv, path, NULL), 404);
}

static void person__mentions_link_to_the_page(void)
{
    char want[256];
    struct http_resp r;
    long long thread;

    thread = new_thread(&nia, arena_printf(&fx_mem, "Cwestiwn %s", fx_tag),
                        arena_printf(&fx_mem, "Beth yw dy farn di, @%s?", gwyn_h));
    CU_ASSERT_FATAL(thread > 0);
    r = http_get_as(&srv, arena_printf(&fx_mem, "/cy/threads/%lld", thread), &nia);
    CU_ASSERT_EQUAL(r.status, 200);
    snprintf(want, sizeof(want), "href=\"/cy/people/%lld\">@%s</a>", gwyn.user_id, gwyn_h);
    CU_ASSERT(http_body_has(&r, want));
    http_resp_free(&r);
}

static void person__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "person__visible_posts_only_in_both_languages",
          person__visible_posts_only_in_both_languages },
        { "person__not_found", person__not_found },
        { "person__mentions_link_to_the_page", person__mentions_link_to_the_page },
        { "person__log_has_no_errors", person__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/person", cases, start, stop);
}
