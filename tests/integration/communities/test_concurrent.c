/*
 * REPLIES AT ONCE: 64 members reply to one thread at the same instant (64
 * threads, HTTP) while a reader walks the thread page by page (?after=) over
 * and over (as its starter: each page as it is now, not a kept copy). Afterwards:
 *   - every reply was taken (303), nobody saw a 5xx;
 *   - the counters kept in the posting transaction equal the rows: the
 *     thread's post_count, its last_post_at, each member's post_count;
 *   - the thread's starter, who watches it, has exactly one notification per
 *     reply and an unread count of 64;
 *   - every walk, during the posting and after it, saw each post at most
 *     once and in order, and the walk after it sees all 65.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define REPLIERS  64
#define MAX_POSTS 256

static struct server srv;
static struct fx_session opener, repliers[REPLIERS];
static long long community_id, thread_id;
static atomic_int n_5xx, n_taken, posting_done, bad_walks, walks;

static int start(void)
{
    static const char *const member = "INSERT INTO community_members (community_id, user_id, "
                                      "post_count) VALUES (?, ?, 20)";
    char name[48];
    int i;

    if (fx_init())
        return -1;
    community_id = fx_num_s("SELECT id FROM communities WHERE slug = ?", "content-design");
    /* the opener takes no e-mail: 64 mails would queue in the shared outbox */
    if (community_id <= 0 || fx_sign_in(fx_user(fx_name("Agorwr"), "learner"), &opener) ||
        db_exec(fx_dbh, member, "ll", community_id, opener.user_id) != DB_OK ||
        db_exec(fx_dbh, "INSERT INTO forum_mail_settings (user_id, mail) VALUES (?, 'off')", "l",
                opener.user_id) != DB_OK)
        return -1;
    for (i = 0; i < REPLIERS; i++) {
        snprintf(name, sizeof(name), "Atebwr %d", i);
        if (fx_sign_in(fx_user(fx_name(name), "learner"), &repliers[i]) ||
            db_exec(fx_dbh, member, "ll", community_id, repliers[i].user_id) != DB_OK)
            return -1;
    }
    return server_start(&srv, HARNESS_ENV_NO_REVIEW);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* The post ids of one page of the thread, in the order shown; the number. */
static int page_ids(const struct http_resp *r, long long *ids, int max)
{
    const char *p = r->body;
    int n = 0;

    while (p && n < max && (p = strstr(p, "id=\"post-")) != NULL) {
        p += 9;
        ids[n++] = atoll(p);
    }
    return n;
}

/* Walk the thread from its first page by ?after= the last post shown: 1
 * when every post came once and in order; the posts seen in *seen. */
static int walk(int *seen)
{
    long long ids[64], last = 0;
    char path[96];
    int n, i, ok = 1, pages = 0;

    *seen = 0;
    for (;;) {
        struct http_resp r;

        if (last)
            snprintf(path, sizeof(path), "/en/threads/%lld?after=%lld", thread_id, last);
        else
            snprintf(path, sizeof(path), "/en/threads/%lld", thread_id);
        r = http_get_as(&srv, path, &opener); /* its starter: never a kept copy */
        if (r.status >= 500 || r.status == 0)
            atomic_fetch_add(&n_5xx, 1);
        n = r.status == 200 ? page_ids(&r, ids, 64) : 0;
        http_resp_free(&r);
        for (i = 0; i < n; i++) {
            if (ids[i] <= last)
                ok = 0; /* shown twice, or out of order */
            last = ids[i];
        }
        *seen += n;
        if (n == 0 || ++pages > MAX_POSTS)
            break;
    }
    return ok;
}

static void *walker(void *arg)
{
    int seen;

    (void)arg;
    while (!atomic_load(&posting_done)) {
        if (!walk(&seen))
            atomic_fetch_add(&bad_walks, 1);
        atomic_fetch_add(&walks, 1);
    }
    return NULL;
}

struct job {
    const struct fx_session *s;
    int i;
    pthread_barrier_t *start;
};

