/*
 * cli: the forums' demo data for `dysgu seed-demo` (after the demo
 * accounts): a few threads in Welsh and English, one in both, and one
 * report waiting for the moderator. Idempotent: nothing is added when the
 * first demo thread is there already. And `dysgu refold-posts`: the search
 * fold of posts written before migration 0019.
 */
#include <stdio.h>

#include "communities/communities.h"
#include "core/arena.h"
#include "enrol/enrol.h"

struct demo_post {
    const char *email, *lang, *body;
};

static const struct demo_thread {
    const char *community, *email, *title, *lang;
    struct demo_post posts[3];
} demo[] = {
    { "building-bilingual-services",
      "learner@dysgu.example",
      "Sut ydych chi'n profi ffurflenni gyda siaradwyr Cymraeg?",
      "cy",
      { { "learner@dysgu.example", "cy",
          "Rydyn ni'n ailgynllunio ffurflen gais. Sut ydych chi'n dod o hyd i **siaradwyr "
          "Cymraeg** i'w phrofi?" },
        { "trainer@dysgu.example", "cy",
          "Mae'r panel ymchwil lleol wedi bod yn dda i ni. Gofynnwch ar y dechrau pa iaith sydd "
          "orau gan bobl, a pheidiwch â chyfieithu ar y pryd." },
        { NULL, NULL, NULL } } },
    { "content-design",
      "trainer@dysgu.example",
      "Plain language in both languages",
      "en",
      { { "trainer@dysgu.example", "en",
          "What checks do you run before publishing content in Welsh and English? We use "
          "[the style guide](https://www.gov.wales) and a second reader." },
        { "learner@dysgu.example", "cy",
          "Rydyn ni'n ysgrifennu'r ddwy fersiwn gyda'n gilydd yn hytrach na chyfieithu ar y "
          "diwedd: mae'n arbed amser." },
        { "trainer@dysgu.example", "en",
          "Thanks. Trio writing works well for us too: content designer, subject expert and "
          "translator in one session." } } },
    { "user-research",
      "learner@dysgu.example",
      "Recruiting participants outside Cardiff",
      "en",
      { { "learner@dysgu.example", "en",
          "Any tips for recruiting research participants in rural areas? Buy cheap followers "
          "here!!! http://example.com" },
        { NULL, NULL, NULL },
        { NULL, NULL, NULL } } },
};

#define N_DEMO (sizeof(demo) / sizeof(demo[0]))

/* The demo account's id (0: none). */
static long long user_by_email(struct db *db, const char *email)
{
    long long id = 0;

    return enrol_store_user_by_email(db, email, &id) == DB_OK ? id : 0;
}

/* d's thread and its posts: 0 with *post the last post's id, or -1. */
static int seed_thread(struct db *db, struct arena *a, const struct demo_thread *d, long long *post)
{
    struct community c;
    struct forum_thread t;
    long long author = user_by_email(db, d->email), id;
    struct forum_post *first;
    size_t n;
    int more;
    size_t i;

    if (!author || community_store_by_slug(db, a, d->community, &c) != DB_OK)
        return -1;
    for (i = 0; i < 3 && d->posts[i].email; i++)
        if (forum_store_join(db, c.id, user_by_email(db, d->posts[i].email)) != DB_OK)
            return -1;
    /* published: the demo people are established members (no review) */
    if (forum_store_new_thread(db, NULL, c.id, author, d->title, d->posts[0].body, d->lang, 0,
                               &id) != DB_OK ||
        forum_store_thread(db, a, id, &t) != DB_OK ||
        forum_store_posts(db, a, id, 0, 0, 0, &first, &n, &more) != DB_OK || n == 0)
        return -1;
    *post = first[0].id;
    for (i = 1; i < 3 && d->posts[i].email; i++)
        if (forum_store_reply(db, NULL, &t, user_by_email(db, d->posts[i].email), d->posts[i].body,
                              d->posts[i].lang, 0, post) != DB_OK)
            return -1;
    return 0;
}

int communities_cli_seed(struct db *db)
{
    struct arena a;
    long long post = 0, thread = 0, have = 0;
    size_t i;
    int rc = forum_store_thread_by_title(db, demo[0].title, &have);

    if (rc != DB_NOT_FOUND)
        return rc == DB_OK ? 0 : -1; /* seeded already, or no database */
    rc = 0;
    arena_init(&a, 0);
    for (i = 0; i < N_DEMO && rc == 0; i++)
        rc = seed_thread(db, &a, &demo[i], &post);
    /* the spam in the last thread, reported and waiting for the moderator */
    if (rc == 0)
        rc = forum_store_report(db, post, user_by_email(db, "trainer@dysgu.example"),
                                "Hysbyseb, nid cwestiwn", &thread) == DB_OK
                 ? 0
                 : -1;
    arena_release(&a);
    fprintf(stderr, "communities: %s\n", rc ? "demo forums NOT seeded" : "demo forums seeded");
    return rc;
}

int communities_cli_refold(struct db *db, const struct welshfold *wf)
{
    long long after = 0, total = 0;
    size_t n = 0;
    enum db_rc rc;

    while ((rc = forum_store_refold(db, wf, after, &after, &n)) == DB_OK)
        total += (long long)n;
    if (rc != DB_NOT_FOUND) {
        fprintf(stderr, "dysgu: re-folding posts after %lld: %s\n", after, db_rc_name(rc));
        return 1;
    }
    fprintf(stdout, "%lld posts re-folded\n", total);
    return 0;
}
