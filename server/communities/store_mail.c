/*
 * store_mail: the forums' notifications due to be e-mailed
 * (forum_notifications.mail_after, migrations/0041_forum_watch.sql). Two
 * workers never mail one notification twice: a claim clears each row's
 * mail_after by its id only when it is still set (the UPDATE reads the row
 * as it is, waiting for the other worker's transaction), in id order, so
 * the second worker finds nothing left. No other lock is held: a new post
 * notifying the same reader meanwhile waits at most for the claim's
 * commit, and never holds what the claim waits for.
 */
#include <string.h>
#include <time.h>

#include "communities/communities.h"
#include "core/arena.h"

enum mail_sql {
    SQL_DUE,
    SQL_READER,
    SQL_ANY_DUE,
    SQL_ITEMS_DUE,
    SQL_ITEMS_ALL,
    SQL_CLAIM,
    SQL_CLAIM_ALL,
    SQL_DIGESTED,
    SQL_POSTPONE,
    SQL_DIGEST_SENT,
    SQL_MAIL__MAX,
};

#define ITEM_COLS                                                                                  \
    "SELECT n.id, n.post_id, p.thread_id, n.mention, t.title, t.lang, u.name, "                    \
    "IF(p.deleted = 0 AND p.hidden = 0 AND t.hidden = 0, p.body, NULL), n.review, "                \
    "p.review_reason FROM forum_notifications n JOIN forum_posts p ON p.id = n.post_id "           \
    "JOIN forum_threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id "
#define ITEM_SIG "lllbssssis"

static const char *const sql[SQL_MAIL__MAX] = {
    [SQL_DUE] = "SELECT DISTINCT user_id FROM forum_notifications "
                "WHERE mail_after <= UTC_TIMESTAMP() LIMIT ?",
    [SQL_READER] = "SELECT u.id, u.name, u.email, u.lang, u.disabled, COALESCE(s.mail, 'now') "
                   "FROM users u LEFT JOIN forum_mail_settings s ON s.user_id = u.id "
                   "WHERE u.id = ?",
    [SQL_ANY_DUE] = "SELECT COUNT(*) FROM forum_notifications WHERE user_id = ? "
                    "AND mail_after <= UTC_TIMESTAMP()",
    [SQL_ITEMS_DUE] = ITEM_COLS "WHERE n.user_id = ? AND n.mail_after <= UTC_TIMESTAMP() "
                                "ORDER BY n.id LIMIT 20",
    [SQL_ITEMS_ALL] = ITEM_COLS "WHERE n.user_id = ? AND n.mail_after IS NOT NULL "
                                "ORDER BY n.id LIMIT 30",
    [SQL_CLAIM] = "UPDATE forum_notifications SET mail_after = NULL WHERE id = ? "
                  "AND mail_after IS NOT NULL",
    [SQL_CLAIM_ALL] = "UPDATE forum_notifications SET mail_after = NULL WHERE user_id = ? "
                      "AND mail_after IS NOT NULL",
    /* a digest since the last digest hour (forum_digests: only claims touch it) */
    [SQL_DIGESTED] = "SELECT COUNT(*) FROM forum_digests WHERE user_id = ? AND last_at >= ?",
    [SQL_POSTPONE] = "UPDATE forum_notifications SET mail_after = ? WHERE user_id = ? "
                     "AND mail_after IS NOT NULL",
    [SQL_DIGEST_SENT] = "INSERT INTO forum_digests (user_id, last_at) VALUES (?, UTC_TIMESTAMP()) "
                        "ON DUPLICATE KEY UPDATE last_at = VALUES(last_at)",
};

_Static_assert(FORUM_MAIL_BATCH == 20 && FORUM_DIGEST_MAX == 30, "the LIMITs above");

