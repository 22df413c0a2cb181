/*
 * `dysgu refold-posts`: posts written before migration 0019 (no search
 * fold) are not found by the search until the command folds them; a
 * thread's title is folded with its first post; deleted posts stay out.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct server srv;
static struct fx_session member;

static int start(void)
{
    long long community;

    if (fx_init())
        return -1;
    community = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    if (community <= 0 || fx_sign_in(fx_user(fx_name("Hen"), "learner"), &member) ||
        fx_forum_member(community, member.user_id, 20))
        return -1;
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The search for q (as the member: never a cached page) has want or not. */
static int found(const char *q, const char *want)
{
    struct http_resp r = http_get_as(
        &srv, arena_printf(&fx_mem, "/cy/search/communities?q=%s", http_enc(q)), &member);
    int has = r.status == 200 && http_body_has(&r, want);

    http_resp_free(&r);
    return has;
}

static void refold__old_posts_become_searchable(void)
{
    const char *title = arena_printf(&fx_mem, "Hen drafodaeth %s", fx_tag);
    char form[512], path[64], cmd[4200], line[256];
    long long thread, deleted;
    struct http_resp r;
    FILE *p;

    thread = fx_forum_thread(&srv, &member, "content-design", title, "Cyn chwilio", "cy");
    CU_ASSERT_FATAL(thread > 0);
    snprintf(path, sizeof(path), "/cy/threads/%lld/posts", thread);
    snprintf(form, sizeof(form), "body=%s&lang=en",
             http_enc(arena_printf(&fx_mem, "Ancient reply %s", fx_tag)));
    r = http_post_as(&srv, path, &member, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    snprintf(form, sizeof(form), "body=%s&lang=en",
             http_enc(arena_printf(&fx_mem, "Gone reply %s", fx_tag)));
    r = http_post_as(&srv, path, &member, form);
    CU_ASSERT_EQUAL(r.status, 303);
    http_resp_free(&r);
    deleted = fx_num_l("SELECT MAX(id) FROM forum_posts WHERE thread_id = ?", thread);
    /* as before 0019: no fold (and one of them deleted by its author since) */
    CU_ASSERT_FATAL(db_exec(fx_dbh, "UPDATE forum_posts SET search_fold = '' WHERE thread_id = ?",
                            "l", thread) == DB_OK);
    CU_ASSERT_FATAL(
        db_exec(fx_dbh, "UPDATE forum_posts SET deleted = 1 WHERE id = ?", "l", deleted) == DB_OK);
    CU_ASSERT(!found(arena_printf(&fx_mem, "drafodaeth %s", fx_tag), title));
    CU_ASSERT(!found(arena_printf(&fx_mem, "ancient %s", fx_tag), "Ancient reply"));

    snprintf(cmd, sizeof(cmd), "'%s' refold-posts 2>&1", DYSGU_BINARY);
    p = popen(cmd, "r");
    CU_ASSERT_FATAL(p != NULL);
    line[0] = 0;
    while (fgets(line, sizeof(line), p) && !strstr(line, "re-folded"))
        ;
    CU_ASSERT(pclose(p) == 0);
    CU_ASSERT(strstr(line, "posts re-folded") != NULL);

    /* the title with the first post; the reply alone */
    CU_ASSERT(found(arena_printf(&fx_mem, "drafodaeth %s", fx_tag), title));
    CU_ASSERT(found(arena_printf(&fx_mem, "ancient %s", fx_tag), "Ancient reply"));
    CU_ASSERT(!found(arena_printf(&fx_mem, "gone %s", fx_tag), "Gone reply"));
    CU_ASSERT_EQUAL(
        fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE id = ? AND search_fold = ''", deleted), 1);
}

static void refold__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "refold__old_posts_become_searchable", refold__old_posts_become_searchable },
        { "refold__log_has_no_errors", refold__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/refold", cases, start, stop);
}
