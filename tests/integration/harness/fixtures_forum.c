/* fixtures_forum: forum threads for the communities tests (fixtures_forum.h). */
#include "fixtures_forum.h"

#include <stdio.h>

#include "core/arena.h"
#include "testing.h"

long long fx_forum_thread(const struct server *srv, const struct fx_session *s, const char *slug,
                          const char *title, const char *body, const char *lang)
{
    const char *form = arena_printf(&fx_mem, "title=%s&", http_enc(title));
    struct http_resp r;
    long long id;

    /* http_enc's buffer is reused: one field at a time */
    form = arena_printf(&fx_mem, "%sbody=%s&lang=%s", form, http_enc(body), lang);
    r = http_post_as(srv, arena_printf(&fx_mem, "/cy/communities/%s/threads", slug), s, form);
    CU_ASSERT_EQUAL(r.status, 303);
    id = r.status == 303 ? http_location_id(&r, "/threads/") : 0;
    http_resp_free(&r);
    return id;
}

int fx_forum_member(long long community, long long user, int posts)
{
    return db_exec(fx_dbh,
                   "INSERT INTO community_members (community_id, user_id, post_count) "
                   "VALUES (?, ?, ?)",
                   "lli", community, user, posts) == DB_OK
               ? 0
               : -1;
}

long long fx_forum_first_post(long long thread)
{
    long long id = fx_num_l("SELECT MIN(id) FROM forum_posts WHERE thread_id = ?", thread);

    return id > 0 ? id : 0;
}

long long fx_forum_thread_row(long long community, long long author, const char *title,
                              const char *body)
{
    long long thread;

    if (db_exec(fx_dbh,
                "INSERT INTO forum_threads (community_id, author_id, title, lang, post_count) "
                "VALUES (?, ?, ?, 'cy', 1)",
                "lls", community, author, title) != DB_OK) {
        fprintf(stderr, "fx_forum_thread_row: the thread\n");
        return 0;
    }
    thread = (long long)db_insert_id(fx_dbh);
    if (db_exec(fx_dbh,
                "INSERT INTO forum_posts (thread_id, author_id, body, lang) VALUES (?, ?, ?, 'cy')",
                "lls", thread, author, body) != DB_OK) {
        fprintf(stderr, "fx_forum_thread_row: its post\n");
        return 0;
    }
    return thread;
}