enum db_rc forum_store_mail_due(struct db *db, long long *users, size_t max, size_t *n)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_DUE], "i", (int)max);

    *n = 0;
    if (rc != DB_OK)
        return rc;
    while (*n < max && (rc = db_row_next(st, NULL, "l", &users[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    return rc == DB_NOT_FOUND || rc == DB_OK ? DB_OK : rc;
}

static enum db_rc reader_row(struct db *db, struct arena *a, long long user_id,
                             struct forum_mail_reader *r)
{
    struct db_stmt *st = NULL;
    char *mail = NULL;
    int i;
    enum db_rc rc = db_query(db, &st, sql[SQL_READER], "l", user_id);

    memset(r, 0, sizeof(*r));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lsssbs", &r->id, &r->name, &r->email, &r->lang, &r->disabled, &mail);
    db_done(st);
    r->mail = FORUM_MAIL_NOW;
    for (i = 0; rc == DB_OK && mail && i < FORUM_MAIL__COUNT; i++)
        if (!strcmp(mail, forum_mail_codes[i]))
            r->mail = (enum forum_mail)i;
    return rc;
}

static long long count(struct db *db, const char *q, long long user_id, enum db_rc *rc)
{
    struct db_stmt *st = NULL;
    long long n = 0;

    *rc = db_query(db, &st, q, "l", user_id);
    if (*rc != DB_OK)
        return 0;
    *rc = db_row_next(st, NULL, "l", &n);
    db_done(st);
    return n;
}

/* The rows of q for user_id, each claimed: those still unclaimed into items. */
static enum db_rc claim_items(struct db *db, struct arena *a, const char *q, long long user_id,
                              size_t max, struct forum_mail_item **items, size_t *n)
{
    struct db_stmt *st = NULL;
    struct forum_mail_item *v = arena_alloc(a, max * sizeof(*v));
    long long *ids = arena_alloc(a, max * sizeof(*ids));
    size_t i, got = 0;
    enum db_rc rc = db_query(db, &st, q, "l", user_id);

    *items = v;
    *n = 0;
    if (rc != DB_OK)
        return rc;
    while (got < max) {
        memset(&v[got], 0, sizeof(v[got]));
        rc = db_row_next(st, a, ITEM_SIG, &ids[got], &v[got].post_id, &v[got].thread_id,
                         &v[got].mention, &v[got].title, &v[got].thread_lang, &v[got].author,
                         &v[got].body, &v[got].review, &v[got].reason);
        if (rc != DB_OK)
            break;
        got++;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    for (i = 0, rc = DB_OK; i < got && rc == DB_OK; i++) {
        rc = db_exec(db, sql[SQL_CLAIM], "l", ids[i]);
        if (rc == DB_OK && db_affected_rows(db) == 1)
            v[(*n)++] = v[i];
    }
    return rc;
}

/* A daily reader's digest: at most one since the last digest hour (else
 * all moved to the next, nothing returned), noted as sent. */
static enum db_rc claim_digest(struct db *db, struct arena *a, long long user_id,
                               struct forum_mail_item **items, size_t *n, long long *more)
{
    struct db_stmt *st = NULL;
    time_t now = time(NULL);
    long long sent = 0;
    enum db_rc rc = db_query(db, &st, sql[SQL_DIGESTED], "lt", user_id, forum_digest_last(now));

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", &sent);
    db_done(st);
    if (rc == DB_OK && sent) /* once a day: the rest waits for the next hour */
        return db_exec(db, sql[SQL_POSTPONE], "tl", forum_digest_next(now), user_id);
    if (rc == DB_OK)
        rc = claim_items(db, a, sql[SQL_ITEMS_ALL], user_id, FORUM_DIGEST_MAX, items, n);
    if (rc == DB_OK) /* the rest: counted in the digest */
        rc = db_exec(db, sql[SQL_CLAIM_ALL], "l", user_id);
    if (rc == DB_OK)
        *more = (long long)db_affected_rows(db);
    if (rc == DB_OK)
        rc = db_exec(db, sql[SQL_DIGEST_SENT], "l", user_id);
    return rc;
}

enum db_rc forum_store_mail_claim(struct db *db, struct arena *a, long long user_id,
                                  struct forum_mail_reader *reader, struct forum_mail_item **items,
                                  size_t *n, long long *more)
{
    enum db_rc rc = reader_row(db, a, user_id, reader);

    *items = NULL;
    *n = 0;
    *more = 0;
    if (rc == DB_OK && count(db, sql[SQL_ANY_DUE], user_id, &rc) == 0 && rc == DB_OK)
        rc = DB_NOT_FOUND;
    if (rc != DB_OK)
        return rc;
    if (reader->mail == FORUM_MAIL_NOW && !reader->disabled)
        return claim_items(db, a, sql[SQL_ITEMS_DUE], user_id, FORUM_MAIL_BATCH, items, n);
    if (reader->mail == FORUM_MAIL_DAILY && !reader->disabled)
        return claim_digest(db, a, user_id, items, n, more);
    return db_exec(db, sql[SQL_CLAIM_ALL], "l", user_id); /* off or disabled: dropped */
}