static void *reply_job(void *arg)
{
    struct job *j = arg;
    char path[96], form[96]; /* fx_mem is not for threads */
    struct http_resp r;

    snprintf(path, sizeof(path), "/%s/threads/%lld/posts", j->i % 2 ? "en" : "cy", thread_id);
    snprintf(form, sizeof(form), "body=Ateb+%d&lang=%s", j->i, j->i % 2 ? "en" : "cy");
    pthread_barrier_wait(j->start);
    r = http_post_as(&srv, path, j->s, form);
    if (r.status == 303)
        atomic_fetch_add(&n_taken, 1);
    else if (r.status >= 500 || r.status == 0)
        atomic_fetch_add(&n_5xx, 1);
    http_resp_free(&r);
    return NULL;
}

static void replies__64_at_once_counters_and_pages_hold(void)
{
    static struct job jobs[REPLIERS];
    pthread_t th[REPLIERS], walk_th;
    pthread_barrier_t barrier;
    struct http_resp r;
    const char *at;
    char *loc;
    int i, seen = 0;

    r = http_post_as(&srv, "/cy/communities/content-design/threads", &opener,
                     "title=Atebion+ar+unwaith&body=Pwy+sydd+yma%3F&lang=cy");
    CU_ASSERT_EQUAL_FATAL(r.status, 303);
    loc = http_header(&r, "Location");
    thread_id = loc && (at = strstr(loc, "/threads/")) ? atoll(at + 9) : 0;
    free(loc);
    http_resp_free(&r);
    CU_ASSERT_FATAL(thread_id > 0);

    CU_ASSERT_FATAL(pthread_create(&walk_th, NULL, walker, NULL) == 0);
    pthread_barrier_init(&barrier, NULL, REPLIERS);
    for (i = 0; i < REPLIERS; i++) {
        jobs[i] = (struct job){ .s = &repliers[i], .i = i, .start = &barrier };
        CU_ASSERT_FATAL(pthread_create(&th[i], NULL, reply_job, &jobs[i]) == 0);
    }
    for (i = 0; i < REPLIERS; i++)
        pthread_join(th[i], NULL);
    atomic_store(&posting_done, 1);
    pthread_join(walk_th, NULL);
    pthread_barrier_destroy(&barrier);

    CU_ASSERT_EQUAL(n_taken, REPLIERS);
    CU_ASSERT_EQUAL(n_5xx, 0);
    CU_ASSERT(walks > 0);
    CU_ASSERT_EQUAL(bad_walks, 0);
    /* the counters kept with the posts equal the rows */
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_posts WHERE thread_id = ?", thread_id),
                    REPLIERS + 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT post_count FROM forum_threads WHERE id = ?", thread_id),
                    REPLIERS + 1);
    CU_ASSERT_EQUAL(fx_num_l("SELECT COUNT(*) FROM forum_threads t WHERE t.id = ? AND "
                             "t.last_post_at >= (SELECT MAX(created_at) FROM forum_posts p "
                             "WHERE p.thread_id = t.id)",
                             thread_id),
                    1);
    /* each of the 65 authors (members with 20 posts before) has one more post */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM (SELECT author_id, COUNT(*) AS n FROM "
                              "forum_posts WHERE thread_id = ? GROUP BY author_id) p "
                              "JOIN community_members m ON m.user_id = p.author_id "
                              "AND m.community_id = ? WHERE m.post_count = 20 + p.n",
                              thread_id, community_id),
                    REPLIERS + 1);
    /* the starter watches it: one notification a reply, and the count */
    CU_ASSERT_EQUAL(fx_num_ll("SELECT COUNT(*) FROM forum_notifications n JOIN forum_posts p ON "
                              "p.id = n.post_id WHERE n.user_id = ? AND p.thread_id = ?",
                              opener.user_id, thread_id),
                    REPLIERS);
    CU_ASSERT_EQUAL(fx_num_l("SELECT unread FROM forum_unread WHERE user_id = ?", opener.user_id),
                    REPLIERS);
    /* and a walk now sees every post once, in order */
    CU_ASSERT(walk(&seen));
    CU_ASSERT_EQUAL(seen, REPLIERS + 1);
}

static void replies__log_has_no_errors(void)
{
    CU_ASSERT(server_log_clean(&srv));
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "replies__64_at_once_counters_and_pages_hold",
          replies__64_at_once_counters_and_pages_hold },
        { "replies__log_has_no_errors", replies__log_has_no_errors },
        { NULL, NULL },
    };
    test_add_suite_with("integration/communities/concurrent", cases, start, stop);
}
