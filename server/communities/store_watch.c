/*
 * store_watch: who watches which thread or community, and each person's
 * choice of e-mail (migrations/0041_forum_watch.sql). A thread's row keeps
 * the choice (watching 0 or 1), so replying again after "Stop watching"
 * does not start it again; a community's row is there while it is watched.
 */
#include <string.h>
#include <time.h>

#include "communities/communities.h"
#include "core/arena.h"
#include "core/persongen.h"

const char *const forum_mail_codes[FORUM_MAIL__COUNT] = {
    [FORUM_MAIL_OFF] = "off",
    [FORUM_MAIL_NOW] = "now",
    [FORUM_MAIL_DAILY] = "daily",
};

enum watch_sql {
    SQL_OWN,
    SQL_THREAD_SET,
    SQL_COMMUNITY_ON,
    SQL_COMMUNITY_OFF,
    SQL_WATCHING,
    SQL_WATCHED,
    SQL_MAIL_GET,
    SQL_MAIL_SET,
    SQL_MAIL_MOVE,
    SQL_WATCH__MAX,
};

_Static_assert(FORUM_MAIL_NOW == 1 && FORUM_MAIL_DAILY == 2, "SQL_MAIL_MOVE's CASE");

static const char *const sql[SQL_WATCH__MAX] = {
    [SQL_OWN] = "INSERT IGNORE INTO forum_thread_watches (user_id, thread_id) VALUES (?, ?)",
    [SQL_THREAD_SET] = "INSERT INTO forum_thread_watches (user_id, thread_id, watching) "
                       "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE watching = VALUES(watching), "
                       "changed_at = UTC_TIMESTAMP()",
    [SQL_COMMUNITY_ON] = "INSERT IGNORE INTO forum_community_watches (user_id, community_id) "
                         "VALUES (?, ?)",
    [SQL_COMMUNITY_OFF] = "DELETE FROM forum_community_watches WHERE user_id = ? AND "
                          "community_id = ?",
    [SQL_WATCHING] = "SELECT COALESCE((SELECT watching FROM forum_thread_watches WHERE "
                     "user_id = ? AND thread_id = ?), 0), EXISTS (SELECT 1 FROM "
                     "forum_community_watches WHERE user_id = ? AND community_id = ?)",
    /* the settings page in one statement (issue 22): the e-mail choice (kind
     * 0), the threads (1) and the communities (2) watched, each part in its
     * order */
    [SQL_WATCHED] =
        "(SELECT 0, 0, mail, NULL, NULL FROM forum_mail_settings WHERE user_id = ?) UNION ALL "
        "(SELECT 1, t.id, t.title, t.lang, NULL FROM forum_thread_watches w "
        "JOIN forum_threads t ON t.id = w.thread_id WHERE w.user_id = ? "
        "AND w.watching = 1 AND t.hidden = 0 ORDER BY t.last_post_at DESC, t.id DESC "
        "LIMIT 100) UNION ALL "
        "(SELECT 2, c.id, c.slug, c.name_cy, c.name_en FROM forum_community_watches w "
        "JOIN communities c ON c.id = w.community_id WHERE w.user_id = ? "
        "ORDER BY c.position, c.id LIMIT 100)",
    [SQL_MAIL_GET] = "SELECT mail FROM forum_mail_settings WHERE user_id = ?",
    [SQL_MAIL_SET] = "INSERT INTO forum_mail_settings (user_id, mail) VALUES (?, ?) "
                     "ON DUPLICATE KEY UPDATE mail = VALUES(mail)",
    [SQL_MAIL_MOVE] = "UPDATE forum_notifications SET mail_after = CASE ? WHEN 1 THEN "
                      "UTC_TIMESTAMP() WHEN 2 THEN ? END "
                      "WHERE user_id = ? AND mail_after IS NOT NULL",
};

enum db_rc forum_store_watch_own(struct db *db, long long thread_id, long long author_id)
{
    return db_exec(db, sql[SQL_OWN], "ll", author_id, thread_id);
}

enum db_rc forum_store_watch_thread(struct db *db, long long user_id, long long thread_id, int on)
{
    enum db_rc rc = db_exec(db, sql[SQL_THREAD_SET], "llb", user_id, thread_id, on);

    if (rc == DB_OK)
        persongen_touch(user_id); /* their watch button, kept with their page (forum_kept.c) */
    return rc;
}

enum db_rc forum_store_watch_community(struct db *db, long long user_id, int community_id, int on)
{
    enum db_rc rc =
        db_exec(db, sql[on ? SQL_COMMUNITY_ON : SQL_COMMUNITY_OFF], "li", user_id, community_id);

    if (rc == DB_OK)
        persongen_touch(user_id); /* their watch button, kept with their page (forum_kept.c) */
    return rc;
}

enum db_rc forum_store_watching(struct db *db, long long user_id, long long thread_id,
                                int community_id, int *thread, int *community)
{
    struct db_stmt *st = NULL;
    enum db_rc rc =
        db_query(db, &st, sql[SQL_WATCHING], "llli", user_id, thread_id, user_id, community_id);

    *thread = *community = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "bb", thread, community);
    db_done(st);
    return rc;
}

/* The e-mail choice a stored code names into *m (unknown: left as it is). */
static void mail_of(const char *code, enum forum_mail *m)
{
    int i;

    for (i = 0; code && i < FORUM_MAIL__COUNT; i++)
        if (!strcmp(code, forum_mail_codes[i]))
            *m = (enum forum_mail)i;
}

enum db_rc forum_store_watched(struct db *db, struct arena *a, long long user_id,
                               enum forum_mail *m, struct forum_watched **threads,
                               size_t *n_threads, struct community **communities,
                               size_t *n_communities)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_WATCHED], "lll", user_id, user_id, user_id);

    *m = FORUM_MAIL_NOW;
    *n_threads = *n_communities = 0;
    *threads = arena_alloc(a, FORUM_WATCHED_MAX * sizeof(**threads));
    *communities = arena_alloc(a, FORUM_WATCHED_MAX * sizeof(**communities));
    if (rc != DB_OK)
        return rc;
    for (;;) {
        long long id = 0;
        int kind = 0;
        char *s1 = NULL, *s2 = NULL, *s3 = NULL;

        rc = db_row_next(st, a, "ilsss", &kind, &id, &s1, &s2, &s3);
        if (rc != DB_OK)
            break;
        if (kind == 0) {
            mail_of(s1, m);
        } else if (kind == 1 && *n_threads < FORUM_WATCHED_MAX) {
            struct forum_watched *t = &(*threads)[(*n_threads)++];

            t->thread_id = id;
            t->title = s1 ? s1 : "";
            t->lang = s2 ? s2 : "";
        } else if (kind == 2 && *n_communities < FORUM_WATCHED_MAX) {
            struct community *c = &(*communities)[(*n_communities)++];

            memset(c, 0, sizeof(*c));
            c->id = (int)id;
            c->slug = s1 ? s1 : "";
            c->name[LANG_CY] = s2 ? s2 : "";
            c->name[LANG_EN] = s3 ? s3 : "";
        }
    }
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc forum_store_mail_get(struct db *db, long long user_id, enum forum_mail *m)
{
    struct db_stmt *st = NULL;
    char code[8] = "now";
    char *s = code;
    struct arena a;
    enum db_rc rc = db_query(db, &st, sql[SQL_MAIL_GET], "l", user_id);

    *m = FORUM_MAIL_NOW;
    if (rc != DB_OK)
        return rc;
    arena_init(&a, 0);
    rc = db_row_next(st, &a, "s", &s);
    db_done(st);
    if (rc == DB_OK)
        mail_of(s, m);
    arena_release(&a);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

enum db_rc forum_store_mail_set(struct db *db, long long user_id, enum forum_mail m)
{
    const char *code = forum_mail_codes[m];
    enum forum_mail was;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        return rc;
    rc = forum_store_mail_get(db, user_id, &was);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_MAIL_SET], "ls", user_id, code);
    if (rc == DB_OK && was != m) /* what waits goes at the new choice's time */
        rc = db_exec(db, sql[SQL_MAIL_MOVE], "itl", (int)m, forum_digest_next(time(NULL)), user_id);
    if (rc == DB_OK && (rc = db_commit(db)) == DB_OK)
        persongen_touch(user_id); /* their settings page: an e-mailed link is no post of theirs */
    db_rollback(db);
    return rc;
}
